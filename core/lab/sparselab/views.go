package sparselab

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"

	"hebbplay/core/lab"
	"hebbplay/core/lab/plot"
	"hebbplay/core/sparse/mnist"
)

// View ids, in display order.
const (
	viewFields    = "fields"
	viewHistogram = "histogram"
	viewGauges    = "gauges"
	viewCurves    = "curves"
	numViews      = 4
)

// Colours of the two models (Okabe–Ito, as the plots use) and of silent
// synapses.
var (
	colHebb    = plot.Palette[0] // blue
	colHebbFew = plot.Palette[5] // sky blue
	colBP      = plot.Palette[1] // vermillion
	colXfer    = plot.Palette[2] // bluish green
	colSilent  = color.RGBA{0xfb, 0xe3, 0xc6, 0xff}
	colTrack   = color.RGBA{0xec, 0xee, 0xf2, 0xff}
)

// Pixel sizes of the pictures and of their text. The frame scales every
// picture to its card; these sizes are about a card's picture area on a
// 1280-pixel-wide window, so text keeps its size there and grows on larger
// screens and projectors.
const (
	tile     = 28 // one receptive field, a pixel per synapse
	tileGap  = 2
	plotW    = 440
	plotH    = 250
	fontSize = 13
	// aspect is the width-to-height ratio the receptive-field grid aims at.
	aspect = 1.75
	// inkFull is the Hebbian weight drawn darkest (weights are in [0, 1],
	// like the pixels, and a prototype averages many images).
	inkFull = 0.5
)

// Views implements lab.Lab. A picture is redrawn only when what it shows
// changed.
func (l *Lab) Views() []lab.View {
	if !l.hasCfg {
		return nil
	}
	if l.views == nil {
		l.views = make([]lab.View, numViews)
		for i, id := range []string{viewFields, viewHistogram, viewGauges, viewCurves} {
			l.views[i].ID = id
		}
	}
	draws := []struct {
		key  string
		draw func(v *lab.View)
	}{
		{l.fieldsKey(), l.drawFields},
		{l.histKey(), l.drawHistogram},
		{l.gaugesKey(), l.drawGauges},
		{l.curvesKey(), l.drawCurves},
	}
	for i, d := range draws {
		if d.key == l.keys[i] && l.views[i].Img != nil {
			continue
		}
		l.keys[i] = d.key
		l.ver++
		v := &l.views[i]
		v.Caption, v.Legend, v.Gradient = v.Caption[:0], v.Legend[:0], nil
		if l.phase != phaseReady {
			l.drawWaiting(v)
		} else {
			d.draw(v)
		}
		v.Version = l.ver
	}
	return l.views
}

// waitKey is the part of every view's key while the data is not ready.
func (l *Lab) waitKey() string {
	return fmt.Sprintf("wait %d %d %d", l.phase, l.loadedPct(), l.decodedPct())
}

func (l *Lab) fieldsKey() string {
	if l.phase != phaseReady {
		return l.waitKey()
	}
	return fmt.Sprintf("f %p %d %s %d", l.heb, l.seen(), l.cfg.Choice("show"), l.fieldsVer)
}

func (l *Lab) histKey() string {
	if l.phase != phaseReady {
		return l.waitKey()
	}
	return fmt.Sprintf("h %p %v %d %s", l.heb, l.stats.valid, l.stats.at, l.stats.show)
}

func (l *Lab) gaugesKey() string {
	if l.phase != phaseReady {
		return l.waitKey()
	}
	return fmt.Sprintf("g %p %v %d %v %v %d", l.heb, l.acc.valid, l.acc.at, l.acc.exact, l.stats.valid, l.stats.at)
}

func (l *Lab) curvesKey() string {
	if l.phase != phaseReady {
		return l.waitKey()
	}
	p := -1.0
	if l.cj != nil {
		p = math.Round(l.cj.progress() * 200)
	}
	return fmt.Sprintf("c %p %v %v %v %d %g", l.heb, l.curves.started, l.curves.done, l.curves.cancelled, l.curves.at, p)
}

// modelShort is the short name of the model whose weights are shown.
func (l *Lab) modelShort() string {
	if l.cfg.Choice("show") == "backprop" {
		return "backprop"
	}
	return "Hebbian"
}

// --- waiting for the data ------------------------------------------------------------

var viewTitles = map[string]string{
	viewFields:    "Receptive fields",
	viewHistogram: "Weight histogram, log axis",
	viewGauges:    "Sparsity, silence, Dale's law",
	viewCurves:    "Few-shot learning and robustness",
}

