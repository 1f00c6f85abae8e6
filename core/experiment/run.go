package experiment

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

// Mode is what is stored and what is tested.
type Mode uint8

const (
	// Storage stores random (or correlated) patterns and cues each stored
	// pattern with a fresh distortion; the target is the stored pattern.
	Storage Mode = iota
	// Prototypes stores Ninst distorted instances of each prototype, never
	// the prototype, and tests Ninst new instances; the target is the
	// generating prototype.
	Prototypes
)

// String returns "storage" or "proto".
func (m Mode) String() string {
	if m == Prototypes {
		return "proto"
	}
	return "storage"
}

// Stream numbers keep the independent random draws of an experiment apart
// (see pattern.NewRand).
const (
	streamPatterns = 1 // a repetition's patterns / prototypes and instances
	streamCues     = 2 // the cues at one probe P of one repetition
)

// Score is the outcome of testing one rule at one P in one repetition (or
// summed over repetitions).
type Score struct {
	Correct int     // recalls equal to their target
	Tests   int     // recalls made
	Overlap float64 // sum over recalls of overlap(final, target)/K
	Iters   int     // sum over recalls of iterations run
}

// Add accumulates o into s.
func (s *Score) Add(o Score) {
	s.Correct += o.Correct
	s.Tests += o.Tests
	s.Overlap += o.Overlap
	s.Iters += o.Iters
}

// Fraction returns Correct/Tests, and 1 when nothing was tested (P = 0: no
// pattern can be recalled wrongly).
func (s Score) Fraction() float64 {
	if s.Tests == 0 {
		return 1
	}
	return float64(s.Correct) / float64(s.Tests)
}

// MeanOverlap returns the mean overlap of final state and target as a
// fraction of the K active units (1 when nothing was tested).
func (s Score) MeanOverlap() float64 {
	if s.Tests == 0 {
		return 1
	}
	return s.Overlap / float64(s.Tests)
}

// repState is one repetition: its pattern stream and the counts of the first
// p items. An item is one stored pattern (Storage) or the Ninst training
// instances of one prototype (Prototypes).
type repState struct {
	cfg    *Config
	mode   Mode
	rep    int
	gen    *pattern.Generator
	stored [][]pattern.Pattern // stored patterns of each item drawn so far
	protos []pattern.Prototype // Prototypes mode: each item's prototype and test instances
	counts *memory.Counts
	p      int // items in counts
}

func newRepState(cfg *Config, mode Mode, rep int) (*repState, error) {
	g, err := pattern.NewGenerator(cfg.Shape, pattern.NewRand(cfg.Seed, streamPatterns, uint64(rep)), cfg.Corr)
	if err != nil {
		return nil, err
	}
	c, err := memory.NewCounts(cfg.Shape.N)
	if err != nil {
		return nil, err
	}
	return &repState{cfg: cfg, mode: mode, rep: rep, gen: g, counts: c}, nil
}

// setP brings the counts to the first P items, adding or removing only the
// items in between.
func (s *repState) setP(P int) {
	for len(s.stored) < P {
		if s.mode == Prototypes {
			pr := pattern.NextPrototype(s.gen, s.cfg.Ninst, s.cfg.NflipTrain, s.cfg.NflipTest)
			s.protos = append(s.protos, pr)
			s.stored = append(s.stored, pr.Train)
		} else {
			s.stored = append(s.stored, []pattern.Pattern{s.gen.Next(nil)})
		}
	}
	for s.p < P {
		for _, x := range s.stored[s.p] {
			s.counts.Add(x)
		}
		s.p++
	}
	for s.p > P {
		s.p--
		for _, x := range s.stored[s.p] {
			if err := s.counts.Remove(x); err != nil {
				panic("experiment: counts out of step: " + err.Error()) // cannot happen: x was added
			}
		}
	}
}

// scratch is a weight buffer and a net, reused between evaluations, and
// what recalling one unit's cues on several goroutines needs: a net per
// extra goroutine (over the same weights) and a block of cues with their
// outcomes.
type scratch struct {
	w     *memory.Weights
	net   *memory.Net
	extra []*memory.Net
	block []cueTest
	out   []cueOutcome
}

