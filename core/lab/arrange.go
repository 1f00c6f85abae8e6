package lab

import (
	"image"
	"math"
)

// Card is a view's place on the stage, in screen pixels.
type Card struct{ X, Y, W, H float64 }

// Stage describes the room the frame lays views out in ([Arrange]).
type Stage struct {
	// W and H are the stage's size in screen pixels; DSF is screen pixels
	// per CSS pixel; U is one layout unit in screen pixels (DSF, larger in
	// presentation mode).
	W, H, DSF, U float64
	// Phone is set when the window is phone-wide: the views stack one per
	// row and the stage grows to hold them.
	Phone bool
	// Present is presentation mode: two views per row, each row as tall as
	// its pictures need but at most MaxRow (screen pixels).
	Present bool
	MaxRow  float64
}

// Layout constants of [Arrange], in CSS pixels: the stage width under which
// views stack one per row, and the narrowest card for which three or four
// columns are considered.
const (
	NarrowStageCSS = 560
	WideCardCSS    = 280
)

// chrome estimates the height of a card of width w apart from its picture,
// as the frame draws it: padding, the title (one or two lines), the caption
// lines (wrapped) and the legend, with characters about half as wide as
// their font is tall (the frame measures the real text when it draws).
func chrome(v *View, u, w float64) float64 {
	inner := math.Max(1, w-20*u)
	lines := func(text string, size float64) float64 {
		return math.Max(1, math.Ceil(float64(len([]rune(text)))*0.52*size/inner))
	}
	h := 20*u + 4*u + 6*u + math.Min(2, lines(v.Title, 17*u))*17*u*1.3
	for _, c := range v.Caption {
		h += lines(c.Text, 14*u) * 14 * u * 1.3
	}
	if len(v.Legend) > 0 || v.Gradient != nil {
		legend := 0.0
		for _, it := range v.Legend {
			legend += float64(len([]rune(it.Label)))*0.52*13*u + 32*u
		}
		h += math.Max(1, math.Ceil(legend/inner)) * 13 * u * 1.4
		if v.Gradient != nil {
			h += 13*u*1.4 + 12*u
		}
	}
	return h
}

// Arrange places the views on the stage. On a normal stage the cards
// share its size, in the number of columns (1 to 4) that gives the
// pictures that do not scroll the largest smallest scale (more columns
// must gain 5%), so a wide stage ("Hide settings") gets bigger pictures rather
// than white space; a narrow stage has one column. On a phone the views
// stack one per row, and in presentation mode they go two per row, each row
// as tall as its pictures need at the card's width (at most MaxRow): tall
// is then the stage height that holds them all, which the page makes the
// stage's height (it scrolls); otherwise tall is 0.
func Arrange(views []View, st Stage) (cards []Card, tall float64) {
	n := len(views)
	if n == 0 {
		return nil, 0
	}
	u := st.U
	gap := 10 * u
	narrow := st.W < NarrowStageCSS*st.DSF
	cols := 1
	switch {
	case narrow || st.Phone || n == 1:
	case st.Present:
		cols = 2
	default:
		cols = bestCols(views, st, gap)
	}
	rows := (n + cols - 1) / cols
	cw := (st.W - gap*float64(cols+1)) / float64(cols)
	heights := make([]float64, rows)
	if st.Phone || st.Present {
		maxRow := math.Inf(1)
		if st.Present {
			maxRow = math.Max(300*u, st.MaxRow)
		}
		tall = gap
		for r := range heights {
			need := 260 * u
			for i := r * cols; i < min(n, (r+1)*cols); i++ {
				need = math.Max(need, pictureHeight(&views[i], cw-20*u)+chrome(&views[i], u, cw))
			}
			heights[r] = math.Min(maxRow, need)
			tall += heights[r] + gap
		}
	} else {
		ch := (st.H - gap*float64(rows+1)) / float64(rows)
		for r := range heights {
			heights[r] = ch
		}
	}
	y := gap
	for r := 0; r < rows; r++ {
		for i := r * cols; i < min(n, (r+1)*cols); i++ {
			cards = append(cards, Card{gap + float64(i%cols)*(cw+gap), y, cw, heights[r]})
		}
		y += heights[r] + gap
	}
	return cards, tall
}

// pictureHeight is the height a view's picture takes at width w (a
// scrolling picture shows at most a square of it).
func pictureHeight(v *View, w float64) float64 {
	b := imgBounds(v)
	if b.Dx() == 0 {
		return 0
	}
	h := w * float64(b.Dy()) / float64(b.Dx())
	if v.Scroll {
		h = math.Min(h, w)
	}
	return h
}

func imgBounds(v *View) image.Rectangle {
	if v.Img == nil {
		return image.Rectangle{}
	}
	return v.Img.Bounds()
}

// bestCols is the column count of a normal stage: see [Arrange]. More
// columns must make the smallest picture at least 5% larger.
func bestCols(views []View, st Stage, gap float64) int {
	n := len(views)
	best, bestScore := 2, -1.0
	for c := 1; c <= min(4, n); c++ {
		cw := (st.W - gap*float64(c+1)) / float64(c)
		if c > 2 && cw < WideCardCSS*st.DSF {
			break
		}
		rows := (n + c - 1) / c
		ch := (st.H - gap*float64(rows+1)) / float64(rows)
		score := math.Inf(1)
		for i := range views {
			v := &views[i]
			b := imgBounds(v)
			if (v.Scroll && n > 1) || b.Dx() == 0 || b.Dy() == 0 {
				continue
			}
			sc := math.Min((cw-20*st.U)/float64(b.Dx()), (ch-chrome(v, st.U, cw))/float64(b.Dy()))
			score = math.Min(score, sc)
		}
		if score > 1.05*bestScore {
			best, bestScore = c, score
		}
	}
	return best
}
