package nn

import (
	"math"
	"testing"
)

// TestErfcLogPortable: Erfc and Log give the bits of Go's pure code (here
// taken from math.Erfc and math.Log compiled for 386, which has no assembly
// for them). At these inputs amd64's math.Erfc, through its assembly
// math.Exp, is one ulp off.
func TestErfcLogPortable(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		bits uint64
	}{
		{1.25001, 0x3fb3bca985495374},
		{1.2500338, 0x3fb3bc4b155e5910},
		{1.2500525, 0x3fb3bc00e3037ce0},
	} {
		if got := Erfc(tc.x); math.Float64bits(got) != tc.bits {
			t.Errorf("Erfc(%v) = %x, want %x", tc.x, math.Float64bits(got), tc.bits)
		}
	}
	for _, tc := range []struct {
		x    float64
		bits uint64
	}{
		{0.3, 0xbff34378fcbda721},
		{2.5, 0x3fed5240f0e0e078},
		{1e-300, 0xc085963447f87fb5},
		{123456.789, 0x40277281cad8a844},
	} {
		if got := Log(tc.x); math.Float64bits(got) != tc.bits {
			t.Errorf("Log(%v) = %x, want %x", tc.x, math.Float64bits(got), tc.bits)
		}
	}
	// Against the library elsewhere: within an ulp or two.
	for _, x := range []float64{-3, -0.5, 0, 0.2, 0.9, 1.7, 3.3, 6, 27} {
		if d := math.Abs(Erfc(x) - math.Erfc(x)); d > 4e-16*math.Max(1, math.Erfc(x)) {
			t.Errorf("Erfc(%v) = %v, math.Erfc %v", x, Erfc(x), math.Erfc(x))
		}
	}
	if Log10(1000) != 2.9999999999999996 && Log10(1000) != 3 {
		t.Errorf("Log10(1000) = %v", Log10(1000))
	}
	if !math.IsNaN(Log(-1)) || !math.IsInf(Log(0), -1) || !math.IsInf(Log(math.Inf(1)), 1) || Erfc(math.Inf(1)) != 0 || Erfc(math.Inf(-1)) != 2 || !math.IsNaN(Erfc(math.NaN())) {
		t.Error("special values")
	}
}
