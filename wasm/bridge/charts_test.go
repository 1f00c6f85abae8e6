//go:build js && wasm

package bridge

import (
	"testing"

	"hebbplay/core/lab"
)

// TestPalette checks that the page gets the one palette, every rule
// included (the page's former copy lacked hopfield-dense and bayes-sym).
func TestPalette(t *testing.T) {
	_, _, api := setup(t, "v=1&lab=memory&autoplay=0")
	p := api.Call("getPalette")
	n := 0
	for k, c := range lab.Palette {
		if got := p.Get(k).String(); got != c {
			t.Errorf("palette %s: %q, want %q", k, got, c)
		}
		n++
	}
	for _, k := range []string{"rule/hopfield-dense", "rule/bayes-sym", "method/dopamine", "model/hebbian"} {
		if p.Get(k).IsUndefined() {
			t.Errorf("palette lacks %s", k)
		}
	}
	if n < 20 {
		t.Errorf("palette has %d colours", n)
	}
}
