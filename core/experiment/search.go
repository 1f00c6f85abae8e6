package experiment

import (
	"context"
	"fmt"
	"slices"

	"hebbplay/core/memory"
)

// Threshold is the fraction of correct recalls that defines capacity: P90 is
// where fcorr, averaged over repetitions, falls to 90% (package doc, section Measurements).
const Threshold = 0.9

// MaxPFactor bounds a capacity search at MaxPFactor·N stored items; a rule
// still above Threshold there is reported with Limited set.
const MaxPFactor = 64

// Point is one probe of a capacity search or one point of a curve.
type Point struct {
	P        int     // stored patterns (Storage) or prototypes (Prototypes)
	Fraction float64 // fcorr or prototype score, averaged over repetitions
	Overlap  float64 // mean overlap of final state and target, as a fraction of K
	Iters    float64 // mean recall iterations
}

func newPoint(P int, scores []Score) Point {
	t := sum(scores)
	pt := Point{P: P, Fraction: meanFraction(scores), Overlap: t.MeanOverlap()}
	if t.Tests > 0 {
		pt.Iters = float64(t.Iters) / float64(t.Tests)
	}
	return pt
}

// CapacityResult is the capacity of one rule.
type CapacityResult struct {
	Rule memory.Rule
	Mode Mode
	// P90 is the largest P whose averaged fraction correct is at least
	// Threshold (Storage: the storage capacity; Prototypes: the prototype
	// capacity).
	P90 int
	// AtP90 is the averaged fraction correct at P90.
	AtP90 float64
	// Bits is the weight information at P90 in bits per synapse, with our
	// normalisation (BitsPerSynapse); BitsNaive is the authors' cruder one
	// (BitsPerSynapseNaive). Both are for Storage only.
	Bits, BitsNaive float64
	// Probes are the P values the search evaluated, in ascending order.
	Probes []Point
	// Limited is set when the fraction never fell below Threshold up to
	// MaxPFactor·N items; P90 is then a lower bound.
	Limited bool
}

// Capacity finds, for every rule of cfg, the largest number of stored items
// at which the fraction of correct recalls, averaged over cfg.Reps
// repetitions, is still at least Threshold. It drives a Search (see there
// for the probing strategy) with cfg.Workers goroutines (Run.Execute);
// repetition r is always measured by worker r mod workers, which keeps that
// repetition's counts between probes, so a probe only adds or removes the
// items between the previous P and the new one before re-deriving the
// weights. progress, if not nil, is called after every unit.
func Capacity(ctx context.Context, cfg Config, mode Mode, progress func(Progress)) ([]CapacityResult, error) {
	r := &Run{cfg: cfg.withDefaults()}
	if err := r.add(cfg, mode, nil, 0); err != nil {
		return nil, err
	}
	if err := r.Execute(ctx, progress); err != nil {
		return nil, err
	}
	return r.tasks[0].results, nil
}

func checkMode(cfg Config, mode Mode) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	if mode == Prototypes && cfg.Ninst < 1 {
		return fmt.Errorf("experiment: ninst = %d; prototype extraction needs 1 ≤ ninst ≤ %d", cfg.Ninst, MaxNinst)
	}
	return nil
}

// Probe asks for the fraction correct of one rule at P items, averaged over
// all repetitions.
type Probe struct {
	Rule memory.Rule
	P    int
}

// Search is the capacity search of every rule of a configuration as a state
// machine, so that the native command and the browser's workers run the very
// same probes: ask Pending for the probes of the next round, measure each in
// every repetition (Units lists the work), Feed the scores back, and repeat
// until Pending is empty.
//
// For each rule the search grows P geometrically (doubling, from N/50) until
// the averaged fraction correct falls below Threshold, then bisects on
// integer P. The fraction need not fall monotonically with P: BCPNN with the
// faithful ε extracts prototypes badly when few are stored (package memory's
// doc, section BCPNN regularisation). So when the first probe fails, the
// search tries P = 1; if that fails too it climbs, doubling P, until it
// reaches the threshold (then grows and bisects as usual) or has not risen
// for two doublings in a row (P90 = 0). One flat step is not enough to give
// up: covariance learning at 10×10 has all weights zero at P = 1 and fcorr
// 2/3 at P = 2 and at P = 4, then passes 90% from P = 5 on.
type Search struct {
	cfg   Config
	mode  Mode
	rules []*ruleSearch
}

type phase uint8

const (
	phaseStart  phase = iota // probing the start P
	phaseOne                 // the start failed: probing P = 1
	phaseClimb               // doubling P while the fraction rises below the threshold
	phaseGrow                // doubling P while the fraction stays at or above it
	phaseBisect              // bisecting between lo (passes) and hi (fails)
	phaseDone
)

