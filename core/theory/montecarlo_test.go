package theory_test

import (
	"math"
	"testing"

	"hebbplay/core/experiment"
	"hebbplay/core/memory"
	"hebbplay/core/pattern"
	"hebbplay/core/theory"
)

// The finite-size Willshaw formula against the simulation it describes:
// one synchronous step of winner-take-all (niter = 1), measured with the
// experiments' own code on small nets, at half, once and 1.2 times the
// predicted P90. The tolerance covers the sampling error of reps·P cues
// (about 0.01 here) plus what the independence approximation leaves (a few
// per cent of P90, see the package documentation).
func TestWillshawMatchesOneStepSimulation(t *testing.T) {
	if testing.Short() {
		t.Skip("Monte-Carlo check")
	}
	mod, _ := pattern.NewModular(8, 8)
	kn, _ := pattern.NewKofN(400, 20)
	for _, c := range []struct {
		s     pattern.Shape
		nflip float64
	}{{mod, 0}, {mod, 1}, {mod, 2}, {kn, 1}} {
		p90, _ := theory.WillshawP90(c.s, c.nflip, theory.Threshold, 1e4)
		ev, err := experiment.NewEvaluator(experiment.Config{Shape: c.s, Rules: []memory.Rule{memory.Willshaw},
			Nflip: c.nflip, Niter: 1, Reps: 60, Seed: 11, Workers: 1}, experiment.Storage)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range []float64{0.5, 1, 1.2} {
			P := int(math.Round(x * p90))
			var sc experiment.Score
			for rep := range 60 {
				s, err := ev.Eval(memory.Willshaw, P, rep)
				if err != nil {
					t.Fatal(err)
				}
				sc.Add(s)
			}
			got, want := sc.Fraction(), theory.WillshawFcorr(c.s, c.nflip, float64(P))
			t.Logf("%v nflip %g P %d: simulated %.4f, predicted %.4f", c.s, c.nflip, P, got, want)
			if math.Abs(got-want) > 0.05 {
				t.Errorf("%v nflip %g P %d: simulated fcorr %.4f, predicted %.4f (tolerance 0.05)", c.s, c.nflip, P, got, want)
			}
		}
	}
}
