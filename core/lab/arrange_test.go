package lab

import (
	"image"
	"math"
	"testing"
)

// memoryViews are the memory lab's four views at their default sizes: a
// scrolling gallery and three square grids.
func memoryViews() []View {
	sq := image.NewRGBA(image.Rect(0, 0, 261, 261))
	legend := []LegendItem{{Label: "as in the pattern"}, {Label: "moved"}, {Label: "where the pattern has it"}}
	return []View{
		{ID: "memories", Title: "Stored patterns: 12 (modular 10×10)", Img: image.NewRGBA(image.Rect(0, 0, 420, 108)), Scroll: true,
			Caption: []Line{{Text: "Pattern #0 is cued (framed)."}, {Text: "Click a pattern to cue it."}}},
		{ID: "cue", Title: "Cue: pattern #0 with 3 units moved", Img: sq, Legend: legend,
			Caption: []Line{{Text: "Click a unit to move its hypercolumn's active unit there."}}},
		{ID: "recall", Title: "Recall: start (the cue), 3 iterations to go", Img: sq, Legend: legend,
			Caption: []Line{{Text: "overlap with the pattern: 0.70 · 3 units differ"}, {Text: "Space: play/pause · →: one step"}}},
		{ID: "weights", Title: "Support of each unit at step 0", Img: sq, Gradient: &Gradient{Lo: "-20", Hi: "6"},
			Caption: []Line{{Text: "s_j = B_j + Σ_i W_ij x_i over the active units i; the winners are outlined."}}},
	}
}

// gridScale is the scale the square 261-pixel grid of view v gets in card
// c (as the frame's drawView fits it, with the estimated chrome).
func gridScale(v *View, c Card, u float64) float64 {
	return math.Min((c.W-20*u)/261, (c.H-chrome(v, u, c.W))/261)
}

func columns(cards []Card) int {
	xs := map[float64]bool{}
	for _, c := range cards {
		xs[c.X] = true
	}
	return len(xs)
}

func TestArrange(t *testing.T) {
	vs := memoryViews()
	if c, tall := Arrange(nil, Stage{W: 800, H: 600, DSF: 1, U: 1}); c != nil || tall != 0 {
		t.Fatalf("no views: %v %v", c, tall)
	}
	// A desktop stage beside the settings (1280×860 window): 2×2, filling it.
	normal, tall := Arrange(vs, Stage{W: 950, H: 740, DSF: 1, U: 1})
	if columns(normal) != 2 || tall != 0 {
		t.Fatalf("1280×860: %d columns, tall %v", columns(normal), tall)
	}
	// At 1920×1080 the stage is wide enough for a row of four; with the
	// settings hidden the grids grow with the freed width.
	at2, _ := Arrange(vs, Stage{W: 1600, H: 930, DSF: 1, U: 1})
	wide, _ := Arrange(vs, Stage{W: 1890, H: 930, DSF: 1, U: 1})
	if columns(wide) != 4 {
		t.Fatalf("1920 without settings: %d columns", columns(wide))
	}
	if s2, s4 := gridScale(&vs[1], at2[1], 1), gridScale(&vs[1], wide[1], 1); s4 < 1.15*s2 {
		t.Errorf("hidden settings: cue scale %.2f, with settings %.2f", s4, s2)
	}
	// A phone: one view per row, each as tall as its picture needs, the
	// stage as tall as all of them.
	phone, tall := Arrange(vs, Stage{W: 366, H: 500, DSF: 1, U: 1, Phone: true})
	if columns(phone) != 1 {
		t.Fatalf("phone: %d columns", columns(phone))
	}
	sum := 10.0
	for i, c := range phone {
		sum += c.H + 10
		if i > 0 && c.Y < phone[i-1].Y+phone[i-1].H {
			t.Errorf("phone: card %d overlaps card %d", i, i-1)
		}
	}
	if math.Abs(sum-tall) > 1e-9 || phone[3].Y+phone[3].H > tall {
		t.Errorf("phone: tall %v, cards need %v", tall, sum)
	}
	if s := gridScale(&vs[1], phone[1], 1); math.Abs(s-(366-20-20)/261.0) > 1e-9 {
		t.Errorf("phone: the cue is not as wide as its card allows (scale %.3f)", s)
	}
	// Presentation at 1920×1080 (text 1.3×): two per row, rows at most the
	// window's height, the cue at least 1.5× its normal size.
	pres, tall := Arrange(vs, Stage{W: 1540, H: 930, DSF: 1, U: 1.3, Present: true, MaxRow: 1080 - 90*1.3})
	if columns(pres) != 2 || tall <= 930 {
		t.Fatalf("presentation: %d columns, tall %v", columns(pres), tall)
	}
	for _, c := range pres {
		if c.H > 1080-90*1.3+1e-9 {
			t.Errorf("presentation: a row of %v px, taller than the window", c.H)
		}
	}
	if sp, s2 := gridScale(&vs[1], pres[1], 1.3), gridScale(&vs[1], at2[1], 1); sp < 1.5*s2 {
		t.Errorf("presentation: cue scale %.2f, normal %.2f", sp, s2)
	}
	// A single view fills a normal stage.
	one, _ := Arrange(vs[1:2], Stage{W: 950, H: 740, DSF: 1, U: 1})
	if len(one) != 1 || one[0].W != 930 || one[0].H != 720 {
		t.Errorf("one view: %+v", one)
	}
}
