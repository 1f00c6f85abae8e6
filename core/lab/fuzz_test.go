package lab_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"hebbplay/core/lab"
	_ "hebbplay/core/lab/dopaminelab"
	_ "hebbplay/core/lab/memorylab"
	_ "hebbplay/core/lab/sparselab"
	"hebbplay/core/params"
)

// FuzzSetConfig feeds arbitrary text to what the bridge's setConfig does
// with the page's object (params.DecodePartial, then Values.SetPartial on the
// defaults of one of the registered labs, picked by the first argument).
// Invariants: nothing panics; refused text gives an error; an accepted
// change re-encodes as JSON to the same change; the resulting configuration
// lies in its domain, survives its permalink unchanged and with no notices,
// and setting it again changes nothing; the starting values are not
// modified; every key that is not a parameter is named in a notice. The
// seeds below, and inputs kept in testdata/fuzz/FuzzSetConfig, run with
// every `go test`; `make fuzz` explores further.
func FuzzSetConfig(f *testing.F) {
	ids := lab.IDs()
	tables := make([]*params.Table, len(ids))
	for i, id := range ids {
		tables[i] = lab.New(id).Table()
	}
	for i := range ids {
		f.Add(uint8(i), []byte(`{}`))
		f.Add(uint8(i), []byte(`{"seed":7,"nosuch":1,"speed":"2"}`))
	}
	f.Add(uint8(0), []byte(`{"rule":"willshaw","npat":"30","H":9999,"async":true}`))
	f.Add(uint8(0), []byte(`{"npat":"abc","nosuch":1,"H":9999,"rule":{"x":1},"K":null,"N":[1]}`))
	f.Add(uint8(0), []byte(`{"exp_rules":"hebb,bcpnn","npat":1e400}`))
	f.Add(uint8(1), []byte(`{"task":"mackey-glass","views":"all","sigma":-1}`))
	f.Add(uint8(0), []byte(`[1,2]`))
	f.Add(uint8(0), []byte(`{"a":1} {"b":2}`))
	f.Fuzz(func(t *testing.T, which uint8, text []byte) {
		tb := tables[int(which)%len(tables)]
		partial, err := params.DecodePartial(text)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		again, err := json.Marshal(partial)
		if err != nil {
			t.Fatalf("%v cannot be encoded: %v", partial, err)
		}
		if p2, err := params.DecodePartial(again); err != nil || !reflect.DeepEqual(p2, partial) {
			t.Fatalf("%s decoded as %v, re-encoded as %s, decoded again as %v (%v)", text, partial, again, p2, err)
		}

		start := tb.Defaults()
		next, notes := start.SetPartial(partial)
		if !start.Equal(tb.Defaults()) {
			t.Fatal("SetPartial changed the values it started from")
		}
		if err := next.InDomain(); err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		for k := range partial {
			if _, ok := tb.Lookup(k); !ok && !anyContains(notes, fmt.Sprintf("%q", k)) {
				t.Fatalf("unknown key %q is named in no notice: %q", k, notes)
			}
		}
		for _, n := range notes {
			if strings.HasPrefix(n, "Ignored ") && !namesAKey(n, partial) {
				t.Fatalf("notice %q names none of the keys", n)
			}
		}
		link := tb.Decode(tb.Encode(next, nil))
		if !link.Values.Equal(next) || len(link.Notices) != 0 {
			t.Fatalf("%s: the permalink %q gives %v with notices %q, not %v", text, tb.Encode(next, nil), link.Values.Map(), link.Notices, next.Map())
		}
		same, notes2 := next.SetPartial(next.Map())
		if !same.Equal(next) || len(notes2) != 0 {
			t.Fatalf("%s: setting %v again gives %v, notices %q", text, next.Map(), same.Map(), notes2)
		}
	})
}

func anyContains(notes []string, s string) bool {
	for _, n := range notes {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

func namesAKey(note string, partial map[string]any) bool {
	for k := range partial {
		if strings.Contains(note, k) || strings.Contains(note, fmt.Sprintf("%q", k)) {
			return true
		}
	}
	return false
}
