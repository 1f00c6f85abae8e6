package plot

import (
	"image"
	"image/color"
	"math"
)

// Draw draws the plot into rectangle r of img (the caller fills the
// background) and returns the mapping of its data area. Nothing is drawn
// outside r. A rectangle too small for the axes gets only the data.
func (p *Plot) Draw(img *image.RGBA, r image.Rectangle) Mapping {
	r = r.Intersect(img.Rect)
	fs := p.FontSize
	if fs <= 0 {
		fs = 14
	}
	m := p.ranges()
	xt := axisTicks(p.X, m.XMin, m.XMax, maxTicks(p.X, r.Dx(), fs, true))
	yt := axisTicks(p.Y, m.YMin, m.YMax, maxTicks(p.Y, r.Dy(), fs, false))

	th := TextHeight(fs)
	tick := math.Round(fs * 0.4)
	left, bottom := tick+2, tick+2
	top, right := math.Ceil(th/2)+1, 8.0
	if !p.Y.NoLabels {
		wmax := 0.0
		for _, t := range yt {
			if !t.Minor {
				wmax = math.Max(wmax, TextWidth(p.ytext(t), fs))
			}
		}
		left += wmax + 4
	}
	if p.Y.Label != "" {
		left += th + 4
	}
	if !p.X.NoLabels {
		bottom += th + 2
		for i := len(xt) - 1; i >= 0; i-- {
			if !xt[i].Minor {
				right = math.Max(right, TextWidth(p.xtext(xt[i]), fs)/2+2)
				break
			}
		}
	}
	if p.X.Label != "" {
		bottom += th + 3
	}
	m.Area = image.Rect(r.Min.X+int(left), r.Min.Y+int(top), r.Max.X-int(right), r.Max.Y-int(bottom))
	if p.Aspect > 0 && !m.Area.Empty() {
		w, h := m.Area.Dx(), m.Area.Dy()
		if float64(w) > p.Aspect*float64(h) {
			nw := int(math.Round(p.Aspect * float64(h)))
			m.Area.Min.X += (w - nw) / 2
			m.Area.Max.X = m.Area.Min.X + nw
		} else {
			nh := int(math.Round(float64(w) / p.Aspect))
			m.Area.Min.Y += (h - nh) / 2
			m.Area.Max.Y = m.Area.Min.Y + nh
		}
	}
	if m.Area.Dx() < 16 || m.Area.Dy() < 16 {
		m.Area = r
		p.drawData(img, m)
		return m
	}
	p.drawData(img, m)
	p.drawAxes(img, r, m, xt, yt, fs, tick, left)
	return m
}

// axisTicks returns the ticks of an axis: its own values when it sets
// them, otherwise the automatic ones.
func axisTicks(a Axis, lo, hi float64, max int) []Tick {
	if a.Ticks == nil {
		return Ticks(lo, hi, a.Scale, max)
	}
	var out []Tick
	for _, v := range a.Ticks {
		if v >= math.Min(lo, hi) && v <= math.Max(lo, hi) {
			out = append(out, Tick{Value: v, Label: FormatNumber(v)})
		}
	}
	return out
}

// maxTicks is how many labelled ticks fit along an axis of n pixels.
func maxTicks(a Axis, n int, fs float64, horizontal bool) int {
	per := fs * 2.4
	if horizontal {
		per = fs * 5
	}
	k := int(float64(n) / per)
	return max(2, min(k, 10))
}

func (p *Plot) xtext(t Tick) string {
	if p.X.Format != nil {
		return p.X.Format(t.Value)
	}
	return t.Label
}

func (p *Plot) ytext(t Tick) string {
	if p.Y.Format != nil {
		return p.Y.Format(t.Value)
	}
	return t.Label
}

