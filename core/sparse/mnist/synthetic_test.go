package mnist

import (
	"math/rand/v2"
	"testing"
)

// TestSynthetic: image e has label e mod 10, its bright pixels lie in one
// box of at most 7×7 and fill most of it (the border may cut the rightmost
// class to 6×7 and specks may land on it), and the same generator state
// gives the same images.
func TestSynthetic(t *testing.T) {
	s := Synthetic(40, rand.New(rand.NewPCG(1, 2)))
	if s.Len() != 40 {
		t.Fatalf("%d images", s.Len())
	}
	for e := 0; e < s.Len(); e++ {
		if s.Label(e) != e%Classes {
			t.Fatalf("image %d has label %d", e, s.Label(e))
		}
		bright, y0, x0, y1, x1 := 0, Rows, Cols, -1, -1
		for k, p := range s.Raw(e) {
			if p >= 180 {
				bright++
				y, x := k/Cols, k%Cols
				y0, x0, y1, x1 = min(y0, y), min(x0, x), max(y1, y), max(x1, x)
			}
		}
		if bright < 35 || y1-y0 >= 7 || x1-x0 >= 7 {
			t.Errorf("image %d: %d bright pixels in rows %d–%d, columns %d–%d; want most of one 7×7 square", e, bright, y0, y1, x0, x1)
		}
	}
	again := Synthetic(40, rand.New(rand.NewPCG(1, 2)))
	if string(again.Pixels) != string(s.Pixels) {
		t.Error("the same generator state gave other images")
	}
}
