package mnist

import (
	"bytes"
	"testing"
)

// TestGoMNISTAgrees checks our IDX reader against the module's own.
func TestGoMNISTAgrees(t *testing.T) {
	dir, err := Dir()
	if err != nil {
		t.Fatal(err)
	}
	tr, te, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	gtr, gte, err := LoadGoMNIST(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		a, b *Set
	}{{"train", tr, gtr}, {"test", te, gte}} {
		if !bytes.Equal(c.a.Pixels, c.b.Pixels) || !bytes.Equal(c.a.Labels, c.b.Labels) {
			t.Errorf("%s: our reader and GoMNIST's disagree", c.name)
		}
	}
}
