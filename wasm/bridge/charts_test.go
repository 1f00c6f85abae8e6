//go:build js && wasm

package bridge

import (
	"strings"
	"syscall/js"
	"testing"
	"time"

	"hebbplay/core/job"
	_ "hebbplay/core/jobs" // the memory lab's job kinds
	"hebbplay/core/lab"
)

// TestPalette checks that the page gets the one palette, every rule
// included (the page's former copy lacked hopfield-dense and bayes-sym).
func TestPalette(t *testing.T) {
	_, _, api := setup(t, "v=1&lab=memory&autoplay=0")
	p := api.Call("getPalette")
	n := 0
	for k, c := range lab.Palette {
		if got := p.Get(k).String(); got != c {
			t.Errorf("palette %s: %q, want %q", k, got, c)
		}
		n++
	}
	for _, k := range []string{"rule/hopfield-dense", "rule/bayes-sym", "method/dopamine", "model/hebbian"} {
		if p.Get(k).IsUndefined() {
			t.Errorf("palette lacks %s", k)
		}
	}
	if n < 20 {
		t.Errorf("palette has %d colours", n)
	}
}

// TestNextWorkOnlyForTheCallersGeneration checks that a batch is handed out
// only to a pool running the lab's current work generation. A lab counts a
// batch as out until its results return, so a batch handed to a pool that
// has not yet seen the new generation (and drops it) stalled the lab: the
// sparse lab's training never resumed after a quick change of settings.
func TestNextWorkOnlyForTheCallersGeneration(t *testing.T) {
	b, _, api := setup(t, "v=1&lab=memory&autoplay=0&H=4&M=4&exp_reps=1&exp_rules=hebb")
	if _, err := await(t, b, api.Call("setConfig", map[string]any{"screen": "experiments"})); err != nil {
		t.Fatal(err)
	}
	b.Drain()
	c := api.Call("getCharts")
	if !c.Get("running").Bool() {
		t.Fatal("the experiment is not running")
	}
	gen := c.Get("gen").Int()
	w, err := await(t, b, api.Call("nextWork", 2, gen+1))
	if err != nil {
		t.Fatal(err)
	}
	if !w.IsNull() {
		t.Fatalf("a batch was handed out for generation %d while the lab runs %d", gen+1, gen)
	}
	w, err = await(t, b, api.Call("nextWork", 2, gen))
	if err != nil {
		t.Fatal(err)
	}
	if w.IsNull() || w.Get("gen").Int() != gen {
		t.Fatalf("no batch for the lab's own generation %d: %v", gen, w)
	}
}

// TestWorkResultsReachTheChartsAtTheTick: the results the workers feed
// change the charts, but the subscribers hear of it from the frame's tick
// (TickCharts, at most every chartsEvery), not once per drained result;
// a command from the page still publishes at once.
func TestWorkResultsReachTheChartsAtTheTick(t *testing.T) {
	b, _, api := setup(t, "v=1&lab=memory&autoplay=0&H=6&M=6&exp_reps=2&exp_rules=hebb,willshaw")
	if _, err := await(t, b, api.Call("setConfig", map[string]any{"screen": "experiments"})); err != nil {
		t.Fatal(err)
	}
	calls := 0
	count := js.FuncOf(func(js.Value, []js.Value) any { calls++; return nil })
	defer count.Release()
	api.Call("subscribeCharts", count)
	c := api.Call("getCharts")
	gen, ver := c.Get("gen").Int(), c.Get("version").Int()
	w, err := await(t, b, api.Call("nextWork", 1, gen))
	if err != nil || w.IsNull() {
		t.Fatalf("no batch: %v, %v", w, err)
	}
	req := w.Get("requests").Index(0).String()
	results, err := (&job.Worker{}).RunAll([]byte(req))
	if err != nil {
		t.Fatal(err)
	}
	before := calls
	for i, r := range results {
		api.Call("feedWork", w.Get("id"), 0, i, string(r))
	}
	b.Drain()
	if calls != before {
		t.Fatalf("%d results published the charts %d times at once; want them left to the tick", len(results), calls-before)
	}
	b.charts.last = time.Time{} // the tick is due
	b.TickCharts()
	if calls != before+1 {
		t.Fatalf("the tick published the charts %d times, want once", calls-before)
	}
	if v := api.Call("getCharts").Get("version").Int(); v == ver {
		t.Fatalf("the charts still have version %d after %d results", v, len(results))
	}
	before = calls
	if _, err := await(t, b, api.Call("setConfig", map[string]any{"exp_reps": 3})); err != nil {
		t.Fatal(err)
	}
	if calls == before {
		t.Fatal("a new configuration did not publish the charts at once")
	}
}

// TestReopenPublishesTheNewCharts: a permalink opened in the same page (a
// classroom link) starts a new lab, whose charts may carry the same version
// and work generation as the old lab's last ones; its charts are published
// all the same, under a version the page has not drawn, so the page does
// not keep the old lab's (here a note that names the seed the link hides).
func TestReopenPublishesTheNewCharts(t *testing.T) {
	b, win, api := setup(t, "v=1&lab=memory&autoplay=0&H=6&M=6&seed=5")
	note := func() string {
		return js.Global().Get("JSON").Call("stringify", api.Call("getCharts")).String()
	}
	if !strings.Contains(note(), "-seed 5") {
		t.Fatalf("the charts do not name the seed: %s", note())
	}
	before := api.Call("getCharts").Get("version").Float()
	win.Get("location").Set("hash", "#v=1&lab=memory&autoplay=0&H=6&M=6&seed=6&seed_hide=1")
	win.Get("listeners").Get("hashchange").Index(0).Invoke()
	b.Drain()
	if c := note(); strings.Contains(c, "-seed 5") || strings.Contains(c, "-seed 6") {
		t.Fatalf("after opening a link that hides the seed, the charts still name one: %s", c)
	}
	// The page redraws only for a version it has not drawn.
	if after := api.Call("getCharts").Get("version").Float(); after == before {
		t.Fatalf("the new lab's charts were published with the old lab's version %v", after)
	}
}

