package memorylab

import (
	"strings"
	"testing"

	"hebbplay/core/experiment"
	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

// TestPictureMeter: in picture mode the meter measures the pictures on
// screen, on the page. With nflip = 0 a picture is recalled exactly if and
// only if it is a fixed point of the dynamics, which the test checks one by
// one with the lab's own network; the curve has its point, and its note
// names no native command (they draw random patterns).
func TestPictureMeter(t *testing.T) {
	s := open(t, "v=1&pset=letters&npat=6&nflip=0&rule=bcpnn&autoplay=0")
	l := s.Lab.(*Lab)
	sc, ok := l.meterScore()
	if !ok || sc.Tests != 6 {
		t.Fatalf("meter %+v, ok %v: want 6 pictures measured", sc, ok)
	}
	fixed := 0
	for _, p := range l.pats {
		res, err := l.net.Recall(p, memory.RecallOptions{Niter: l.cfg.Int("niter")})
		if err != nil {
			t.Fatal(err)
		}
		if pattern.Equal(res.Final, p) {
			fixed++
		}
	}
	if sc.Correct != fixed {
		t.Errorf("meter: %d of 6 recalled from undistorted cues, but %d pictures are fixed points", sc.Correct, fixed)
	}
	ch, ok := chartByID(s.Lab.Charts(), "capacity")
	if !ok || len(ch.Series) == 0 {
		t.Fatalf("no meter chart in picture mode: %+v", s.Lab.Charts())
	}
	if strings.Contains(ch.Note, "scripts/hebb") {
		t.Errorf("the note names a native command for pictures: %q", ch.Note)
	}
	if got := s.Lab.Charts().Status; !strings.Contains(got, "of 6 stored pictures recalled exactly") {
		t.Errorf("status %q", got)
	}
}

// TestPictureFillEnds: Fill to the limit with letters stores more until
// fewer than 90% are recalled or every letter is stored, and then stops.
func TestPictureFillEnds(t *testing.T) {
	s := open(t, "v=1&pset=letters&npat=1&nflip=2&rule=bcpnn&autoplay=0")
	l := s.Lab.(*Lab)
	if err := s.Do("fill"); err != nil {
		t.Fatal(err)
	}
	for i := 0; l.meter.filling; i++ {
		if i > 200 {
			t.Fatal("the fill does not end")
		}
		s.Tick(fillPause)
	}
	P := s.Values().Int("npat")
	sc, ok := l.meterScore()
	if !ok || (sc.Fraction() >= experiment.Threshold && P < len(pattern.GlyphNames)) {
		t.Fatalf("the fill stopped at %d pictures with %v recalled", P, sc.Fraction())
	}
}
