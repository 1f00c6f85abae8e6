package params

import (
	"flag"
	"io"
	"strings"
	"testing"
)

// parseFlags parses args with the flags generated from tb.
func parseFlags(tb *Table, args ...string) (Values, *flag.FlagSet, error) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := tb.Flags(fs, nil, "memory", nil)
	if err := fs.Parse(args); err != nil {
		return Values{}, fs, err
	}
	v, err := f.Values()
	return v, fs, err
}

// TestFlagsNamedAsTable: one flag per parameter, named as its permalink key,
// whose usage has the table's help, limits and default.
func TestFlagsNamedAsTable(t *testing.T) {
	tb := testTable()
	_, fs, err := parseFlags(tb)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range tb.Params() {
		fl := fs.Lookup(p.Name)
		if fl == nil {
			t.Fatalf("no flag -%s", p.Name)
		}
		if !strings.Contains(fl.Usage, p.Help) || fl.DefValue != p.Default {
			t.Errorf("-%s usage %q lacks the help or the default", p.Name, fl.Usage)
		}
	}
	if u := fs.Lookup("speed").Usage; !strings.Contains(u, "0.5 to 30 in steps of 0.5 steps/s") {
		t.Errorf("speed usage %q lacks the limits", u)
	}
	if fs.Lookup("link") == nil {
		t.Fatal("no -link")
	}
}

// TestFlagsStrict: values the page would clamp are refused with the limit.
func TestFlagsStrict(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-N", "1001"}, "N=1001 is out of range: want a whole number from 4 to 1000"},
		{[]string{"-N", "3"}, "N=3 is out of range"},
		{[]string{"-N", "50.5"}, "N=50.5 is not allowed: want a whole number from 4 to 1000"},
		{[]string{"-even", "3"}, "in steps of 2"},
		{[]string{"-speed", "0.7"}, "nearest: 0.5"},
		{[]string{"-speed", "NaN"}, "not a number"},
		{[]string{"-speed", "1e400"}, "out of range"},
		{[]string{"-rule", "oja"}, "one of hebb, bcpnn, willshaw"},
		{[]string{"-async=maybe"}, "true or false"},
		{[]string{"-N", "50", "-K", "50"}, "K must be below N"},
		{[]string{"-link", "v=1&N=5000"}, "above the maximum"},
		{[]string{"-link", "v=1&nope=1"}, "the link is not valid"},
		{[]string{"-link", "v=1&lab=sparse&N=50"}, `for the "sparse" lab`},
		{[]string{"-link", ""}, "the link is empty"},
		{[]string{"-nope", "1"}, "not defined"},
	} {
		_, _, err := parseFlags(testTable(), tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.args, err, tc.want)
		}
	}
	// The text of a grid point is accepted as that point.
	v, _, err := parseFlags(testTable(), "-speed", "2.5", "-eps", "0.125", "-async", "-K", "999", "-N", "1000")
	if err != nil || v.Float("speed") != 2.5 || v.Float("eps") != 0.125 || !v.Bool("async") || v.Int("K") != 999 {
		t.Fatalf("%v %v", v.Map(), err)
	}
}

// TestFlagsLink: -link reads a whole configuration, a URL or its hash;
// flags after it override it, flags before it are overridden.
func TestFlagsLink(t *testing.T) {
	tb := testTable()
	want := tb.Defaults()
	want.SetText("rule", "willshaw")
	want.SetText("N", "200")
	want.SetText("async", "1")
	link := "http://127.0.0.1:8080/#" + tb.Encode(want, []string{"rule"}, KV{"lab", "memory"})
	v, _, err := parseFlags(tb, "-N", "300", "-link", link)
	if err != nil || !v.Equal(want) {
		t.Fatalf("-link %s: %v, %v", link, v.Map(), err)
	}
	v, _, err = parseFlags(tb, "-link", link, "-N", "300")
	want.SetText("N", "300")
	if err != nil || !v.Equal(want) {
		t.Fatalf("override after -link: %v, %v", v.Map(), err)
	}
}

// TestCommandLineRoundTrip: every sample value of every parameter written
// as flags by CommandLine parses back to the same configuration, and its
// permalink is the one of the original (permalink → flags → permalink).
func TestCommandLineRoundTrip(t *testing.T) {
	tb := testTable()
	var names []string
	for _, p := range tb.Params() {
		names = append(names, p.Name)
	}
	for _, p := range tb.Params() {
		for _, x := range tb.SampleValues(p.Name) {
			v := tb.Defaults()
			v.Set(p.Name, x)
			link := tb.Encode(v, nil, KV{"lab", "memory"})
			l := tb.Decode(link, "lab")
			args := tb.CommandLine(l.Values, names)
			got, _, err := parseFlags(tb, args...)
			if err != nil {
				t.Fatalf("%s: %v", strings.Join(args, " "), err)
			}
			if back := tb.Encode(got, nil, KV{"lab", "memory"}); back != link {
				t.Errorf("%s=%v: %s\nreads back as %s, want %s", p.Name, x, strings.Join(args, " "), back, link)
			}
		}
	}
}