// TestWorkCallsApplyAtOnce: the workers' calls are applied when they are
// made, not at the frame's next tick, unless a call from the page waits
// before them (the order of the calls is kept).
func TestWorkCallsApplyAtOnce(t *testing.T) {
	b, _, api := setup(t, "v=1&lab=memory&autoplay=0&H=6&M=6&exp_reps=2&exp_rules=hebb,willshaw")
	if _, err := await(t, b, api.Call("setConfig", map[string]any{"screen": "experiments"})); err != nil {
		t.Fatal(err)
	}
	gen := api.Call("getCharts").Get("gen").Int()
	// settled waits up to d for p without draining the queue.
	settled := func(p js.Value, d time.Duration) (js.Value, bool) {
		ch := make(chan js.Value, 1)
		ok := js.FuncOf(func(this js.Value, args []js.Value) any { ch <- args[0]; return nil })
		defer ok.Release()
		p.Call("then", ok)
		select {
		case v := <-ch:
			return v, true
		case <-time.After(d):
			return js.Undefined(), false
		}
	}
	w, ok := settled(api.Call("nextWork", 2, gen), time.Second)
	if !ok || w.IsNull() {
		t.Fatalf("nextWork was not answered before the tick: %v", w)
	}
	for k := 0; k < w.Get("requests").Length(); k++ {
		results, err := (&job.Worker{}).RunAll([]byte(w.Get("requests").Index(k).String()))
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range results {
			if _, ok := settled(api.Call("feedWork", w.Get("id"), k, i, string(r)), time.Second); !ok {
				t.Fatal("feedWork was not applied before the tick")
			}
		}
	}
	if got := b.Session().Lab.Charts().Done; got != w.Get("requests").Length() {
		t.Fatalf("the lab counts %d results, %d were fed", got, w.Get("requests").Length())
	}
	// A call from the page waits for the tick, and the workers' calls made
	// after it wait behind it.
	cfg := api.Call("setConfig", map[string]any{"exp_reps": 3})
	next := api.Call("nextWork", 2, gen)
	if _, ok := settled(next, 50*time.Millisecond); ok {
		t.Fatal("nextWork overtook a configuration change made before it")
	}
	if !b.Drain() {
		t.Fatal("nothing to drain")
	}
	if v, ok := settled(next, time.Second); !ok || !v.IsNull() {
		t.Fatalf("after the change of configuration (a new work generation), nextWork for the old one gave %v", v)
	}
	if _, err := await(t, b, cfg); err != nil {
		t.Fatal(err)
	}
}

// TestReopenedLabIgnoresTheOldLabsResults: a permalink opened in the same
// page starts a lab whose own work generations start again; the page sees a
// new generation all the same, and a result of the old lab's work (its
// workers not yet stopped) is not fed to the new lab, though its batch
// number is one the new lab hands out too.
func TestReopenedLabIgnoresTheOldLabsResults(t *testing.T) {
	const hash = "v=1&lab=memory&autoplay=0&screen=experiments&exp=storage&H=6&M=6&exp_reps=1&exp_rules=hebb"
	b, win, api := setup(t, hash)
	b.Drain()
	old := api.Call("getCharts").Get("gen").Int()
	w, err := await(t, b, api.Call("nextWork", 1, old))
	if err != nil || w.IsNull() {
		t.Fatalf("no batch: %v %v", w, err)
	}
	results, err := (&job.Worker{}).RunAll([]byte(w.Get("requests").Index(0).String()))
	if err != nil {
		t.Fatal(err)
	}
	win.Get("location").Set("hash", "#"+hash+"&seed=2")
	win.Get("listeners").Get("hashchange").Index(0).Invoke()
	b.Drain()
	gen := api.Call("getCharts").Get("gen").Int()
	if gen == old {
		t.Fatalf("the reopened lab's work has the old generation %d", gen)
	}
	nw, err := await(t, b, api.Call("nextWork", 1, gen))
	if err != nil || nw.IsNull() || nw.Get("gen").Int() != gen || nw.Get("id").Int() != w.Get("id").Int() {
		t.Fatalf("the new lab's first batch %v, want batch %d of gen %d", nw, w.Get("id").Int(), gen)
	}
	if _, err := await(t, b, api.Call("feedWork", w.Get("id"), 0, 0, string(results[0]), old)); err != nil {
		t.Fatal(err)
	}
	if done := b.Session().Lab.Charts().Done; done != 0 {
		t.Fatalf("the new lab took the old lab's result for its own batch %d: %d units done", w.Get("id").Int(), done)
	}
	if _, err := await(t, b, api.Call("feedWork", w.Get("id"), 0, 0, string(results[0]), gen)); err != nil {
		t.Fatal(err)
	}
	if done := b.Session().Lab.Charts().Done; done != 1 {
		t.Fatalf("a result of the new lab's generation was not taken: %d units done", done)
	}
}
