package memorylab

import (
	"fmt"
	"image"
	"math"
	"slices"

	"hebbplay/core/lab"
	"hebbplay/core/pattern"
)

func pt(x, y int) image.Point { return image.Pt(x, y) }

// View ids, in display order.
const (
	viewMemories = "memories"
	viewCue      = "cue"
	viewRecall   = "recall"
	viewWeights  = "weights"
)

// Pixel budgets of the pictures (the frame scales them to the stage).
const (
	mainSide     = 264 // cue, recall and support grids
	thumbSide    = 44  // gallery thumbnails
	galleryWidth = 420
	galleryMax   = 240 // patterns rendered at once around the cued one
	matrixMax    = 512 // weight-matrix side before block sampling
)

// shapeGrid returns rows and columns of the unit grid of a shape: one row
// per hypercolumn (modular), or a near-square block (K-of-N).
func shapeGrid(s pattern.Shape) (rows, cols int) {
	if s.Kind == pattern.Modular {
		return s.H, s.M
	}
	cols = int(math.Ceil(math.Sqrt(float64(s.N))))
	return (s.N + cols - 1) / cols, cols
}

// gridFor returns a grid whose longer side is about side pixels.
func gridFor(s pattern.Shape, side, maxCell int) lab.Grid {
	rows, cols := shapeGrid(s)
	long := max(rows, cols)
	cell := side/long - 1
	gap := 1
	if cell < 4 {
		cell, gap = max(1, side/long), 0
	}
	cell = min(cell, maxCell)
	return lab.Grid{Rows: rows, Cols: cols, Cell: cell, Gap: gap}
}

// Views implements lab.Lab. The pictures are redrawn only after a change.
func (l *Lab) Views() []lab.View {
	if l.net == nil || l.experimentsOn() {
		return nil // the Experiments screen is drawn by the page (Charts)
	}
	if !l.dirty && l.views != nil {
		return l.views
	}
	l.dirty = false
	if l.views == nil {
		l.views = make([]lab.View, 4)
	}
	l.ver++
	// The gallery and the weight matrix are the expensive pictures: redraw
	// them only when what they show changed.
	gk := galleryKey{l.patternsVer, l.targetIdx, l.cfg.Choice("mode"), l.cfg.Int("ninst")}
	if gk != l.galleryKey || l.views[0].Img == nil {
		l.galleryKey = gk
		l.drawGallery(&l.views[0])
		l.views[0].Version = l.ver
	}
	l.drawCue(&l.views[1])
	l.drawRecall(&l.views[2])
	l.views[1].Version, l.views[2].Version = l.ver, l.ver
	switch w := l.cfg.Choice("wview"); w {
	case "weights":
		if l.matrixVer != l.weightsVer || !l.matrixShown {
			l.matrixVer = l.weightsVer
			l.drawMatrix(&l.views[3])
			l.views[3].Version = l.ver
		}
		l.matrixShown = true
	case "unit":
		l.drawUnit(&l.views[3])
		l.views[3].Version = l.ver
		l.matrixShown = false
	case wviewWhy:
		l.drawWhy(&l.views[3])
		l.views[3].Version = l.ver
		l.matrixShown = false
	default:
		l.drawSupport(&l.views[3])
		l.views[3].Version = l.ver
		l.matrixShown = false
	}
	return l.views
}

// galleryKey is what the gallery picture depends on.
type galleryKey struct {
	patterns uint64
	target   int
	mode     string
	ninst    int
}

// --- memories gallery ---------------------------------------------------

type galleryItem struct {
	idx  int
	rect image.Rectangle
}

type galleryLayout struct{ items []galleryItem }

func (g galleryLayout) itemAt(x, y int) int {
	p := pt(x, y)
	for _, it := range g.items {
		if p.In(it.rect.Inset(-3)) {
			return it.idx
		}
	}
	return -1
}

// drawPattern paints pattern x into grid g with the active colour, over
// the empty grid (one fill and the gap lines, not one fill per unit).
func drawPattern(img *image.RGBA, g lab.Grid, n int, x pattern.Pattern) {
	sz := g.Size()
	lab.Fill(img, image.Rectangle{g.Origin, g.Origin.Add(sz)}, lab.ColInactive)
	if g.Gap > 0 {
		pitch := g.Cell + g.Gap
		for r := 0; r <= g.Rows; r++ {
			y := g.Origin.Y + r*pitch
			lab.Fill(img, image.Rect(g.Origin.X, y, g.Origin.X+sz.X, y+g.Gap), lab.ColGridLine)
		}
		for c := 0; c <= g.Cols; c++ {
			x := g.Origin.X + c*pitch
			lab.Fill(img, image.Rect(x, g.Origin.Y, x+g.Gap, g.Origin.Y+sz.Y), lab.ColGridLine)
		}
	}
	for u := n; u < g.Rows*g.Cols; u++ { // K-of-N: cells past the last unit
		lab.Fill(img, g.CellRect(u).Inset(-g.Gap), lab.ColBackground)
	}
	for _, u := range x {
		lab.Fill(img, g.CellRect(int(u)), lab.ColActive)
	}
}

