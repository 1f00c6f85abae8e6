package sparse

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestFitLogNormalRecovers(t *testing.T) {
	for _, c := range []struct{ mu, sigma float64 }{
		{0, 1},
		{-3, 0.5},
		{-1.2, 2},
		{2, 0.1},
	} {
		rnd := rand.New(rand.NewPCG(uint64(c.sigma*1000), 1))
		x := make([]float64, 50000)
		for i := range x {
			x[i] = math.Exp(c.mu + c.sigma*rnd.NormFloat64())
		}
		mu, sigma := FitLogNormal(x)
		// Standard errors are σ/√n and σ/√(2n): about 0.005σ and 0.003σ here.
		if math.Abs(mu-c.mu) > 0.02*c.sigma || math.Abs(sigma-c.sigma) > 0.02*c.sigma {
			t.Errorf("μ=%g σ=%g: fitted μ=%.4f σ=%.4f", c.mu, c.sigma, mu, sigma)
		}
		st, _ := Weights(x, nil)
		// The KS distance of a correct fit shrinks like 1/√n (≈ 0.004 typical
		// here); a normal fit to a skewed sample stays far off.
		if st.LogNormal.KS > 0.015 {
			t.Errorf("μ=%g σ=%g: KS of the lognormal fit %.4f", c.mu, c.sigma, st.LogNormal.KS)
		}
		if c.sigma >= 0.5 && st.Normal.KS < 0.05 {
			t.Errorf("μ=%g σ=%g: KS of the normal fit %.4f, want a clearly worse fit", c.mu, c.sigma, st.Normal.KS)
		}
	}
	if mu, sigma := FitLogNormal([]float64{0, -1}); !math.IsNaN(mu) || !math.IsNaN(sigma) {
		t.Errorf("fit of no positive values = %g, %g, want NaN", mu, sigma)
	}
}

func TestFitNormal(t *testing.T) {
	m, sd := FitNormal([]float64{1, 2, 3, 4})
	if m != 2.5 || math.Abs(sd-math.Sqrt(1.25)) > 1e-15 {
		t.Errorf("FitNormal = %g, %g, want 2.5, √1.25", m, sd)
	}
}

func TestKS(t *testing.T) {
	uniform := func(x float64) float64 { return min(max(x, 0), 1) }
	for _, c := range []struct {
		name   string
		sample []float64
		cdf    func(float64) float64
		want   float64
	}{
		{"one point at the median", []float64{0.5}, uniform, 0.5},
		{"two quartiles", []float64{0.25, 0.75}, uniform, 0.25},
		{"bunched low", []float64{0.1, 0.2, 0.3}, uniform, 0.7},
		{"ties", []float64{0.5, 0.5}, uniform, 0.5},
		{"perfect grid", []float64{0.125, 0.375, 0.625, 0.875}, uniform, 0.125},
		{"all below the support", []float64{-1, -0.5}, uniform, 1},
		{"normal median", []float64{0}, func(x float64) float64 { return NormalCDF(x, 0, 1) }, 0.5},
		{"empty", nil, uniform, math.NaN()},
	} {
		got := KS(c.sample, c.cdf)
		if !(math.Abs(got-c.want) < 1e-12 || math.IsNaN(got) && math.IsNaN(c.want)) {
			t.Errorf("%s: KS = %g, want %g", c.name, got, c.want)
		}
	}
}

func TestSignConsistency(t *testing.T) {
	// Three presynaptic units (columns) projecting to four postsynaptic ones.
	w := []float64{
		1, -1, 0,
		2, 1, 0,
		0.5, -2, 0,
		3, -1, 0,
	}
	got := SignConsistency(nil, w, 4, 3)
	want := []float64{1, 0.75, math.NaN()}
	for i := range want {
		if !(got[i] == want[i] || math.IsNaN(got[i]) && math.IsNaN(want[i])) {
			t.Errorf("unit %d: consistency %g, want %g", i, got[i], want[i])
		}
	}
	d := DaleOf(Layer{Name: "test", Post: 4, Pre: 3, W: w})
	if d.Units != 2 || d.Mean != 0.875 || d.Obeying != 0.5 || d.Excitatory != 0.5 {
		t.Errorf("DaleOf = %+v, want 2 units, mean 0.875, obeying 0.5, excitatory 0.5", d)
	}
	// A balanced unit is the least consistent possible.
	if c := SignConsistency(nil, []float64{1, -1}, 2, 1); c[0] != 0.5 {
		t.Errorf("balanced unit: %g, want 0.5", c[0])
	}
}

