package memorylab

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"hebbplay/core/pattern"
)

// randomEdit changes a drawn cue the way clicks do: n clicks on random units.
func randomEdit(r *rand.Rand, s pattern.Shape, drawn pattern.Pattern, n int) pattern.Pattern {
	p := slices.Clone(drawn)
	for range n {
		u := int32(r.IntN(s.N))
		if s.Kind == pattern.Modular {
			p[int(u)/s.M] = u
			continue
		}
		if i, found := slices.BinarySearch(p, u); found {
			p = slices.Delete(p, i, i+1)
		} else {
			p = slices.Insert(p, i, u)
		}
	}
	return p
}

// Any edit clicks can make survives the encoding: decoding the encoded edit
// of the drawn cue gives the edited cue back, and no edit encodes as "".
func TestCueEditRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, s := range []pattern.Shape{must(pattern.NewModular(10, 10)), must(pattern.NewModular(64, 64)), must(pattern.NewKofN(49, 5)), must(pattern.NewKofN(4096, 40))} {
		for k := range 200 {
			drawn := pattern.Random(nil, r, s)
			edited := randomEdit(r, s, drawn, 1+k%7)
			text := EncodeCueEdit(s, drawn, edited)
			if pattern.Equal(drawn, edited) {
				if text != "" {
					t.Fatalf("%s: no edit encodes as %q", s, text)
				}
				continue
			}
			got, err := DecodeCueEdit(s, drawn, text)
			if err != nil || !pattern.Equal(got, edited) {
				t.Fatalf("%s: %v → %q → %v, %v", s, edited, text, got, err)
			}
		}
	}
	// A known answer: drawn {3, 15, 27} in a 3×10 net, hypercolumn 1 moved
	// to unit 12: the units switched are 12 and 15.
	s := must(pattern.NewModular(3, 10))
	text := EncodeCueEdit(s, pattern.Pattern{3, 15, 27}, pattern.Pattern{3, 12, 27})
	if !strings.HasPrefix(text, "1-") || !strings.HasSuffix(text, "-12.15") {
		t.Fatalf("encoding %q", text)
	}
}

func must(s pattern.Shape, err error) pattern.Shape {
	if err != nil {
		panic(err)
	}
	return s
}

// Bad values are refused with a reason, never applied, and never panic:
// other versions, another cue's check, units out of range, unsorted or
// repeated units, a modular cue left with two active units in a
// hypercolumn, and random garbage.
func TestCueEditBadInput(t *testing.T) {
	s := must(pattern.NewModular(3, 10))
	drawn := pattern.Pattern{3, 15, 27}
	ok := EncodeCueEdit(s, drawn, pattern.Pattern{3, 12, 27})
	check := strings.Split(ok, "-")[1]
	for text, want := range map[string]string{
		"":                                     "version-check-units",
		"1":                                    "version-check-units",
		"2-" + check + "-12.15":                "version",
		"1-zzzz-12.15":                         "another cue",
		"1-" + check + "-":                     "unit",
		"1-" + check + "-12.x":                 "unit",
		"1-" + check + "-12.30":                "0…29",
		"1-" + check + "--1":                   "version-check-units",
		"1-" + check + "-15.12":                "increasing",
		"1-" + check + "-12.12":                "increasing",
		"1-" + check + "-012.15":               "unit",
		"1-" + check + "-12":                   "hypercolumn",
		"1-" + check + "-3.15":                 "hypercolumn",
		"1-" + check + "-1.12.15":              "hypercolumn",
		"1-" + check + "-99999999999999999999": "unit",
	} {
		got, err := DecodeCueEdit(s, drawn, text)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, %v; want an error about %q", text, got, err, want)
		}
	}
	if _, err := DecodeCueEdit(s, drawn, ok); err != nil {
		t.Fatalf("the good value %q: %v", ok, err)
	}
	// Garbage: random mutations of a good value either fail or give a valid
	// cue of the shape.
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte("0123456789.-az")
	for range 5000 {
		b := []byte(ok)
		for range 1 + r.IntN(3) {
			i := r.IntN(len(b) + 1)
			switch r.IntN(3) {
			case 0:
				b = slices.Insert(b, i, alphabet[r.IntN(len(alphabet))])
			case 1:
				if i < len(b) {
					b = slices.Delete(b, i, i+1)
				}
			default:
				if i < len(b) {
					b[i] = alphabet[r.IntN(len(alphabet))]
				}
			}
		}
		got, err := DecodeCueEdit(s, drawn, string(b))
		if err != nil {
			continue
		}
		if len(got) != s.H || !slices.IsSorted(got) {
			t.Fatalf("%q decoded to an invalid cue %v", b, got)
		}
		for h, u := range got {
			if int(u)/s.M != h {
				t.Fatalf("%q decoded to an invalid cue %v", b, got)
			}
		}
	}
}

