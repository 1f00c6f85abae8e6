package experiment

import (
	"fmt"
	"slices"
	"testing"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

// TestBalance checks that Balance partitions the units, evens out the
// estimated work (the heaviest worker carries at most the lightest's load
// plus one unit), and orders each worker's units by repetition and P.
func TestBalance(t *testing.T) {
	shape, _ := pattern.NewModular(32, 32)
	cfg := Config{Shape: shape, Rules: memory.BenchmarkRules(), Reps: 3}
	rules := memory.BenchmarkRules()
	for _, tc := range []struct {
		name    string
		ps      []int
		reps    int
		workers int
	}{
		{"one P, 3 reps, 2 workers", []int{400}, 3, 2},
		{"three P, 3 reps, 2 workers", []int{100, 400, 1600}, 3, 2},
		{"two P, 10 reps, 3 workers", []int{50, 900}, 10, 3},
		{"one unit, 4 workers", []int{10}, 1, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var units []Unit
			for _, r := range rules {
				for _, p := range tc.ps {
					for rep := range tc.reps {
						units = append(units, Unit{Rule: r, P: p, Rep: rep})
					}
				}
			}
			if tc.name == "one unit, 4 workers" {
				units = units[:1]
			}
			split := Balance(cfg, Storage, units, tc.workers)
			if len(split) != tc.workers {
				t.Fatalf("%d lists for %d workers", len(split), tc.workers)
			}
			seen := make([]int, len(units))
			cost := func(u Unit) float64 { n := float64(shape.N); return n*n + 3*float64(u.P)*float64(shape.K)*n }
			var loads []float64
			maxCost := 0.0
			for _, idx := range split {
				load := 0.0
				for k, i := range idx {
					seen[i]++
					load += cost(units[i])
					maxCost = max(maxCost, cost(units[i]))
					if k > 0 {
						a, b := units[idx[k-1]], units[i]
						if a.Rep > b.Rep || a.Rep == b.Rep && a.P > b.P {
							t.Errorf("worker order: %+v before %+v", a, b)
						}
					}
				}
				loads = append(loads, load)
			}
			for i, c := range seen {
				if c != 1 {
					t.Fatalf("unit %d placed %d times", i, c)
				}
			}
			if len(units) >= tc.workers && slices.Max(loads) > slices.Min(loads)+maxCost {
				t.Errorf("loads %v differ by more than one unit (%g)", loads, maxCost)
			}
		})
	}
}

// TestBalanceThreeRepsTwoWorkers is the case that motivated Balance:
// 7 rules × 3 repetitions at one P on two workers. Split by repetition
// (Rep mod 2) one worker got 14 units and the other 7; balanced, 11 and 10.
func TestBalanceThreeRepsTwoWorkers(t *testing.T) {
	shape, _ := pattern.NewModular(32, 32)
	cfg := Config{Shape: shape, Rules: memory.BenchmarkRules(), Reps: 3}
	var units []Unit
	for _, r := range memory.BenchmarkRules() {
		for rep := range 3 {
			units = append(units, Unit{Rule: r, P: 500, Rep: rep})
		}
	}
	split := Balance(cfg, Storage, units, 2)
	if a, b := len(split[0]), len(split[1]); max(a, b) != 11 || min(a, b) != 10 {
		t.Errorf("balanced: %d and %d units, want 11 and 10", a, b)
	}
}

// TestEvaluatorForgetsAndRebuilds checks that an evaluator over its budget
// forgets the repetition used longest ago, and that a rebuilt repetition
// scores exactly as one kept all along.
func TestEvaluatorForgetsAndRebuilds(t *testing.T) {
	shape, _ := pattern.NewModular(8, 8)
	cfg := Config{Shape: shape, Rules: []memory.Rule{memory.Hebb, memory.BCPNN}, Reps: 4, Nflip: 2, Seed: 7}
	keep, err := NewEvaluator(cfg, Storage)
	if err != nil {
		t.Fatal(err)
	}
	small, _ := NewEvaluator(cfg, Storage)
	small.budget = 2 * 4 * shape.N * shape.N // two repetitions
	for _, step := range []struct{ rep, P int }{{0, 20}, {1, 30}, {2, 25}, {0, 40}, {3, 10}, {1, 35}, {2, 5}} {
		for _, r := range cfg.Rules {
			a, err := keep.Eval(r, step.P, step.rep)
			if err != nil {
				t.Fatal(err)
			}
			b, err := small.Eval(r, step.P, step.rep)
			if err != nil {
				t.Fatal(err)
			}
			if a != b {
				t.Fatalf("%s P=%d rep %d: %+v with every repetition kept, %+v rebuilt", r, step.P, step.rep, a, b)
			}
		}
		if n := len(small.Held()); n > 2 {
			t.Fatalf("after rep %d the evaluator holds %v, budget two", step.rep, small.Held())
		}
	}
	if got := fmt.Sprint(small.Held()); got != "[1 2]" {
		t.Errorf("held %s, want [1 2] (the two used last)", got)
	}
	if got := fmt.Sprint(keep.Held()); got != "[0 1 2 3]" {
		t.Errorf("the large evaluator holds %s", got)
	}
}
