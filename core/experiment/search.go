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
	// Spread is the spread of the repetitions' own fractions at P: their
	// standard deviation and the 95% Student-t interval of their mean
	// (Spread.Mean equals Fraction); it is what a chart's band shows.
	Spread Interval
}

func newPoint(P int, scores []Score) Point {
	t := sum(scores)
	fr := make([]float64, len(scores))
	for k, s := range scores {
		fr[k] = s.Fraction()
	}
	pt := Point{P: P, Fraction: meanFraction(scores), Overlap: t.MeanOverlap(), Spread: MeanInterval(fr)}
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
	// Bits is the weight information at P90 in bits per independent
	// synapse (BitsPerSynapse: halved counts for symmetric rules), BitsAll
	// in bits per possible synapse, all of them counted (BitsPerSynapseAll,
	// the literature's count), and BitsNaive the authors' cruder
	// normalisation (BitsPerSynapseNaive). All are for Storage only.
	Bits, BitsAll, BitsNaive float64
	// Probes are the P values the search evaluated, in ascending order.
	Probes []Point
	// Limited is set when the fraction never fell below Threshold up to
	// MaxPFactor·N items; P90 is then a lower bound.
	Limited bool
	// RepP90 holds each repetition's own P90: the largest P at which that
	// repetition's fraction correct is at least Threshold (found by a
	// per-repetition search that starts from the probes above, see Search).
	// P90 itself stays the crossing of the averaged curve.
	RepP90 []int
	// Spread is the mean, standard deviation and 95% Student-t interval of
	// RepP90 (see Interval).
	Spread Interval
	// RepUnits counts the single-repetition units the per-repetition search
	// measured on top of the Probes (each probe costs Reps units).
	RepUnits int
}

// Capacity finds, for every rule of cfg, the largest number of stored items
// at which the fraction of correct recalls, averaged over cfg.Reps
// repetitions, is still at least Threshold. It drives a Search (see there
// for the probing strategy) with cfg.Workers goroutines (Run.Execute);
// each worker keeps the counts of the repetitions it has measured, so a
// probe only adds or removes the items between the previous P and the new
// one before re-deriving the weights. progress, if not nil, is called after
// every unit.
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
// all repetitions, or, when Single is set, in repetition Rep only (the
// per-repetition search).
type Probe struct {
	Rule   memory.Rule
	P      int
	Single bool
	Rep    int // the repetition of a Single probe
}

// units returns the number of units probe p costs.
func (p Probe) units(reps int) int {
	if p.Single {
		return 1
	}
	return reps
}

// Search is the capacity search of every rule of a configuration as a state
// machine, so that the native command and the browser's workers run the very
// same probes: ask Pending for the probes pending, measure each in every
// repetition (Units lists the work), Feed the scores back, and repeat until
// Pending is empty. Each rule's probes (and each repetition's, in its own
// search) follow one another, but the rules are independent: a rule's
// next probe is pending as soon as its last one is fed, whatever the other
// rules' probes still being measured (Run hands it out at once).
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
//
// Once a rule's P90 is found, the search finds each repetition's own P90
// (CapacityResult.RepP90) in the same rounds, with Single probes that cost
// one unit each: repetition r starts from the probes already made, between
// the largest probed P where its own fraction passes and the next probed P
// (which fails), and bisects that bracket (or doubles P when nothing above
// was probed). Bracketing from the shared probes makes this cheap (a few
// units per repetition), and since every probe is a pure function of (rule,
// P, repetition), the results do not depend on the split of the work.
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
	phaseReps                // P90 found; searching each repetition's own P90
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
	// per repetition: fractions at every P probed, and the bracket and
	// pending P of its own search (repP −1: finished)
	repSeen      []map[int]float64
	repLo, repHi []int
	repP         []int
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
			repSeen: make([]map[int]float64, cfg.Reps),
		})
		rs := s.rules[len(s.rules)-1]
		for k := range rs.repSeen {
			rs.repSeen[k] = map[int]float64{0: 1}
		}
	}
	return s, nil
}

// Pending returns the probes of the next round, in the order of the
// configuration's rules: one per rule still searching its P90, and one
// Single probe per repetition still searching its own P90.
func (s *Search) Pending() []Probe {
	var out []Probe
	for _, r := range s.rules {
		switch r.phase {
		case phaseDone:
		case phaseReps:
			for rep, P := range r.repP {
				if P >= 0 {
					out = append(out, Probe{Rule: r.res.Rule, P: P, Single: true, Rep: rep})
				}
			}
		default:
			out = append(out, Probe{Rule: r.res.Rule, P: r.P})
		}
	}
	return out
}

