package sparse

import (
	"math"
	"testing"

	"hebbplay/core/sparse/mnist"
)

func TestCountActiveAndDeadFraction(t *testing.T) {
	// Three images of four units: unit 0 fires on two, unit 2 on one, unit
	// 1 never above the threshold 0.05 (0.04 does not count), unit 3 only
	// negatively (a tanh unit: the magnitude counts).
	var counts []int
	for _, h := range [][]float64{
		{0.9, 0, 0, 0},
		{0.5, 0.04, 0.7, -0.3},
		{0, 0.05, 0, 0},
	} {
		counts = CountActive(counts, h)
	}
	want := []int{2, 0, 1, 1}
	for j := range want {
		if counts[j] != want[j] {
			t.Fatalf("counts = %v, want %v", counts, want)
		}
	}
	if got := DeadFraction(counts); got != 0.25 {
		t.Errorf("DeadFraction = %g, want 0.25 (one unit of four)", got)
	}
	if !math.IsNaN(DeadFraction(nil)) {
		t.Error("DeadFraction of no units: want NaN")
	}
}

// labSubset returns the page's MNIST subset (as scripts/mnistpack selects
// it): the first 200 training and 100 test images of each digit.
func labSubset(t *testing.T) (train, test *mnist.Set) {
	t.Helper()
	tr, te := data(t)
	pick := func(s *mnist.Set, n int) *mnist.Set {
		idx, err := s.FirstPerClass(n)
		if err != nil {
			t.Fatal(err)
		}
		return s.Subset(idx)
	}
	return pick(tr, 200), pick(te, 100)
}

// Homeostasis keeps the competitive layer's units alive: on the page's
// subset, 200 units, 10 000 presentations, seed 1, the defaults (η_b = 0.02,
// τ = 20) leave under 3 % of the units dead on the test images (none at the
// time of writing); without homeostasis over a quarter are (about 40 %),
// and the earlier slow homeostasis (η_b = 0.01, τ = 100) leaves over 5 %
// (about 11 %).
func TestHomeostasisKeepsUnitsAlive(t *testing.T) {
	train, test := labSubset(t)
	dead := func(edit func(*Config)) float64 {
		c := DefaultConfig(DefaultHidden)
		edit(&c)
		m, err := NewHebbian(c)
		if err != nil {
			t.Fatal(err)
		}
		tr := NewTrainer(m, train)
		tr.Init(1)
		tr.Step(10000)
		return Evaluate(m, test, 0).Dead
	}
	def := dead(func(*Config) {})
	off := dead(func(c *Config) { c.BiasRate = 0 })
	slow := dead(func(c *Config) { c.BiasRate, c.Tau = 0.01, 100 })
	t.Logf("dead units: defaults %.3f, no homeostasis %.3f, slow homeostasis %.3f", def, off, slow)
	if def >= 0.03 {
		t.Errorf("defaults: %.1f %% dead units, want under 3 %%", 100*def)
	}
	if off <= 0.25 {
		t.Errorf("no homeostasis: %.1f %% dead units, want over 25 %%", 100*off)
	}
	if slow <= 0.05 {
		t.Errorf("slow homeostasis: %.1f %% dead units, want over 5 %%", 100*slow)
	}
}
