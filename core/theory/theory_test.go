package theory

import (
	"math"
	"testing"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

func modular(t *testing.T, H, M int) pattern.Shape {
	t.Helper()
	s, err := pattern.NewModular(H, M)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func kofn(t *testing.T, N, K int) pattern.Shape {
	t.Helper()
	s, err := pattern.NewKofN(N, K)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// With one pattern stored every synapse outside it is off, so the answers
// follow by hand: the target always wins unless its support is 0 too, and
// then it wins a tie among all units only when it has the lowest index.
func TestWillshawOnePattern(t *testing.T) {
	cases := []struct {
		name  string
		s     pattern.Shape
		nflip float64
		want  float64
	}{
		{"4x5 clean cue", modular(t, 4, 5), 0, 1},
		{"4x5 two of four moved", modular(t, 4, 5), 2, 1},
		{"1x4: no other hypercolumn, a 4-way tie", modular(t, 1, 4), 0, 0.25},
		{"2x3 both moved: a 3-way tie in each", modular(t, 2, 3), 2, 1.0 / 9},
		{"2x3 one moved: the intact one ties 3 ways", modular(t, 2, 3), 1, 1.0 / 3},
		{"2x3 1.5 moved: half 1/3, half 1/9", modular(t, 2, 3), 1.5, 0.5/3 + 0.5/9},
		{"K-of-N 50/5 clean", kofn(t, 50, 5), 0, 1},
		{"K-of-N 50/5 two swaps", kofn(t, 50, 5), 2, 1},
		{"K-of-N 7/1: a 7-way tie at 0", kofn(t, 7, 1), 0, 1.0 / 7},
	}
	for _, c := range cases {
		if got := WillshawFcorr(c.s, c.nflip, 1); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: fcorr(P=1) = %.15g, want %.15g", c.name, got, c.want)
		}
	}
}

// winProb equals the lowest-index rule averaged over the target's position,
// summed term by term.
func TestWinProbMatchesPositionAverage(t *testing.T) {
	pmf := binomPMF(6, 0.37)
	for _, r := range []int{1, 4, 19} {
		win := winProb(pmf, r)
		var a float64
		for c, q := range pmf {
			b := a + q
			var direct float64
			for k := 0; k <= r; k++ { // k rivals below the target
				direct += math.Pow(a, float64(k)) * math.Pow(b, float64(r-k))
			}
			direct /= float64(r + 1)
			if math.Abs(win[c]-direct) > 1e-12 {
				t.Errorf("r=%d c=%d: winProb %.15g, direct %.15g", r, c, win[c], direct)
			}
			a = b
		}
	}
}

// Log-space sums stay finite and ordered for the largest nets allowed.
func TestWillshawLargeNetsStayFinite(t *testing.T) {
	for _, s := range []pattern.Shape{modular(t, 64, 128), kofn(t, 8192, 64)} {
		prev := 1.0
		for _, P := range []float64{1, 100, 1e3, 1e4, 1e5, 5e5} {
			f := WillshawFcorr(s, 1, P)
			if math.IsNaN(f) || f < 0 || f > prev+1e-9 {
				t.Fatalf("%v: fcorr(%g) = %g after %g (must be in [0,1] and not rise)", s, P, f, prev)
			}
			prev = f
		}
	}
}

// The predicted P90 is where the predicted curve crosses 0.9.
func TestWillshawP90IsTheCrossing(t *testing.T) {
	s := modular(t, 12, 12)
	p, lim := WillshawP90(s, 1, Threshold, MaxPFactor*float64(s.N))
	if lim || p < 10 {
		t.Fatalf("P90 = %g, limited %v", p, lim)
	}
	if f := WillshawFcorr(s, 1, p*0.99); f < Threshold {
		t.Errorf("fcorr just below P90 = %g < %g", f, Threshold)
	}
	if f := WillshawFcorr(s, 1, p*1.01); f > Threshold {
		t.Errorf("fcorr just above P90 = %g > %g", f, Threshold)
	}
}

// Asymptotic and contrast values are the textbook formulas.
func TestOtherPredictions(t *testing.T) {
	s := modular(t, 20, 20)
	p, ok := Capacity(s, memory.Covariance, 1)
	want := 400 / (2 * 0.05 * math.Log(20))
	if !ok || p.Kind != Asymptotic || math.Abs(p.P90-want) > 1e-9 {
		t.Errorf("covariance: %+v, want P90 %g", p, want)
	}
	if p, ok := Capacity(s, memory.HopfieldDense, 1); !ok || p.Kind != OtherSetting || math.Abs(p.P90-0.138*400) > 1e-9 {
		t.Errorf("hopfield-dense: %+v", p)
	}
	for _, r := range []memory.Rule{memory.BCPNN, memory.Bayes, memory.Hebb} {
		if p, ok := Capacity(s, r, 1); ok || p.Kind != None || p.P90 != 0 || p.Differs == "" || p.Citation == "" {
			t.Errorf("%s: want no prediction but an explanation and a citation, got %+v", r, p)
		}
	}
	if _, ok := Fcorr(s, memory.Covariance, 1, 10); ok {
		t.Error("covariance has no finite-size curve")
	}
}
