//go:build js && wasm

package main

import (
	"image"
	"math"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"hebbplay/core/lab"
)

// cursor is the keyboard cursor over the views' targets (lab.View.Targets):
// the arrow keys move it, Enter or Space clicks where it is. It appears
// with the first arrow key and hides with Esc or when the stage loses the
// focus; Esc with the cursor hidden hands the focus back to the page
// (web/game.js).
type cursor struct {
	view  string
	idx   int
	shown bool
}

// repeated reports a key press and the browser-like repeats of a held key
// (after 18 ticks, every 4 ticks at 60 ticks per second).
func repeated(k ebiten.Key) bool {
	d := inpututil.KeyPressDuration(k)
	return d == 1 || (d >= 18 && (d-18)%4 == 0)
}

// keys handles the stage's keys. Other keys reach the page's handler
// through web/game.js (the lab's action keys, "?", ".").
func (g *game) keys(s *lab.Session) {
	if g.cur.shown && !js.Global().Get("document").Call("hasFocus").Bool() {
		g.setCursor(g.cur.view, g.cur.idx, false)
	}
	dirs := [...]struct {
		k      ebiten.Key
		dx, dy int
	}{{ebiten.KeyArrowLeft, -1, 0}, {ebiten.KeyArrowRight, 1, 0}, {ebiten.KeyArrowUp, 0, -1}, {ebiten.KeyArrowDown, 0, 1}}
	for _, d := range dirs {
		if !repeated(d.k) {
			continue
		}
		if g.hasTargets() {
			g.moveCursor(d.dx, d.dy)
		} else if d.k == ebiten.KeyArrowRight {
			s.Do(lab.ActStep)
		}
	}
	switch {
	case inpututil.IsKeyJustPressed(ebiten.KeyEnter) || inpututil.IsKeyJustPressed(ebiten.KeyNumpadEnter):
		if g.cur.shown {
			g.clickCursor(s)
		}
	case inpututil.IsKeyJustPressed(ebiten.KeySpace):
		if g.cur.shown {
			g.clickCursor(s)
		} else {
			s.Do(lab.ActToggle)
		}
	case inpututil.IsKeyJustPressed(ebiten.KeyHome):
		s.Do(lab.ActReset)
	case inpututil.IsKeyJustPressed(ebiten.KeyEscape):
		if g.cur.shown {
			g.setCursor(g.cur.view, g.cur.idx, false)
		}
	}
}

// setCursor moves and shows or hides the cursor, redraws, and publishes it
// as window.hebbplayCursor in the stage ({view, index, shown}, for
// web/game.js and the tests).
func (g *game) setCursor(view string, idx int, shown bool) {
	g.cur = cursor{view, idx, shown}
	g.dirty = true
	js.Global().Set("hebbplayCursor", map[string]any{"view": view, "index": idx, "shown": shown})
}

func (g *game) hasTargets() bool {
	for _, p := range g.placed {
		if len(p.targets) > 0 {
			return true
		}
	}
	return false
}

// cursorView is the placed view the cursor is on, or nil.
func (g *game) cursorView() *placed {
	for i := range g.placed {
		if p := &g.placed[i]; p.id == g.cur.view && len(p.targets) > 0 {
			return p
		}
	}
	return nil
}

// targetScreen is target i of p in screen pixels.
func targetScreen(p *placed, i int) image.Rectangle {
	r := p.targets[i]
	tr := func(q image.Point) image.Point {
		return image.Pt(p.dst.Min.X+int(math.Round(float64(q.X)*p.scale)),
			p.dst.Min.Y+int(math.Round((float64(q.Y)-p.scrollY)*p.scale)))
	}
	return image.Rectangle{tr(r.Min), tr(r.Max)}
}

// moveCursor shows the cursor (where it was, or on the first view's first
// target), or moves it one target in direction (dx, dy); past the last
// target of a view it goes on to the nearest target of the next view that
// way.
func (g *game) moveCursor(dx, dy int) {
	p := g.cursorView()
	if p == nil || g.cur.idx >= len(p.targets) {
		for i := range g.placed {
			if len(g.placed[i].targets) > 0 {
				g.setCursor(g.placed[i].id, 0, true)
				g.keepVisible(&g.placed[i])
				return
			}
		}
		return
	}
	if !g.cur.shown {
		g.setCursor(g.cur.view, g.cur.idx, true)
		return
	}
	if i := lab.CursorMove(p.targets, g.cur.idx, dx, dy); i >= 0 {
		g.setCursor(p.id, i, true)
		g.keepVisible(p)
		return
	}
	// The next view that way: the nearest by the same rule as CursorMove.
	from := targetScreen(p, g.cur.idx)
	c0 := lab.Centre(from)
	var next *placed
	best := math.Inf(1)
	for i := range g.placed {
		q := &g.placed[i]
		if q == p || len(q.targets) == 0 {
			continue
		}
		d := lab.Centre(q.dst).Sub(lab.Centre(p.dst))
		along, across := d.X*dx+d.Y*dy, d.X*dy-d.Y*dx
		if along <= 0 {
			continue
		}
		if cost := float64(along) + 3*math.Abs(float64(across)); cost < best {
			next, best = q, cost
		}
	}
	if next == nil {
		return
	}
	idx, bestD := 0, math.Inf(1)
	for i := range next.targets {
		d := lab.Centre(targetScreen(next, i)).Sub(c0)
		if dd := math.Hypot(float64(d.X), float64(d.Y)); dd < bestD {
			idx, bestD = i, dd
		}
	}
	g.setCursor(next.id, idx, true)
	g.keepVisible(next)
}

// keepVisible scrolls a scrolling view so that the cursor's target is in
// sight.
func (g *game) keepVisible(p *placed) {
	if !p.scroll || g.cur.idx >= len(p.targets) || p.scale <= 0 {
		return
	}
	r := p.targets[g.cur.idx]
	visible := float64(p.dst.Dy()) / p.scale
	top := g.scroll[p.id]
	if float64(r.Min.Y) < top || float64(r.Max.Y) > top+visible {
		g.scroll[p.id] = math.Max(0, float64(r.Min.Y+r.Max.Y)/2-visible/2)
	}
}

// clickCursor does what a click at the centre of the cursor's target does.
func (g *game) clickCursor(s *lab.Session) {
	p := g.cursorView()
	if p == nil || g.cur.idx >= len(p.targets) {
		return
	}
	c := lab.Centre(p.targets[g.cur.idx])
	if s.Click(p.id, c.X, c.Y) {
		g.dirty = true
	}
}

// drawCursor rings the cursor's target: dark outside, orange inside, so it
// shows on active (navy) and inactive (grey) cells alike.
func (g *game) drawCursor(screen *ebiten.Image, u float64) {
	p := g.cursorView()
	if !g.cur.shown || p == nil || g.cur.idx >= len(p.targets) {
		return
	}
	r := targetScreen(p, g.cur.idx)
	if !r.Overlaps(p.dst.Inset(-2)) {
		return
	}
	t := math.Max(2, 2*u)
	x, y, w, h := float64(r.Min.X), float64(r.Min.Y), float64(r.Dx()), float64(r.Dy())
	strokeRect(screen, x-2*t, y-2*t, w+4*t, h+4*t, t, lab.ColText)
	strokeRect(screen, x-t, y-t, w+2*t, h+2*t, t, lab.ColHighlight)
}