// Units lists the work of probes, probe by probe: every repetition of each
// probe (repetitions in order), or the one repetition of a Single probe.
func (s *Search) Units(probes []Probe) []Unit {
	var out []Unit
	for _, p := range probes {
		if p.Single {
			out = append(out, Unit{Rule: p.Rule, P: p.P, Rep: p.Rep})
			continue
		}
		for rep := range s.cfg.Reps {
			out = append(out, Unit{Rule: p.Rule, P: p.P, Rep: rep})
		}
	}
	return out
}

// FeedUnits hands the search the scores of the units of probes, in the order
// Units lists them.
func (s *Search) FeedUnits(probes []Probe, scores []Score) error {
	n := 0
	for _, p := range probes {
		n += p.units(s.cfg.Reps)
	}
	if n != len(scores) {
		return fmt.Errorf("experiment: %d probes need %d scores, got %d", len(probes), n, len(scores))
	}
	for _, p := range probes {
		k := p.units(s.cfg.Reps)
		s.Feed(p, scores[:k])
		scores = scores[k:]
	}
	return nil
}

// Feed hands the search the scores of probe p in every repetition (in
// repetition order; for a Single probe, its one score) and returns the
// point they make. A probe that is not pending is ignored.
func (s *Search) Feed(p Probe, reps []Score) Point {
	pt := newPoint(p.P, reps)
	for _, r := range s.rules {
		if r.res.Rule != p.Rule {
			continue
		}
		switch {
		case p.Single && r.phase == phaseReps && p.Rep >= 0 && p.Rep < len(r.repP) && r.repP[p.Rep] == p.P && len(reps) == 1:
			r.feedRep(p.Rep, p.P, reps[0].Fraction(), s)
		case !p.Single && r.phase != phaseDone && r.phase != phaseReps && r.P == p.P && len(reps) == s.cfg.Reps:
			for rep, sc := range reps {
				r.repSeen[rep][p.P] = sc.Fraction()
			}
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
		out[k].RepP90 = slices.Clone(r.res.RepP90)
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
			// The start was P = 1 (a net of fewer than 100 units) and it
			// failed: climb as after a failed P = 1 (covariance has all
			// weights zero at P = 1 and works from P = 2).
			r.prev = f
			r.climb(s)
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
	r.phase = phaseReps
	if r.hi == 0 {
		r.lo = 0
	}
	r.res.P90 = r.lo
	r.res.AtP90 = r.seen[r.lo].Fraction
	if s.mode == Storage {
		r.res.Bits = BitsPerSynapse(s.cfg.Shape, r.res.Rule, r.lo)
		r.res.BitsAll = BitsPerSynapseAll(s.cfg.Shape, r.lo)
		r.res.BitsNaive = BitsPerSynapseNaive(s.cfg.Shape, r.lo)
	}
	// Each repetition's own search starts from the probes made: lo is the
	// largest P probed where its fraction passes, hi the next P probed.
	n := len(r.repSeen)
	r.repLo, r.repHi, r.repP = make([]int, n), make([]int, n), make([]int, n)
	r.res.RepP90 = make([]int, n)
	for rep, seen := range r.repSeen {
		lo, hi := 0, -1
		for P, f := range seen {
			if f >= Threshold && P > lo {
				lo = P
			}
		}
		for P := range seen {
			if P > lo && (hi < 0 || P < hi) {
				hi = P
			}
		}
		r.repLo[rep], r.repHi[rep] = lo, hi
		r.nextRep(rep)
	}
	r.repsDone()
}

// feedRep takes repetition rep's fraction f at P and moves its search on.
func (r *ruleSearch) feedRep(rep, P int, f float64, s *Search) {
	r.repSeen[rep][P] = f
	r.res.RepUnits++
	if f >= Threshold {
		r.repLo[rep] = P
	} else {
		r.repHi[rep] = P
	}
	r.nextRep(rep)
	r.repsDone()
}

// nextRep sets repetition rep's next probe, or finishes it (repP = −1):
// bisect between its bracket, or double P while nothing above lo fails.
func (r *ruleSearch) nextRep(rep int) {
	lo, hi := r.repLo[rep], r.repHi[rep]
	switch {
	case hi < 0 && lo >= r.maxP:
		r.repP[rep] = -1
	case hi < 0:
		r.repP[rep] = min(max(1, 2*lo), r.maxP)
	case hi-lo <= 1:
		r.repP[rep] = -1
	default:
		r.repP[rep] = lo + (hi-lo)/2
	}
	if r.repP[rep] < 0 {
		r.res.RepP90[rep] = lo
	}
}

// repsDone finishes the rule once every repetition has its P90.
func (r *ruleSearch) repsDone() {
	for _, P := range r.repP {
		if P >= 0 {
			return
		}
	}
	r.phase = phaseDone
	xs := make([]float64, len(r.res.RepP90))
	for k, p := range r.res.RepP90 {
		xs[k] = float64(p)
	}
	r.res.Spread = MeanInterval(xs)
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
