// Package plot draws line plots, scatter plots, histograms and heat maps into
// RGBA images, for the labs' views. It is pure Go (no Ebiten, no syscall/js),
// so labs fill their view pictures with it and test them natively.
//
// A [Plot] is a value describing one chart: two [Axis] values (linear or
// log10, fixed or automatic range), any number of [Series] (lines, points or
// bars, each with a colour, width, optional dashes and markers), dashed
// reference lines ([Ref]) and an optional [Heat] map under the data.
// [Plot.Draw] draws it into a rectangle of an *image.RGBA — axes, ticks at
// "nice" values ([Ticks]), tick labels and axis labels in the Go font — and
// returns the [Mapping] from data to pixel coordinates, so a lab can add its
// own marks or map a click back to data.
//
// Text is drawn with [Text] (the Go Regular font, glyphs cached per size),
// which labs may use for their own annotations. Colours come from [Palette]
// (Okabe–Ito, colour-blind safe) unless a series sets its own.
//
// Legends and captions are not drawn into the picture: the frame draws them
// from the view's Legend field, which [Plot.Legend] fills.
//
// A typical use, in a lab's Views:
//
//	p := plot.Plot{
//		X: plot.Axis{Label: "step"},
//		Y: plot.Axis{Label: "loss", Scale: plot.Log10},
//		Series: []plot.Series{{Label: "Adam", X: steps, Y: loss, Color: plot.Palette[0]}},
//		Refs:   []plot.Ref{{Value: 0.01, Label: "target"}},
//	}
//	v.Img = lab.NewImage(v.Img, 480, 280, lab.ColBackground)
//	p.Draw(v.Img, v.Img.Bounds())
//	v.Legend = p.Legend()
package plot

import (
	"image"
	"image/color"
	"math"

	"hebbplay/core/lab"
)

// Scale is how an axis maps values to pixels.
type Scale int

const (
	// Linear maps values linearly.
	Linear Scale = iota
	// Log10 maps log10 of the values linearly; values ≤ 0 are not drawn.
	Log10
)

// Axis describes one axis of a plot.
type Axis struct {
	// Label is drawn along the axis ("training step", "loss").
	Label string
	// Scale is Linear (the zero value) or Log10.
	Scale Scale
	// Min and Max fix the range. When Min >= Max the range follows the data,
	// extended to nice tick values (whole decades on a log axis that spans
	// one or more).
	Min, Max float64
	// Format, when not nil, writes the tick labels instead of the default.
	Format func(v float64) string
	// NoLabels hides the tick labels (the ticks stay), for small multiples.
	NoLabels bool
	// Ticks, when not nil, are the values of the labelled ticks instead of
	// the automatic ones (labelled by Format, or by FormatNumber).
	Ticks []float64
}

// Style is how a series is drawn.
type Style int

const (
	// Lines joins the points with a line (the zero value). Points with a NaN
	// or infinite coordinate, or ≤ 0 on a log axis, break the line.
	Lines Style = iota
	// Points draws only markers (Dot when the series sets none).
	Points
	// Bars draws a histogram: X holds len(Y)+1 bin edges, and each bar is
	// filled from the bottom of the plot (or from 0 when 0 is inside a
	// linear range) up to its Y.
	Bars
)

// Marker is the shape drawn at each point of a series.
type Marker int

const (
	// NoMarker draws no marker (the zero value).
	NoMarker Marker = iota
	// Dot is a filled disc.
	Dot
	// Ring is a disc outline with a white centre.
	Ring
	// Square is a filled square.
	Square
)

// Series is one set of data drawn in one colour.
type Series struct {
	// Label names the series in the legend; empty leaves it out.
	Label string
	// Color is the series' colour; the zero value takes Palette[i] for the
	// i-th series.
	Color color.RGBA
	// X and Y are the data. X nil means 0, 1, 2, … (not for Bars).
	X, Y []float64
	// Style is Lines, Points or Bars.
	Style Style
	// Width is the line width in pixels (0 means 2.5).
	Width float64
	// Dash, when > 0, draws the line dashed with dashes and gaps of this
	// many pixels.
	Dash float64
	// Marker is drawn at every point (Points default to Dot).
	Marker Marker
	// MarkerSize is the marker's diameter in pixels (0 means 7).
	MarkerSize float64
}