// ranges returns the mapping's ranges and scales (Area not yet set).
func (p *Plot) ranges() Mapping {
	xlo, xhi := math.Inf(1), math.Inf(-1)
	ylo, yhi := math.Inf(1), math.Inf(-1)
	for _, s := range p.Series {
		if s.X == nil {
			if n := len(s.Y); n > 0 {
				xlo, xhi = dataRange(p.X.Scale, xlo, xhi, []float64{0, float64(n - 1)})
			}
		} else {
			xlo, xhi = dataRange(p.X.Scale, xlo, xhi, s.X)
		}
		ylo, yhi = dataRange(p.Y.Scale, ylo, yhi, s.Y)
		if s.Style == Bars && p.Y.Scale == Linear && len(s.Y) > 0 {
			ylo, yhi = dataRange(Linear, ylo, yhi, []float64{0})
		}
	}
	for _, f := range p.Refs {
		if f.Vertical {
			xlo, xhi = dataRange(p.X.Scale, xlo, xhi, []float64{f.Value})
		} else {
			ylo, yhi = dataRange(p.Y.Scale, ylo, yhi, []float64{f.Value})
		}
	}
	if h := p.Heat; h != nil {
		xlo, xhi = dataRange(p.X.Scale, xlo, xhi, []float64{h.X0, h.X1})
		ylo, yhi = dataRange(p.Y.Scale, ylo, yhi, []float64{h.Y0, h.Y1})
	}
	var m Mapping
	m.XScale, m.YScale = p.X.Scale, p.Y.Scale
	m.XMin, m.XMax = resolve(p.X, xlo, xhi)
	m.YMin, m.YMax = resolve(p.Y, ylo, yhi)
	return m
}

// drawData draws the heat map, grid-independent reference lines and series
// inside m.Area.
func (p *Plot) drawData(img *image.RGBA, m Mapping) {
	if p.Heat != nil {
		p.Heat.draw(img, m)
	}
	clip := m.Area.Inset(-1).Intersect(img.Rect)
	// Reference lines go under the series, their labels over them.
	var labels []func()
	for _, f := range p.Refs {
		c := f.Color
		if c == (color.RGBA{}) {
			c = colRef
		}
		w := f.Width
		if w <= 0 {
			w = 1.5
		}
		dash := f.Dash
		if dash == 0 {
			dash = 6
		} else if dash < 0 {
			dash = 0
		}
		if f.Vertical {
			x := m.X(f.Value)
			if !(x >= float64(m.Area.Min.X)-0.5 && x <= float64(m.Area.Max.X)+0.5) {
				continue
			}
			segment(img, clip, x, float64(m.Area.Max.Y), x, float64(m.Area.Min.Y), w, c, dash, 0)
			if f.Label != "" {
				labels = append(labels, func() { p.label(img, m, f.Label, x+4, float64(m.Area.Min.Y)+3, c, 0, 0) })
			}
			continue
		}
		y := m.Y(f.Value)
		if !(y >= float64(m.Area.Min.Y)-0.5 && y <= float64(m.Area.Max.Y)+0.5) {
			continue
		}
		segment(img, clip, float64(m.Area.Min.X), y, float64(m.Area.Max.X), y, w, c, dash, 0)
		if f.Label != "" {
			ay := 1.0
			ty := y - 2
			if y-float64(m.Area.Min.Y) < TextHeight(p.fontSize()*0.9)+2 {
				ay, ty = 0, y+2
			}
			labels = append(labels, func() { p.label(img, m, f.Label, float64(m.Area.Max.X)-4, ty, c, 1, ay) })
		}
	}
	for i := range p.Series {
		p.drawSeries(img, clip, m, i)
	}
	for _, f := range labels {
		f()
	}
	if p.Title != "" {
		Text(img, p.Title, float64(m.Area.Min.X)+5, float64(m.Area.Min.Y)+3, p.fontSize(), colLabel, 0, 0)
	}
}

