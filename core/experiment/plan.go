package experiment

import (
	"context"
	"fmt"
	"slices"

	"hebbplay/core/pattern"
)

// Experiment names, as on the command line and in result rows.
const (
	ExpRecall  = "recall"  // fcorr at given numbers of stored patterns
	ExpStorage = "storage" // storage capacity P90 and bits per synapse
	ExpProto   = "proto"   // prototype score versus number of prototypes, and prototype capacity
	ExpCorr    = "corr"    // capacities versus a correlation knob
)

// Run is one experiment as a sequence of tasks (curves and capacity
// searches), driven by batches: Next hands out a Batch of units, Feed takes
// their scores back, until Done. The native command executes a Run with
// goroutines (Execute); the browser hands the same batches to Web Workers.
// Both therefore run the very same units and produce the same Rows.
//
// Several batches of a capacity search may be out at once: each rule's
// search (and each repetition's own search) moves on as soon as its own
// probe is fed back, so Next hands out the probes that became pending
// without waiting for the other rules' (the workers then never wait for a
// round's slowest unit). A probe's outcome depends only on its own units,
// so the order in which batches come back changes nothing. The tasks
// themselves run one after another.
type Run struct {
	name  string
	cfg   Config
	tasks []*task
	cur   int
	next  int               // ID of the next batch
	out   map[int]*outBatch // batches handed out and not yet fed back, by ID
	// probesOut are the probes of the current search that are out
	probesOut map[Probe]bool
	done      int // units fed back so far
	batches   int
}

// outBatch is a batch handed out: its probes (a search's) and the unit
// scores fed one by one so far (FeedUnit).
type outBatch struct {
	Batch
	task   int
	probes []Probe
	scores []Score
	have   []bool
	left   int
}

// task is one curve or capacity search of a Run.
type task struct {
	cfg     Config
	mode    Mode
	ps      []int // curve: P values; nil for a capacity search
	knob    float64
	curve   []CurvePoint
	search  *Search
	results []CapacityResult
	units   []Unit // curve: all units, handed out in one batch
	handed  bool   // curve: its batch was handed out
	fed     bool
}

// Batch is a piece of work of a Run: units of one configuration and mode.
type Batch struct {
	ID    int
	Cfg   Config
	Mode  Mode
	Units []Unit
}

// NewRun plans experiment name (ExpRecall, ExpStorage, ExpProto or ExpCorr)
// for cfg. ps are the numbers of stored patterns (recall) or prototypes
// (proto) of a curve; knobs the values of the correlation knob (corr, whose
// cfg.Corr.Kind must be Hierarchical or Zipf). A corr run measures the
// prototype capacity too when cfg.Ninst ≥ 1; a proto run searches the
// prototype capacity when withCapacity is set.
func NewRun(name string, cfg Config, ps []int, knobs []float64, withCapacity bool) (*Run, error) {
	cfg = cfg.withDefaults()
	r := &Run{name: name, cfg: cfg}
	add := r.add
	var err error
	switch name {
	case ExpRecall:
		err = add(cfg, Storage, ps, 0)
	case ExpStorage:
		err = add(cfg, Storage, nil, 0)
	case ExpProto:
		if err = add(cfg, Prototypes, ps, 0); err == nil && withCapacity {
			err = add(cfg, Prototypes, nil, 0)
		}
	case ExpCorr:
		if cfg.Corr.Kind == pattern.Uncorrelated {
			return nil, fmt.Errorf("experiment: a correlation sweep needs a correlation kind (hierarchical or zipf)")
		}
		if len(knobs) == 0 {
			return nil, fmt.Errorf("experiment: no knob values to sweep")
		}
		for _, k := range knobs {
			c := cfg
			if c.Corr.Kind == pattern.Hierarchical {
				c.Corr.Dparent = k
			} else {
				c.Corr.S = k
			}
			if err = add(c, Storage, nil, k); err != nil {
				return nil, fmt.Errorf("experiment: knob %g: %w", k, err)
			}
			if c.Ninst >= 1 {
				if err = add(c, Prototypes, nil, k); err != nil {
					return nil, fmt.Errorf("experiment: knob %g: %w", k, err)
				}
			}
		}
	default:
		return nil, fmt.Errorf("experiment: unknown experiment %q (want recall, storage, proto or corr)", name)
	}
	if err != nil {
		return nil, err
	}
	return r, nil
}

// add appends a task: a curve over ps, or a capacity search when ps is nil.
func (r *Run) add(c Config, mode Mode, ps []int, knob float64) error {
	c = c.withDefaults()
	if err := checkMode(c, mode); err != nil {
		return err
	}
	t := &task{cfg: c, mode: mode, knob: knob}
	if ps != nil {
		units, err := CurveUnits(c, ps)
		if err != nil {
			return err
		}
		t.units, t.ps = units, ps
	} else {
		s, err := NewSearch(c, mode)
		if err != nil {
			return err
		}
		t.search = s
	}
	r.tasks = append(r.tasks, t)
	return nil
}

