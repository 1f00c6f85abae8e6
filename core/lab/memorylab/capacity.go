package memorylab

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"hebbplay/core/experiment"
	"hebbplay/core/lab"
	"hebbplay/core/memory"
	"hebbplay/core/params"
)

// The capacity meter of the playground: every stored pattern (prototype
// mode: every test instance of every prototype) is cued with the current
// distortion and recall settings, and the meter shows how many were
// recalled exactly and the mean overlap, for the memory on screen. It is
// measured with core/experiment's own code (one repetition, repetition 0,
// at P = npat, the lab's seed: the playground stores that repetition's
// patterns), so it equals `hebb recall -P npat -exp_reps 1 …` by
// construction. The measurement runs in the Web Workers as a job of the
// "memory" kind (the Experiments screen's), never on the page's thread;
// every P measured for the same settings is kept, and drawn as a small
// fcorr-against-P curve beside the views. "Fill to the limit" stores more
// patterns, one measured step at a time, until fewer than 90% are recalled.

// meterIDBase separates the meter's batch ids from the Experiments
// screen's (lab.Work.ID).
const meterIDBase = 1 << 30

// fillPause is the least time between two steps of "Fill to the limit", in
// seconds, so that the count visibly climbs.
const fillPause = 0.15

// maxCurves bounds the number of settings whose curves are kept.
const maxCurves = 64

// meter is the state of the capacity meter.
type meter struct {
	curves map[string]map[int]experiment.Score // by meterKey: P → score
	order  []string                            // keys, oldest first
	gen    int                                 // work generation (added to the Experiments screen's)
	batch  int                                 // id of the batch out; 0 = none
	outGen int                                 // the work generation it went out in
	outKey string                              // what the batch out measures
	outP   int
	outK   int                     // active units K of the net measured
	parts  []*experiment.WorkScore // the batch's results by request, nil until in
	err    string
	ver    uint64

	filling    bool
	fillExpect int     // the npat the last fill step set
	fillWait   float64 // seconds since the last fill step
	fillFrom   int     // npat when the fill started
}

// meterBase is every setting the meter's measurement depends on apart from
// the rule and the number of stored patterns.
func meterBase(v params.Values) string {
	var b strings.Builder
	for _, n := range []string{"kind", "H", "M", "N", "K", "seed", "mode", "ninst", "nflip_train", "nflip", "eps", "niter", "update", "ties"} {
		b.WriteString(n + "=" + v.Text(n) + "&")
	}
	return b.String()
}

func meterKey(v params.Values, rule string) string { return meterBase(v) + "rule=" + rule }

// meterKeyOf is the key of the meter's curve of rule for the lab's current
// settings; in picture mode it names the pictures too (picmeter.go).
func (l *Lab) meterKeyOf(rule string) string {
	if picturesOn(l.cfg) {
		return l.pictureMeterKey() + meterKey(l.cfg, rule)
	}
	return meterKey(l.cfg, rule)
}

// meterConfig is the experiment the meter runs one unit of: one repetition
// of every rule (so that a change of rule keeps a worker's patterns and
// counts) with the playground's network, cue and recall settings.
func meterConfig(v params.Values) (experiment.Config, experiment.Mode, error) {
	e := v.Clone()
	e.SetText("exp_rules", allRules())
	e.Set("exp_reps", 1)
	mode := experiment.Storage
	if v.Choice("mode") == "prototype" {
		mode = experiment.Prototypes
		e.SetChoice("exp", experiment.ExpProto)
	} else {
		e.SetChoice("exp", experiment.ExpStorage)
	}
	cfg, _, _, err := expConfig(e)
	return cfg, mode, err
}

func allRules() string {
	var ids []string
	for _, r := range memory.Rules {
		ids = append(ids, string(r.ID))
	}
	return strings.Join(ids, ",")
}

// meterScore is the measured score at the current settings and npat.
func (l *Lab) meterScore() (experiment.Score, bool) {
	key := l.meterKeyOf(l.cfg.Choice("rule"))
	l.measurePicturesNow(key)
	s, ok := l.meter.curves[key][l.cfg.Int("npat")]
	return s, ok
}

// configureMeter is called by Configure: a change of the measured settings
// abandons a measurement in flight (its workers are stopped); any change
// but the fill's own step stops "Fill to the limit".
func (l *Lab) configureMeter(old, v params.Values, first bool) {
	m := &l.meter
	if m.batch != 0 && m.outKey != meterKey(v, v.Choice("rule")) {
		m.batch = 0
		m.gen++
	}
	m.err = "" // a new configuration is tried afresh
	if m.filling && !first {
		others := table.NamesExcept("npat", "target", "speed", "autoplay", "wview", "unit")
		if v.Int("npat") != m.fillExpect || v.Differs(old, others...) {
			m.filling = false
		}
	}
	m.ver++
}