// label writes a reference line's label on a white box, so it stays
// readable over data (the box is clipped to the data area).
func (p *Plot) label(img *image.RGBA, m Mapping, s string, x, y float64, c color.RGBA, ax, ay float64) {
	fs := p.fontSize() * 0.9
	w, h := TextWidth(s, fs), TextHeight(fs)
	x0, y0 := x-ax*w, y-ay*h
	box := image.Rect(int(x0)-2, int(y0), int(x0+w)+3, int(y0+h)).Intersect(m.Area)
	fill(img, box, color.RGBA{0xff, 0xff, 0xff, 0xff})
	Text(img, s, x, y, fs, c, ax, ay)
}

func (p *Plot) fontSize() float64 {
	if p.FontSize > 0 {
		return p.FontSize
	}
	return 14
}

// drawAxes draws the frame, grid, ticks and labels around m.Area.
func (p *Plot) drawAxes(img *image.RGBA, r image.Rectangle, m Mapping, xt, yt []Tick, fs, tick, left float64) {
	a := m.Area
	if p.Grid {
		for _, t := range xt {
			if !t.Minor {
				x := int(math.Floor(m.X(t.Value)))
				if x > a.Min.X && x < a.Max.X-1 {
					fillUnder(img, image.Rect(x, a.Min.Y, x+1, a.Max.Y), colGrid)
				}
			}
		}
		for _, t := range yt {
			if !t.Minor {
				y := int(math.Floor(m.Y(t.Value)))
				if y > a.Min.Y && y < a.Max.Y-1 {
					fillUnder(img, image.Rect(a.Min.X, y, a.Max.X, y+1), colGrid)
				}
			}
		}
	}
	// Frame: the axes dark, the other two sides light.
	fill(img, image.Rect(a.Min.X, a.Min.Y, a.Max.X, a.Min.Y+1), colGrid)
	fill(img, image.Rect(a.Max.X-1, a.Min.Y, a.Max.X, a.Max.Y), colGrid)
	fill(img, image.Rect(a.Min.X-1, a.Min.Y, a.Min.X, a.Max.Y+1), colAxis)
	fill(img, image.Rect(a.Min.X-1, a.Max.Y, a.Max.X, a.Max.Y+1), colAxis)
	ti := int(tick)
	for _, t := range xt {
		x := int(math.Floor(m.X(t.Value)))
		if x < a.Min.X-1 || x > a.Max.X {
			continue
		}
		l := ti
		if t.Minor {
			l = ti / 2
		}
		fill(img, image.Rect(x, a.Max.Y+1, x+1, a.Max.Y+1+l), colAxis)
		if !t.Minor && !p.X.NoLabels {
			s := p.xtext(t)
			w := TextWidth(s, fs)
			cx := math.Max(float64(r.Min.X)+w/2, math.Min(float64(r.Max.X)-w/2, float64(x)+0.5))
			Text(img, s, cx, float64(a.Max.Y+2+ti), fs, colLabel, 0.5, 0)
		}
	}
	for _, t := range yt {
		y := int(math.Floor(m.Y(t.Value)))
		if y < a.Min.Y-1 || y > a.Max.Y {
			continue
		}
		l := ti
		if t.Minor {
			l = ti / 2
		}
		fill(img, image.Rect(a.Min.X-1-l, y, a.Min.X-1, y+1), colAxis)
		if !t.Minor && !p.Y.NoLabels {
			th := TextHeight(fs)
			cy := math.Max(float64(r.Min.Y)+th/2, math.Min(float64(r.Max.Y)-th/2, float64(y)+0.5))
			Text(img, p.ytext(t), float64(a.Min.X-3-ti), cy, fs, colLabel, 1, 0.5)
		}
	}
	if p.X.Label != "" {
		y := float64(a.Max.Y + 2 + ti)
		if !p.X.NoLabels {
			y += TextHeight(fs) + 3
		}
		Text(img, p.X.Label, float64(a.Min.X+a.Max.X)/2, y, fs, colLabel, 0.5, 0)
	}
	if p.Y.Label != "" {
		textUp(img, p.Y.Label, float64(a.Min.X)-left, float64(a.Min.Y+a.Max.Y)/2, fs, colLabel, 0, 0.5)
	}
}

