package optim_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"hebbplay/core/dopamine/task"
	"hebbplay/core/optim"
)

// objective is what the tests need of a task.
type objective interface {
	optim.Objective
	Dim() int
	Init(w []float64, rnd *rand.Rand)
}

// smallSeries returns a short Mackey–Glass task, quick enough for tests.
func smallSeries(t testing.TB, hidden int) *task.Series {
	s, err := task.NewSeries(hidden, task.SeriesConfig{MG: task.DefaultMackeyGlass(), Train: 120, Test: 40, Washout: 10})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestGradientMethodsSolveXOR(t *testing.T) {
	// Full-batch gradient descent and Adam must bring the XOR loss (MSE over
	// the four points) below 0.01 within a fixed budget, from the weights of
	// each seed; at the defaults they need about 100 (SGD) and 50 (Adam).
	const threshold = 0.01
	for _, tc := range []struct {
		opt    func() optim.Optimizer
		budget int
	}{
		{func() optim.Optimizer { return &optim.SGD{Rate: 2} }, 500},
		{func() optim.Optimizer { return optim.NewAdam(0.05) }, 300},
	} {
		for seed := uint64(1); seed <= 5; seed++ {
			o := tc.opt()
			t.Run(fmt.Sprintf("%s/seed%d", o.Name(), seed), func(t *testing.T) {
				p := task.NewXOR(4)
				w := make([]float64, p.Dim())
				p.Init(w, rand.New(rand.NewPCG(seed, 1)))
				start := p.Loss(w)
				o.Reset(len(w), nil)
				for i := 0; i < tc.budget; i++ {
					o.Step(w, p)
				}
				if l := p.Loss(w); !(l < threshold) {
					t.Errorf("loss %.4g → %.4g after %d steps, want < %g", start, l, tc.budget, threshold)
				}
			})
		}
	}
}

func TestGradientMethodsReduceSeriesLoss(t *testing.T) {
	// On the recurrent task both gradient methods must at least halve the
	// training loss within 300 steps.
	for _, o := range []optim.Optimizer{&optim.SGD{Rate: 0.1}, optim.NewAdam(0.01)} {
		t.Run(o.Name(), func(t *testing.T) {
			p := smallSeries(t, 6)
			w := make([]float64, p.Dim())
			p.Init(w, rand.New(rand.NewPCG(3, 1)))
			start := p.Loss(w)
			o.Reset(len(w), nil)
			for i := 0; i < 300; i++ {
				o.Step(w, p)
			}
			if l := p.Loss(w); !(l < start/2) {
				t.Errorf("loss %.4g → %.4g, want below half", start, l)
			}
		})
	}
}

// flipped is an objective whose loss is the negative of another's: WP on it
// climbs the original loss, so the descent test below must fail on it.
type flipped struct{ objective }

func (f flipped) Loss(w []float64) float64 { return -f.objective.Loss(w) }

func TestWPDescentDirection(t *testing.T) {
	// WP's single-draw update Δw = η·δ·ξ/σ² is a noisy estimate of −η·∇L.
	// Over n draws at fixed weights (seeded), the cosine between Δw and −∇L
	// must be positive on average, by more than 5 standard errors of the
	// mean, and the mean update must point within 25° of −∇L (cosine > 0.9;
	// the noise left after averaging n draws in d dimensions is about
	// √(d/n) relative, 0.1 for the RNN here). The same test on the negated
	// loss must fail.
	const n = 2000
	wp := func() optim.Optimizer { return &optim.WP{Sigma: 1e-3, Rate: 1e-3, Perturbations: 1} }
	dopamine := func() optim.Optimizer {
		return &optim.Dopamine{Sigma: 1e-3, Eta0: 1e-3, Beta: 0.9, RMax: 5, Epsilon: 1e-12, Perturbations: 1}
	}
	for _, tc := range []struct {
		name    string
		obj     func(t *testing.T) objective
		opt     func() optim.Optimizer
		descent bool
	}{
		{"wp/xor", func(*testing.T) objective { return task.NewXOR(4) }, wp, true},
		{"wp/mackey-glass", func(t *testing.T) objective { return smallSeries(t, 4) }, wp, true},
		{"wp/xor-negated", func(*testing.T) objective { return flipped{task.NewXOR(4)} }, wp, false},
		{"dopamine/xor", func(*testing.T) objective { return task.NewXOR(4) }, dopamine, true},
		{"dopamine/xor-negated", func(*testing.T) objective { return flipped{task.NewXOR(4)} }, dopamine, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.obj(t)
			w := make([]float64, p.Dim())
			p.Init(w, rand.New(rand.NewPCG(11, 1)))
			grad := make([]float64, len(w))
			p.LossGrad(grad, w) // the true gradient (of the unflipped loss)
			o := tc.opt()
			o.Reset(len(w), rand.New(rand.NewPCG(11, 2)))
			w0 := append([]float64(nil), w...)
			mean := make([]float64, len(w))
			var sum, sumSq float64
			for k := 0; k < n; k++ {
				copy(w, w0)
				o.Step(w, p)
				var dot, nd, ng float64
				for i := range w {
					d := w[i] - w0[i]
					mean[i] += d / n
					dot -= d * grad[i]
					nd += d * d
					ng += grad[i] * grad[i]
				}
				c := dot / math.Sqrt(nd*ng)
				sum += c
				sumSq += c * c
			}
			avg := sum / n
			se := math.Sqrt((sumSq/n - avg*avg) / n)
			var dot, nm, ng float64
			for i := range mean {
				dot -= mean[i] * grad[i]
				nm += mean[i] * mean[i]
				ng += grad[i] * grad[i]
			}
			cosMean := dot / math.Sqrt(nm*ng)
			t.Logf("mean single-draw cosine %.4f ± %.4f (d = %d), cosine of the mean update %.4f", avg, se, len(w), cosMean)
			isDescent := avg > 5*se && cosMean > 0.9
			if isDescent != tc.descent {
				t.Errorf("descent %v, want %v: mean cosine %.4f, standard error %.4f, cosine of mean %.4f", isDescent, tc.descent, avg, se, cosMean)
			}
		})
	}
}