// advance moves past finished tasks, keeping their results.
func (r *Run) advance() {
	for r.cur < len(r.tasks) {
		t := r.tasks[r.cur]
		if t.search != nil {
			if !t.search.Done() {
				return
			}
			t.results = t.search.Results()
		} else if !t.fed {
			return
		}
		r.cur++
	}
}

// Name returns the experiment's name.
func (r *Run) Name() string { return r.name }

// Config returns the run's configuration (with defaults filled in).
func (r *Run) Config() Config { return r.cfg }

// Next returns the next batch to measure, and false when nothing can be
// handed out now: the run is done, or everything it can measure before some
// batch out comes back is out. A search's batch is one probe (the units of
// one rule at one P in every repetition, or one repetition's own probe), so
// that each probe's search moves on when that probe is back; call Next
// until it returns false to have everything that can be measured now.
// Several batches may be out at once (see Run). Units of one repetition had
// best go to one worker, which keeps that repetition's counts between
// batches; any split gives the same numbers.
func (r *Run) Next() (Batch, bool) {
	r.advance()
	if r.cur >= len(r.tasks) {
		return Batch{}, false
	}
	t := r.tasks[r.cur]
	units := t.units
	var probes []Probe
	if t.search != nil {
		for _, p := range t.search.Pending() {
			if !r.probesOut[p] {
				probes = []Probe{p}
				break
			}
		}
		if len(probes) == 0 {
			return Batch{}, false
		}
		units = t.search.Units(probes)
		if r.probesOut == nil {
			r.probesOut = map[Probe]bool{}
		}
		r.probesOut[probes[0]] = true
	} else {
		if t.handed {
			return Batch{}, false
		}
		t.handed = true
	}
	ob := &outBatch{Batch: Batch{ID: r.next, Cfg: t.cfg, Mode: t.mode, Units: units}, task: r.cur, probes: probes,
		scores: make([]Score, len(units)), have: make([]bool, len(units)), left: len(units)}
	if r.out == nil {
		r.out = map[int]*outBatch{}
	}
	r.out[ob.ID] = ob
	r.next++
	return ob.Batch, true
}

// Feed hands back the scores of batch id, one per unit in order.
func (r *Run) Feed(id int, scores []Score) error {
	ob := r.out[id]
	if ob == nil {
		return fmt.Errorf("experiment: batch %d is not out", id)
	}
	if len(scores) != len(ob.Units) {
		return fmt.Errorf("experiment: batch %d has %d units, got %d scores", id, len(ob.Units), len(scores))
	}
	r.done += ob.left
	return r.complete(ob, scores)
}

// FeedUnit hands back the score of unit i of batch id; the batch completes
// when every unit has its score. A unit fed twice is an error.
func (r *Run) FeedUnit(id, i int, s Score) error {
	ob := r.out[id]
	if ob == nil {
		return fmt.Errorf("experiment: batch %d is not out", id)
	}
	if i < 0 || i >= len(ob.Units) || ob.have[i] {
		return fmt.Errorf("experiment: unit %d of batch %d is out of range or already fed", i, id)
	}
	ob.scores[i], ob.have[i] = s, true
	ob.left--
	r.done++
	if ob.left > 0 {
		return nil
	}
	return r.complete(ob, ob.scores)
}

func (r *Run) complete(ob *outBatch, scores []Score) error {
	t := r.tasks[ob.task]
	delete(r.out, ob.ID)
	if t.search != nil {
		for _, p := range ob.probes {
			delete(r.probesOut, p)
		}
		if err := t.search.FeedUnits(ob.probes, scores); err != nil {
			return err
		}
	} else {
		curve, err := MergeCurve(t.cfg, t.units, scores)
		if err != nil {
			return err
		}
		t.curve, t.fed = curve, true
	}
	r.batches++
	return nil
}

// Partial returns the points of the curve being measured whose every
// repetition has been fed so far (FeedUnit), for showing results as they
// arrive; nil when no curve batch is out.
func (r *Run) Partial() []CurvePoint {
	var ob *outBatch
	for _, b := range r.out {
		if r.tasks[b.task].search == nil {
			ob = b
		}
	}
	if ob == nil {
		return nil
	}
	t := r.tasks[ob.task]
	type key struct {
		rule string
		P    int
	}
	count := map[key]int{}
	for i, u := range t.units {
		if ob.have[i] {
			count[key{string(u.Rule), u.P}]++
		}
	}
	reps := map[key][]Score{}
	var out []CurvePoint
	for _, rule := range t.cfg.Rules {
		for i, u := range t.units {
			k := key{string(u.Rule), u.P}
			if u.Rule != rule || count[k] != t.cfg.Reps {
				continue
			}
			if reps[k] == nil {
				reps[k] = make([]Score, t.cfg.Reps)
			}
			reps[k][u.Rep] = ob.scores[i]
		}
		for _, P := range sortedPs(t.units) {
			if sc := reps[key{string(rule), P}]; sc != nil {
				out = append(out, CurvePoint{Rule: rule, Point: newPoint(P, sc)})
			}
		}
	}
	return out
}

