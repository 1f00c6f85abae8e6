package experiment

import (
	"context"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

// TestParallelCuesMatchSequential checks that recalling one unit's cues on
// several goroutines (evaluateBlocks) gives the very score of the
// sequential loop: the same counts and the same float sum of overlaps, which
// with K = 7 depends on the order of its terms. P = 5000 spans three blocks
// of cues. Asynchronous updates and random ties draw from the cue stream,
// so they keep the sequential loop whatever par is.
func TestParallelCuesMatchSequential(t *testing.T) {
	kofn, err := pattern.NewKofN(400, 7)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		cfg  Config
		mode Mode
		ps   []int
	}{
		{"kofn", Config{Shape: kofn, Nflip: 2, Reps: 1, Seed: 3}, Storage, []int{300, 5000}},
		{"modular", Config{Shape: modular(t, 12, 12), Nflip: 3, Reps: 2, Seed: 4}, Storage, []int{40, 2100}},
		{"proto", Config{Shape: modular(t, 10, 10), Nflip: 1, NflipTrain: 2, NflipTest: 2, Ninst: 20, Reps: 1, Seed: 5}, Prototypes, []int{3, 150}},
		{"async", Config{Shape: modular(t, 8, 8), Nflip: 1, Reps: 1, Seed: 6, Async: true}, Storage, []int{10, 60}},
		{"random ties", Config{Shape: modular(t, 8, 8), Nflip: 1, Reps: 1, Seed: 7, Ties: memory.TiesRandom}, Storage, []int{10, 60}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			seq, err := NewEvaluator(c.cfg, c.mode)
			if err != nil {
				t.Fatal(err)
			}
			par, _ := NewEvaluator(c.cfg, c.mode)
			par.par = 3
			var sawCorrect, sawFraction bool
			for _, rule := range []memory.Rule{memory.Hebb, memory.BCPNN} {
				for _, P := range c.ps {
					for rep := range c.cfg.Reps {
						want, err := seq.Eval(rule, P, rep)
						if err != nil {
							t.Fatal(err)
						}
						got, err := par.Eval(rule, P, rep)
						if err != nil {
							t.Fatal(err)
						}
						if got != want {
							t.Errorf("%v P=%d rep %d: 3 goroutines score %+v, one %+v", rule, P, rep, got, want)
						}
						sawCorrect = sawCorrect || want.Correct > 0
						sawFraction = sawFraction || want.Overlap != math.Trunc(want.Overlap)
					}
				}
			}
			if !sawCorrect || !sawFraction {
				t.Errorf("no score with a correct recall (%v) or a fractional overlap sum (%v): the case tests nothing", sawCorrect, sawFraction)
			}
		})
	}
}

// TestQueueLendsIdleWorkers checks the count of idle workers that take
// reports with a unit (evaluate recalls the unit's cues on that many more
// goroutines): the workers without a unit when the queue runs dry, those
// not yet taking included, and none while units wait.
func TestQueueLendsIdleWorkers(t *testing.T) {
	cfg := Config{Shape: modular(t, 10, 10), Nflip: 2, Reps: 3, Seed: 9}
	one := func(rep int) *Batch { return &Batch{Cfg: cfg, Units: []Unit{{memory.Hebb, 40, rep}}} }
	// A single unit queued before the other two workers ask for one (a run
	// of one unit starts so): they are idle all the same.
	q := newUnitQueue(3)
	q.push(one(0))
	if _, idle, _ := q.take(); idle != 2 {
		t.Errorf("one unit, three workers: %d idle lent, want 2", idle)
	}
	// Two units for the two others: none is idle; once one of the three
	// finishes, the next single unit has one idle worker to borrow.
	q.push(&Batch{Cfg: cfg, Units: []Unit{{memory.Hebb, 40, 1}, {memory.Hebb, 40, 2}}})
	for range 2 {
		if _, idle, _ := q.take(); idle != 0 {
			t.Errorf("two units for two workers: %d idle lent, want 0", idle)
		}
	}
	q.finish()
	q.push(one(1))
	if _, idle, _ := q.take(); idle != 0 {
		t.Errorf("a unit taken by the worker that finished, the others busy: %d idle lent, want 0", idle)
	}
	q.finish()
	q.finish()
	q.push(one(2))
	if _, idle, _ := q.take(); idle != 1 {
		t.Errorf("one unit, one worker still busy: %d idle lent, want 1", idle)
	}
	// take blocks until a unit comes, and returns false once closed.
	got := make(chan bool)
	var wg sync.WaitGroup
	wg.Go(func() { _, _, ok := q.take(); got <- ok })
	q.close()
	if <-got {
		t.Error("take returned a unit from a closed, empty queue")
	}
	wg.Wait()
}

