//go:build js && wasm

package main

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"runtime/debug"
	"strings"
	"syscall/js"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"hebbplay/core/lab"
	"hebbplay/wasm/bridge"
)

var (
	colStage = color.RGBA{0xf4, 0xf5, 0xf7, 0xff}
	colCard  = color.RGBA{0xff, 0xff, 0xff, 0xff}
	colEdge  = color.RGBA{0xd4, 0xd8, 0xde, 0xff}
)

// placed is where a view's picture landed on the screen, for clicks and
// scrolling.
type placed struct {
	id        string
	dst       image.Rectangle // screen rectangle of the visible picture
	scale     float64         // screen pixels per picture pixel
	scrollY   float64         // picture pixels scrolled away at the top
	maxScroll float64
	clickable bool
	scroll    bool
	targets   []image.Rectangle // keyboard stops (lab.View.Targets)
	captions  int               // caption lines drawn under the picture
	// title and text are the view's title and its caption, legend and
	// colour-scale words, published for scripts and tests (a view's words
	// are drawn into the canvas, where no script can read them).
	title, text string
}

type game struct {
	// blank is set while the stage shows no views (and has been cleared).
	blank bool
	b     *bridge.Bridge
	win   js.Value

	dirty      bool
	w, h       int     // screen size in device pixels
	dsf        float64 // device scale factor
	last       time.Time
	lastSeq    uint64
	firstFrame bool

	imgs   map[string]*ebiten.Image
	vers   map[string]uint64
	scroll map[string]float64
	focus  map[string]image.Rectangle
	placed []placed

	text     *textCache
	present  bool
	gradient *ebiten.Image
	// viewsMs is the time the lab took to redraw its pictures in the last Draw.
	viewsMs float64
	// drag is the view a mouse drag started on ("" for none) and the last
	// position reported to it.
	drag     string
	dragLast image.Point
	// sess is the session last drawn: a new one (a link opened by hash
	// change or from the Library) numbers its view versions afresh.
	sess *lab.Session
	// cur is the keyboard cursor (cursor.go).
	cur cursor
	// tallCSS is the stage height the views asked the page for, in CSS
	// pixels (0: the stage fills the room the page gives it).
	tallCSS float64
}

const gradientSteps = 256

// gradientImage is the diverging colour scale as a 256×1 image, scaled up
// for legends.
func (g *game) gradientImage() *ebiten.Image {
	if g.gradient == nil {
		pix := make([]byte, 4*gradientSteps)
		for i := 0; i < gradientSteps; i++ {
			c := lab.DivergingColor(float64(i)/float64(gradientSteps-1)*2 - 1)
			pix[4*i], pix[4*i+1], pix[4*i+2], pix[4*i+3] = c.R, c.G, c.B, 0xff
		}
		g.gradient = ebiten.NewImage(gradientSteps, 1)
		g.gradient.WritePixels(pix)
	}
	return g.gradient
}

func newGame(b *bridge.Bridge, win js.Value) *game {
	return &game{
		b: b, win: win, dirty: true, dsf: 1,
		imgs: map[string]*ebiten.Image{}, vers: map[string]uint64{},
		scroll: map[string]float64{}, focus: map[string]image.Rectangle{},
		text: newTextCache(),
	}
}

// Layout follows the iframe's size at the device's pixel density, so text
// and grids stay crisp on high-DPI screens and projectors.
func (g *game) Layout(ow, oh int) (int, int) {
	dsf := ebiten.Monitor().DeviceScaleFactor()
	if dsf <= 0 {
		dsf = 1
	}
	w, h := int(float64(ow)*dsf), int(float64(oh)*dsf)
	if w != g.w || h != g.h || dsf != g.dsf {
		g.w, g.h, g.dsf = w, h, dsf
		g.dirty = true
	}
	return w, h
}

// Update applies queued calls from the page, reads input and advances
// playback. It never draws.
func (g *game) Update() (err error) {
	defer g.survive("update")
	now := time.Now()
	dt := 0.0
	if !g.last.IsZero() {
		dt = now.Sub(g.last).Seconds()
	}
	g.last = now
	if dt > 0.25 {
		dt = 0.25
	}
	if g.b.Drain() {
		g.dirty = true
	}
	s := g.b.Session()
	if s != g.sess {
		// Versions are per lab instance: the new session's views may reuse
		// the numbers of the old one's, so every picture is uploaded again.
		g.sess = s
		clear(g.vers)
		g.dirty = true
	}
	g.keys(s)
	g.mouse(s)
	g.dragMouse(s)
	if s.Tick(dt) {
		g.dirty = true
		g.b.PublishCharts() // playback may have asked for work
	}
	if s.Seq() != g.lastSeq {
		g.lastSeq = s.Seq()
		g.b.Publish()
		g.dirty = true
	}
	g.b.TickCharts()
	return nil
}