func (l *Lab) drawGallery(v *lab.View) {
	if picturesOn(l.cfg) {
		l.drawPictureGallery(v)
		return
	}
	v.ID, v.Clickable, v.Scroll = viewMemories, true, true
	v.Legend = []lab.LegendItem{{Color: lab.ColActive, Label: "active unit"}, {Color: lab.ColHighlight, Ring: true, Label: "cued"}}
	n := l.count()
	lo := max(0, min(l.targetIdx-galleryMax/2, n-galleryMax))
	hi := min(n, lo+galleryMax)
	var window string
	if lo > 0 || hi < n {
		window = fmt.Sprintf(" Showing %d–%d of %d.", lo, hi-1, n)
	}
	// The thumbnails change only with the pattern set and the window; the
	// highlight is drawn over a copy of them.
	bk := baseKey{l.patternsVer, l.cfg.Choice("mode"), l.cfg.Int("ninst"), lo, hi}
	if bk != l.baseKey || l.galleryBase == nil {
		l.baseKey = bk
		l.drawGalleryBase(lo, hi)
	}
	b := l.galleryBase.Bounds()
	if v.Img == nil || v.Img.Bounds() != b {
		v.Img = image.NewRGBA(b)
	}
	copy(v.Img.Pix, l.galleryBase.Pix)
	v.Targets = v.Targets[:0]
	for _, it := range l.gallery.items {
		v.Targets = append(v.Targets, it.rect)
	}
	for _, it := range l.gallery.items {
		if it.idx == l.targetIdx {
			lab.Frame(v.Img, it.rect.Inset(-galleryPad+1), 3, lab.ColHighlight)
			v.Focus = it.rect.Inset(-galleryPad)
		}
	}
	if l.cfg.Choice("mode") == "prototype" {
		v.Title = "Prototypes and their training instances"
		v.Caption = []lab.Line{{Text: fmt.Sprintf("Left: prototype (never stored); right: its first training instances. %d × %d instances stored.", n, l.cfg.Int("ninst")) + window}, {Text: "Click a prototype to cue it.", Color: lab.ColMuted, Hint: true}}
		return
	}
	v.Title = fmt.Sprintf("Stored patterns: %d%s", n, l.shapeWords())
	v.Caption = []lab.Line{{Text: fmt.Sprintf("Pattern #%d is cued (framed).%s", l.targetIdx, window)}, {Text: "Click a pattern to cue it.", Color: lab.ColMuted, Hint: true}}
}

// galleryPad is the margin around each thumbnail (room for the highlight).
const galleryPad = 5

// baseKey is what the thumbnails of the gallery depend on.
type baseKey struct {
	patterns uint64
	mode     string
	ninst    int
	lo, hi   int
}

// drawGalleryBase draws the thumbnails of items lo..hi-1 into l.galleryBase
// and records where each one is, for clicks.
func (l *Lab) drawGalleryBase(lo, hi int) {
	g := gridFor(l.shape, thumbSide, 6)
	if g.Cell < 3 {
		g.Gap = 0
	}
	ts := g.Size()
	const pad = galleryPad
	pitchX, pitchY := ts.X+2*pad, ts.Y+2*pad
	l.gallery.items = l.gallery.items[:0]
	if l.cfg.Choice("mode") == "prototype" {
		ninst := min(4, l.cfg.Int("ninst"))
		w := (1+ninst)*pitchX + pad*2
		l.galleryBase = lab.NewImage(l.galleryBase, w, (hi-lo)*pitchY, lab.ColBackground)
		for r, i := 0, lo; i < hi; r, i = r+1, i+1 {
			y := r*pitchY + pad
			gp := g
			gp.Origin = pt(pad, y)
			drawPattern(l.galleryBase, gp, l.shape.N, l.protos[i].Proto)
			l.gallery.items = append(l.gallery.items, galleryItem{i, image.Rectangle{gp.Origin, gp.Origin.Add(ts)}})
			for k := 0; k < ninst; k++ {
				gi := g
				gi.Origin = pt(pad*3+(k+1)*pitchX, y)
				drawPattern(l.galleryBase, gi, l.shape.N, l.protos[i].Train[k])
			}
		}
		return
	}
	cols := max(1, min(hi-lo, galleryWidth/pitchX))
	rows := (hi - lo + cols - 1) / cols
	l.galleryBase = lab.NewImage(l.galleryBase, cols*pitchX, rows*pitchY, lab.ColBackground)
	for k, i := 0, lo; i < hi; k, i = k+1, i+1 {
		gp := g
		gp.Origin = pt((k%cols)*pitchX+pad, (k/cols)*pitchY+pad)
		drawPattern(l.galleryBase, gp, l.shape.N, l.pats[i])
		l.gallery.items = append(l.gallery.items, galleryItem{i, image.Rectangle{gp.Origin, gp.Origin.Add(ts)}})
	}
}