// An edited cue is in the permalink: the link opens with the same cue, the
// same recall and the same pixels; a broken value opens the drawn cue with
// a notice; a change that draws another cue drops the edit.
func TestEditedCueInPermalink(t *testing.T) {
	for _, h := range []string{"v=1&npat=30&nflip=2&autoplay=0", "v=1&kind=kofn&N=64&K=6&npat=12&autoplay=0"} {
		s := open(t, h)
		l := s.Lab.(*Lab)
		l.Views()
		drawnText := s.State().Summary
		// Edit by clicking two units (the cue view's pixel grid).
		for _, u := range []int{5, 17} {
			c := l.cueGrid.CellRect(u).Min
			if !s.Click(viewCue, c.X+1, c.Y+1) {
				t.Fatalf("%s: the click on unit %d changed nothing", h, u)
			}
		}
		st := s.State()
		if !st.Summary["cueEdited"].(bool) || !strings.Contains(st.Hash, "&cueedit=1-") {
			t.Fatalf("%s: edited cue, hash %s", h, st.Hash)
		}
		if slices.Equal(st.Summary["cue"].([]any), drawnText["cue"].([]any)) {
			t.Fatalf("%s: the clicks did not change the cue", h)
		}
		fresh := open(t, st.Hash)
		if n := fresh.Notices(); len(n) > 0 {
			t.Fatalf("%s: notices %q", h, n)
		}
		if !bytes.Equal(pixels(s), pixels(fresh)) || fresh.Hash() != st.Hash {
			t.Fatalf("%s: the permalink does not reproduce the edited cue", h)
		}
		for _, k := range []string{"cue", "state", "correct", "overlap", "iterations"} {
			a, b := st.Summary[k], fresh.State().Summary[k]
			if as, ok := a.([]any); ok {
				if !slices.Equal(as, b.([]any)) {
					t.Fatalf("%s: %s %v, reopened %v", h, k, a, b)
				}
			} else if a != b {
				t.Fatalf("%s: %s %v, reopened %v", h, k, a, b)
			}
		}
		// A broken value: the drawn cue and a notice.
		broken := open(t, strings.Replace(st.Hash, "cueedit=1-", "cueedit=1-x", 1))
		if n := broken.Notices(); len(n) != 1 || !strings.Contains(n[0], "hand-edited cue") {
			t.Fatalf("%s: notices %q", h, n)
		}
		if broken.State().Summary["cueEdited"].(bool) || strings.Contains(broken.Hash(), "cueedit") {
			t.Fatalf("%s: a broken edit was applied", h)
		}
		// Another cue number draws another cue: the edit goes.
		s.Do("newcue")
		if strings.Contains(s.Hash(), "cueedit") || s.State().Summary["cueEdited"].(bool) {
			t.Fatalf("%s: the edit survived a new cue", h)
		}
	}
}

// FuzzCueEdit feeds arbitrary cueedit values (a permalink's) to the
// decoder, for a modular and a K-of-N cue. Invariants: nothing panics; an
// accepted value gives a valid cue of the shape, and is the one canonical
// encoding of that edit.
func FuzzCueEdit(f *testing.F) {
	mod := must(pattern.NewModular(3, 10))
	kofn := must(pattern.NewKofN(20, 4))
	drawnMod, drawnK := pattern.Pattern{3, 15, 27}, pattern.Pattern{1, 5, 9, 13}
	f.Add(EncodeCueEdit(mod, drawnMod, pattern.Pattern{3, 12, 27}))
	f.Add(EncodeCueEdit(kofn, drawnK, pattern.Pattern{1, 2, 5, 9, 13}))
	f.Add("1-zzz-1.2")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		for _, c := range []struct {
			s     pattern.Shape
			drawn pattern.Pattern
		}{{mod, drawnMod}, {kofn, drawnK}} {
			got, err := DecodeCueEdit(c.s, c.drawn, text)
			if err != nil {
				if err.Error() == "" {
					t.Fatalf("%q: an error without a reason", text)
				}
				continue
			}
			if !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
				t.Fatalf("%q: cue %v is not a set of units", text, got)
			}
			for _, u := range got {
				if u < 0 || int(u) >= c.s.N {
					t.Fatalf("%q: unit %d outside the net", text, u)
				}
			}
			if c.s.Kind == pattern.Modular {
				for h, u := range got {
					if len(got) != c.s.H || int(u)/c.s.M != h {
						t.Fatalf("%q: %v is not a modular cue", text, got)
					}
				}
			}
			if again := EncodeCueEdit(c.s, c.drawn, got); again != text {
				t.Fatalf("%q accepted, but the edit encodes as %q", text, again)
			}
		}
	})
}