// fill paints a rectangle (clipped to the image).
func fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		off := img.PixOffset(r.Min.X, y)
		for x := r.Min.X; x < r.Max.X; x++ {
			img.Pix[off], img.Pix[off+1], img.Pix[off+2], img.Pix[off+3] = c.R, c.G, c.B, 0xff
			off += 4
		}
	}
}

// fillUnder paints grid lines only over near-white pixels, so they never
// cross a heat map or data already drawn.
func fillUnder(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		off := img.PixOffset(r.Min.X, y)
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.Pix[off] >= 0xf0 && img.Pix[off+1] >= 0xf0 && img.Pix[off+2] >= 0xf0 {
				img.Pix[off], img.Pix[off+1], img.Pix[off+2], img.Pix[off+3] = c.R, c.G, c.B, 0xff
			}
			off += 4
		}
	}
}

// fpt is a point in pixel coordinates.
type fpt struct{ x, y float64 }

// drawSeries draws series i.
func (p *Plot) drawSeries(img *image.RGBA, clip image.Rectangle, m Mapping, i int) {
	s := &p.Series[i]
	c := p.color(i)
	w := s.Width
	if w <= 0 {
		w = 2.5
	}
	if s.Style == Bars {
		drawBars(img, m, s, c)
		return
	}
	xat := func(k int) float64 {
		if s.X == nil {
			return float64(k)
		}
		return s.X[k]
	}
	n := len(s.Y)
	if s.X != nil {
		n = min(n, len(s.X))
	}
	valid := func(x, y float64) bool {
		return !math.IsNaN(x) && !math.IsNaN(y) && !math.IsInf(x, 0) && !math.IsInf(y, 0)
	}
	if s.Style == Lines {
		// Polylines between invalid points, thinned to a few points per
		// pixel column (first, lowest, highest, last) so long noisy curves
		// cost what their picture costs.
		var line []fpt
		flush := func() {
			strokeLine(img, clip, line, w, c, s.Dash)
			line = line[:0]
		}
		col := math.MinInt
		var bucket []fpt
		emit := func() {
			line = thinBucket(line, bucket)
			bucket = bucket[:0]
		}
		for k := 0; k < n; k++ {
			px, py := m.X(xat(k)), m.Y(s.Y[k])
			if !valid(px, py) {
				emit()
				flush()
				col = math.MinInt
				continue
			}
			if cx := int(math.Floor(px)); cx != col {
				emit()
				col = cx
			}
			bucket = append(bucket, fpt{px, py})
		}
		emit()
		flush()
	}
	mk := s.Marker
	if mk == NoMarker && s.Style == Points {
		mk = Dot
	}
	if mk == NoMarker {
		return
	}
	size := s.MarkerSize
	if size <= 0 {
		size = 7
	}
	st := newStamp(size, mk)
	for k := 0; k < n; k++ {
		px, py := m.X(xat(k)), m.Y(s.Y[k])
		if valid(px, py) {
			st.put(img, clip, px, py, c)
		}
	}
}

// thinBucket appends to line the points of one pixel column: all of them
// when there are two or fewer, otherwise only the lowest and the highest (in
// the order that continues the line best: the one nearer the column's first
// point first).
func thinBucket(line, b []fpt) []fpt {
	if len(b) <= 2 {
		return append(line, b...)
	}
	lo, hi := b[0], b[0]
	for _, q := range b {
		if q.y < lo.y {
			lo = q
		}
		if q.y > hi.y {
			hi = q
		}
	}
	if math.Abs(b[0].y-lo.y) <= math.Abs(b[0].y-hi.y) {
		return append(line, lo, hi)
	}
	return append(line, hi, lo)
}