// Evaluator measures one rule at one P in one repetition. It keeps the
// repetitions it has seen (their patterns and counts), so successive
// evaluations of a repetition only add or remove the items between two P
// values; past StateBudget bytes of counts it forgets the repetition used
// longest ago (rebuilt, identically, when it is needed again). An Evaluator
// is not safe for concurrent use; give each worker its own. Any split of the
// work gives the same numbers (a Score is a pure function of config, seed,
// rule, P and repetition); Balance gives a fast one.
type Evaluator struct {
	cfg    Config
	mode   Mode
	states map[int]*repState
	used   map[int]uint64 // the clock at each state's last evaluation
	clock  uint64
	budget int // bytes of counts kept: StateBudget (tests lower it)
	sc     scratch
	// par is the number of goroutines recalling one unit's cues; Run's
	// executor sets it above 1 when workers wait with nothing to do.
	par int
}

// StateBudget bounds the co-activation counts an Evaluator keeps, in bytes
// (4·N² per repetition: 4 MiB at N = 1024, 64 MiB at N = 4096). Rebuilding a
// forgotten repetition stores its P items again, which costs far less than
// recalling their P cues.
const StateBudget = 256 << 20

// NewEvaluator returns an evaluator for cfg in mode, after validating cfg.
func NewEvaluator(cfg Config, mode Mode) (*Evaluator, error) {
	cfg = cfg.withDefaults()
	if err := checkMode(cfg, mode); err != nil {
		return nil, err
	}
	return &Evaluator{cfg: cfg, mode: mode, states: map[int]*repState{}, used: map[int]uint64{}, budget: StateBudget}, nil
}

// Eval returns the score of rule with P items stored in repetition rep.
func (e *Evaluator) Eval(rule memory.Rule, P, rep int) (Score, error) {
	s, _, err := e.eval(rule, P, rep, cueRange{0, -1})
	return s, err
}

// CueCount is the number of cues a unit of cfg in mode recalls at P: P
// stored patterns, or Ninst test instances of each of P prototypes.
func CueCount(cfg Config, mode Mode, P int) int {
	if mode == Prototypes {
		return P * cfg.Ninst
	}
	return P
}

// EvalCues is Eval for the unit's cues from ≤ k < to only (in the order
// the unit draws them, all of which it still draws), so that one unit can
// be split across workers: the score of the range, and, when from > 0, the
// overlap of each of its cues with its target, which Score.AddCues needs to
// continue the first range's float sum in the unit's own order. A split
// needs a recall that draws nothing at random (synchronous updates, ties to
// the lowest index): SplitsCues.
func (e *Evaluator) EvalCues(rule memory.Rule, P, rep, from, to int) (Score, []int32, error) {
	if err := checkCues(e.cfg, e.mode, P, from, to); err != nil {
		return Score{}, nil, fmt.Errorf("experiment: %w", err)
	}
	return e.eval(rule, P, rep, cueRange{from, to})
}

// checkCues reports why the cues from ≤ k < to of a unit of cfg in mode at
// P cannot be measured on their own, or nil.
func checkCues(cfg Config, mode Mode, P, from, to int) error {
	if !SplitsCues(cfg) {
		return errors.New("a cue range needs synchronous updates and ties to the lowest index")
	}
	if n := CueCount(cfg, mode, P); from < 0 || to > n || from >= to {
		return fmt.Errorf("cues [%d, %d) are not a range within the unit's %d cues", from, to, n)
	}
	return nil
}

// SplitsCues reports whether a unit of cfg can be split by its cues: its
// recall draws nothing from the cue stream.
func SplitsCues(cfg Config) bool { return !cfg.Async && cfg.Ties == memory.TiesLowest }

// cueRange is the cues from ≤ k < to of a unit; to < 0 means all of them.
type cueRange struct{ from, to int }

// all reports whether r is the whole unit.
func (r cueRange) all() bool { return r.from == 0 && r.to < 0 }

func (e *Evaluator) eval(rule memory.Rule, P, rep int, cues cueRange) (Score, []int32, error) {
	s, err := e.prepare(P, rep)
	if err != nil {
		return Score{}, nil, err
	}
	return s.evaluate(rule, &e.sc, e.par, cues)
}