func sortedPs(units []Unit) []int {
	var ps []int
	for _, u := range units {
		ps = append(ps, u.P)
	}
	slices.Sort(ps)
	return slices.Compact(ps)
}

// Done reports whether every task has finished.
func (r *Run) Done() bool {
	if len(r.out) > 0 {
		return false
	}
	r.advance()
	return r.cur >= len(r.tasks)
}

// Progress returns the units measured so far and an estimate of the total:
// curves are known in advance; a capacity search is counted as the probes it
// has made plus about 15 per rule still searching (a search from N/50 over a
// P90 of a few hundred makes 11 to 19).
func (r *Run) Progress() (done, total int) {
	total = 0
	for k, t := range r.tasks {
		switch {
		case t.search == nil:
			total += len(t.units)
		case k < r.cur:
			for _, res := range t.results {
				total += len(res.Probes)*t.cfg.Reps + res.RepUnits
			}
		default:
			// A rule still searching: about 15 probes, then about 3 units
			// per repetition for its per-repetition P90s.
			for _, res := range t.search.Results() {
				n := len(res.Probes) * t.cfg.Reps
				extra := res.RepUnits
				if k > r.cur || slices.ContainsFunc(t.search.Pending(), func(p Probe) bool { return p.Rule == res.Rule }) {
					n = max(n+t.cfg.Reps, 15*t.cfg.Reps)
					extra = max(extra+1, 3*t.cfg.Reps)
				}
				total += n + extra
			}
		}
	}
	return r.done, max(total, r.done)
}

// Curves returns the curve points measured so far (recall and proto runs).
func (r *Run) Curves() []CurvePoint {
	var out []CurvePoint
	for _, t := range r.tasks {
		out = append(out, t.curve...)
	}
	return out
}

// Capacities returns, for every capacity task so far, its knob, mode and the
// current results (finished searches, or the lower bounds of a running one).
func (r *Run) Capacities() []CorrPoint {
	var out []CorrPoint
	for k, t := range r.tasks {
		if t.search == nil || k > r.cur {
			continue
		}
		res := t.results
		pending := map[string]bool{}
		if k == r.cur {
			res = t.search.Results()
			for _, p := range t.search.Pending() {
				pending[string(p.Rule)] = true
			}
		}
		for _, c := range res {
			pt := CorrPoint{Rule: c.Rule, Knob: t.knob, Final: !pending[string(c.Rule)]}
			if t.mode == Storage {
				pt.Storage = c
			} else {
				pt.Proto = c
			}
			out = append(out, pt)
		}
	}
	return out
}

// Rows returns the results as rows, exactly as the native command prints
// them. It is meant for a finished run.
func (r *Run) Rows() []Row {
	switch r.name {
	case ExpRecall:
		return CurveRows(r.name, r.cfg, Storage, r.tasks[0].curve, nil)
	case ExpStorage:
		return CapacityRows(r.name, r.cfg, r.tasks[0].results)
	case ExpProto:
		var caps []CapacityResult
		if len(r.tasks) > 1 {
			caps = r.tasks[1].results
		}
		return CurveRows(r.name, r.cfg, Prototypes, r.tasks[0].curve, caps)
	}
	return CorrRows(r.cfg, r.corrPoints())
}

// corrPoints joins each knob's storage and prototype capacities.
func (r *Run) corrPoints() []CorrPoint {
	var out []CorrPoint
	for _, t := range r.tasks {
		if t.mode == Prototypes {
			// Attach to the storage points of the same knob, rule by rule.
			base := len(out) - len(t.results)
			for k, c := range t.results {
				out[base+k].Proto = c
			}
			continue
		}
		for _, c := range t.results {
			out = append(out, CorrPoint{Rule: c.Rule, Knob: t.knob, Storage: c})
		}
	}
	return out
}

// Execute runs the whole experiment with cfg.Workers goroutines, feeding
// each unit's score back as it arrives (see execute); progress, if not nil,
// is called after each unit.
func (r *Run) Execute(ctx context.Context, progress func(Progress)) error {
	pf := &progressFunc{fn: progress}
	return r.execute(ctx, func(b *Batch, u Unit, s Score) {
		_, pf.total = r.Progress()
		pf.report(Progress{Rule: u.Rule, P: u.P, Rep: u.Rep, Value: s.Fraction(),
			Message: fmt.Sprintf("%s %s P=%d rep %d: %.3f", u.Rule, b.Mode, u.P, u.Rep, s.Fraction())})
	})
}
