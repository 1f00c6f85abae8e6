package params

import (
	"slices"
	"strings"
	"testing"
)

func multiTable() *Table {
	return NewTable(
		Param{Name: "rules", Type: Multi, Choices: []string{"hebb", "cov", "bcpnn"}, Default: "hebb,bcpnn", Group: "g"},
		Param{Name: "n", Type: Int, Min: 1, Max: 9, Default: "3"},
	)
}

func TestMulti(t *testing.T) {
	tb := multiTable()
	v := tb.Defaults()
	if got := v.Multi("rules"); !slices.Equal(got, []string{"hebb", "bcpnn"}) {
		t.Fatalf("default %v", got)
	}
	for _, tc := range []struct {
		in   string
		want string
		err  bool
	}{
		{"cov", "cov", false},
		{"BCPNN, hebb", "hebb,bcpnn", false}, // table order, case-insensitive
		{"hebb,cov,bcpnn", "hebb,cov,bcpnn", false},
		{"oja", "", true},
		{"", "hebb,bcpnn", false}, // empty falls back to the default
	} {
		v := tb.Defaults()
		_, err := v.SetText("rules", tc.in)
		if (err != nil) != tc.err {
			t.Errorf("%q: error %v", tc.in, err)
			continue
		}
		if !tc.err && v.Text("rules") != tc.want {
			t.Errorf("%q: %q, want %q", tc.in, v.Text("rules"), tc.want)
		}
		if !tc.err && v.Map()["rules"] != tc.want {
			t.Errorf("%q: Map gives %v", tc.in, v.Map()["rules"])
		}
	}
	if h := tb.Encode(tb.Defaults(), nil); !strings.Contains(h, "rules=hebb,bcpnn") {
		t.Errorf("permalink %q: commas should stay readable", h)
	}
	if errs := tb.CheckRoundTrip(); len(errs) > 0 {
		t.Fatal(errs)
	}
	// A permalink with a bad id keeps the default and says so.
	l := tb.Decode("v=1&rules=hebb,oja&n=4")
	if l.Values.Text("rules") != "hebb,bcpnn" || l.Values.Int("n") != 4 || len(l.Notices) != 1 || !strings.Contains(l.Notices[0], "oja") {
		t.Fatalf("decoded %v with notices %q", l.Values.Map(), l.Notices)
	}
	// Numbers are refused for a set.
	v = tb.Defaults()
	if _, err := v.SetAny("rules", 3.0); err == nil {
		t.Error("a number was accepted for a set")
	}
	if tb.Schema()[0].Type != "multi" {
		t.Errorf("schema type %q", tb.Schema()[0].Type)
	}
}

func TestShown(t *testing.T) {
	tb := NewTable(
		Param{Name: "a", Type: Choice, Choices: []string{"x", "y"}, Default: "x"},
		Param{Name: "b", Type: Choice, Choices: []string{"p", "q", "r"}, Default: "p"},
		Param{Name: "c", Type: Int, Min: 0, Max: 5, Default: "1", ShowIf: "a=y&b=q|r;b=p&a=x"},
	)
	for _, tc := range []struct {
		a, b string
		want bool
	}{{"x", "p", true}, {"y", "p", false}, {"y", "q", true}, {"y", "r", true}, {"x", "q", false}} {
		v := tb.Defaults()
		v.SetText("a", tc.a)
		v.SetText("b", tc.b)
		if got := Shown(tb.Params()[2].ShowIf, v); got != tc.want {
			t.Errorf("a=%s b=%s: shown %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
	if !Shown("", tb.Defaults()) {
		t.Error("empty condition hides")
	}
}

func TestDiffers(t *testing.T) {
	tb := multiTable()
	a, b := tb.Defaults(), tb.Defaults()
	b.Set("n", 5)
	if a.Differs(b, "rules") || !a.Differs(b, "n") || !a.Differs(b, "rules", "n") || a.Differs(b) {
		t.Fatal("Differs is wrong")
	}
}
