package memory

import (
	"math"
	"testing"

	"hebbplay/core/pattern"
)

// TestAddRowMatchesPortable checks the recall kernel in use (vectorised when
// built with GOEXPERIMENT=simd on amd64) against the portable loop, bit for
// bit, at lengths around the vector and unroll widths, with values whose
// sums round (so an add done in another order or precision would show).
func TestAddRowMatchesPortable(t *testing.T) {
	r := pattern.NewRand(7)
	for _, n := range []int{0, 1, 7, 8, 9, 31, 32, 33, 63, 64, 100, 1024, 1031} {
		dst := make([]float32, n)
		row := make([]float32, n+5) // longer rows are read only up to len(dst)
		for k := range dst {
			dst[k] = float32(r.NormFloat64() * 1e3)
		}
		for k := range row {
			row[k] = float32(r.NormFloat64() * math.Exp(r.NormFloat64()*4))
		}
		for _, op := range []struct {
			name       string
			fast, slow func(dst, row []float32)
		}{{"add", addRow, addRowPortable}, {"sub", subRow, subRowPortable}} {
			a, b := append([]float32(nil), dst...), append([]float32(nil), dst...)
			op.fast(a, row)
			op.slow(b, row)
			for k := range a {
				if math.Float32bits(a[k]) != math.Float32bits(b[k]) {
					t.Fatalf("%s n=%d: element %d is %v, the portable loop gives %v", op.name, n, k, a[k], b[k])
				}
				if want := dst[k] + row[k]; op.name == "add" && b[k] != want {
					t.Fatalf("portable add n=%d: element %d is %v, want %v", n, k, b[k], want)
				}
			}
		}
	}
	t.Logf("SIMD kernel: %v", SIMD)
}