// stopFill ends "Fill to the limit" (any action or edit but the fill's own).
func (l *Lab) stopFill() {
	if l.meter.filling {
		l.meter.filling = false
		l.meter.ver++
	}
}

// meterSplitMin is the fewest cues a measurement splits between two
// workers. Smaller measurements take milliseconds and stay in worker 0, so
// worker 1 does not store the same patterns and derive the same weights
// for them.
const meterSplitMin = 200

// meterWork implements NextWork on the playground: the measurement at the
// current P. With two workers or more, and a recall that draws nothing at
// random, worker 0 recalls the first half of the cues and worker 1 the
// second (experiment.Evaluator.EvalCues), and meterFeed joins the halves
// into exactly the whole unit's score (experiment.Score.AddCues); otherwise
// worker 0 recalls them all. Each worker keeps the patterns and counts of
// its earlier measurements and adds only the new patterns.
func (l *Lab) meterWork(workers int) (lab.Work, bool) {
	m := &l.meter
	if m.batch != 0 && m.outGen != l.WorkGen() {
		m.batch = 0 // its workers were stopped (the Experiments screen ran meanwhile): it never returns
	}
	if m.batch != 0 || workers < 1 || !l.hasCfg {
		return lab.Work{}, false
	}
	if _, ok := l.meterScore(); ok {
		return lab.Work{}, false
	}
	cfg, mode, err := meterConfig(l.cfg)
	if picturesOn(l.cfg) {
		return lab.Work{}, false // measured on the page (picmeter.go)
	}
	P := l.cfg.Int("npat")
	if err == nil && P > experiment.MaxPFactor*cfg.Shape.N {
		err = fmt.Errorf("the meter measures at most %d·N = %d patterns", experiment.MaxPFactor, experiment.MaxPFactor*cfg.Shape.N)
	}
	if err != nil {
		if m.err != err.Error() {
			m.err = err.Error()
			m.ver++
		}
		return lab.Work{}, false
	}
	units := []experiment.WorkUnit{{Rule: l.cfg.Choice("rule"), P: P, Rep: 0}}
	n := experiment.CueCount(cfg, mode, P)
	if workers >= 2 && experiment.SplitsCues(cfg) && n >= meterSplitMin {
		half := units[0]
		half.Cues = []int{n / 2, n}
		units[0].Cues = []int{0, n / 2}
		units = append(units, half)
	}
	w := lab.Work{Gen: l.WorkGen(), Requests: make([]string, workers), Units: make([]int, workers)}
	spec := experiment.SpecOf(cfg)
	for k, u := range units {
		req, err := unitRequest(spec, mode, u)
		if err != nil {
			return lab.Work{}, false
		}
		w.Requests[k], w.Units[k] = req, 1
	}
	m.batch = meterIDBase + int(m.ver%meterIDBase)
	m.outKey, m.outP, m.outGen, m.outK = meterKey(l.cfg, l.cfg.Choice("rule")), P, l.WorkGen(), cfg.Shape.K
	m.parts = make([]*experiment.WorkScore, len(units))
	w.ID = m.batch
	return w, true
}

// meterFeed implements FeedWork for the meter's batches.
func (l *Lab) meterFeed(id, k, i int, result string) error {
	m := &l.meter
	if id != m.batch || m.batch == 0 {
		return nil // stale: the settings changed meanwhile
	}
	if k < 0 || k >= len(m.parts) || i != 0 || m.parts[k] != nil {
		return fmt.Errorf("memorylab: meter result %d of request %d is out of range", i, k)
	}
	fail := func(msg string) error {
		m.batch = 0
		m.ver++
		m.err = "The capacity meter failed: " + msg
		return fmt.Errorf("memorylab: meter: %s", msg)
	}
	var res experiment.WorkResult
	if err := json.Unmarshal([]byte(result), &res); err != nil || res.Error != "" || len(res.Scores) != 1 {
		msg := res.Error
		if err != nil {
			msg = err.Error()
		}
		return fail(msg)
	}
	m.parts[k] = &res.Scores[0]
	for _, p := range m.parts {
		if p == nil {
			return nil // the other half is on its way
		}
	}
	s := m.parts[0].Score()
	for _, p := range m.parts[1:] {
		if err := s.AddCues(*p, m.outK); err != nil {
			return fail(err.Error())
		}
	}
	m.batch = 0
	m.ver++
	m.err = ""
	l.keepPoint(m.outKey, m.outP, s)
	return nil
}

