package main

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"hebbplay/core/memory"
)

// FuzzLists feeds arbitrary text to the parsers of the command's list flags
// (-rules, -P, -knobs). The command has no permalink input: its outside
// input is its flags, and the rest go through the flag package and the
// configuration's own validation. Invariants: nothing panics, refused text
// gives an error message, and an accepted list written back as a comma list
// parses to the same list.
func FuzzLists(f *testing.F) {
	f.Add("hebb, bcpnn,willshaw")
	f.Add("all")
	f.Add("50,100, 200")
	f.Add("0.5,1e-3,-2,Inf")
	f.Add(",,")
	f.Fuzz(func(t *testing.T, s string) {
		if rules, err := parseRules(s); err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
		} else {
			names := make([]string, len(rules))
			for i, r := range rules {
				if _, err := memory.ParseRule(string(r)); err != nil {
					t.Fatalf("%q accepted rule %q: %v", s, r, err)
				}
				names[i] = string(r)
			}
			if again, err := parseRules(strings.Join(names, ",")); err != nil || !reflect.DeepEqual(again, rules) {
				t.Fatalf("%q: %v, then %v (%v)", s, rules, again, err)
			}
		}
		if ps, err := parseInts(s, "P"); err != nil {
			if !strings.HasPrefix(err.Error(), "P: ") {
				t.Fatalf("error %q does not name the flag", err)
			}
		} else {
			words := make([]string, len(ps))
			for i, p := range ps {
				if p < 0 {
					t.Fatalf("%q accepted %d", s, p)
				}
				words[i] = strconv.Itoa(p)
			}
			if again, err := parseInts(strings.Join(words, ","), "P"); err != nil || !reflect.DeepEqual(again, ps) {
				t.Fatalf("%q: %v, then %v (%v)", s, ps, again, err)
			}
		}
		if ks, err := parseFloats(s); err != nil {
			if !strings.HasPrefix(err.Error(), "knobs: ") {
				t.Fatalf("error %q does not name the flag", err)
			}
		} else {
			words := make([]string, len(ks))
			for i, k := range ks {
				words[i] = strconv.FormatFloat(k, 'g', -1, 64)
			}
			again, err := parseFloats(strings.Join(words, ","))
			if err != nil || len(again) != len(ks) {
				t.Fatalf("%q: %v, then %v (%v)", s, ks, again, err)
			}
			for i := range ks {
				if again[i] != ks[i] && !(ks[i] != ks[i] && again[i] != again[i]) {
					t.Fatalf("%q: %v, then %v", s, ks, again)
				}
			}
		}
	})
}
