package dopaminelab

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"
	"time"

	"hebbplay/core/dopamine"
	"hebbplay/core/lab"
	"hebbplay/core/lab/plot"
)

// View ids, in display order.
const (
	viewLoss     = "loss"
	viewSurface  = "surface"  // XOR
	viewForecast = "forecast" // Mackey–Glass
	viewRPE      = "rpe"
	viewRate     = "rate"
)

// Picture size and text size: the frame scales pictures to its cards
// (about 440×230 CSS pixels each on a 1280×860 window), so pictures of about
// that size keep the labels near their drawn size, readable on a projector.
const (
	picW, picH = 460, 215
	fontSize   = 15
)

// Colours of the optimizers, the same in every view (Okabe–Ito).
var methodColor = map[dopamine.Method]color.RGBA{
	dopamine.SGD:      {0x00, 0x72, 0xb2, 0xff}, // blue
	dopamine.Adam:     {0x00, 0x9e, 0x73, 0xff}, // bluish green
	dopamine.WP:       {0xcc, 0x79, 0xa7, 0xff}, // reddish purple
	dopamine.Dopamine: {0xd5, 0x5e, 0x00, 0xff}, // vermillion
}

var (
	colTruth    = color.RGBA{0x20, 0x24, 0x2a, 0xff}
	colBaseline = color.RGBA{0x20, 0x24, 0x2a, 0xff}
	colPoint    = color.RGBA{0x10, 0x10, 0x10, 0xff} // the XOR points
	colWhite    = color.RGBA{0xff, 0xff, 0xff, 0xff}
)

// drawState holds the buffers the views reuse between frames.
type drawState struct {
	xs, ys   [][]float64 // per trainer: trace steps and values
	bx, by   []float64   // Dopamine's baseline
	mx, my   []float64   // running mean of η_t
	surf     [][]float64 // per trainer: XOR surface samples
	fc       [][]float64 // per trainer: forecast
	fx, truX []float64   // forecast steps; truth steps
}

// surfaceN is the side of the XOR surface grid; the picture interpolates.
const surfaceN = 31

// Views implements lab.Lab. The pictures are redrawn only after a change.
func (l *Lab) Views() []lab.View {
	if l.group == nil {
		return nil
	}
	if !l.dirty && l.views != nil {
		return l.shown
	}
	start := time.Now()
	l.dirty = false
	if l.views == nil {
		l.views = make([]lab.View, 4)
	}
	l.ver++
	show := l.cfg.Choice("views")
	l.shown = l.shown[:0]
	if show == "all" || show == "loss_task" || show == "loss" {
		l.drawLoss(&l.views[0])
		l.shown = append(l.shown, l.views[0])
	}
	if show == "all" || show == "loss_task" {
		if l.setup.cfg.Task == dopamine.MackeyGlass {
			l.drawForecast(&l.views[1])
		} else {
			l.drawSurface(&l.views[1])
		}
		l.shown = append(l.shown, l.views[1])
	}
	if show == "all" || show == "rpe_rate" {
		l.drawRPE(&l.views[2])
		l.drawRate(&l.views[3])
		l.shown = append(l.shown, l.views[2], l.views[3])
	}
	for i := range l.shown {
		l.shown[i].Version = l.ver
	}
	ms := float64(time.Since(start).Microseconds()) / 1000
	l.lastViewsMs = ms
	l.worstViewsMs = math.Max(l.worstViewsMs, ms)
	l.recentViews.add(ms)
	return l.shown
}

// stepAxis is the x axis of the curves: training steps from 0 to a nice
// value past the current step.
func (l *Lab) stepAxis() plot.Axis {
	_, hi := plot.NiceRange(0, math.Max(float64(l.Steps()), 10), plot.Linear)
	return plot.Axis{Label: "training step", Min: 0, Max: hi}
}

// traceXY fills the per-trainer buffers with the trace's steps and the
// values f picks, and returns them.
func (l *Lab) traceXY(i int, f func(p dopamine.TracePoint) float64) ([]float64, []float64) {
	d := &l.draw
	for len(d.xs) <= i {
		d.xs, d.ys = append(d.xs, nil), append(d.ys, nil)
	}
	xs, ys := d.xs[i][:0], d.ys[i][:0]
	for _, p := range l.group.Trainers()[i].Trace() {
		xs = append(xs, float64(p.Step))
		ys = append(ys, f(p))
	}
	d.xs[i], d.ys[i] = xs, ys
	return xs, ys
}

// picture returns the view's image, cleared to white.
func picture(v *lab.View, w, h int) *image.RGBA {
	v.Img = lab.NewImage(v.Img, w, h, lab.ColBackground)
	return v.Img
}

