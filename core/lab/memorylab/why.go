package memorylab

import (
	"cmp"
	"fmt"
	"image"
	"math"
	"slices"

	"hebbplay/core/lab"
	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

// This file is "why recall fails": the fourth view's option "why" (the
// support of each winner split into the cued memory's signal and the other
// memories' crosstalk, with the winner's margin) and, while it is shown, two
// charts that follow the recall animation step by step: the overlap of the
// state with every stored memory, and the energy (symmetric rules) or the
// winners' margins (asymmetric rules). The science is memory.Explainer,
// memory.Margins, memory.Energy and memory.Lyapunov.

// wviewWhy is the fourth view's choice that shows the explanation.
const wviewWhy = "why"

// whyOn reports whether the explanation is shown.
func (l *Lab) whyOn() bool {
	return l.hasCfg && !l.experimentsOn() && l.cfg.Choice("wview") == wviewWhy && l.net != nil
}

// inspects reports whether the fourth view wv inspects a unit chosen by
// clicking the recall view.
func inspects(wv string) bool { return wv == "unit" || wv == wviewWhy }

// why caches what the explanation depends on.
type why struct {
	exKey exKey
	ex    *memory.Explainer
	exErr error

	// The traces of the current recall (all iterations), recomputed when
	// the recall or the stored set changes.
	trKey   traceKey
	overlap [][]float64 // overlap[t][m]: state t with memory m
	energy  []float64   // energy or Lyapunov value per state; nil for asymmetric rules
	minMarg []float64   // smallest winner margin per state
	meanMrg []float64   // mean winner margin per state

	chKey  chartKey
	chVer  uint64
	charts lab.Charts

	buf []float32
}

type exKey struct {
	weights uint64
	target  int
}

type traceKey struct {
	weights uint64
	steps   *memory.Step // the first step of the recall: a new recall, a new array
	iters   int
	cue     string
	update  string
	target  int
}

type chartKey struct {
	trace traceKey
	t     int
	base  uint64
}

// own is the set of stored patterns whose contribution is the signal: the
// cued pattern, or in prototype mode the prototype's stored instances.
func (l *Lab) own() []pattern.Pattern {
	if l.cfg.Choice("mode") == "prototype" {
		return l.protos[l.targetIdx].Train
	}
	return []pattern.Pattern{l.pats[l.targetIdx]}
}

// explainer returns the explainer of the current weights and target.
func (l *Lab) explainer() (*memory.Explainer, error) {
	w := &l.why
	k := exKey{l.weightsVer, l.targetIdx}
	if w.ex == nil && w.exErr == nil || w.exKey != k {
		r, _ := memory.ParseRule(l.cfg.Choice("rule"))
		eps, _ := memory.ParseEpsMode(l.cfg.Choice("eps"))
		w.exKey = k
		w.ex, w.exErr = memory.NewExplainer(l.counts, l.shape, r, memory.Options{Nflip: float64(l.cfg.Int("nflip")), Eps: eps}, l.own())
	}
	return w.ex, w.exErr
}

// winnerRow is one hypercolumn (K-of-N: one winner) of the why view.
type winnerRow struct {
	winner int
	rival  float64 // best rival's support (modular) or the (K+1)-th support
	margin float64 // memory.Margins: the winner's lead, from the supports recall compares
	split  memory.Split
	own    bool    // the winner is active in the target
	mine   float64 // modular: the support of the target's unit of the hypercolumn
}

// winnerRows returns the winners of the support of state x, with their
// splits: one per hypercolumn (the largest support, the lowest unit on a
// tie), or the K largest supports of a K-of-N net, strongest first.
func (l *Lab) winnerRows(ex *memory.Explainer, x pattern.Pattern) []winnerRow {
	w := &l.why
	w.buf = l.net.Support(w.buf, x)
	s, k := w.buf, l.weights.Scale
	var rows []winnerRow
	if l.shape.Kind == pattern.Modular {
		marg := memory.Margins(l.shape, s, k)
		for h := range l.shape.H {
			best := h * l.shape.M
			for u := best + 1; u < (h+1)*l.shape.M; u++ {
				if s[u] > s[best] {
					best = u
				}
			}
			rows = append(rows, winnerRow{winner: best, rival: float64(s[best])*k - marg[h], margin: marg[h], mine: float64(s[l.target[h]]) * k})
		}
	} else {
		order := make([]int, len(s))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(s[b], s[a]) })
		rival := float64(s[order[l.shape.K]]) * k
		marg := memory.Margins(l.shape, s, k)[0]
		for _, u := range order[:l.shape.K] {
			rows = append(rows, winnerRow{winner: u, rival: rival, margin: marg})
		}
	}
	for i := range rows {
		rows[i].split = ex.Split(x, rows[i].winner)
		rows[i].own = has(l.target, int32(rows[i].winner))
	}
	return rows
}

