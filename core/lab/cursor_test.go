package lab

import (
	"image"
	"testing"
)

// On a 3×4 grid the cursor keeps its row going left/right and its column
// going up/down, and stops (−1) at the edges.
func TestCursorMoveGrid(t *testing.T) {
	g := Grid{Rows: 3, Cols: 4, Cell: 5, Gap: 1}
	ts := g.Targets(12, nil)
	if len(ts) != 12 || ts[5] != g.CellRect(5) {
		t.Fatalf("targets: %d, [5] = %v want %v", len(ts), ts[5], g.CellRect(5))
	}
	cases := []struct{ from, dx, dy, want int }{
		{5, 1, 0, 6}, {5, -1, 0, 4}, {5, 0, 1, 9}, {5, 0, -1, 1},
		{3, 1, 0, -1}, {0, -1, 0, -1}, {0, 0, -1, -1}, {11, 0, 1, -1},
		{7, 1, 0, -1}, {8, 0, -1, 4},
	}
	for _, c := range cases {
		if got := CursorMove(ts, c.from, c.dx, c.dy); got != c.want {
			t.Errorf("from %d by (%d,%d): %d, want %d", c.from, c.dx, c.dy, got, c.want)
		}
	}
	if got := CursorMove(ts, 12, 1, 0); got != -1 {
		t.Errorf("from out of range: %d", got)
	}
	// A K-of-N grid with a ragged last row: only the units that exist.
	if n := len(g.Targets(10, nil)); n != 10 {
		t.Errorf("10 units: %d targets", n)
	}
	// Below unit 6 (column 2) the last row ends at column 1: its nearest.
	if got := CursorMove(g.Targets(10, nil), 6, 0, 1); got != 9 {
		t.Errorf("down from unit 6 of 10: %d, want 9", got)
	}
}

// In a gallery with a shorter last row, down from the last column goes to
// the last item of the next row (the nearest), not nowhere.
func TestCursorMoveGallery(t *testing.T) {
	var ts []image.Rectangle
	for i := 0; i < 7; i++ { // rows of 4: items 4..6 in the second row
		x, y := (i%4)*50, (i/4)*50
		ts = append(ts, image.Rect(x, y, x+40, y+40))
	}
	if got := CursorMove(ts, 3, 0, 1); got != 6 {
		t.Errorf("down from item 3: %d, want 6", got)
	}
	if got := CursorMove(ts, 6, 0, -1); got != 2 {
		t.Errorf("up from item 6: %d, want 2", got)
	}
	if got := CursorMove(ts, 4, 1, 0); got != 5 {
		t.Errorf("right from item 4: %d, want 5", got)
	}
}