// --- cue ------------------------------------------------------------------

func (l *Lab) drawCue(v *lab.View) {
	if picturesOn(l.cfg) {
		l.drawCuePicture(v)
		return
	}
	g := gridFor(l.shape, mainSide, 28)
	l.cueGrid = g
	sz := g.Size()
	v.ID, v.Clickable, v.Scroll = viewCue, true, false
	v.Targets = g.Targets(l.shape.N, v.Targets)
	v.Img = lab.NewImage(v.Img, sz.X, sz.Y, lab.ColBackground)
	drawPattern(v.Img, g, l.shape.N, nil)
	for _, u := range l.target {
		if !has(l.cueNow, u) {
			lab.Ring(v.Img, g.CellRect(int(u)), lab.ColChanged)
		}
	}
	for _, u := range l.cueNow {
		c := lab.ColActive
		if !has(l.target, u) {
			c = lab.ColChanged
		}
		lab.Fill(v.Img, g.CellRect(int(u)), c)
	}
	what := "pattern"
	if l.cfg.Choice("mode") == "prototype" {
		what = "prototype"
	}
	diff := l.shape.K - pattern.Overlap(l.cueNow, l.target)
	v.Title = fmt.Sprintf("Cue: %s #%d with %d unit%s moved", what, l.targetIdx, diff, plural(diff))
	if l.cfg.Choice("mode") == "prototype" {
		v.Title = fmt.Sprintf("Test instance of prototype #%d: %d unit%s off", l.targetIdx, diff, plural(diff))
	}
	help := "Click a unit to move its hypercolumn's active unit there."
	if l.shape.Kind == pattern.KofN {
		help = "Click a unit to switch it on or off."
	}
	v.Caption = []lab.Line{{Text: help, Color: lab.ColMuted, Hint: true}}
	if l.edited {
		v.Caption = append(v.Caption, lab.Line{Text: "Edited by hand (kept in the permalink); a setting that draws another cue restores it.", Color: lab.ColMuted, Hint: true})
	}
	v.Legend = []lab.LegendItem{
		{Color: lab.ColActive, Label: "as in the " + what},
		{Color: lab.ColChanged, Label: "moved"},
		{Color: lab.ColChanged, Ring: true, Label: "where the " + what + " has it"},
	}
}

func has(p pattern.Pattern, u int32) bool {
	_, ok := slices.BinarySearch(p, u)
	return ok
}

// --- recall -----------------------------------------------------------------

