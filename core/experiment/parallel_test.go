package experiment

import (
	"context"
	"math"
	"reflect"
	"testing"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

// TestParallelCuesMatchSequential checks that recalling one unit's cues on
// several goroutines (evaluateBlocks) gives the very score of the
// sequential loop: the same counts and the same float sum of overlaps, which
// with K = 7 depends on the order of its terms. P = 5000 spans three blocks
// of cues. Asynchronous updates and random ties draw from the cue stream,
// so they keep the sequential loop whatever par is.
func TestParallelCuesMatchSequential(t *testing.T) {
	kofn, err := pattern.NewKofN(400, 7)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		cfg  Config
		mode Mode
		ps   []int
	}{
		{"kofn", Config{Shape: kofn, Nflip: 2, Reps: 1, Seed: 3}, Storage, []int{300, 5000}},
		{"modular", Config{Shape: modular(t, 12, 12), Nflip: 3, Reps: 2, Seed: 4}, Storage, []int{40, 2100}},
		{"proto", Config{Shape: modular(t, 10, 10), Nflip: 1, NflipTrain: 2, NflipTest: 2, Ninst: 20, Reps: 1, Seed: 5}, Prototypes, []int{3, 150}},
		{"async", Config{Shape: modular(t, 8, 8), Nflip: 1, Reps: 1, Seed: 6, Async: true}, Storage, []int{10, 60}},
		{"random ties", Config{Shape: modular(t, 8, 8), Nflip: 1, Reps: 1, Seed: 7, Ties: memory.TiesRandom}, Storage, []int{10, 60}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			seq, err := NewEvaluator(c.cfg, c.mode)
			if err != nil {
				t.Fatal(err)
			}
			par, _ := NewEvaluator(c.cfg, c.mode)
			par.par = 3
			var sawCorrect, sawFraction bool
			for _, rule := range []memory.Rule{memory.Hebb, memory.BCPNN} {
				for _, P := range c.ps {
					for rep := range c.cfg.Reps {
						want, err := seq.Eval(rule, P, rep)
						if err != nil {
							t.Fatal(err)
						}
						got, err := par.Eval(rule, P, rep)
						if err != nil {
							t.Fatal(err)
						}
						if got != want {
							t.Errorf("%v P=%d rep %d: 3 goroutines score %+v, one %+v", rule, P, rep, got, want)
						}
						sawCorrect = sawCorrect || want.Correct > 0
						sawFraction = sawFraction || want.Overlap != math.Trunc(want.Overlap)
					}
				}
			}
			if !sawCorrect || !sawFraction {
				t.Errorf("no score with a correct recall (%v) or a fractional overlap sum (%v): the case tests nothing", sawCorrect, sawFraction)
			}
		})
	}
}

// TestSingleUnitUsesEveryWorker checks the split runUnits makes: one unit on
// two evaluators is recalled by two goroutines, three units on two by one
// each, and the scores are those of one worker.
func TestSingleUnitUsesEveryWorker(t *testing.T) {
	cfg := Config{Shape: modular(t, 10, 10), Nflip: 2, Reps: 3, Seed: 9, Workers: 2}
	for _, tc := range []struct {
		units   []Unit
		wantPar int
	}{
		{[]Unit{{memory.Willshaw, 400, 1}}, 2},
		{[]Unit{{memory.Willshaw, 400, 0}, {memory.Willshaw, 400, 1}, {memory.Hebb, 90, 2}}, 1},
	} {
		evs, err := newEvaluators(cfg, Storage)
		if err != nil {
			t.Fatal(err)
		}
		got, err := runUnits(context.Background(), evs, tc.units, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			if e.par != tc.wantPar {
				t.Errorf("%d units on 2 evaluators: par = %d, want %d", len(tc.units), e.par, tc.wantPar)
			}
		}
		one, _ := newEvaluators(Config{Shape: cfg.Shape, Nflip: 2, Reps: 3, Seed: 9, Workers: 1}, Storage)
		want, _ := runUnits(context.Background(), one, tc.units, nil)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%d units: 2 workers score %+v, 1 worker %+v", len(tc.units), got, want)
		}
	}
}
