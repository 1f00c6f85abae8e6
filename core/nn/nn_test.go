package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// numGrad returns the central finite-difference gradient of f at w.
func numGrad(f func([]float64) float64, w []float64, h float64) []float64 {
	g := make([]float64, len(w))
	for i := range w {
		old := w[i]
		w[i] = old + h
		fp := f(w)
		w[i] = old - h
		fm := f(w)
		w[i] = old
		g[i] = (fp - fm) / (2 * h)
	}
	return g
}

// maxRelErr returns max_i |a_i − b_i| / max(1e-6, |a_i| + |b_i|).
func maxRelErr(a, b []float64) (worst float64, at int) {
	for i := range a {
		e := math.Abs(a[i]-b[i]) / math.Max(1e-6, math.Abs(a[i])+math.Abs(b[i]))
		if e > worst {
			worst, at = e, i
		}
	}
	return worst, at
}

func TestMLPGradient(t *testing.T) {
	const tol = 1e-6 // central differences with h = 1e-5 are accurate to ~h² relative
	for _, tc := range []struct {
		in, hidden, out int
		act             Activation
		n               int
		seed            uint64
	}{
		{2, 4, 1, Sigmoid, 4, 1},
		{2, 2, 1, Sigmoid, 4, 2},
		{3, 5, 2, Identity, 7, 3},
		{1, 1, 1, Sigmoid, 1, 4},
		{4, 10, 3, Sigmoid, 5, 5},
	} {
		t.Run(fmt.Sprintf("%d-%d-%d-%v", tc.in, tc.hidden, tc.out, tc.act), func(t *testing.T) {
			rnd := rand.New(rand.NewPCG(tc.seed, 0))
			m := NewMLP(tc.in, tc.hidden, tc.out, tc.act)
			w := make([]float64, m.NumParams())
			for i := range w {
				w[i] = rnd.NormFloat64()
			}
			x := make([]float64, tc.n*tc.in)
			y := make([]float64, tc.n*tc.out)
			for i := range x {
				x[i] = rnd.NormFloat64()
			}
			for i := range y {
				y[i] = rnd.Float64()
			}
			grad := make([]float64, len(w))
			l := m.LossGrad(grad, w, x, y)
			if l2 := m.Loss(w, x, y); math.Abs(l-l2) > 1e-14 {
				t.Errorf("LossGrad loss %v, Loss %v", l, l2)
			}
			num := numGrad(func(w []float64) float64 { return m.Loss(w, x, y) }, w, 1e-5)
			if e, i := maxRelErr(grad, num); e > tol {
				t.Errorf("gradient[%d] = %v, finite difference %v (rel. error %.2g > %g)", i, grad[i], num[i], e, tol)
			}
		})
	}
}

func TestRNNGradient(t *testing.T) {
	const tol = 1e-6
	for _, tc := range []struct {
		in, hidden, out int
		T, washout      int
		scale           float64 // weight scale: larger makes the dynamics less contractive
		seed            uint64
	}{
		{1, 4, 1, 30, 0, 0.5, 1},
		{1, 8, 1, 50, 10, 0.4, 2},
		{2, 3, 2, 20, 5, 1.0, 3},
		{1, 1, 1, 5, 0, 1.0, 4},
		{1, 10, 1, 100, 20, 0.3, 5},
	} {
		t.Run(fmt.Sprintf("%d-%d-%d-T%d", tc.in, tc.hidden, tc.out, tc.T), func(t *testing.T) {
			rnd := rand.New(rand.NewPCG(tc.seed, 0))
			r := NewRNN(tc.in, tc.hidden, tc.out)
			w := make([]float64, r.NumParams())
			for i := range w {
				w[i] = tc.scale * rnd.NormFloat64()
			}
			x := make([]float64, tc.T*tc.in)
			d := make([]float64, tc.T*tc.out)
			for i := range x {
				x[i] = math.Sin(0.3*float64(i)) + 0.1*rnd.NormFloat64()
			}
			for i := range d {
				d[i] = rnd.NormFloat64()
			}
			grad := make([]float64, len(w))
			l := r.LossGrad(grad, w, x, d, tc.washout)
			if l2 := r.Loss(w, x, d, tc.washout); math.Abs(l-l2) > 1e-12*math.Max(1, l) {
				t.Errorf("LossGrad loss %v, Loss %v", l, l2)
			}
			num := numGrad(func(w []float64) float64 { return r.Loss(w, x, d, tc.washout) }, w, 1e-5)
			if e, i := maxRelErr(grad, num); e > tol {
				t.Errorf("gradient[%d] = %v, finite difference %v (rel. error %.2g > %g)", i, grad[i], num[i], e, tol)
			}
		})
	}
}

