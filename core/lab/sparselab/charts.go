package sparselab

import (
	"fmt"
	"math"
	"strings"

	"hebbplay/core/lab"
)

// Chart ids, in display order.
const (
	chartHistogram  = "histogram"
	chartGauges     = "gauges"
	chartFewShot    = "fewshot"
	chartRobustness = "robustness"
)

var _ lab.ChartSource = (*Lab)(nil)

// chartCache holds the charts last built and what they showed.
type chartCache struct {
	key    string
	charts lab.Charts
	ver    uint64
}

// Model colours, from the palette.
var (
	colourHebb    = lab.Palette["model/hebbian"]
	colourHebbFew = lab.Palette["model/hebbian-few"]
	colourBP      = lab.Palette["model/backprop"]
	colourXfer    = lab.Palette["model/transfer"]
)

// Charts implements lab.ChartSource: the weight histogram with its
// lognormal fit, the gauges (a bar per model and measure) and, once
// computed, the few-shot and robustness curves, drawn by the page beside the
// receptive fields. They are rebuilt only when what they show changed.
//
// The state of the work in the workers (workState: running, progress, an
// error) goes with them, so the frame hands out work while it runs.
func (l *Lab) Charts() lab.Charts {
	w := l.workState()
	if !l.hasCfg {
		w.Stage = false
		return w
	}
	out := l.chartData()
	out.Running = w.Running
	if l.cj == nil {
		out.Done, out.Total = w.Done, w.Total
	}
	if w.Status != "" {
		out.Status = w.Status + " " + out.Status
	}
	out.Exports = nil
	if l.finished() {
		out.Exports = exports
	}
	// Either part changing changes the version.
	out.Version = uint64(l.chart.ver)<<32 | w.Version&(1<<32-1)
	return out
}

// chartData returns the charts, rebuilt only when what they show changed.
func (l *Lab) chartData() lab.Charts {
	key := strings.Join([]string{l.histKey(), l.gaugesKey(), l.curvesKey(), l.cfg.Choice("show"), fmt.Sprint(l.cfg.Int("seed"))}, "|")
	c := &l.chart
	if c.ver > 0 && key == c.key {
		return c.charts
	}
	c.key = key
	c.ver++
	out := lab.Charts{Active: true, Stage: true, Version: c.ver}
	switch l.phase {
	case phaseLoading, phaseDecoding:
		out.Status = "Waiting for the MNIST subset …"
	case phaseFailed:
		out.Status = "Could not load the MNIST subset."
	default:
		out.Charts = append(out.Charts, l.histogramChart(), l.gaugesChart())
		if l.curves.started {
			out.Charts = append(out.Charts, l.fewShotChart(), l.robustnessChart())
		}
		out.Status = fmt.Sprintf("Models after %s of %s examples.", thousands(l.seen()), thousands(l.cfg.Int("examples")))
		if l.cj != nil {
			p := l.cj.progress()
			out.Status = fmt.Sprintf("Computing the curves … %d %%. ", int(100*p)) + out.Status
			out.Done, out.Total = int(1000*p), 1000
		} else if l.curves.cancelled && !l.curves.done {
			out.Status = "Curves cancelled. " + out.Status
		}
	}
	ps := lab.ParamLineShown(table, l.cfg, l.hidden, "H", "k", "eta", "theta", "rho", "readout", "examples", "seed")
	for i := range out.Charts {
		out.Charts[i].Params = ps
	}
	c.charts = out
	return out
}

func (l *Lab) histogramChart() lab.Chart {
	ch := lab.Chart{ID: chartHistogram, Title: fmt.Sprintf("Weight histogram, log axis (%s)", l.modelShort()),
		XLabel: "first-layer weight |w| (log scale)", YLabel: "synapses", XLog: true}
	st := &l.stats
	if !st.valid {
		ch.Note = "Measuring …"
		return ch
	}
	h := &st.hist
	bins := len(h.Counts)
	width := (h.Hi - h.Lo) / float64(max(bins, 1))
	bars := lab.Series{Label: "weights", Color: lab.Palette["model/histogram"], Histogram: true}
	fit := lab.Series{Label: "lognormal fit", Color: colourBP}
	nonzero := 0
	for b := 0; b <= bins; b++ {
		bars.X = append(bars.X, math.Pow(10, h.Lo+float64(b)*width))
	}
	for b := 0; b < bins; b++ {
		bars.Y = append(bars.Y, float64(h.Counts[b]))
		nonzero += h.Counts[b]
		if b < len(h.Fit) {
			fit.X = append(fit.X, math.Pow(10, h.Lo+(float64(b)+0.5)*width))
			fit.Y = append(fit.Y, h.Fit[b])
		}
	}
	if nonzero > 0 {
		ch.Series = append(ch.Series, bars)
		if !math.IsNaN(h.Sigma) && h.Sigma > 0 {
			ch.Series = append(ch.Series, fit)
		}
	}
	m := 0
	if st.show == "backprop" {
		m = 1
	}
	w := st.w[m]
	ch.Note = fmt.Sprintf("μ = %.2f, σ = %.2f · KS %.3f (normal fit: %.3f) · %.0f %% silent. After %s examples. Silent synapses (w = 0) cannot sit on a log axis; KS on a sample of %s weights.",
		h.Mu, h.Sigma, w.LogNormal.KS, w.Normal.KS, 100*st.silent[m], thousands(st.at), thousands(st.sampled))
	return ch
}

// gauge is one measure of both models.
type gauge struct {
	label, note string
	vals        [2]float64 // Hebbian, backprop; NaN: not measured (yet) or undefined
}