func (g *game) mouse(s *lab.Session) {
	var presses []image.Point
	if inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		presses = append(presses, image.Pt(ebiten.CursorPosition()))
	}
	for _, id := range inpututil.AppendJustPressedTouchIDs(nil) {
		presses = append(presses, image.Pt(ebiten.TouchPosition(id)))
	}
	for _, p := range presses {
		for _, pl := range g.placed {
			if !pl.clickable || !p.In(pl.dst) {
				continue
			}
			x := int(float64(p.X-pl.dst.Min.X) / pl.scale)
			y := int((float64(p.Y-pl.dst.Min.Y) / pl.scale) + pl.scrollY)
			if s.Click(pl.id, x, y) {
				g.dirty = true
			}
		}
	}
	if _, wy := ebiten.Wheel(); wy != 0 {
		p := image.Pt(ebiten.CursorPosition())
		for _, pl := range g.placed {
			if pl.scroll && p.In(pl.dst) && pl.maxScroll > 0 {
				y := g.scroll[pl.id] - wy*40/pl.scale
				g.scroll[pl.id] = math.Max(0, math.Min(pl.maxScroll, y))
				g.dirty = true
			}
		}
	}
}

// dragMouse reports the mouse's new positions to the lab while the left
// button stays down after a click on a clickable view (lab.Dragger), so that
// a drawing can be painted in one stroke.
func (g *game) dragMouse(s *lab.Session) {
	p := image.Pt(ebiten.CursorPosition())
	if inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		g.drag, g.dragLast = "", p
		for _, pl := range g.placed {
			if pl.clickable && p.In(pl.dst) {
				g.drag = pl.id
			}
		}
		return
	}
	if g.drag == "" || !ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft) {
		g.drag = ""
		return
	}
	if p == g.dragLast {
		return
	}
	g.dragLast = p
	for _, pl := range g.placed {
		if pl.id == g.drag && p.In(pl.dst) {
			x := int(float64(p.X-pl.dst.Min.X) / pl.scale)
			y := int((float64(p.Y-pl.dst.Min.Y) / pl.scale) + pl.scrollY)
			if s.Drag(pl.id, x, y) {
				g.dirty = true
			}
		}
	}
}

// survive turns a panic in a lab into a console error and a visible notice
// instead of killing the Go program (after which the page could not be used
// at all). The frame keeps running; the visitor can change settings.
func (g *game) survive(where string) {
	r := recover()
	if r == nil {
		return
	}
	msg := fmt.Sprintf("hebbplay: internal error in %s: %v", where, r)
	js.Global().Get("console").Call("error", msg+"\n"+string(debug.Stack()))
	s := g.b.Session()
	s.AddNotice(fmt.Sprintf("Something went wrong (%v). Try other settings or reload the page.", r))
	g.b.Publish()
	g.dirty = false
}

// ui is the size of one layout unit in screen pixels: device pixels,
// enlarged in presentation mode and on large stages.
func (g *game) ui(s *lab.Session) float64 {
	u := g.dsf
	if s.Presentation() {
		u *= 1.3
	}
	return u
}

