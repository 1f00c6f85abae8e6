package memorylab

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"hebbplay/core/experiment"
	"hebbplay/core/lab"
	"hebbplay/core/memory"
	"hebbplay/core/params"
	"hebbplay/core/pattern"
)

// The Experiments screen measures what the benchmark measures (storage
// capacity, prototype extraction, correlation sweeps) for several rules at
// once. The lab plans an experiment.Run, the same the native command
// (scripts/hebb) executes, and hands its batches to the frame, which runs
// them in Web Workers (lab.WorkSource); results come back unit by unit and
// are drawn as charts by the page (lab.ChartSource). Same configuration and
// seed, same numbers as `go run ./scripts/hebb … -format json`.

// rulePalette colours the rules the same in every chart: the palette's
// "rule/<rule>" colours.
var rulePalette = func() map[string]string {
	m := map[string]string{}
	for k, c := range lab.Palette {
		if r, ok := strings.CutPrefix(k, "rule/"); ok {
			m[r] = c
		}
	}
	return m
}()

// experiments is the state of the Experiments screen.
type experiments struct {
	key     string // the configuration the run measures
	run     *experiment.Run
	gen     int // work generation: bumped when work is abandoned
	batchNo int // the last Work.ID handed out
	// works maps each Work out to the run's unit behind each of its
	// requests (one unit per request), until all its results are back
	works   map[int]*workOut
	started time.Time
	elapsed time.Duration // when finished
	err     string
	ver     uint64
	cached  lab.Charts
	cachedV uint64
	stopped bool       // cancelled or failed: no more work is handed out
	begun   bool       // the first batch went out (the clock started)
	theory  *expTheory // the run's analytical predictions (theory.go)
}

// workOut is a Work handed out: the run's batch and unit of each request,
// and how many results are still to come.
type workOut struct {
	units []unitOf
	left  int
}

// unitOf is unit i of the run's batch id.
type unitOf struct{ batch, i int }

// unitRequest is the worker's request (job kind "memory") for the one unit
// u of the configuration spec in mode.
func unitRequest(spec experiment.Spec, mode experiment.Mode, u experiment.WorkUnit) (string, error) {
	b, err := json.Marshal(experiment.WorkRequest{Kind: "memory", Spec: spec, Mode: mode.String(), Units: []experiment.WorkUnit{u}})
	return string(b), err
}

// expConfig builds the run's configuration from the lab's values: the
// network and cue settings of the playground plus the Experiment group.
func expConfig(v params.Values) (experiment.Config, []int, []float64, error) {
	var cfg experiment.Config
	var err error
	if v.Choice("kind") == "modular" {
		cfg.Shape, err = pattern.NewModular(v.Int("H"), v.Int("M"))
	} else {
		cfg.Shape, err = pattern.NewKofN(v.Int("N"), v.Int("K"))
	}
	if err != nil {
		return cfg, nil, nil, err
	}
	for _, id := range v.Multi("exp_rules") {
		cfg.Rules = append(cfg.Rules, memory.Rule(id))
	}
	if cfg.Eps, err = memory.ParseEpsMode(v.Choice("eps")); err != nil {
		return cfg, nil, nil, err
	}
	cfg.Nflip = float64(v.Int("nflip"))
	cfg.Niter = v.Int("niter")
	cfg.Async = v.Choice("update") == "async"
	if cfg.Ties, err = memory.ParseTieRule(v.Choice("ties")); err != nil {
		return cfg, nil, nil, err
	}
	cfg.Reps = v.Int("exp_reps")
	cfg.Seed = uint64(v.Int("seed"))
	cfg.Workers = 1
	var ps []int
	var knobs []float64
	switch v.Choice("exp") {
	case experiment.ExpProto:
		cfg.Ninst, cfg.NflipTrain, cfg.NflipTest = v.Int("ninst"), v.Float("nflip_train"), cfg.Nflip
		ps = grid125(v.Int("exp_pmax"))
	case experiment.ExpCorr:
		cfg.Ninst, cfg.NflipTrain, cfg.NflipTest = v.Int("ninst"), v.Float("nflip_train"), cfg.Nflip
		cfg.Corr.Parents = v.Int("exp_parents")
		if cfg.Corr.Kind, err = pattern.ParseCorrKind(v.Choice("exp_corr")); err != nil {
			return cfg, nil, nil, err
		}
		knobs = DefaultKnobs(cfg.Shape, cfg.Corr.Kind)
	}
	return cfg, ps, knobs, cfg.Validate()
}