// Ref is a straight reference line across the plot, dashed by default.
type Ref struct {
	// Value is the y of a horizontal line, or the x of a vertical one.
	Value float64
	// Vertical draws the line at x = Value.
	Vertical bool
	// Label is written next to the line, inside the plot (top right of a
	// horizontal line, top left of a vertical one), on a white box drawn
	// over the series so that it stays readable.
	Label string
	// Color is the line's colour (zero means a dark grey).
	Color color.RGBA
	// Dash is the dash length in pixels (0 means 6; < 0 draws a solid line).
	Dash float64
	// Width is the line width in pixels (0 means 1.5).
	Width float64
}

// Heat is a function sampled on a regular grid, drawn as colours under the
// data: the Cols×Rows samples lie on the grid spanning [X0, X1] × [Y0, Y1]
// (edges included), Values[row*Cols+col] at x = X0 + (X1−X0)·col/(Cols−1),
// y = Y0 + (Y1−Y0)·row/(Rows−1), so row 0 is the bottom edge.
type Heat struct {
	// Cols and Rows are the grid's size (each ≥ 2).
	Cols, Rows int
	// Values holds the samples, row by row from the bottom.
	Values []float64
	// X0, X1, Y0, Y1 are the data coordinates of the grid's edges.
	X0, X1, Y0, Y1 float64
	// Color maps a value to its colour.
	Color func(v float64) color.RGBA
	// Smooth interpolates bilinearly between samples; otherwise each pixel
	// takes the nearest sample.
	Smooth bool
}

// Plot is one chart. The zero value with some series is a usable line plot.
type Plot struct {
	// X and Y are the axes.
	X, Y Axis
	// Series are drawn in order (the last on top).
	Series []Series
	// Refs are drawn under the series (their labels over them).
	Refs []Ref
	// Heat, when not nil, fills the data area under everything else.
	Heat *Heat
	// FontSize is the size of the tick and axis labels in pixels (0 means 14).
	FontSize float64
	// Grid draws light lines at the major ticks.
	Grid bool
	// Title, when not empty, is written at the top left inside the plot
	// area (for small multiples; a view has its own title).
	Title string
	// Aspect, when > 0, shrinks the data area (centred in what the axes
	// leave) to this width/height ratio: 1 gives a square heat map.
	Aspect float64
}

// Palette holds the series colours used when a series sets none: the
// Okabe–Ito colours (colour-blind safe), darkest first, without the yellow
// that vanishes on a white projector screen.
var Palette = []color.RGBA{
	{0x00, 0x72, 0xb2, 0xff}, // blue
	{0xd5, 0x5e, 0x00, 0xff}, // vermillion
	{0x00, 0x9e, 0x73, 0xff}, // bluish green
	{0xcc, 0x79, 0xa7, 0xff}, // reddish purple
	{0xe6, 0x9f, 0x00, 0xff}, // orange
	{0x56, 0xb4, 0xe9, 0xff}, // sky blue
	{0x20, 0x24, 0x2a, 0xff}, // near black
}

// Colours of the plot's furniture.
var (
	colAxis  = color.RGBA{0x5b, 0x63, 0x6e, 0xff}
	colGrid  = color.RGBA{0xe4, 0xe7, 0xec, 0xff}
	colRef   = color.RGBA{0x40, 0x46, 0x4f, 0xff}
	colLabel = lab.ColText
)

// color returns the colour of series i.
func (p *Plot) color(i int) color.RGBA {
	if c := p.Series[i].Color; c != (color.RGBA{}) {
		return c
	}
	return Palette[i%len(Palette)]
}

// Legend returns a legend item for every series that has a label (a Ring
// swatch for Ring markers), for the view's Legend field. Reference lines are
// labelled inside the plot instead.
func (p *Plot) Legend() []lab.LegendItem {
	var out []lab.LegendItem
	for i, s := range p.Series {
		if s.Label != "" {
			out = append(out, lab.LegendItem{Color: p.color(i), Ring: s.Marker == Ring, Label: s.Label})
		}
	}
	return out
}

// Mapping converts between data and pixel coordinates of a drawn plot.
type Mapping struct {
	// Area is the data area in pixels (inside the axes).
	Area image.Rectangle
	// XMin, XMax, YMin, YMax are the data ranges shown.
	XMin, XMax, YMin, YMax float64
	// XScale and YScale are the axes' scales.
	XScale, YScale Scale
}

// fwd applies a scale to a value (log10 for Log10; NaN for values ≤ 0 there).
func fwd(s Scale, v float64) float64 {
	if s == Log10 {
		if v <= 0 {
			return math.NaN()
		}
		return math.Log10(v)
	}
	return v
}

// inv undoes fwd.
func inv(s Scale, u float64) float64 {
	if s == Log10 {
		return math.Pow(10, u)
	}
	return u
}

