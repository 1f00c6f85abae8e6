//go:build js && wasm

package bridge

import (
	"errors"
	"fmt"
	"strconv"
	"syscall/js"

	"hebbplay/core/lab"
)

// assets fetches the files labs ask for ([lab.AssetUser]) with the page's
// fetch, streaming the body so progress can be reported, and keeps each one
// once it has arrived, so a lab opened again (a hash typed into the address
// bar) gets it without a second download. All of its fields are guarded by
// the bridge's mutex.
type assets struct {
	done     map[string]fetched // arrived (or failed) assets
	inFlight map[string]bool    // fetches started and not finished
	handing  map[string]bool    // hand-overs queued and not yet applied
}

// fetched is the outcome of one fetch.
type fetched struct {
	data []byte
	err  error
}

// requestAssets makes sure every asset the session's lab waits for is on
// its way: a known one is handed over by the next Drain, an unknown one is
// fetched. Publish calls it after every change.
func (b *Bridge) requestAssets(s *lab.Session) {
	need := s.NeedsAssets()
	if len(need) == 0 {
		return
	}
	var start []string
	defer func() {
		for _, url := range start {
			b.fetch(url)
		}
	}()
	b.mu.Lock()
	defer b.mu.Unlock()
	a := &b.assets
	if a.done == nil {
		a.done, a.inFlight, a.handing = map[string]fetched{}, map[string]bool{}, map[string]bool{}
	}
	for _, url := range need {
		switch f, ok := a.done[url]; {
		case ok && !a.handing[url]:
			a.handing[url] = true
			b.queue = append(b.queue, command{apply: func(s *lab.Session) error {
				b.mu.Lock()
				delete(b.assets.handing, url)
				b.mu.Unlock()
				s.SetAsset(url, f.data, f.err)
				return nil
			}})
		case !ok && !a.inFlight[url]:
			a.inFlight[url] = true
			start = append(start, url)
		}
	}
}

// post queues a change from a JavaScript callback, without a promise.
func (b *Bridge) post(apply func(s *lab.Session)) {
	b.mu.Lock()
	b.queue = append(b.queue, command{apply: func(s *lab.Session) error { apply(s); return nil }})
	b.mu.Unlock()
}

// fetch starts fetching url with the page's fetch and a stream reader. Every
// chunk is copied into Go (js.CopyBytesToGo) and its progress queued for the
// session; the whole asset is queued when the stream ends. The callbacks
// only copy and queue, so they return at once.
func (b *Bridge) fetch(url string) {
	var (
		funcs          []js.Func
		reader         js.Value
		chunks         [][]byte
		loaded, total  int64
		onChunk, onErr js.Func
	)
	finish := func(data []byte, err error) {
		b.mu.Lock()
		delete(b.assets.inFlight, url)
		b.assets.done[url] = fetched{data, err}
		b.mu.Unlock()
		// The hand-over goes through requestAssets, so whichever session is
		// current then receives it, and only if it still waits for it.
		b.post(func(s *lab.Session) { b.requestAssets(s) })
		for _, f := range funcs {
			f.Release()
		}
	}
	onErr = js.FuncOf(func(this js.Value, args []js.Value) any {
		msg := "network error"
		if len(args) > 0 {
			msg = js.Global().Get("String").Invoke(args[0]).String()
		}
		finish(nil, errors.New(msg))
		return nil
	})
	onChunk = js.FuncOf(func(this js.Value, args []js.Value) any {
		r := arg(args, 0)
		if r.Get("done").Truthy() {
			data := make([]byte, 0, loaded)
			for _, c := range chunks {
				data = append(data, c...)
			}
			finish(data, nil)
			return nil
		}
		v := r.Get("value")
		c := make([]byte, v.Get("length").Int())
		js.CopyBytesToGo(c, v)
		chunks = append(chunks, c)
		loaded += int64(len(c))
		got, of := loaded, total
		b.post(func(s *lab.Session) { s.AssetProgress(url, got, of) })
		reader.Call("read").Call("then", onChunk, onErr)
		return nil
	})
	onResp := js.FuncOf(func(this js.Value, args []js.Value) any {
		resp := arg(args, 0)
		if !resp.Get("ok").Truthy() {
			finish(nil, fmt.Errorf("HTTP status %d", resp.Get("status").Int()))
			return nil
		}
		if h := resp.Get("headers"); h.Truthy() {
			if cl := h.Call("get", "Content-Length"); cl.Type() == js.TypeString {
				total, _ = strconv.ParseInt(cl.String(), 10, 64)
			}
		}
		body := resp.Get("body")
		if !body.Truthy() || body.Get("getReader").Type() != js.TypeFunction {
			finish(nil, errors.New("this browser cannot stream a download"))
			return nil
		}
		reader = body.Call("getReader")
		b.post(func(s *lab.Session) { s.AssetProgress(url, 0, total) })
		reader.Call("read").Call("then", onChunk, onErr)
		return nil
	})
	funcs = append(funcs, onChunk, onErr, onResp)
	fetchFn := js.Global().Get("fetch")
	if fetchFn.Type() != js.TypeFunction {
		finish(nil, errors.New("this browser has no fetch"))
		return
	}
	js.Global().Call("fetch", url).Call("then", onResp, onErr)
}
