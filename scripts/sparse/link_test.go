package main

import (
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"

	"hebbplay/core/lab"
	"hebbplay/core/lab/sparselab"
	"hebbplay/core/params"
)

// pageLinks are permalinks the page makes.
var pageLinks = []string{
	"v=1&lab=sparse&H=20&k=2&learners=2&readout=sgd&rate=0.05&eligible=0&seed=3&show=backprop",
	"v=1&lab=sparse&H=16&k=3&eta=0.02&rho=0.35&eta_b=0.005&tau=50&theta=0.002&readout=dopamine&sigma=0.02&nperturb=2&rbatch=4&bp_rate=0.002&bp_batch=8",
}

// short are the command's own settings of a run small enough for a test.
var short = []string{"-train", "300", "-test", "100", "-epochs", "1", "-fewshot", "1,all", "-fewshot-min", "200",
	"-eps", "0,0.2", "-robust-n", "50", "-bins", "6", "-format", "csv"}

// TestLinkEqualsNativeCommand: -link with the page's permalink and the
// page's native command line parse to the same configuration, the line's
// flags read back to the page's values (permalink → flags → permalink),
// and the command prints the same bytes with either.
func TestLinkEqualsNativeCommand(t *testing.T) {
	tb := sparselab.Table()
	for k, hash := range pageLinks {
		l := tb.Decode(hash, "lab")
		if len(l.Notices) > 0 {
			t.Fatalf("%s: %v", hash, l.Notices)
		}
		v := l.Values
		link := tb.Encode(v, nil, params.KV{Key: "lab", Value: sparselab.ID})
		line := lab.NativeCommand(sparselab.ID, v)
		rest, ok := strings.CutPrefix(line, "go run ./scripts/sparse ")
		if !ok {
			t.Fatalf("native command %q", line)
		}
		args := strings.Split(rest, " ")
		byLink, err := parse([]string{"-link", "#" + link}, io.Discard)
		if err != nil {
			t.Fatalf("%s: %v", link, err)
		}
		byFlags, err := parse(args, io.Discard)
		if err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		if !reflect.DeepEqual(byLink.cfg, byFlags.cfg) || byLink.seed != byFlags.seed || byLink.cfg != sparselab.ModelConfig(v) {
			t.Fatalf("%s:\n-link %+v\nflags %+v", link, byLink.cfg, byFlags.cfg)
		}
		spec := (*sparselab.Lab)(nil).NativeSpec(v)
		if got := strings.Join(append(tb.CommandLine(byFlags.values, spec.Params), spec.Tail...), " "); got != rest {
			t.Errorf("flags → values → flags:\n%s\nwant\n%s", got, rest)
		}
		for _, n := range spec.Params {
			if byFlags.values.Text(n) != v.Text(n) {
				t.Errorf("%s: %s is %s, want %s", link, n, byFlags.values.Text(n), v.Text(n))
			}
		}
		if k > 0 || testing.Short() {
			continue // one training run is enough
		}
		var a, b, errb bytes.Buffer
		if code := run(append([]string{"-link", link}, short...), &a, &errb); code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		// The models' flags of the line, without its tail (the page's data
		// and budget: TestExportEqualsCommand runs them).
		args = args[:len(args)-len(spec.Tail)]
		if code := run(append(args, short...), &b, &errb); code != 0 || a.String() != b.String() || a.Len() == 0 {
			t.Fatalf("%s: by -link\n%s\nby the native line (exit %d)\n%s", link, a.String(), code, b.String())
		}
	}
}

// TestBadLink: a link the page would not open as it is, or one of another
// lab, is refused with the reason and exit status 2.
func TestBadLink(t *testing.T) {
	for _, tc := range []struct{ link, want string }{
		{"v=1&lab=sparse&H=1000", "H=1000 is above the maximum"},
		{"v=1&lab=sparse&readout=magic", `"magic" is not one of`},
		{"v=1&lab=dopamine&task=xor", `the link is for the "dopamine" lab`},
		{"v=1&lab=sparse&H=4&k=5", "k cannot exceed"},
		{"v=1&lab=sparse&H", "not a setting of the form name=value"},
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
// the table's domain that the core accepts, and its canonical link reads
// back to the same options.
func FuzzLink(f *testing.F) {
	for _, l := range pageLinks {
		f.Add(l)
	}
	f.Add("v=1&lab=sparse&k=50&learners=50&H=4")
	f.Add("%&v=2&&lab=sparse&rho=0.96")
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
		if err := o.cfg.Validate(); err != nil {
			t.Fatalf("%q accepted with an invalid configuration: %v", link, err)
		}
		again := sparselab.Table().Encode(o.values, nil, params.KV{Key: "lab", Value: sparselab.ID})
		o2, err := parse([]string{"-link", again}, io.Discard)
		if err != nil || !o2.values.Equal(o.values) || o2.cfg != o.cfg {
			t.Fatalf("%q → %q: %v", link, again, err)
		}
	})
}