// prepare validates P and rep and brings repetition rep's state to P.
func (e *Evaluator) prepare(P, rep int) (*repState, error) {
	if rep < 0 || rep >= e.cfg.Reps {
		return nil, fmt.Errorf("experiment: repetition %d outside 0..%d", rep, e.cfg.Reps-1)
	}
	if P < 0 || P > MaxPFactor*e.cfg.Shape.N {
		return nil, fmt.Errorf("experiment: P = %d outside 0..%d (%d·N)", P, MaxPFactor*e.cfg.Shape.N, MaxPFactor)
	}
	st := e.states[rep]
	if st == nil {
		e.makeRoom()
		var err error
		if st, err = newRepState(&e.cfg, e.mode, rep); err != nil {
			return nil, err
		}
		e.states[rep] = st
	}
	e.clock++
	e.used[rep] = e.clock
	st.setP(P)
	return st, nil
}

// makeRoom forgets the repetitions used longest ago until one more fits in
// its budget (an evaluator always keeps room for one).
func (e *Evaluator) makeRoom() {
	per := 4 * e.cfg.Shape.N * e.cfg.Shape.N
	for len(e.states) > 0 && (len(e.states)+1)*per > e.budget {
		oldest, at := -1, uint64(0)
		for rep, t := range e.used {
			if oldest < 0 || t < at || t == at && rep < oldest {
				oldest, at = rep, t
			}
		}
		delete(e.states, oldest)
		delete(e.used, oldest)
	}
}

// held returns the repetitions whose counts the evaluator keeps, in
// increasing order (for tests).
func (e *Evaluator) held() []int {
	reps := make([]int, 0, len(e.states))
	for rep := range e.states {
		reps = append(reps, rep)
	}
	slices.Sort(reps)
	return reps
}

// evaluate tests rule at the state's current P and returns the score. With
// par > 1 and a recall that draws nothing at random (synchronous updates,
// ties to the lowest index), the cues are still drawn in order from the one
// stream, a block at a time, and recalled by par goroutines (evaluateBlocks);
// their outcomes are summed in cue order, so the score is bit-identical to
// the sequential one.
//
// With a cue range other than all of them, it recalls only the cues of the
// range (on one goroutine) and, when the range does not start at cue 0,
// also returns each recalled cue's overlap with its target.
func (s *repState) evaluate(rule memory.Rule, sc *scratch, par int, cues cueRange) (Score, []int32, error) {
	cfg := s.cfg
	P := s.p
	if P == 0 {
		return Score{}, nil, nil
	}
	opt := memory.Options{Nflip: cfg.Nflip, Eps: cfg.Eps}
	if s.mode == Prototypes {
		opt.Nflip = cfg.NflipTest
	}
	w, err := memory.Derive(sc.w, s.counts, cfg.Shape, rule, opt)
	if err != nil {
		return Score{}, nil, err
	}
	sc.w = w
	if sc.net == nil || sc.net.Shape != cfg.Shape {
		if sc.net, err = memory.NewNet(cfg.Shape, w); err != nil {
			return Score{}, nil, err
		}
		sc.extra = nil
	}
	sc.net.Weights = w
	r := pattern.NewRand(cfg.Seed, streamCues, uint64(s.rep), uint64(P))
	ropt := memory.RecallOptions{Niter: cfg.Niter, Async: cfg.Async, Rand: r, Ties: cfg.Ties}
	if par > 1 && cues.all() && SplitsCues(*cfg) {
		ropt.Rand = nil // not drawn from: the goroutines share nothing but the weights
		sum, err := s.evaluateBlocks(r, sc, ropt, par)
		return sum, nil, err
	}
	var sum Score
	var overlaps []int32
	err = s.eachCue(r, cues.to, func(k int, cue, target pattern.Pattern) error {
		if k < cues.from {
			return nil // drawn, before the range
		}
		res, err := sc.net.Recall(cue, ropt)
		if err != nil {
			return err
		}
		o := outcome(res, target)
		sum.add(o, cfg.Shape.K)
		if cues.from > 0 {
			overlaps = append(overlaps, o.overlap)
		}
		return nil
	})
	if err != nil {
		return Score{}, nil, err
	}
	return sum, overlaps, nil
}