// X returns the pixel column of data value x (not clamped; NaN for x ≤ 0 on
// a log axis). Pixel centres are at integer + 0.5.
func (m Mapping) X(x float64) float64 {
	a, b := fwd(m.XScale, m.XMin), fwd(m.XScale, m.XMax)
	return float64(m.Area.Min.X) + (fwd(m.XScale, x)-a)/(b-a)*float64(m.Area.Dx())
}

// Y returns the pixel row of data value y (larger y is higher up).
func (m Mapping) Y(y float64) float64 {
	a, b := fwd(m.YScale, m.YMin), fwd(m.YScale, m.YMax)
	return float64(m.Area.Max.Y) - (fwd(m.YScale, y)-a)/(b-a)*float64(m.Area.Dy())
}

// Pt returns the pixel holding data point (x, y).
func (m Mapping) Pt(x, y float64) image.Point {
	return image.Pt(int(math.Floor(m.X(x))), int(math.Floor(m.Y(y))))
}

// Data returns the data coordinates of the centre of pixel (px, py).
func (m Mapping) Data(px, py int) (x, y float64) {
	a, b := fwd(m.XScale, m.XMin), fwd(m.XScale, m.XMax)
	c, d := fwd(m.YScale, m.YMin), fwd(m.YScale, m.YMax)
	u := (float64(px) + 0.5 - float64(m.Area.Min.X)) / float64(m.Area.Dx())
	w := (float64(m.Area.Max.Y) - float64(py) - 0.5) / float64(m.Area.Dy())
	return inv(m.XScale, a+u*(b-a)), inv(m.YScale, c+w*(d-c))
}

// dataRange returns the range of the data along one axis (xs: the X values,
// or indices when nil), ignoring values the scale cannot show.
func dataRange(s Scale, lo, hi float64, vals []float64) (float64, float64) {
	for _, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) || (s == Log10 && v <= 0) {
			continue
		}
		lo = math.Min(lo, v)
		hi = math.Max(hi, v)
	}
	return lo, hi
}

// resolve returns the range an axis shows for the given data extent.
func resolve(a Axis, lo, hi float64) (float64, float64) {
	if a.Min < a.Max && !(a.Scale == Log10 && a.Min <= 0) {
		return a.Min, a.Max
	}
	if lo > hi { // no data
		if a.Scale == Log10 {
			return 0.1, 10
		}
		return 0, 1
	}
	return NiceRange(lo, hi, a.Scale)
}

// NiceRange extends [lo, hi] to the nice tick values around it: multiples of
// the tick step on a linear axis, whole decades on a log axis (or 1-2-5
// values when the range is within a decade). A zero-width range is widened.
func NiceRange(lo, hi float64, s Scale) (float64, float64) {
	if s == Log10 {
		if lo <= 0 {
			lo = math.Min(hi, 1) / 10
		}
		if hi <= lo {
			lo, hi = lo/2, lo*2
		}
		a, b := math.Floor(math.Log10(lo)+1e-9), math.Ceil(math.Log10(hi)-1e-9)
		if b-a >= 2 || math.Log10(hi/lo) >= 0.9 {
			if b <= a {
				b = a + 1
			}
			return math.Pow(10, a), math.Pow(10, b)
		}
		// Within about a decade: the 1-2-5 values around the range.
		steps := []float64{1, 2, 5, 10}
		base := math.Pow(10, a)
		nlo, nhi := base, base*10
		for _, m := range steps {
			if base*m <= lo*(1+1e-9) {
				nlo = base * m
			}
		}
		top := math.Pow(10, b-1)
		for i := len(steps) - 1; i >= 0; i-- {
			if top*steps[i] >= hi*(1-1e-9) {
				nhi = top * steps[i]
			}
		}
		return nlo, nhi
	}
	if hi <= lo {
		d := math.Max(math.Abs(lo)*0.1, 0.5)
		lo, hi = lo-d, hi+d
	}
	step := niceStep((hi-lo)/5, true)
	return math.Floor(lo/step+1e-9) * step, math.Ceil(hi/step-1e-9) * step
}

// niceStep returns the 1-2-5 value nearest to raw (round) or the smallest
// one at least raw.
func niceStep(raw float64, round bool) float64 {
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1
	}
	e := math.Pow(10, math.Floor(math.Log10(raw)))
	f := raw / e
	var m float64
	if round {
		switch {
		case f < 1.5:
			m = 1
		case f < 3:
			m = 2
		case f < 7:
			m = 5
		default:
			m = 10
		}
	} else {
		switch {
		case f <= 1:
			m = 1
		case f <= 2:
			m = 2
		case f <= 5:
			m = 5
		default:
			m = 10
		}
	}
	return m * e
}
