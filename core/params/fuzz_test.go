package params

import "testing"

// FuzzDecode feeds arbitrary hashes to the decoder. Invariants: it never
// panics, every decoded value lies in its domain, and re-encoding the result
// gives a link that decodes to the same values with no notices (decode is a
// projection onto valid configurations). The seed corpus lives in
// testdata/fuzz/FuzzDecode and runs with every `go test`.
func FuzzDecode(f *testing.F) {
	tb := testTable()
	f.Add("")
	f.Add("#v=1&lab=memory&rule=hebb&N=30&K=3&async=1&rule_hide=1")
	f.Add(tb.Encode(tb.Defaults(), []string{"rule"}, KV{"lab", "memory"}))
	f.Fuzz(func(t *testing.T, hash string) {
		l := tb.Decode(hash, "lab")
		if err := l.Values.InDomain(); err != nil {
			t.Fatalf("%q: %v", hash, err)
		}
		again := tb.Encode(l.Values, l.Hidden)
		l2 := tb.Decode(again, "lab")
		if !l2.Values.Equal(l.Values) || len(l2.Notices) != 0 {
			t.Fatalf("%q re-encoded as %q: values %v vs %v, notices %q", hash, again, l.Values.Map(), l2.Values.Map(), l2.Notices)
		}
		if len(l.Notices) > maxNotices+1 {
			t.Fatalf("%d notices", len(l.Notices))
		}
	})
}
