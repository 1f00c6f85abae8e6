package params

import (
	"math"
	"strings"
	"testing"
)

// testTable has one parameter of every type and a cross-parameter rule.
func testTable() *Table {
	t := NewTable(
		Param{Name: "rule", Label: "Rule", Type: Choice, Choices: []string{"hebb", "bcpnn", "willshaw"}, Default: "bcpnn", Group: "Learning", Hideable: true, Help: "How weights are derived."},
		Param{Name: "N", Type: Int, Min: 4, Max: 1000, Default: "100", Group: "Network", Hideable: true},
		Param{Name: "K", Type: Int, Min: 1, Max: 1000, Default: "10", Group: "Network", Hideable: true},
		Param{Name: "even", Type: Int, Min: 0, Max: 10, Step: 2, Default: "4"},
		Param{Name: "speed", Type: Float, Min: 0.5, Max: 30, Step: 0.5, Default: "3", Unit: "steps/s"},
		Param{Name: "eps", Type: Float, Min: 1e-6, Max: 1, Default: "0.01"},
		Param{Name: "async", Type: Bool, Default: "false", Hideable: true},
		Param{Name: "seed", Type: Int, Min: 0, Max: 1<<31 - 1, Default: "1", ShowIf: "rule=hebb|bcpnn"},
	)
	t.Constrain = func(v *Values) []string {
		if v.Int("K") >= v.Int("N") {
			v.Set("K", float64(v.Int("N")-1))
			return []string{"K must be below N; using " + v.Text("K") + "."}
		}
		return nil
	}
	return t
}

func TestDefaults(t *testing.T) {
	tb := testTable()
	v := tb.Defaults()
	if v.Choice("rule") != "bcpnn" || v.Int("N") != 100 || v.Float("speed") != 3 || v.Bool("async") || v.Int("seed") != 1 {
		t.Fatalf("defaults wrong: %v", v.Map())
	}
	if err := v.InDomain(); err != nil {
		t.Fatal(err)
	}
}

func TestRoundTripEveryParameter(t *testing.T) {
	for _, err := range testTable().CheckRoundTrip() {
		t.Error(err)
	}
}

func TestEncodeFixedOrder(t *testing.T) {
	tb := testTable()
	v := tb.Defaults()
	v.SetText("async", "on")
	got := tb.Encode(v, []string{"async", "rule", "even"}, KV{"lab", "memory"})
	want := "v=1&lab=memory&rule=bcpnn&N=100&K=10&even=4&speed=3&eps=0.01&async=1&seed=1&rule_hide=1&async_hide=1"
	if got != want {
		t.Fatalf("Encode\n got %s\nwant %s", got, want)
	}
}