// eachCue calls f with every cue of the unit at the state's P, in the order
// the unit draws them, with its index and its target: each stored pattern
// with a fresh distortion drawn from r (Storage), or every test instance of
// every prototype. It stops before cue to when to ≥ 0. f must not keep cue:
// its buffer is reused.
func (s *repState) eachCue(r *rand.Rand, to int, f func(k int, cue, target pattern.Pattern) error) error {
	if s.mode == Prototypes {
		k := 0
		for _, pr := range s.protos[:s.p] {
			for _, cue := range pr.Test {
				if to >= 0 && k >= to {
					return nil
				}
				if err := f(k, cue, pr.Proto); err != nil {
					return err
				}
				k++
			}
		}
		return nil
	}
	var cue pattern.Pattern
	for k, n := range pattern.FlipCounts(r, s.p, s.cfg.Nflip) {
		if to >= 0 && k >= to {
			return nil
		}
		target := s.stored[k][0]
		cue = pattern.Distort(cue, r, s.cfg.Shape, target, n)
		if err := f(k, cue, target); err != nil {
			return err
		}
	}
	return nil
}

// AddCues adds to s, the score of a unit's cues before cue c, the score r
// of its cues from c on, whose Overlaps give each cue's overlap (Evaluator.
// EvalCues) in runs: the counts add, and the overlaps enter s's float sum
// one by one, as fractions of K, in the unit's own order, so the result is
// bit-identical to the whole unit's score.
func (s *Score) AddCues(r WorkScore, K int) error {
	n := 0
	for _, run := range r.Overlaps {
		if run[1] < 1 || run[0] < 0 || int(run[0]) > K {
			return fmt.Errorf("experiment: overlap run %v outside 0..%d", run, K)
		}
		n += int(run[1])
	}
	if n != r.Tests {
		return fmt.Errorf("experiment: %d overlaps for %d cues", n, r.Tests)
	}
	s.Correct += r.Correct
	s.Tests += r.Tests
	s.Iters += r.Iters
	for _, run := range r.Overlaps {
		for range run[1] {
			s.Overlap += float64(run[0]) / float64(K)
		}
	}
	return nil
}

// overlapRuns encodes overlaps as runs of equal values (value, count): most
// cues below capacity are recalled exactly, so the runs are few.
func overlapRuns(ov []int32) [][2]int32 {
	var out [][2]int32
	for _, v := range ov {
		if n := len(out); n > 0 && out[n-1][0] == v {
			out[n-1][1]++
		} else {
			out = append(out, [2]int32{v, 1})
		}
	}
	return out
}

// outcome is what a Score keeps of recall res, whose target was target.
func outcome(res memory.Result, target pattern.Pattern) cueOutcome {
	return cueOutcome{correct: pattern.Equal(res.Final, target), overlap: int32(pattern.Overlap(res.Final, target)), iters: int32(res.Iterations)}
}

// add counts one recall's outcome; the overlap enters as a fraction of K,
// added in the order of the calls.
func (s *Score) add(o cueOutcome, K int) {
	s.Tests++
	s.Iters += int(o.iters)
	if o.correct {
		s.Correct++
	}
	s.Overlap += float64(o.overlap) / float64(K)
}

// cueTest is one cue and the pattern its recall should reach.
type cueTest struct {
	cue, target pattern.Pattern
}

// cueOutcome is what a Score keeps of one recall.
type cueOutcome struct {
	correct bool
	overlap int32 // active units the final state shares with the target
	iters   int32
}

// cueBlock is the number of cues drawn before a parallel recall of them: it
// bounds the cues held at once (cueBlock·K units), and is large against
// cueChunk so the goroutines rarely wait for each other at the block's end.
const (
	cueBlock = 2048
	cueChunk = 16 // cues a goroutine takes at a time
)

