package sparselab

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"hebbplay/core/lab"
	"hebbplay/core/sparse/mnist"
)

// The pixel view: the receptive fields. The histogram, the gauges and the
// curves are chart data drawn by the page (charts.go).
const (
	viewFields = "fields"
	numViews   = 1
)

// Colours of the progress bar and of silent synapses.
var (
	colBar    = lab.RGBA(lab.Palette["model/hebbian"])
	colSilent = color.RGBA{0xfb, 0xe3, 0xc6, 0xff}
	colTrack  = color.RGBA{0xec, 0xee, 0xf2, 0xff}
)

// Pixel sizes of the pictures and of their text. The frame scales every
// picture to its card; these sizes are about a card's picture area on a
// 1280-pixel-wide window, so text keeps its size there and grows on larger
// screens and projectors.
const (
	tile    = 28 // one receptive field, a pixel per synapse
	tileGap = 2
	plotW   = 440
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
		l.views[0].ID = viewFields
	}
	draws := []struct {
		key  string
		draw func(v *lab.View)
	}{
		{l.fieldsKey(), l.drawFields},
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

// drawWaiting shows the progress of loading as a bar, and the message (or
// the error) in the caption.
func (l *Lab) drawWaiting(v *lab.View) {
	v.Title = "Receptive fields"
	v.Img = lab.NewImage(v.Img, plotW, 40, lab.ColBackground)
	img := v.Img
	var msg string
	frac := 0.0
	bar := image.Rect(8, 10, plotW-8, 30)
	switch l.phase {
	case phaseLoading:
		frac = float64(l.loadedPct()) / 100
		msg = fmt.Sprintf("Loading the MNIST subset … %d %%", l.loadedPct())
		if l.total > 0 {
			msg += fmt.Sprintf(" (%.0f of %.0f KB)", float64(l.loaded)/1024, float64(l.total)/1024)
		}
	case phaseDecoding:
		frac = float64(l.decodedPct()) / 100
		msg = fmt.Sprintf("Unpacking the MNIST subset … %d %%", l.decodedPct())
	case phaseFailed:
		lab.Fill(img, bar, lab.ColWrong)
		v.Caption = append(v.Caption,
			lab.Line{Text: "Could not load the MNIST subset: " + shorten(l.failMsg, 80), Color: lab.ColWrong, Bold: true},
			lab.Line{Text: "Reload the page to try again."})
		return
	}
	lab.Fill(img, bar, colTrack)
	lab.Fill(img, image.Rect(bar.Min.X, bar.Min.Y, bar.Min.X+int(frac*float64(bar.Dx())), bar.Max.Y), colBar)
	lab.Frame(img, bar, 1, lab.ColMuted)
	v.Caption = append(v.Caption, lab.Line{Text: msg})
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
