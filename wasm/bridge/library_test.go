//go:build js && wasm

package bridge

import (
	"strings"
	"syscall/js"
	"testing"

	"hebbplay/core/library"
)

func libraryFile(hash string) string {
	return `{"format":"hebbplay-library","version":1,"exported":"2026-11-27T14:00:00.000Z","configs":[
	 {"id":"c-1","name":"Hebb","comment":"","grade":3,"created":"2026-11-27T13:00:00.000Z","modified":"2026-11-27T13:00:00.000Z",
	  "lab":"memory","hash":"` + hash + `","schema":1}],
	 "results":[{"id":"r-1","config":"c-1","experiment":"storage","ran":"2026-11-27T13:01:00.000Z","seconds":1.5,
	  "hash":"v=1&lab=memory","rows":[{"rule":"hebb","p90":7}],"schema":1}]}`
}

func TestValidateImport(t *testing.T) {
	_, _, api := setup(t, "v=1&lab=memory&autoplay=0")
	r := api.Call("validateImport", libraryFile("v=1&lab=memory&rule=hebb"))
	if !r.Get("ok").Bool() || r.Get("error").String() != "" {
		t.Fatalf("refused: %s", r.Get("error").String())
	}
	cs := r.Get("configs")
	if cs.Length() != 1 || r.Get("results").Length() != 1 {
		t.Fatal("records missing")
	}
	c := cs.Index(0)
	h := c.Get("hash").String()
	if c.Get("grade").Int() != 3 || c.Get("name").String() != "Hebb" || !strings.HasPrefix(h, "v=1&lab=memory&") || !strings.Contains(h, "&rule=hebb&") {
		t.Fatalf("config %s %s", c.Get("name").String(), h)
	}
	row := r.Get("results").Index(0).Get("rows").Index(0)
	if row.Get("p90").Int() != 7 || row.Get("rule").String() != "hebb" {
		t.Fatal("rows not handed over")
	}

	bad := api.Call("validateImport", libraryFile("v=1&lab=memory&npat=abc"))
	if bad.Get("ok").Bool() || !strings.Contains(bad.Get("error").String(), `configuration 1 ("Hebb"): the configuration does not validate: npat=`) {
		t.Fatalf("error %q", bad.Get("error").String())
	}
	if bad.Get("configs").Length() != 0 {
		t.Fatal("records of a refused file")
	}
	for _, text := range []any{"{", 42, js.Null()} {
		if r := api.Call("validateImport", text); r.Get("ok").Bool() || r.Get("error").String() == "" {
			t.Fatalf("accepted %v", text)
		}
	}
	if f := api.Get("libraryFormat"); f.Get("format").String() != "hebbplay-library" || f.Get("version").Int() != library.Version || f.Get("maxBytes").Int() != 8<<20 {
		t.Fatal("libraryFormat")
	}
}

func TestCompareConfigs(t *testing.T) {
	_, _, api := setup(t, "v=1&lab=memory&autoplay=0")
	c := api.Call("compareConfigs", "v=1&lab=memory&rule=hebb", "#v=1&lab=memory&rule=willshaw")
	if !c.Get("ok").Bool() || c.Get("differences").Int() != 1 {
		t.Fatalf("compare: %s", js.Global().Get("JSON").Call("stringify", c).String())
	}
	rows := c.Get("rows")
	found := false
	for i := 0; i < rows.Length(); i++ {
		r := rows.Index(i)
		if r.Get("differ").Bool() {
			found = r.Get("name").String() == "rule" && r.Get("a").String() == "hebb" && r.Get("b").String() == "willshaw"
		}
	}
	if !found {
		t.Fatal("the differing rule is not marked")
	}
	if e := api.Call("compareConfigs", "v=1&lab=nosuch", "v=1"); e.Get("ok").Bool() || !strings.Contains(e.Get("error").String(), "no lab") {
		t.Fatal("unknown lab accepted")
	}
}
