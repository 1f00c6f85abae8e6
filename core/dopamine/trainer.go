package dopamine

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"hebbplay/core/dopamine/task"
	"hebbplay/core/optim"
)

// The PCG streams drawn from a seed: one for the initial weights, shared by
// all optimizers, and one for the perturbations.
const (
	streamWeights = 1
	streamNoise   = 2
)

// problem is what a task offers a Trainer.
type problem interface {
	optim.Objective
	Dim() int
	Init(w []float64, rnd *rand.Rand)
}

// TracePoint records the state after one step.
type TracePoint struct {
	// Step is the number of updates made; the point Init records has Step 0.
	Step int
	// Loss is the training loss after the update (mean squared error).
	Loss float64
	// RPE is the step's reward prediction error δ (WP and Dopamine; 0
	// otherwise and at Step 0).
	RPE float64
	// Rate is the learning rate the step used (η_t for Dopamine; 0 at Step 0).
	Rate float64
	// Forward and Backward are the optimizer's passes so far.
	Forward, Backward int
}

// Trainer trains one network with one optimizer, a step at a time. A browser
// lab creates one Trainer per optimizer shown, with the same Config and seed,
// and calls Step on each for a few steps per frame.
//
// The trace's loss after each update is measured by an extra forward pass
// that is not counted: the counters hold only the passes the optimizer itself
// needs. Views (surface, forecast) are not counted either.
type Trainer struct {
	cfg     Config
	method  Method
	prob    problem
	xor     *task.XOR
	series  *task.Series
	counter optim.Counter
	opt     optim.Optimizer
	w       []float64
	seed    uint64
	trace   []TracePoint
	last    TracePoint // the latest point, recorded in trace or not
	limit   int        // the most points the trace keeps; 0 for no limit
	stride  int        // the trace keeps the points whose Step is a multiple of stride
	fc      []float64  // scratch for ForecastNRMSE
}

// NewTrainer returns a trainer for method on the task of cfg, initialised
// with seed 0 (call Init to choose another).
func NewTrainer(cfg Config, method Method) (*Trainer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	opt, err := cfg.newOptimizer(method)
	if err != nil {
		return nil, err
	}
	t := &Trainer{cfg: cfg, method: method, opt: opt}
	switch cfg.Task {
	case XOR:
		t.xor = task.NewXOR(cfg.Hidden)
		t.prob = t.xor
	case MackeyGlass:
		t.series, err = task.NewSeries(cfg.Hidden, cfg.Series)
		if err != nil {
			return nil, err
		}
		t.prob = t.series
	}
	t.counter.Objective = t.prob
	t.w = make([]float64, t.prob.Dim())
	t.Init(0)
	return t, nil
}

// Init restarts training from seed: fresh weights from the seed's weight
// stream (the same for every optimizer), a fresh optimizer state drawing
// perturbations from the seed's noise stream, zero counters, and a trace
// holding only the initial point.
func (t *Trainer) Init(seed uint64) {
	t.seed = seed
	t.prob.Init(t.w, rand.New(rand.NewPCG(seed, streamWeights)))
	t.opt.Reset(len(t.w), rand.New(rand.NewPCG(seed, streamNoise)))
	t.counter.Forward, t.counter.Backward = 0, 0
	t.last = TracePoint{Loss: t.prob.Loss(t.w)}
	t.trace = append(t.trace[:0], t.last)
	t.stride = 1
}

// SetTraceLimit bounds the trace to about n points (n ≥ 2; 0 lifts the
// bound), so a lab can train for as long as it likes: whenever the trace
// would grow past n points, every other point is dropped and from then on only
// every second step as many is recorded. Points keep their Step, so a plot's
// step axis stays right.
func (t *Trainer) SetTraceLimit(n int) {
	if n == 1 {
		n = 2
	}
	t.limit = max(n, 0)
	t.thin()
}

// thin halves the trace's resolution until it fits the limit.
func (t *Trainer) thin() {
	for t.limit > 0 && len(t.trace) > t.limit {
		t.stride *= 2
		kept := t.trace[:0]
		for _, p := range t.trace {
			if p.Step%t.stride == 0 {
				kept = append(kept, p)
			}
		}
		t.trace = kept
	}
}

