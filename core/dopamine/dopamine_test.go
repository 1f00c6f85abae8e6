package dopamine

import (
	"fmt"
	"math"
	"reflect"
	"testing"
)

// quick returns the defaults for task with a short Mackey–Glass series.
func quick(t Task) Config {
	c := DefaultConfig(t)
	c.Series.Train, c.Series.Test, c.Series.Washout = 150, 50, 10
	return c
}

func TestDeterminism(t *testing.T) {
	for _, tk := range Tasks {
		for _, m := range Methods {
			t.Run(fmt.Sprintf("%s/%s", tk, m), func(t *testing.T) {
				cfg := quick(tk)
				run := func(seed uint64) []TracePoint {
					tr, err := NewTrainer(cfg, m)
					if err != nil {
						t.Fatal(err)
					}
					tr.Init(seed)
					for i := 0; i < 30; i++ {
						tr.Step()
					}
					return append([]TracePoint(nil), tr.Trace()...)
				}
				a, b := run(7), run(7)
				if !reflect.DeepEqual(a, b) {
					t.Errorf("same seed, different traces")
				}
				if c := run(8); reflect.DeepEqual(a, c) {
					t.Errorf("different seeds, identical traces")
				}
				// Init on a used trainer restarts exactly.
				tr, _ := NewTrainer(cfg, m)
				tr.Init(7)
				for i := 0; i < 10; i++ {
					tr.Step()
				}
				tr.Init(7)
				for i := 0; i < 30; i++ {
					tr.Step()
				}
				if !reflect.DeepEqual(a, tr.Trace()) {
					t.Errorf("re-Init did not reproduce the trace")
				}
			})
		}
	}
}

func TestSameInitialWeights(t *testing.T) {
	// Every optimizer starts from the weights of the seed.
	var first []float64
	for _, m := range Methods {
		tr, err := NewTrainer(DefaultConfig(XOR), m)
		if err != nil {
			t.Fatal(err)
		}
		tr.Init(3)
		if first == nil {
			first = append([]float64(nil), tr.Params()...)
		} else if !reflect.DeepEqual(first, tr.Params()) {
			t.Errorf("%s starts from other weights", m)
		}
	}
}

func TestTrace(t *testing.T) {
	for _, m := range Methods {
		t.Run(string(m), func(t *testing.T) {
			tr, err := NewTrainer(DefaultConfig(XOR), m)
			if err != nil {
				t.Fatal(err)
			}
			tr.Init(1)
			p0 := tr.Last()
			if p0.Step != 0 || p0.Forward != 0 || p0.Backward != 0 || p0.Loss <= 0 {
				t.Errorf("initial point %+v", p0)
			}
			p := tr.Step()
			if p.Step != 1 || tr.Steps() != 1 || len(tr.Trace()) != 2 {
				t.Errorf("after one step: point %+v, steps %d, trace length %d", p, tr.Steps(), len(tr.Trace()))
			}
			// The trace loss is the loss at the updated weights.
			if got := tr.XORTask().Loss(tr.Params()); got != p.Loss {
				t.Errorf("trace loss %v, loss at the weights %v", p.Loss, got)
			}
			perturb := m == WP || m == Dopamine
			if perturb != (p.RPE != 0) || p.Rate <= 0 {
				t.Errorf("RPE %v, rate %v for %s", p.RPE, p.Rate, m)
			}
			wantF, wantB := 1, 1
			if perturb {
				wantF, wantB = 2, 0
			}
			if p.Forward != wantF || p.Backward != wantB {
				t.Errorf("passes %d/%d, want %d/%d", p.Forward, p.Backward, wantF, wantB)
			}
		})
	}
}

