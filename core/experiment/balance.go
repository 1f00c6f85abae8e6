package experiment

import (
	"cmp"
	"slices"
)

// Balance splits the units of a batch between workers so that every worker
// has about the same work, whatever the number of repetitions: it returns,
// for each worker, the indices of its units, in the order it should measure
// them.
//
// A unit's cost is estimated from its definition: deriving the weights
// touches every one of the N² synapses, and recalling P cues for about
// three iterations sums K rows of N weights per iteration (so
// cost ≈ N² + 3·P·K·N; prototype mode cues Ninst instances per prototype).
// The units are placed largest first on the least loaded worker (Graham's
// "longest processing time first" rule, within 4/3 of the best possible
// makespan: R. L. Graham, Bounds on multiprocessing timing anomalies, SIAM
// J. Appl. Math. 17 (1969) 416–429); equal loads go to the repetition's
// home worker (Rep mod workers), which keeps its counts from earlier
// batches. Each worker then measures its units by repetition and increasing
// P, so that its Evaluator only adds the items between successive P.
//
// Splitting by repetition alone left one of two workers idle a third of the
// time with three repetitions. The scores do not depend on the split (a
// Score is a pure function of configuration, seed, rule, P and repetition).
func Balance(cfg Config, mode Mode, units []Unit, workers int) [][]int {
	workers = max(1, workers)
	out := make([][]int, workers)
	cost := costOf(cfg, mode)
	order := LargestFirst(cfg, mode, units)
	load := make([]float64, workers)
	for _, i := range order {
		best := units[i].Rep % workers
		for w := range workers {
			if load[w] < load[best] {
				best = w
			}
		}
		out[best] = append(out[best], i)
		load[best] += cost(units[i])
	}
	for _, idx := range out {
		slices.SortFunc(idx, func(a, b int) int {
			ua, ub := units[a], units[b]
			return cmp.Or(cmp.Compare(ua.Rep, ub.Rep), cmp.Compare(ua.P, ub.P), cmp.Compare(a, b))
		})
	}
	return out
}

// LargestFirst returns the indices of units by decreasing estimated cost
// (see Balance; equal costs in their order), the order in which workers
// that take the next unit when they finish one (a queue) balance best: the
// long units start first and the short ones fill the gaps at the end. A
// unit's true cost is not known in advance (cues past the capacity iterate
// up to niter times), which a queue absorbs and a fixed split does not.
func LargestFirst(cfg Config, mode Mode, units []Unit) []int {
	cost := costOf(cfg, mode)
	order := make([]int, len(units))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(cost(units[b]), cost(units[a])) })
	return order
}

// costOf estimates a unit's work: N² to derive the weights and K rows of N
// weights per iteration (about three) for each of its cues.
func costOf(cfg Config, mode Mode) func(Unit) float64 {
	cfg = cfg.withDefaults()
	n, k := float64(cfg.Shape.N), float64(cfg.Shape.K)
	return func(u Unit) float64 {
		cues := float64(u.P)
		if mode == Prototypes {
			cues *= float64(cfg.Ninst)
		}
		return n*n + 3*cues*k*n
	}
}
