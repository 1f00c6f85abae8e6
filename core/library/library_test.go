package library

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"hebbplay/core/lab"
	_ "hebbplay/core/lab/dopaminelab"
	_ "hebbplay/core/lab/memorylab"
)

const t0, t1 = "2026-11-27T13:02:29.000Z", "2026-11-27T14:00:00.500Z"

// sample returns a valid file as a generic JSON document, so that tests can
// damage any field.
func sample() map[string]any {
	return map[string]any{
		"format":   Format,
		"version":  1,
		"exported": t1,
		"configs": []any{
			map[string]any{"id": "c-1", "name": "Willshaw, 40 patterns", "comment": "sparse\ncues", "grade": 4,
				"created": t0, "modified": t1, "lab": "memory", "hash": "v=1&lab=memory&rule=willshaw&npat=40", "schema": 1},
			map[string]any{"id": "c-2", "name": "dopamine", "comment": "", "grade": 0,
				"created": t0, "modified": t0, "lab": "dopamine", "hash": "#v=1&lab=dopamine", "schema": 1},
		},
		"results": []any{
			map[string]any{"id": "r-1", "config": "c-1", "experiment": "storage", "ran": t1, "seconds": 2.5,
				"hash": "v=1&lab=memory&screen=experiments&exp=storage", "native_command": "go run ./scripts/hebb storage",
				"rows": []any{map[string]any{"rule": "hebb", "p90": 12, "fcorr": 0.93, "limited": false}}, "schema": 1},
		},
	}
}

func encode(t testing.TB, doc any) []byte {
	t.Helper()
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestImportValidNormalises(t *testing.T) {
	f, err := Import(encode(t, sample()))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Configs) != 2 || len(f.Results) != 1 || f.Version != Version || f.Format != Format {
		t.Fatalf("file %+v", f)
	}
	c := f.Configs[0]
	if c.Name != "Willshaw, 40 patterns" || c.Grade != 4 || c.Comment != "sparse\ncues" || c.Created != t0 || c.Modified != t1 {
		t.Fatalf("config %+v", c)
	}
	// The hash is normalised: the full configuration in table order.
	l := lab.New("memory")
	want := l.Table().Decode("v=1&lab=memory&rule=willshaw&npat=40", lab.KeyLab)
	if len(want.Notices) != 0 || !strings.HasPrefix(c.Hash, "v=1&lab=memory&") || !strings.Contains(c.Hash, "&rule=willshaw&") {
		t.Fatalf("hash %q", c.Hash)
	}
	got := l.Table().Decode(c.Hash, lab.KeyLab)
	if !got.Values.Equal(want.Values) || len(got.Notices) != 0 {
		t.Fatalf("normalised hash %q changed the configuration", c.Hash)
	}
	if strings.HasPrefix(f.Configs[1].Hash, "#") {
		t.Fatal("the '#' was kept")
	}
	r := f.Results[0]
	if r.Config != "c-1" || r.Experiment != "storage" || r.Seconds != 2.5 || len(r.Rows) != 1 || r.Rows[0]["p90"] != 12.0 {
		t.Fatalf("result %+v", r)
	}
	// Importing the normalised file again changes nothing (idempotent).
	again, err := Import(encode(t, f))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again, f) {
		t.Fatalf("second import differs:\n%+v\n%+v", again, f)
	}
}

func TestImportTimesAreCanonical(t *testing.T) {
	doc := sample()
	doc["configs"].([]any)[0].(map[string]any)["created"] = "2026-11-27T14:02:29+01:00"
	f, err := Import(encode(t, doc))
	if err != nil {
		t.Fatal(err)
	}
	if f.Configs[0].Created != t0 {
		t.Fatalf("created %q, want %q", f.Configs[0].Created, t0)
	}
}

// TestImportExportedDate: "exported" is optional; when present it is
// normalised like every other time, and when absent the imported File
// encodes without it, so the encoding imports again to the same File.
func TestImportExportedDate(t *testing.T) {
	doc := sample()
	doc["exported"] = "2026-11-27T15:00:00.5+01:00"
	f, err := Import(encode(t, doc))
	if err != nil {
		t.Fatal(err)
	}
	if f.Exported != t1 {
		t.Fatalf("exported %q, want %q", f.Exported, t1)
	}
	delete(doc, "exported")
	f, err = Import(encode(t, doc))
	if err != nil {
		t.Fatal(err)
	}
	out := encode(t, f)
	if strings.Contains(string(out), `"exported"`) {
		t.Fatalf("a file without a date re-encodes with one: %s", out)
	}
	again, err := Import(out)
	if err != nil {
		t.Fatalf("re-import: %v", err)
	}
	if !reflect.DeepEqual(again, f) {
		t.Fatalf("re-import differs:\n%+v\n%+v", again, f)
	}
}

