// Package dopaminelab is the Dopamine lab: weight perturbation with a
// reward-prediction-error learning rate, trained side by side with SGD, Adam
// and plain weight perturbation on XOR or on the Mackey–Glass series.
//
// It is the playground's second lab, and it is not an associative memory:
// the frame (core/lab, wasm/app, web/) carries it without knowing anything
// about it. The science is in core/dopamine; this package only drives it and
// draws.
//
// A run trains every optimizer shown from the same initial weights (one
// dopamine.Group). The training runs in a Web Worker, never on the page's
// thread: the lab is a lab.WorkSource handing out units of the job kind
// "dopamine.train" (core/jobs), and each unit's result is a snapshot of the
// run (weights, new trace points, when the target was reached, Dopamine's
// baseline) that the lab restores into a replica group, which the views
// draw. One lab step asks for “steps per frame” more updates of every
// optimizer; playing asks for them “speed” times a second; the snapshots
// come at most 20 times a second (a unit covers every step asked for since
// the last one). The run ends after “training steps” updates. Reset
// restarts from the initial weights.
//
// The charts are data drawn by the page (lab.ChartSource): the training
// loss of every optimizer on a log axis with the target, the free-running
// Mackey–Glass forecasts against the truth, the reward
// prediction error |δ| of the perturbation methods with Dopamine's baseline
// d̄, and Dopamine's learning rate η_t against its base rate, its cap and WP's
// fixed rate. The one pixel view is the XOR decision surfaces. Everything follows from the configuration and the seed, so a
// permalink reproduces the curves exactly.
package dopaminelab

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"hebbplay/core/dopamine"
	"hebbplay/core/lab"
	"hebbplay/core/params"
)

// ID is the lab's name in permalinks.
const ID = "dopamine"

func init() { lab.Register(ID, func() lab.Lab { return New() }) }

// SnapshotEvery is the shortest interval between two snapshots of the run
// (two units handed to the worker): at most 20 a second.
const SnapshotEvery = 50 * time.Millisecond

// Lab is the Dopamine lab. Use [New]; the zero value is unusable.
type Lab struct {
	cfg    params.Values
	hasCfg bool
	setup  setup
	hidden []string // controls a classroom link hides (teach.go)

	group *dopamine.Group
	// reached[i] is the trace point at which trainer i first reached the
	// target loss (Step 0 with reachedOK false: not yet).
	reached   []dopamine.TracePoint
	reachedOK []bool
	// base is Dopamine's baseline d̄ at the steps its trace keeps.
	base       []stepValue
	baseStride int

	// The run in the worker: the steps asked for (wanted), handed out
	// (requested) and received; a unit is out while out is true.
	wanted, requested, received int
	out                         bool
	gen, batchNo                int
	lastBatch                   time.Time
	workErr                     string
	// every is the shortest interval between two units (SnapshotEvery;
	// tests that drive the work by hand lift it).
	every time.Duration

	// Timings in milliseconds of applying the snapshots (the page's share
	// of the training) and of the pictures, for the speed measurements: the
	// last, the worst, and the recent ones.
	lastSliceMs, worstSliceMs float64
	lastViewsMs, worstViewsMs float64
	recentSlice, recentViews  recent

	// cmp is the comparison of seeds (compare.go).
	cmp comparison

	views []lab.View // the four views, drawn or not
	shown []lab.View // the views shown (copies of drawn ones)
	ver   uint64
	dirty bool
	draw  drawState
}

// stepValue is a value recorded at a training step.
type stepValue struct {
	step int
	v    float64
}

// New returns the lab, unconfigured.
func New() *Lab { return &Lab{every: SnapshotEvery} }

// ID implements lab.Lab.
func (l *Lab) ID() string { return ID }

// Title implements lab.Lab.
func (l *Lab) Title() string { return "Dopamine: weight perturbation" }

// PlaybackShowIf implements lab.Lab: the buttons are always shown.
func (l *Lab) PlaybackShowIf() string { return "" }

// About implements lab.Lab: the core's help text, which says that the
// Dopamine rule is our reading of an abstract.
func (l *Lab) About() string { return dopamine.About }

// Table implements lab.Lab.
func (l *Lab) Table() *params.Table { return table }