// drawWhy draws the why view: one bar per hypercolumn (a row, as in the
// cue and recall grids), its winner's support split into signal (from 0)
// and crosstalk (from the end of the signal), a tick at the best rival's
// support, and a mark at the left in the recall view's colours: the
// target's unit wins, or another one does.
func (l *Lab) drawWhy(v *lab.View) {
	v.ID, v.Clickable, v.Scroll = viewWeights, false, false
	v.Gradient = nil
	x := l.stateAt(l.t)
	ex, err := l.explainer()
	if err != nil {
		v.Img = lab.NewImage(v.Img, 8, 8, lab.ColBackground)
		v.Title = "Why: signal and crosstalk"
		v.Caption = []lab.Line{{Text: err.Error(), Color: lab.ColWrong}}
		v.Legend = nil
		return
	}
	rows := l.winnerRows(ex, x)
	lo, hi := 0.0, 0.0
	for _, r := range rows {
		lo = min(lo, r.split.Signal, r.split.Support, r.rival)
		hi = max(hi, r.split.Signal, r.split.Support, r.rival)
		if !r.own && l.shape.Kind == pattern.Modular {
			lo, hi = min(lo, r.mine), max(hi, r.mine)
		}
	}
	if hi-lo <= 0 || math.IsNaN(hi-lo) {
		hi = lo + 1
	}
	const width, mark, pad = 360, 10, 4
	rowH := max(2, min(28, mainSide/len(rows)))
	gap := 0
	if rowH >= 6 {
		gap = 2
	}
	v.Img = lab.NewImage(v.Img, width, rowH*len(rows), lab.ColBackground)
	x0, x1 := mark+2*pad, width-pad
	px := func(val float64) int { return x0 + int(math.Round((val-lo)/(hi-lo)*float64(x1-x0))) }
	zero := px(0)
	unit := min(l.cfg.Int("unit"), l.shape.N-1)
	for i, r := range rows {
		y0, y1 := i*rowH+gap/2, (i+1)*rowH-(gap+1)/2
		ym := (y0 + y1) / 2
		c := lab.ColWrong
		if r.own {
			c = lab.ColActive
		}
		lab.Fill(v.Img, image.Rect(pad, y0, pad+mark, y1), c)
		sp := r.split
		a, b := px(0), px(sp.Signal)
		lab.Fill(v.Img, image.Rect(min(a, b), y0, max(a, b)+1, ym), lab.ColGood)
		a, b = px(sp.Signal), px(sp.Support)
		lab.Fill(v.Img, image.Rect(min(a, b), ym, max(a, b)+1, y1), lab.ColChanged)
		s := px(sp.Support)
		lab.Fill(v.Img, image.Rect(s-1, y0, s+1, y1), lab.ColText)
		rv := px(r.rival)
		for y := y0; y < y1; y += 2 { // dotted: the rival
			lab.Fill(v.Img, image.Rect(rv, y, rv+1, y+1), lab.ColMuted)
		}
		if !r.own && l.shape.Kind == pattern.Modular { // where the target's unit stands
			m := px(r.mine)
			lab.Fill(v.Img, image.Rect(m-1, y0, m+2, y1), lab.ColGood)
		}
		if l.shape.Kind == pattern.Modular && unit/l.shape.M == i || r.winner == unit {
			lab.Frame(v.Img, image.Rect(0, i*rowH, width, (i+1)*rowH), 1, lab.ColHighlight)
		}
	}
	lab.Fill(v.Img, image.Rect(zero, 0, zero+1, v.Img.Bounds().Dy()), lab.ColMuted)

	what := l.whatName()
	v.Title = fmt.Sprintf("Why: signal and crosstalk of each winner at step %d", l.t)
	var wins int
	minM, minAt := math.Inf(1), 0
	for i, r := range rows {
		if r.own {
			wins++
		}
		if r.margin < minM {
			minM, minAt = r.margin, i
		}
	}
	var head string
	if l.shape.Kind == pattern.Modular {
		head = fmt.Sprintf("The %s wins %d of %d rows · smallest margin %s (row %d)", what, wins, len(rows), fmtNum(minM), minAt)
	} else {
		head = fmt.Sprintf("%d of the %d winners in the %s · margin %s", wins, len(rows), what, fmtNum(minM))
	}
	v.Caption = []lab.Line{{Text: head}, {Text: l.unitLine(ex, x, unit)}}
	how := fmt.Sprintf("Signal: the share of %s #%d's own co-activations in the weights; crosstalk: the other memories' share.", what, l.targetIdx)
	if ex.Method() == memory.SplitLeaveOut {
		how = fmt.Sprintf("Signal: what storing %s #%d added to the support; crosstalk: the support had it never been stored.", what, l.targetIdx)
	}
	if l.cfg.Choice("mode") == "prototype" {
		how = fmt.Sprintf("Signal: what prototype #%d's %d stored instances add to the support; crosstalk: everything else.", l.targetIdx, len(l.own()))
	}
	v.Caption = append(v.Caption,
		lab.Line{Text: fmt.Sprintf("Bars: support from %s to %s; dotted: the best rival; green tick: the %s's own unit where it lost.", fmtNum(lo), fmtNum(hi), what), Color: lab.ColMuted, Hint: true},
		lab.Line{Text: how, Color: lab.ColMuted, Hint: true},
		lab.Line{Text: "Click a unit in the recall view to split its support.", Color: lab.ColMuted, Hint: true})
	v.Legend = []lab.LegendItem{
		{Color: lab.ColGood, Label: "signal"},
		{Color: lab.ColChanged, Label: "crosstalk"},
		{Color: lab.ColWrong, Label: "wrong winner"},
	}
}

