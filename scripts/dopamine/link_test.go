package main

import (
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"

	"hebbplay/core/lab"
	"hebbplay/core/lab/dopaminelab"
	"hebbplay/core/params"
)

// pageLinks are permalinks the page makes, small enough to run here.
var pageLinks = []string{
	"v=1&lab=dopamine&task=xor&hidden_xor=3&show_sgd=0&show_adam=0&lr_wp_xor=0.5&steps_xor=200&seed=4&K=2",
	"v=1&lab=dopamine&task=mackey-glass&hidden_mg=3&show_wp=0&steps_mg=100&horizon=40&beta=0.8&baseline_first=1&views=loss",
}

// canonical is the page's own link of a hash and its configuration.
func canonical(t *testing.T, hash string) (string, params.Values) {
	t.Helper()
	tb := dopaminelab.Table()
	l := tb.Decode(hash, "lab")
	if len(l.Notices) > 0 {
		t.Fatalf("%s: %v", hash, l.Notices)
	}
	return tb.Encode(l.Values, nil, params.KV{Key: "lab", Value: dopaminelab.ID}), l.Values
}

// TestLinkEqualsNativeCommand: -link with the page's permalink and the
// page's native command line parse to the same configuration, the line's
// flags read back to the page's values (permalink → flags → permalink),
// and the command prints the same bytes with either.
func TestLinkEqualsNativeCommand(t *testing.T) {
	tb := dopaminelab.Table()
	for _, hash := range pageLinks {
		link, v := canonical(t, hash)
		line := lab.NativeCommand(dopaminelab.ID, v)
		rest, ok := strings.CutPrefix(line, "go run ./scripts/dopamine ")
		if !ok {
			t.Fatalf("native command %q", line)
		}
		args := strings.Split(rest, " ")
		byLink, err := parse([]string{"-link", "https://example.org/hebbplay/#" + link}, io.Discard)
		if err != nil {
			t.Fatalf("%s: %v", link, err)
		}
		byFlags, err := parse(args, io.Discard)
		if err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		byLink.values, byFlags.values = params.Values{}, params.Values{}
		byLink.format = byFlags.format
		if !reflect.DeepEqual(byLink, byFlags) {
			t.Fatalf("%s:\n-link %+v\nflags %+v", link, byLink, byFlags)
		}
		spec := (*dopaminelab.Lab)(nil).NativeSpec(v)
		o, _ := parse(args, io.Discard)
		if got := strings.Join(append(tb.CommandLine(o.values, spec.Params), "-format", "json"), " "); got != rest {
			t.Errorf("flags → values → flags:\n%s\nwant\n%s", got, rest)
		}
		for _, n := range spec.Params {
			if o.values.Text(n) != v.Text(n) {
				t.Errorf("%s: %s is %s, want %s", link, n, o.values.Text(n), v.Text(n))
			}
		}
		var a, b, errb bytes.Buffer
		if code := run([]string{"-link", link, "-format", "csv"}, &a, &errb); code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		if code := run(append(args, "-format", "csv"), &b, &errb); code != 0 || a.String() != b.String() || a.Len() == 0 {
			t.Fatalf("%s: by -link\n%s\nby the native line (exit %d)\n%s", link, a.String(), code, b.String())
		}
	}
}

// TestBadLink: a link the page would not open as it is, or one of another
// lab, is refused with the reason and exit status 2.
func TestBadLink(t *testing.T) {
	for _, tc := range []struct{ link, want string }{
		{"v=1&lab=dopamine&hidden_xor=99", "hidden_xor=99 is above the maximum"},
		{"v=1&lab=dopamine&task=mnist", `"mnist" is not one of`},
		{"v=1&lab=memory&H=10", `the link is for the "memory" lab`},
		{"v=1&lab=dopamine&show_sgd=0&show_adam=0&show_wp=0&show_dopamine=0", "At least one optimizer"},
		{"", "the link is empty"},
	} {
		var out, errb bytes.Buffer
		code := run([]string{"-link", tc.link}, &out, &errb)
		if code != 2 || !strings.Contains(errb.String(), tc.want) || out.Len() != 0 {
			t.Errorf("-link %q: exit %d, stderr %q, want 2 and %q", tc.link, code, errb.String(), tc.want)
		}
	}
}

// FuzzLink feeds arbitrary links to -link. Invariants: nothing panics; a
// refused link has a reason; an accepted one gives a configuration inside
// the table's domain that the core accepts, with at least one optimizer,
// and its canonical link reads back to the same options.
func FuzzLink(f *testing.F) {
	for _, l := range pageLinks {
		f.Add(l)
	}
	f.Add("v=1&lab=dopamine&target_mg=0.0000001&steps_xor=150")
	f.Add("#v=0&&task=mackey-glass&horizon=9999")
	f.Fuzz(func(t *testing.T, link string) {
		o, err := parse([]string{"-link", link}, io.Discard)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if err := o.values.InDomain(); err != nil {
			t.Fatal(err)
		}
		if err := o.cfg.Validate(); err != nil || len(o.methods) == 0 || o.steps < 1 {
			t.Fatalf("%q accepted as %+v: %v", link, o, err)
		}
		again := dopaminelab.Table().Encode(o.values, nil, params.KV{Key: "lab", Value: dopaminelab.ID})
		o2, err := parse([]string{"-link", again}, io.Discard)
		if err != nil || !o2.values.Equal(o.values) || !reflect.DeepEqual(o2.cfg, o.cfg) {
			t.Fatalf("%q → %q: %v", link, again, err)
		}
	})
}

// TestExitCodes: 0 for a run and for -h, 1 for a failure at run time (a
// trace file that cannot be created), 2 for a bad command line.
func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"-steps", "100", "-opt", "sgd"}, 0},
		{[]string{"-h"}, 0},
		{[]string{"-steps", "100", "-trace", "/nonexistent-dir/trace.csv"}, 1},
		{[]string{"-steps", "150"}, 2},
	} {
		if got := run(tc.args, io.Discard, io.Discard); got != tc.want {
			t.Errorf("%q: exit %d, want %d", tc.args, got, tc.want)
		}
	}
}
