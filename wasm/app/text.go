//go:build js && wasm

package main

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Text is rasterised on the CPU with golang.org/x/image's OpenType reader
// (the Go fonts) and uploaded as one small image per distinct string, cached
// between frames. This keeps Ebiten's text/v2 (and its shaping tables, about
// 6 MB of WebAssembly) out of the program; the labels are plain Latin text.

// face is a font at a size.
type face struct {
	Size float64
	Bold bool
}

type faceKey struct {
	size int // in 1/4 px
	bold bool
}

type textKey struct {
	face faceKey
	s    string
	c    color.RGBA
}

type textImage struct {
	img  *ebiten.Image
	used int // frame number of the last use
}

type textCache struct {
	regular, bold *opentype.Font
	faces         map[faceKey]font.Face
	imgs          map[textKey]*textImage
	frame         int
}

func newTextCache() *textCache {
	reg, err := opentype.Parse(goregular.TTF)
	if err != nil {
		panic(err)
	}
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		panic(err)
	}
	return &textCache{regular: reg, bold: bold, faces: map[faceKey]font.Face{}, imgs: map[textKey]*textImage{}}
}

func keyOf(f face) faceKey { return faceKey{int(math.Round(f.Size * 4)), f.Bold} }

func (c *textCache) face(f face) font.Face {
	k := keyOf(f)
	if ff, ok := c.faces[k]; ok {
		return ff
	}
	src := c.regular
	if f.Bold {
		src = c.bold
	}
	ff, err := opentype.NewFace(src, &opentype.FaceOptions{Size: float64(k.size) / 4, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic(err)
	}
	c.faces[k] = ff
	return ff
}

// measure returns the advance width of s in pixels.
func (c *textCache) measure(s string, f face) float64 {
	return float64(font.MeasureString(c.face(f), s)) / 64
}

// draw paints s with its line box's top-left corner at (x, y).
func (c *textCache) draw(dst *ebiten.Image, s string, f face, x, y float64, col color.Color) {
	if s == "" {
		return
	}
	r, g, b, a := col.RGBA()
	key := textKey{keyOf(f), s, color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}}
	ti := c.imgs[key]
	if ti == nil {
		ff := c.face(f)
		m := ff.Metrics()
		w := int(math.Ceil(c.measure(s, f))) + 2
		h := (m.Ascent + m.Descent).Ceil() + 2
		rgba := image.NewRGBA(image.Rect(0, 0, w, h))
		d := font.Drawer{Dst: rgba, Src: image.NewUniform(key.c), Face: ff, Dot: fixed.Point26_6{X: fixed.I(1), Y: m.Ascent + fixed.I(1)}}
		d.DrawString(s)
		ti = &textImage{img: ebiten.NewImageFromImage(rgba)}
		c.imgs[key] = ti
	}
	ti.used = c.frame
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(math.Round(x-1), math.Round(y-1))
	dst.DrawImage(ti.img, op)
}

// endFrame frees the images of strings not drawn for a while.
func (c *textCache) endFrame() {
	c.frame++
	if len(c.imgs) < 256 {
		return
	}
	for k, ti := range c.imgs {
		if c.frame-ti.used > 2 {
			ti.img.Deallocate()
			delete(c.imgs, k)
		}
	}
}