// strokeLine draws a polyline; dashes continue across its vertices.
func strokeLine(img *image.RGBA, clip image.Rectangle, pts []fpt, w float64, c color.RGBA, dash float64) {
	if len(pts) == 1 {
		segment(img, clip, pts[0].x, pts[0].y, pts[0].x, pts[0].y, w, c, 0, 0)
		return
	}
	s := 0.0
	for k := 1; k < len(pts); k++ {
		a, b := pts[k-1], pts[k]
		segment(img, clip, a.x, a.y, b.x, b.y, w, c, dash, s)
		s += math.Hypot(b.x-a.x, b.y-a.y)
	}
}

// segment draws an anti-aliased line of width w from a to b with round caps,
// only inside clip. With dash > 0 it is dashed (dash on, dash off), the
// pattern starting s0 pixels along.
func segment(img *image.RGBA, clip image.Rectangle, ax, ay, bx, by, w float64, c color.RGBA, dash, s0 float64) {
	half := w / 2
	// Clip the segment to the clip rectangle grown by the half width
	// (Liang–Barsky), so far-away points cost nothing.
	g := half + 0.5
	x0, y0 := float64(clip.Min.X)-g, float64(clip.Min.Y)-g
	x1, y1 := float64(clip.Max.X)+g, float64(clip.Max.Y)+g
	dx, dy := bx-ax, by-ay
	t0, t1 := 0.0, 1.0
	for _, e := range [4][2]float64{{-dx, ax - x0}, {dx, x1 - ax}, {-dy, ay - y0}, {dy, y1 - ay}} {
		pp, q := e[0], e[1]
		if pp == 0 {
			if q < 0 {
				return
			}
			continue
		}
		t := q / pp
		if pp < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
	}
	if t0 > t1 {
		return
	}
	L := math.Hypot(dx, dy)
	s0 += t0 * L
	ax, ay, bx, by = ax+t0*dx, ay+t0*dy, ax+t1*dx, ay+t1*dy
	dx, dy = bx-ax, by-ay
	L = math.Sqrt(dx*dx + dy*dy)
	sg := seg{ax: ax, ay: ay, dx: dx, dy: dy, L: L, L2: L * L, half: half, r2: (half + 0.5) * (half + 0.5), dash: dash, s0: s0, c: c, img: img, clip: clip}
	ext := half + 0.5
	if math.Abs(dx) >= math.Abs(dy) {
		// Mostly horizontal: walk the columns.
		xa, xb := math.Min(ax, bx), math.Max(ax, bx)
		span := ext
		if dx != 0 {
			span = ext * L / math.Abs(dx)
		}
		for x := int(math.Floor(xa - ext)); x <= int(math.Ceil(xb+ext)); x++ {
			if x < clip.Min.X || x >= clip.Max.X {
				continue
			}
			cx := float64(x) + 0.5
			t := 0.0
			if dx != 0 {
				t = math.Max(0, math.Min(1, (cx-ax)/dx))
			}
			yc := ay + t*dy
			for y := max(int(math.Floor(yc-span)), clip.Min.Y); y <= int(math.Ceil(yc+span)) && y < clip.Max.Y; y++ {
				sg.plot(x, y)
			}
		}
		return
	}
	ya, yb := math.Min(ay, by), math.Max(ay, by)
	span := ext * L / math.Abs(dy)
	for y := int(math.Floor(ya - ext)); y <= int(math.Ceil(yb+ext)); y++ {
		if y < clip.Min.Y || y >= clip.Max.Y {
			continue
		}
		cy := float64(y) + 0.5
		t := math.Max(0, math.Min(1, (cy-ay)/dy))
		xc := ax + t*dx
		for x := max(int(math.Floor(xc-span)), clip.Min.X); x <= int(math.Ceil(xc+span)) && x < clip.Max.X; x++ {
			sg.plot(x, y)
		}
	}
}

// seg is a clipped segment being drawn.
type seg struct {
	ax, ay, dx, dy, L, L2 float64
	half, r2, dash, s0    float64
	c                     color.RGBA
	img                   *image.RGBA
	clip                  image.Rectangle
}