// drawWaiting shows the progress of loading (or the error) in every view.
func (l *Lab) drawWaiting(v *lab.View) {
	v.Title = viewTitles[v.ID]
	v.Img = lab.NewImage(v.Img, plotW, plotH*2/3, lab.ColBackground)
	img := v.Img
	var msg string
	frac := 0.0
	switch l.phase {
	case phaseLoading:
		frac = float64(l.loadedPct()) / 100
		msg = fmt.Sprintf("loading the MNIST subset … %d %%", l.loadedPct())
	case phaseDecoding:
		frac = float64(l.decodedPct()) / 100
		msg = fmt.Sprintf("unpacking the MNIST subset … %d %%", l.decodedPct())
	case phaseFailed:
		plot.Text(img, "Could not load the MNIST subset.", plotW/2, 45, 17, lab.ColWrong, 0.5, 0.5)
		plot.Text(img, shorten(l.failMsg, 60), plotW/2, 80, fontSize, lab.ColText, 0.5, 0.5)
		plot.Text(img, "Reload the page to try again.", plotW/2, 110, fontSize, lab.ColMuted, 0.5, 0.5)
		return
	}
	plot.Text(img, msg, plotW/2, 50, 17, lab.ColText, 0.5, 0.5)
	bar := image.Rect(40, 80, plotW-40, 98)
	lab.Fill(img, bar, colTrack)
	lab.Fill(img, image.Rect(bar.Min.X, bar.Min.Y, bar.Min.X+int(frac*float64(bar.Dx())), bar.Max.Y), colHebb)
	if l.total > 0 && l.phase == phaseLoading {
		plot.Text(img, fmt.Sprintf("%.0f of %.0f KB", float64(l.loaded)/1024, float64(l.total)/1024), plotW/2, 120, fontSize, lab.ColMuted, 0.5, 0.5)
	}
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// --- receptive fields -----------------------------------------------------------------

// fieldsGrid is the layout of the receptive-field tiles: about aspect times
// wider than tall, like the cards.
func fieldsGrid(H int) lab.Grid {
	cols, best := 1, math.Inf(1)
	for c := 1; c <= H; c++ {
		r := (H + c - 1) / c
		// Near the aspect, with few empty cells.
		score := math.Abs(math.Log(float64(c)/float64(r)/aspect)) + 2*float64(r*c-H)/float64(H)
		if score < best {
			cols, best = c, score
		}
	}
	rows := (H + cols - 1) / cols
	return lab.Grid{Rows: rows, Cols: cols, Cell: tile, Gap: tileGap}
}

// inkRamp maps t ∈ [0, 1] from white to the active navy.
func inkRamp(t float64) color.RGBA {
	t = math.Max(0, math.Min(1, t))
	mix := func(a, b uint8) uint8 { return uint8(math.Round(float64(a)*(1-t) + float64(b)*t)) }
	c := lab.ColActive
	return color.RGBA{mix(0xff, c.R), mix(0xff, c.G), mix(0xff, c.B), 0xff}
}

func (l *Lab) drawFields(v *lab.View) {
	H := l.mcfg.Hidden
	g := fieldsGrid(H)
	sz := g.Size()
	v.Img = lab.NewImage(v.Img, sz.X, sz.Y, lab.ColBackground)
	img := v.Img
	hebb := l.cfg.Choice("show") != "backprop"
	w := l.shownFields(hebb)
	var ramp [256]color.RGBA
	for i := range ramp {
		ramp[i] = inkRamp(float64(i) / 255)
	}
	for j := 0; j < H; j++ {
		row := w[j*mnist.Pixels : (j+1)*mnist.Pixels]
		// Hebbian weights live in [0, 1], like the pixels: drawn on one
		// absolute scale, the faint random start sharpens into dark digit
		// prototypes. Backprop's signed weights are scaled per unit.
		scale := 1.0
		if !hebb {
			scale = 0
			for _, x := range row {
				scale = math.Max(scale, math.Abs(x))
			}
			if scale == 0 {
				scale = 1
			}
		}
		r := g.CellRect(j)
		for p, x := range row {
			var c color.RGBA
			switch {
			case hebb && x == 0:
				c = colSilent
			case hebb:
				c = ramp[min(255, int(math.Round(x/inkFull*255)))]
			default:
				c = lab.DivergingColor(x / scale)
			}
			off := img.PixOffset(r.Min.X+p%mnist.Cols, r.Min.Y+p/mnist.Cols)
			img.Pix[off], img.Pix[off+1], img.Pix[off+2], img.Pix[off+3] = c.R, c.G, c.B, 0xff
		}
	}
	v.Title = fmt.Sprintf("Receptive fields (%s, %d units)", l.modelShort(), H)
	if hebb {
		v.Caption = append(v.Caption, lab.Line{Text: fmt.Sprintf("After %s of %s examples; darkest where w ≥ %g.", thousands(l.seen()), thousands(l.cfg.Int("examples")), inkFull)})
		v.Legend = append(v.Legend,
			lab.LegendItem{Color: lab.ColActive, Label: fmt.Sprintf("w ≥ %g", inkFull)},
			lab.LegendItem{Color: inkRamp(0.1 / inkFull), Label: "w = 0.1"},
			lab.LegendItem{Color: colSilent, Label: "silent synapse (w = 0)"})
	} else {
		v.Caption = append(v.Caption, lab.Line{Text: fmt.Sprintf("After %s of %s examples; each tile scaled to its largest |w|.", thousands(l.seen()), thousands(l.cfg.Int("examples")))})
		v.Gradient = &lab.Gradient{Stops: lab.Diverging, Lo: "−max", Mid: "0", Hi: "+max", Label: "weight"}
	}
}

// --- weight histogram -----------------------------------------------------------------

func (l *Lab) drawHistogram(v *lab.View) {
	v.Img = lab.NewImage(v.Img, plotW, plotH, lab.ColBackground)
	v.Title = fmt.Sprintf("Weight histogram, log axis (%s)", l.modelShort())
	st := &l.stats
	if !st.valid {
		plot.Text(v.Img, "measuring …", plotW/2, plotH/2, 17, lab.ColMuted, 0.5, 0.5)
		return
	}
	h := &st.hist
	bins := len(h.Counts)
	edges := make([]float64, bins+1)
	centres := make([]float64, bins)
	counts := make([]float64, bins)
	width := (h.Hi - h.Lo) / float64(max(bins, 1))
	for b := 0; b <= bins; b++ {
		edges[b] = math.Pow(10, h.Lo+float64(b)*width)
	}
	nonzero := 0
	for b := 0; b < bins; b++ {
		centres[b] = math.Pow(10, h.Lo+(float64(b)+0.5)*width)
		counts[b] = float64(h.Counts[b])
		nonzero += h.Counts[b]
	}
	p := plot.Plot{
		X:        plot.Axis{Label: "first-layer weight |w| (log scale)", Scale: plot.Log10},
		Y:        plot.Axis{Label: "synapses"},
		FontSize: fontSize,
		Grid:     true,
	}
	if nonzero > 0 {
		p.Series = append(p.Series, plot.Series{Label: "weights", X: edges, Y: counts, Style: plot.Bars, Color: color.RGBA{0x9c, 0xb8, 0xd9, 0xff}})
		if !math.IsNaN(h.Sigma) && h.Sigma > 0 {
			p.Series = append(p.Series, plot.Series{Label: "lognormal fit", X: centres, Y: h.Fit, Color: colBP, Width: 3})
		}
	}
	p.Draw(v.Img, v.Img.Bounds())
	v.Legend = p.Legend()
	m := 0
	if st.show == "backprop" {
		m = 1
	}
	w := st.w[m]
	v.Caption = append(v.Caption, lab.Line{Text: fmt.Sprintf("μ = %.2f, σ = %.2f · KS %.3f (normal fit: %.3f) · %.0f %% silent",
		h.Mu, h.Sigma, w.LogNormal.KS, w.Normal.KS, 100*st.silent[m])})
	v.Caption = append(v.Caption, lab.Line{Text: fmt.Sprintf("After %s examples. Silent synapses (w = 0) cannot sit on a log axis; KS on a sample of %s weights.",
		thousands(st.at), thousands(st.sampled)), Color: lab.ColMuted, Hint: true})
}

// --- gauges -----------------------------------------------------------------------------

// gauge is one row of the gauges view: a value per model on a scale.
type gauge struct {
	label, note string
	lo, hi      float64
	vals        [2]float64 // Hebbian, backprop; NaN: not measured (yet)
	measured    bool       // the values are measured; a NaN is undefined
	format      string
}

func (l *Lab) gauges() []gauge {
	nan := math.NaN()
	g := []gauge{
		{label: "Test accuracy", note: "share of test digits", lo: 0, hi: 1, vals: [2]float64{nan, nan}, format: "%.2f"},
		{label: "Activity sparseness", note: "0 dense · 1 one unit", lo: 0, hi: 1, vals: [2]float64{nan, nan}, format: "%.2f"},
		{label: "Silent synapses", note: "layer 1, w = 0", lo: 0, hi: 1, vals: [2]float64{nan, nan}, format: "%.2f"},
		{label: "Dale's law", note: "output sign consistency", lo: 0.5, hi: 1, vals: [2]float64{nan, nan}, format: "%.2f"},
		{label: "Lognormal misfit", note: "KS distance, layer 1", lo: 0, hi: 0.5, vals: [2]float64{nan, nan}, format: "%.3f"},
	}
	if l.acc.valid {
		g[0].vals = [2]float64{l.acc.hebb, l.acc.bp}
		g[1].vals = [2]float64{l.acc.spars[0].Population, l.acc.spars[1].Population}
		g[0].measured, g[1].measured = true, true
	}
	if l.stats.valid {
		g[2].vals = l.stats.silent
		g[3].vals = [2]float64{l.stats.dale[0].Mean, l.stats.dale[1].Mean}
		g[4].vals = [2]float64{l.stats.w[0].LogNormal.KS, l.stats.w[1].LogNormal.KS}
		g[2].measured, g[3].measured, g[4].measured = true, true, true
	}
	return g
}

func (l *Lab) drawGauges(v *lab.View) {
	gs := l.gauges()
	const (
		rowH   = 47
		top    = 8
		labelX = 4
		barX0  = 178
		barX1  = 380
		barH   = 14
	)
	H := top + rowH*len(gs) + 6
	v.Img = lab.NewImage(v.Img, plotW, H, lab.ColBackground)
	img := v.Img
	cols := [2]color.RGBA{colHebb, colBP}
	for r, g := range gs {
		y0 := top + r*rowH
		plot.Text(img, g.label, labelX, float64(y0+1), fontSize+2, lab.ColText, 0, 0)
		plot.Text(img, g.note, labelX, float64(y0+22), fontSize-1, lab.ColMuted, 0, 0)
		for m := 0; m < 2; m++ {
			by := y0 + 4 + m*(barH+4)
			lab.Fill(img, image.Rect(barX0, by, barX1, by+barH), colTrack)
			x := g.vals[m]
			if math.IsNaN(x) || math.IsInf(x, 0) {
				// Pending, or undefined (no non-zero synapse to measure).
				mark := "…"
				if g.measured {
					mark = "—"
				}
				plot.Text(img, mark, barX1+8, float64(by+barH/2), fontSize, lab.ColMuted, 0, 0.5)
				continue
			}
			t := math.Max(0, math.Min(1, (x-g.lo)/(g.hi-g.lo)))
			lab.Fill(img, image.Rect(barX0, by, barX0+int(math.Round(t*float64(barX1-barX0))), by+barH), cols[m])
			plot.Text(img, fmt.Sprintf(g.format, x), barX1+8, float64(by+barH/2), fontSize+1, lab.ColText, 0, 0.5)
		}
		// The scale's ends.
		plot.Text(img, trimNum(g.lo), barX0, float64(y0+4+2*barH+5), fontSize-2, lab.ColMuted, 0, 0)
		plot.Text(img, trimNum(g.hi), barX1, float64(y0+4+2*barH+5), fontSize-2, lab.ColMuted, 1, 0)
	}
	v.Title = "Sparsity, silence, Dale's law"
	at := "Measuring on the test images …"
	if l.acc.valid {
		at = fmt.Sprintf("On %d test images after %s examples", l.acc.n, thousands(l.acc.at))
		if !l.acc.exact {
			at += " (while training)"
		}
		at += "."
	}
	v.Caption = append(v.Caption, lab.Line{Text: at})
	v.Caption = append(v.Caption,
		lab.Line{Text: "Dale's law on the output layer (the first is non-negative by construction): 0.5 random signs, 1 one sign per unit.", Color: lab.ColMuted, Hint: true})
	v.Legend = append(v.Legend, lab.LegendItem{Color: colHebb, Label: "sparse Hebbian"}, lab.LegendItem{Color: colBP, Label: "backprop"})
}

// trimNum writes a scale end without trailing zeros.
func trimNum(x float64) string {
	s := fmt.Sprintf("%.2f", x)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

// --- curves -----------------------------------------------------------------------------

func (l *Lab) drawCurves(v *lab.View) {
	v.Title = "Few-shot learning and robustness"
	c := &l.curves
	if !c.started {
		v.Img = lab.NewImage(v.Img, plotW, plotH*2/3, lab.ColBackground)
		img := v.Img
		plot.Text(img, "Press “Compute curves” to measure both models:", plotW/2, 40, 15, lab.ColText, 0.5, 0.5)
		plot.Text(img, "few-shot learning (1 to all images per class), and", plotW/2, 72, fontSize, lab.ColMuted, 0.5, 0.5)
		plot.Text(img, "robustness to random noise and to the FGSM attack.", plotW/2, 92, fontSize, lab.ColMuted, 0.5, 0.5)
		plot.Text(img, "It takes some seconds; training waits meanwhile.", plotW/2, 124, fontSize, lab.ColMuted, 0.5, 0.5)
		v.Caption = append(v.Caption, lab.Line{Text: "The curves measure the models as they are when you press the button.", Color: lab.ColMuted, Hint: true})
		return
	}
	// Two plots side by side, each with a heading.
	const W, H, fs = 2*plotW*6/10 + 8, plotH + 22, fontSize - 1
	half := W / 2
	v.Img = lab.NewImage(v.Img, W, H, lab.ColBackground)
	img := v.Img
	top := 0
	if l.cj != nil {
		// A progress bar over both plots.
		p := l.cj.progress()
		lab.Fill(img, image.Rect(8, 2, W-8, 8), colTrack)
		lab.Fill(img, image.Rect(8, 2, 8+int(p*float64(W-16)), 8), colHebb)
		top = 8
	}
	plot.Text(img, "Few-shot learning", float64(half/2), float64(top+2), fontSize, lab.ColText, 0.5, 0)
	plot.Text(img, "Noise (solid), FGSM attack (dashed)", float64(half+half/2), float64(top+2), fontSize, lab.ColText, 0.5, 0)
	top += 20
	// Few-shot: x = images per class (the whole set at its mean per class).
	xs := make([]float64, len(c.perClass))
	for i, pc := range c.perClass {
		xs[i] = float64(pc)
		if pc == 0 {
			xs[i] = c.allPer
		}
	}
	few := plot.Plot{
		X:        plot.Axis{Label: "images per class", Scale: plot.Log10, Min: 0.7, Max: c.allPer * 1.6},
		Y:        plot.Axis{Label: "test accuracy", Min: 0, Max: 1},
		FontSize: fs,
		Grid:     true,
		Series: []plot.Series{
			{Label: "sparse Hebbian", X: xs, Y: c.few[serHebbPre], Color: colHebb, Marker: plot.Dot},
			{Label: "Hebbian, few only", X: xs, Y: c.few[serHebbFew], Color: colHebbFew, Marker: plot.Dot},
			{Label: "backprop", X: xs, Y: c.few[serBPFew], Color: colBP, Marker: plot.Dot},
		},
		Refs: []plot.Ref{{Value: 0.1, Label: "chance"}, {Value: c.allPer, Vertical: true, Label: "all"}},
	}
	few.Draw(img, image.Rect(0, top, half-6, H))
	rob := plot.Plot{
		X:        plot.Axis{Label: "perturbation ε", Min: 0, Max: c.eps[len(c.eps)-1]},
		Y:        plot.Axis{Min: 0, Max: 1},
		FontSize: fs,
		Grid:     true,
		Series: []plot.Series{
			{X: c.eps, Y: c.rob[serHebbNoise], Color: colHebb, Marker: plot.Dot},
			{X: c.eps, Y: c.rob[serBPNoise], Color: colBP, Marker: plot.Dot},
			{X: c.eps, Y: c.rob[serHebbFGSM], Color: colHebb, Dash: 6, Marker: plot.Ring},
			{X: c.eps, Y: c.rob[serBPFGSM], Color: colBP, Dash: 6, Marker: plot.Ring},
			{Label: "FGSM via backprop's gradient", X: c.eps, Y: c.rob[serHebbXfer], Color: colXfer, Dash: 6, Marker: plot.Square},
		},
		Refs: []plot.Ref{{Value: 0.1}},
	}
	rob.Draw(img, image.Rect(half, top, W-8, H))
	v.Legend = append(few.Legend(), rob.Legend()...)
	status := fmt.Sprintf("Models after %s examples; %d test images per point.", thousands(c.at), min(l.cfg.Int("curve_n"), l.test.Len()))
	switch {
	case l.cj != nil:
		status = fmt.Sprintf("Computing … %d %%. ", int(100*l.cj.progress())) + status
	case c.cancelled && !c.done:
		status = "Cancelled. " + status
	}
	v.Caption = append(v.Caption, lab.Line{Text: status})

}
