package task

import (
	"math"
	"math/rand/v2"
	"testing"
)

// heunMackeyGlass integrates the Mackey–Glass equation independently of
// Generate: Heun's method (explicit trapezoid) with a step dt that divides τ,
// so both delayed values it needs lie on the grid; the whole trajectory is
// kept. It returns x(0), x(1), …, x(T).
func heunMackeyGlass(tau, beta, gamma, n, x0, dt float64, T int) []float64 {
	D := int(math.Round(tau / dt))
	S := int(math.Round(1 / dt))
	steps := T * S
	x := make([]float64, D+1+steps) // x[D+i] is x(i·dt), i ≥ −D
	for i := 0; i <= D; i++ {
		x[i] = x0
	}
	f := func(v, vd float64) float64 { return beta*vd/(1+math.Pow(vd, n)) - gamma*v }
	for i := 0; i < steps; i++ {
		cur := x[D+i]
		k1 := f(cur, x[i])
		k2 := f(cur+dt*k1, x[i+1])
		x[D+i+1] = cur + dt/2*(k1+k2)
	}
	out := make([]float64, T+1)
	for s := 0; s <= T; s++ {
		out[s] = x[D+s*S]
	}
	return out
}

func TestMackeyGlassAgainstIndependentIntegrator(t *testing.T) {
	mg := DefaultMackeyGlass()
	mg.Transient = 0
	const T = 300
	got := mg.Generate(nil, T+1)
	want := heunMackeyGlass(17, 0.2, 0.1, 10, 1.2, 0.0005, T)
	for _, tc := range []struct {
		upTo int
		tol  float64
	}{
		// The two agree to about 1e-7 (largest near t = 2τ = 34, where the
		// jump of x′ at t = 0 has propagated into x‴), and chaos has not yet
		// amplified the difference by t = 300 (largest Lyapunov exponent of
		// order 0.01 per time unit, Farmer 1982). Interpolating the delay
		// across t = 0 with the centred stencil gave 1.4e-5 here.
		{100, 1e-6},
		{300, 1e-6},
	} {
		var worst float64
		var at int
		for s := 0; s <= tc.upTo; s++ {
			if e := math.Abs(got[s] - want[s]); e > worst {
				worst, at = e, s
			}
		}
		if worst > tc.tol {
			t.Errorf("t ≤ %d: |RK4 − Heun| = %.3g at t = %d (%v vs %v), want ≤ %g", tc.upTo, worst, at, got[at], want[at], tc.tol)
		}
	}
	// Spot values, as computed by the independent integrator.
	for _, s := range []int{0, 1, 17, 18, 100, 250} {
		t.Logf("x(%d) = %.8f (RK4 dt 0.1), %.8f (Heun dt 0.0005)", s, got[s], want[s])
	}
}

func TestMackeyGlassFixedPoint(t *testing.T) {
	// With β/γ = 2 and n = 10 the equilibrium solves 1 + x^10 = 2, so x* = 1:
	// a constant history at 1 must stay there.
	mg := DefaultMackeyGlass()
	mg.X0 = 1
	mg.Transient = 0
	for s, v := range mg.Generate(nil, 200) {
		if math.Abs(v-1) > 1e-12 {
			t.Fatalf("x(%d) = %v, want the fixed point 1", s, v)
		}
	}
}

