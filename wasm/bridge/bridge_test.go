//go:build js && wasm

package bridge

import (
	"strings"
	"syscall/js"
	"testing"
	"time"

	"hebbplay/core/lab"
	_ "hebbplay/core/lab/memorylab"
)

// fakeWindow builds a plain JS object standing in for the top page: a
// location, a history whose replaceState records the URL, and an
// addEventListener that keeps the listeners so the test can fire them.
func fakeWindow(hash string) js.Value {
	mk := js.Global().Get("Function").New(`hash`, `
		const w = {
			location: { hash: hash ? '#' + hash : '', href: 'http://127.0.0.1:8080/index.html' + (hash ? '#' + hash : '') },
			replaced: [],
			listeners: {},
			readyCalls: 0,
		};
		w.history = { replaceState: (s, t, url) => { w.replaced.push(url); w.location.hash = url; } };
		w.addEventListener = (type, f) => { (w.listeners[type] = w.listeners[type] || []).push(f); };
		w.onAppReady = (api) => { w.readyCalls++; w.readyApi = api; };
		return w;`)
	return mk.Invoke(hash)
}

// await waits for a promise while the test keeps draining the bridge, as
// the frame's update loop does.
func await(t *testing.T, b *Bridge, p js.Value) (js.Value, error) {
	t.Helper()
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	ok := js.FuncOf(func(this js.Value, args []js.Value) any { ch <- result{v: args[0]}; return nil })
	bad := js.FuncOf(func(this js.Value, args []js.Value) any {
		ch <- result{err: js.Error{Value: args[0]}}
		return nil
	})
	defer ok.Release()
	defer bad.Release()
	p.Call("then", ok, bad)
	for i := 0; i < 200; i++ {
		b.Drain()
		select {
		case r := <-ch:
			return r.v, r.err
		case <-time.After(5 * time.Millisecond):
		}
	}
	t.Fatal("promise never settled")
	return js.Undefined(), nil
}

func setup(t *testing.T, hash string) (*Bridge, js.Value, js.Value) {
	t.Helper()
	win := fakeWindow(hash)
	s, err := lab.Open(ReadHash(win))
	if err != nil {
		t.Fatal(err)
	}
	b := New(win, s)
	api := b.Install("hebbplay")
	t.Cleanup(b.Release)
	return b, win, api
}

func TestInstallAndGetState(t *testing.T) {
	_, win, api := setup(t, "v=1&lab=memory&rule=hebb&npat=7&autoplay=0")
	if win.Get("readyCalls").Int() != 1 || !win.Get("readyApi").Equal(api) {
		t.Fatal("onAppReady not called with the API")
	}
	if !win.Get("hebbplay").Equal(api) {
		t.Fatal("window.hebbplay not set")
	}
	st := api.Call("getState")
	tests := []struct {
		path string
		want string
	}{
		{"lab", "memory"},
		{"config.rule", "hebb"},
		{"config.npat", "7"},
		{"config.autoplay", "false"},
		{"summary.step", "0"},
		{"playing", "false"},
	}
	for _, tc := range tests {
		v := st
		for _, k := range strings.Split(tc.path, ".") {
			v = v.Get(k)
		}
		if got := js.Global().Get("String").Invoke(v).String(); got != tc.want {
			t.Errorf("state.%s = %s, want %s", tc.path, got, tc.want)
		}
	}
	if typ := st.Get("summary").Get("correct").Type(); typ != js.TypeBoolean {
		t.Errorf("summary.correct is %v", typ)
	}
	if pl := st.Get("permalink").String(); !strings.HasPrefix(pl, "http://127.0.0.1:8080/index.html#v=1&lab=memory&") || !strings.Contains(pl, "&rule=hebb&") {
		t.Errorf("permalink %s", st.Get("permalink").String())
	}
	if n := st.Get("summary").Get("cue").Length(); n != 10 {
		t.Errorf("cue has %d units", n)
	}
}

