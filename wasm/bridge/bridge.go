//go:build js && wasm

// Package bridge connects a [lab.Session] to JavaScript: it hands the page an
// API object (window.hebbplay), queues every call from the page, applies the
// queue from the frame's update loop, publishes the resulting state to
// subscribers, and keeps the top page's URL hash equal to the permalink.
//
// The rules it follows, and the browser facts behind them:
//   - js.FuncOf handlers return at once: they only enqueue work (or read the
//     last published snapshot); Drain, called from Ebiten's Update, applies it.
//     Calls that change state return a Promise resolved with the new state.
//     A handler that blocked on asynchronous JavaScript would deadlock Go's
//     single-threaded WebAssembly runtime.
//   - Go owns the state; the panel only sends changes and renders snapshots.
//   - The game runs in an iframe (web/game.html inside web/index.html), since
//     Ebiten makes its own canvas, appends it to <body> and reads mouse
//     positions as if it sat at the viewport's origin; the bridge reaches the
//     top page through window.parent (the window itself when not framed), to
//     hand the panel its API and to keep the top page's URL hash.
//   - Plain structs go through vert (js tags). vert's pitfalls, which the code
//     avoids: arrays panic (use slices) and nil slices become null; AssignTo
//     into a struct resets fields the JS object lacks, and into a non-empty
//     slice appends; tag options are not parsed (`js:"name"` only); a JS
//     string never converts to a Go number. So partial configurations from the
//     page are read key by key and validated by the parameter table.
//   - Every element vert converts is a separate JS call (about 6 ms for 10 000
//     floats), so only small records go through vert: pictures never leave
//     Go (the frame draws them), and bulk bytes such as a lab's data asset
//     cross in one js.CopyBytesToGo per chunk (assets.go).
//   - Calling a method on a JS string primitive through js.Value panics and
//     ends the Go program: strings are converted with String() and handled
//     with Go's strings package.
//
// The package uses syscall/js but not Ebiten, so its tests run under Node
// (GOOS=js GOARCH=wasm go test with go_js_wasm_exec on PATH).
package bridge

import (
	"fmt"
	"sync"
	"syscall/js"
	"time"

	"github.com/norunners/vert"

	"hebbplay/core/lab"
	"hebbplay/core/params"
)

// command is one queued call from the page.
type command struct {
	apply   func(s *lab.Session) error
	resolve js.Value // Promise resolve function, or undefined
	// result, when set, gives the value the Promise resolves with instead of
	// the state (read after apply).
	result func() js.Value
	// quiet marks the workers' traffic (nextWork, feedWork): its effect on
	// the charts is published by the frame's TickCharts, at most every
	// chartsEvery, instead of at once; a sweep feeds dozens of results a
	// second, and converting and redrawing the charts for each took a
	// tenth of the page's thread from the workers (measured with a CPU
	// profile of a two-worker sweep). A quiet call is also applied at once
	// when no other call waits before it (see enqueueCommand).
	quiet bool
}

// Bridge is the JavaScript side of a session. Make one with [New].
type Bridge struct {
	mu       sync.Mutex
	win      js.Value // the top page's window (parent of the game iframe)
	sess     *lab.Session
	queue    []command
	snapshot lab.State
	schema   lab.Schema
	seq      uint64
	subs     []js.Value
	funcs    []js.Func
	charts   chartState
	lastHash string
	api      js.Value
	// reopen opens a session for a hash typed into the address bar.
	reopen func(hash string) (*lab.Session, error)
	// assets are the files labs asked for (assets.go).
	assets assets
	// draining is set while Drain applies the queue; quietApplied records
	// that a quiet call was applied at once since the last Drain.
	draining, quietApplied bool
	// epoch counts the labs opened in this page (reopened permalinks); see
	// workGen.
	epoch int
}

// New returns a bridge for the given session, talking to window win (use
// TopWindow to get the top page from inside the game iframe).
func New(win js.Value, s *lab.Session) *Bridge {
	b := &Bridge{win: win, sess: s, reopen: lab.Open}
	b.schema = s.Schema()
	b.snapshot = b.stateOf(s)
	b.seq = ^uint64(0) // the first Publish writes the normalised permalink
	return b
}

