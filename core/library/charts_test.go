package library

import (
	"encoding/json"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"

	_ "hebbplay/core/jobs" // the Dopamine lab's job kinds
	"hebbplay/core/lab"
)

// TestVersion1ExportImports reads a library file exported by the page at
// schema version 1 (committed as it was written): it is upgraded to the
// current version with its records unchanged.
func TestVersion1ExportImports(t *testing.T) {
	data, err := os.ReadFile("testdata/library-v1.json")
	if err != nil {
		t.Fatal(err)
	}
	var old struct {
		Version int
		Configs []Config
		Results []Result
	}
	if err := json.Unmarshal(data, &old); err != nil || old.Version != 1 {
		t.Fatalf("the committed file is not a version-1 export: %v, version %d", err, old.Version)
	}
	f, err := Import(data)
	if err != nil {
		t.Fatal(err)
	}
	if f.Version != Version || len(f.Configs) != len(old.Configs) || len(f.Results) != len(old.Results) {
		t.Fatalf("imported %+v", f)
	}
	for i, c := range f.Configs {
		if c.Schema != Version || c.ID != old.Configs[i].ID || c.Name != old.Configs[i].Name || c.Grade != old.Configs[i].Grade || c.Lab != old.Configs[i].Lab {
			t.Errorf("configuration %d: %+v, exported %+v", i, c, old.Configs[i])
		}
	}
	for i, r := range f.Results {
		if r.Schema != Version || r.Config != old.Results[i].Config || r.Charts != nil || !reflect.DeepEqual(r.Rows, old.Results[i].Rows) {
			t.Errorf("result %d: %+v, exported %+v", i, r, old.Results[i])
		}
	}
	// Encoding the upgraded file gives a current file that imports again.
	again, err := Import(encode(t, f))
	if err != nil || !reflect.DeepEqual(again, f) {
		t.Fatalf("re-import: %v\n%+v\n%+v", err, again, f)
	}
}

// pumpLab runs the lab's pending work on one native worker, as the page's
// Web Worker would.
func pumpLab(t *testing.T, l lab.Lab) {
	t.Helper()
	if _, err := (&lab.Pool{Workers: 1}).Run(l, 100000); err != nil {
		t.Fatal(err)
	}
	if _, more := l.NextWork(1); more {
		t.Fatal("the lab's work never ended")
	}
}

// runResult is a current result of a Dopamine run with the charts of a
// few training steps.
func runResult(t *testing.T) map[string]any {
	t.Helper()
	s, err := lab.Open("v=1&lab=dopamine&autoplay=0&spf_xor=20")
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		s.Do(lab.ActStep)
		pumpLab(t, s.Lab)
	}
	var cs []Chart
	for _, c := range s.Lab.Charts().Charts {
		cs = append(cs, FromLab(c))
	}
	// A missing value (NaN) travels as null.
	cs[0].Series[0].Y[0] = Num(math.NaN())
	var generic []any
	if err := json.Unmarshal(encode(t, cs), &generic); err != nil {
		t.Fatal(err)
	}
	return map[string]any{"id": "r-2", "config": "c-2", "experiment": "dopamine-run", "ran": t1, "seconds": 1.5,
		"hash": "v=1&lab=dopamine", "rows": []any{map[string]any{"name": "sgd", "loss": 0.2}}, "charts": generic, "schema": Version}
}

func currentFile(t *testing.T, res map[string]any) map[string]any {
	d := sample()
	d["version"] = Version
	for _, c := range d["configs"].([]any) {
		c.(map[string]any)["schema"] = Version
	}
	for _, r := range d["results"].([]any) {
		r.(map[string]any)["schema"] = Version
	}
	d["results"] = append(d["results"].([]any), res)
	return d
}

func TestResultChartsRoundTrip(t *testing.T) {
	res := runResult(t)
	f, err := Import(encode(t, currentFile(t, res)))
	if err != nil {
		t.Fatal(err)
	}
	r := f.Results[1]
	if len(r.Charts) != 3 || r.Charts[0].ID != "loss" || len(r.Charts[0].Series) != 4 {
		t.Fatalf("charts %+v", r.Charts)
	}
	if y := r.Charts[0].Series[0].Y; !math.IsNaN(float64(y[0])) || math.IsNaN(float64(y[1])) {
		t.Errorf("loss values %v: want NaN (null) first, then numbers", y[:2])
	}
	// Encoding and importing again gives the same charts (NaN stays null).
	again, err := Import(encode(t, f))
	if err != nil {
		t.Fatal(err)
	}
	a, b := encode(t, again.Results[1].Charts), encode(t, r.Charts)
	if string(a) != string(b) {
		t.Errorf("charts changed on a round trip:\n%s\n%s", a, b)
	}
}

func TestResultChartsRefused(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(cs []any)
		want   string
	}{
		{"unknown field", func(cs []any) { cs[0].(map[string]any)["script"] = "x" }, `unknown field "script"`},
		{"bad id", func(cs []any) { cs[0].(map[string]any)["id"] = "Loss Chart" }, `"id" must be`},
		{"duplicate id", func(cs []any) { cs[1].(map[string]any)["id"] = "loss" }, "id used twice"},
		{"bad colour", func(cs []any) { series(cs, 0)["color"] = "red" }, `colour "red" is not #rrggbb`},
		{"lengths", func(cs []any) { s := series(cs, 0); s["x"] = s["x"].([]any)[1:] }, "x values and"},
		{"text value", func(cs []any) { series(cs, 0)["y"].([]any)[1] = "0.5" }, "is not a number"},
		{"long label", func(cs []any) { series(cs, 0)["label"] = strings.Repeat("x", 400) }, "longer than 300"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := runResult(t)
			tc.damage(res["charts"].([]any))
			_, err := Import(encode(t, currentFile(t, res)))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "result 2 (dopamine-run)") {
				t.Fatalf("error %v, want %q naming the result", err, tc.want)
			}
		})
	}
	res := runResult(t)
	cs := res["charts"].([]any)
	for len(cs) <= MaxCharts {
		c := map[string]any{}
		for k, v := range cs[0].(map[string]any) {
			c[k] = v
		}
		c["id"] = "c" + strings.Repeat("x", len(cs))
		cs = append(cs, c)
	}
	res["charts"] = cs
	if _, err := Import(encode(t, currentFile(t, res))); err == nil || !strings.Contains(err.Error(), "at most 32") {
		t.Fatalf("too many charts: %v", err)
	}
}

func series(cs []any, i int) map[string]any {
	return cs[i].(map[string]any)["series"].([]any)[0].(map[string]any)
}
