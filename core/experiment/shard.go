package experiment

import (
	"context"
	"fmt"
	"slices"

	"hebbplay/core/memory"
)

// A run's work splits into pieces, one per rule of each task: one rule's
// curve over every P and repetition, or one rule's capacity search (with
// its per-repetition searches). Pieces are independent: a unit's score is a
// pure function of (configuration, seed, rule, P, repetition), and a
// capacity search keeps each rule's state apart, so a piece measured alone
// gives exactly the numbers it gives inside the whole run. That is what
// lets a sweep outgrow one machine: ExecuteShard measures the pieces of one
// shard, Merge joins the shards into the finished run.

// Piece is one rule of one task of a run (see Run.Pieces).
type Piece struct {
	Task int         // the task's index in the run
	Rule memory.Rule // the rule
}

// PieceResult is the outcome of one piece: its curve points (a curve task)
// or its capacity (a capacity search).
type PieceResult struct {
	Piece
	Curve    []CurvePoint
	Capacity *CapacityResult
}

// Shard is the outcome of shard Index of Count: the results of the pieces
// numbered Index, Index+Count, Index+2·Count, … (Run.Pieces order).
type Shard struct {
	Index, Count int
	Results      []PieceResult
}

// Pieces lists the run's pieces: for each task in order, one per rule of
// its configuration, in the configuration's order.
func (r *Run) Pieces() []Piece {
	var out []Piece
	for k, t := range r.tasks {
		for _, rule := range t.cfg.Rules {
			out = append(out, Piece{Task: k, Rule: rule})
		}
	}
	return out
}

// checkShard validates a shard index i of n, naming the limits.
func checkShard(i, n int) error {
	if n < 1 || i < 0 || i >= n {
		return fmt.Errorf("experiment: shard %d/%d: need 0 ≤ i < n", i, n)
	}
	return nil
}

// ExecuteShard measures shard i of n of the run (the pieces whose number
// modulo n is i), each piece as a one-rule run with cfg.Workers
// goroutines, and returns their results. The run itself is left as it was:
// Merge the shards into a fresh run of the same experiment. A shard with no
// pieces (n larger than the number of pieces) is empty and valid.
func (r *Run) ExecuteShard(ctx context.Context, i, n int, progress func(Progress)) (Shard, error) {
	if err := checkShard(i, n); err != nil {
		return Shard{}, err
	}
	sh := Shard{Index: i, Count: n}
	for p, pc := range r.Pieces() {
		if p%n != i {
			continue
		}
		t := r.tasks[pc.Task]
		c := t.cfg
		c.Rules = []memory.Rule{pc.Rule}
		sub := &Run{name: r.name, cfg: r.cfg}
		if err := sub.add(c, t.mode, t.ps, t.knob); err != nil {
			return Shard{}, err
		}
		if err := sub.Execute(ctx, progress); err != nil {
			return Shard{}, err
		}
		res := PieceResult{Piece: pc}
		st := sub.tasks[0]
		if st.search != nil {
			cr := st.results[0]
			res.Capacity = &cr
		} else {
			res.Curve = st.curve
		}
		sh.Results = append(sh.Results, res)
	}
	return sh, nil
}

// Merge fills a fresh run (one on which nothing was executed) with the
// results of shards 0..n−1 of the same experiment, given in any order, and
// finishes it: its Rows, Curves and Capacities are then exactly those of a
// single Execute. Every shard of the split must be there once, and every
// piece must have its result.
func (r *Run) Merge(shards []Shard) error {
	if r.cur != 0 || len(r.out) > 0 || r.batches != 0 {
		return fmt.Errorf("experiment: merge needs a fresh run")
	}
	if len(shards) == 0 {
		return fmt.Errorf("experiment: no shards to merge")
	}
	n := shards[0].Count
	seen := make([]bool, max(n, 0))
	for _, s := range shards {
		if s.Count != n {
			return fmt.Errorf("experiment: shard %d/%d does not belong to a split into %d", s.Index, s.Count, n)
		}
		if err := checkShard(s.Index, n); err != nil {
			return err
		}
		if seen[s.Index] {
			return fmt.Errorf("experiment: shard %d/%d given twice", s.Index, n)
		}
		seen[s.Index] = true
	}
	if k := slices.Index(seen, false); k >= 0 {
		return fmt.Errorf("experiment: shard %d/%d is missing", k, n)
	}
	pieces := r.Pieces()
	got := make([]*PieceResult, len(pieces))
	for _, s := range shards {
		for k := range s.Results {
			res := &s.Results[k]
			p := slices.Index(pieces, res.Piece)
			if p < 0 || p%n != s.Index {
				return fmt.Errorf("experiment: shard %d/%d holds %s of task %d, which is not one of its pieces", s.Index, n, res.Rule, res.Task)
			}
			if got[p] != nil {
				return fmt.Errorf("experiment: %s of task %d given twice", res.Rule, res.Task)
			}
			t := r.tasks[res.Task]
			if (t.search != nil) != (res.Capacity != nil) {
				return fmt.Errorf("experiment: %s of task %d: a result of the wrong kind", res.Rule, res.Task)
			}
			got[p] = res
		}
	}
	for p, res := range got {
		if res == nil {
			return fmt.Errorf("experiment: shard %d/%d lacks %s of task %d", p%n, n, pieces[p].Rule, pieces[p].Task)
		}
	}
	p := 0
	for _, t := range r.tasks {
		var curve []CurvePoint
		var caps []CapacityResult
		for range t.cfg.Rules {
			if t.search != nil {
				caps = append(caps, *got[p].Capacity)
			} else {
				curve = append(curve, got[p].Curve...)
			}
			p++
		}
		t.curve, t.results, t.fed = curve, caps, true
	}
	r.cur = len(r.tasks)
	return nil
}