// keepPoint records the meter's score at P on the curve key, keeping the
// curves of the last maxCurves settings.
func (l *Lab) keepPoint(key string, P int, s experiment.Score) {
	m := &l.meter
	if m.curves == nil {
		m.curves = map[string]map[int]experiment.Score{}
	}
	c := m.curves[key]
	if c == nil {
		c = map[int]experiment.Score{}
		m.curves[key] = c
		m.order = append(m.order, key)
		if len(m.order) > maxCurves {
			delete(m.curves, m.order[0])
			m.order = m.order[1:]
		}
	}
	c[P] = s
}

// meterPending reports whether the meter still has to measure.
func (l *Lab) meterPending() bool {
	if l.experimentsOn() || !l.hasCfg || l.meter.err != "" && l.meter.batch == 0 {
		return false
	}
	_, ok := l.meterScore()
	return !ok || l.meter.filling
}

// Drive implements lab.Driver: the steps of "Fill to the limit". Once the
// meter has measured the current P (and fillPause has passed), it stores
// about 5% more patterns, or stops when fewer than 90% were recalled.
func (l *Lab) Drive(v *params.Values, dt float64) bool {
	m := &l.meter
	if !m.filling || l.experimentsOn() {
		return false
	}
	m.fillWait += dt
	if m.err != "" {
		m.filling = false // the meter cannot measure this configuration
		m.ver++
		return true
	}
	s, ok := l.meterScore()
	if !ok || m.fillWait < fillPause {
		return false
	}
	P := v.Int("npat")
	if s.Fraction() < experiment.Threshold || P >= maxPat || picturesOn(*v) && P >= pictureLimit(v.Choice("pset")) {
		m.filling = false
		m.ver++
		return true
	}
	m.fillWait = 0
	l.storeMore(max(1, P/20), v)
	m.fillExpect = v.Int("npat")
	return true
}

// startFill starts "Fill to the limit", or stops it when it runs.
func (l *Lab) startFill(v *params.Values) bool {
	m := &l.meter
	if m.filling {
		l.stopFill()
		return true
	}
	m.filling, m.fillExpect, m.fillWait, m.fillFrom = true, v.Int("npat"), fillPause, v.Int("npat")
	m.ver++
	return true
}

// storeMore adds n patterns (prototypes) to the memory, up to the
// playground's limit. The watched pattern stays the one on screen: a random
// target (−1) becomes the pattern the cue number had picked, instead of
// moving with the growing count.
func (l *Lab) storeMore(n int, v *params.Values) (bool, error) {
	have := v.Int("npat")
	if have >= maxPat {
		return false, fmt.Errorf("the playground stores at most %d patterns", maxPat)
	}
	if lim := pictureLimit(v.Choice("pset")); picturesOn(*v) && have >= lim {
		return false, fmt.Errorf("all %d pictures of the set are stored", lim)
	}
	if picturesOn(*v) {
		n = min(n, pictureLimit(v.Choice("pset"))-have)
	}
	if v.Int("target") < 0 && l.net != nil {
		v.Set("target", float64(l.targetIdx))
	}
	v.Set("npat", float64(min(maxPat, have+n)))
	return true, nil
}

// meterText is the meter's sentence: what is measured and the outcome.
func (l *Lab) meterText() string {
	m := &l.meter
	P := l.cfg.Int("npat")
	nflip := l.cfg.Int("nflip")
	s, ok := l.meterScore()
	cues := fmt.Sprintf("cues with nflip = %d changed unit%s", nflip, plural(nflip))
	if l.isHidden("nflip") {
		cues = "distorted cues"
	}
	what := fmt.Sprintf("of %d stored pattern%s recalled exactly from %s", P, plural(P), cues)
	if picturesOn(l.cfg) {
		what = fmt.Sprintf("of %d stored picture%s recalled exactly from noisy copies with %d flipped pixel%s", P, plural(P), nflip, plural(nflip))
		if l.isHidden("nflip") {
			what = fmt.Sprintf("of %d stored picture%s recalled exactly from noisy copies", P, plural(P))
		}
	}
	if l.cfg.Choice("mode") == "prototype" {
		what = fmt.Sprintf("of %d test instances (%d per prototype, nflip = %d) recalled exactly as their prototype", P*l.cfg.Int("ninst"), l.cfg.Int("ninst"), nflip)
		if l.isHidden("nflip") || l.isHidden("ninst") {
			what = "of the test instances recalled exactly as their prototype"
		}
	}
	var out string
	switch {
	case m.err != "" && !ok:
		out = "Capacity meter: " + m.err
	case !ok:
		out = fmt.Sprintf("Capacity meter: measuring all %d…", P)
		if l.cfg.Choice("mode") == "prototype" {
			out = fmt.Sprintf("Capacity meter: measuring %d test instances…", P*l.cfg.Int("ninst"))
		}
	default:
		out = fmt.Sprintf("Capacity: %d %s (%s) · mean overlap %.2f", s.Correct, what, percent(s.Correct, s.Tests), s.MeanOverlap())
	}
	if m.filling {
		out += fmt.Sprintf(" · filling to the limit (from %d)…", m.fillFrom)
	} else if ok && P >= maxPat && s.Fraction() >= experiment.Threshold {
		out += fmt.Sprintf(" · the playground stores at most %d, still above 90%%", maxPat)
	}
	return out
}

