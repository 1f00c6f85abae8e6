package jobs

import (
	"encoding/json"
	"fmt"
	"math"

	"hebbplay/core/dopamine"
	"hebbplay/core/job"
)

// Kinds of the Dopamine lab.
const (
	KindDopamineTrain   = "dopamine.train"
	KindDopamineCompare = "dopamine.compare"
)

// MaxTrainSteps bounds a unit's end step of a dopamine.train job.
const MaxTrainSteps = 10_000_000

func init() {
	job.Register(KindDopamineTrain, func() job.Runner { return &trainRunner{} })
	job.Register(KindDopamineCompare, func() job.Runner { return compareRunner{} })
}

// TrainSpec is the spec of a dopamine.train job.
type TrainSpec struct {
	Config  dopamine.Config   `json:"config"`
	Methods []dopamine.Method `json:"methods"`
	Seed    uint64            `json:"seed"`
	// TraceLimit bounds every trainer's trace (Trainer.SetTraceLimit).
	TraceLimit int `json:"traceLimit"`
}

// TrainUnit advances the run from step From to step To (From < To): every
// optimizer makes To−From more updates (Group.Step).
type TrainUnit struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// Point is a dopamine.TracePoint in JSON form.
type Point struct {
	Step     int       `json:"step"`
	Loss     job.Float `json:"loss"`
	RPE      job.Float `json:"rpe"`
	Rate     job.Float `json:"rate"`
	Forward  int       `json:"fwd"`
	Backward int       `json:"bwd"`
}

// PointOf converts a trace point.
func PointOf(p dopamine.TracePoint) Point {
	return Point{Step: p.Step, Loss: job.Float(p.Loss), RPE: job.Float(p.RPE), Rate: job.Float(p.Rate), Forward: p.Forward, Backward: p.Backward}
}

// TracePoint converts back.
func (p Point) TracePoint() dopamine.TracePoint {
	return dopamine.TracePoint{Step: p.Step, Loss: float64(p.Loss), RPE: float64(p.RPE), Rate: float64(p.Rate), Forward: p.Forward, Backward: p.Backward}
}

// StepValue is a value at a training step.
type StepValue struct {
	Step int       `json:"step"`
	V    job.Float `json:"v"`
}

// TrainerSnapshot is one optimizer's state at the end of a unit.
type TrainerSnapshot struct {
	Method dopamine.Method `json:"method"`
	// W are the weights; Last the latest point.
	W    []job.Float `json:"w"`
	Last Point       `json:"last"`
	// Stride is the trace's stride; Points the trace's points after From.
	Stride int     `json:"stride"`
	Points []Point `json:"points"`
	// Reached is the point at which the loss first reached the target,
	// when ReachedOK.
	ReachedOK bool  `json:"reachedOK"`
	Reached   Point `json:"reached"`
	// Base is Dopamine's baseline d̄ at the trace's steps after From (the
	// Dopamine optimizer only).
	Base []StepValue `json:"base,omitempty"`
}

// TrainResult is the result of a dopamine.train unit: the run's state at
// step To.
type TrainResult struct {
	From     int               `json:"from"`
	To       int               `json:"to"`
	Trainers []TrainerSnapshot `json:"trainers"`
}

// trainState is a worker's run: the group after n steps, with what the
// traces do not hold.
type trainState struct {
	key       string
	spec      TrainSpec
	group     *dopamine.Group
	n         int
	reached   []dopamine.TracePoint
	reachedOK []bool
	base      [][]StepValue
}

type trainRunner struct{ st *trainState }

// Run implements job.Runner.
func (r *trainRunner) Run(req []byte, _ job.Env) (any, error) {
	var spec TrainSpec
	var u TrainUnit
	if err := job.One(req, &spec, &u); err != nil {
		return nil, err
	}
	if u.From < 0 || u.To <= u.From || u.To > MaxTrainSteps {
		return nil, fmt.Errorf("jobs: dopamine.train unit from %d to %d: want 0 ≤ from < to ≤ %d", u.From, u.To, MaxTrainSteps)
	}
	key, _ := json.Marshal(spec)
	st := r.st
	if st == nil || st.key != string(key) || st.n > u.From {
		var err error
		if st, err = newTrainState(spec); err != nil {
			r.st = nil
			return nil, err
		}
		st.key = string(key)
		r.st = st
	}
	for st.n < u.From {
		st.step()
	}
	for st.n < u.To {
		st.step()
	}
	return st.snapshot(u), nil
}

func newTrainState(spec TrainSpec) (*trainState, error) {
	if spec.TraceLimit < 0 || spec.TraceLimit > 100_000 {
		return nil, fmt.Errorf("jobs: trace limit %d outside 0..100000", spec.TraceLimit)
	}
	g, err := dopamine.NewGroup(spec.Config, spec.Methods)
	if err != nil {
		return nil, err
	}
	for _, t := range g.Trainers() {
		t.SetTraceLimit(spec.TraceLimit)
	}
	g.Init(spec.Seed)
	n := len(g.Trainers())
	st := &trainState{spec: spec, group: g, reached: make([]dopamine.TracePoint, n), reachedOK: make([]bool, n), base: make([][]StepValue, n)}
	st.record()
	return st, nil
}