func TestRun(t *testing.T) {
	for _, m := range Methods {
		t.Run(string(m), func(t *testing.T) {
			tr, err := NewTrainer(DefaultConfig(XOR), m)
			if err != nil {
				t.Fatal(err)
			}
			tr.Init(1)
			r := tr.Run(0.05, 20000, true)
			if !r.Reached || r.Steps != r.StepsToTarget || r.FinalLoss > 0.05 {
				t.Fatalf("stop at target: %+v", r)
			}
			// The step before the target was above it.
			if prev := tr.Trace()[r.StepsToTarget-1].Loss; prev <= 0.05 {
				t.Errorf("loss %v before the reported step is already at the target", prev)
			}
			if p := tr.Trace()[r.StepsToTarget]; p.Forward != r.ForwardToTarget || p.Backward != r.BackwardToTarget {
				t.Errorf("passes to target %d/%d, trace says %d/%d", r.ForwardToTarget, r.BackwardToTarget, p.Forward, p.Backward)
			}
			// Going on to the budget keeps the first hit.
			tr.Init(1)
			r2 := tr.Run(0.05, r.StepsToTarget+50, false)
			if r2.StepsToTarget != r.StepsToTarget || r2.Steps != r.StepsToTarget+50 {
				t.Errorf("run to budget: %+v, want target at %d and %d steps", r2, r.StepsToTarget, r.StepsToTarget+50)
			}
			// An unreachable target.
			tr.Init(1)
			if r3 := tr.Run(0, 10, true); r3.Reached || r3.Steps != 10 {
				t.Errorf("unreachable target: %+v", r3)
			}
		})
	}
}

func TestRunDiverges(t *testing.T) {
	cfg := DefaultConfig(MackeyGlass)
	cfg.Series.Train, cfg.Series.Test = 100, 20
	cfg.SGDRate = 1e6
	tr, err := NewTrainer(cfg, SGD)
	if err != nil {
		t.Fatal(err)
	}
	tr.Init(1)
	r := tr.Run(cfg.Target, 1000, false)
	// Rate 1e6 blows the linear readout up to an infinite loss within a few
	// dozen steps; the run must notice and stop there.
	if !r.Diverged || r.Steps >= 1000 || r.Reached || !math.IsInf(r.FinalLoss, 1) {
		t.Errorf("run with rate 1e6: %+v, want it diverged and stopped", r)
	}
}

func TestViews(t *testing.T) {
	x, err := NewTrainer(DefaultConfig(XOR), Adam)
	if err != nil {
		t.Fatal(err)
	}
	x.Init(2)
	x.Run(0.001, 2000, true)
	grid, err := x.Surface(nil, 5, 0, 1)
	if err != nil || len(grid) != 25 {
		t.Fatalf("surface: %v, %d values", err, len(grid))
	}
	// A trained network separates the corners: (0,0), (1,1) low; (1,0), (0,1) high.
	for _, c := range []struct {
		i    int
		high bool
	}{{0, false}, {4, true}, {20, true}, {24, false}} {
		if (grid[c.i] > 0.5) != c.high {
			t.Errorf("surface corner %d = %v, want high %v", c.i, grid[c.i], c.high)
		}
	}
	if _, _, err := x.Forecast(nil, 10); err != ErrWrongTask {
		t.Errorf("forecast on XOR: %v, want ErrWrongTask", err)
	}

	mg, err := NewTrainer(quick(MackeyGlass), Adam)
	if err != nil {
		t.Fatal(err)
	}
	mg.Init(2)
	if _, err := mg.Surface(nil, 5, 0, 1); err != ErrWrongTask {
		t.Errorf("surface on Mackey–Glass: %v, want ErrWrongTask", err)
	}
	pred, truth, err := mg.Forecast(nil, 80)
	if err != nil || len(pred) != 80 || len(truth) != 50 {
		t.Fatalf("forecast: %v, %d predicted, %d true", err, len(pred), len(truth))
	}
	if m := mg.Metric(); math.IsNaN(m) || m <= 0 {
		t.Errorf("test NRMSE %v", m)
	}
}