func TestImportKeepsPresentationAndHidden(t *testing.T) {
	doc := sample()
	doc["configs"].([]any)[0].(map[string]any)["hash"] = "v=1&lab=memory&rule=hebb&rule_hide=1&big=1"
	f, err := Import(encode(t, doc))
	if err != nil {
		t.Fatal(err)
	}
	h := f.Configs[0].Hash
	if !strings.Contains(h, "rule_hide=1") || !strings.HasSuffix(h, "&big=1") {
		t.Fatalf("hash %q lost the hidden control or presentation mode", h)
	}
}

// set returns a copy of sample() with one change made by edit.
func with(edit func(doc map[string]any)) map[string]any {
	doc := sample()
	edit(doc)
	return doc
}

func cfg(doc map[string]any, i int) map[string]any { return doc["configs"].([]any)[i].(map[string]any) }
func res(doc map[string]any, i int) map[string]any { return doc["results"].([]any)[i].(map[string]any) }

func TestImportRefusesWithAReason(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"not json", []byte("hello"), "not valid JSON"},
		{"binary", []byte{0xff, 0xfe, 0}, "not text"},
		{"array", []byte("[1,2]"), "not an object"},
		{"null", []byte("null"), "JSON null"},
		{"no format", []byte(`{"version":1,"configs":[]}`), `no "format"`},
		{"foreign format", []byte(`{"format":"ivisit","version":1}`), `"format" is "ivisit"`},
		{"experiment download", []byte(`{"experiment":"storage","permalink":"#v=1","rows":[]}`), "experiment download"},
		{"newer version", encode(t, with(func(d map[string]any) { d["version"] = Version + 1 })), "newer version"},
		{"version zero", encode(t, with(func(d map[string]any) { d["version"] = 0 })), "not a valid library version"},
		{"version text", encode(t, with(func(d map[string]any) { d["version"] = "1" })), `"version" must be a whole number`},
		{"unknown top field", encode(t, with(func(d map[string]any) { d["extra"] = true })), `unknown field "extra"`},
		{"no configs", encode(t, with(func(d map[string]any) { delete(d, "configs") })), `has no "configs"`},
		{"empty configs", encode(t, with(func(d map[string]any) { d["configs"] = []any{} })), "no configurations"},
		{"configs not list", encode(t, with(func(d map[string]any) { d["configs"] = "x" })), `"configs" must be a list`},
		{"bad exported", encode(t, with(func(d map[string]any) { d["exported"] = "yesterday" })), `"exported"`},
		{"config not object", encode(t, with(func(d map[string]any) { d["configs"] = []any{1} })), "configuration 1: not a JSON object"},
		{"missing name", encode(t, with(func(d map[string]any) { delete(cfg(d, 0), "name") })), `configuration 1: the configuration has no "name"`},
		{"blank name", encode(t, with(func(d map[string]any) { cfg(d, 0)["name"] = "  " })), `"name" is empty`},
		{"control in name", encode(t, with(func(d map[string]any) { cfg(d, 0)["name"] = "a\x07" })), "control character"},
		{"long name", encode(t, with(func(d map[string]any) { cfg(d, 0)["name"] = strings.Repeat("n", MaxNameLen+1) })), `"name" is too long`},
		{"unknown config field", encode(t, with(func(d map[string]any) { cfg(d, 1)["colour"] = "red" })), `configuration 2 ("dopamine"): unknown field "colour"`},
		{"grade high", encode(t, with(func(d map[string]any) { cfg(d, 0)["grade"] = 6 })), `"grade" is 6`},
		{"grade fraction", encode(t, with(func(d map[string]any) { cfg(d, 0)["grade"] = 2.5 })), `"grade" must be a whole number`},
		{"grade negative", encode(t, with(func(d map[string]any) { cfg(d, 0)["grade"] = -1 })), `"grade" is -1`},
		{"bad id", encode(t, with(func(d map[string]any) { cfg(d, 0)["id"] = "a b" })), `"id" "a b" may hold only`},
		{"empty id", encode(t, with(func(d map[string]any) { cfg(d, 0)["id"] = "" })), `"id" is empty`},
		{"duplicate id", encode(t, with(func(d map[string]any) { cfg(d, 1)["id"] = "c-1" })), `id "c-1" is used twice`},
		{"bad date", encode(t, with(func(d map[string]any) { cfg(d, 0)["created"] = "27.11.2026" })), `"created"`},
		{"date type", encode(t, with(func(d map[string]any) { cfg(d, 0)["modified"] = 5 })), `"modified" must be a date`},
		{"modified first", encode(t, with(func(d map[string]any) { cfg(d, 0)["created"] = t1; cfg(d, 0)["modified"] = t0 })), `"modified" is before "created"`},
		{"schema mismatch", encode(t, with(func(d map[string]any) { cfg(d, 0)["schema"] = 2 })), `"schema" is 2`},
		{"unknown lab", encode(t, with(func(d map[string]any) { cfg(d, 0)["lab"] = "nosuch"; cfg(d, 0)["hash"] = "v=1&lab=nosuch" })), `"lab" "nosuch" is not a lab`},
		{"lab mismatch", encode(t, with(func(d map[string]any) { cfg(d, 0)["lab"] = "dopamine" })), `permalink is for lab "memory"`},
		{"empty hash", encode(t, with(func(d map[string]any) { cfg(d, 0)["hash"] = "" })), `"hash" (the configuration) is empty`},
		{"unknown parameter", encode(t, with(func(d map[string]any) { cfg(d, 0)["hash"] = "v=1&lab=memory&colour=red" })), `does not validate: Ignored unknown setting "colour"`},
		{"out of range", encode(t, with(func(d map[string]any) { cfg(d, 0)["hash"] = "v=1&lab=memory&npat=-5" })), "does not validate"},
		{"bad choice", encode(t, with(func(d map[string]any) { cfg(d, 0)["hash"] = "v=1&lab=memory&rule=magic" })), "does not validate: rule="},
		{"future link", encode(t, with(func(d map[string]any) { cfg(d, 0)["hash"] = "v=99&lab=memory" })), "newer version of the playground"},
		{"result unknown config", encode(t, with(func(d map[string]any) { res(d, 0)["config"] = "c-9" })), `result 1 (storage): "config" "c-9" names no configuration`},
		{"result bad experiment", encode(t, with(func(d map[string]any) { res(d, 0)["experiment"] = "Storage!" })), "not an experiment name"},
		{"result negative seconds", encode(t, with(func(d map[string]any) { res(d, 0)["seconds"] = -1 })), `"seconds" must be`},
		{"result rows not list", encode(t, with(func(d map[string]any) { res(d, 0)["rows"] = map[string]any{} })), `"rows" must be a list`},
		{"result row not object", encode(t, with(func(d map[string]any) { res(d, 0)["rows"] = []any{3} })), "row 1 is not a JSON object"},
		{"result nested value", encode(t, with(func(d map[string]any) { res(d, 0)["rows"] = []any{map[string]any{"a": []any{1}}} })), `field "a" must be a number`},
		{"result bad hash", encode(t, with(func(d map[string]any) { res(d, 0)["hash"] = "v=1&lab=memory&H=abc" })), "result 1 (storage): the configuration does not validate"},
		{"result missing rows", encode(t, with(func(d map[string]any) { delete(res(d, 0), "rows") })), `has no "rows"`},
		{"duplicate result", encode(t, with(func(d map[string]any) { d["results"] = append(d["results"].([]any), res(d, 0)) })), `result 2 (storage): id "r-1" is used twice`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Import(c.data)
			if err == nil {
				t.Fatalf("accepted %s", c.data)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q does not contain %q", err, c.want)
			}
		})
	}
}