func TestGetSchema(t *testing.T) {
	_, _, api := setup(t, "")
	sc := api.Call("getSchema")
	ps := sc.Get("params")
	if ps.Length() < 15 {
		t.Fatalf("%d params", ps.Length())
	}
	var rule js.Value
	for i := 0; i < ps.Length(); i++ {
		if ps.Index(i).Get("name").String() == "rule" {
			rule = ps.Index(i)
		}
	}
	if rule.IsUndefined() || rule.Get("type").String() != "choice" || rule.Get("choices").Length() != 9 {
		t.Fatalf("rule param %s", js.Global().Get("JSON").Call("stringify", rule).String())
	}
	acts := sc.Get("actions")
	var names []string
	for i := 0; i < acts.Length(); i++ {
		names = append(names, acts.Index(i).Get("name").String())
	}
	if got := strings.Join(names, ","); got != "toggle,step,reset,store,store10,fill,newcue,runexp,cancelexp" {
		t.Fatalf("actions %s", got)
	}
}

func TestSetConfigWritesHashAndNotifies(t *testing.T) {
	b, win, api := setup(t, "v=1&autoplay=0")
	calls := 0
	sub := js.FuncOf(func(this js.Value, args []js.Value) any { calls++; return nil })
	defer sub.Release()
	api.Call("subscribe", sub)

	partial := js.Global().Get("Object").New()
	partial.Set("rule", "willshaw")
	partial.Set("npat", "30") // a string from an <input> is parsed
	st, err := await(t, b, api.Call("setConfig", partial))
	if err != nil {
		t.Fatal(err)
	}
	if st.Get("config").Get("rule").String() != "willshaw" || st.Get("config").Get("npat").Int() != 30 {
		t.Fatalf("config not applied: %s", js.Global().Get("JSON").Call("stringify", st).String())
	}
	rep := win.Get("replaced")
	if rep.Length() == 0 {
		t.Fatal("hash not written")
	}
	last := rep.Index(rep.Length() - 1).String()
	if !strings.HasPrefix(last, "#v=1&lab=memory&") || !strings.Contains(last, "&rule=willshaw&") || !strings.Contains(last, "&npat=30&") {
		t.Fatalf("hash %s", last)
	}
	if calls == 0 {
		t.Fatal("subscriber not called")
	}
	if !api.Call("getState").Get("config").Get("npat").Equal(js.ValueOf(30)) {
		t.Fatal("getState does not show the change")
	}
}

func TestBadInputBecomesNotices(t *testing.T) {
	b, _, api := setup(t, "v=1&autoplay=0")
	partial := js.Global().Get("JSON").Call("parse", `{"npat":"abc","nosuch":1,"H":9999,"rule":{"x":1}}`)
	st, err := await(t, b, api.Call("setConfig", partial))
	if err != nil {
		t.Fatal(err)
	}
	if n := st.Get("notices").Length(); n != 4 {
		t.Fatalf("%d notices: %s", n, js.Global().Get("JSON").Call("stringify", st.Get("notices")).String())
	}
	if st.Get("config").Get("H").Int() != 64 || st.Get("config").Get("npat").Int() != 12 {
		t.Fatal("clamping or defaults wrong")
	}
	if _, err := await(t, b, api.Call("setConfig", js.Null())); err == nil {
		t.Fatal("setConfig(null) should reject")
	}
	cyclic := js.Global().Get("Object").New()
	cyclic.Set("self", cyclic)
	if _, err := await(t, b, api.Call("setConfig", cyclic)); err == nil || !strings.Contains(err.Error(), "cannot be read") {
		t.Fatalf("setConfig(cyclic object) should reject saying why, got %v", err)
	}
	st, _ = await(t, b, api.Call("clearNotices"))
	if st.Get("notices").Length() != 0 {
		t.Fatal("notices not cleared")
	}
	// The bridge survives garbage arguments.
	for _, p := range []js.Value{api.Call("action"), api.Call("click", 1, 2), api.Call("setHidden", "notanarray")} {
		_, _ = await(t, b, p)
	}
	if _, err := await(t, b, api.Call("action", "nosuchaction")); err == nil {
		t.Fatal("unknown action should reject")
	}
}

