package memorylab

import "testing"

// The stored-pattern count slides on a log scale and the cued pattern
// offers "random" for −1, which old links still decode to.
func TestScalesAndRandomTarget(t *testing.T) {
	by := map[string]int{}
	sc := table.Schema()
	for i, p := range sc {
		by[p.Name] = i
	}
	for _, n := range []string{"npat", "exp_reps", "unit", "target"} {
		if sc[by[n]].Scale != "log" {
			t.Errorf("%s: scale %q, want log", n, sc[by[n]].Scale)
		}
	}
	if p := sc[by["target"]]; p.Named != "random" || p.Min != -1 {
		t.Errorf("target: named %q min %g", p.Named, p.Min)
	}
	s := open(t, "v=1&lab=memory&npat=20&target=-1&cue=3")
	if s.Values().Int("target") != -1 {
		t.Fatalf("target=-1 decoded to %d", s.Values().Int("target"))
	}
	if n := len(s.State().Notices); n != 0 {
		t.Fatalf("target=-1: notices %q", s.State().Notices)
	}
}