// unitLine describes the inspected unit's split and how it fares in its
// hypercolumn (K-of-N: against the K-th/(K+1)-th support).
func (l *Lab) unitLine(ex *memory.Explainer, x pattern.Pattern, u int) string {
	sp := ex.Split(x, u)
	where := fmt.Sprintf("Unit %d", u)
	if l.shape.Kind == pattern.Modular {
		where = fmt.Sprintf("Unit %d (row %d)", u, u/l.shape.M)
	}
	line := fmt.Sprintf("%s: %s = signal %s + crosstalk %s", where, fmtNum(sp.Support), fmtNum(sp.Signal), fmtNum(sp.Crosstalk))
	if has(l.target, int32(u)) {
		line += fmt.Sprintf(" · in %s #%d", l.whatName(), l.targetIdx)
	}
	return line
}

// traces computes, for every state of the recall (0 = the cue), the overlap
// with every stored memory and the energy or the margins.
func (l *Lab) traces() {
	w := &l.why
	var first *memory.Step
	if len(l.res.Steps) > 0 {
		first = &l.res.Steps[0]
	}
	k := traceKey{l.weightsVer, first, l.res.Iterations, fmt.Sprint(l.cueNow), l.cfg.Choice("update"), l.targetIdx}
	if k == w.trKey && w.overlap != nil {
		return
	}
	w.trKey = k
	T := l.res.Iterations
	n := l.count()
	in := make([]bool, l.shape.N)
	w.overlap = make([][]float64, T+1)
	rule := memory.Rule(l.cfg.Choice("rule"))
	sym := memory.HasEnergy(rule)
	w.energy, w.minMarg, w.meanMrg = nil, make([]float64, T+1), make([]float64, T+1)
	if sym {
		w.energy = make([]float64, T+1)
	}
	async := l.cfg.Choice("update") == "async"
	for t := 0; t <= T; t++ {
		x := l.stateAt(t)
		clear(in)
		for _, u := range x {
			in[u] = true
		}
		ov := make([]float64, n)
		for m := range n {
			p := l.targetPattern(m)
			c := 0
			for _, u := range p {
				if in[u] {
					c++
				}
			}
			ov[m] = float64(c) / float64(len(p))
		}
		w.overlap[t] = ov
		if sym {
			if t == 0 || async {
				w.energy[t] = memory.Energy(l.weights, x)
			} else {
				w.energy[t] = memory.Lyapunov(l.weights, x, l.stateAt(t-1))
			}
		}
		w.buf = l.net.Support(w.buf, x)
		marg := memory.Margins(l.shape, w.buf, l.weights.Scale)
		w.minMarg[t] = slices.Min(marg)
		var sum float64
		for _, m := range marg {
			sum += m
		}
		w.meanMrg[t] = sum / float64(len(marg))
	}
}