// plot paints pixel (x, y), inside the clip, with the segment's coverage:
// the distance from the pixel's centre to the segment against the half
// width, anti-aliased over one pixel; dashes leave gaps.
func (s *seg) plot(x, y int) {
	px, py := float64(x)+0.5-s.ax, float64(y)+0.5-s.ay
	t := 0.0
	if s.L2 > 0 {
		t = (px*s.dx + py*s.dy) / s.L2
		if t < 0 {
			t = 0
		} else if t > 1 {
			t = 1
		}
	}
	ex, ey := px-t*s.dx, py-t*s.dy
	d2 := ex*ex + ey*ey
	if d2 >= s.r2 {
		return
	}
	if s.dash > 0 {
		u := (s.s0 + t*s.L) / (2 * s.dash)
		if u-math.Floor(u) >= 0.5 {
			return
		}
	}
	a := s.half + 0.5 - math.Sqrt(d2)
	off := s.img.PixOffset(x, y)
	if a >= 1 {
		p := s.img.Pix[off : off+4 : off+4]
		p[0], p[1], p[2], p[3] = s.c.R, s.c.G, s.c.B, 0xff
		return
	}
	blendPix(s.img.Pix[off:off+4], s.c, uint32(a*255+0.5))
}

// stamp is a marker's coverage, drawn once per series and then copied to
// every point.
type stamp struct {
	r    int     // the stamp spans [−r, r] around the centre pixel
	fg   []uint8 // coverage of the marker's colour, (2r+1)² values
	bg   []uint8 // coverage of the white centre of a Ring
	mk   Marker
	size float64
}

// newStamp rasterises a marker of diameter size centred on a pixel centre.
func newStamp(size float64, mk Marker) *stamp {
	rad := size / 2
	r := int(math.Ceil(rad + 0.5))
	n := 2*r + 1
	st := &stamp{r: r, fg: make([]uint8, n*n), mk: mk, size: size}
	if mk == Ring {
		st.bg = make([]uint8, n*n)
	}
	inner := rad - math.Max(1.5, size/5)
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			dx, dy := float64(i-r), float64(j-r)
			var a float64
			if mk == Square {
				a = math.Max(0, math.Min(1, rad+0.5-math.Max(math.Abs(dx), math.Abs(dy))))
			} else {
				a = math.Max(0, math.Min(1, rad+0.5-math.Sqrt(dx*dx+dy*dy)))
			}
			st.fg[j*n+i] = uint8(a*255 + 0.5)
			if mk == Ring {
				b := math.Max(0, math.Min(1, inner+0.5-math.Sqrt(dx*dx+dy*dy)))
				st.bg[j*n+i] = uint8(b*255 + 0.5)
			}
		}
	}
	return st
}

// put draws the stamp centred on the pixel holding (px, py).
func (st *stamp) put(img *image.RGBA, clip image.Rectangle, px, py float64, c color.RGBA) {
	cx, cy := int(math.Floor(px)), int(math.Floor(py))
	n := 2*st.r + 1
	white := color.RGBA{0xff, 0xff, 0xff, 0xff}
	for j := 0; j < n; j++ {
		y := cy - st.r + j
		if y < clip.Min.Y || y >= clip.Max.Y {
			continue
		}
		for i := 0; i < n; i++ {
			x := cx - st.r + i
			if x < clip.Min.X || x >= clip.Max.X {
				continue
			}
			a := st.fg[j*n+i]
			if a == 0 {
				continue
			}
			off := img.PixOffset(x, y)
			blendPix(img.Pix[off:off+4], c, uint32(a))
			if st.bg != nil && st.bg[j*n+i] > 0 {
				blendPix(img.Pix[off:off+4], white, uint32(st.bg[j*n+i]))
			}
		}
	}
}

