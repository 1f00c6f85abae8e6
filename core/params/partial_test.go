package params

import (
	"reflect"
	"strings"
	"testing"
)

func TestDecodePartial(t *testing.T) {
	got, err := DecodePartial([]byte(`{"rule":"hebb","N":30,"on":true,"K":null,"M":[1],"x":{"a":1},"big":1e400}`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"rule": "hebb", "N": 30.0, "on": true, "K": "<null>", "M": "<array>", "x": "<object>", "big": "<number out of range>"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for _, tc := range []struct{ text, want string }{
		{`[1]`, "JSON object"},
		{`null`, "JSON object"},
		{`{"a":1`, "JSON object"},
		{`{"a":1} {}`, "nothing after it"},
		{`{"a":"` + strings.Repeat("x", MaxPartialBytes) + `"}`, "at most 65536"},
	} {
		if _, err := DecodePartial([]byte(tc.text)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%.20s: error %v, want one saying %q", tc.text, err, tc.want)
		}
	}
}

func TestSetPartialNamesRefusedKeys(t *testing.T) {
	tb := testTable()
	start := tb.Defaults()
	next, notes := start.SetPartial(map[string]any{"N": 2000.0, "rule": "<object>", "nosuch": 1.0, "K": "5"})
	if !start.Equal(tb.Defaults()) {
		t.Fatal("the starting values changed")
	}
	if next.Int("N") != 1000 || next.Int("K") != 5 || next.Choice("rule") != "bcpnn" {
		t.Fatalf("values %v", next.Map())
	}
	all := strings.Join(notes, " | ")
	for _, s := range []string{"N=2000 is above the maximum", `rule: "<object>" is not one of`, `unknown setting "nosuch"`} {
		if !strings.Contains(all, s) {
			t.Errorf("notices %q lack %q", all, s)
		}
	}
}
