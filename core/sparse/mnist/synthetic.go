package mnist

import (
	"bytes"
	"math/rand/v2"
)

// Synthetic returns n easy "digits" drawn from r, for tests and examples that
// must not depend on the MNIST files: image e has class e mod 10, drawn as a
// bright 7×7 square (values 180–255) at a place of its own for each class,
// jittered by up to two pixels, with 30 faint random specks (values below
// 60) elsewhere. A model that learns anything separates them.
func Synthetic(n int, r *rand.Rand) *Set {
	s := &Set{Pixels: make([]byte, n*Pixels), Labels: make([]byte, n)}
	for e := 0; e < n; e++ {
		c := e % Classes
		s.Labels[e] = byte(c)
		img := s.Pixels[e*Pixels : (e+1)*Pixels]
		r0, c0 := 2+(c/5)*12+r.IntN(3), 1+(c%5)*5+r.IntN(2)
		for y := r0; y < r0+7 && y < Rows; y++ {
			for x := c0; x < c0+7 && x < Cols; x++ {
				img[y*Cols+x] = byte(180 + r.IntN(76))
			}
		}
		for k := 0; k < 30; k++ {
			img[r.IntN(Pixels)] = byte(r.IntN(60))
		}
	}
	return s
}

// SyntheticPacked returns ntrain training and ntest test images of
// Synthetic, drawn from r in that order, packed as Encode writes a subset
// (what the page's asset holds), for tests of the code that reads it.
func SyntheticPacked(ntrain, ntest int, r *rand.Rand) ([]byte, error) {
	train := Synthetic(ntrain, r)
	var buf bytes.Buffer
	if err := Encode(&buf, train, Synthetic(ntest, r)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