// message writes a line in the middle of an empty picture.
func message(img *image.RGBA, s string) {
	b := img.Bounds()
	plot.Text(img, s, float64(b.Dx())/2, float64(b.Dy())/2, fontSize, lab.ColMuted, 0.5, 0.5)
}

// --- loss -------------------------------------------------------------------

func (l *Lab) drawLoss(v *lab.View) {
	v.ID, v.Clickable, v.Scroll = viewLoss, false, false
	img := picture(v, picW, picH)
	target := l.setup.cfg.Target
	p := plot.Plot{
		X: l.stepAxis(), Y: plot.Axis{Label: "loss", Scale: plot.Log10},
		FontSize: fontSize, Grid: true,
		Refs: []plot.Ref{{Value: target, Label: "target " + plot.FormatNumber(target)}},
	}
	var reached, not []string
	for i, t := range l.group.Trainers() {
		xs, ys := l.traceXY(i, func(p dopamine.TracePoint) float64 { return p.Loss })
		p.Series = append(p.Series, plot.Series{Label: methodNames[t.Method()], Color: methodColor[t.Method()], X: xs, Y: ys})
		if l.reachedOK[i] {
			reached = append(reached, fmt.Sprintf("%s %d", methodNames[t.Method()], l.reached[i].Step))
		} else {
			not = append(not, methodNames[t.Method()])
		}
	}
	// The latest trainer draws on top: keep Dopamine (last) visible.
	p.Draw(img, img.Bounds())
	v.Legend = p.Legend()
	v.Title = "Training loss (mean squared error)"
	line := "No optimizer has reached the target yet."
	if len(reached) > 0 {
		line = "Steps to the target: " + strings.Join(reached, " · ")
		if len(not) > 0 {
			line += " · not yet: " + strings.Join(not, ", ")
		}
	}
	what := "XOR's four points"
	if l.setup.cfg.Task == dopamine.MackeyGlass {
		what = "one-step predictions on the training part"
	}
	v.Caption = []lab.Line{
		{Text: line},
		{Text: "Error on " + what + "; all optimizers start from the same weights.", Color: lab.ColMuted, Hint: true},
	}
}

// --- XOR surfaces -------------------------------------------------------------

func (l *Lab) drawSurface(v *lab.View) {
	v.ID, v.Clickable, v.Scroll = viewSurface, false, false
	ts := l.group.Trainers()
	n := len(ts)
	// One row of squares, the picture only as tall as they need: the frame
	// scales it to the card's width, so squares stay as large as possible.
	titleF := float64(fontSize)
	subF := float64(fontSize - 3)
	th := plot.TextHeight(titleF) + plot.TextHeight(subF) + 2
	pw := picW / n
	side := math.Min(float64(pw)-2.2*(fontSize-2)-10, 210)
	img := picture(v, picW, int(side+th+2.6*(fontSize-2)+6))
	b := img.Bounds()
	d := &l.draw
	for len(d.surf) < n {
		d.surf = append(d.surf, nil)
	}
	const lo, hi = -0.5, 1.5
	for i, t := range ts {
		var err error
		d.surf[i], err = t.Surface(d.surf[i], surfaceN, lo, hi)
		if err != nil {
			continue
		}
		cell := image.Rect(b.Min.X+i*pw, b.Min.Y, b.Min.X+(i+1)*pw, b.Max.Y)
		p := plot.Plot{
			X:        plot.Axis{Min: lo, Max: hi, Ticks: []float64{0, 1}},
			Y:        plot.Axis{Min: lo, Max: hi, Ticks: []float64{0, 1}},
			FontSize: fontSize - 2, Aspect: 1,
			Heat: &plot.Heat{Cols: surfaceN, Rows: surfaceN, Values: d.surf[i], X0: lo, X1: hi, Y0: lo, Y1: hi, Smooth: true,
				Color: func(y float64) color.RGBA { return lab.DivergingColor(2*y - 1) }},
			// Target 0: a white disc with a black ring; target 1: a black
			// disc with a white ring. Both stand out on blue and on red.
			Series: []plot.Series{
				{X: []float64{0, 1, 0, 1}, Y: []float64{0, 1, 1, 0}, Style: plot.Points, Color: colWhite, MarkerSize: 17},
				{X: []float64{0, 1}, Y: []float64{0, 1}, Style: plot.Points, Marker: plot.Ring, Color: colPoint, MarkerSize: 14},
				{X: []float64{0, 1}, Y: []float64{1, 0}, Style: plot.Points, Color: colPoint, MarkerSize: 13},
			},
		}
		m := p.Draw(img, image.Rect(cell.Min.X, cell.Min.Y+int(th), cell.Max.X, cell.Max.Y))
		cx := float64(m.Area.Min.X+m.Area.Max.X) / 2
		plot.Text(img, "loss "+plot.FormatNumber(t.Loss()), cx, float64(m.Area.Min.Y)-2, subF, lab.ColMuted, 0.5, 1)
		plot.Text(img, methodNames[t.Method()], cx, float64(m.Area.Min.Y)-2-plot.TextHeight(subF), titleF, darker(methodColor[t.Method()]), 0.5, 1)
	}
	v.Title = "Decision surfaces: network output over the inputs"
	v.Legend = []lab.LegendItem{{Color: colPoint, Ring: true, Label: "XOR point with target 0"}, {Color: colPoint, Label: "target 1"}}
	v.Gradient = &lab.Gradient{Stops: lab.Diverging, Lo: "0", Mid: "0.5", Hi: "1", Label: "network output"}
	v.Caption = []lab.Line{{Text: "Solved when the rings lie in blue (output near 0) and the dots in red (near 1).", Color: lab.ColMuted, Hint: true}}
}