// step makes one step of every optimizer and records it.
func (st *trainState) step() {
	st.group.Step(1)
	st.n++
	st.record()
}

// record notes when each optimizer first reached the target and Dopamine's
// baseline at the steps the trace keeps.
func (st *trainState) record() {
	for i, t := range st.group.Trainers() {
		p := t.Last()
		if !st.reachedOK[i] && p.Loss <= st.spec.Config.Target {
			st.reached[i], st.reachedOK[i] = p, true
		}
		b, ok := t.Optimizer().(interface{ Baseline() float64 })
		if !ok {
			continue
		}
		s := t.Stride()
		kept := st.base[i][:0]
		for _, v := range st.base[i] {
			if v.Step%s == 0 {
				kept = append(kept, v)
			}
		}
		st.base[i] = kept
		if p.Step%s == 0 && (len(kept) == 0 || kept[len(kept)-1].Step < p.Step) {
			st.base[i] = append(st.base[i], StepValue{Step: p.Step, V: job.Float(b.Baseline())})
		}
	}
}

func (st *trainState) snapshot(u TrainUnit) TrainResult {
	res := TrainResult{From: u.From, To: u.To}
	for i, t := range st.group.Trainers() {
		s := TrainerSnapshot{Method: t.Method(), W: job.Floats(t.Params()), Last: PointOf(t.Last()), Stride: t.Stride(),
			ReachedOK: st.reachedOK[i], Points: []Point{}}
		if s.ReachedOK {
			s.Reached = PointOf(st.reached[i])
		}
		for _, p := range t.Trace() {
			if p.Step > u.From {
				s.Points = append(s.Points, PointOf(p))
			}
		}
		for _, v := range st.base[i] {
			if v.Step > u.From {
				s.Base = append(s.Base, v)
			}
		}
		res.Trainers = append(res.Trainers, s)
	}
	return res
}

// CompareSpec is the spec of a dopamine.compare job: every unit trains one
// optimizer from one seed for Steps updates (Trainer.Run).
type CompareSpec struct {
	Config dopamine.Config `json:"config"`
	Steps  int             `json:"steps"`
	// StopAtTarget ends a run when it reaches the target.
	StopAtTarget bool `json:"stopAtTarget"`
	// Horizon is the free-running forecast's length for the forecast NRMSE
	// on Mackey–Glass (0: none).
	Horizon int `json:"horizon"`
}

// CompareUnit is one optimizer and one seed.
type CompareUnit struct {
	Method dopamine.Method `json:"method"`
	Seed   uint64          `json:"seed"`
}

// CompareResult is a dopamine.Result in JSON form, with the free-running
// forecast's NRMSE.
type CompareResult struct {
	Method           dopamine.Method `json:"method"`
	Seed             uint64          `json:"seed"`
	Reached          bool            `json:"reached"`
	StepsToTarget    int             `json:"stepsToTarget"`
	ForwardToTarget  int             `json:"forwardToTarget"`
	BackwardToTarget int             `json:"backwardToTarget"`
	Diverged         bool            `json:"diverged"`
	Steps            int             `json:"steps"`
	Forward          int             `json:"forward"`
	Backward         int             `json:"backward"`
	FinalLoss        job.Float       `json:"finalLoss"`
	FinalMetric      job.Float       `json:"finalMetric"`
	ForecastNRMSE    job.Float       `json:"forecastNRMSE"`
	Memory           int             `json:"memory"`
}

type compareRunner struct{}

// Run implements job.Runner.
func (compareRunner) Run(req []byte, _ job.Env) (any, error) {
	var spec CompareSpec
	var u CompareUnit
	if err := job.One(req, &spec, &u); err != nil {
		return nil, err
	}
	if spec.Steps < 1 || spec.Steps > MaxTrainSteps {
		return nil, fmt.Errorf("jobs: dopamine.compare steps %d outside 1..%d", spec.Steps, MaxTrainSteps)
	}
	if spec.Horizon < 0 || spec.Horizon > 100_000 {
		return nil, fmt.Errorf("jobs: dopamine.compare horizon %d outside 0..100000", spec.Horizon)
	}
	t, err := dopamine.NewTrainer(spec.Config, u.Method)
	if err != nil {
		return nil, err
	}
	t.Init(u.Seed)
	r := t.Run(spec.Config.Target, spec.Steps, spec.StopAtTarget)
	fc := math.NaN()
	if spec.Horizon > 0 {
		fc = t.ForecastNRMSE(spec.Horizon)
	}
	return CompareResult{Method: r.Method, Seed: u.Seed, Reached: r.Reached, StepsToTarget: r.StepsToTarget,
		ForwardToTarget: r.ForwardToTarget, BackwardToTarget: r.BackwardToTarget, Diverged: r.Diverged,
		Steps: r.Steps, Forward: r.Forward, Backward: r.Backward, FinalLoss: job.Float(r.FinalLoss),
		FinalMetric: job.Float(r.FinalMetric), ForecastNRMSE: job.Float(fc), Memory: r.Memory.Total()}, nil
}