// scripted is an objective that returns a fixed sequence of losses and
// records the parameters it was asked about.
type scripted struct {
	losses []float64
	calls  [][]float64
}

func (s *scripted) Loss(w []float64) float64 {
	s.calls = append(s.calls, append([]float64(nil), w...))
	l := s.losses[0]
	s.losses = s.losses[1:]
	return l
}
func (s *scripted) LossGrad(grad, w []float64) float64 { panic("not used") }
func (s *scripted) ActivationBytes() int               { return 0 }

func TestDopamineRate(t *testing.T) {
	// RPEs δ = L(W) − L(W+ξ) of five steps, made by a scripted loss, and the
	// rates η_t worked out by hand for η₀ = 0.5, β = 0.8, r_max = 3, ε = 0.
	// Default order: η_t uses d̄_{t−1}, then d̄_t = 0.8·d̄_{t−1} + 0.2·|δ_t|;
	// d̄ starts at the first |δ|. Baseline-first: d̄_t first, then η_t.
	deltas := []float64{0.2, -0.1, 0.4, 0.05, -1.0}
	// Baselines after each step: 0.2, 0.18, 0.224, 0.1892, 0.35136.
	for _, tc := range []struct {
		name          string
		baselineFirst bool
		want          []float64
	}{
		{"baseline-after", false, []float64{
			0.5 * 0.2 / 0.2,    // first step: ratio 1
			0.5 * 0.1 / 0.2,    // 0.25
			0.5 * 0.4 / 0.18,   // 1.1111…
			0.5 * 0.05 / 0.224, // 0.1116…
			0.5 * 3,            // 1/0.1892 = 5.29 capped at r_max = 3
		}},
		{"baseline-first", true, []float64{
			0.5 * 0.2 / 0.2,
			0.5 * 0.1 / 0.18,
			0.5 * 0.4 / 0.224,
			0.5 * 0.05 / 0.1892,
			0.5 * 1 / 0.35136, // 2.846 < r_max
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const sigma = 0.1
			o := &optim.Dopamine{Sigma: sigma, Eta0: 0.5, Beta: 0.8, RMax: 3, Perturbations: 1, BaselineFirst: tc.baselineFirst}
			o.Reset(3, rand.New(rand.NewPCG(1, 2)))
			s := &scripted{}
			for _, d := range deltas {
				s.losses = append(s.losses, 1, 1-d) // L(W), then L(W+ξ)
			}
			w := []float64{0.1, -0.2, 0.3}
			for k, d := range deltas {
				before := append([]float64(nil), w...)
				s.calls = s.calls[:0]
				info := o.Step(w, s)
				if math.Abs(info.RPE-d) > 1e-15 || info.Loss != 1 {
					t.Errorf("step %d: RPE %v, loss %v; want %v, 1", k+1, info.RPE, info.Loss, d)
				}
				if math.Abs(info.Rate-tc.want[k]) > 1e-12 {
					t.Errorf("step %d: η_t = %.15g, want %.15g", k+1, info.Rate, tc.want[k])
				}
				// The update is W ← W + η_t·δ·ξ/σ², with ξ the perturbation the
				// loss was evaluated at.
				for i := range w {
					xi := s.calls[1][i] - before[i]
					want := before[i] + tc.want[k]*d*xi/(sigma*sigma)
					if math.Abs(w[i]-want) > 1e-12 {
						t.Errorf("step %d: w[%d] = %v, want %v", k+1, i, w[i], want)
					}
				}
			}
		})
	}
}