// darker returns c at 75% brightness, for text on white.
func darker(c color.RGBA) color.RGBA {
	return color.RGBA{uint8(int(c.R) * 3 / 4), uint8(int(c.G) * 3 / 4), uint8(int(c.B) * 3 / 4), 0xff}
}

// --- Mackey–Glass forecast -------------------------------------------------------

// lookBack is how many training samples the forecast view shows before the
// forecast starts.
const lookBack = 60

func (l *Lab) drawForecast(v *lab.View) {
	v.ID, v.Clickable, v.Scroll, v.Gradient = viewForecast, false, false, nil
	img := picture(v, picW, picH)
	ts := l.group.Trainers()
	horizon := l.cfg.Int("horizon")
	d := &l.draw
	for len(d.fc) < len(ts) {
		d.fc = append(d.fc, nil)
	}
	series := ts[0].SeriesTask()
	if series == nil {
		return
	}
	train := series.Train
	back := min(lookBack, train)
	// The truth: the end of the training part, then the test part.
	end := min(train+horizon, len(series.Data))
	d.truX = d.truX[:0]
	for k := train - back; k < end; k++ {
		d.truX = append(d.truX, float64(k-train))
	}
	truth := series.Data[train-back : end]
	p := plot.Plot{
		X:        plot.Axis{Label: "time step after the training part", Min: float64(-back), Max: float64(horizon)},
		Y:        plot.Axis{Label: "x (scaled)", Min: -1.25, Max: 1.25},
		FontSize: fontSize, Grid: true,
		Refs:   []plot.Ref{{Value: 0, Vertical: true, Label: "forecast starts"}},
		Series: []plot.Series{{Label: "truth", Color: colTruth, X: d.truX, Y: truth, Width: 3.5}},
	}
	var errs []string
	d.fx = d.fx[:0]
	for k := 0; k < horizon; k++ {
		d.fx = append(d.fx, float64(k))
	}
	for i, t := range ts {
		pred, tr, err := t.Forecast(d.fc[i], horizon)
		if err != nil {
			continue
		}
		d.fc[i] = pred
		p.Series = append(p.Series, plot.Series{Label: methodNames[t.Method()], Color: methodColor[t.Method()], X: d.fx[:len(pred)], Y: pred, Width: 2.5})
		if len(tr) > 0 {
			errs = append(errs, fmt.Sprintf("%s %.2f", methodNames[t.Method()], finite(nrmse(pred[:len(tr)], tr))))
		}
	}
	p.Draw(img, img.Bounds())
	v.Legend = p.Legend()
	v.Title = "Free-running forecast against the truth"
	v.Caption = []lab.Line{
		{Text: fmt.Sprintf("NRMSE over %d steps: %s", horizon, strings.Join(errs, " · "))},
		{Text: "Each network reads the training part, then feeds back its own predictions.", Color: lab.ColMuted, Hint: true},
	}
}

// nrmse is the root-mean-square error over the standard deviation of the
// truth.
func nrmse(pred, truth []float64) float64 {
	var mean, se, sv float64
	for _, t := range truth {
		mean += t
	}
	mean /= float64(len(truth))
	for i, t := range truth {
		se += (pred[i] - t) * (pred[i] - t)
		sv += (t - mean) * (t - mean)
	}
	if sv == 0 {
		return math.NaN()
	}
	return math.Sqrt(se / sv)
}

// --- RPE ------------------------------------------------------------------------------

