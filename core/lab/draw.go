package lab

import (
	"image"
	"image/color"
	"math"
	"slices"
)

// Colours shared by the labs' views: colour-blind safe (Okabe–Ito accents)
// and distinguishable on a washed-out projector.
var (
	ColBackground = color.RGBA{0xff, 0xff, 0xff, 0xff}
	ColInactive   = color.RGBA{0xdd, 0xe2, 0xe9, 0xff}
	ColActive     = color.RGBA{0x1f, 0x3b, 0x73, 0xff} // navy
	ColChanged    = color.RGBA{0xe6, 0x9f, 0x00, 0xff} // orange
	ColWrong      = color.RGBA{0xd5, 0x5e, 0x00, 0xff} // vermillion
	ColGood       = color.RGBA{0x00, 0x80, 0x5e, 0xff} // bluish green
	ColHighlight  = color.RGBA{0xe6, 0x9f, 0x00, 0xff}
	ColMasked     = color.RGBA{0xb8, 0xb8, 0xb8, 0xff}
	ColGridLine   = color.RGBA{0xff, 0xff, 0xff, 0xff}
	ColText       = color.RGBA{0x20, 0x24, 0x2a, 0xff}
	ColMuted      = color.RGBA{0x5b, 0x63, 0x6e, 0xff}
)

// Diverging is the blue–white–red scale (ColorBrewer RdBu) used for
// weights and supports: negative blue, zero white, positive red.
var Diverging = []color.RGBA{
	{0x21, 0x66, 0xac, 0xff}, {0x67, 0xa9, 0xcf, 0xff}, {0xd1, 0xe5, 0xf0, 0xff},
	{0xf7, 0xf7, 0xf7, 0xff},
	{0xfd, 0xdb, 0xc7, 0xff}, {0xef, 0x8a, 0x62, 0xff}, {0xb2, 0x18, 0x2b, 0xff},
}

// DivergingColor maps t ∈ [-1, 1] (clamped; NaN is treated as 0) onto the
// Diverging scale by linear interpolation between stops.
func DivergingColor(t float64) color.RGBA {
	if math.IsNaN(t) {
		t = 0
	}
	t = math.Max(-1, math.Min(1, t))
	x := (t + 1) / 2 * float64(len(Diverging)-1)
	i := int(x)
	if i >= len(Diverging)-1 {
		return Diverging[len(Diverging)-1]
	}
	f := x - float64(i)
	a, b := Diverging[i], Diverging[i+1]
	mix := func(p, q uint8) uint8 { return uint8(math.Round(float64(p)*(1-f) + float64(q)*f)) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

// RobustScale returns a scale for a diverging plot of xs: the q-quantile
// (e.g. 0.98) of |x|, estimated from at most 4096 evenly spaced samples,
// so a few huge values (infinite log-odds) do not wash out the picture.
// It never returns 0.
func RobustScale(xs []float32, q float64) float64 {
	if len(xs) == 0 {
		return 1
	}
	stride := 1
	if len(xs) > 4096 {
		stride = len(xs) / 4096
	}
	abs := make([]float64, 0, len(xs)/stride+1)
	for i := 0; i < len(xs); i += stride {
		x := math.Abs(float64(xs[i]))
		if !math.IsNaN(x) && x != 0 {
			abs = append(abs, x)
		}
	}
	if len(abs) == 0 {
		return 1
	}
	slices.Sort(abs)
	s := abs[int(math.Min(float64(len(abs)-1), q*float64(len(abs))))]
	if s == 0 || math.IsInf(s, 0) {
		s = abs[len(abs)-1]
		if math.IsInf(s, 0) {
			s = 1
		}
	}
	return s
}

// NewImage returns an RGBA image of the given size filled with c, reusing
// img when it already has that size.
func NewImage(img *image.RGBA, w, h int, c color.RGBA) *image.RGBA {
	if w < 1 {
		w = 1
	}
	if h < 1 {
		h = 1
	}
	if img == nil || img.Bounds().Dx() != w || img.Bounds().Dy() != h {
		img = image.NewRGBA(image.Rect(0, 0, w, h))
	}
	Fill(img, img.Bounds(), c)
	return img
}

// Fill paints rectangle r of img (clipped) with c. It writes the first row
// pixel by pixel (doubling copies) and copies it to the others, which keeps
// full-image fills cheap in WebAssembly.
func Fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(img.Bounds())
	if r.Empty() {
		return
	}
	off := img.PixOffset(r.Min.X, r.Min.Y)
	n := 4 * r.Dx()
	first := img.Pix[off : off+n]
	first[0], first[1], first[2], first[3] = c.R, c.G, c.B, c.A
	for k := 4; k < n; k *= 2 {
		copy(first[k:], first[:k])
	}
	for y := r.Min.Y + 1; y < r.Max.Y; y++ {
		off += img.Stride
		copy(img.Pix[off:off+n], first)
	}
}

// Frame paints a border of thickness t inside rectangle r.
func Frame(img *image.RGBA, r image.Rectangle, t int, c color.RGBA) {
	Fill(img, image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+t), c)
	Fill(img, image.Rect(r.Min.X, r.Max.Y-t, r.Max.X, r.Max.Y), c)
	Fill(img, image.Rect(r.Min.X, r.Min.Y, r.Min.X+t, r.Max.Y), c)
	Fill(img, image.Rect(r.Max.X-t, r.Min.Y, r.Max.X, r.Max.Y), c)
}

// Grid is the geometry of a unit grid drawn into an image: Rows×Cols cells
// of Cell pixels separated by Gap pixels, starting at Origin. Unit u sits in
// row u/Cols, column u%Cols.
type Grid struct {
	Rows, Cols int
	Cell, Gap  int
	Origin     image.Point
}

// Size is the pixel size of the whole grid.
func (g Grid) Size() image.Point {
	return image.Pt(g.Cols*g.Cell+(g.Cols+1)*g.Gap, g.Rows*g.Cell+(g.Rows+1)*g.Gap)
}

// CellRect is the pixel rectangle of unit u.
func (g Grid) CellRect(u int) image.Rectangle {
	r, c := u/g.Cols, u%g.Cols
	x := g.Origin.X + g.Gap + c*(g.Cell+g.Gap)
	y := g.Origin.Y + g.Gap + r*(g.Cell+g.Gap)
	return image.Rect(x, y, x+g.Cell, y+g.Cell)
}

// UnitAt returns the unit whose cell (including the gap around it) holds
// pixel p, or -1 outside the grid.
func (g Grid) UnitAt(p image.Point, units int) int {
	p = p.Sub(g.Origin)
	pitch := g.Cell + g.Gap
	if p.X < 0 || p.Y < 0 || pitch <= 0 {
		return -1
	}
	c, r := (p.X-g.Gap/2)/pitch, (p.Y-g.Gap/2)/pitch
	if p.X < g.Gap/2 {
		c = 0
	}
	if p.Y < g.Gap/2 {
		r = 0
	}
	if c >= g.Cols || r >= g.Rows {
		return -1
	}
	u := r*g.Cols + c
	if u >= units {
		return -1
	}
	return u
}

// Ring paints the outline of a cell (a "should be here" marker), thicker
// for larger cells.
func Ring(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	t := 1
	if r.Dx() >= 10 {
		t = 2
	}
	if r.Dx() < 3 {
		Fill(img, r, c)
		return
	}
	Frame(img, r, t, c)
}