// ruleSearch is the state of one rule's search.
type ruleSearch struct {
	res    CapacityResult
	phase  phase
	P      int     // the pending probe
	start  int     // the first P probed
	lo, hi int     // lo passes; hi fails (−1: not yet found)
	prev   float64 // highest fraction seen while climbing
	flat   int     // climbing probes in a row that did not rise above prev
	maxP   int
	seen   map[int]Point
}

// NewSearch starts the capacity search of every rule of cfg in mode.
func NewSearch(cfg Config, mode Mode) (*Search, error) {
	cfg = cfg.withDefaults()
	if err := checkMode(cfg, mode); err != nil {
		return nil, err
	}
	s := &Search{cfg: cfg, mode: mode}
	for _, r := range cfg.Rules {
		start := max(1, cfg.Shape.N/50)
		s.rules = append(s.rules, &ruleSearch{
			res: CapacityResult{Rule: r, Mode: mode}, P: start, start: start, hi: -1,
			maxP: MaxPFactor * cfg.Shape.N, seen: map[int]Point{0: {P: 0, Fraction: 1, Overlap: 1}},
		})
	}
	return s, nil
}

// Pending returns the probes of the next round, one per rule still
// searching, in the order of the configuration's rules.
func (s *Search) Pending() []Probe {
	var out []Probe
	for _, r := range s.rules {
		if r.phase != phaseDone {
			out = append(out, Probe{Rule: r.res.Rule, P: r.P})
		}
	}
	return out
}

// Units lists the work of probes: every repetition of each probe, probe by
// probe, repetitions in order.
func (s *Search) Units(probes []Probe) []Unit {
	var out []Unit
	for _, p := range probes {
		for rep := range s.cfg.Reps {
			out = append(out, Unit{Rule: p.Rule, P: p.P, Rep: rep})
		}
	}
	return out
}

// Feed hands the search the scores of probe p in every repetition (in
// repetition order) and returns the averaged point. A probe that is not
// pending is ignored.
func (s *Search) Feed(p Probe, reps []Score) Point {
	pt := newPoint(p.P, reps)
	for _, r := range s.rules {
		if r.res.Rule == p.Rule && r.phase != phaseDone && r.P == p.P && len(reps) == s.cfg.Reps {
			r.feed(pt, s)
		}
	}
	return pt
}

// Done reports whether every rule's search has finished.
func (s *Search) Done() bool { return len(s.Pending()) == 0 }

// Results returns the capacity of every rule; a rule whose search has not
// finished reports its current lower bound.
func (s *Search) Results() []CapacityResult {
	out := make([]CapacityResult, len(s.rules))
	for k, r := range s.rules {
		out[k] = r.res
		out[k].Probes = slices.Clone(r.res.Probes)
		slices.SortFunc(out[k].Probes, func(a, b Point) int { return a.P - b.P })
	}
	return out
}

func (r *ruleSearch) feed(pt Point, s *Search) {
	r.seen[pt.P] = pt
	r.res.Probes = append(r.res.Probes, pt)
	f := pt.Fraction
	switch r.phase {
	case phaseStart:
		switch {
		case f >= Threshold:
			r.lo = r.P
			r.grow(s)
		case r.P > 1:
			r.prev = f
			r.phase, r.P = phaseOne, 1
		default:
			r.hi = r.P
			r.bisect(s)
		}
	case phaseOne:
		if f >= Threshold {
			r.lo, r.hi = 1, r.start
			r.bisect(s)
		} else {
			r.P = r.start
			r.climb(s)
		}
	case phaseClimb:
		switch {
		case f >= Threshold:
			r.lo = r.P
			r.grow(s)
		case f <= r.prev && r.flat >= 1:
			r.hi = 0 // stopped rising below the threshold: P90 = 0
			r.finish(s)
		case f <= r.prev:
			r.flat++
			r.climb(s)
		default:
			r.prev, r.flat = f, 0
			r.climb(s)
		}
	case phaseGrow:
		if f >= Threshold {
			r.lo = r.P
			r.grow(s)
		} else {
			r.hi = r.P
			r.bisect(s)
		}
	case phaseBisect:
		if f >= Threshold {
			r.lo = r.P
		} else {
			r.hi = r.P
		}
		r.bisect(s)
	}
}

func (r *ruleSearch) grow(s *Search) {
	if r.P >= r.maxP {
		r.res.Limited = true
		r.finish(s)
		return
	}
	r.phase, r.P = phaseGrow, min(2*r.P, r.maxP)
}

func (r *ruleSearch) climb(s *Search) {
	if r.P >= r.maxP {
		r.hi = 0
		r.finish(s)
		return
	}
	r.phase, r.P = phaseClimb, min(2*r.P, r.maxP)
}

