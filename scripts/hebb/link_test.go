package main

import (
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"hebbplay/core/lab"
	"hebbplay/core/lab/memorylab"
	"hebbplay/core/params"
)

// pageLinks are permalinks the page makes, small enough to run here.
var pageLinks = []string{
	"v=1&lab=memory&screen=experiments&exp=storage&H=8&M=8&exp_rules=hebb,bcpnn&exp_reps=2&nflip=1&seed=7",
	"v=1&lab=memory&screen=experiments&exp=proto&kind=kofn&N=60&K=6&exp_rules=hebb,bayes&exp_pmax=5&exp_reps=2&update=async&ties=random&seed=9",
	"v=1&lab=memory&screen=experiments&exp=corr&exp_corr=zipf&H=6&M=6&exp_rules=willshaw&exp_reps=2&ninst=2&nflip_train=1.5",
	"v=1&lab=memory&screen=playground&exp=storage&H=6&M=7&exp_rules=hopfield&exp_reps=1&eps=pseudocount",
}

// canonical is the page's own link of a hash: what it shows in the URL.
func canonical(t *testing.T, hash string) (string, params.Values) {
	t.Helper()
	tb := memorylab.Table()
	l := tb.Decode(hash, "lab")
	if len(l.Notices) > 0 {
		t.Fatalf("%s: %v", hash, l.Notices)
	}
	return tb.Encode(l.Values, nil, params.KV{Key: "lab", Value: memorylab.ID}), l.Values
}

// nativeArgs are the arguments of the page's native command line.
func nativeArgs(t *testing.T, v params.Values) []string {
	t.Helper()
	line := lab.NativeCommand(memorylab.ID, v)
	if line != memorylab.NativeCommand(v) {
		t.Fatalf("lab.NativeCommand %q, memorylab.NativeCommand %q", line, memorylab.NativeCommand(v))
	}
	args, ok := strings.CutPrefix(line, "go run ./scripts/hebb ")
	if !ok {
		t.Fatalf("native command %q", line)
	}
	return strings.Split(args, " ")
}

// TestLinkEqualsNativeCommand: -link with the page's permalink and the
// page's native command line parse to the same configuration, whose flags
// are the native line's (permalink → flags → permalink), and the command
// prints the same bytes with either.
func TestLinkEqualsNativeCommand(t *testing.T) {
	tb := memorylab.Table()
	for _, hash := range pageLinks {
		link, v := canonical(t, hash)
		args := nativeArgs(t, v)
		byLink, err := parse([]string{"-link", "http://127.0.0.1:8080/#" + link}, io.Discard)
		if err != nil {
			t.Fatalf("%s: %v", link, err)
		}
		byFlags, err := parse(args, io.Discard)
		if err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		if byLink.name != byFlags.name || !reflect.DeepEqual(byLink.cfg, byFlags.cfg) ||
			!reflect.DeepEqual(byLink.ps, byFlags.ps) || !reflect.DeepEqual(byLink.knobs, byFlags.knobs) {
			t.Fatalf("%s:\n-link %s %+v %v %v\nflags %s %+v %v %v", link, byLink.name, byLink.cfg, byLink.ps, byLink.knobs,
				byFlags.name, byFlags.cfg, byFlags.ps, byFlags.knobs)
		}
		spec := (*memorylab.Lab)(nil).NativeSpec(v)
		back := append([]string{v.Choice("exp")}, tb.CommandLine(byFlags.values, spec.Params)...)
		back = append(back, "-format", "json")
		if strings.Join(back, " ") != strings.Join(args, " ") {
			t.Errorf("flags → permalink → flags:\n%s\nwant\n%s", strings.Join(back, " "), strings.Join(args, " "))
		}
		// The page's configuration itself reads back from the flags.
		for _, n := range spec.Params {
			if byFlags.values.Text(n) != v.Text(n) || byLink.values.Text(n) != v.Text(n) {
				t.Errorf("%s: %s is %s by flags, %s by -link, want %s", link, n, byFlags.values.Text(n), byLink.values.Text(n), v.Text(n))
			}
		}
		a, err := runArgs(t, "-link", link, "-format", "csv", "-quiet")
		if err != nil {
			t.Fatal(err)
		}
		b, err := runArgs(t, append(args, "-format", "csv", "-quiet")...)
		if err != nil || a != b || a == "" {
			t.Fatalf("%s: output by -link\n%s\nby the native line (%v)\n%s", link, a, err, b)
		}
	}
}