// evaluateBlocks is evaluate's parallel path: the cues in blocks of
// cueBlock, each recalled by par goroutines, with the outcomes summed in cue
// order.
func (s *repState) evaluateBlocks(r *rand.Rand, sc *scratch, ropt memory.RecallOptions, par int) (Score, error) {
	cfg := s.cfg
	for len(sc.extra) < par-1 {
		n, err := memory.NewNet(cfg.Shape, sc.w)
		if err != nil {
			return Score{}, err
		}
		sc.extra = append(sc.extra, n)
	}
	nets := append([]*memory.Net{sc.net}, sc.extra[:par-1]...)
	for _, n := range nets {
		n.Weights = sc.w
	}
	var sum Score
	flush := func() error {
		out := slices.Grow(sc.out[:0], len(sc.block))[:len(sc.block)]
		sc.out = out
		if err := recallTests(nets, sc.block, ropt, out); err != nil {
			return err
		}
		for _, o := range out {
			sum.add(o, cfg.Shape.K)
		}
		sc.block = sc.block[:0]
		return nil
	}
	err := s.eachCue(r, -1, func(_ int, cue, target pattern.Pattern) error {
		// A cue buffer of the block, reused from earlier blocks.
		if len(sc.block) < cap(sc.block) {
			sc.block = sc.block[:len(sc.block)+1]
		} else {
			sc.block = append(sc.block, cueTest{})
		}
		t := &sc.block[len(sc.block)-1]
		t.cue, t.target = append(t.cue[:0], cue...), target
		if len(sc.block) == cueBlock {
			return flush()
		}
		return nil
	})
	if err != nil {
		return Score{}, err
	}
	return sum, flush()
}

