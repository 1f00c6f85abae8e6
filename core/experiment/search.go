package experiment

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"hebbplay/core/memory"
)

// Threshold is the fraction of correct recalls that defines capacity: P90 is
// where fcorr, averaged over repetitions, falls to 90% (memory.md §4).
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
// repetitions, is still at least Threshold. The search grows P geometrically
// (doubling, from a start of N/50) until the fraction falls below the
// threshold, then bisects on integer P. When the fraction starts below the
// threshold and rises with P (as prototype extraction can), the search first
// climbs while it rises; if it never reaches the threshold, P90 is 0. Each repetition keeps its counts
// between probes, so a probe only adds or removes the items between the
// previous P and the new one before re-deriving the weights.
//
// Rules are searched concurrently when their states fit in MaxStateBytes,
// otherwise one after another on shared states; the results are the same.
// progress, if not nil, is called after every probe.
func Capacity(ctx context.Context, cfg Config, mode Mode, progress func(Progress)) ([]CapacityResult, error) {
	cfg = cfg.withDefaults()
	if err := checkMode(cfg, mode); err != nil {
		return nil, err
	}
	pf := &progressFunc{fn: progress}
	pl := newPool(cfg.Workers)
	perRule := float64(cfg.Reps) * float64(cfg.Shape.N) * float64(cfg.Shape.N) * 4
	concurrent := perRule*float64(len(cfg.Rules)) <= MaxStateBytes && len(cfg.Rules) > 1

	results := make([]CapacityResult, len(cfg.Rules))
	errs := make([]error, len(cfg.Rules))
	newStates := func() ([]*repState, error) {
		states := make([]*repState, cfg.Reps)
		for r := range states {
			var err error
			if states[r], err = newRepState(&cfg, mode, r); err != nil {
				return nil, err
			}
		}
		return states, nil
	}
	if !concurrent {
		states, err := newStates()
		if err != nil {
			return nil, err
		}
		for k, rule := range cfg.Rules {
			if results[k], err = search(ctx, &cfg, mode, rule, states, pl, pf); err != nil {
				return nil, err
			}
		}
		return results, nil
	}
	var wg sync.WaitGroup
	for k, rule := range cfg.Rules {
		wg.Add(1)
		go func() {
			defer wg.Done()
			states, err := newStates()
			if err == nil {
				results[k], err = search(ctx, &cfg, mode, rule, states, pl, pf)
			}
			errs[k] = err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return results, nil
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

// search runs the bracketing search of Capacity for one rule.
func search(ctx context.Context, cfg *Config, mode Mode, rule memory.Rule, states []*repState, pl pool, pf *progressFunc) (CapacityResult, error) {
	res := CapacityResult{Rule: rule, Mode: mode}
	seen := map[int]Point{0: {P: 0, Fraction: 1, Overlap: 1}}
	probe := func(P int) (float64, error) {
		if pt, ok := seen[P]; ok {
			return pt.Fraction, nil
		}
		scores, err := probeReps(ctx, states, rule, P, pl)
		if err != nil {
			return 0, err
		}
		pt := newPoint(P, scores)
		seen[P] = pt
		res.Probes = append(res.Probes, pt)
		pf.report(Progress{Rule: rule, P: P, Rep: -1, Value: pt.Fraction,
			Message: fmt.Sprintf("%s %s P=%d: %.3f", rule, mode, P, pt.Fraction)})
		return pt.Fraction, nil
	}
	maxP := MaxPFactor * cfg.Shape.N
	lo, hi := 0, -1
	P := max(1, cfg.Shape.N/50)
	f, err := probe(P)
	if err != nil {
		return res, err
	}
	if f < Threshold && P > 1 {
		// The fraction need not fall monotonically with P (BCPNN with the
		// faithful ε extracts prototypes badly when few are stored, memory.md
		// §2.1). If one item is already below the threshold, climb instead:
		// double P while the fraction rises, until it reaches the threshold.
		f1, err := probe(1)
		if err != nil {
			return res, err
		}
		if f1 >= Threshold {
			lo, hi = 1, P
		} else {
			for prev := f; f < Threshold; prev = f {
				if P >= maxP {
					break
				}
				P = min(2*P, maxP)
				if f, err = probe(P); err != nil {
					return res, err
				}
				if f < Threshold && f <= prev {
					break
				}
			}
			if f < Threshold {
				hi = 0 // never reached: P90 = 0
			}
		}
	} else if f < Threshold {
		hi = P
	}
	for hi < 0 {
		// Grow geometrically while the fraction stays at or above the threshold.
		lo = P
		if P >= maxP {
			res.Limited = true
			break
		}
		P = min(2*P, maxP)
		if f, err = probe(P); err != nil {
			return res, err
		}
		if f < Threshold {
			hi = P
		}
	}
	for hi >= 0 && hi-lo > 1 {
		mid := lo + (hi-lo)/2
		f, err := probe(mid)
		if err != nil {
			return res, err
		}
		if f >= Threshold {
			lo = mid
		} else {
			hi = mid
		}
	}
	res.P90 = lo
	res.AtP90 = seen[lo].Fraction
	if mode == Storage {
		res.Bits = BitsPerSynapse(cfg.Shape, rule, lo)
		res.BitsNaive = BitsPerSynapseNaive(cfg.Shape, lo)
	}
	slices.SortFunc(res.Probes, func(a, b Point) int { return a.P - b.P })
	return res, nil
}

// CurvePoint is the averaged outcome of one rule at one P.
type CurvePoint struct {
	Rule memory.Rule
	Point
}

// Curve measures, for every rule and every P in ps, the fraction of correct
// recalls averaged over repetitions (Storage: fcorr(P); Prototypes: the
// prototype extraction score with P prototypes). Repetitions run in parallel;
// each walks the P values in ascending order, adding items to its counts, and
// tests every rule at each P on the same patterns and cues. The result is
// ordered by rule (as in cfg.Rules), then by P ascending.
func Curve(ctx context.Context, cfg Config, mode Mode, ps []int, progress func(Progress)) ([]CurvePoint, error) {
	cfg = cfg.withDefaults()
	if err := checkMode(cfg, mode); err != nil {
		return nil, err
	}
	ps = slices.Clone(ps)
	slices.Sort(ps)
	ps = slices.Compact(ps)
	if len(ps) == 0 {
		return nil, fmt.Errorf("experiment: no P values to measure")
	}
	if ps[0] < 0 || ps[len(ps)-1] > MaxPFactor*cfg.Shape.N {
		return nil, fmt.Errorf("experiment: P values must lie in 0..%d (%d·N)", MaxPFactor*cfg.Shape.N, MaxPFactor)
	}
	pf := &progressFunc{fn: progress, total: cfg.Reps * len(ps) * len(cfg.Rules)}
	pl := newPool(cfg.Workers)
	// scores[rule][p][rep]
	scores := make([][][]Score, len(cfg.Rules))
	for k := range scores {
		scores[k] = make([][]Score, len(ps))
		for j := range scores[k] {
			scores[k][j] = make([]Score, cfg.Reps)
		}
	}
	errs := make([]error, cfg.Reps)
	var wg sync.WaitGroup
	for rep := range cfg.Reps {
		var sc *scratch
		select {
		case <-ctx.Done():
			wg.Wait()
			return nil, ctx.Err()
		case sc = <-pl:
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { pl <- sc }()
			errs[rep] = curveRep(ctx, &cfg, mode, rep, ps, sc, scores, pf)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	var out []CurvePoint
	for k, rule := range cfg.Rules {
		for j, P := range ps {
			out = append(out, CurvePoint{Rule: rule, Point: newPoint(P, scores[k][j])})
		}
	}
	return out, nil
}

func curveRep(ctx context.Context, cfg *Config, mode Mode, rep int, ps []int, sc *scratch, scores [][][]Score, pf *progressFunc) error {
	st, err := newRepState(cfg, mode, rep)
	if err != nil {
		return err
	}
	for j, P := range ps {
		st.setP(P)
		for k, rule := range cfg.Rules {
			if err := ctx.Err(); err != nil {
				return err
			}
			s, err := st.evaluate(rule, sc)
			if err != nil {
				return err
			}
			scores[k][j][rep] = s
			pf.report(Progress{Rule: rule, P: P, Rep: rep, Value: s.Fraction()})
		}
	}
	return nil
}
