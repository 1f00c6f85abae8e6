package experiment

import (
	"fmt"
	"testing"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

// TestLargestFirst checks that LargestFirst is a permutation of the units
// ordered by decreasing P (the cost grows with P for a fixed network),
// equal P in their original order.
func TestLargestFirst(t *testing.T) {
	shape, _ := pattern.NewModular(32, 32)
	cfg := Config{Shape: shape, Rules: memory.BenchmarkRules(), Reps: 3}
	var units []Unit
	for _, p := range []int{100, 1600, 400} {
		for _, r := range []memory.Rule{memory.Hebb, memory.BCPNN} {
			for rep := range 2 {
				units = append(units, Unit{Rule: r, P: p, Rep: rep})
			}
		}
	}
	order := LargestFirst(cfg, Storage, units)
	want := []int{4, 5, 6, 7, 8, 9, 10, 11, 0, 1, 2, 3}
	if fmt.Sprint(order) != fmt.Sprint(want) {
		t.Errorf("order %v, want %v", order, want)
	}
	// Prototype mode weighs P by the instances cued: the same order.
	if got := LargestFirst(cfg, Prototypes, units); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("prototype order %v, want %v", got, want)
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
		if n := len(small.held()); n > 2 {
			t.Fatalf("after rep %d the evaluator holds %v, budget two", step.rep, small.held())
		}
	}
	if got := fmt.Sprint(small.held()); got != "[1 2]" {
		t.Errorf("held %s, want [1 2] (the two used last)", got)
	}
	if got := fmt.Sprint(keep.held()); got != "[0 1 2 3]" {
		t.Errorf("the large evaluator holds %s", got)
	}
}