func TestWeightStats(t *testing.T) {
	st, _ := Weights([]float64{0, 0, 0.1, -0.2, 0.3, 0}, nil)
	if st.Synapses != 6 || st.Silent != 3 || st.SilentFraction != 0.5 || st.Negative != 1 {
		t.Errorf("Weights = %+v", st)
	}
	wantMu := (math.Log(0.1) + math.Log(0.2) + math.Log(0.3)) / 3
	if math.Abs(st.LogNormal.Mu-wantMu) > 1e-12 {
		t.Errorf("lognormal μ %g, want %g (the magnitudes' log mean)", st.LogNormal.Mu, wantMu)
	}
}

func TestLogHistogram(t *testing.T) {
	rnd := rand.New(rand.NewPCG(2, 2))
	w := make([]float64, 20000)
	for i := range w {
		if i%4 != 0 {
			w[i] = math.Exp(-2 + 0.7*rnd.NormFloat64())
		}
	}
	var h Histogram
	LogHistogram(&h, w, 30)
	if h.Zeros != 5000 {
		t.Errorf("zeros %d, want 5000", h.Zeros)
	}
	var n int
	var fit float64
	for b, c := range h.Counts {
		n += c
		fit += h.Fit[b]
	}
	if n != 15000 {
		t.Errorf("binned %d weights, want 15000", n)
	}
	if math.Abs(fit-15000) > 15 { // the bins span the sample, so all but its far tails
		t.Errorf("fitted counts sum to %g, want ≈ 15000", fit)
	}
	peak := slices.Index(h.Counts, slices.Max(h.Counts))
	centre := h.Lo + (float64(peak)+0.5)*(h.Hi-h.Lo)/30
	if math.Abs(centre-(-2/math.Ln10)) > 0.15 {
		t.Errorf("histogram peaks at log10 %g, want near %g", centre, -2/math.Ln10)
	}
	// Reuse: a second call with fewer bins reuses the slices.
	LogHistogram(&h, w[:8], 5)
	if len(h.Counts) != 5 || len(h.Fit) != 5 {
		t.Errorf("reused histogram has %d/%d bins, want 5", len(h.Counts), len(h.Fit))
	}
}

func TestSparsity(t *testing.T) {
	for _, c := range []struct {
		name              string
		h                 []float64
		units             int
		active, pop, life float64
	}{
		// Two images of four units: one unit on per image, different ones.
		{"one-hot", []float64{1, 0, 0, 0, 0, 1, 0, 0}, 4, 0.25, 1, math.NaN()},
		// All units equally active: no sparseness anywhere.
		{"uniform", []float64{0.5, 0.5, 0.5, 0.5}, 2, 1, 0, 0},
		// tanh-like signed activity counts by magnitude.
		{"signed", []float64{-1, 1, 1, -1}, 2, 1, 0, 0},
	} {
		s := Sparsity(c.h, c.units)
		eq := func(a, b float64) bool { return math.Abs(a-b) < 1e-12 || math.IsNaN(a) && math.IsNaN(b) }
		if !eq(s.Active, c.active) || !eq(s.Population, c.pop) {
			t.Errorf("%s: %+v, want active %g population %g", c.name, s, c.active, c.pop)
		}
		if !math.IsNaN(c.life) && !eq(s.Lifetime, c.life) {
			t.Errorf("%s: lifetime %g, want %g", c.name, s.Lifetime, c.life)
		}
	}
	// One-hot over two images: each active unit fires on one of two images,
	// lifetime sparseness (1 − 1/2)/(1 − 1/2) = 1.
	if s := Sparsity([]float64{1, 0, 0, 0, 0, 1, 0, 0}, 4); s.Lifetime != 1 {
		t.Errorf("one-hot lifetime sparseness %g, want 1", s.Lifetime)
	}
}