// namedMemories is how many memories besides the target the overlap chart
// names.
const namedMemories = 3

// whyCharts returns the playground's charts: none unless the why view is
// shown; then the overlap and energy (or margin) traces up to the current
// step of the animation. base is the version of the inactive charts.
func (l *Lab) whyCharts(base uint64) lab.Charts {
	if !l.whyOn() {
		return lab.Charts{Stage: true, Version: base}
	}
	l.traces()
	w := &l.why
	k := chartKey{w.trKey, l.t, base}
	if k == w.chKey && w.chVer != 0 {
		return w.charts
	}
	w.chKey = k
	w.chVer++
	c := lab.Charts{Active: true, Stage: true, Narrow: true, Version: w.chVer + 1<<41, Charts: []lab.Chart{l.overlapChart(), l.energyChart()}}
	ps := lab.ParamLineShown(table, l.cfg, l.hidden, "rule", "kind", "H", "M", "N", "K", "npat", "nflip", "update", "seed")
	for i := range c.Charts {
		c.Charts[i].Params = ps
	}
	w.charts = c
	return c
}

func iterations(t int) []float64 {
	xs := make([]float64, t+1)
	for i := range xs {
		xs[i] = float64(i)
	}
	return xs
}

// overlapChart draws the overlap of states 0..t with the target, the
// memories that come closest, the best of all others and the mean over all
// memories.
func (l *Lab) overlapChart() lab.Chart {
	w := &l.why
	t, n := l.t, l.count()
	xs := iterations(t)
	what := l.whatName()
	ch := lab.Chart{ID: "why-overlap", Title: fmt.Sprintf("Overlap of the state with every stored %s", what),
		XLabel: "iteration", YLabel: "overlap",
		YMin: 0, YMax: 1.02, XMin: 0, XMax: float64(max(1, l.res.Iterations))}
	col := func(m int) []float64 {
		ys := make([]float64, t+1)
		for i := range ys {
			ys[i] = w.overlap[i][m]
		}
		return ys
	}
	ch.Series = append(ch.Series, lab.Series{Label: fmt.Sprintf("#%d (target)", l.targetIdx), Color: lab.Hex(lab.ColGood), X: xs, Y: col(l.targetIdx)})
	// The others that come closest during the whole recall (the highest
	// overlap reached; the lower number first on a tie), so that the named
	// lines keep their colours while the animation plays.
	best := make([]float64, n)
	others := make([]int, 0, n)
	for m := range n {
		if m == l.targetIdx {
			continue
		}
		for _, ov := range w.overlap {
			best[m] = max(best[m], ov[m])
		}
		others = append(others, m)
	}
	slices.SortStableFunc(others, func(a, b int) int { return cmp.Compare(best[b], best[a]) })
	named := others[:min(namedMemories, len(others))]
	colours := []string{"#D55E00", "#0072B2", "#CC79A7", "#E69F00"}
	for i, m := range named {
		ch.Series = append(ch.Series, lab.Series{Label: fmt.Sprintf("#%d", m), Color: colours[i], X: xs, Y: col(m)})
	}
	if rest := others[len(named):]; len(rest) > 0 {
		ys := make([]float64, t+1)
		for i := range ys {
			for _, m := range rest {
				ys[i] = max(ys[i], w.overlap[i][m])
			}
		}
		ch.Series = append(ch.Series, lab.Series{Label: fmt.Sprintf("best of %d others", len(rest)), Color: "#666666", Dashed: true, X: xs, Y: ys})
	}
	mean := make([]float64, t+1)
	for i := range mean {
		for _, o := range w.overlap[i] {
			mean[i] += o
		}
		mean[i] /= float64(n)
	}
	ch.Series = append(ch.Series, lab.Series{Label: fmt.Sprintf("mean of all %d", n), Color: "#999999", Dashed: true, X: xs, Y: mean})
	ch.Refs = []lab.Ref{{Label: "chance", Value: l.shape.Activity()}}
	ch.Note = fmt.Sprintf("The fraction of each stored %s's active units active in the state (iteration 0: the cue). Recall succeeds when the target reaches 1; it fails when the state falls into another %s or a mixture. Chance: K/N.", what, what)
	return ch
}