// TestGradientCheckFails makes sure the check above can fail: a gradient with
// one entry off by 1e-4 relative must be caught.
func TestGradientCheckFails(t *testing.T) {
	m := NewMLP(2, 3, 1, Sigmoid)
	rnd := rand.New(rand.NewPCG(9, 0))
	w := make([]float64, m.NumParams())
	m.Init(w, rnd)
	x, y := []float64{0, 0, 0, 1, 1, 0, 1, 1}, []float64{0, 1, 1, 0}
	grad := make([]float64, len(w))
	m.LossGrad(grad, w, x, y)
	grad[3] *= 1 + 1e-4
	num := numGrad(func(w []float64) float64 { return m.Loss(w, x, y) }, w, 1e-5)
	if e, _ := maxRelErr(grad, num); e <= 1e-6 {
		t.Errorf("perturbed gradient passed the check (rel. error %.2g)", e)
	}
}

func TestPredictMatchesLoss(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 0))
	r := NewRNN(1, 5, 1)
	w := make([]float64, r.NumParams())
	r.Init(w, rnd)
	x := make([]float64, 40)
	for i := range x {
		x[i] = math.Sin(0.2 * float64(i))
	}
	d := make([]float64, 40)
	copy(d, x[1:])
	y := r.Predict(nil, w, x)
	var se float64
	for t := 3; t < 40; t++ {
		se += (y[t] - d[t]) * (y[t] - d[t])
	}
	if got, want := r.Loss(w, x, d, 3), se/37; math.Abs(got-want) > 1e-14 {
		t.Errorf("RNN Loss %v, from Predict %v", got, want)
	}

	m := NewMLP(2, 4, 1, Sigmoid)
	wm := make([]float64, m.NumParams())
	m.Init(wm, rnd)
	xs, ts := []float64{0, 0, 0, 1, 1, 0, 1, 1}, []float64{0, 1, 1, 0}
	ym := m.Predict(nil, wm, xs)
	se = 0
	for i := range ts {
		se += (ym[i] - ts[i]) * (ym[i] - ts[i])
	}
	if got, want := m.Loss(wm, xs, ts), se/4; math.Abs(got-want) > 1e-15 {
		t.Errorf("MLP Loss %v, from Predict %v", got, want)
	}
}

// TestGenerateTeacherForcing checks that the free-running forecast starts
// with the prediction that follows the last warm-up input, and then feeds
// its outputs back.
func TestGenerateTeacherForcing(t *testing.T) {
	rnd := rand.New(rand.NewPCG(8, 0))
	r := NewRNN(1, 6, 1)
	w := make([]float64, r.NumParams())
	r.Init(w, rnd)
	warm := []float64{0.1, -0.3, 0.5, 0.2, -0.1}
	gen := r.Generate(nil, w, warm, 4)
	// Rebuild step by step with Predict on growing sequences.
	seq := append([]float64(nil), warm...)
	for k := 0; k < 4; k++ {
		y := r.Predict(nil, w, seq)
		next := y[len(y)-1]
		if math.Abs(next-gen[k]) > 1e-15 {
			t.Fatalf("forecast[%d] = %v, want %v", k, gen[k], next)
		}
		seq = append(seq, next)
	}
}