// grid125 returns 1, 2, 5, 10, 20, 50, … up to and including max (and max
// itself when it is not on the grid).
func grid125(max int) []int {
	var ps []int
	for base := 1; base <= max; base *= 10 {
		for _, m := range []int{1, 2, 5} {
			if p := base * m; p <= max {
				ps = append(ps, p)
			}
		}
	}
	if ps[len(ps)-1] != max {
		ps = append(ps, max)
	}
	return ps
}

// DefaultKnobs are the knob values of a correlation sweep, the same as the
// native command's defaults: dparent at H/8, H/4, H/2 and H (hierarchical),
// or s = 0, 0.5, 1, 1.5, 2 (Zipf).
func DefaultKnobs(s pattern.Shape, kind pattern.CorrKind) []float64 {
	if kind == pattern.Hierarchical {
		h := s.MaxFlip()
		return []float64{float64(max(1, h/8)), float64(max(1, h/4)), float64(max(1, h/2)), float64(h)}
	}
	return []float64{0, 0.5, 1, 1.5, 2}
}

// NativeCommand returns the command line that computes the same numbers
// natively (scripts/hebb), for the screen's note and for checking: the
// table's flags (lab.NativeCommand).
func NativeCommand(v params.Values) string {
	if _, _, _, err := expConfig(v); err != nil {
		return ""
	}
	return lab.NativeLine((*Lab)(nil), v)
}

// expKey is the part of the configuration an experiment depends on.
func expKey(v params.Values) string {
	var b strings.Builder
	for _, n := range []string{"exp", "exp_rules", "exp_reps", "exp_pmax", "exp_corr", "exp_parents",
		"kind", "H", "M", "N", "K", "eps", "nflip", "niter", "update", "seed", "ninst", "nflip_train"} {
		b.WriteString(n + "=" + v.Text(n) + "&")
	}
	return b.String()
}

func (l *Lab) experimentsOn() bool { return l.hasCfg && l.cfg.Choice("screen") == "experiments" }

// configureExperiments starts a new run when the Experiments screen is shown
// and the experiment's settings changed (a shared link shows its results
// without a click); leaving the screen abandons the run.
func (l *Lab) configureExperiments(v params.Values) {
	e := &l.exp
	if v.Choice("screen") != "experiments" {
		l.dirty = true // the playground's views come back
		if e.run != nil {
			l.stopRun("")
			e.run, e.key = nil, ""
		}
		return
	}
	if k := expKey(v); k != e.key {
		e.key = k
		l.startRun(v)
	}
}

// startRun abandons any run and plans a new one.
func (l *Lab) startRun(v params.Values) {
	e := &l.exp
	l.stopRun("")
	e.stopped = false
	cfg, ps, knobs, err := expConfig(v)
	if err == nil {
		e.run, err = experiment.NewRun(v.Choice("exp"), cfg, ps, knobs, true)
	}
	if err != nil {
		e.err = err.Error()
		e.run = nil
	}
	e.started, e.elapsed, e.begun = time.Now(), 0, false
	e.theory = nil
	e.ver++
}

// stopRun abandons the run's remaining work (the frame stops its workers
// when the generation changes); what was measured stays on screen, with msg
// as the status.
func (l *Lab) stopRun(msg string) {
	e := &l.exp
	if e.running() {
		e.gen++
		e.stopped = true
	}
	e.works = nil
	e.err = msg
	e.ver++
}