func (l *Lab) drawRecall(v *lab.View) {
	g := gridFor(l.shape, mainSide, 28)
	l.recGrid = g
	sz := g.Size()
	v.ID, v.Clickable, v.Scroll = viewRecall, inspects(l.cfg.Choice("wview")), false
	v.Targets = nil
	if v.Clickable {
		v.Targets = g.Targets(l.shape.N, nil)
	}
	v.Img = lab.NewImage(v.Img, sz.X, sz.Y, lab.ColBackground)
	drawPattern(v.Img, g, l.shape.N, nil)
	x := l.stateAt(l.t)
	for _, u := range l.target {
		if !has(x, u) {
			lab.Ring(v.Img, g.CellRect(int(u)), lab.ColWrong)
		}
	}
	for _, u := range x {
		c := lab.ColActive
		if !has(l.target, u) {
			c = lab.ColWrong
		}
		lab.Fill(v.Img, g.CellRect(int(u)), c)
	}
	if picturesOn(l.cfg) {
		l.drawRecallPicture(v, x)
	} else if inspects(l.cfg.Choice("wview")) {
		lab.Frame(v.Img, g.CellRect(l.cfg.Int("unit")).Inset(-1), 1, lab.ColText)
	}
	T := l.res.Iterations
	if l.t == 0 {
		v.Title = fmt.Sprintf("Recall: start (the cue), %d iteration%s to go", T, plural(T))
	} else {
		v.Title = fmt.Sprintf("Recall: iteration %d of %d", l.t, T)
	}
	if !l.revealed {
		v.Title = l.unrevealedTitle() // how long recall takes is part of the outcome
	}
	wrong := l.shape.K - pattern.Overlap(x, l.target)
	ov := l.overlap(x)
	v.Caption = v.Caption[:0]
	if l.t >= T {
		if pattern.Equal(l.res.Final, l.target) {
			v.Caption = append(v.Caption, lab.Line{Text: fmt.Sprintf("CORRECT: the stored %s was recalled exactly", l.whatName()), Color: lab.ColGood, Bold: true})
		} else {
			v.Caption = append(v.Caption, lab.Line{Text: fmt.Sprintf("INCORRECT: %d unit%s differ from the %s", wrong, plural(wrong), l.whatName()), Color: lab.ColWrong, Bold: true})
		}
		conv := "fixed point reached"
		if !l.res.Converged {
			conv = "no fixed point within niter"
		}
		v.Caption = append(v.Caption, lab.Line{Text: fmt.Sprintf("overlap %.2f · %d iteration%s · %s", ov, T, plural(T), conv)})
	} else {
		v.Caption = append(v.Caption, lab.Line{Text: fmt.Sprintf("overlap with the %s: %.2f · %d unit%s differ", l.whatName(), ov, wrong, plural(wrong))})
		v.Caption = append(v.Caption, lab.Line{Text: "Space: play/pause · →: one step", Color: lab.ColMuted, Hint: true})
	}
	if l.errorMsg != "" {
		v.Caption = append(v.Caption, lab.Line{Text: l.errorMsg, Color: lab.ColWrong})
	}
	v.Legend = []lab.LegendItem{
		{Color: lab.ColActive, Label: "correct"},
		{Color: lab.ColWrong, Label: "wrong"},
		{Color: lab.ColWrong, Ring: true, Label: "missing"},
	}
}

func (l *Lab) whatName() string {
	if l.cfg.Choice("mode") == "prototype" {
		return "prototype"
	}
	return "pattern"
}

// --- support, weights -------------------------------------------------------

func (l *Lab) drawSupport(v *lab.View) {
	if picturesOn(l.cfg) {
		l.drawSupportPicture(v)
		return
	}
	x := l.stateAt(l.t)
	l.support = l.net.Support(l.support, x)
	s := l.support
	var mean float64
	for _, y := range s {
		mean += float64(y)
	}
	mean /= float64(len(s))
	centred := make([]float32, len(s))
	for i, y := range s {
		centred[i] = float32(float64(y) - mean)
	}
	scale := lab.RobustScale(centred, 0.98)
	g := gridFor(l.shape, mainSide, 28)
	sz := g.Size()
	v.ID, v.Clickable, v.Scroll = viewWeights, false, false
	v.Img = lab.NewImage(v.Img, sz.X, sz.Y, lab.ColBackground)
	for u := range s {
		lab.Fill(v.Img, g.CellRect(u), lab.DivergingColor(float64(centred[u])/scale))
	}
	next := l.stateAt(l.t + 1)
	if l.t >= l.res.Iterations {
		next = x
	}
	for _, u := range next {
		lab.Ring(v.Img, g.CellRect(int(u)), lab.ColText)
	}
	v.Title = fmt.Sprintf("Support of each unit at step %d", l.t)
	v.Caption = []lab.Line{{Text: "s_j = B_j + Σ_i W_ij x_i over the active units i; the winners are outlined.", Color: lab.ColMuted, Hint: true}}
	v.Legend = []lab.LegendItem{{Color: lab.ColText, Ring: true, Label: "winner"}}
	// Stored supports are the rule's times 1/Scale (memory.Weights).
	k := l.weights.Scale
	v.Gradient = &lab.Gradient{Stops: lab.Diverging, Lo: fmtNum((mean - scale) * k), Mid: fmtNum(mean * k), Hi: fmtNum((mean + scale) * k), Label: "support"}
}

// masked reports whether the synapse i→j is removed (a self-connection).
func (l *Lab) masked(i, j int) bool {
	if l.shape.Kind == pattern.Modular {
		return i/l.shape.M == j/l.shape.M
	}
	return i == j
}