// TopWindow returns the window of the top page: the parent when the game
// runs in an iframe, otherwise the game's own window. A parent of another
// origin (game.html framed by another site) cannot be scripted: then the
// game's own window is used. (index.html framed by another site is fine:
// the game's parent is index.html, of the game's own origin.)
func TopWindow() (w js.Value) {
	g := js.Global()
	defer func() {
		if recover() != nil {
			w = g
		}
	}()
	if p := g.Get("parent"); p.Truthy() {
		// A cross-origin window still hands out its location object, but
		// reading the location's href throws (as does any property of the
		// window beyond a few). Value.Get would let the exception kill the
		// program; Call turns it into a panic, recovered above.
		reflect := js.Global().Get("Reflect")
		loc := reflect.Call("get", p, "location")
		reflect.Call("get", loc, "href")
		return p
	}
	return g
}

// ReadHash returns the location hash of window win, without '#'.
func ReadHash(win js.Value) string {
	loc := win.Get("location")
	if !loc.Truthy() {
		return ""
	}
	h := loc.Get("hash")
	if h.Type() != js.TypeString {
		return ""
	}
	s := h.String()
	if len(s) > 0 && s[0] == '#' {
		s = s[1:]
	}
	return s
}

// Session returns the current session (it is replaced when the page's hash
// is changed by hand). Only call it from the frame's goroutine.
func (b *Bridge) Session() *lab.Session {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.sess
}

// Install creates the API object, stores it as win[name] (and on the game's
// own window when that differs), listens for hash changes, and calls the
// page's optional win.onAppReady(api) hook. It returns the API object.
func (b *Bridge) Install(name string) js.Value {
	obj := js.Global().Get("Object").New()
	b.fn(obj, "getState", func(args []js.Value) any { return b.stateJS() })
	b.fn(obj, "getSchema", func(args []js.Value) any {
		b.mu.Lock()
		defer b.mu.Unlock()
		return vert.ValueOf(b.schema).Value
	})
	b.fn(obj, "setConfig", func(args []js.Value) any {
		partial, err := readPartial(arg(args, 0))
		if err != nil {
			return b.enqueue(func(s *lab.Session) error { return err })
		}
		return b.enqueue(func(s *lab.Session) error { s.SetConfig(partial); return nil })
	})
	b.fn(obj, "action", func(args []js.Value) any {
		name := str(arg(args, 0))
		return b.enqueue(func(s *lab.Session) error { return s.Do(name) })
	})
	b.fn(obj, "click", func(args []js.Value) any {
		view, x, y := str(arg(args, 0)), num(arg(args, 1)), num(arg(args, 2))
		return b.enqueue(func(s *lab.Session) error { s.Click(view, int(x), int(y)); return nil })
	})
	b.fn(obj, "setHidden", func(args []js.Value) any {
		names := strs(arg(args, 0))
		return b.enqueue(func(s *lab.Session) error { s.SetHidden(names); return nil })
	})
	b.fn(obj, "setPresentation", func(args []js.Value) any {
		on := arg(args, 0).Truthy()
		return b.enqueue(func(s *lab.Session) error { s.SetPresentation(on); return nil })
	})
	b.fn(obj, "clearNotices", func(args []js.Value) any {
		return b.enqueue(func(s *lab.Session) error { s.ClearNotices(); return nil })
	})
	b.fn(obj, "classroomLink", func(args []js.Value) any {
		names := strs(arg(args, 0))
		present := arg(args, 1).Truthy()
		b.mu.Lock()
		h := b.sess.ClassroomHash(names, present)
		b.mu.Unlock()
		return b.baseURL() + "#" + h
	})
	b.fn(obj, "subscribe", func(args []js.Value) any {
		f := arg(args, 0)
		if f.Type() != js.TypeFunction {
			return js.Undefined()
		}
		b.mu.Lock()
		b.subs = append(b.subs, f)
		b.mu.Unlock()
		return js.Undefined()
	})
	b.installCharts(obj)
	b.installLibrary(obj)
	b.api = obj
	b.win.Set(name, obj)
	if g := js.Global(); !g.Equal(b.win) {
		g.Set(name, obj)
	}
	if ael := b.win.Get("addEventListener"); ael.Type() == js.TypeFunction {
		f := js.FuncOf(func(this js.Value, args []js.Value) any {
			h := ReadHash(b.win)
			b.mu.Lock()
			same := h == b.lastHash
			b.mu.Unlock()
			if !same {
				b.enqueueReopen(h)
			}
			return nil
		})
		b.funcs = append(b.funcs, f)
		b.win.Call("addEventListener", "hashchange", f)
	}
	if hook := b.win.Get("onAppReady"); hook.Type() == js.TypeFunction {
		hook.Invoke(obj)
	}
	return obj
}