func TestSeriesTraining(t *testing.T) {
	// Adam must beat the persistence forecast on the test part within 500
	// steps: the network learns the dynamics, not just the last value.
	tr, err := NewTrainer(quick(MackeyGlass), Adam)
	if err != nil {
		t.Fatal(err)
	}
	tr.Init(1)
	tr.Run(0, 500, false)
	got, floor := tr.Metric(), tr.SeriesTask().PersistenceNRMSE()
	if !(got < floor/2) {
		t.Errorf("test NRMSE %.4f, want below half the persistence NRMSE %.4f", got, floor)
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Config)
	}{
		{"task", func(c *Config) { c.Task = "mnist" }},
		{"hidden", func(c *Config) { c.Hidden = 0 }},
		{"sigma", func(c *Config) { c.Sigma = 0 }},
		{"negative rate", func(c *Config) { c.SGDRate = -1 }},
		{"NaN eta0", func(c *Config) { c.Eta0 = math.NaN() }},
		{"beta", func(c *Config) { c.Beta = 1 }},
		{"rmax", func(c *Config) { c.RMax = 0 }},
		{"perturbations", func(c *Config) { c.Perturbations = 0 }},
		{"washout", func(c *Config) { c.Task = MackeyGlass; c.Series.Washout = c.Series.Train }},
	} {
		c := DefaultConfig(XOR)
		tc.edit(&c)
		if err := c.Validate(); err == nil {
			t.Errorf("%s: bad config accepted", tc.name)
		}
		if _, err := NewTrainer(c, SGD); err == nil {
			t.Errorf("%s: NewTrainer accepted a bad config", tc.name)
		}
	}
	for _, tk := range Tasks {
		if err := DefaultConfig(tk).Validate(); err != nil {
			t.Errorf("default %s config: %v", tk, err)
		}
	}
	if _, err := NewTrainer(DefaultConfig(XOR), "rmsprop"); err == nil {
		t.Errorf("unknown method accepted")
	}
}

func TestParseMethods(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []Method
		ok   bool
	}{
		{"sgd,adam,wp,dopamine", Methods, true},
		{" WP , dopamine ", []Method{WP, Dopamine}, true},
		{"sgd,,adam", []Method{SGD, Adam}, true},
		{"", nil, false},
		{"sgd,momentum", nil, false},
	} {
		got, err := ParseMethods(tc.in)
		if (err == nil) != tc.ok || (tc.ok && !reflect.DeepEqual(got, tc.want)) {
			t.Errorf("ParseMethods(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func BenchmarkStep(b *testing.B) {
	for _, tk := range Tasks {
		for _, m := range Methods {
			b.Run(fmt.Sprintf("%s/%s", tk, m), func(b *testing.B) {
				tr, err := NewTrainer(DefaultConfig(tk), m)
				if err != nil {
					b.Fatal(err)
				}
				tr.Init(1)
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if i%5000 == 4999 {
						b.StopTimer()
						tr.Init(1) // keep the trace and the weights in range
						b.StartTimer()
					}
					tr.Step()
				}
			})
		}
	}
}

func TestGroup(t *testing.T) {
	g, err := NewGroup(DefaultConfig(XOR), []Method{SGD, Dopamine})
	if err != nil {
		t.Fatal(err)
	}
	g.Init(4)
	g.Step(25)
	alone, _ := NewTrainer(DefaultConfig(XOR), Dopamine)
	alone.Init(4)
	for i := 0; i < 25; i++ {
		alone.Step()
	}
	ts := g.Trainers()
	if len(ts) != 2 || ts[0].Steps() != 25 || ts[1].Method() != Dopamine {
		t.Fatalf("group trainers: %d, steps %d", len(ts), ts[0].Steps())
	}
	if !reflect.DeepEqual(ts[1].Trace(), alone.Trace()) {
		t.Errorf("a trainer in a group differs from the same trainer alone")
	}
	if _, err := NewGroup(DefaultConfig(XOR), nil); err == nil {
		t.Errorf("empty group accepted")
	}
}

func TestTraceLimit(t *testing.T) {
	full, _ := NewTrainer(DefaultConfig(XOR), WP)
	full.Init(2)
	thin, _ := NewTrainer(DefaultConfig(XOR), WP)
	thin.SetTraceLimit(100)
	thin.Init(2)
	for i := 0; i < 1000; i++ {
		full.Step()
		thin.Step()
	}
	tr := thin.Trace()
	if len(tr) > 100 || len(tr) < 50 {
		t.Errorf("thinned trace has %d points, want 50…100", len(tr))
	}
	if thin.Steps() != 1000 || thin.Last() != full.Last() {
		t.Errorf("steps %d, last %+v; want 1000, %+v", thin.Steps(), thin.Last(), full.Last())
	}
	for i, p := range tr {
		if p.Step != i*thin.Stride() || p != full.Trace()[p.Step] {
			t.Fatalf("point %d = %+v, want step %d of the full trace %+v", i, p, i*thin.Stride(), full.Trace()[p.Step])
		}
	}
}