// percent is k of n as a percentage, whole unless rounding would hide a
// failure (999 of 1000: 99.9%, not 100%) or a success (1 of 1000: 0.1%).
func percent(k, n int) string {
	if n == 0 {
		return "100%"
	}
	p := 100 * float64(k) / float64(n)
	for d := 0; d < 6; d++ {
		f := math.Pow(10, float64(d))
		if r := math.Round(p*f) / f; (r < 100 || k == n) && (r > 0 || k == 0) {
			return strconv.FormatFloat(r, 'f', d, 64) + "%"
		}
	}
	return strconv.FormatFloat(p, 'g', 6, 64) + "%"
}

// meterCharts is the playground's ChartSource: the meter as status line
// and the small curve of the fraction recalled against P.
// playgroundCharts are the playground's charts: the capacity meter's, and
// the why view's traces while it is shown, in a narrow column beside the
// views. Its version changes whenever either part's does.
func (l *Lab) playgroundCharts(base uint64) lab.Charts {
	c := l.meterCharts()
	w := l.whyCharts(base)
	if w.Active {
		c.Charts = append(c.Charts, w.Charts...)
	}
	c.Narrow = true
	if k := [2]uint64{c.Version, w.Version}; k != l.playKey {
		l.playKey = k
		l.playVer++
	}
	c.Version = l.playVer + 1<<42
	return c
}

func (l *Lab) meterCharts() lab.Charts {
	m := &l.meter
	c := lab.Charts{Active: true, Stage: true, Version: m.ver + 1<<41, Running: l.meterPending(), Status: l.meterText()}
	if !l.hasCfg {
		return c
	}
	c.Charts = []lab.Chart{l.meterChart()}
	return c
}

// curve returns the measured points of one rule at the current settings,
// sorted by P.
func (l *Lab) curve(rule string) (ps []int, sc []experiment.Score) {
	pts := l.meter.curves[l.meterKeyOf(rule)]
	for p := range pts {
		ps = append(ps, p)
	}
	slices.Sort(ps)
	for _, p := range ps {
		sc = append(sc, pts[p])
	}
	return ps, sc
}

// crossing is where a curve first falls below 90%: linearly interpolated
// between the last measured P at or above it and the next one below; ok is
// false while no measured P is below 90% after one above.
func crossing(ps []int, sc []experiment.Score) (float64, bool) {
	for k := 1; k < len(ps); k++ {
		a, b := sc[k-1].Fraction(), sc[k].Fraction()
		if a >= experiment.Threshold && b < experiment.Threshold {
			t := (a - experiment.Threshold) / (a - b)
			return float64(ps[k-1]) + t*float64(ps[k]-ps[k-1]), true
		}
	}
	return 0, false
}

