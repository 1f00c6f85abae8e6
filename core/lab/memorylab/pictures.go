package memorylab

import (
	"fmt"
	"image"
	"image/color"
	"strings"

	"hebbplay/core/lab"
	"hebbplay/core/memory"
	"hebbplay/core/params"
	"hebbplay/core/pattern"
)

// Picture mode: with the pattern set "letters" or "drawn" the playground
// stores 5×7 pictures in a modular net of one hypercolumn per pixel with
// two units, off and on (pattern.PictureShape): every picture is a valid
// pattern whatever its number of on pixels, recall decides each pixel by
// winner-take-all between its two units, and a cue with nflip moved
// hypercolumns is the picture with nflip pixels flipped. The network
// settings (kind, H, M, N, K) then do not apply and are hidden.

// linkKeyPictures is the permalink key of the drawn set.
const linkKeyPictures = "pats"

// picPixels is the number of pixels of a picture.
const picPixels = pattern.GlyphW * pattern.GlyphH

// picShape is the network of picture mode.
var picShape = func() pattern.Shape {
	s, err := pattern.PictureShape(pattern.GlyphW, pattern.GlyphH)
	if err != nil {
		panic(err)
	}
	return s
}()

// pictureState is what picture mode keeps beyond the configuration.
type pictureState struct {
	// drawn is the drawn set; nil means the letters and digits (it is
	// filled from them when first drawn on or extended).
	drawn [][]bool
	// dirty marks a drawn set changed since the patterns were last made.
	dirty bool
	// painting is set by a click that drew a pixel: a drag from there sets
	// the pixels it crosses to paint, what the clicked pixel became.
	painting, paint bool
}

// picturesOn reports whether configuration v stores pictures.
func picturesOn(v params.Values) bool {
	return v.Choice("pset") != "random"
}

// unlessPictures is the ShowIf condition of a network setting: shown on the
// Experiments screen and for random patterns, and there only when cond (may
// be empty) holds as well.
func unlessPictures(cond string) string {
	alts := []string{"screen=experiments", "pset=random"}
	if cond != "" {
		for i := range alts {
			alts[i] += "&" + cond
		}
	}
	return strings.Join(alts, ";")
}

// pictureLimit is the largest number of pictures of pattern set pset.
func pictureLimit(pset string) int {
	if pset == "drawn" {
		return pattern.MaxPictures
	}
	return len(pattern.GlyphNames)
}

// constrainPictures limits npat to the pictures there are.
func constrainPictures(v *params.Values) []string {
	if !picturesOn(*v) {
		return nil
	}
	if lim := pictureLimit(v.Choice("pset")); v.Int("npat") > lim {
		v.Set("npat", float64(lim))
		what := "there are 36 letters and digits"
		if v.Choice("pset") == "drawn" {
			what = fmt.Sprintf("at most %d pictures can be drawn", lim)
		}
		return []string{fmt.Sprintf("npat: %s; using %d.", what, lim)}
	}
	return nil
}

// configShape is the network configuration v describes.
func configShape(v params.Values) (pattern.Shape, error) {
	switch {
	case picturesOn(v):
		return picShape, nil
	case v.Choice("kind") == "modular":
		return pattern.NewModular(v.Int("H"), v.Int("M"))
	}
	return pattern.NewKofN(v.Int("N"), v.Int("K"))
}

// glyphs returns the first n built-in pictures, repeating after 36.
func glyphs(n int) [][]bool {
	out := make([][]bool, n)
	for i := range out {
		out[i] = pattern.Glyph(i % len(pattern.GlyphNames))
	}
	return out
}

// pictureSet returns the first n pictures of pattern set pset (the drawn
// set is extended with letters when it has fewer).
func (l *Lab) pictureSet(pset string, n int) [][]bool {
	if pset != "drawn" {
		return glyphs(n)
	}
	for i := len(l.pic.drawn); i < n; i++ {
		l.pic.drawn = append(l.pic.drawn, pattern.Glyph(i%len(pattern.GlyphNames)))
	}
	return l.pic.drawn[:n]
}