func (l *Lab) drawMatrix(v *lab.View) {
	N := l.shape.N
	W := l.weights.W
	side := min(N, matrixMax)
	scale := lab.RobustScale(W, 0.98)
	v.ID, v.Clickable, v.Scroll = viewWeights, false, false
	v.Img = lab.NewImage(v.Img, side, side, lab.ColBackground)
	img := v.Img
	// Each pixel shows the mean weight of its block of synapses (one synapse
	// when N ≤ matrixMax); a block holding no synapse is grey.
	for r := 0; r < side; r++ {
		i0, i1 := r*N/side, (r+1)*N/side
		off := img.PixOffset(0, r)
		for c := 0; c < side; c++ {
			j0, j1 := c*N/side, (c+1)*N/side
			sum, n := 0.0, 0
			for i := i0; i < i1; i++ {
				row := W[i*N : (i+1)*N]
				for j := j0; j < j1; j++ {
					if !l.masked(i, j) {
						sum += float64(row[j])
						n++
					}
				}
			}
			col := lab.ColMasked
			if n > 0 {
				col = lab.DivergingColor(sum / float64(n) / scale)
			}
			img.Pix[off+4*c], img.Pix[off+4*c+1], img.Pix[off+4*c+2], img.Pix[off+4*c+3] = col.R, col.G, col.B, 0xff
		}
	}
	v.Title = fmt.Sprintf("Weight matrix W (%s, %d×%d)", l.cfg.Choice("rule"), N, N)
	if l.isHidden("rule") {
		v.Title = fmt.Sprintf("Weight matrix W (%d×%d)", N, N) // the rule is for the class to find out
	}
	sampled := ""
	if side < N {
		sampled = fmt.Sprintf(" Each pixel: mean of %.1f×%.1f synapses.", float64(N)/float64(side), float64(N)/float64(side))
	}
	v.Caption = []lab.Line{{Text: "Row i: presynaptic unit; column j: postsynaptic. Grey: no synapse." + sampled, Color: lab.ColMuted, Hint: true}}
	v.Legend = []lab.LegendItem{{Color: lab.ColMasked, Label: "no synapse"}}
	k := l.weights.Scale
	v.Gradient = &lab.Gradient{Stops: lab.Diverging, Lo: fmtNum(-scale * k), Mid: "0", Hi: fmtNum(scale * k), Label: "weight"}
}

func (l *Lab) drawUnit(v *lab.View) {
	N := l.shape.N
	u := min(l.cfg.Int("unit"), N-1)
	col := make([]float32, N)
	for i := 0; i < N; i++ {
		col[i] = l.weights.W[i*N+u]
	}
	scale := lab.RobustScale(col, 0.98)
	g := gridFor(l.shape, mainSide, 28)
	sz := g.Size()
	v.ID, v.Clickable, v.Scroll = viewWeights, false, false
	v.Img = lab.NewImage(v.Img, sz.X, sz.Y, lab.ColBackground)
	for i := 0; i < N; i++ {
		c := lab.ColMasked
		if !l.masked(i, u) {
			c = lab.DivergingColor(float64(col[i]) / scale)
		}
		lab.Fill(v.Img, g.CellRect(i), c)
	}
	lab.Ring(v.Img, g.CellRect(u), lab.ColText)
	where := fmt.Sprintf("unit %d", u)
	if l.shape.Kind == pattern.Modular {
		where = fmt.Sprintf("unit %d (row %d, column %d)", u, u/l.shape.M, u%l.shape.M)
	}
	v.Title = "Weights W_ij onto " + where
	v.Caption = []lab.Line{{Text: fmt.Sprintf("Cell i shows W_i→%d; bias B = %s. Click a unit in the recall view to inspect it.", u, fmtNum(l.weights.Bias(u))), Color: lab.ColMuted, Hint: true}}
	v.Legend = []lab.LegendItem{{Color: lab.ColText, Ring: true, Label: "inspected unit"}, {Color: lab.ColMasked, Label: "no synapse"}}
	k := l.weights.Scale
	v.Gradient = &lab.Gradient{Stops: lab.Diverging, Lo: fmtNum(-scale * k), Mid: "0", Hi: fmtNum(scale * k), Label: "weight"}
}

func fmtNum(x float64) string {
	a := math.Abs(x)
	switch {
	case a == 0:
		return "0"
	case a >= 1e4 || a < 1e-3:
		return fmt.Sprintf("%.1e", x)
	case a >= 100:
		return fmt.Sprintf("%.0f", x)
	case a >= 1:
		return fmt.Sprintf("%.2f", x)
	}
	return fmt.Sprintf("%.3f", x)
}
