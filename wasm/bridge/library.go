//go:build js && wasm

package bridge

import (
	"encoding/json"
	"syscall/js"

	"hebbplay/core/library"
)

// installLibrary adds the saved-experiments methods (core/library) to the
// API. They are pure computations on their arguments, answered at once
// (no queue, no Promise): the page's IndexedDB store calls them.
//
//	validateImport(text)       {ok, error, configs, results}: the library
//	                           file validated and its permalinks normalised
//	                           (ok false and error naming the problem if not)
//	compareConfigs(hashA, hashB)
//	                           {ok, error, labA, labB, titleA, titleB, rows,
//	                           differences, noticesA, noticesB}: the two
//	                           configurations' parameters side by side
//	libraryFormat              {format, version, maxBytes}: what exported
//	                           files declare, and the largest file imported
func (b *Bridge) installLibrary(obj js.Value) {
	b.fn(obj, "validateImport", func(args []js.Value) any {
		text := arg(args, 0)
		if text.Type() != js.TypeString {
			return jsonValue(importAnswer{Error: "validateImport expects the file's text"})
		}
		f, err := library.Import([]byte(text.String()))
		if err != nil {
			return jsonValue(importAnswer{Error: err.Error()})
		}
		return jsonValue(importAnswer{OK: true, Configs: f.Configs, Results: f.Results})
	})
	b.fn(obj, "compareConfigs", func(args []js.Value) any {
		c, err := library.Compare(str(arg(args, 0)), str(arg(args, 1)))
		if err != nil {
			return jsonValue(struct {
				OK    bool   `json:"ok"`
				Error string `json:"error"`
			}{false, err.Error()})
		}
		return jsonValue(struct {
			OK    bool   `json:"ok"`
			Error string `json:"error"`
			library.Comparison
		}{true, "", c})
	})
	format := js.Global().Get("Object").New()
	format.Set("format", library.Format)
	format.Set("version", library.Version)
	format.Set("maxBytes", library.MaxFileBytes)
	obj.Set("libraryFormat", format)
}

// importAnswer is what validateImport returns. Slices are never null.
type importAnswer struct {
	OK      bool             `json:"ok"`
	Error   string           `json:"error"`
	Configs []library.Config `json:"configs"`
	Results []library.Result `json:"results"`
}

// jsonValue hands a Go value to JavaScript through JSON (one call instead
// of one per field, and the records' JSON names are their stored names).
func jsonValue(v any) js.Value {
	if a, ok := v.(importAnswer); ok {
		if a.Configs == nil {
			a.Configs = []library.Config{}
		}
		if a.Results == nil {
			a.Results = []library.Result{}
		}
		v = a
	}
	text, err := json.Marshal(v)
	if err != nil {
		text, _ = json.Marshal(map[string]any{"ok": false, "error": err.Error()})
	}
	return js.Global().Get("JSON").Call("parse", string(text))
}
