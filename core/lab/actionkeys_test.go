package lab_test

import (
	"slices"
	"testing"

	"hebbplay/core/lab"
	_ "hebbplay/core/lab/dopaminelab"
	_ "hebbplay/core/lab/memorylab"
	_ "hebbplay/core/lab/sparselab"
)

// Every action of every lab has a key (the page's Keyboard help lists
// them and the page and the stage both obey them), and no two actions of a
// lab share one. "?" (the Keyboard help) and "." (step) are the page's own.
func TestEveryActionHasAKey(t *testing.T) {
	for _, id := range []string{"memory", "dopamine", "sparse"} {
		s, err := lab.Open("v=1&lab=" + id)
		if err != nil {
			t.Fatal(err)
		}
		if s.Lab.ID() != id {
			t.Fatalf("opened %q for %q", s.Lab.ID(), id)
		}
		keys := []string{"?", "."}
		for _, a := range s.Schema().Actions {
			if a.Key == "" {
				t.Errorf("%s: action %q has no key", id, a.Name)
				continue
			}
			if slices.Contains(keys, a.Key) {
				t.Errorf("%s: action %q: key %q taken", id, a.Name, a.Key)
			}
			keys = append(keys, a.Key)
		}
	}
}