// makePictures stores the first npat pictures of the set or, in prototype
// mode, ninst noisy copies of each (nflip_train pixels flipped, spread as in
// pattern.NextPrototype, from the patterns' random stream: the noise does
// not depend on what the pictures show, so drawing on one prototype leaves
// the other prototypes' instances as they were).
func (l *Lab) makePictures(v params.Values) error {
	c, err := memory.NewCounts(picShape.N)
	if err != nil {
		return err
	}
	set := l.pictureSet(v.Choice("pset"), v.Int("npat"))
	l.gen, l.counts, l.protos, l.pats = nil, c, nil, nil
	l.pic.dirty = false
	if v.Choice("mode") == "prototype" {
		r := pattern.NewRand(uint64(v.Int("seed")), streamPatterns)
		ninst := v.Int("ninst")
		l.protos = make([]pattern.Prototype, len(set))
		for i, pic := range set {
			pr := pattern.Prototype{Proto: pattern.FromPicture(pic)}
			for _, f := range pattern.FlipCounts(r, ninst, v.Float("nflip_train")) {
				inst := pattern.Distort(nil, r, picShape, pr.Proto, f)
				pr.Train = append(pr.Train, inst)
				c.Add(inst)
			}
			l.protos[i] = pr
		}
		l.nstored = len(set) * ninst
		return nil
	}
	l.pats = make([]pattern.Pattern, len(set))
	for i, pic := range set {
		l.pats[i] = pattern.FromPicture(pic)
		c.Add(l.pats[i])
	}
	l.nstored = len(set)
	return nil
}

// LinkKeys implements lab.LinkState: the drawn set is "pats", the hand
// edit of the cue "cueedit" (cueedit.go).
func (l *Lab) LinkKeys() []string { return []string{linkKeyPictures, cueEditKey} }

// SetLinkState implements lab.LinkState: it reads the drawn set of a link
// (pattern.DecodePictures). A set that does not decode, or one given when the
// link's pattern set is not "drawn", is dropped with a notice; the drawn set
// is then the letters and digits.
func (l *Lab) SetLinkState(v params.Values, extra map[string]string) []string {
	l.pic.drawn, l.pic.dirty = nil, true
	s, ok := extra[linkKeyPictures]
	if !ok {
		return nil
	}
	if !picturesOn(v) || v.Choice("pset") != "drawn" {
		return []string{fmt.Sprintf("Ignored %s=: drawn patterns are read only with pset=drawn.", linkKeyPictures)}
	}
	pics, err := pattern.DecodePictures(s, picPixels)
	if err != nil {
		return []string{fmt.Sprintf("%s=%q: %v; using the letters and digits instead.", linkKeyPictures, cut(s, 24), err)}
	}
	l.pic.drawn = pics
	return nil
}

// LinkState implements lab.LinkState: with pset=drawn, the first npat
// drawn pictures; then the cue's hand edit, if any.
func (l *Lab) LinkState(v params.Values) []params.KV {
	if !picturesOn(v) || v.Choice("pset") != "drawn" {
		return l.cueEditLink()
	}
	return append([]params.KV{{Key: linkKeyPictures, Value: pattern.EncodePictures(l.pictureSet("drawn", v.Int("npat")))}}, l.cueEditLink()...)
}

