package experiment

import (
	"cmp"
	"slices"
)

// LargestFirst returns the indices of units by decreasing estimated cost
// (equal costs in their order): the order in which workers that each take
// the next unit when they finish one (a queue) balance best, the long units
// starting first and the short ones filling the gaps at the end (Graham's
// "longest processing time first" rule, within 4/3 of the best possible
// makespan when the costs are right: R. L. Graham, Bounds on
// multiprocessing timing anomalies, SIAM J. Appl. Math. 17 (1969)
// 416–429). A unit's true cost is not known in advance (cues past the
// capacity iterate up to niter times), which a queue absorbs and a fixed
// split does not: with three repetitions on two workers, a split by
// repetition left one worker idle a third of the time. The scores do not
// depend on the order or the worker (a Score is a pure function of
// configuration, seed, rule, P and repetition).
func LargestFirst(cfg Config, mode Mode, units []Unit) []int {
	cost := costOf(cfg, mode)
	order := make([]int, len(units))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(cost(units[b]), cost(units[a])) })
	return order
}

// costOf estimates a unit's work: deriving the weights touches every one of
// the N² synapses, and recalling each cue for about three iterations sums K
// rows of N weights per iteration (so cost ≈ N² + 3·P·K·N; prototype mode
// cues Ninst instances per prototype).
func costOf(cfg Config, mode Mode) func(Unit) float64 {
	cfg = cfg.withDefaults()
	n, k := float64(cfg.Shape.N), float64(cfg.Shape.K)
	return func(u Unit) float64 {
		cues := float64(u.P)
		if mode == Prototypes {
			cues *= float64(max(1, cfg.Ninst))
		}
		return n*n + 3*cues*k*n
	}
}