func TestImportNoticeDoesNotClaimARepair(t *testing.T) {
	_, err := Import(encode(t, with(func(d map[string]any) { cfg(d, 0)["hash"] = "v=1&lab=memory&npat=abc" })))
	if err == nil || strings.Contains(err.Error(), "using the default") || !strings.Contains(err.Error(), `npat="abc"`) {
		t.Fatal(err)
	}
}

func TestImportTooLarge(t *testing.T) {
	_, err := Import(make([]byte, 8<<20+1))
	if err == nil || !strings.Contains(err.Error(), "too large: 8388609 bytes; library files may be at most 8 MB (8388608 bytes)") {
		t.Fatal(err)
	}
	// At the limit, the size is not what is refused.
	doc := encode(t, sample())
	doc = append(doc, make([]byte, 8<<20-len(doc))...)
	for i := len(encode(t, sample())); i < len(doc); i++ {
		doc[i] = ' '
	}
	if _, err := Import(doc); err != nil {
		t.Fatalf("a file of exactly 8 MB: %v", err)
	}
}

// TestMigrations checks the upgrade path with a made-up version 2 whose
// migration renames "comment" to "note"... in reverse: a version-1 file read
// by a version-2 reader is upgraded before validation.
func TestMigrations(t *testing.T) {
	var called int
	migs := map[int]migration{1: func(doc map[string]json.RawMessage) error {
		called++
		var cs []map[string]any
		if err := json.Unmarshal(doc["configs"], &cs); err != nil {
			return err
		}
		for _, c := range cs {
			c["schema"] = 2
			c["grade"] = 1 // the made-up upgrade
		}
		var rs []map[string]any
		_ = json.Unmarshal(doc["results"], &rs)
		for _, r := range rs {
			r["schema"] = 2
		}
		doc["configs"], _ = json.Marshal(cs)
		doc["results"], _ = json.Marshal(rs)
		return nil
	}}
	f, err := importWith(encode(t, sample()), 2, migs)
	if err != nil {
		t.Fatal(err)
	}
	if called != 1 || f.Version != 2 || f.Configs[0].Schema != 2 || f.Configs[0].Grade != 1 || f.Results[0].Schema != 2 {
		t.Fatalf("not upgraded: %d %+v", called, f)
	}
	// A failing migration names the version.
	bad := map[int]migration{1: func(map[string]json.RawMessage) error { return errors.New("boom") }}
	if _, err := importWith(encode(t, sample()), 2, bad); err == nil || !strings.Contains(err.Error(), "from version 1: boom") {
		t.Fatal(err)
	}
	// Without a migration, the records' old schema is refused.
	if _, err := importWith(encode(t, sample()), 2, nil); err == nil || !strings.Contains(err.Error(), `"schema" is 1`) {
		t.Fatal(err)
	}
}