func (l *Lab) drawRPE(v *lab.View) {
	v.ID, v.Clickable, v.Scroll = viewRPE, false, false
	img := picture(v, picW, picH)
	v.Title = "Reward prediction error |δ| per step"
	p := plot.Plot{X: l.stepAxis(), Y: plot.Axis{Label: "|δ|", Scale: plot.Log10}, FontSize: fontSize, Grid: true}
	var dop bool
	for i, t := range l.group.Trainers() {
		m := t.Method()
		if m != dopamine.WP && m != dopamine.Dopamine {
			continue
		}
		xs, ys := l.traceXY(i, func(p dopamine.TracePoint) float64 { return math.Abs(p.RPE) })
		p.Series = append(p.Series, plot.Series{Label: methodNames[m] + " |δ|", Color: methodColor[m], X: xs[1:], Y: ys[1:], Style: plot.Points, MarkerSize: 3.5})
		dop = dop || m == dopamine.Dopamine
	}
	v.Gradient = nil
	if len(p.Series) == 0 {
		message(img, "Show WP or Dopamine to see their RPE.")
		v.Legend, v.Caption = nil, nil
		return
	}
	if dop {
		d := &l.draw
		d.bx, d.by = d.bx[:0], d.by[:0]
		for _, b := range l.base {
			d.bx = append(d.bx, float64(b.step))
			d.by = append(d.by, b.v)
		}
		p.Series = append(p.Series, plot.Series{Label: "Dopamine's baseline", Color: colBaseline, X: d.bx, Y: d.by, Width: 2})
	}
	p.Draw(img, img.Bounds())
	v.Legend = p.Legend()
	v.Caption = []lab.Line{
		{Text: "δ = L(W) − L(W+ξ): positive when the tried change ξ lowered the loss. Dopamine learns more when |δ| exceeds its running baseline.", Color: lab.ColMuted, Hint: true},
	}
}

// --- learning rate -------------------------------------------------------------------

func (l *Lab) drawRate(v *lab.View) {
	v.ID, v.Clickable, v.Scroll = viewRate, false, false
	img := picture(v, picW, picH)
	v.Gradient = nil
	c := l.setup.cfg
	v.Title = "Dopamine's learning rate η_t per step"
	idx := -1
	hasWP := false
	for i, t := range l.group.Trainers() {
		if t.Method() == dopamine.Dopamine {
			idx = i
		}
		hasWP = hasWP || t.Method() == dopamine.WP
	}
	if idx < 0 {
		message(img, "Show Dopamine to see its learning rate.")
		v.Legend, v.Caption = nil, nil
		return
	}
	xs, ys := l.traceXY(idx, func(p dopamine.TracePoint) float64 { return p.Rate })
	xs, ys = xs[1:], ys[1:]
	// A running mean over about 1/20 of the points shown.
	d := &l.draw
	d.mx, d.my = d.mx[:0], d.my[:0]
	w := max(1, len(ys)/20)
	sum := 0.0
	for k := range ys {
		sum += ys[k]
		if k >= w {
			sum -= ys[k-w]
		}
		if k >= w-1 {
			d.mx = append(d.mx, xs[k-w/2])
			d.my = append(d.my, sum/float64(w))
		}
	}
	top := c.Eta0 * c.RMax
	refs := []plot.Ref{{Value: c.Eta0, Label: "η₀ = " + plot.FormatNumber(c.Eta0)}}
	capLabel := "cap η₀·r_max = " + plot.FormatNumber(top)
	if hasWP {
		wpc := methodColor[dopamine.WP]
		if math.Abs(c.WPRate-top) <= 1e-9*top {
			refs = append(refs, plot.Ref{Value: top, Label: "cap η₀·r_max = WP's η = " + plot.FormatNumber(top), Color: darker(wpc)})
			capLabel = ""
		} else {
			refs = append(refs, plot.Ref{Value: c.WPRate, Label: "WP's η = " + plot.FormatNumber(c.WPRate), Color: darker(wpc)})
		}
	}
	if capLabel != "" {
		refs = append(refs, plot.Ref{Value: top, Label: capLabel})
	}
	ymax := top
	if hasWP {
		ymax = math.Max(ymax, c.WPRate)
	}
	if ymax <= 0 {
		ymax = 1
	}
	p := plot.Plot{
		X: l.stepAxis(), Y: plot.Axis{Label: "η_t", Min: 0, Max: ymax * 1.12},
		FontSize: fontSize, Grid: true, Refs: refs,
		Series: []plot.Series{
			{Label: "Dopamine η_t", Color: methodColor[dopamine.Dopamine], X: xs, Y: ys, Style: plot.Points, MarkerSize: 3.5},
			{Label: "running mean", Color: colBaseline, X: d.mx, Y: d.my, Width: 2},
		},
	}
	p.Draw(img, img.Bounds())
	v.Legend = p.Legend()
	v.Caption = []lab.Line{
		{Text: "η_t = η₀·min(|δ| / baseline, r_max): a step k times as surprising as usual learns k times η₀, up to the cap.", Color: lab.ColMuted, Hint: true},
	}
}
