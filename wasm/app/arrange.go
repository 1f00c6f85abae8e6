//go:build js && wasm

package main

import (
	"math"
	"syscall/js"

	"hebbplay/core/lab"
)

// card is a view's place on the stage, in screen pixels.
type card struct{ x, y, w, h float64 }

// narrowCSS is the stage width (CSS pixels) under which views stack one per
// row; phoneCSS is the window width up to which the page is laid out for a
// phone (web/style.css's breakpoint), where the stage grows to hold its
// views; wideCardCSS is the narrowest card for which three or four columns
// are considered.
const (
	narrowCSS   = 560
	phoneCSS    = 760
	wideCardCSS = 280
)

// chrome estimates a card's height apart from its picture: padding, a
// two-line title, caption lines and a legend.
func chrome(u float64) float64 { return 165 * u }

// arrange places the views. On a normal stage the cards share its size, in
// the number of columns (1 to 4) that gives the grids the largest scale, so
// a wide stage ("Hide settings") gets bigger pictures rather than white
// space; a narrow stage has one column. On a phone the views stack one per
// row, and in presentation mode they go two per row, each row as tall as
// its pictures need (at most the window's height): the stage then asks the
// page for that height (tall, in screen pixels; 0 when it fills the
// stage), and the page scrolls.
func (g *game) arrange(views []lab.View, u float64) (cards []card, tall float64) {
	n := len(views)
	W, H := float64(g.w), float64(g.h)
	gap := 10 * u
	narrow := W < narrowCSS*g.dsf
	phone := g.win.Get("innerWidth").Float() <= phoneCSS
	cols := 1
	switch {
	case narrow || phone || n == 1:
	case g.present:
		cols = 2
	default:
		cols = g.bestCols(views, u, gap)
	}
	rows := (n + cols - 1) / cols
	cw := (W - gap*float64(cols+1)) / float64(cols)
	heights := make([]float64, rows)
	if phone || g.present {
		maxRow := math.Inf(1)
		if g.present {
			maxRow = math.Max(300*u, g.win.Get("innerHeight").Float()*g.dsf-90*u)
		}
		tall = gap
		for r := range heights {
			need := 260 * u
			for i := r * cols; i < min(n, (r+1)*cols); i++ {
				need = math.Max(need, pictureHeight(&views[i], cw-20*u)+chrome(u))
			}
			heights[r] = math.Min(maxRow, need)
			tall += heights[r] + gap
		}
	} else {
		ch := (H - gap*float64(rows+1)) / float64(rows)
		for r := range heights {
			heights[r] = ch
		}
	}
	y := gap
	for r := 0; r < rows; r++ {
		for i := r * cols; i < min(n, (r+1)*cols); i++ {
			cards = append(cards, card{gap + float64(i%cols)*(cw+gap), y, cw, heights[r]})
		}
		y += heights[r] + gap
	}
	return cards, tall
}

// pictureHeight is the height a view's picture takes at width w (a
// scrolling picture shows at most a square of it).
func pictureHeight(v *lab.View, w float64) float64 {
	if v.Img == nil {
		return 0
	}
	b := v.Img.Bounds()
	if b.Dx() == 0 {
		return 0
	}
	h := w * float64(b.Dy()) / float64(b.Dx())
	if v.Scroll {
		h = math.Min(h, w)
	}
	return h
}

// bestCols is the column count (1 to 4; 3 and 4 only when cards stay at
// least wideCardCSS wide) under which the smallest picture of a view that
// does not scroll is largest; the fewer columns win a tie.
func (g *game) bestCols(views []lab.View, u, gap float64) int {
	n := len(views)
	W, H := float64(g.w), float64(g.h)
	best, bestScore := 2, -1.0
	for c := 1; c <= min(4, n); c++ {
		cw := (W - gap*float64(c+1)) / float64(c)
		if c > 2 && cw < wideCardCSS*g.dsf {
			break
		}
		rows := (n + c - 1) / c
		ch := (H - gap*float64(rows+1)) / float64(rows)
		score := math.Inf(1)
		for i := range views {
			v := &views[i]
			if v.Img == nil || (v.Scroll && n > 1) {
				continue
			}
			b := v.Img.Bounds()
			if b.Dx() == 0 || b.Dy() == 0 {
				continue
			}
			sc := math.Min((cw-20*u)/float64(b.Dx()), (ch-chrome(u))/float64(b.Dy()))
			score = math.Min(score, sc)
		}
		if score > bestScore+1e-9 {
			best, bestScore = c, score
		}
	}
	return best
}

// publishHeight tells the page how tall the stage should be
// (window.hebbplayStageHeight in CSS pixels, 0 = fill the room) and calls
// window.hebbplayOnStageHeight when it changed.
func (g *game) publishHeight(tall float64) {
	css := math.Ceil(tall / g.dsf)
	if css == g.tallCSS {
		return
	}
	g.tallCSS = css
	g.win.Set("hebbplayStageHeight", css)
	if f := g.win.Get("hebbplayOnStageHeight"); f.Type() == js.TypeFunction {
		f.Invoke(css)
	}
}