// Actions implements lab.Lab.
func (l *Lab) Actions() []lab.Action {
	return []lab.Action{
		{Name: "equalrates", Label: "Dopamine η₀ = WP η", Help: "Give Dopamine the same base rate as plain WP, so the two differ only by the RPE-driven rate.", Key: "E"},
		{Name: "newseed", Label: "New seed", Help: "Train again from other initial weights and perturbations (the next seed).", Key: "N"},
		{Name: "compare", Label: "Compare seeds", Help: fmt.Sprintf("Train every optimizer shown from %d seeds (this one and the next) for the step budget, in parallel Web Workers, and report how many reach the target and how fast. Press again to cancel.", CompareSeeds), Key: "C"},
	}
}

// Act implements lab.Lab.
func (l *Lab) Act(name string, v *params.Values) (bool, error) {
	suf := suffix(v.Choice("task"))
	switch name {
	case "equalrates":
		v.Set("eta0"+suf, v.Float("lr_wp"+suf))
	case "newseed":
		v.Set("seed", float64(v.Int("seed")+1))
	case "compare":
		if l.cmp.comparing() {
			l.stopCompare()
			l.cmp.active = false
		} else if l.group != nil {
			l.startCompare()
		}
		return false, nil
	default:
		return false, fmt.Errorf("unknown action %q", name)
	}
	return true, nil
}

// Configure implements lab.Lab. A change of the science (task, network,
// optimizers, rates, seed) starts a new run from the initial weights; a change
// of the pace (steps per frame, speed), the step budget or the forecast
// horizon keeps the run going.
func (l *Lab) Configure(v params.Values) error {
	su, err := setupOf(v)
	if err != nil {
		return err
	}
	restart := !l.hasCfg || l.group == nil
	if !restart {
		for _, p := range table.Params() {
			if !restartFree[p.Name] && l.cfg.Get(p.Name) != v.Get(p.Name) {
				restart = true
				break
			}
		}
	}
	if restart {
		l.stopCompare()
		l.cmp.active = false
		g, err := dopamine.NewGroup(su.cfg, su.methods)
		if err != nil {
			return err
		}
		for _, t := range g.Trainers() {
			t.SetTraceLimit(TraceLimit)
		}
		l.group = g
		l.setup = su
		l.cfg, l.hasCfg = v.Clone(), true
		l.Rewind()
	}
	l.cfg, l.hasCfg = v.Clone(), true
	l.dirty = true
	return nil
}

// steps returns the run's step budget.
func (l *Lab) steps() int { return l.cfg.Int("steps" + suffix(l.cfg.Choice("task"))) }

// Steps returns the number of updates each optimizer has made (as far as
// the snapshots received tell).
func (l *Lab) Steps() int {
	if l.group == nil {
		return 0
	}
	return l.received
}

// Step implements lab.Lab: ask the worker for “steps per frame” more
// updates of every optimizer, or fewer at the run's end.
func (l *Lab) Step() bool {
	if l.group == nil || l.wanted >= l.steps() {
		return false
	}
	if l.cmp.comparing() {
		return true // the live run waits for the comparison
	}
	l.wanted = min(l.wanted+l.cfg.Int("spf"+suffix(l.cfg.Choice("task"))), l.steps())
	l.ver++
	return true
}

// recent keeps the last 64 timings.
type recent struct {
	xs []float64
	i  int
}

func (r *recent) add(x float64) {
	if len(r.xs) < 64 {
		r.xs = append(r.xs, x)
		return
	}
	r.xs[r.i] = x
	r.i = (r.i + 1) % len(r.xs)
}