// NextWork implements lab.WorkSource: every batch the run can hand out now
// (experiment.Run.Next), one request per unit, each batch's units largest
// first (experiment.LargestFirst). The work is Shared: any worker may run
// any request, and the page's pool asks again as soon as a worker has
// nothing to do, so a rule's next probe goes out as soon as its last one is
// back, while the other rules' probes are still being measured.
func (l *Lab) NextWork(workers int) (lab.Work, bool) {
	if !l.experimentsOn() {
		return l.meterWork(workers) // the playground's capacity meter
	}
	e := &l.exp
	if !e.running() || workers < 1 {
		return lab.Work{}, false
	}
	var out workOut
	var reqs []string
	for {
		b, ok := e.run.Next()
		if !ok {
			break
		}
		spec := experiment.SpecOf(b.Cfg)
		for _, i := range experiment.LargestFirst(b.Cfg, b.Mode, b.Units) {
			u := b.Units[i]
			req, _ := unitRequest(spec, b.Mode, experiment.WorkUnit{Rule: string(u.Rule), P: u.P, Rep: u.Rep})
			reqs = append(reqs, req)
			out.units = append(out.units, unitOf{b.ID, i})
		}
	}
	if len(reqs) == 0 {
		return lab.Work{}, false
	}
	if !e.begun {
		// The run's clock starts with its first batch, once the workers are
		// up (starting them is not part of the experiment's time).
		e.started, e.begun = time.Now(), true
	}
	e.batchNo++
	out.left = len(reqs)
	if e.works == nil {
		e.works = map[int]*workOut{}
	}
	e.works[e.batchNo] = &out
	work := lab.Work{ID: e.batchNo, Gen: e.gen, Requests: reqs, Units: make([]int, len(reqs)), Shared: true}
	for k := range work.Units {
		work.Units[k] = 1
	}
	return work, true
}

// FeedWork implements lab.WorkSource.
func (l *Lab) FeedWork(id, k, i int, result string) error {
	if id >= meterIDBase {
		return l.meterFeed(id, k, i, result)
	}
	e := &l.exp
	w := e.works[id]
	if !e.running() || w == nil {
		return nil // a stale result of an abandoned batch
	}
	if k < 0 || k >= len(w.units) || i != 0 {
		return fmt.Errorf("memorylab: result %d of request %d is out of range", i, k)
	}
	var res experiment.WorkResult
	if err := json.Unmarshal([]byte(result), &res); err != nil || res.Error != "" || len(res.Scores) != 1 {
		msg := res.Error
		if err != nil {
			msg = err.Error()
		}
		l.stopRun("The experiment stopped: " + msg)
		return fmt.Errorf("memorylab: worker: %s", msg)
	}
	u := w.units[k]
	if err := e.run.FeedUnit(u.batch, u.i, res.Scores[0].Score()); err != nil {
		return err
	}
	if w.left--; w.left == 0 {
		delete(e.works, id)
	}
	if e.run.Done() {
		e.elapsed = time.Since(e.started)
	}
	e.ver++
	return nil
}

// WorkGen implements lab.WorkSource.
func (l *Lab) WorkGen() int { return l.exp.gen + l.meter.gen }

// running reports whether the run still has work.
func (e *experiments) running() bool { return e.run != nil && !e.stopped && !e.run.Done() }

// status is the one-line state of the run.
func (l *Lab) expStatus() string {
	e := &l.exp
	switch {
	case e.err != "" && !e.stopped:
		return e.err
	case e.run == nil:
		return "No experiment: press Run."
	}
	done, total := e.run.Progress()
	if e.stopped {
		return fmt.Sprintf("%s %d of about %d measurements were made.", e.err, done, total)
	}
	if e.run.Done() {
		return fmt.Sprintf("Finished: %d measurements in %.1f s.", done, e.elapsed.Seconds())
	}
	s := fmt.Sprintf("Running: %d of about %d measurements", done, total)
	if el := time.Since(e.started).Seconds(); done > 0 && el > 0.5 {
		s += fmt.Sprintf(", about %s left", eta(el/float64(done)*float64(total-done)))
	}
	return s + "."
}

func eta(sec float64) string {
	switch {
	case sec < 1:
		return "1 s"
	case sec < 90:
		return fmt.Sprintf("%.0f s", sec)
	}
	return fmt.Sprintf("%.0f min", math.Ceil(sec/60))
}

// Charts implements lab.ChartSource.
func (l *Lab) Charts() lab.Charts {
	e := &l.exp
	if !l.experimentsOn() {
		return l.playgroundCharts(e.ver)
	}
	v := e.ver + 1<<40 // distinct from the inactive version
	if e.cachedV == v {
		return e.cached
	}
	c := lab.Charts{Active: true, Version: v, Status: l.expStatus(), Running: e.running()}
	if e.run != nil {
		c.Done, c.Total = e.run.Progress()
		c.Charts = l.expCharts()
		ps := lab.ParamLineShown(table, l.cfg, l.hidden, "exp", "exp_rules", "exp_reps", "kind", "H", "M", "nflip", "seed")
		for i := range c.Charts {
			c.Charts[i].Params = ps // drawn into each chart's PNG
		}
		if e.run.Done() {
			c.Exports = []lab.Export{
				{Name: "csv", Label: "Download CSV", Filename: "hebbplay-" + e.run.Name() + ".csv", Mime: "text/csv"},
				{Name: "json", Label: "Download JSON", Filename: "hebbplay-" + e.run.Name() + ".json", Mime: "application/json"},
			}
		}
	}
	e.cached, e.cachedV = c, v
	return c
}

