package plot

import (
	"image"
	"image/color"
	"math"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Text is rasterised from the Go Regular font (golang.org/x/image/font/
// gofont), which the wasm app links already. Each glyph is rasterised once
// per size and kept as an alpha mask, so redrawing tick labels every frame
// costs only blending.

type glyph struct {
	mask *image.Alpha // nil for blank glyphs
	off  image.Point  // top-left of the mask relative to the pen on the baseline
	adv  float64
}

type faceCache struct {
	face            font.Face
	ascent, descent float64
	glyphs          map[rune]*glyph
}

var (
	fontMu   sync.Mutex
	goFont   *opentype.Font
	faceSize = map[int]*faceCache{} // by size in quarter pixels
)

// faceFor returns the cached face of a size (in pixels); it holds fontMu.
func faceFor(size float64) *faceCache {
	if size < 4 {
		size = 4
	}
	key := int(math.Round(size * 4))
	if fc := faceSize[key]; fc != nil {
		return fc
	}
	if goFont == nil {
		f, err := opentype.Parse(goregular.TTF)
		if err != nil {
			panic("plot: " + err.Error())
		}
		goFont = f
	}
	face, err := opentype.NewFace(goFont, &opentype.FaceOptions{Size: float64(key) / 4, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic("plot: " + err.Error())
	}
	m := face.Metrics()
	fc := &faceCache{face: face, ascent: fix(m.Ascent), descent: fix(m.Descent), glyphs: map[rune]*glyph{}}
	faceSize[key] = fc
	return fc
}

func fix(x fixed.Int26_6) float64 { return float64(x) / 64 }

// glyph returns the cached mask of r.
func (fc *faceCache) glyph(r rune) *glyph {
	if g := fc.glyphs[r]; g != nil {
		return g
	}
	g := &glyph{}
	dr, mask, mp, adv, ok := fc.face.Glyph(fixed.Point26_6{}, r)
	if !ok {
		dr, mask, mp, adv, _ = fc.face.Glyph(fixed.Point26_6{}, '?')
	}
	g.adv = fix(adv)
	if mask != nil && !dr.Empty() {
		a := image.NewAlpha(image.Rect(0, 0, dr.Dx(), dr.Dy()))
		for y := 0; y < dr.Dy(); y++ {
			for x := 0; x < dr.Dx(); x++ {
				_, _, _, al := mask.At(mp.X+x, mp.Y+y).RGBA()
				a.Pix[y*a.Stride+x] = uint8(al >> 8)
			}
		}
		g.mask, g.off = a, dr.Min
	}
	fc.glyphs[r] = g
	return g
}

// width measures s, kerning included.
func (fc *faceCache) width(s string) float64 {
	w := 0.0
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			w += fix(fc.face.Kern(prev, r))
		}
		w += fc.glyph(r).adv
		prev = r
	}
	return w
}

// TextWidth returns the width in pixels of s drawn at size (pixels).
func TextWidth(s string, size float64) float64 {
	fontMu.Lock()
	defer fontMu.Unlock()
	return faceFor(size).width(s)
}

// TextHeight returns the height of a line of text at size: ascent plus
// descent, in pixels.
func TextHeight(size float64) float64 {
	fontMu.Lock()
	defer fontMu.Unlock()
	fc := faceFor(size)
	return fc.ascent + fc.descent
}

// Text draws s in colour c at size (pixels) so that the point (ax, ay) of
// its box lies at (x, y): ax = 0, 0.5, 1 aligns the left edge, the centre or
// the right edge; ay = 0, 0.5, 1 the top (ascent), the middle or the bottom
// (descent). Pixels outside img are skipped.
func Text(img *image.RGBA, s string, x, y, size float64, c color.RGBA, ax, ay float64) {
	fontMu.Lock()
	defer fontMu.Unlock()
	fc := faceFor(size)
	w := fc.width(s)
	pen := math.Round(x - ax*w)
	base := math.Round(y - ay*(fc.ascent+fc.descent) + fc.ascent)
	fc.draw(s, func(g *glyph, px int) {
		blendMask(img, g.mask, px+g.off.X, int(base)+g.off.Y, c)
	}, pen)
}

// draw walks the glyphs of s from pen, calling put with each glyph and its
// pen position.
func (fc *faceCache) draw(s string, put func(g *glyph, pen int), pen float64) {
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			pen += fix(fc.face.Kern(prev, r))
		}
		g := fc.glyph(r)
		if g.mask != nil {
			put(g, int(math.Round(pen)))
		}
		pen += g.adv
		prev = r
	}
}

// textUp draws s rotated a quarter turn anticlockwise (reading upwards), so
// that the point (ax, ay) of its rotated box lies at (x, y), with ax, ay as
// in Text but for the rotated box.
func textUp(img *image.RGBA, s string, x, y, size float64, c color.RGBA, ax, ay float64) {
	fontMu.Lock()
	defer fontMu.Unlock()
	fc := faceFor(size)
	w := int(math.Ceil(fc.width(s))) + 2
	h := int(math.Ceil(fc.ascent + fc.descent))
	flat := image.NewAlpha(image.Rect(0, 0, w, h))
	fc.draw(s, func(g *glyph, px int) {
		r := g.mask.Bounds().Add(image.Pt(px+g.off.X, int(math.Round(fc.ascent))+g.off.Y))
		for yy := r.Min.Y; yy < r.Max.Y; yy++ {
			for xx := r.Min.X; xx < r.Max.X; xx++ {
				if !(image.Point{xx, yy}).In(flat.Rect) {
					continue
				}
				a := g.mask.Pix[(yy-r.Min.Y)*g.mask.Stride+xx-r.Min.X]
				if i := yy*flat.Stride + xx; a > flat.Pix[i] {
					flat.Pix[i] = a
				}
			}
		}
	}, 1)
	// Rotated: flat pixel (i, j) goes to (j, w−1−i) of an h×w box.
	up := image.NewAlpha(image.Rect(0, 0, h, w))
	for j := 0; j < h; j++ {
		for i := 0; i < w; i++ {
			up.Pix[(w-1-i)*up.Stride+j] = flat.Pix[j*flat.Stride+i]
		}
	}
	blendMask(img, up, int(math.Round(x-ax*float64(h))), int(math.Round(y-ay*float64(w))), c)
}

// blendMask paints c through mask with its top-left corner at (x0, y0).
func blendMask(img *image.RGBA, mask *image.Alpha, x0, y0 int, c color.RGBA) {
	if mask == nil {
		return
	}
	mb := mask.Bounds()
	r := image.Rect(x0, y0, x0+mb.Dx(), y0+mb.Dy()).Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		mrow := mask.Pix[(y-y0)*mask.Stride:]
		off := img.PixOffset(r.Min.X, y)
		for x := r.Min.X; x < r.Max.X; x++ {
			a := uint32(mrow[x-x0])
			if a != 0 {
				blendPix(img.Pix[off:off+4], c, a)
			}
			off += 4
		}
	}
}

// blendPix mixes c into one pixel with coverage a (0…255).
func blendPix(p []uint8, c color.RGBA, a uint32) {
	if a >= 255 {
		p[0], p[1], p[2], p[3] = c.R, c.G, c.B, 0xff
		return
	}
	mix := func(d, s uint8) uint8 { return uint8((uint32(d)*(255-a) + uint32(s)*a + 127) / 255) }
	p[0], p[1], p[2] = mix(p[0], c.R), mix(p[1], c.G), mix(p[2], c.B)
	p[3] = 0xff
}
