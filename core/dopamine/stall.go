package dopamine

import (
	"fmt"
	"math"
	"strings"

	"hebbplay/core/dopamine/task"
)

// Stall describes whether a run has stopped making progress above its
// target loss, as DetectStall reads it from the loss trace.
type Stall struct {
	// Stalled tells whether the loss is above the target and fell by less
	// than the relative amount asked for over the last window of steps.
	Stalled bool
	// Since is the first step from which the loss has stayed within 1% of
	// its current value (meaningful when Stalled).
	Since int
	// Loss is the current loss.
	Loss float64
	// Drop is the relative fall of the loss over the window, (L_start −
	// min L)/L_start, where min L is the lowest loss after the window's start.
	Drop float64
}

// Stall windows and the least relative fall that counts as progress, for
// the defaults of each task (see StallWindow).
const (
	// StallMinDrop is the least relative fall of the loss over a window that
	// counts as progress: 1%.
	StallMinDrop   = 0.01
	stallWindowXOR = 1000
	stallWindowMG  = 2000
)

// StallWindow returns the number of steps over which a run on task t must
// make progress: 1000 on XOR (the default optimizers reach the target in a
// few hundred steps at most), 2000 on Mackey–Glass.
func StallWindow(t Task) int {
	if t == MackeyGlass {
		return stallWindowMG
	}
	return stallWindowXOR
}

// DetectStall reads a loss trace (points in increasing Step order, the last
// one the current state): the run has stalled when its latest loss is above
// target, the trace spans at least window steps, and over the last window
// steps the loss fell by less than minDrop of its value at the window's
// start. A diverged run (a loss that is not finite) is not a stall, and
// neither is a run too short to judge.
//
// The rule reads only the trace, so it sees plateaus of any cause: on XOR the
// classic ones are all outputs near 0.5 (symmetric or saturated hidden units,
// loss 0.25) and two points of opposite class mapped to one hidden code
// (loss 0.125); see ExplainXOR.
func DetectStall(trace []TracePoint, target float64, window int, minDrop float64) Stall {
	if len(trace) == 0 {
		return Stall{}
	}
	last := trace[len(trace)-1]
	s := Stall{Loss: last.Loss}
	if math.IsNaN(last.Loss) || math.IsInf(last.Loss, 0) || last.Loss <= target || window < 1 {
		return s
	}
	start := last.Step - window
	if trace[0].Step > start {
		return s // too short to judge
	}
	i := len(trace) - 1
	for i > 0 && trace[i-1].Step >= start {
		i--
	}
	// trace[i] is the first point at or after the window's start.
	ref := trace[i].Loss
	best := ref
	for _, p := range trace[i+1:] {
		best = math.Min(best, p.Loss)
	}
	if ref > 0 {
		s.Drop = (ref - best) / ref
	}
	s.Stalled = s.Drop < minDrop
	s.Since = last.Step
	for j := len(trace) - 1; j >= 0 && math.Abs(trace[j].Loss-last.Loss) <= 0.01*last.Loss; j-- {
		s.Since = trace[j].Step
	}
	return s
}

// Stall applies DetectStall to the trainer's trace (with its latest point)
// at the configuration's target, over StallWindow steps with StallMinDrop.
func (t *Trainer) Stall() Stall {
	tr := t.trace
	if n := len(tr); n == 0 || tr[n-1].Step != t.last.Step {
		tr = append(tr[:n:n], t.last)
	}
	return DetectStall(tr, t.cfg.Target, StallWindow(t.cfg.Task), StallMinDrop)
}

// ExplainXOR says, for people, why a stalled XOR network is stuck, from its
// outputs on the four points (in the order of task.XORInputs), and suggests
// what to try.
func ExplainXOR(out []float64) string {
	if len(out) != len(task.XORTargets) {
		return ""
	}
	var undecided, wrong []string
	for i, o := range out {
		pt := fmt.Sprintf("(%g,%g)", task.XORInputs[2*i], task.XORInputs[2*i+1])
		switch {
		case math.Abs(o-0.5) < 0.1:
			undecided = append(undecided, pt)
		case math.Abs(o-task.XORTargets[i]) > 0.5:
			wrong = append(wrong, fmt.Sprintf("%s gets %.2f for %g", pt, o, task.XORTargets[i]))
		}
	}
	var why string
	switch {
	case len(undecided) == len(out):
		why = "the network outputs about 0.5 on all four points: its hidden units are symmetric or saturated, so the gradient nearly vanishes (loss 0.25)"
	case len(undecided) > 0 && len(wrong) == 0:
		why = fmt.Sprintf("%s get about 0.5: the hidden units give points of opposite class the same code (saturated tanh units), so 0.5 is the best output for them and the gradient nearly vanishes", strings.Join(undecided, " and "))
	case len(wrong) > 0:
		why = fmt.Sprintf("%s: a plateau where the hidden units barely move", strings.Join(wrong, ", "))
	default:
		why = "the loss stopped falling before the target: the rate may be too small"
	}
	return why + ". Try another seed, a smaller learning rate or more hidden units; weight perturbation's noise may also escape given more steps."
}