// median returns the median of the timings kept (0 with none).
func (r *recent) median() float64 {
	if len(r.xs) == 0 {
		return 0
	}
	s := slices.Clone(r.xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// Rewind implements lab.Lab: every optimizer starts again from the initial
// weights of the seed.
func (l *Lab) Rewind() {
	if l.group == nil {
		return
	}
	l.group.Init(l.setup.seed)
	l.abandon()
	l.wanted, l.requested, l.received = 0, 0, 0
	l.workErr = ""
	n := len(l.group.Trainers())
	l.reached = make([]dopamine.TracePoint, n)
	l.reachedOK = make([]bool, n)
	l.base, l.baseStride = l.base[:0], 1
	for i, t := range l.group.Trainers() {
		if p := t.Last(); p.Loss <= l.setup.cfg.Target {
			l.reached[i], l.reachedOK[i] = p, true
		}
	}
	l.dirty = true
}

// Click implements lab.Lab; the views are not clickable.
func (l *Lab) Click(view string, x, y int, v *params.Values) bool { return false }

// Summary implements lab.Lab. Fields: task, step (updates received from the
// worker), queued (updates asked for), steps (the budget), target,
// worstSliceMs, lastSliceMs and medianSliceMs (the page's time to apply a
// snapshot from the worker, the median over the last 64), worstViewsMs,
// lastViewsMs and medianViewsMs
// (drawing time of the pictures), and
// per optimizer (keyed by its name: sgd, adam, wp, dopamine) an object with
// loss, reached, stepsToTarget, forwardToTarget, backwardToTarget, forward,
// backward, memory (bytes beyond the weights) and stalled (the loss stopped
// falling above the target, see dopamine.DetectStall); on Mackey–Glass also
// testNRMSE (one step ahead on the test part, the inputs being the true
// values) and forecastNRMSE (free-running over the forecast horizon, the
// inputs being the network's own predictions). The text says how fair the
// comparison is (fairness, also a field) and why a stalled optimizer is stuck.
func (l *Lab) Summary() lab.Summary {
	if l.group == nil {
		return lab.Summary{Text: "not configured", Fields: map[string]any{}}
	}
	f := map[string]any{
		"task":         l.cfg.Choice("task"),
		"step":         l.Steps(),
		"queued":       l.wanted,
		"steps":        l.steps(),
		"target":       l.setup.cfg.Target,
		"lastSliceMs":  l.lastSliceMs,
		"worstSliceMs": l.worstSliceMs,
		"worstViewsMs": l.worstViewsMs,
		"lastViewsMs":  l.lastViewsMs,
		// The medians of the last 64 slices and redraws.
		"medianSliceMs": l.recentSlice.median(),
		"medianViewsMs": l.recentViews.median(),
	}
	var parts, stalls, oneStep, freeRun []string
	horizon := l.cfg.Int("horizon")
	for i, t := range l.group.Trainers() {
		p := t.Last()
		m := map[string]any{
			"loss":     finite(p.Loss),
			"reached":  l.reachedOK[i],
			"forward":  p.Forward,
			"backward": p.Backward,
			"memory":   t.Memory().Total(),
		}
		part := fmt.Sprintf("%s %s", methodNames[t.Method()], fmtLoss(p.Loss))
		if l.reachedOK[i] {
			r := l.reached[i]
			m["stepsToTarget"], m["forwardToTarget"], m["backwardToTarget"] = r.Step, r.Forward, r.Backward
			part += fmt.Sprintf(" (target at step %d)", r.Step)
		}
		if l.setup.cfg.Task == dopamine.MackeyGlass {
			one, free := t.Metric(), t.ForecastNRMSE(horizon)
			m["testNRMSE"], m["forecastNRMSE"] = finite(one), finite(free)
			name := methodNames[t.Method()]
			oneStep = append(oneStep, fmt.Sprintf("%s %.3g", name, one))
			freeRun = append(freeRun, fmt.Sprintf("%s %.3g", name, free))
		}
		st := stallText(t)
		m["stalled"] = st != ""
		if st != "" {
			stalls = append(stalls, st)
		}
		f[string(t.Method())] = m
		parts = append(parts, part)
	}
	fair := fairness(l.setup.cfg, l.setup.methods, l.rateHidden)
	f["fairness"] = fair
	text := fmt.Sprintf("Step %d of %d · loss: %s", l.Steps(), l.steps(), strings.Join(parts, " · "))
	if len(oneStep) > 0 {
		text += fmt.Sprintf("\nTest NRMSE one step ahead (true inputs): %s · free-running over %d steps (own predictions fed back): %s",
			strings.Join(oneStep, " · "), horizon, strings.Join(freeRun, " · "))
	}
	text += "\n" + fair
	for _, s := range stalls {
		text += "\n⚠ " + s
	}
	if ct, cf := l.compareSummary(); cf != nil {
		text += " · " + ct
		f["compare"] = cf
	}
	if l.workErr != "" {
		text = l.workErr + " " + text
		f["error"] = l.workErr
	}
	return lab.Summary{Text: text, Fields: f}
}

// finite replaces NaN and infinities (which JSON and JavaScript objects do
// not carry well) by -1.
func finite(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return -1
	}
	return x
}

// fmtLoss writes a loss with three significant digits.
func fmtLoss(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return "diverged"
	case x == 0:
		return "0"
	case x >= 0.001:
		return fmt.Sprintf("%.3g", x)
	}
	return fmt.Sprintf("%.2e", x)
}