// expCharts draws the run's results so far.
func (l *Lab) expCharts() []lab.Chart {
	e := &l.exp
	cfg := e.run.Config()
	note := l.nativeNote()
	switch e.run.Name() {
	case experiment.ExpStorage:
		caps := e.run.Capacities()
		ch := lab.Chart{ID: "storage", Title: "Fraction of cues recalled exactly vs stored patterns",
			XLabel: axisStored, YLabel: axisFcorr, YMin: 0, YMax: 1.02, Note: bandNote(l.shownReps(cfg.Reps)), Guide: guideStorage}
		table := storageTable()
		for _, c := range caps {
			r := c.Storage
			s := lab.Series{Label: string(r.Rule), Color: rulePalette[string(r.Rule)]}
			var lo, hi []float64
			for _, p := range r.Probes {
				s.X, s.Y = append(s.X, float64(p.P)), append(s.Y, p.Fraction)
				lo, hi = append(lo, clamp01(p.Spread.Lo)), append(hi, clamp01(p.Spread.Hi))
			}
			ch.Series = append(ch.Series, band(s, lo, hi)...)
			ch.Series = append(ch.Series, s)
			if c.Final && r.P90 > 0 { // P90 0: below 90% from the start, no point to mark
				ch.Series = append(ch.Series, lab.Series{Label: string(r.Rule) + " P90", Color: rulePalette[string(r.Rule)],
					X: []float64{float64(r.P90)}, Y: []float64{r.AtP90}, Markers: true, Point: "triangle", Hidden: true})
			}
			if c.Final {
				table.Rows = append(table.Rows, storageRow(cfg.Shape, r))
			}
		}
		ch.Series = append(ch.Series, threshold(ch.Series), p90Key())
		tab := lab.Chart{ID: "storage-table", Title: "Storage capacity P90, its spread across repetitions, and weight information", Table: table,
			Note: spreadNote() + " " + experiment.BitsReference + note}
		th := e.theoryCharts(&ch, cfg, caps) // adds the theory curves to ch
		for i := range th {
			th[i].Note = l.unnameNet(th[i].Note, cfg)
		}
		return append([]lab.Chart{ch, tab}, th...)
	case experiment.ExpProto:
		ch := lab.Chart{ID: "proto", Title: "Prototype extraction: test instances recalled as their prototype",
			XLabel: axisPrototypes, YLabel: axisScore, XLog: true, YMin: 0, YMax: 1.02, Guide: guideProto}
		curves := append(e.run.Curves(), e.run.Partial()...)
		ch.Note = bandNote(l.shownReps(cfg.Reps))
		for _, r := range cfg.Rules {
			s := lab.Series{Label: string(r), Color: rulePalette[string(r)]}
			var lo, hi []float64
			for _, p := range curves {
				if p.Rule == r {
					s.X, s.Y = append(s.X, float64(p.P)), append(s.Y, p.Fraction)
					lo, hi = append(lo, clamp01(p.Spread.Lo)), append(hi, clamp01(p.Spread.Hi))
				}
			}
			ch.Series = append(ch.Series, band(s, lo, hi)...)
			ch.Series = append(ch.Series, s)
		}
		ch.Series = append(ch.Series, threshold(ch.Series))
		table := lab.Table{Columns: []string{"rule", "prototype capacity", "score there"}}
		for _, c := range e.run.Capacities() {
			if c.Final {
				capacity, score := protoCapacityCells(c.Proto)
				table.Rows = append(table.Rows, []string{string(c.Rule), capacity, score})
			}
		}
		return []lab.Chart{ch, {ID: "proto-table", Title: "Prototype capacity (score ≥ 90%)", Table: table,
			Note: "Prototype capacity: the most prototypes at which the score, averaged over the repetitions, is at least 90%." + note}}
	}
	// Correlation sweep.
	knobLabel := "parent distance dparent (small = strongly correlated)"
	if cfg.Corr.Kind == pattern.Zipf {
		knobLabel = "Zipf exponent s (0 = uncorrelated)"
	}
	st := lab.Chart{ID: "corr-storage", Title: "Storage capacity P90 vs correlation", XLabel: knobLabel, YLabel: axisP90,
		Note: "Shaded: the 95% Student-t interval of the mean of the repetitions' own P90s at each knob value.", Guide: guideCorr}
	pr := lab.Chart{ID: "corr-proto", Title: "Prototype capacity vs correlation", XLabel: knobLabel, YLabel: axisProtoCap}
	table := lab.Table{Columns: []string{"rule", "knob", "P90", "per-repetition P90: mean (95% interval)", "spread",
		"bits/synapse (all synapses)", "bits/synapse (independent synapses)", "prototype capacity"}}
	pts := e.run.Capacities()
	for _, r := range cfg.Rules {
		s1 := lab.Series{Label: string(r), Color: rulePalette[string(r)]}
		s2 := s1
		var lo, hi []float64
		for _, p := range pts {
			if p.Rule != r {
				continue
			}
			if p.Storage.Rule != "" && p.Final {
				sp := p.Storage.Spread
				s1.X, s1.Y = append(s1.X, p.Knob), append(s1.Y, float64(p.Storage.P90))
				lo, hi = append(lo, sp.Lo), append(hi, sp.Hi)
				table.Rows = append(table.Rows, []string{string(r), strconv.FormatFloat(p.Knob, 'g', -1, 64), strconv.Itoa(p.Storage.P90),
					intervalCell(sp), spreadCell(sp), fmt4(p.Storage.BitsAll), fmt4(p.Storage.Bits), ""})
			}
			if p.Proto.Rule != "" && p.Final {
				s2.X, s2.Y = append(s2.X, p.Knob), append(s2.Y, float64(p.Proto.P90))
				for _, row := range table.Rows {
					if row[0] == string(r) && row[1] == strconv.FormatFloat(p.Knob, 'g', -1, 64) {
						row[len(row)-1] = strconv.Itoa(p.Proto.P90)
					}
				}
			}
		}
		st.Series = append(st.Series, band(s1, lo, hi)...)
		st.Series, pr.Series = append(st.Series, s1), append(pr.Series, s2)
	}
	return []lab.Chart{st, pr, {ID: "corr-table", Title: "Capacities per knob value", Table: table,
		Note: spreadNote() + " " + experiment.BitsReference + note}}
}