func TestActionsAndClick(t *testing.T) {
	b, _, api := setup(t, "v=1&autoplay=0&nflip=5&npat=10")
	st, err := await(t, b, api.Call("action", "step"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Get("summary").Get("step").Int() != 1 {
		t.Fatal("step did not advance")
	}
	st, _ = await(t, b, api.Call("action", "newcue"))
	if st.Get("config").Get("cue").Int() != 1 || st.Get("summary").Get("step").Int() != 0 {
		t.Fatal("newcue")
	}
	before := js.Global().Get("JSON").Call("stringify", st.Get("summary").Get("cue")).String()
	// Unit 0 sits at the top-left cell of the cue grid.
	st, _ = await(t, b, api.Call("click", "cue", 2, 2))
	after := js.Global().Get("JSON").Call("stringify", st.Get("summary").Get("cue")).String()
	if before == after && !strings.HasPrefix(before, "[0,") {
		t.Fatalf("click did not edit the cue: %s", after)
	}
	if !strings.HasPrefix(after, "[0,") {
		t.Fatalf("unit 0 not active after click: %s", after)
	}
}

func TestHiddenPresentationClassroomLink(t *testing.T) {
	b, win, api := setup(t, "v=1&rule_hide=1")
	st := api.Call("getState")
	if st.Get("hidden").Length() != 1 || st.Get("hidden").Index(0).String() != "rule" {
		t.Fatal("hidden from the link not reported")
	}
	names := js.Global().Get("Array").New("seed", "npat", "bogus")
	link := api.Call("classroomLink", names, true).String()
	if !strings.HasPrefix(link, "http://127.0.0.1:8080/index.html#v=1&lab=memory&") ||
		!strings.Contains(link, "&npat_hide=1&seed_hide=1&big=1") || strings.Contains(link, "rule_hide") {
		t.Fatalf("classroom link %s", link)
	}
	_, _ = await(t, b, api.Call("setPresentation", true))
	st, _ = await(t, b, api.Call("setHidden", names))
	if !st.Get("presentation").Bool() || st.Get("hidden").Length() != 2 {
		t.Fatal("setHidden / setPresentation")
	}
	if h := win.Get("location").Get("hash").String(); !strings.HasSuffix(h, "&npat_hide=1&seed_hide=1&big=1") {
		t.Fatalf("hash %s", h)
	}
}

func TestHashChangeReopens(t *testing.T) {
	b, win, _ := setup(t, "v=1&rule=hebb")
	win.Get("location").Set("hash", "#v=1&rule=covariance&npat=4")
	ls := win.Get("listeners").Get("hashchange")
	ls.Index(0).Invoke()
	b.Drain()
	if got := b.Snapshot().Config["rule"]; got != "covariance" {
		t.Fatalf("rule after hashchange: %v", got)
	}
	if b.Session().Values().Int("npat") != 4 {
		t.Fatal("session not reopened")
	}
}

func TestTopWindow(t *testing.T) {
	g := js.Global()
	old := g.Get("parent")
	defer g.Set("parent", old)
	// No parent (Node): the global object.
	g.Set("parent", js.Undefined())
	if !TopWindow().Equal(g) {
		t.Error("without a parent")
	}
	// A parent whose location cannot be read (another origin).
	hostile := js.Global().Get("Function").New(`return { get location() { throw new Error("cross-origin"); } };`).Invoke()
	g.Set("parent", hostile)
	if !TopWindow().Equal(g) {
		t.Error("cross-origin parent used")
	}
	// A parent of another origin as browsers give it: its location object
	// is handed out, but reading its href throws a SecurityError.
	foreign := js.Global().Get("Function").New(`return { location: { get href() { throw new Error("SecurityError: cross-origin"); } } };`).Invoke()
	g.Set("parent", foreign)
	if !TopWindow().Equal(g) {
		t.Error("cross-origin parent (readable location, unreadable href) used")
	}
	friendly := fakeWindow("a=1")
	g.Set("parent", friendly)
	if !TopWindow().Equal(friendly) {
		t.Error("same-origin parent not used")
	}
}

func TestReadHash(t *testing.T) {
	for _, tc := range []struct{ in, want string }{{"", ""}, {"a=1", "a=1"}} {
		if got := ReadHash(fakeWindow(tc.in)); got != tc.want {
			t.Errorf("ReadHash(%q) = %q", tc.in, got)
		}
	}
	if got := ReadHash(js.Global().Get("Object").New()); got != "" {
		t.Errorf("no location: %q", got)
	}
}