func TestDopamineNextRateCap(t *testing.T) {
	// The ratio is capped at r_max even when the baseline is zero.
	o := &optim.Dopamine{Eta0: 2, Beta: 0.5, RMax: 4, Epsilon: 1e-12}
	if r := o.NextRate(0); r != 0 {
		t.Errorf("first rate for |δ| = 0: %v, want 0", r)
	}
	if r := o.NextRate(1); r != 8 {
		t.Errorf("rate after a zero baseline: %v, want η₀·r_max = 8", r)
	}
}

func TestPassesAndMemory(t *testing.T) {
	p := task.NewXOR(4) // 17 parameters, activations 4·(4+1) float64 = 160 bytes
	const dim, act = 17, 160
	for _, tc := range []struct {
		name          string
		opt           optim.Optimizer
		fwd, bwd      int // per step
		state, work   int
		activations   int
		totalExpected int
	}{
		{"sgd", &optim.SGD{Rate: 1}, 1, 1, 0, 8 * dim, act, 8*dim + act},
		{"adam", optim.NewAdam(0.1), 1, 1, 16 * dim, 8 * dim, act, 24*dim + act},
		{"wp-K1", &optim.WP{Sigma: 0.01, Rate: 0.1, Perturbations: 1}, 2, 0, 0, 8 * dim, 0, 8 * dim},
		{"wp-K4", &optim.WP{Sigma: 0.01, Rate: 0.1, Perturbations: 4}, 5, 0, 0, 16 * dim, 0, 16 * dim},
		{"dopamine-K1", &optim.Dopamine{Sigma: 0.01, Eta0: 0.1, Beta: 0.9, RMax: 5, Perturbations: 1}, 2, 0, 16, 8 * dim, 0, 8*dim + 16},
		{"dopamine-K3", &optim.Dopamine{Sigma: 0.01, Eta0: 0.1, Beta: 0.9, RMax: 5, Perturbations: 3}, 4, 0, 16, 16 * dim, 0, 16*dim + 16},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := make([]float64, p.Dim())
			p.Init(w, rand.New(rand.NewPCG(1, 1)))
			tc.opt.Reset(len(w), rand.New(rand.NewPCG(1, 2)))
			c := &optim.Counter{Objective: p}
			for i := 0; i < 3; i++ {
				tc.opt.Step(w, c)
			}
			if c.Forward != 3*tc.fwd || c.Backward != 3*tc.bwd {
				t.Errorf("passes after 3 steps: %d forward, %d backward; want %d, %d", c.Forward, c.Backward, 3*tc.fwd, 3*tc.bwd)
			}
			m := tc.opt.Memory(p)
			if m.State != tc.state || m.Work != tc.work || m.Activations != tc.activations || m.Total() != tc.totalExpected {
				t.Errorf("memory %+v (total %d), want state %d, work %d, activations %d (total %d)",
					m, m.Total(), tc.state, tc.work, tc.activations, tc.totalExpected)
			}
		})
	}
}