// TestBadLink: a link the page would not open as it is, or one of another
// lab, is a usage error (exit 2) that says why.
func TestBadLink(t *testing.T) {
	for _, tc := range []struct{ link, want string }{
		{"v=1&lab=memory&H=99", "H=99 is above the maximum"},
		{"v=1&lab=memory&rule=oja", `"oja" is not one of`},
		{"v=1&lab=memory&zap=1", `unknown setting`},
		{"v=9&lab=memory", "newer version"},
		{"v=1&lab=sparse&H=10", `the link is for the "sparse" lab`},
		{"#", "the link is empty"},
		{"v=1&lab=memory&kind=kofn&N=10&K=10", "K must be below N"},
	} {
		_, err := runArgs(t, "storage", "-link", tc.link, "-quiet")
		var u usageError
		if err == nil || !errors.As(err, &u) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("-link %q: error %v, want a usage error containing %q", tc.link, err, tc.want)
		}
	}
	// Flags after -link override it.
	o, err := parse([]string{"-link", "v=1&lab=memory&exp=proto&H=9", "-H", "7"}, io.Discard)
	if err != nil || o.name != "proto" || o.cfg.Shape.H != 7 {
		t.Fatalf("override: %+v %v", o, err)
	}
	if err := run(context.Background(), []string{"-H", "7"}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "name an experiment") {
		t.Fatalf("no experiment and no link: %v", err)
	}
}

// A page's permalink with a hand-edited cue (cueedit=, which no experiment
// uses) runs the same configuration as the link without it.
func TestLinkWithEditedCue(t *testing.T) {
	s, err := lab.Open("v=1&lab=memory&H=6&M=6&npat=10&exp_rules=hebb&exp_reps=1&autoplay=0")
	if err != nil {
		t.Fatal(err)
	}
	s.Lab.Views()
	for x := 0; x < 260 && !strings.Contains(s.Hash(), "&cueedit="); x += 5 {
		s.Click("cue", x, 30)
	}
	edited := s.Hash()
	plain, _, _ := strings.Cut(edited, "&cueedit=")
	if edited == plain {
		t.Fatal("no click edited the cue")
	}
	a, err := parse([]string{"storage", "-link", edited}, io.Discard)
	if err != nil {
		t.Fatalf("-link with an edited cue: %v", err)
	}
	b, err := parse([]string{"storage", "-link", plain}, io.Discard)
	if err != nil || !a.values.Equal(b.values) || !reflect.DeepEqual(a.cfg, b.cfg) {
		t.Fatalf("the edited cue's link means another configuration: %v", err)
	}
}

// FuzzLink feeds arbitrary links to -link. Invariants: nothing panics; a
// refused link is a usage error with a reason; an accepted one gives a
// configuration inside the table's domain that the core accepts, and the
// page's canonical form of it is accepted again as the same configuration.
func FuzzLink(f *testing.F) {
	for _, l := range pageLinks {
		f.Add(l)
	}
	f.Add("v=1&lab=memory&H=99")
	f.Add("v=0&lab=dopamine&&=&%zz")
	f.Add("http://x/#v=1&exp=corr&exp_corr=hierarchical&exp_parents=100")
	f.Fuzz(func(t *testing.T, link string) {
		o, err := parse([]string{"-link", link}, io.Discard)
		if err != nil {
			var u usageError
			if !errors.As(err, &u) || err.Error() == "" {
				t.Fatalf("%q: %v is not a usage error with a reason", link, err)
			}
			return
		}
		if err := o.values.InDomain(); err != nil {
			t.Fatal(err)
		}
		if err := o.cfg.Validate(); err != nil {
			t.Fatalf("%q accepted with an invalid configuration: %v", link, err)
		}
		again := memorylab.Table().Encode(o.values, nil, params.KV{Key: "lab", Value: memorylab.ID})
		o2, err := parse([]string{"-link", again}, io.Discard)
		if err != nil || !o2.values.Equal(o.values) || !reflect.DeepEqual(o2.cfg, o.cfg) {
			t.Fatalf("%q → %q: %v", link, again, err)
		}
	})
}
