package memorylab

import (
	"testing"

	"hebbplay/core/lab"
)

// viewByID returns the session's view named id (fails when missing).
func viewByID(t *testing.T, s *lab.Session, id string) lab.View {
	t.Helper()
	for _, v := range s.Lab.Views() {
		if v.ID == id {
			return v
		}
	}
	t.Fatalf("no view %q", id)
	return lab.View{}
}

// The keyboard cursor's stops on the cue are its units in order: a "click"
// at the centre of target u moves hypercolumn u/M's active unit to u, as a
// mouse click on unit u does; on the gallery, target i cues the i-th shown
// pattern; the recall view has stops only while it selects a unit.
func TestKeyboardTargets(t *testing.T) {
	s := open(t, "v=1&H=6&M=5&npat=9&autoplay=0")
	cue := viewByID(t, s, "cue")
	if len(cue.Targets) != 30 {
		t.Fatalf("cue: %d targets, want 30 (H×M)", len(cue.Targets))
	}
	for _, u := range []int{0, 7, 29} {
		c := lab.Centre(cue.Targets[u])
		s.Click("cue", c.X, c.Y)
		got := s.State().Summary["cue"].([]any)
		if got[u/5].(int) != u {
			t.Fatalf("target %d: hypercolumn %d holds %v", u, u/5, got[u/5])
		}
	}
	gal := viewByID(t, s, "memories")
	if len(gal.Targets) != 9 {
		t.Fatalf("gallery: %d targets, want 9", len(gal.Targets))
	}
	c := lab.Centre(gal.Targets[4])
	s.Click("memories", c.X, c.Y)
	if s.Values().Int("target") != 4 {
		t.Fatalf("gallery target 4 cued %d", s.Values().Int("target"))
	}
	if n := len(viewByID(t, s, "recall").Targets); n != 0 {
		t.Fatalf("recall view without unit selection: %d targets", n)
	}
	s = open(t, "v=1&H=6&M=5&npat=9&autoplay=0&wview=unit")
	rec := viewByID(t, s, "recall")
	if len(rec.Targets) != 30 {
		t.Fatalf("recall with unit view: %d targets", len(rec.Targets))
	}
	c = lab.Centre(rec.Targets[13])
	s.Click("recall", c.X, c.Y)
	if s.Values().Int("unit") != 13 {
		t.Fatalf("recall target 13 chose unit %d", s.Values().Int("unit"))
	}
}