func TestSetClamping(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		want   string
		notice bool
		err    bool
	}{
		{"N", "5000", "1000", true, false},
		{"N", "-3", "4", true, false},
		{"N", "12.4", "12", false, false},
		{"N", "1e400", "1000", true, false},
		{"N", "-Inf", "4", true, false},
		{"N", "NaN", "100", false, true},
		{"N", "abc", "100", false, true},
		{"even", "5", "6", true, false},
		{"even", "11", "10", true, false},
		{"speed", "2.26", "2.5", true, false},
		{"speed", "0", "0.5", true, false},
		{"eps", "0", "0.000001", true, false},
		{"eps", "0.123456789", "0.123456789", false, false},
		{"async", "yes", "1", false, false},
		{"async", "maybe", "0", false, true},
		{"rule", "WILLSHAW", "willshaw", false, false},
		{"rule", "bayes", "bcpnn", false, true},
		{"K", "500", "99", true, false}, // constraint K < N
	}
	for _, tc := range tests {
		t.Run(tc.name+"="+tc.text, func(t *testing.T) {
			v := testTable().Defaults()
			notes, err := v.SetText(tc.name, tc.text)
			if (err != nil) != tc.err {
				t.Fatalf("err = %v, want error %v", err, tc.err)
			}
			if got := v.Text(tc.name); got != tc.want && !(tc.name == "eps" && got == "1e-06" && tc.want == "0.000001") {
				t.Fatalf("value %s, want %s", got, tc.want)
			}
			if (len(notes) > 0) != tc.notice {
				t.Fatalf("notices %q, want notice %v", notes, tc.notice)
			}
			if err := v.InDomain(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestSetAny(t *testing.T) {
	tests := []struct {
		name string
		val  any
		want string
		err  bool
	}{
		{"N", 50.0, "50", false},
		{"N", "60", "60", false},
		{"N", true, "100", true},
		{"rule", 0.0, "hebb", false},
		{"rule", 7.0, "bcpnn", true},
		{"rule", "hebb", "hebb", false},
		{"async", true, "1", false},
		{"async", 1.0, "1", false},
		{"nope", 1.0, "", true},
		{"N", []int{1}, "100", true},
	}
	for _, tc := range tests {
		v := testTable().Defaults()
		_, err := v.SetAny(tc.name, tc.val)
		if (err != nil) != tc.err {
			t.Errorf("SetAny(%s, %v): err %v", tc.name, tc.val, err)
			continue
		}
		if tc.want != "" && v.Text(tc.name) != tc.want {
			t.Errorf("SetAny(%s, %v) = %s, want %s", tc.name, tc.val, v.Text(tc.name), tc.want)
		}
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		desc    string
		hash    string
		want    map[string]string // values expected (others: default)
		notices int               // exact number of notices
		hidden  []string
		extra   map[string]string
	}{
		{"empty", "", nil, 0, nil, nil},
		{"hash only", "#", nil, 0, nil, nil},
		{"clean", "#v=1&lab=memory&rule=hebb&N=30&K=3", map[string]string{"rule": "hebb", "N": "30", "K": "3"}, 0, nil, map[string]string{"lab": "memory"}},
		{"no version", "rule=willshaw", map[string]string{"rule": "willshaw"}, 0, nil, nil},
		{"clamped", "v=1&N=99999&speed=0.01", map[string]string{"N": "1000", "speed": "0.5"}, 2, nil, nil},
		{"bad value keeps default only for that key", "v=1&N=abc&K=7", map[string]string{"N": "100", "K": "7"}, 1, nil, nil},
		{"unknown key", "v=1&bogus=3&K=7", map[string]string{"K": "7"}, 1, nil, nil},
		{"future version", "v=9&K=7&newthing=1", map[string]string{"K": "7"}, 2, nil, nil},
		{"bad version", "v=x&K=7", map[string]string{"K": "7"}, 1, nil, nil},
		{"zero version", "v=0&K=7", map[string]string{"K": "7"}, 1, nil, nil},
		{"hide", "v=1&rule_hide=1&async_hide=true&N_hide=0", nil, 0, []string{"rule", "async"}, nil},
		{"hide not hideable", "v=1&speed_hide=1&zzz_hide=1&rule_hide=2", nil, 3, nil, nil},
		{"no equals", "v=1&K&N=50", map[string]string{"N": "50"}, 1, nil, nil},
		{"bad escape", "v=1&N=%zz&K=%41", map[string]string{"K": "10"}, 2, nil, nil},
		{"duplicate", "v=1&N=50&N=60", map[string]string{"N": "60"}, 1, nil, nil},
		{"constraint", "v=1&K=50&N=20", map[string]string{"N": "20", "K": "19"}, 1, nil, nil},
		{"escaped values", "v=1&rule=%57illshaw", map[string]string{"rule": "willshaw"}, 0, nil, nil},
		{"garbage", "#%%%&&&==&=&\x00\xff", nil, 4, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			tb := testTable()
			l := tb.Decode(tc.hash, "lab")
			def := tb.Defaults()
			for _, p := range tb.Params() {
				want := def.Text(p.Name)
				if w, ok := tc.want[p.Name]; ok {
					want = w
				}
				if got := l.Values.Text(p.Name); got != want {
					t.Errorf("%s = %s, want %s", p.Name, got, want)
				}
			}
			if len(l.Notices) != tc.notices {
				t.Errorf("notices %q, want %d", l.Notices, tc.notices)
			}
			if strings.Join(l.Hidden, ",") != strings.Join(tc.hidden, ",") {
				t.Errorf("hidden %v, want %v", l.Hidden, tc.hidden)
			}
			for k, v := range tc.extra {
				if l.Extra[k] != v {
					t.Errorf("extra %s = %q, want %q", k, l.Extra[k], v)
				}
			}
			if err := l.Values.InDomain(); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestDecodeNoticeLimit(t *testing.T) {
	tb := testTable()
	h := ""
	for i := 0; i < 50; i++ {
		h += "junk" + strings.Repeat("x", i) + "=1&"
	}
	l := tb.Decode(h)
	if len(l.Notices) != maxNotices+1 || !strings.Contains(l.Notices[maxNotices], "42 more") {
		t.Fatalf("notices: %d %q", len(l.Notices), l.Notices[len(l.Notices)-1])
	}
}

// TestOldVersionMigration shows how a renamed parameter keeps old links
// working: version 2 of a table renamed "cells" to "N"; a v=1 link still opens.
func TestOldVersionMigration(t *testing.T) {
	tb := testTable()
	tb.Version = 2
	tb.Migrations = map[int]func([]KV) []KV{
		1: func(kv []KV) []KV {
			for i := range kv {
				if kv[i].Key == "cells" {
					kv[i].Key = "N"
				}
			}
			return kv
		},
	}
	tests := []struct {
		hash    string
		wantN   string
		notices int
	}{
		{"v=1&cells=40", "40", 0},
		{"v=2&N=41", "41", 0},
		{"v=2&cells=40", "100", 1}, // v2 links must use the new name
		{"v=3&N=42", "42", 1},
	}
	for _, tc := range tests {
		l := tb.Decode(tc.hash)
		if l.Values.Text("N") != tc.wantN || len(l.Notices) != tc.notices {
			t.Errorf("%s: N=%s notices %q; want N=%s and %d notices", tc.hash, l.Values.Text("N"), l.Notices, tc.wantN, tc.notices)
		}
	}
	if s := tb.Encode(tb.Defaults(), nil); !strings.HasPrefix(s, "v=2&") {
		t.Errorf("Encode writes %s", s)
	}
}

func TestNewTablePanics(t *testing.T) {
	bad := []Param{
		{Name: "", Type: Int, Max: 1, Default: "0"},
		{Name: "a b", Type: Int, Max: 1, Default: "0"},
		{Name: "x_hide", Type: Int, Max: 1, Default: "0"},
		{Name: "v", Type: Int, Max: 1, Default: "0"},
		{Name: "x", Type: Int, Min: 2, Max: 1, Default: "0"},
		{Name: "x", Type: Int, Min: 0, Max: 5, Default: "9"},
		{Name: "x", Type: Float, Min: 0, Max: math.Inf(1), Default: "0"},
		{Name: "x", Type: Choice, Default: "a"},
		{Name: "x", Type: Choice, Choices: []string{"a", "a"}, Default: "a"},
		{Name: "x", Type: Choice, Choices: []string{"a"}, ChoiceLabels: []string{"A", "B"}, Default: "a"},
		{Name: "x", Type: Bool, Default: "perhaps"},
		{Name: "x", Type: Bool, Default: "0", ShowIf: "nothere=1"},
		{Name: "x", Type: Type(9), Default: "0"},
	}
	for _, p := range bad {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewTable(%+v) did not panic", p)
				}
			}()
			NewTable(p)
		}()
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("duplicate name did not panic")
			}
		}()
		NewTable(Param{Name: "a", Type: Bool, Default: "0"}, Param{Name: "a", Type: Bool, Default: "0"})
	}()
}

func TestSchema(t *testing.T) {
	s := testTable().Schema()
	if len(s) != 8 || s[0].Name != "rule" || s[0].Type != "choice" || len(s[0].ChoiceLabels) != 3 || s[1].Label != "N" {
		t.Fatalf("schema: %+v", s[:2])
	}
	if s[3].Step != 2 || s[1].Step != 1 || s[7].ShowIf != "rule=hebb|bcpnn" {
		t.Fatalf("schema steps: %+v", s)
	}
	for _, p := range s {
		if p.Choices == nil || p.ChoiceLabels == nil {
			t.Fatalf("nil slices in %+v", p)
		}
	}
}

func TestHiddenSorted(t *testing.T) {
	got := testTable().HiddenSorted([]string{"async", "speed", "rule", "rule", "nope"})
	if strings.Join(got, ",") != "rule,async" {
		t.Fatalf("got %v", got)
	}
}

func TestPeekExtra(t *testing.T) {
	if got := PeekExtra("#v=1&lab=memory&x=2", "lab"); got != "memory" {
		t.Fatal(got)
	}
	if got := PeekExtra("#%%", "lab"); got != "" {
		t.Fatal(got)
	}
}

func TestValuesMapAndEqual(t *testing.T) {
	tb := testTable()
	v := tb.Defaults()
	m := v.Map()
	if m["rule"] != "bcpnn" || m["N"] != 100 || m["speed"] != 3.0 || m["async"] != false {
		t.Fatalf("map %v", m)
	}
	w := v.Clone()
	w.Set("N", 50)
	if v.Equal(w) || v.Int("N") != 100 {
		t.Fatal("Clone is not independent")
	}
	if !v.Equal(tb.Defaults()) || v.Equal(testTable().Defaults()) {
		t.Fatal("Equal must compare values of the same table")
	}
}