// Step makes one optimizer update and returns its trace point, which is also
// appended to the trace (unless SetTraceLimit has thinned it and the step
// falls between the recorded ones).
func (t *Trainer) Step() TracePoint {
	info := t.opt.Step(t.w, &t.counter)
	p := TracePoint{
		Step:     t.last.Step + 1,
		Loss:     t.prob.Loss(t.w),
		RPE:      info.RPE,
		Rate:     info.Rate,
		Forward:  t.counter.Forward,
		Backward: t.counter.Backward,
	}
	t.last = p
	if p.Step%t.stride == 0 {
		t.trace = append(t.trace, p)
		t.thin()
	}
	return p
}

// Trace returns the trace so far, from the initial point on: every step's
// point, or every Stride()-th once SetTraceLimit has thinned it. The slice is
// the trainer's own: read it, do not keep it across Step or Init.
func (t *Trainer) Trace() []TracePoint { return t.trace }

// Stride returns the step interval between the trace's points (1 unless
// thinned).
func (t *Trainer) Stride() int { return t.stride }

// Last returns the latest point, whether or not the trace kept it.
func (t *Trainer) Last() TracePoint { return t.last }

// Loss returns the current training loss.
func (t *Trainer) Loss() float64 { return t.last.Loss }

// Steps returns the number of updates made since Init.
func (t *Trainer) Steps() int { return t.last.Step }

// Seed returns the seed of the last Init.
func (t *Trainer) Seed() uint64 { return t.seed }

// Method returns the trainer's optimizer name.
func (t *Trainer) Method() Method { return t.method }

// Config returns the trainer's configuration.
func (t *Trainer) Config() Config { return t.cfg }

// Optimizer returns the optimizer, for inspection (e.g. Dopamine's baseline).
func (t *Trainer) Optimizer() optim.Optimizer { return t.opt }

// Params returns the current parameter vector, laid out as documented by the
// task's network (nn.MLP or nn.RNN). It is the trainer's own slice.
func (t *Trainer) Params() []float64 { return t.w }

// Memory returns the optimizer's memory beyond the weights.
func (t *Trainer) Memory() optim.Memory { return t.opt.Memory(t.prob) }

// Metric returns the figure a run reports at its end: the training loss for
// XOR, the test one-step NRMSE for Mackey–Glass.
func (t *Trainer) Metric() float64 {
	if t.series != nil {
		return t.series.TestNRMSE(t.w)
	}
	return t.Loss()
}

// ErrWrongTask is returned by a view asked of the other task.
var ErrWrongTask = errors.New("dopamine: view not available for this task")

// XORTask returns the XOR task, or nil on the Mackey–Glass task.
func (t *Trainer) XORTask() *task.XOR { return t.xor }

// SeriesTask returns the Mackey–Glass task, or nil on XOR.
func (t *Trainer) SeriesTask() *task.Series { return t.series }

// Surface returns the XOR decision surface on an n×n grid over [lo, hi]²,
// reusing dst (see task.XOR.Surface for the layout; row 0 is the bottom edge).
// A view of [−0.5, 1.5]² shows the four points with a margin.
func (t *Trainer) Surface(dst []float64, n int, lo, hi float64) ([]float64, error) {
	if t.xor == nil {
		return dst, ErrWrongTask
	}
	if n < 2 {
		return dst, errors.New("dopamine: surface grid needs n ≥ 2")
	}
	return t.xor.Surface(dst, t.w, n, lo, hi), nil
}

// Forecast returns a free-running forecast of horizon steps from the end of
// the Mackey–Glass training part, reusing dst, and the true values it
// predicts (shorter than horizon if the test part is; the truth aliases the
// data and must not be modified).
func (t *Trainer) Forecast(dst []float64, horizon int) (pred, truth []float64, err error) {
	if t.series == nil {
		return dst, nil, ErrWrongTask
	}
	if horizon < 0 {
		return dst, nil, errors.New("dopamine: negative forecast horizon")
	}
	return t.series.Forecast(dst, t.w, horizon), t.series.Truth(horizon), nil
}

// Result summarises a run.
type Result struct {
	// Method is the optimizer.
	Method Method
	// Reached tells whether the training loss reached the target.
	Reached bool
	// StepsToTarget, ForwardToTarget and BackwardToTarget are the updates and
	// the optimizer's passes spent until the loss first reached the target;
	// meaningful only when Reached.
	StepsToTarget, ForwardToTarget, BackwardToTarget int
	// Diverged tells whether the loss became NaN or infinite (the run stops).
	Diverged bool
	// Steps, Forward and Backward are the totals of the run.
	Steps, Forward, Backward int
	// FinalLoss is the training loss at the end; FinalMetric the task's
	// figure (see Trainer.Metric).
	FinalLoss, FinalMetric float64
	// Memory is the optimizer's memory beyond the weights.
	Memory optim.Memory
}

