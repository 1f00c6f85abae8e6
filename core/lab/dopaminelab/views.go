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
	"hebbplay/core/params"
)

// The pixel view: the XOR decision surfaces. Every curve of the lab (loss,
// forecast, RPE, learning rate) is chart data drawn by the page (charts.go).
const viewSurface = "surface"

// Picture width: the frame scales pictures to its cards (about 440 CSS
// pixels wide on a 1280×860 window).
const picW = 460

// Colours of the XOR points on the surfaces.
var (
	colPoint = color.RGBA{0x10, 0x10, 0x10, 0xff}
	colWhite = color.RGBA{0xff, 0xff, 0xff, 0xff}
)

// drawState holds the buffers the views and charts reuse between frames.
type drawState struct {
	surf [][]float64 // per trainer: XOR surface samples
	fc   [][]float64 // per trainer: forecast
	// The charts last built, and what they showed (see Charts).
	charts   lab.Charts
	chartCfg params.Values
	chartKey string
	chartVer uint64
}

// surfaceN is the side of the XOR surface grid; the picture interpolates.
const surfaceN = 31

// showSurface reports whether the XOR surfaces are shown.
func (l *Lab) showSurface() bool {
	show := l.cfg.Choice("views")
	return l.setup.cfg.Task != dopamine.MackeyGlass && (show == "all" || show == "loss_task")
}

// Views implements lab.Lab: the XOR decision surfaces (nothing on
// Mackey–Glass, whose forecast is a chart). The picture is redrawn only
// after a change.
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
		l.views = make([]lab.View, 1)
	}
	l.ver++
	l.shown = l.shown[:0]
	if l.showSurface() {
		l.drawSurface(&l.views[0])
		l.views[0].Version = l.ver
		l.shown = append(l.shown, l.views[0])
	}
	ms := float64(time.Since(start).Microseconds()) / 1000
	l.lastViewsMs = ms
	l.worstViewsMs = math.Max(l.worstViewsMs, ms)
	l.recentViews.add(ms)
	return l.shown
}

// --- XOR surfaces -------------------------------------------------------------

func (l *Lab) drawSurface(v *lab.View) {
	v.ID, v.Clickable, v.Scroll = viewSurface, false, false
	ts := l.group.Trainers()
	n := len(ts)
	const gap = 12
	side := min((picW-(n-1)*gap)/n, 210)
	w := n*side + (n-1)*gap
	v.Img = lab.NewImage(v.Img, w, side, lab.ColBackground)
	img := v.Img
	d := &l.draw
	for len(d.surf) < n {
		d.surf = append(d.surf, nil)
	}
	const lo, hi = -0.5, 1.5
	var names []string
	for i, t := range ts {
		var err error
		d.surf[i], err = t.Surface(d.surf[i], surfaceN, lo, hi)
		if err != nil {
			continue
		}
		r := image.Rect(i*(side+gap), 0, i*(side+gap)+side, side)
		heat(img, r, d.surf[i], surfaceN)
		// Target 0: a white disc with a black ring; target 1: a black disc
		// with a white ring. Both stand out on blue and on red.
		at := func(x, y float64) (float64, float64) {
			return float64(r.Min.X) + (x-lo)/(hi-lo)*float64(side), float64(r.Max.Y) - (y-lo)/(hi-lo)*float64(side)
		}
		rad := math.Max(4, float64(side)/22)
		for _, p := range [][2]float64{{0, 0}, {1, 1}} {
			x, y := at(p[0], p[1])
			disc(img, x, y, rad+1.5, colPoint)
			disc(img, x, y, rad-1, colWhite)
		}
		for _, p := range [][2]float64{{0, 1}, {1, 0}} {
			x, y := at(p[0], p[1])
			disc(img, x, y, rad+1.5, colWhite)
			disc(img, x, y, rad, colPoint)
		}
		names = append(names, fmt.Sprintf("%s (loss %s)", methodNames[t.Method()], fmtLoss(t.Loss())))
	}
	v.Title = "Decision surfaces: network output over the inputs"
	v.Legend = []lab.LegendItem{{Color: colPoint, Ring: true, Label: "XOR point with target 0"}, {Color: colPoint, Label: "target 1"}}
	v.Gradient = &lab.Gradient{Stops: lab.Diverging, Lo: "0", Mid: "0.5", Hi: "1", Label: "network output"}
	v.Caption = []lab.Line{
		{Text: "Left to right: " + strings.Join(names, " · ")},
		{Text: "Inputs from −0.5 to 1.5 on both axes. Solved when the rings lie in blue (output near 0) and the dots in red (near 1).", Color: lab.ColMuted, Hint: true},
	}
}

// heat paints the n×n samples (row 0 at the bottom) into r, interpolating
// bilinearly, through the diverging scale (output 0 blue, 1 red).
func heat(img *image.RGBA, r image.Rectangle, vals []float64, n int) {
	for py := r.Min.Y; py < r.Max.Y; py++ {
		fy := (float64(r.Max.Y-py) - 0.5) / float64(r.Dy()) * float64(n-1)
		for px := r.Min.X; px < r.Max.X; px++ {
			fx := (float64(px-r.Min.X) + 0.5) / float64(r.Dx()) * float64(n-1)
			c := lab.DivergingColor(2*bilinear(vals, n, fx, fy) - 1)
			off := img.PixOffset(px, py)
			img.Pix[off], img.Pix[off+1], img.Pix[off+2], img.Pix[off+3] = c.R, c.G, c.B, 0xff
		}
	}
}

// bilinear interpolates the n×n samples at grid coordinates (fx, fy).
func bilinear(v []float64, n int, fx, fy float64) float64 {
	fx = math.Max(0, math.Min(float64(n-1), fx))
	fy = math.Max(0, math.Min(float64(n-1), fy))
	x0, y0 := min(int(fx), n-2), min(int(fy), n-2)
	tx, ty := fx-float64(x0), fy-float64(y0)
	a := v[y0*n+x0]*(1-tx) + v[y0*n+x0+1]*tx
	b := v[(y0+1)*n+x0]*(1-tx) + v[(y0+1)*n+x0+1]*tx
	return a*(1-ty) + b*ty
}

// disc paints a filled disc of radius rad centred at (cx, cy).
func disc(img *image.RGBA, cx, cy, rad float64, c color.RGBA) {
	b := image.Rect(int(cx-rad)-1, int(cy-rad)-1, int(cx+rad)+2, int(cy+rad)+2).Intersect(img.Bounds())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy
			if dx*dx+dy*dy <= rad*rad {
				off := img.PixOffset(x, y)
				img.Pix[off], img.Pix[off+1], img.Pix[off+2], img.Pix[off+3] = c.R, c.G, c.B, 0xff
			}
		}
	}
}