// Draw redraws the whole stage, but only when something changed; otherwise
// the previous frame stays on the (uncleared) screen.
func (g *game) Draw(screen *ebiten.Image) {
	if !g.dirty {
		return
	}
	defer g.survive("draw")
	g.dirty = false
	start := time.Now()
	defer func() {
		g.win.Set("hebbplayDrawMs", map[string]any{
			"total": float64(time.Since(start).Microseconds()) / 1000,
			"views": g.viewsMs,
		})
	}()
	s := g.b.Session()
	g.present = s.Presentation()
	views := s.Lab.Views()
	g.viewsMs = float64(time.Since(start).Microseconds()) / 1000
	if len(views) == 0 && g.blank {
		// Nothing to show (the page draws this screen itself) and the stage
		// is already blank: no GL work at all.
		return
	}
	screen.Fill(colStage)
	g.placed = g.placed[:0]
	g.blank = len(views) == 0
	if len(views) == 0 || g.w < 10 || g.h < 10 {
		g.publishHeight(0)
		return
	}
	u := g.ui(s)
	cards, tall := g.arrange(views, u)
	for i := range views {
		c := cards[i]
		g.drawView(screen, &views[i], c.X, c.Y, c.W, c.H, u)
	}
	g.drawCursor(screen, u)
	g.text.endFrame()
	g.publishHeight(tall)
	g.publishLayout()
	if !g.firstFrame {
		g.firstFrame = true
		mark("firstDraw")
		if perf := js.Global().Get("performance"); perf.Truthy() {
			g.win.Set("hebbplayFirstFrame", perf.Call("now").Float()+originDelta(g.win))
		}
	}
}

// publishLayout tells the page where each view's picture is, in CSS pixels
// of the stage iframe (window.hebbplayLayout): scripts and the browser tests
// use it to click on a view (and count its caption lines and keyboard
// stops).
func (g *game) publishLayout() {
	out := make([]any, 0, len(g.placed))
	for _, p := range g.placed {
		out = append(out, map[string]any{
			"id": p.id,
			"x":  float64(p.dst.Min.X) / g.dsf, "y": float64(p.dst.Min.Y) / g.dsf,
			"w": float64(p.dst.Dx()) / g.dsf, "h": float64(p.dst.Dy()) / g.dsf,
			"scale": p.scale / g.dsf, "scrollY": p.scrollY, "clickable": p.clickable,
			"captions": p.captions, "targets": len(p.targets),
			"title": p.title, "text": p.text,
		})
	}
	g.win.Set("hebbplayLayout", js.ValueOf(out))
}

// viewText is the words of a view other than its title, one line each:
// caption lines, legend labels and the colour scale's labels.
func viewText(v lab.View) string {
	var b strings.Builder
	for _, l := range v.Caption {
		b.WriteString(l.Text + "\n")
	}
	for _, l := range v.Legend {
		b.WriteString(l.Label + "\n")
	}
	if gr := v.Gradient; gr != nil {
		b.WriteString(gr.Label + " " + gr.Lo + " " + gr.Mid + " " + gr.Hi + "\n")
	}
	return b.String()
}

// originDelta converts the iframe's performance clock to the top page's.
func originDelta(win js.Value) float64 {
	own := js.Global().Get("performance")
	top := win.Get("performance")
	if !own.Truthy() || !top.Truthy() || own.Equal(top) {
		return 0
	}
	return own.Get("timeOrigin").Float() - top.Get("timeOrigin").Float()
}

func (g *game) face(size float64, bold bool) face {
	return face{Size: size, Bold: bold}
}

func (g *game) drawText(dst *ebiten.Image, s string, f face, x, y float64, c color.Color) {
	g.text.draw(dst, s, f, x, y, c)
}