// Run steps until the training loss is at most target or maxSteps updates
// have been made since Init; with stopAtTarget false it goes on to maxSteps
// after the target is reached, so final losses compare at equal step budgets.
// It stops early if the loss diverges.
func (t *Trainer) Run(target float64, maxSteps int, stopAtTarget bool) Result {
	r := Result{Method: t.method}
	mark := func(p TracePoint) {
		if !r.Reached && p.Loss <= target {
			r.Reached = true
			r.StepsToTarget, r.ForwardToTarget, r.BackwardToTarget = p.Step, p.Forward, p.Backward
		}
	}
	mark(t.Last())
	for t.Steps() < maxSteps && !(stopAtTarget && r.Reached) {
		p := t.Step()
		if math.IsNaN(p.Loss) || math.IsInf(p.Loss, 0) {
			r.Diverged = true
			break
		}
		mark(p)
	}
	last := t.Last()
	r.Steps, r.Forward, r.Backward = last.Step, last.Forward, last.Backward
	r.FinalLoss = last.Loss
	r.FinalMetric = t.Metric()
	r.Memory = t.Memory()
	return r
}

// Group trains several optimizers side by side on the same task, data and
// initial weights: what the lab's overlaid loss curves show.
type Group struct {
	trainers []*Trainer
}

// NewGroup returns one trainer per method, all on cfg and initialised with
// seed 0.
func NewGroup(cfg Config, methods []Method) (*Group, error) {
	if len(methods) == 0 {
		return nil, errors.New("dopamine: a group needs at least one optimizer")
	}
	g := &Group{}
	for _, m := range methods {
		t, err := NewTrainer(cfg, m)
		if err != nil {
			return nil, err
		}
		g.trainers = append(g.trainers, t)
	}
	return g, nil
}

// Init restarts every trainer from seed.
func (g *Group) Init(seed uint64) {
	for _, t := range g.trainers {
		t.Init(seed)
	}
}

// Step makes n steps with every trainer, one step each in turn, skipping a
// trainer whose loss is no longer finite. A browser calls it once per frame
// with a small n.
func (g *Group) Step(n int) {
	for i := 0; i < n; i++ {
		for _, t := range g.trainers {
			if l := t.Loss(); !math.IsNaN(l) && !math.IsInf(l, 0) {
				t.Step()
			}
		}
	}
}

// Trainers returns the group's trainers, in the order of the methods given.
func (g *Group) Trainers() []*Trainer { return g.trainers }

// ForecastNRMSE returns the NRMSE of a free-running forecast of horizon steps
// from the end of the Mackey–Glass training part against the truth, NaN on
// XOR or for a horizon of 0.
func (t *Trainer) ForecastNRMSE(horizon int) float64 {
	if t.series == nil || horizon <= 0 {
		return math.NaN()
	}
	pred, truth, _ := t.Forecast(t.fc, horizon)
	t.fc = pred
	return task.NRMSE(pred[:len(truth)], truth)
}

// Restore puts the trainer in a state computed elsewhere by a trainer of
// the same configuration (a Web Worker training for a browser lab, which
// keeps this trainer as a replica to draw and never steps it): the weights
// w, the latest point last, and the trace's stride and new points at that
// state (the points after the ones this trainer holds). The trace then
// holds what the other trainer's does. The optimizer's state is not
// restored: a restored trainer is for reading, not for stepping on.
func (t *Trainer) Restore(w []float64, last TracePoint, points []TracePoint, stride int) error {
	if len(w) != len(t.w) {
		return fmt.Errorf("dopamine: restore with %d weights, want %d", len(w), len(t.w))
	}
	if stride < 1 {
		return fmt.Errorf("dopamine: restore with stride %d, want at least 1", stride)
	}
	end := last.Step + 1
	if len(points) > 0 {
		end = points[0].Step
	}
	kept := t.trace[:0]
	for _, p := range t.trace {
		if p.Step%stride == 0 && p.Step < end {
			kept = append(kept, p)
		}
	}
	t.trace = append(kept, points...)
	t.stride = stride
	t.last = last
	copy(t.w, w)
	return nil
}