func (r *ruleSearch) bisect(s *Search) {
	if r.hi-r.lo <= 1 {
		r.finish(s)
		return
	}
	r.phase, r.P = phaseBisect, r.lo+(r.hi-r.lo)/2
}

func (r *ruleSearch) finish(s *Search) {
	r.phase = phaseDone
	if r.hi == 0 {
		r.lo = 0
	}
	r.res.P90 = r.lo
	r.res.AtP90 = r.seen[r.lo].Fraction
	if s.mode == Storage {
		r.res.Bits = BitsPerSynapse(s.cfg.Shape, r.res.Rule, r.lo)
		r.res.BitsNaive = BitsPerSynapseNaive(s.cfg.Shape, r.lo)
	}
}

// CurvePoint is the averaged outcome of one rule at one P.
type CurvePoint struct {
	Rule memory.Rule
	Point
}

// Curve measures, for every rule and every P in ps, the fraction of correct
// recalls averaged over repetitions (Storage: fcorr(P); Prototypes: the
// prototype extraction score with P prototypes). It splits the work into
// CurveUnits, runs them on cfg.Workers goroutines (Run.Execute: each
// repetition on one worker, walking P upwards so its counts only grow) and
// merges them with MergeCurve. The result is ordered by rule (as in cfg.Rules), then by P
// ascending.
func Curve(ctx context.Context, cfg Config, mode Mode, ps []int, progress func(Progress)) ([]CurvePoint, error) {
	r := &Run{cfg: cfg.withDefaults()}
	if err := r.add(cfg, mode, ps, 0); err != nil {
		return nil, err
	}
	if err := r.Execute(ctx, progress); err != nil {
		return nil, err
	}
	return r.tasks[0].curve, nil
}

// CurveUnits lists the work of a curve over ps (sorted, without duplicates):
// every rule at every P in every repetition, ordered by P, then repetition,
// then rule. A worker that takes its units in order therefore only ever adds
// patterns to each repetition's counts, and the points of small P are
// complete first, so a plot can show them as they arrive.
func CurveUnits(cfg Config, ps []int) ([]Unit, error) {
	cfg = cfg.withDefaults()
	ps = slices.Clone(ps)
	slices.Sort(ps)
	ps = slices.Compact(ps)
	if len(ps) == 0 {
		return nil, fmt.Errorf("experiment: no P values to measure")
	}
	if ps[0] < 0 || ps[len(ps)-1] > MaxPFactor*cfg.Shape.N {
		return nil, fmt.Errorf("experiment: P values must lie in 0..%d (%d·N)", MaxPFactor*cfg.Shape.N, MaxPFactor)
	}
	var units []Unit
	for _, P := range ps {
		for rep := range cfg.Reps {
			for _, r := range cfg.Rules {
				units = append(units, Unit{Rule: r, P: P, Rep: rep})
			}
		}
	}
	return units, nil
}

// MergeCurve averages the scores of units (in any order) into one point per
// rule and P, ordered by rule as in cfg.Rules, then by P. Every rule and P
// must have a score for every repetition exactly once.
func MergeCurve(cfg Config, units []Unit, scores []Score) ([]CurvePoint, error) {
	cfg = cfg.withDefaults()
	if len(units) != len(scores) {
		return nil, fmt.Errorf("experiment: %d units but %d scores", len(units), len(scores))
	}
	type key struct {
		rule memory.Rule
		P    int
	}
	byKey := map[key][]Score{}
	filled := map[key][]bool{}
	var ps []int
	for k, u := range units {
		kk := key{u.Rule, u.P}
		if byKey[kk] == nil {
			byKey[kk] = make([]Score, cfg.Reps)
			filled[kk] = make([]bool, cfg.Reps)
			ps = append(ps, u.P)
		}
		if u.Rep < 0 || u.Rep >= cfg.Reps || filled[kk][u.Rep] {
			return nil, fmt.Errorf("experiment: unit %+v is out of range or repeated", u)
		}
		byKey[kk][u.Rep], filled[kk][u.Rep] = scores[k], true
	}
	slices.Sort(ps)
	ps = slices.Compact(ps)
	var out []CurvePoint
	for _, r := range cfg.Rules {
		for _, P := range ps {
			kk := key{r, P}
			if byKey[kk] == nil {
				return nil, fmt.Errorf("experiment: no scores for %s at P=%d", r, P)
			}
			for rep, ok := range filled[kk] {
				if !ok {
					return nil, fmt.Errorf("experiment: no score for %s at P=%d in repetition %d", r, P, rep)
				}
			}
			out = append(out, CurvePoint{Rule: r, Point: newPoint(P, byKey[kk])})
		}
	}
	return out, nil
}
