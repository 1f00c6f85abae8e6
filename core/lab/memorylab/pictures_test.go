package memorylab

import (
	"bytes"
	"fmt"
	"image"
	"strings"
	"testing"

	"hebbplay/core/lab"
	"hebbplay/core/library"
	"hebbplay/core/params"
	"hebbplay/core/pattern"
)

// lab returns the session's memory lab.
func memLab(s *lab.Session) *Lab { return s.Lab.(*Lab) }

// picOf returns the picture of a stored pattern.
func picOf(l *Lab, i int) []bool { return pattern.ToPicture(l.pats[i]) }

func samePic(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestLettersAreStored(t *testing.T) {
	s := open(t, "v=1&pset=letters&npat=5&nflip=3&target=2&autoplay=0")
	if n := s.Notices(); len(n) > 0 {
		t.Fatalf("notices %q", n)
	}
	l := memLab(s)
	if l.shape != picShape || len(l.pats) != 5 {
		t.Fatalf("shape %v with %d patterns, want 35×2 with 5", l.shape, len(l.pats))
	}
	for i := range 5 {
		if !samePic(picOf(l, i), pattern.Glyph(i)) {
			t.Errorf("pattern %d is not the letter %c", i, pattern.GlyphNames[i])
		}
	}
	// The noisy letter: exactly nflip pixels of C flipped.
	if d := picShape.K - pattern.Overlap(l.cueNow, l.target); d != 3 {
		t.Errorf("cue has %d pixels flipped, want 3", d)
	}
	vs := s.Lab.Views()
	if !strings.Contains(vs[0].Title, "5 of 5×7") || !strings.Contains(vs[1].Title, "#2 C") {
		t.Errorf("titles %q, %q", vs[0].Title, vs[1].Title)
	}
	// The cue view is a 5×7 picture: its pixel colours follow the cue.
	g := l.cueGrid
	if g.Rows != 7 || g.Cols != 5 {
		t.Fatalf("cue grid %d×%d, want 7 rows of 5", g.Rows, g.Cols)
	}
	cue := pattern.ToPicture(l.cueNow)
	for p := range picPixels {
		c := g.CellRect(p).Min.Add(image.Pt(g.Cell/2, g.Cell/2))
		got := vs[1].Img.RGBAAt(c.X, c.Y)
		if isOn := got == lab.ColActive || got == lab.ColChanged; isOn != cue[p] {
			t.Errorf("cue pixel %d shows %v, cue has it on=%v", p, got, cue[p])
		}
	}
	// 36 pictures at most.
	s = open(t, "v=1&pset=letters&npat=40")
	if n := s.Notices(); len(n) != 1 || !strings.Contains(n[0], "36") || s.Values().Int("npat") != 36 {
		t.Errorf("npat=40 letters: notices %q, npat %d", n, s.Values().Int("npat"))
	}
	if err := s.Do("store"); err == nil || !strings.Contains(err.Error(), "36") {
		t.Errorf("storing a 37th letter: %v", err)
	}
}

// clickEditPixel clicks pixel p of the gallery's big picture.
func clickEditPixel(t *testing.T, s *lab.Session, p int) {
	t.Helper()
	l := memLab(s)
	s.Lab.Views()
	c := l.picGallery.edit.CellRect(p).Min.Add(image.Pt(2, 2))
	if !s.Click(viewMemories, c.X, c.Y) {
		t.Fatalf("click on pixel %d changed nothing", p)
	}
}

func TestDrawingSurvivesThePermalink(t *testing.T) {
	s := open(t, "v=1&pset=letters&npat=4&target=1&autoplay=0")
	before := picOf(memLab(s), 1)
	clickEditPixel(t, s, 0)  // B's top left: on → off
	clickEditPixel(t, s, 34) // bottom right: off → on
	if s.Values().Choice("pset") != "drawn" {
		t.Fatalf("drawing left the set %q", s.Values().Choice("pset"))
	}
	after := picOf(memLab(s), 1)
	want := append([]bool(nil), before...)
	want[0], want[34] = !want[0], !want[34]
	if !samePic(after, want) {
		t.Fatalf("drawn picture %v, want %v", after, want)
	}
	// The weights follow the drawing: the drawn picture is what recall
	// reaches from itself.
	if !pattern.Equal(memLab(s).target, pattern.FromPicture(want)) {
		t.Fatal("the cued pattern is not the drawn picture")
	}
	h := s.Hash()
	if !strings.Contains(h, "&pats=v1.") || !strings.Contains(h, "pset=drawn") {
		t.Fatalf("hash %s lacks the drawn set", h)
	}
	fresh := open(t, h)
	if n := fresh.Notices(); len(n) > 0 {
		t.Fatalf("notices %q", n)
	}
	if !samePic(picOf(memLab(fresh), 1), want) || !bytes.Equal(pixels(s), pixels(fresh)) {
		t.Fatal("the permalink does not reproduce the drawing")
	}
	if fresh.Hash() != h {
		t.Fatalf("hash %s, reopened %s", h, fresh.Hash())
	}
	// A classroom link (with the pattern set hidden) keeps the drawing too.
	class := open(t, s.ClassroomHash([]string{"pset", "npat"}, true))
	if n := class.Notices(); len(n) > 0 || !bytes.Equal(pixels(s), pixels(class)) {
		t.Fatalf("the classroom link does not reproduce the drawing (notices %q)", n)
	}
	// The Library keeps it: Normalise accepts the link and keeps the set.
	norm, err := library.Normalise(New(), h)
	if err != nil || !strings.Contains(norm, "pats=v1.") {
		t.Fatalf("Normalise: %q, %v", norm, err)
	}
	// Storing one more adds the next letter to the drawn set.
	if err := fresh.Do("store"); err != nil {
		t.Fatal(err)
	}
	if !samePic(picOf(memLab(fresh), 4), pattern.Glyph(4)) || !samePic(picOf(memLab(fresh), 1), want) {
		t.Fatal("store one more lost the drawing or did not add E")
	}
	// A drawing on a drawn set stays drawn and changes one more pixel.
	clickEditPixel(t, fresh, 17)
	want[17] = !want[17]
	if !samePic(picOf(memLab(fresh), 1), want) {
		t.Fatal("second drawing lost")
	}
}

func TestBrokenDrawnSetFallsBack(t *testing.T) {
	for _, bad := range []string{"v1.!!", "v9.AAAAAAA", "v1.AAAA", "v1." + strings.Repeat("A", 400)} {
		s := open(t, "v=1&pset=drawn&npat=3&pats="+bad)
		n := s.Notices()
		if len(n) != 1 || !strings.Contains(n[0], "pats=") || !strings.Contains(n[0], "letters and digits instead") {
			t.Errorf("pats=%s: notices %q", bad, n)
		}
		l := memLab(s)
		for i := range 3 {
			if !samePic(picOf(l, i), pattern.Glyph(i)) {
				t.Errorf("pats=%s: pattern %d is not the default letter", bad, i)
			}
		}
		if !strings.HasSuffix(s.Hash(), "&pats="+pattern.EncodePictures(glyphs(3))) {
			t.Errorf("pats=%s: the permalink does not hold the letters it fell back to: %s", bad, s.Hash())
		}
		if _, err := library.Normalise(New(), "v=1&lab=memory&pset=drawn&npat=3&pats="+bad); err == nil {
			t.Errorf("pats=%s: the Library accepts it", bad)
		}
	}
	if !strings.Contains(strings.Join(open(t, "v=1&pset=drawn&pats="+strings.Repeat("A", 500)).Notices(), " "), fmt.Sprint(pattern.MaxPicturesText)) {
		t.Error("the notice for a too long set does not name the limit")
	}
	// pats without pset=drawn is ignored with a notice.
	s := open(t, "v=1&pset=letters&pats=v1.AAAAAAA")
	if n := s.Notices(); len(n) != 1 || !strings.Contains(n[0], "pset=drawn") {
		t.Errorf("notices %q", n)
	}
}

func TestRandomSetUnchangedByPictures(t *testing.T) {
	// The network settings still apply to random patterns, and a link
	// without pset opens as before.
	a := open(t, "v=1&kind=kofn&N=49&K=5&npat=6")
	if memLab(a).shape.String() != "kofn N=49 K=5" {
		t.Fatalf("shape %v", memLab(a).shape)
	}
	if strings.Contains(a.Hash(), "pats=") {
		t.Fatal("random set writes pats")
	}
	// Switching to letters and back gives the same random run.
	b := open(t, "v=1&kind=kofn&N=49&K=5&npat=6")
	b.SetConfig(map[string]any{"pset": "letters"})
	b.SetConfig(map[string]any{"pset": "random"})
	if !bytes.Equal(pixels(a), pixels(b)) {
		t.Fatal("letters and back changed the random run")
	}
}

func TestDragPaints(t *testing.T) {
	s := open(t, "v=1&pset=letters&npat=3&target=0&autoplay=0")
	// A's pixel 0 is off: the click turns it on, and the drag then paints
	// "on" over pixels 1 (already on: unchanged), 5 (on) and 6 (off → on).
	clickEditPixel(t, s, 0)
	l := memLab(s)
	want := pattern.Glyph(0)
	want[0] = true
	for _, p := range []int{1, 5, 6, 6} {
		c := l.picGallery.edit.CellRect(p).Min.Add(image.Pt(3, 3))
		s.Drag(viewMemories, c.X, c.Y)
		want[p] = true
	}
	if !samePic(picOf(l, 0), want) {
		t.Fatalf("painted %v, want %v", picOf(l, 0), want)
	}
	// A drag that did not start with a drawing click paints nothing.
	l.Click(viewCue, -5, -5, new(params.Values))
	c := l.picGallery.edit.CellRect(20).Min.Add(image.Pt(3, 3))
	if s.Drag(viewMemories, c.X, c.Y) || !samePic(picOf(l, 0), want) {
		t.Fatal("a drag after another click painted")
	}
	if !strings.Contains(s.Hash(), pattern.EncodePictures([][]bool{want, pattern.Glyph(1), pattern.Glyph(2)})) {
		t.Fatalf("the painted picture is not in the permalink: %s", s.Hash())
	}
}

// FuzzPictureLink opens links with any drawn set, number of pictures and
// cued picture: nothing panics, and the permalink the session writes opens
// again without notices to the very same pictures and permalink.
func FuzzPictureLink(f *testing.F) {
	f.Add("v1.gAAAAAA", uint8(1), int8(0), uint8(0))
	f.Add(pattern.EncodePictures(glyphs(12)), uint8(12), int8(-1), uint8(0))
	f.Add("v1.", uint8(70), int8(40), uint8(0))
	f.Add("v1.AAAAAQA", uint8(3), int8(2), uint8(0))
	f.Add(pattern.EncodePictures(glyphs(5)), uint8(5), int8(3), uint8(7))
	f.Fuzz(func(t *testing.T, pats string, npat uint8, target int8, ninst uint8) {
		mode := "storage"
		if ninst > 0 {
			mode = fmt.Sprintf("prototype&ninst=%d&nflip_train=%g", ninst, float64(ninst)/4)
		}
		h := fmt.Sprintf("v=1&pset=drawn&autoplay=0&npat=%d&target=%d&mode=%s&pats=%s", npat, target, mode, pats)
		s, err := lab.Open(h)
		if err != nil {
			t.Fatal(err)
		}
		again := open(t, s.Hash())
		if n := again.Notices(); len(n) > 0 {
			t.Fatalf("%s: the written permalink %s opens with notices %q", h, s.Hash(), n)
		}
		if again.Hash() != s.Hash() || !bytes.Equal(pixels(s), pixels(again)) {
			t.Fatalf("%s: the written permalink does not reproduce the run", h)
		}
	})
}

func TestNoisyLetterPrototypes(t *testing.T) {
	s := open(t, "v=1&pset=letters&mode=prototype&npat=4&ninst=3&nflip_train=2&target=1&autoplay=0")
	if n := s.Notices(); len(n) > 0 {
		t.Fatalf("notices %q", n)
	}
	l := memLab(s)
	if len(l.protos) != 4 || l.nstored != 12 || len(l.pats) != 0 {
		t.Fatalf("%d prototypes, %d stored", len(l.protos), l.nstored)
	}
	before := make([][]pattern.Pattern, 4)
	for i, pr := range l.protos {
		if !samePic(pattern.ToPicture(pr.Proto), pattern.Glyph(i)) {
			t.Errorf("prototype %d is not %c", i, pattern.GlyphNames[i])
		}
		for k, inst := range pr.Train {
			if d := picShape.K - pattern.Overlap(inst, pr.Proto); d != 2 {
				t.Errorf("instance %d of %c: %d pixels flipped, want 2", k, pattern.GlyphNames[i], d)
			}
		}
		before[i] = pr.Train
	}
	// Drawing on prototype 1 moves its instances with it (the same noise
	// on the new picture) and leaves the other prototypes' instances.
	clickEditPixel(t, s, 12)
	l = memLab(s)
	for i, pr := range l.protos {
		for k, inst := range pr.Train {
			same := pattern.Equal(inst, before[i][k])
			if i != 1 && !same {
				t.Errorf("instance %d of prototype %d changed", k, i)
			}
			if i == 1 && pattern.ToPicture(inst)[12] == pattern.ToPicture(before[1][k])[12] {
				t.Errorf("instance %d of the drawn prototype did not follow the drawing", k)
			}
		}
	}
	if !bytes.Equal(pixels(s), pixels(open(t, s.Hash()))) {
		t.Fatal("the permalink does not reproduce the drawn prototypes")
	}
}
