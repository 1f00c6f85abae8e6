package library

import (
	"strings"
	"testing"

	"hebbplay/core/lab"
)

// editedCueHash is the permalink of a memory playground whose cue was edited
// by a click (the lab writes the edit into the link).
func editedCueHash(t *testing.T) string {
	t.Helper()
	s, err := lab.Open("v=1&lab=memory&npat=30&nflip=2&autoplay=0")
	if err != nil {
		t.Fatal(err)
	}
	s.Lab.Views() // lays out the cue view
	for x := 0; x < 200; x += 7 {
		if s.Click("cue", x, 40) && strings.Contains(s.Hash(), "&cueedit=") {
			return s.Hash()
		}
	}
	t.Fatal("no click edited the cue")
	return ""
}

// A configuration with a hand-edited cue imports with its edit, and a
// damaged edit is refused with the reason.
func TestImportKeepsEditedCue(t *testing.T) {
	h := editedCueHash(t)
	doc := sample()
	cfg(doc, 0)["hash"] = h
	f, err := Import(encode(t, doc))
	if err != nil {
		t.Fatal(err)
	}
	if f.Configs[0].Hash != h {
		t.Fatalf("imported %q\nwant      %q", f.Configs[0].Hash, h)
	}
	cfg(doc, 0)["hash"] = strings.Replace(h, "cueedit=1-", "cueedit=1-q", 1)
	if _, err := Import(encode(t, doc)); err == nil || !strings.Contains(err.Error(), "hand-edited cue") {
		t.Fatalf("a damaged edit: %v", err)
	}
}