func TestNormalise(t *testing.T) {
	l := lab.New("memory")
	h, err := Normalise(l, "#v=1&lab=memory&npat=7")
	if err != nil {
		t.Fatal(err)
	}
	if h != l.Table().Encode(l.Table().Decode("v=1&lab=memory&npat=7", lab.KeyLab).Values, nil, paramKV("memory")) {
		t.Fatalf("hash %q", h)
	}
	if _, err := Normalise(l, "v=1&npat=7"); err == nil || !strings.Contains(err.Error(), `for lab "none"`) {
		t.Fatal(err)
	}
}

func TestCompare(t *testing.T) {
	c, err := Compare("v=1&lab=memory&rule=hebb&npat=20", "#v=1&lab=memory&rule=bcpnn&npat=20")
	if err != nil {
		t.Fatal(err)
	}
	if c.Differences != 1 || c.LabA != "memory" || c.LabB != "memory" {
		t.Fatalf("%+v", c)
	}
	for _, r := range c.Rows {
		if r.Differ != (r.Name == "rule") {
			t.Fatalf("row %+v", r)
		}
		if r.Name == "rule" && (r.A != "hebb" || r.B != "bcpnn" || r.Label == "") {
			t.Fatalf("row %+v", r)
		}
	}
	if len(c.Rows) != lab.New("memory").Table().Len() {
		t.Fatalf("%d rows", len(c.Rows))
	}
	// Two labs: parameters only one side has differ.
	c, err = Compare("v=1&lab=memory", "v=1&lab=dopamine")
	if err != nil {
		t.Fatal(err)
	}
	n := lab.New("memory").Table().Len()
	if len(c.Rows) < n || c.Differences == 0 || c.TitleB == "" {
		t.Fatalf("%+v", c)
	}
	for _, r := range c.Rows {
		if !(r.HasA && r.HasB) && !r.Differ {
			t.Fatalf("row %+v", r)
		}
	}
	if _, err := Compare("v=1&lab=nosuch", "v=1"); err == nil || !strings.Contains(err.Error(), "first configuration") {
		t.Fatal(err)
	}
	// Notices are reported, not fatal (the view shows them).
	c, err = Compare("v=1&lab=memory&colour=red", "v=1")
	if err != nil || len(c.NoticesA) != 1 || len(c.NoticesB) != 0 {
		t.Fatalf("%v %+v", err, c)
	}
}