// fn adds a method to obj whose panics become JavaScript errors instead of
// killing the Go program.
func (b *Bridge) fn(obj js.Value, name string, f func(args []js.Value) any) {
	jf := js.FuncOf(func(this js.Value, args []js.Value) (ret any) {
		defer func() {
			if r := recover(); r != nil {
				ret = js.Global().Get("Error").New(fmt.Sprintf("hebbplay.%s: %v", name, r))
			}
		}()
		return f(args)
	})
	b.funcs = append(b.funcs, jf)
	obj.Set(name, jf)
}

// Release frees the JavaScript functions (tests; the app never exits).
func (b *Bridge) Release() {
	for _, f := range b.funcs {
		f.Release()
	}
	b.funcs = nil
}

// enqueue queues a change and returns a Promise resolved with the state after
// it has been applied (or rejected with its error).
func (b *Bridge) enqueue(apply func(s *lab.Session) error) js.Value {
	return b.enqueueResult(apply, nil)
}

// enqueueResult is enqueue with the value the Promise resolves with given
// by result (called after apply); nil means the state.
func (b *Bridge) enqueueResult(apply func(s *lab.Session) error, result func() js.Value) js.Value {
	return b.enqueueCommand(command{apply: apply, result: result})
}

// enqueueCommand queues cmd and returns its Promise.
//
// A quiet command (the workers' nextWork and feedWork) is applied at once
// when no other command waits before it, so the order of the calls is
// kept: waiting for the frame's tick cost the workers up to a frame (17 ms)
// each time a result had to reach the lab before it could hand out the next
// probe, and a CPU profile of a two-worker sweep had the workers idle 6.5%
// of the time. Go's WebAssembly runtime is single-threaded and a page's
// call runs only while every goroutine waits (the frame's Update and Draw
// are never under way then), so applying it here is as safe as in Drain.
func (b *Bridge) enqueueCommand(cmd command) js.Value {
	var exec js.Func
	exec = js.FuncOf(func(this js.Value, args []js.Value) any {
		cmd.resolve = js.Global().Get("Array").New(args[0], args[1])
		b.mu.Lock()
		now := cmd.quiet && len(b.queue) == 0 && !b.draining
		if !now {
			b.queue = append(b.queue, cmd)
		}
		b.mu.Unlock()
		exec.Release()
		if now {
			b.applyQuiet(cmd)
		}
		return nil
	})
	return js.Global().Get("Promise").New(exec)
}

// applyQuiet applies a quiet command at once and settles its promise. What
// it changes is published by the frame: the state by its next Update, the
// charts by the next TickCharts (at once when the state changed, as Drain
// does: a run that finished).
func (b *Bridge) applyQuiet(cmd command) {
	s := b.Session()
	seq := s.Seq()
	err := cmd.apply(s)
	b.mu.Lock()
	b.quietApplied = true
	if b.sess.Seq() != seq {
		b.charts.last = time.Time{}
	}
	b.mu.Unlock()
	b.settle([]command{cmd}, []error{err})
}

func (b *Bridge) enqueueReopen(hash string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.queue = append(b.queue, command{apply: func(*lab.Session) error {
		s, err := b.reopen(hash)
		if err != nil {
			return err
		}
		b.mu.Lock()
		b.sess = s
		b.schema = s.Schema()
		b.seq = ^uint64(0) // force a publish
		// The new lab's chart versions start again and may match the old
		// lab's last ones: its charts are published whatever they are.
		b.charts.started = false
		// Its work generations start again too: the page sees them in a new
		// epoch, so no result of the old lab's workers reaches it.
		b.epoch++
		b.mu.Unlock()
		return nil
	}})
}

// Drain applies every queued command to the session, publishes the new state
// if anything changed, and settles the commands' promises. The frame calls it
// once per update tick. It reports whether there was anything to apply
// (the frame then redraws).
func (b *Bridge) Drain() bool {
	b.mu.Lock()
	q := b.queue
	b.queue = nil
	applied := b.quietApplied
	b.quietApplied = false
	b.draining = len(q) > 0
	b.mu.Unlock()
	if len(q) == 0 {
		return applied
	}
	errs := make([]error, len(q))
	quiet := true
	for i, c := range q {
		errs[i] = c.apply(b.Session())
		quiet = quiet && c.quiet
	}
	b.mu.Lock()
	b.draining = false
	b.mu.Unlock()
	if b.Publish() || !quiet {
		b.publishCharts()
	}
	b.settle(q, errs)
	return true
}