func TestWPAveragesPerturbations(t *testing.T) {
	// With K perturbations the update is the mean of the K single updates.
	s := &scripted{losses: []float64{1, 0.9, 1.2, 0.7}} // δ = 0.1, −0.2, 0.3
	o := &optim.WP{Sigma: 0.1, Rate: 0.05, Perturbations: 3}
	o.Reset(2, rand.New(rand.NewPCG(4, 2)))
	w := []float64{0.5, -0.5}
	before := append([]float64(nil), w...)
	info := o.Step(w, s)
	deltas := []float64{0.1, -0.2, 0.3}
	if math.Abs(info.RPE-0.2/3) > 1e-15 {
		t.Errorf("mean RPE %v, want %v", info.RPE, 0.2/3)
	}
	for i := range w {
		var want float64
		for k, d := range deltas {
			want += d * (s.calls[k+1][i] - before[i]) / 3
		}
		want = before[i] + 0.05*want/0.01
		if math.Abs(w[i]-want) > 1e-12 {
			t.Errorf("w[%d] = %v, want %v", i, w[i], want)
		}
	}
}

func TestDopamineGainAlongGradient(t *testing.T) {
	// For small σ, δ ≈ −σ|g|·u with u ~ N(0, 1), and a steady baseline
	// d̄ ≈ E|δ| = σ|g|·√(2/π). Dopamine's mean update along −g is then
	// η₀·|g|·E[|u|³]/E[|u|] = 2·η₀·|g|, twice WP's η·|g| at η = η₀: at equal
	// rates, Dopamine is WP with about twice the step along the gradient.
	// Measured over n seeded draws at fixed weights with a slow baseline
	// (β = 0.99); the tolerance covers the sampling error (about 3%) and the
	// baseline's own fluctuation.
	const n = 20000
	p := task.NewXOR(4)
	w0 := make([]float64, p.Dim())
	p.Init(w0, rand.New(rand.NewPCG(5, 1)))
	grad := make([]float64, len(w0))
	p.LossGrad(grad, w0)
	var gg float64
	for _, g := range grad {
		gg += g * g
	}
	along := func(o optim.Optimizer) float64 {
		o.Reset(len(w0), rand.New(rand.NewPCG(5, 2)))
		w := make([]float64, len(w0))
		var sum float64
		for k := 0; k < n; k++ {
			copy(w, w0)
			o.Step(w, p)
			for i := range w {
				sum -= (w[i] - w0[i]) * grad[i]
			}
		}
		return sum / n / math.Sqrt(gg)
	}
	wp := along(&optim.WP{Sigma: 1e-4, Rate: 1e-3, Perturbations: 1})
	dop := along(&optim.Dopamine{Sigma: 1e-4, Eta0: 1e-3, Beta: 0.99, RMax: 100, Epsilon: 1e-300, Perturbations: 1})
	ratio := dop / wp
	t.Logf("mean step along −g: WP %.4g, Dopamine %.4g (η|g| = %.4g), ratio %.3f", wp, dop, 1e-3*math.Sqrt(gg), ratio)
	if ratio < 1.8 || ratio > 2.25 {
		t.Errorf("Dopamine/WP step along −g = %.3f, want ≈ 2 (within [1.8, 2.25])", ratio)
	}
}

// BenchmarkOptimizerStep times one optimizer step (the passes it needs and
// the update, nothing else) on each task at the lab's default sizes.
func BenchmarkOptimizerStep(b *testing.B) {
	series, err := task.NewSeries(8, task.DefaultSeriesConfig())
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range []struct {
		name string
		obj  objective
	}{{"xor", task.NewXOR(4)}, {"mackey-glass", series}} {
		for _, o := range []optim.Optimizer{
			&optim.SGD{Rate: 1e-3},
			optim.NewAdam(1e-3),
			&optim.WP{Sigma: 0.01, Rate: 1e-3, Perturbations: 1},
			&optim.Dopamine{Sigma: 0.01, Eta0: 1e-3, Beta: 0.9, RMax: 5, Epsilon: 1e-12, Perturbations: 1},
		} {
			b.Run(p.name+"/"+o.Name(), func(b *testing.B) {
				w := make([]float64, p.obj.Dim())
				p.obj.Init(w, rand.New(rand.NewPCG(1, 1)))
				o.Reset(len(w), rand.New(rand.NewPCG(1, 2)))
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					o.Step(w, p.obj)
				}
			})
		}
	}
}