// recallTests recalls every cue of tests with the goroutines of nets (one
// each), cueChunk cues at a time, and writes the outcome of tests[k] to
// out[k].
func recallTests(nets []*memory.Net, tests []cueTest, ropt memory.RecallOptions, out []cueOutcome) error {
	var taken atomic.Int64
	errs := make([]error, len(nets))
	var wg sync.WaitGroup
	for g, n := range nets {
		wg.Go(func() {
			for {
				lo := int(taken.Add(cueChunk)) - cueChunk
				if lo >= len(tests) {
					return
				}
				for k := lo; k < min(lo+cueChunk, len(tests)); k++ {
					res, err := n.Recall(tests[k].cue, ropt)
					if err != nil {
						errs[g] = err
						return
					}
					out[k] = outcome(res, tests[k].target)
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Progress reports one finished piece of work of a long run.
type Progress struct {
	Done    int // pieces finished so far
	Total   int // pieces expected, or 0 when unknown (searches)
	Rule    memory.Rule
	P       int     // stored patterns (or prototypes) of the piece
	Rep     int     // repetition, or -1 for an average over repetitions
	Value   float64 // fcorr or prototype score of the piece
	Message string  // a one-line summary for a status line
}

// progressFunc serialises calls to a user's callback and counts pieces.
type progressFunc struct {
	mu    sync.Mutex
	fn    func(Progress)
	done  int
	total int
}

func (p *progressFunc) report(pr Progress) {
	if p == nil || p.fn == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	pr.Done, pr.Total = p.done, p.total
	if pr.Message == "" {
		pr.Message = fmt.Sprintf("%s P=%d: %.3f", pr.Rule, pr.P, pr.Value)
	}
	p.fn(pr)
}

// Unit is one piece of work: a rule tested with P items stored in one
// repetition. Experiments split into units in any way and merge their
// scores; the result does not depend on the split.
type Unit struct {
	Rule memory.Rule
	P    int
	Rep  int
}

// queued is a unit waiting in a unitQueue: unit i of batch b.
type queued struct {
	b *Batch
	i int
}

// unitQueue is the units waiting for a worker: batches in the order they
// were handed out, each batch's units largest first (LargestFirst). A
// global largest-first order measured slower (5.3 s against 5.0 s for the
// seven rules' search at 32×32 with 2 workers): it starves the rules of
// small P, which then finish last, one probe at a time. take blocks while
// the queue is empty and open.
type unitQueue struct {
	mu      sync.Mutex
	cond    *sync.Cond
	items   []queued
	workers int // the workers that take from the queue
	running int // of those, the ones evaluating a unit (take to finish)
	closed  bool
}

func newUnitQueue(workers int) *unitQueue {
	q := &unitQueue{workers: workers}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// push adds the units of b.
func (q *unitQueue) push(b *Batch) {
	q.mu.Lock()
	for _, i := range LargestFirst(b.Cfg, b.Mode, b.Units) {
		q.items = append(q.items, queued{b: b, i: i})
	}
	q.mu.Unlock()
	q.cond.Broadcast()
}

// take returns the next unit, and, when it was the last one queued, how
// many other workers have no unit (they lend their share to this one:
// evaluate's par); false once the queue is closed. A worker that takes a
// unit calls finish when it is done with it. Workers still starting count
// as idle: a single unit pushed before the others reach take is still
// shared.
func (q *unitQueue) take() (queued, int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.cond.Wait()
	}
	if q.closed {
		return queued{}, 0, false
	}
	it := q.items[0]
	q.items = q.items[1:]
	q.running++
	idle := 0
	if len(q.items) == 0 {
		idle = q.workers - q.running
	}
	return it, idle, true
}

// finish records that a worker is done with the unit it took.
func (q *unitQueue) finish() {
	q.mu.Lock()
	q.running--
	q.mu.Unlock()
}

// close wakes every waiting worker and makes take return false.
func (q *unitQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

// unitDone is the outcome of one queued unit.
type unitDone struct {
	queued
	score Score
	err   error
}

// execute runs r to its end on cfg.Workers goroutines: it hands every batch
// Next gives to a shared queue (largest units first), and feeds each unit's
// score back as it arrives, which may let Next hand out more (a capacity
// search's next probe of that rule). Each worker keeps one evaluator per
// configuration, so it reuses the counts of the repetitions it has built.
// done, if not nil, is called after each unit, from the caller's goroutine.
func (r *Run) execute(ctx context.Context, done func(b *Batch, u Unit, s Score)) error {
	workers := max(1, r.cfg.Workers)
	q := newUnitQueue(workers)
	results := make(chan unitDone)
	quit := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			evs := map[string]*Evaluator{}
			for {
				it, idle, ok := q.take()
				if !ok {
					return
				}
				out := unitDone{queued: it}
				key := fmt.Sprint(SpecOf(it.b.Cfg), it.b.Mode)
				ev := evs[key]
				if ev == nil {
					ev, out.err = NewEvaluator(it.b.Cfg, it.b.Mode)
					evs[key] = ev
				}
				if out.err == nil {
					u := it.b.Units[it.i]
					ev.par = 1 + idle
					out.score, out.err = ev.Eval(u.Rule, u.P, u.Rep)
				}
				q.finish()
				select {
				case results <- out:
				case <-quit:
					return
				}
			}
		})
	}
	stop := func() {
		close(quit)
		q.close()
		wg.Wait()
	}
	inflight := 0
	for {
		for {
			b, ok := r.Next()
			if !ok {
				break
			}
			q.push(&b)
			inflight += len(b.Units)
		}
		if inflight == 0 {
			stop()
			if !r.Done() {
				return fmt.Errorf("experiment: run stalled") // cannot happen: every unit out is fed
			}
			return nil
		}
		var res unitDone
		select {
		case res = <-results:
		case <-ctx.Done():
			stop()
			return ctx.Err()
		}
		inflight--
		if res.err == nil {
			res.err = r.FeedUnit(res.b.ID, res.i, res.score)
		}
		if res.err != nil {
			stop()
			return res.err
		}
		if done != nil {
			done(res.b, res.b.Units[res.i], res.score)
		}
	}
}

// sum adds per-repetition scores in repetition order (so float sums do not
// depend on scheduling).
func sum(scores []Score) Score {
	var t Score
	for _, s := range scores {
		t.Add(s)
	}
	return t
}

// meanFraction returns the average over repetitions of each repetition's
// fraction correct: fcorr averaged over R repetitions (package doc, section
// Measurements).
func meanFraction(scores []Score) float64 {
	var f float64
	for _, s := range scores {
		f += s.Fraction()
	}
	return f / float64(len(scores))
}