// settle resolves the promise of each command (or rejects it with its
// error), with the command's result or the state.
func (b *Bridge) settle(q []command, errs []error) {
	var st js.Value // the state, converted once if a command resolves with it
	for i, c := range q {
		if c.resolve.IsUndefined() || c.resolve.IsNull() {
			continue
		}
		switch {
		case errs[i] != nil:
			c.resolve.Index(1).Invoke(js.Global().Get("Error").New(errs[i].Error()))
		case c.result != nil:
			c.resolve.Index(0).Invoke(c.result())
		default:
			if st.IsUndefined() {
				st = b.stateJS()
			}
			c.resolve.Index(0).Invoke(st)
		}
	}
}

// Publish takes a new snapshot when the session changed, writes the
// permalink into the top page's hash (history.replaceState, so the back
// button is not flooded), calls the subscribers and starts fetching any
// asset the lab now waits for. It reports whether there was a change.
func (b *Bridge) Publish() bool {
	s := b.Session()
	b.mu.Lock()
	if s.Seq() == b.seq {
		b.mu.Unlock()
		return false
	}
	b.seq = s.Seq()
	b.snapshot = b.stateOf(s)
	hash := b.snapshot.Hash
	writeHash := hash != b.lastHash
	b.lastHash = hash
	subs := append([]js.Value(nil), b.subs...)
	b.mu.Unlock()
	if writeHash {
		b.writeHash(hash)
	}
	if len(subs) > 0 {
		st := b.stateJS()
		for _, f := range subs {
			callSafely(f, st)
		}
	}
	b.requestAssets(s)
	return true
}

func callSafely(f js.Value, arg js.Value) {
	defer func() { _ = recover() }() // a throwing subscriber must not kill Go
	f.Invoke(arg)
}

func (b *Bridge) writeHash(hash string) {
	h := b.win.Get("history")
	if h.Truthy() && h.Get("replaceState").Type() == js.TypeFunction {
		func() {
			defer func() { _ = recover() }()
			h.Call("replaceState", js.Null(), "", "#"+hash)
		}()
		return
	}
	if loc := b.win.Get("location"); loc.Truthy() {
		loc.Set("hash", hash)
	}
}

func (b *Bridge) baseURL() string {
	loc := b.win.Get("location")
	if !loc.Truthy() {
		return ""
	}
	href := loc.Get("href")
	if href.Type() != js.TypeString {
		return ""
	}
	s := href.String()
	for i := 0; i < len(s); i++ {
		if s[i] == '#' {
			return s[:i]
		}
	}
	return s
}

func (b *Bridge) stateOf(s *lab.Session) lab.State {
	st := s.State()
	st.Permalink = b.baseURL() + "#" + st.Hash
	return st
}

// stateJS converts the last snapshot to a JavaScript object.
func (b *Bridge) stateJS() js.Value {
	b.mu.Lock()
	st := b.snapshot
	b.mu.Unlock()
	return vert.ValueOf(st).Value
}

// Snapshot returns the last published state.
func (b *Bridge) Snapshot() lab.State {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.snapshot
}

func arg(args []js.Value, i int) js.Value {
	if i < len(args) {
		return args[i]
	}
	return js.Undefined()
}

func str(v js.Value) string {
	if v.Type() == js.TypeString {
		return v.String()
	}
	return ""
}

func num(v js.Value) float64 {
	if v.Type() == js.TypeNumber {
		return v.Float()
	}
	return -1
}

// strs reads an array of strings (other elements are skipped).
func strs(v js.Value) []string {
	if !v.Truthy() || v.Type() != js.TypeObject || !js.Global().Get("Array").Call("isArray", v).Bool() {
		return nil
	}
	var out []string
	for i := 0; i < v.Length(); i++ {
		if e := v.Index(i); e.Type() == js.TypeString {
			out = append(out, e.String())
		}
	}
	return out
}

// readPartial reads the argument of setConfig: a plain JS object from
// parameter names to values, passed through JSON.stringify to
// params.DecodePartial, which does the decoding (natively tested and fuzzed).
// A value that is not a number, boolean or string becomes a notice naming its
// key (JSON.stringify drops undefined values and writes NaN as null).
func readPartial(v js.Value) (partial map[string]any, err error) {
	if v.Type() != js.TypeObject || v.IsNull() {
		return nil, fmt.Errorf("setConfig expects an object such as {rule: \"hebb\"}")
	}
	defer func() {
		if r := recover(); r != nil {
			// JSON.stringify throws on cycles and BigInts.
			partial, err = nil, fmt.Errorf("setConfig: the change cannot be read (%v)", r)
		}
	}()
	text := js.Global().Get("JSON").Call("stringify", v).String()
	return params.DecodePartial([]byte(text))
}
