package nn

import (
	"math"
	"testing"
)

// TestSigmoidPortable: the sigmoid uses the portable exp, whose values are
// those of Go's pure code on every platform (the browser's WebAssembly
// included). At these inputs amd64's assembly math.Exp is one ulp off it,
// which changed the browser's Dopamine results against the native
// command's. The bits are exp(−x) of the pure code (math/exp.go).
func TestSigmoidPortable(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		bits uint64 // of e**-x
	}{
		{-2.999994, 0x403415ddd990e628},
		{-2.999991, 0x403415d9e6a2aadc},
		{-2.999961, 0x403415b2697f0d68},
		{-2.999958, 0x403415ae76995c67},
	} {
		e := math.Float64frombits(tc.bits)
		if got := exp(-tc.x); got != e {
			t.Errorf("exp(%v) = %x, want %x", -tc.x, math.Float64bits(got), tc.bits)
		}
		if got, want := Sigmoid.apply(tc.x), 1/(1+e); got != want {
			t.Errorf("sigmoid(%v) = %v, want %v", tc.x, got, want)
		}
	}
	// tanh through exp(2|x|) for |x| ≥ 0.625, odd, and exact at 0.
	for _, x := range []float64{0.7, 1.3, 2.4999} {
		s := exp(2 * x)
		if got, want := tanh(x), 1-2/(s+1); got != want || tanh(-x) != -want {
			t.Errorf("tanh(±%v) = %v, %v, want ±%v", x, got, tanh(-x), want)
		}
		if math.Abs(tanh(x)-math.Tanh(x)) > 1e-15 {
			t.Errorf("tanh(%v) = %v, math.Tanh %v", x, tanh(x), math.Tanh(x))
		}
	}
	if tanh(0) != 0 || tanh(100) != 1 || tanh(-100) != -1 || !math.IsNaN(exp(math.NaN())) || exp(-1000) != 0 || !math.IsInf(exp(1000), 1) {
		t.Error("special values")
	}
}
