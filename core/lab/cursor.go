package lab

import (
	"image"
	"math"
)

// Targets appends the rectangles of the first units cells of the grid, in
// unit order, to buf[:0]: the keyboard cursor's stops on a unit grid
// ([View.Targets]).
func (g Grid) Targets(units int, buf []image.Rectangle) []image.Rectangle {
	buf = buf[:0]
	units = min(units, g.Rows*g.Cols)
	for u := 0; u < units; u++ {
		buf = append(buf, g.CellRect(u))
	}
	return buf
}

// Centre is the pixel a keyboard "click" on rectangle r lands on.
func Centre(r image.Rectangle) image.Point {
	return image.Pt((r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2)
}

// CursorMove returns the index of the target the keyboard cursor reaches
// from targets[from] when it moves in direction (dx, dy), one of (±1, 0) and
// (0, ±1): the nearest target whose centre lies that way, where a step
// across the direction counts three times a step along it (so the cursor
// keeps its row or column on a grid and goes to the next row's nearest item
// in a gallery). It returns -1 when no target lies that way (the frame may
// then move to the next view) or when from is out of range.
func CursorMove(targets []image.Rectangle, from, dx, dy int) int {
	if from < 0 || from >= len(targets) || (dx == 0 && dy == 0) {
		return -1
	}
	c0 := Centre(targets[from])
	best, bestCost := -1, math.Inf(1)
	for i, t := range targets {
		if i == from {
			continue
		}
		d := Centre(t).Sub(c0)
		along := d.X*dx + d.Y*dy
		if along <= 0 {
			continue
		}
		across := d.X*dy - d.Y*dx
		if across < 0 {
			across = -across
		}
		cost := float64(along) + 3*float64(across)
		if cost < bestCost {
			best, bestCost = i, cost
		}
	}
	return best
}