// The spread across repetitions (experiment.Interval): bands on the curves,
// intervals and a warning in the tables.

// band returns the two edge series (lo, then hi) of a shaded band around s,
// or nothing when s has no points.
func band(s lab.Series, lo, hi []float64) []lab.Series {
	if len(s.X) == 0 {
		return nil
	}
	return []lab.Series{
		{Label: s.Label + " 95% interval (low)", Color: s.Color, X: s.X, Y: lo, Hidden: true, Band: "lo"},
		{Label: s.Label + " 95% interval", Color: s.Color, X: s.X, Y: hi, Hidden: true, Band: "hi"},
	}
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

// bandNote is the caption of a curve's bands; reps 0 leaves the number of
// repetitions out (a classroom link hides it).
func bandNote(reps int) string {
	n := ""
	if reps > 0 {
		n = fmt.Sprintf(" %d", reps)
	}
	return fmt.Sprintf("Shaded bands: the 95%% Student-t interval of the mean over the%s repetitions at each point "+
		"(mean ± t·s/√R, s the standard deviation of the repetitions' own fractions).", n)
}

// spreadNote explains the spread columns of a capacity table.
func spreadNote() string {
	return fmt.Sprintf("P90 is where fcorr averaged over the repetitions falls to 90%%; each repetition also has its own P90 "+
		"(its own curve's crossing). Interval: the 95%% Student-t interval of the mean of those per-repetition P90s, "+
		"mean ± t(0.975, R−1)·s/√R; ⚠ marks an interval wider than ±%g%% of the mean (run more repetitions).", 100*experiment.WideInterval)
}

// storageTable is the empty table of storage capacities.
func storageTable() lab.Table {
	return lab.Table{Columns: []string{"rule", "P90", "fcorr at P90", "per-repetition P90", "mean (95% interval)", "spread",
		"bits/synapse (all synapses)", "bits/synapse (independent synapses: halved for symmetric rules)", "bits/synapse (authors')",
		"normalisation (independent synapses)"}}
}

// storageRow is one rule's row of the storage table.
func storageRow(s pattern.Shape, r experiment.CapacityResult) []string {
	reps := make([]string, len(r.RepP90))
	for k, p := range r.RepP90 {
		reps[k] = strconv.Itoa(p)
	}
	at := fmt4(r.AtP90)
	if r.P90 == 0 {
		at = "— (below 90% from one pattern on)" // AtP90 would be the fraction of storing nothing
	}
	return []string{string(r.Rule), strconv.Itoa(r.P90), at, strings.Join(reps, " "), intervalCell(r.Spread), spreadCell(r.Spread),
		fmt4(r.BitsAll), fmt4(r.Bits), fmt4(r.BitsNaive), experiment.BitsNormalisation(s, r.Rule)}
}

// intervalCell is "141.7 (126.8–156.6)", or the mean alone without an
// interval (one repetition).
func intervalCell(iv experiment.Interval) string {
	if !iv.Defined {
		return strconv.FormatFloat(iv.Mean, 'f', 1, 64)
	}
	return fmt.Sprintf("%.1f (%.1f–%.1f)", iv.Mean, iv.Lo, iv.Hi)
}

// spreadCell is the interval's relative half-width, with a warning sign
// when it is wider than experiment.WideInterval.
func spreadCell(iv experiment.Interval) string {
	switch {
	case !iv.Defined:
		return "⚠ one repetition: no interval"
	case math.IsInf(iv.RelHalfWid, 0):
		return "⚠ ±" + fmt4(iv.HalfWidth)
	case iv.Wide():
		return fmt.Sprintf("⚠ ±%.1f%% > ±%g%%", 100*iv.RelHalfWid, 100*experiment.WideInterval)
	}
	return fmt.Sprintf("±%.1f%%", 100*iv.RelHalfWid)
}

// threshold is the dashed 90% line across the x range of the series.
func threshold(ss []lab.Series) lab.Series {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range ss {
		for _, x := range s.X {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	if math.IsInf(lo, 0) {
		lo, hi = 0, 1
	}
	return lab.Series{Label: "90% recalled: the capacity threshold", Color: "#666666", X: []float64{lo, hi}, Y: []float64{experiment.Threshold, experiment.Threshold}, Dashed: true}
}

func fmt4(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }

// ExportFile implements lab.ChartSource: the finished run's rows as CSV (the
// native command's -format csv) or as JSON with the full configuration, the
// seed and the permalink inside.
func (l *Lab) ExportFile(name string) (string, error) {
	e := &l.exp
	if e.run == nil || !e.run.Done() {
		return "", fmt.Errorf("the experiment has not finished")
	}
	rows := e.run.Rows()
	var b bytes.Buffer
	switch name {
	case "csv":
		if err := experiment.WriteRows(&b, "csv", rows); err != nil {
			return "", err
		}
	case "json":
		doc := struct {
			Experiment string           `json:"experiment"`
			Permalink  string           `json:"permalink"`
			Spec       experiment.Spec  `json:"spec"`
			Native     string           `json:"native_command"`
			Seconds    float64          `json:"seconds"`
			Rows       []experiment.Row `json:"rows"`
		}{e.run.Name(), "#" + table.Encode(l.cfg, nil, params.KV{Key: lab.KeyLab, Value: ID}), experiment.SpecOf(e.run.Config()),
			l.native, e.elapsed.Seconds(), rows}
		enc := json.NewEncoder(&b)
		enc.SetIndent("", " ")
		if err := enc.Encode(doc); err != nil {
			return "", err
		}
	default:
		return "", fmt.Errorf("unknown export %q", name)
	}
	return b.String(), nil
}

// expSummary is the Summary of the Experiments screen. It changes only when
// the run starts, stops or finishes (the live progress is in Charts), so that
// results arriving many times a second do not republish the whole state.
func (l *Lab) expSummary() lab.Summary {
	e := &l.exp
	f := map[string]any{"screen": "experiments", "running": e.running(), "error": e.err, "finished": false}
	text := "No experiment: press Run experiment."
	if e.run != nil {
		f["finished"] = e.run.Done()
		f["experiment"] = e.run.Name()
		switch {
		case e.running():
			text = "Running the " + e.run.Name() + " experiment in Web Workers…"
		default:
			text = l.expStatus()
		}
	}
	f["native"] = l.native
	return lab.Summary{Text: text, Fields: f}
}