func (l *Lab) gauges() []gauge {
	nan := math.NaN()
	g := []gauge{
		{label: "Test accuracy", note: "share of test digits", vals: [2]float64{nan, nan}},
		{label: "Activity sparseness", note: "0 dense, 1 one unit", vals: [2]float64{nan, nan}},
		{label: "Silent synapses", note: "layer 1, w = 0", vals: [2]float64{nan, nan}},
		{label: "Dale's law", note: "output sign consistency: 0.5 random signs, 1 one sign per unit", vals: [2]float64{nan, nan}},
		{label: "Lognormal misfit", note: "KS distance, layer 1", vals: [2]float64{nan, nan}},
		{label: "Dead hidden units", note: "Hebbian units that win no test image (backprop's units are never silent)", vals: [2]float64{nan, nan}},
	}
	if l.acc.valid {
		g[0].vals = [2]float64{l.acc.hebb, l.acc.bp}
		g[1].vals = [2]float64{l.acc.spars[0].Population, l.acc.spars[1].Population}
		g[5].vals[0] = l.acc.dead
	}
	if l.stats.valid {
		g[2].vals = l.stats.silent
		g[3].vals = [2]float64{l.stats.dale[0].Mean, l.stats.dale[1].Mean}
		g[4].vals = [2]float64{l.stats.w[0].LogNormal.KS, l.stats.w[1].LogNormal.KS}
	}
	return g
}

func (l *Lab) gaugesChart() lab.Chart {
	gs := l.gauges()
	ch := lab.Chart{ID: chartGauges, Title: "Sparsity, silence, dead units, Dale's law", YLabel: "value", YMin: 0, YMax: 1}
	hebb := lab.Series{Label: "sparse Hebbian", Color: colourHebb}
	bp := lab.Series{Label: "backprop", Color: colourBP}
	var notes []string
	for _, g := range gs {
		ch.Categories = append(ch.Categories, g.label)
		hebb.Y = append(hebb.Y, g.vals[0])
		bp.Y = append(bp.Y, g.vals[1])
		notes = append(notes, g.label+": "+g.note)
	}
	ch.Series = []lab.Series{hebb, bp}
	at := "Measuring on the test images …"
	if l.acc.valid {
		at = fmt.Sprintf("On %d test images after %s examples", l.acc.n, thousands(l.acc.at))
		if !l.acc.exact {
			at += " (while training)"
		}
		at += "."
	}
	ch.Note = at + " " + strings.Join(notes, "; ") + ". Dale's law on the output layer (the first is non-negative by construction)."
	return ch
}

// fewX is the few-shot chart's x: images per class (the whole set at its
// mean per class).
func (l *Lab) fewX() []float64 {
	c := &l.curves
	xs := make([]float64, len(c.perClass))
	for i, pc := range c.perClass {
		xs[i] = float64(pc)
		if pc == 0 {
			xs[i] = c.allPer
		}
	}
	return xs
}

func (l *Lab) curvesNote() string {
	c := &l.curves
	return fmt.Sprintf("Models after %s examples; %d test images per point.", thousands(c.at), min(l.cfg.Int("curve_n"), l.test.Len()))
}

func (l *Lab) fewShotChart() lab.Chart {
	c := &l.curves
	xs := l.fewX()
	return lab.Chart{ID: chartFewShot, Title: "Few-shot learning", XLabel: "images per class", YLabel: "test accuracy",
		XLog: true, XMin: 0.7, XMax: c.allPer * 1.6, YMin: 0, YMax: 1,
		Series: []lab.Series{
			{Label: "sparse Hebbian", X: xs, Y: c.few[serHebbPre], Color: colourHebb},
			{Label: "Hebbian, few only", X: xs, Y: c.few[serHebbFew], Color: colourHebbFew},
			{Label: "backprop", X: xs, Y: c.few[serBPFew], Color: colourBP},
		},
		Refs: []lab.Ref{{Label: "chance", Value: 0.1}, {Label: "all", Value: c.allPer, Vertical: true}},
		Note: l.curvesNote() + " “sparse Hebbian” keeps its unsupervised hidden layer and trains only its readout on the few."}
}

func (l *Lab) robustnessChart() lab.Chart {
	c := &l.curves
	ch := lab.Chart{ID: chartRobustness, Title: "Robustness: noise (solid), FGSM attack (dashed)", XLabel: "perturbation ε", YLabel: "test accuracy",
		YMin: 0, YMax: 1,
		Series: []lab.Series{
			{Label: "sparse Hebbian, noise", X: c.eps, Y: c.rob[serHebbNoise], Color: colourHebb},
			{Label: "backprop, noise", X: c.eps, Y: c.rob[serBPNoise], Color: colourBP},
			{Label: "sparse Hebbian, FGSM", X: c.eps, Y: c.rob[serHebbFGSM], Color: colourHebb, Dashed: true},
			{Label: "backprop, FGSM", X: c.eps, Y: c.rob[serBPFGSM], Color: colourBP, Dashed: true},
			{Label: "FGSM via backprop's gradient", X: c.eps, Y: c.rob[serHebbXfer], Color: colourXfer, Dashed: true},
		},
		Refs: []lab.Ref{{Label: "chance", Value: 0.1}},
		Note: l.curvesNote() + " The green curve attacks the Hebbian model with backprop's gradient, since its own gradient ignores the switching of winners."}
	if len(c.eps) > 0 {
		ch.XMin, ch.XMax = 0, c.eps[len(c.eps)-1]
	}
	return ch
}

// SetHidden implements lab.HiddenUser: the PNG exports' parameter line
// leaves out the values a classroom link hides.
func (l *Lab) SetHidden(names []string) {
	l.hidden = append([]string(nil), names...)
	l.chart.key = "" // rebuild the charts' parameter line
}