func TestMackeyGlassRange(t *testing.T) {
	// On the τ = 17 attractor the series stays roughly within [0.2, 1.4]
	// (e.g. Farmer 1982, fig. 1) and keeps oscillating (chaos, not a fixed point
	// or a decay).
	raw := DefaultMackeyGlass().Generate(nil, 2000)
	lo, hi := raw[0], raw[0]
	for _, v := range raw {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if lo < 0.2 || hi > 1.4 || hi-lo < 0.9 {
		t.Errorf("raw range [%v, %v], want within [0.2, 1.4] and wider than 0.9", lo, hi)
	}
	scaled, slo, shi := ScaleToUnit(nil, raw)
	if slo != lo || shi != hi {
		t.Errorf("ScaleToUnit bounds [%v, %v], want [%v, %v]", slo, shi, lo, hi)
	}
	mn, mx := scaled[0], scaled[0]
	for _, v := range scaled {
		mn, mx = math.Min(mn, v), math.Max(mx, v)
	}
	if mn != -1 || mx != 1 {
		t.Errorf("scaled range [%v, %v], want [−1, 1]", mn, mx)
	}
	// Not periodic with a short period: the second half differs from the first.
	var diff float64
	for i := 0; i < 1000; i++ {
		diff = math.Max(diff, math.Abs(raw[i]-raw[i+1000]))
	}
	if diff < 0.1 {
		t.Errorf("series repeats after 1000 samples (max difference %v)", diff)
	}
}

func TestMackeyGlassValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*MackeyGlass)
		ok   bool
	}{
		{"default", func(*MackeyGlass) {}, true},
		{"dt does not divide tau", func(m *MackeyGlass) { m.Dt = 0.3 }, false},
		{"dt does not divide 1", func(m *MackeyGlass) { m.Dt = 0.17; m.Tau = 17 }, false},
		{"zero dt", func(m *MackeyGlass) { m.Dt = 0 }, false},
		{"negative transient", func(m *MackeyGlass) { m.Transient = -1 }, false},
		{"NaN beta", func(m *MackeyGlass) { m.Beta = math.NaN() }, false},
		{"fine dt", func(m *MackeyGlass) { m.Dt = 0.01 }, true},
	} {
		mg := DefaultMackeyGlass()
		tc.edit(&mg)
		if err := mg.Validate(); (err == nil) != tc.ok {
			t.Errorf("%s: Validate() = %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}

func TestNRMSE(t *testing.T) {
	truth := []float64{1, 2, 3, 4}
	if got := NRMSE(truth, truth); got != 0 {
		t.Errorf("perfect prediction NRMSE %v, want 0", got)
	}
	mean := []float64{2.5, 2.5, 2.5, 2.5}
	if got := NRMSE(mean, truth); math.Abs(got-1) > 1e-15 {
		t.Errorf("mean prediction NRMSE %v, want 1", got)
	}
	// Errors ±1 against a population std of √1.25.
	pred := []float64{2, 1, 4, 3}
	if got, want := NRMSE(pred, truth), 1/math.Sqrt(1.25); math.Abs(got-want) > 1e-15 {
		t.Errorf("NRMSE %v, want %v", got, want)
	}
}

func TestSeriesViews(t *testing.T) {
	s, err := NewSeries(5, SeriesConfig{MG: DefaultMackeyGlass(), Train: 100, Test: 50, Washout: 10})
	if err != nil {
		t.Fatal(err)
	}
	w := make([]float64, s.Dim())
	s.Init(w, rand.New(rand.NewPCG(1, 1)))
	one := s.OneStep(nil, w)
	if len(one) != 149 {
		t.Fatalf("one-step predictions %d, want 149", len(one))
	}
	fc := s.Forecast(nil, w, 60)
	if len(fc) != 60 || len(s.Truth(60)) != 50 {
		t.Fatalf("forecast %d values, truth %d; want 60 and 50", len(fc), len(s.Truth(60)))
	}
	// The first forecast value is the one-step prediction of Data[Train].
	if math.Abs(fc[0]-one[s.Train-1]) > 1e-15 {
		t.Errorf("forecast[0] = %v, one-step prediction %v", fc[0], one[s.Train-1])
	}
	// Loss is the training MSE behind TrainNRMSE.
	var se float64
	for i := s.Washout; i < s.Train-1; i++ {
		se += (one[i] - s.Data[i+1]) * (one[i] - s.Data[i+1])
	}
	if got, want := s.Loss(w), se/float64(s.Train-1-s.Washout); math.Abs(got-want) > 1e-14 {
		t.Errorf("Loss %v, want %v", got, want)
	}
	if p := s.PersistenceNRMSE(); !(p > 0.05 && p < 0.5) {
		t.Errorf("persistence NRMSE %v outside (0.05, 0.5)", p)
	}
}

func TestXORSurface(t *testing.T) {
	x := NewXOR(3)
	w := make([]float64, x.Dim())
	x.Init(w, rand.New(rand.NewPCG(2, 1)))
	out := x.Outputs(nil, w)
	grid := x.Surface(nil, w, 2, 0, 1) // the corners are the four points
	// Grid (ix, iy) = (x0, x1); XORInputs order is (0,0), (0,1), (1,0), (1,1).
	want := []float64{out[0], out[2], out[1], out[3]}
	for i := range want {
		if math.Abs(grid[i]-want[i]) > 1e-15 {
			t.Errorf("surface[%d] = %v, want %v", i, grid[i], want[i])
		}
	}
}
