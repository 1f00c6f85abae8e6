package sparse

import (
	"math"
	"math/rand/v2"
	"testing"

	"hebbplay/core/sparse/mnist"
)

// TestHebbianUpdateNonNegative is a property test: for random non-negative
// weights, random inputs in [0, 1] and random rates r = η·h in [0, 1], the
// rule keeps every weight in [0, 1] with no clipping, moves it towards the
// input, and silences exactly the weights that fall below θ.
func TestHebbianUpdateNonNegative(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 7))
	for _, c := range []struct {
		name    string
		theta   float64
		sparseX float64 // probability that an input is 0, as for MNIST's background
	}{
		{"no silencing, dense input", 0, 0},
		{"no silencing, sparse input", 0, 0.8},
		{"silencing", 1e-3, 0.8},
		{"strong silencing", 0.1, 0.5},
	} {
		t.Run(c.name, func(t *testing.T) {
			const n = 64
			w := make([]float64, n)
			for i := range w {
				w[i] = rnd.Float64()
			}
			x := make([]float64, n)
			old := make([]float64, n)
			for step := 0; step < 5000; step++ {
				for i := range x {
					x[i] = rnd.Float64()
					if rnd.Float64() < c.sparseX {
						x[i] = 0
					}
				}
				r := rnd.Float64()
				if step%7 == 0 {
					r = 1 // the extreme rate η·h = 1 copies the input
				}
				copy(old, w)
				HebbianUpdate(w, x, r, c.theta)
				for i, v := range w {
					if v < 0 || v > 1 || math.IsNaN(v) {
						t.Fatalf("step %d: weight %d = %g outside [0, 1]", step, i, v)
					}
					want := old[i] + r*(x[i]-old[i])
					switch {
					case want < c.theta && v != 0:
						t.Fatalf("step %d: weight %g below θ = %g not silenced", step, want, c.theta)
					case want >= c.theta && math.Abs(v-want) > 1e-15:
						t.Fatalf("step %d: weight %d = %g, want %g", step, i, v, want)
					}
				}
			}
		})
	}
}

// TestModelWeightsStayNonNegative runs the whole model on random images and
// checks its hidden weights: non-negative, at most 1, some silent.
func TestModelWeightsStayNonNegative(t *testing.T) {
	cfg := DefaultConfig(20)
	cfg.Learners = 0 // every winner learns
	cfg.Eta = 1      // the largest rate the rule allows
	m, err := NewHebbian(cfg)
	if err != nil {
		t.Fatal(err)
	}
	m.Init(3)
	rnd := rand.New(rand.NewPCG(3, 3))
	x := make([]float64, mnist.Pixels)
	for step := 0; step < 500; step++ {
		for i := range x {
			x[i] = 0
			if rnd.Float64() < 0.2 {
				x[i] = rnd.Float64()
			}
		}
		m.Learn(x, step%Classes)
	}
	for i, v := range m.ReceptiveFields() {
		if v < 0 || v > 1 {
			t.Fatalf("weight %d = %g outside [0, 1]", i, v)
		}
	}
	if m.Silent() == 0 {
		t.Error("no silent synapses after 500 sparse images")
	}
}

// TestHomeostasisDrivesActivity feeds one unit a synthetic stream of drives
// u ~ U(0, 1) and checks that homeostasis brings its mean activity
// h = σ(g·(u + b)) to the target from very different starting biases.
func TestHomeostasisDrivesActivity(t *testing.T) {
	for _, c := range []struct {
		target, bias0, gain float64
	}{
		{0.05, 0, 10},
		{0.05, 3, 10},
		{0.2, -3, 10},
		{0.5, 2, 4},
		{0.8, -1, 4},
	} {
		rnd := rand.New(rand.NewPCG(11, 0))
		bias, act, h := []float64{c.bias0}, []float64{0}, []float64{0}
		const steps, tail = 60000, 20000
		var sum float64
		for s := 0; s < steps; s++ {
			h[0] = sigmoid(c.gain * (rnd.Float64() + bias[0]))
			Homeostasis(bias, act, h, c.target, 0.01, 100)
			if s >= steps-tail {
				sum += h[0]
			}
		}
		if mean := sum / tail; math.Abs(mean-c.target) > 0.1*c.target {
			t.Errorf("target %g from bias %g: mean activity %.4f (final bias %.3f)", c.target, c.bias0, mean, bias[0])
		}
	}
}

// TestHomeostasisBalancesWinners checks homeostasis in the model: on a
// synthetic stream where a few units' receptive fields match the input far
// better than the rest, every unit still ends up winning, at rates within a
// factor of the mean.
func TestHomeostasisBalancesWinners(t *testing.T) {
	cfg := DefaultConfig(20) // k = 1: one winner per image
	cfg.Eta = 1e-9           // freeze the receptive fields: only homeostasis acts
	cfg.ReadoutSteps = 1
	m, err := NewHebbian(cfg)
	if err != nil {
		t.Fatal(err)
	}
	m.Init(5)
	// Give units 0–2 a head start: receptive fields equal to the input.
	rnd := rand.New(rand.NewPCG(5, 5))
	proto := make([]float64, mnist.Pixels)
	for i := range proto {
		proto[i] = rnd.Float64()
	}
	for j := 0; j < 3; j++ {
		copy(m.w[j*mnist.Pixels:(j+1)*mnist.Pixels], proto)
		m.updateNorm(j)
	}
	x := make([]float64, mnist.Pixels)
	wins := make([]int, cfg.Hidden)
	const warm, count = 10000, 10000
	for s := 0; s < warm+count; s++ {
		for i := range x {
			x[i] = proto[i] * (0.8 + 0.4*rnd.Float64())
		}
		m.Learn(x, 0)
		if s >= warm {
			wins[m.win[0]]++
		}
	}
	mean := float64(count) / float64(cfg.Hidden)
	for j, w := range wins {
		if float64(w) < mean/3 || float64(w) > 3*mean {
			t.Errorf("unit %d won %d of %d images, mean %g", j, w, count, mean)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	for _, c := range []struct {
		name string
		mod  func(c *Config)
		want bool
	}{
		{"default", func(c *Config) {}, true},
		{"no hidden", func(c *Config) { c.Hidden = 0 }, false},
		{"too many winners", func(c *Config) { c.Winners = 101 }, false},
		{"learners above winners", func(c *Config) { c.Learners = 6 }, false},
		{"eta above 1", func(c *Config) { c.Eta = 1.5 }, false},
		{"target unreachable", func(c *Config) { c.Target = 0.05 }, false},
		{"negative theta", func(c *Config) { c.Theta = -1 }, false},
		{"NaN gain", func(c *Config) { c.Gain = math.NaN() }, false},
		{"unknown readout", func(c *Config) { c.Readout = "bp" }, false},
		{"dopamine readout", func(c *Config) { c.Readout = "dopamine" }, true},
		{"zero batch", func(c *Config) { c.ReadoutBatch = 0 }, false},
		{"tau below 1", func(c *Config) { c.Tau = 0.5 }, false},
	} {
		cfg := DefaultConfig(100)
		c.mod(&cfg)
		if err := cfg.Validate(); (err == nil) != c.want {
			t.Errorf("%s: Validate() = %v, want ok=%v", c.name, err, c.want)
		}
	}
}