// drawBars draws a histogram series.
func drawBars(img *image.RGBA, m Mapping, s *Series, c color.RGBA) {
	base := float64(m.Area.Max.Y)
	if m.YScale == Linear && m.YMin < 0 && m.YMax > 0 {
		base = m.Y(0)
	}
	for k := 0; k < len(s.Y) && k+1 < len(s.X); k++ {
		x0, x1 := m.X(s.X[k]), m.X(s.X[k+1])
		y := m.Y(s.Y[k])
		if math.IsNaN(x0) || math.IsNaN(x1) {
			continue
		}
		if math.IsNaN(y) || math.IsInf(y, 0) {
			if m.YScale == Log10 && s.Y[k] <= 0 {
				continue // an empty bin on a log axis
			}
			continue
		}
		if x1 < x0 {
			x0, x1 = x1, x0
		}
		xa, xb := int(math.Round(x0)), int(math.Round(x1))
		if xb-xa >= 4 {
			xb-- // a white gap between bars
		}
		if xb == xa {
			xb++
		}
		ya, yb := int(math.Round(math.Min(y, base))), int(math.Round(math.Max(y, base)))
		if yb == ya {
			yb++
		}
		fill(img, image.Rect(xa, ya, xb, yb).Intersect(m.Area), c)
	}
}

// draw fills the data area with the heat map: colours are computed at the
// samples and interpolated between them (Smooth) or taken from the nearest.
func (h *Heat) draw(img *image.RGBA, m Mapping) {
	if h.Cols < 2 || h.Rows < 2 || len(h.Values) < h.Cols*h.Rows || h.Color == nil || h.X1 == h.X0 || h.Y1 == h.Y0 {
		return
	}
	cols := make([]color.RGBA, h.Cols*h.Rows)
	for i := range cols {
		cols[i] = h.Color(h.Values[i])
	}
	a := m.Area.Intersect(img.Rect)
	fu := make([]float64, a.Dx()) // sample column of each pixel column
	for x := a.Min.X; x < a.Max.X; x++ {
		dx, _ := m.Data(x, a.Min.Y)
		fu[x-a.Min.X] = (dx - h.X0) / (h.X1 - h.X0) * float64(h.Cols-1)
	}
	for y := a.Min.Y; y < a.Max.Y; y++ {
		_, dy := m.Data(a.Min.X, y)
		v := (dy - h.Y0) / (h.Y1 - h.Y0) * float64(h.Rows-1)
		if v < -0.5 || v > float64(h.Rows)-0.5 {
			continue
		}
		v = math.Max(0, math.Min(float64(h.Rows-1), v))
		j := min(int(v), h.Rows-2)
		fv := v - float64(j)
		off := img.PixOffset(a.Min.X, y)
		for x := a.Min.X; x < a.Max.X; x, off = x+1, off+4 {
			u := fu[x-a.Min.X]
			if u < -0.5 || u > float64(h.Cols)-0.5 {
				continue
			}
			u = math.Max(0, math.Min(float64(h.Cols-1), u))
			var c color.RGBA
			if h.Smooth {
				i := min(int(u), h.Cols-2)
				f := u - float64(i)
				c = lerp4(cols[j*h.Cols+i], cols[j*h.Cols+i+1], cols[(j+1)*h.Cols+i], cols[(j+1)*h.Cols+i+1], f, fv)
			} else {
				c = cols[int(math.Round(v))*h.Cols+int(math.Round(u))]
			}
			img.Pix[off], img.Pix[off+1], img.Pix[off+2], img.Pix[off+3] = c.R, c.G, c.B, 0xff
		}
	}
}

// lerp4 interpolates bilinearly between four colours (c00 at the origin, c10
// along u, c01 along v).
func lerp4(c00, c10, c01, c11 color.RGBA, u, v float64) color.RGBA {
	mix := func(a, b, c, d uint8) uint8 {
		top := float64(a)*(1-u) + float64(b)*u
		bot := float64(c)*(1-u) + float64(d)*u
		return uint8(top*(1-v) + bot*v + 0.5)
	}
	return color.RGBA{mix(c00.R, c10.R, c01.R, c11.R), mix(c00.G, c10.G, c01.G, c11.G), mix(c00.B, c10.B, c01.B, c11.B), 0xff}
}