func (l *Lab) meterChart() lab.Chart {
	rule := l.cfg.Choice("rule")
	ch := lab.Chart{ID: "capacity", Title: "Recalled exactly vs stored patterns", XLabel: axisStored,
		YLabel: axisFcorr, YMin: 0, YMax: 1.02}
	note := "Each point: every stored pattern cued once with the current settings (one repetition). Dashed: 90%."
	if l.cfg.Choice("mode") == "prototype" {
		ch.Title, ch.XLabel, ch.YLabel = "Recalled as their prototype vs prototypes", axisPrototypes, axisScore
		note = "Each point: every test instance of every prototype recalled once with the current settings (one repetition). Dashed: 90%."
	}
	for _, r := range memory.Rules {
		id := string(r.ID)
		if id == rule {
			continue
		}
		if ps, sc := l.curve(id); len(ps) > 0 {
			ch.Series = append(ch.Series, curveSeries(id+" (earlier)", fadeColour(rulePalette[id]), ps, sc, true))
		}
	}
	ps, sc := l.curve(rule)
	name := rule
	if l.isHidden("rule") {
		name = "this rule"
	}
	ch.Series = append(ch.Series, curveSeries(name, rulePalette[rule], ps, sc, false))
	// The x axis runs from 0 past the largest P measured or stored.
	xmax := float64(l.cfg.Int("npat"))
	for _, se := range ch.Series {
		for _, x := range se.X {
			xmax = math.Max(xmax, x)
		}
	}
	ch.XMin, ch.XMax = 0, niceCeil(math.Max(10, xmax*1.05))
	ch.Series = append(ch.Series, threshold(ch.Series))
	ch.Series[len(ch.Series)-1].X = []float64{0, ch.XMax}
	ch.Refs = []lab.Ref{{Label: "now", Value: float64(l.cfg.Int("npat")), Vertical: true}}
	if x, ok := crossing(ps, sc); ok {
		ch.Refs = append(ch.Refs, lab.Ref{Label: fmt.Sprintf("P90 ≈ %.0f", x), Value: x, Vertical: true, Color: rulePalette[rule]})
		note += fmt.Sprintf(" %s falls below 90%% at P ≈ %.0f (P90, from the measured points).", name, x)
	} else if sc, ok := l.meterScore(); ok && sc.Fraction() >= experiment.Threshold {
		note += " Fill to the limit stores more until it falls below 90%."
	}
	if picturesOn(l.cfg) {
		note += " Measured on the page: the native commands draw random patterns, not pictures."
	} else if len(l.hidden) == 0 { // the command names every value
		note += " Native: " + l.meterNative()
	}
	ch.Note = note
	net := []string{"kind", "H", "M"}
	if picturesOn(l.cfg) {
		net = []string{"pset"} // the picture net's shape is fixed
	}
	ch.Params = lab.ParamLineShown(table, l.cfg, l.hidden, append(append([]string{"rule"}, net...), "nflip", "seed")...)
	return ch
}

// niceCeil rounds x > 0 up to a multiple of half its power of ten (13 →
// 15, 29.2 → 30, 1953 → 2000), an axis end with round ticks.
func niceCeil(x float64) float64 {
	step := math.Pow(10, math.Floor(math.Log10(x))) / 2
	return math.Ceil(x/step-1e-9) * step
}

// curveSeries draws measured points of a rule, with each point's count.
func curveSeries(label, colour string, ps []int, sc []experiment.Score, faint bool) lab.Series {
	s := lab.Series{Label: label, Color: colour, Dashed: faint}
	for k, p := range ps {
		s.X = append(s.X, float64(p))
		s.Y = append(s.Y, sc[k].Fraction())
		s.Notes = append(s.Notes, fmt.Sprintf("%d of %d recalled exactly · mean overlap %.3f", sc[k].Correct, sc[k].Tests, sc[k].MeanOverlap()))
	}
	return s
}

// fadeColour lightens a "#rrggbb" colour towards white (other rules'
// curves); other colours are returned as they are.
func fadeColour(c string) string {
	if len(c) != 7 || c[0] != '#' {
		return c
	}
	n, err := strconv.ParseUint(c[1:], 16, 32)
	if err != nil {
		return c
	}
	f := func(x uint64) uint64 { return uint64(math.Round(float64(x) + 0.6*float64(255-x))) }
	return fmt.Sprintf("#%02x%02x%02x", f(n>>16&0xff), f(n>>8&0xff), f(n&0xff))
}

// meterNative is the native command that measures the meter's number.
func (l *Lab) meterNative() string {
	v := l.cfg.Clone()
	v.SetText("exp_rules", l.cfg.Choice("rule"))
	v.Set("exp_reps", 1)
	exp := experiment.ExpRecall
	names := []string{"kind", "H", "M", "eps", "nflip", "niter", "update", "ties", "exp_rules", "exp_reps", "seed"}
	if l.cfg.Choice("kind") == "kofn" {
		names = []string{"kind", "N", "K", "eps", "nflip", "niter", "update", "ties", "exp_rules", "exp_reps", "seed"}
	}
	if l.cfg.Choice("mode") == "prototype" {
		exp = experiment.ExpProto
		names = append(names, "ninst", "nflip_train")
	}
	args := append([]string{"go run ./scripts/hebb", exp, "-P", strconv.Itoa(l.cfg.Int("npat"))}, table.CommandLine(v, names)...)
	if exp == experiment.ExpProto {
		args = append(args, "-capacity=false")
	}
	return strings.Join(append(args, "-format", "json"), " ")
}