// energyChart draws the energy (asynchronous), the synchronous Lyapunov
// function, or, for asymmetric weights, the winners' margins, for states
// 0..t.
func (l *Lab) energyChart() lab.Chart {
	w := &l.why
	t := l.t
	xs := iterations(t)
	xmax := float64(max(1, l.res.Iterations))
	if w.energy == nil {
		return lab.Chart{ID: "why-margins", Title: "Winners' margins (asymmetric weights: no energy)",
			XLabel: "iteration", YLabel: "margin", XMin: 0, XMax: xmax,
			Series: []lab.Series{
				{Label: "smallest margin", Color: "#D55E00", X: xs, Y: slices.Clone(w.minMarg[:t+1])},
				{Label: "mean margin", Color: "#0072B2", X: xs, Y: slices.Clone(w.meanMrg[:t+1])},
			},
			Note: "W_ij ≠ W_ji, so no energy function is guaranteed to fall. The margin of a winner is its support minus its best rival's (K-of-N: the K-th minus the (K+1)-th support); a margin near 0 is a choice the crosstalk can tip."}
	}
	ys := slices.Clone(w.energy[:t+1])
	if l.cfg.Choice("update") == "async" {
		return lab.Chart{ID: "why-energy", Title: "Energy of the state (asynchronous updates)",
			XLabel: "iteration", YLabel: "energy E", XMin: 0, XMax: xmax,
			Series: []lab.Series{{Label: "E", Color: "#1F3B73", X: xs, Y: ys}},
			Note:   "E = −½ Σ W_ij x_i x_j − Σ B_j x_j. With symmetric weights each asynchronous choice lowers E or keeps it: recall rolls downhill into an attractor, which may be a wrong memory."}
	}
	return lab.Chart{ID: "why-energy", Title: "Lyapunov function of synchronous recall",
		XLabel: "iteration", YLabel: "V", XMin: 0, XMax: xmax,
		Series: []lab.Series{{Label: "V", Color: "#1F3B73", X: xs, Y: ys}},
		Note:   "V(t) = −½ Σ W_ij x_i(t−1) x_j(t) − ½ Σ B_j (x_j(t) + x_j(t−1)); V(0) = E of the cue. With symmetric weights V never rises under synchronous updates and equals the energy E at a fixed point; E itself can rise, and a 2-cycle is possible."}
}

// whyFields are the summary fields of the explanation at the current step
// (only while it is shown): the energy (or null), the smallest winner margin,
// and the inspected unit's split.
func (l *Lab) whyFields(f map[string]any) {
	if !l.whyOn() {
		return
	}
	l.traces()
	w := &l.why
	var e any
	if w.energy != nil {
		e = w.energy[l.t]
	}
	f["whyEnergy"] = e
	f["whyMargin"] = w.minMarg[l.t]
	ex, err := l.explainer()
	if err != nil {
		return
	}
	u := min(l.cfg.Int("unit"), l.shape.N-1)
	sp := ex.Split(l.stateAt(l.t), u)
	f["whyUnit"], f["whySupport"], f["whySignal"], f["whyCrosstalk"] = u, sp.Support, sp.Signal, sp.Crosstalk
	f["whyMethod"] = ex.Method().String()
}
