package library

import (
	"encoding/json"
	"reflect"
	"testing"

	"hebbplay/core/lab"
	"hebbplay/core/params"
)

func paramKV(id string) params.KV { return params.KV{Key: lab.KeyLab, Value: id} }

// FuzzImport feeds arbitrary bytes to Import. Invariants: it never panics;
// what it accepts satisfies the schema (grades in range, links resolved,
// every permalink of a registered lab decoding with no notices), and
// importing the accepted file again gives the same file (import is a
// projection onto valid, normalised libraries). The seed corpus lives in
// testdata/fuzz/FuzzImport and runs with every `go test`.
func FuzzImport(f *testing.F) {
	f.Add(encode(f, sample()))
	f.Add([]byte(`{"format":"hebbplay-library","version":1,"configs":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Import(data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		ids := map[string]bool{}
		for _, c := range file.Configs {
			if c.Grade < 0 || c.Grade > MaxGrade || c.Name == "" || c.Schema != Version || c.Modified < c.Created {
				t.Fatalf("accepted %+v", c)
			}
			l := lab.New(c.Lab)
			if l == nil {
				t.Fatalf("accepted lab %q", c.Lab)
			}
			if link := l.Table().Decode(c.Hash, lab.KeyLab, lab.KeyPresent); len(link.Notices) != 0 {
				t.Fatalf("accepted hash %q: %q", c.Hash, link.Notices)
			}
			ids[c.ID] = true
		}
		for _, r := range file.Results {
			if !ids[r.Config] || r.Rows == nil {
				t.Fatalf("accepted %+v", r)
			}
		}
		again, err := json.Marshal(file)
		if err != nil {
			t.Fatal(err)
		}
		file2, err := Import(again)
		if err != nil {
			t.Fatalf("re-import of %s: %v", again, err)
		}
		if !reflect.DeepEqual(file, file2) {
			t.Fatalf("re-import differs:\n%+v\n%+v", file, file2)
		}
	})
}