// TestSingleUnitRunMatchesOneWorker runs a one-unit recall experiment (the
// unit's cues then recalled on every worker) and a whole search with 1, 2
// and 3 workers: the rows are identical.
func TestSingleUnitRunMatchesOneWorker(t *testing.T) {
	kofn, err := pattern.NewKofN(300, 7)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		cfg  Config
		ps   []int
	}{
		{ExpRecall, Config{Shape: kofn, Nflip: 2, Reps: 1, Seed: 9, Rules: []memory.Rule{memory.BCPNN}}, []int{2500}},
		{ExpStorage, Config{Shape: kofn, Nflip: 2, Reps: 3, Seed: 9, Rules: []memory.Rule{memory.Willshaw, memory.Hebb}}, nil},
	} {
		var rows [][]Row
		for _, w := range []int{1, 2, 3} {
			tc.cfg.Workers = w
			r, err := NewRun(tc.name, tc.cfg, tc.ps, nil, false)
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Execute(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
			rows = append(rows, r.Rows())
		}
		if len(rows[0]) == 0 || !reflect.DeepEqual(rows[0], rows[1]) || !reflect.DeepEqual(rows[0], rows[2]) {
			t.Errorf("%s: rows with 1, 2, 3 workers differ:\n%v\n%v\n%v", tc.name, rows[0], rows[1], rows[2])
		}
	}
}

// TestCueSplitMatchesTheUnit splits units by their cues across two workers,
// through the work protocol, and merges the halves with AddCues: the score
// equals the whole unit's, float sum of overlaps included (K = 7), for
// stored patterns and prototypes. Ranges that are not ranges, and splits of
// a recall that draws from the cue stream, are refused with the limit
// named.
func TestCueSplitMatchesTheUnit(t *testing.T) {
	kofn, err := pattern.NewKofN(300, 7)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		cfg  Config
		mode Mode
		P    int
	}{
		{Config{Shape: kofn, Nflip: 2, Reps: 1, Seed: 4, Rules: []memory.Rule{memory.BCPNN}}, Storage, 2500},
		{Config{Shape: kofn, Nflip: 2, Reps: 1, Seed: 4, Rules: []memory.Rule{memory.BCPNN}}, Storage, 7},
		{Config{Shape: modular(t, 10, 10), Nflip: 1, NflipTrain: 2, NflipTest: 2, Ninst: 20, Reps: 1, Seed: 5, Rules: []memory.Rule{memory.Hebb}}, Prototypes, 150},
	} {
		ev, _ := NewEvaluator(tc.cfg, tc.mode)
		rule := tc.cfg.Rules[0]
		want, _ := ev.Eval(rule, tc.P, 0)
		n := CueCount(tc.cfg, tc.mode, tc.P)
		for _, cut := range []int{1, n / 3, n - 1} {
			part := func(w *Worker, from, to int) WorkScore {
				req, _ := json.Marshal(WorkRequest{Spec: SpecOf(tc.cfg), Mode: tc.mode.String(),
					Units: []WorkUnit{{Rule: string(rule), P: tc.P, Cues: []int{from, to}}}})
				var res WorkResult
				if err := json.Unmarshal(w.Handle(req), &res); err != nil || res.Error != "" || len(res.Scores) != 1 {
					t.Fatalf("cues %d..%d: %v %s", from, to, err, res.Error)
				}
				return res.Scores[0]
			}
			first, rest := part(&Worker{}, 0, cut), part(&Worker{}, cut, n)
			if len(first.Overlaps) != 0 || len(rest.Overlaps) == 0 {
				t.Fatalf("overlap runs: first range %d, the rest %d", len(first.Overlaps), len(rest.Overlaps))
			}
			got := first.Score()
			if err := got.AddCues(rest, tc.cfg.Shape.K); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("%v P=%d split at cue %d: %+v, the whole unit %+v", tc.mode, tc.P, cut, got, want)
			}
		}
	}
	cfg := Config{Shape: kofn, Nflip: 2, Reps: 1, Seed: 4, Rules: []memory.Rule{memory.Hebb}}
	for _, tc := range []struct {
		cfg  Config
		cues []int
		want string
	}{
		{cfg, []int{5, 5}, "within the unit's 100 cues"},
		{cfg, []int{0, 101}, "within the unit's 100 cues"},
		{cfg, []int{-1, 3}, "within the unit's 100 cues"},
		{cfg, []int{3}, "within the unit's 100 cues"},
		{Config{Shape: kofn, Nflip: 2, Reps: 1, Seed: 4, Rules: []memory.Rule{memory.Hebb}, Async: true}, []int{0, 3}, "synchronous updates"},
	} {
		req, _ := json.Marshal(WorkRequest{Spec: SpecOf(tc.cfg), Mode: "storage", Units: []WorkUnit{{Rule: "hebb", P: 100, Cues: tc.cues}}})
		var res WorkResult
		_ = json.Unmarshal((&Worker{}).Handle(req), &res)
		if !strings.Contains(res.Error, tc.want) {
			t.Errorf("cues %v: error %q, want one naming %q", tc.cues, res.Error, tc.want)
		}
	}
	var s Score
	if err := s.AddCues(WorkScore{Tests: 3, Overlaps: [][2]int32{{7, 2}}}, 7); err == nil {
		t.Error("AddCues took 2 overlaps for 3 cues")
	}
	if err := s.AddCues(WorkScore{Tests: 1, Overlaps: [][2]int32{{8, 1}}}, 7); err == nil {
		t.Error("AddCues took an overlap above K")
	}
}