// wrap breaks s into lines no wider than w.
func (g *game) wrap(s string, f face, w float64) []string {
	words := strings.Fields(s)
	var lines []string
	cur := ""
	for _, wd := range words {
		try := wd
		if cur != "" {
			try = cur + " " + wd
		}
		if tw := g.text.measure(try, f); tw > w && cur != "" {
			lines = append(lines, cur)
			cur = wd
		} else {
			cur = try
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// fit shortens s with an ellipsis until it is no wider than w.
func (g *game) fit(s string, f face, w float64) string {
	if tw := g.text.measure(s, f); tw <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 {
		r = r[:len(r)-1]
		if tw := g.text.measure(string(r)+"…", f); tw <= w {
			break
		}
	}
	return string(r) + "…"
}

func fillRect(dst *ebiten.Image, x, y, w, h float64, c color.Color) {
	vector.DrawFilledRect(dst, float32(x), float32(y), float32(w), float32(h), c, false)
}

func strokeRect(dst *ebiten.Image, x, y, w, h, t float64, c color.Color) {
	vector.StrokeRect(dst, float32(x+t/2), float32(y+t/2), float32(w-t), float32(h-t), float32(t), c, false)
}

// drawView lays out one view in the card at (x, y, w, h): title, picture,
// caption lines and legend.
func (g *game) drawView(screen *ebiten.Image, v *lab.View, x, y, w, h, u float64) {
	fillRect(screen, x, y, w, h, colCard)
	strokeRect(screen, x, y, w, h, math.Max(1, u), colEdge)
	pad := 10 * u
	inner := w - 2*pad
	titleF := g.face(17*u, true)
	capF := g.face(14*u, false)
	capB := g.face(14*u, true)
	legF := g.face(13*u, false)
	lineH := func(f face) float64 { return f.Size * 1.3 }

	// Title: up to two lines.
	ty := y + pad
	tl := g.wrap(v.Title, titleF, inner)
	if len(tl) > 2 {
		tl = []string{tl[0], g.fit(strings.Join(tl[1:], " "), titleF, inner)}
	}
	for _, t := range tl {
		g.drawText(screen, t, titleF, x+pad, ty, lab.ColText)
		ty += lineH(titleF)
	}
	ty += 4 * u

	// Bottom block: caption lines, then the legend; measured first so the
	// picture gets what is left.
	type capLine struct {
		s string
		f face
		c color.Color
	}
	layoutCaption := func(hints bool) []capLine {
		var out []capLine
		for _, ln := range v.Caption {
			if ln.Hint && !hints {
				continue
			}
			f := capF
			if ln.Bold {
				f = capB
			}
			c := color.Color(lab.ColText)
			if ln.Color != (color.RGBA{}) {
				c = ln.Color
			}
			for _, s := range g.wrap(ln.Text, f, inner) {
				out = append(out, capLine{s, f, c})
			}
		}
		return out
	}
	legendH := 0.0
	if len(v.Legend) > 0 || v.Gradient != nil {
		legendH = g.legendHeight(v, legF, inner, u)
	}
	// Hints go first when the picture would get less than half the card
	// (presentation mode keeps them: the views get taller there); then the
	// whole caption if needed.
	capLines := layoutCaption(true)
	var capH, bottom, areaH float64
	measure := func() {
		capH = float64(len(capLines)) * lineH(capF)
		bottom = capH + legendH + 6*u
		areaH = y + h - pad - bottom - ty
	}
	measure()
	if areaH < 0.5*h {
		capLines = layoutCaption(false)
		measure()
	}
	if areaH < 0.3*h {
		capLines = nil
		measure()
	}

	// Picture.
	img := g.upload(v)
	iw, ih := float64(v.Img.Bounds().Dx()), float64(v.Img.Bounds().Dy())
	var sc float64
	pl := placed{id: v.ID, clickable: v.Clickable, scroll: v.Scroll, title: v.Title, text: viewText(*v)}
	if v.Clickable {
		pl.targets = v.Targets
	}
	op := &ebiten.DrawImageOptions{}
	var src *ebiten.Image = img
	var shownW, shownH float64
	if v.Scroll {
		sc = math.Min(inner/iw, 1.6*u)
		if ih*sc <= areaH {
			sc = math.Min(sc, areaH/ih)
		}
		visible := areaH / sc
		pl.maxScroll = math.Max(0, ih-visible)
		// Keep the focus in sight when it moved.
		if f := v.Focus; !f.Empty() && f != g.focus[v.ID] {
			g.focus[v.ID] = f
			top := g.scroll[v.ID]
			if float64(f.Min.Y) < top || float64(f.Max.Y) > top+visible {
				g.scroll[v.ID] = float64(f.Min.Y+f.Max.Y)/2 - visible/2
			}
		}
		g.scroll[v.ID] = math.Max(0, math.Min(pl.maxScroll, g.scroll[v.ID]))
		pl.scrollY = g.scroll[v.ID]
		y0 := int(pl.scrollY)
		y1 := int(math.Min(ih, pl.scrollY+visible))
		src = img.SubImage(image.Rect(0, y0, int(iw), y1)).(*ebiten.Image)
		pl.scrollY = float64(y0)
		shownW, shownH = iw*sc, float64(y1-y0)*sc
	} else {
		sc = math.Min(inner/iw, areaH/ih)
		shownW, shownH = iw*sc, ih*sc
	}
	if sc <= 0 || math.IsNaN(sc) {
		return
	}
	px := math.Round(x + pad + (inner-shownW)/2)
	py := math.Round(ty + math.Max(0, (areaH-shownH)/2))
	if v.Scroll {
		py = math.Round(ty)
	}
	op.GeoM.Scale(sc, sc)
	op.GeoM.Translate(px, py)
	if sc >= 1 {
		op.Filter = ebiten.FilterNearest
	} else {
		op.Filter = ebiten.FilterLinear
	}
	screen.DrawImage(src, op)
	pl.scale = sc
	pl.captions = len(capLines)
	pl.dst = image.Rect(int(px), int(py), int(px+shownW), int(py+shownH))
	g.placed = append(g.placed, pl)
	if v.Scroll && pl.maxScroll > 0 {
		// A scroll bar at the right edge of the card.
		total := ih * sc
		barH := shownH * shownH / total
		barY := py + pl.scrollY*sc*shownH/total
		fillRect(screen, x+w-pad/2-3*u, py, 3*u, shownH, colEdge)
		fillRect(screen, x+w-pad/2-3*u, barY, 3*u, math.Max(barH, 8*u), lab.ColMuted)
	}

	// Caption.
	cy := y + h - pad - bottom + 4*u
	for _, ln := range capLines {
		g.drawText(screen, ln.s, ln.f, x+pad, cy, ln.c)
		cy += lineH(capF)
	}
	if legendH > 0 {
		g.drawLegend(screen, v, legF, x+pad, cy+2*u, inner, u)
	}
}

// upload returns the GPU image of a view, re-uploading the pixels only when
// the view's version changed.
func (g *game) upload(v *lab.View) *ebiten.Image {
	b := v.Img.Bounds()
	img := g.imgs[v.ID]
	if img != nil && img.Bounds().Size() != b.Size() {
		img.Deallocate()
		img = nil
	}
	if img == nil {
		img = ebiten.NewImage(b.Dx(), b.Dy())
		g.imgs[v.ID] = img
		g.vers[v.ID] = 0
	}
	if g.vers[v.ID] != v.Version || v.Version == 0 {
		img.WritePixels(v.Img.Pix)
		g.vers[v.ID] = v.Version
	}
	return img
}

func (g *game) legendHeight(v *lab.View, f face, w, u float64) float64 {
	rows := 1
	x := 0.0
	sw := f.Size
	for _, it := range v.Legend {
		tw := g.text.measure(it.Label, f)
		iw := sw + 5*u + tw + 14*u
		if x+iw > w && x > 0 {
			rows++
			x = 0
		}
		x += iw
	}
	h := float64(rows) * f.Size * 1.4
	if v.Gradient != nil {
		h += f.Size*1.4 + 12*u
	}
	return h
}

func (g *game) drawLegend(screen *ebiten.Image, v *lab.View, f face, x0, y, w, u float64) {
	sw := f.Size
	x := x0
	for _, it := range v.Legend {
		tw := g.text.measure(it.Label, f)
		iw := sw + 5*u + tw + 14*u
		if x+iw > x0+w && x > x0 {
			x = x0
			y += f.Size * 1.4
		}
		if it.Ring {
			fillRect(screen, x, y+1, sw, sw, lab.ColInactive)
			strokeRect(screen, x, y+1, sw, sw, math.Max(2, 2*u), it.Color)
		} else {
			fillRect(screen, x, y+1, sw, sw, it.Color)
		}
		g.drawText(screen, it.Label, f, x+sw+5*u, y-1*u, lab.ColText)
		x += iw
	}
	if gr := v.Gradient; gr != nil {
		if len(v.Legend) > 0 {
			y += f.Size * 1.4
		}
		bw := math.Min(w*0.6, 260*u)
		bh := 10 * u
		op := &ebiten.DrawImageOptions{}
		op.GeoM.Scale(bw/float64(gradientSteps), bh)
		op.GeoM.Translate(x0, y)
		op.Filter = ebiten.FilterLinear
		screen.DrawImage(g.gradientImage(), op)
		strokeRect(screen, x0, y, bw, bh, 1, colEdge)
		ly := y + bh + 1*u
		g.drawText(screen, gr.Lo, f, x0, ly, lab.ColMuted)
		mw := g.text.measure(gr.Mid, f)
		g.drawText(screen, gr.Mid, f, x0+bw/2-mw/2, ly, lab.ColMuted)
		hw := g.text.measure(gr.Hi, f)
		g.drawText(screen, gr.Hi, f, x0+bw-hw, ly, lab.ColMuted)
		if gr.Label != "" {
			g.drawText(screen, gr.Label, f, x0+bw+10*u, y-3*u, lab.ColText)
		}
	}
}