func cut(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// drawPixel toggles pixel p of the cued picture. Drawing on a letter turns
// the pattern set into "drawn", starting from the letters shown.
func (l *Lab) drawPixel(p int, v *params.Values) {
	n := l.count()
	if v.Choice("pset") != "drawn" {
		l.pic.drawn = glyphs(n)
		v.SetText("pset", "drawn")
	}
	pics := l.pictureSet("drawn", n)
	pics[l.targetIdx][p] = !pics[l.targetIdx][p]
	l.pic.dirty, l.pic.painting, l.pic.paint = true, true, pics[l.targetIdx][p]
	if v.Equal(l.cfg) {
		// The configuration is unchanged, so the Session will not
		// configure again: store the changed set now.
		if err := l.Configure(l.cfg); err != nil {
			l.errorMsg = err.Error()
		}
	}
}

// pictureName names picture i of the set for titles: "#3 D" for a letter.
func (l *Lab) pictureName(i int) string {
	if l.cfg.Choice("pset") == "letters" {
		return fmt.Sprintf("#%d %c", i, pattern.GlyphNames[i%len(pattern.GlyphNames)])
	}
	return fmt.Sprintf("#%d", i)
}

// picGrid is a grid of the picture's pixels with cells of the given size.
func picGrid(cell, gap int) lab.Grid {
	return lab.Grid{Rows: pattern.GlyphH, Cols: pattern.GlyphW, Cell: cell, Gap: gap}
}

// onPixels lists the on pixels of a picture pattern (its odd units, halved).
func onPixels(x pattern.Pattern) []int {
	var out []int
	for _, u := range x {
		if u&1 == 1 {
			out = append(out, int(u/2))
		}
	}
	return out
}

// drawPicturePattern paints the on pixels of picture pattern x into g.
func drawPicturePattern(img *image.RGBA, g lab.Grid, x pattern.Pattern) {
	drawPattern(img, g, picPixels, nil)
	for _, p := range onPixels(x) {
		lab.Fill(img, g.CellRect(p), lab.ColActive)
	}
}

// drawCompared paints state x against picture target: pixels on in both in
// ColActive, pixels on in x only filled with bad, pixels on in the target
// only ringed with bad.
func drawCompared(img *image.RGBA, g lab.Grid, x, target pattern.Pattern, bad color.RGBA) {
	drawPattern(img, g, picPixels, nil)
	for p := range picPixels {
		on, want := x[p]&1 == 1, target[p]&1 == 1
		switch {
		case on && want:
			lab.Fill(img, g.CellRect(p), lab.ColActive)
		case on:
			lab.Fill(img, g.CellRect(p), bad)
		case want:
			lab.Ring(img, g.CellRect(p), bad)
		}
	}
}

// Pixel layout of the picture gallery: the cued picture big at the left,
// for drawing, and every stored picture small beside it.
const (
	editCell  = 22
	thumbCell = 6
)

// picGallery is where the big picture is, for clicks.
type picGallery struct{ edit lab.Grid }

// drawPictureGallery draws the gallery of picture mode.
func (l *Lab) drawPictureGallery(v *lab.View) {
	v.ID, v.Clickable, v.Scroll = viewMemories, true, true
	const pad = galleryPad
	eg := picGrid(editCell, 1)
	eg.Origin = pt(pad, pad)
	es := eg.Size()
	tg := picGrid(thumbCell, 1)
	ts := tg.Size()
	pitchX, pitchY := ts.X+2*pad, ts.Y+2*pad
	left := es.X + 3*pad
	n := l.count()
	proto := l.cfg.Choice("mode") == "prototype"
	cols := max(1, (galleryWidth-left)/pitchX)
	ninst := 0
	if proto {
		// One row per prototype: the prototype, then its first instances.
		ninst = min(cols-1, l.cfg.Int("ninst"))
		cols = 1
	}
	rows := (n + cols - 1) / cols
	v.Img = lab.NewImage(v.Img, galleryWidth, max(es.Y+2*pad, rows*pitchY), lab.ColBackground)
	drawPicturePattern(v.Img, eg, l.target)
	lab.Frame(v.Img, image.Rectangle{eg.Origin, eg.Origin.Add(es)}.Inset(-3), 2, lab.ColHighlight)
	l.picGallery.edit = eg
	l.gallery.items = l.gallery.items[:0]
	for i := range n {
		g := tg
		g.Origin = pt(left+(i%cols)*pitchX+pad, (i/cols)*pitchY+pad)
		drawPicturePattern(v.Img, g, l.targetPattern(i))
		for k := 0; k < ninst; k++ {
			gi := tg
			gi.Origin = g.Origin.Add(pt((k+1)*pitchX+pad, 0))
			drawPicturePattern(v.Img, gi, l.protos[i].Train[k])
		}
		r := image.Rectangle{g.Origin, g.Origin.Add(ts)}
		l.gallery.items = append(l.gallery.items, galleryItem{i, r})
		if i == l.targetIdx {
			lab.Frame(v.Img, r.Inset(-pad+1), 3, lab.ColHighlight)
		}
	}
	l.galleryBase = nil // the thumbnails are drawn here, not from the base
	v.Focus = image.Rectangle{eg.Origin, eg.Origin.Add(es)}
	// The texts do not name the pattern set: a classroom link may hide it.
	on := len(onPixels(l.target))
	what := "picture"
	if proto {
		what = "prototype"
	}
	v.Title = fmt.Sprintf("Stored pictures: %d of 5×7 pixels", n)
	if proto {
		v.Title = fmt.Sprintf("Prototypes: %d pictures, %d noisy copies of each stored", n, l.cfg.Int("ninst"))
	}
	v.Caption = []lab.Line{
		{Text: fmt.Sprintf("Big: the cued %s %s, %d of %d pixels on. One hypercolumn per pixel, two units (off, on).", what, l.pictureName(l.targetIdx), on, picPixels)},
		{Text: "Click or drag over its pixels to draw; click a small picture to cue it.", Color: lab.ColMuted, Hint: true},
		{Text: "Pictures overlap far more than random patterns do (O, Q, 0), so far fewer of them can be recalled.", Color: lab.ColMuted, Hint: true},
	}
	v.Legend = []lab.LegendItem{{Color: lab.ColActive, Label: "on pixel"}, {Color: lab.ColHighlight, Ring: true, Label: "cued"}}
}

// clickPictureGallery handles a click on the picture gallery: a pixel of
// the big picture is drawn, a small picture is cued.
func (l *Lab) clickPictureGallery(x, y int, v *params.Values) bool {
	if p := l.picGallery.edit.UnitAt(pt(x, y), picPixels); p >= 0 {
		l.drawPixel(p, v)
		return true
	}
	i := l.gallery.itemAt(x, y)
	if i < 0 {
		return false
	}
	v.Set("target", float64(i))
	return true
}

// drawCuePicture draws the cue of picture mode.
func (l *Lab) drawCuePicture(v *lab.View) {
	g := picGrid(28, 1)
	l.cueGrid = g
	sz := g.Size()
	v.ID, v.Clickable, v.Scroll = viewCue, true, false
	v.Img = lab.NewImage(v.Img, sz.X, sz.Y, lab.ColBackground)
	drawCompared(v.Img, g, l.cueNow, l.target, lab.ColChanged)
	diff := picPixels - pattern.Overlap(l.cueNow, l.target)
	v.Title = fmt.Sprintf("Cue: picture %s with %d pixel%s flipped", l.pictureName(l.targetIdx), diff, plural(diff))
	if l.cfg.Choice("mode") == "prototype" {
		v.Title = fmt.Sprintf("Test instance of prototype %s: %d pixel%s flipped", l.pictureName(l.targetIdx), diff, plural(diff))
	}
	v.Caption = []lab.Line{{Text: "Click a pixel to flip it.", Color: lab.ColMuted, Hint: true}}
	if l.edited {
		v.Caption = append(v.Caption, lab.Line{Text: "Edited by hand; any setting change restores the drawn cue.", Color: lab.ColMuted, Hint: true})
	}
	v.Legend = []lab.LegendItem{
		{Color: lab.ColActive, Label: "on, as in the picture"},
		{Color: lab.ColChanged, Label: "flipped on"},
		{Color: lab.ColChanged, Ring: true, Label: "flipped off"},
	}
}

// cueUnitAt maps a click on the picture cue to the unit that flips the
// pixel there (the other unit of its hypercolumn), or -1.
func (l *Lab) cueUnitAt(x, y int) int {
	p := l.cueGrid.UnitAt(pt(x, y), picPixels)
	if p < 0 {
		return -1
	}
	return int(l.cueNow[p] ^ 1)
}

// drawRecallPicture draws the recall of picture mode at the current step.
func (l *Lab) drawRecallPicture(v *lab.View, x pattern.Pattern) {
	g := picGrid(28, 1)
	l.recGrid = g
	sz := g.Size()
	v.Img = lab.NewImage(v.Img, sz.X, sz.Y, lab.ColBackground)
	drawCompared(v.Img, g, x, l.target, lab.ColWrong)
	v.Legend = []lab.LegendItem{
		{Color: lab.ColActive, Label: "correct on pixel"},
		{Color: lab.ColWrong, Label: "wrongly on"},
		{Color: lab.ColWrong, Ring: true, Label: "missing"},
	}
}

// drawSupportPicture draws, for every pixel, the support of its "on" unit
// minus that of its "off" unit at the current step: the evidence recall
// weighs to switch the pixel on (> 0) or off (< 0). The pixels on at the
// next step are outlined.
func (l *Lab) drawSupportPicture(v *lab.View) {
	l.support = l.net.Support(l.support, l.stateAt(l.t))
	d := make([]float32, picPixels)
	for p := range d {
		d[p] = l.support[2*p+1] - l.support[2*p]
	}
	scale := lab.RobustScale(d, 0.98)
	g := picGrid(28, 1)
	sz := g.Size()
	v.ID, v.Clickable, v.Scroll = viewWeights, false, false
	v.Img = lab.NewImage(v.Img, sz.X, sz.Y, lab.ColBackground)
	drawPattern(v.Img, g, picPixels, nil)
	for p, x := range d {
		lab.Fill(v.Img, g.CellRect(p), lab.DivergingColor(float64(x)/scale))
	}
	next := l.stateAt(l.t + 1)
	if l.t >= l.res.Iterations {
		next = l.stateAt(l.t)
	}
	for _, p := range onPixels(next) {
		lab.Ring(v.Img, g.CellRect(p), lab.ColText)
	}
	v.Title = fmt.Sprintf("Support for “on” minus “off” of each pixel at step %d", l.t)
	v.Caption = []lab.Line{{Text: "s_on − s_off, with s_j = B_j + Σ_i W_ij x_i: above 0 the pixel turns on. Outlined: on at the next step.", Color: lab.ColMuted, Hint: true}}
	v.Legend = []lab.LegendItem{{Color: lab.ColText, Ring: true, Label: "on next"}}
	k := l.weights.Scale
	v.Gradient = &lab.Gradient{Stops: lab.Diverging, Lo: fmtNum(-scale * k), Mid: "0", Hi: fmtNum(scale * k), Label: "support on − off"}
}

// Drag implements lab.Dragger: a drag that started on a pixel of the big
// picture paints every pixel it crosses with what that first pixel became.
func (l *Lab) Drag(view string, x, y int, v *params.Values) bool {
	if view != viewMemories || !l.pic.painting || !picturesOn(l.cfg) || v.Choice("pset") != "drawn" {
		return false
	}
	l.Views() // the layout maps pixels to picture pixels
	p := l.picGallery.edit.UnitAt(pt(x, y), picPixels)
	if p < 0 || l.pictureSet("drawn", l.count())[l.targetIdx][p] == l.pic.paint {
		return false
	}
	l.drawPixel(p, v)
	return true
}
