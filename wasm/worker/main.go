//go:build js && wasm

// Command worker is the core-only WebAssembly program that runs in the
// playground's Web Workers. It computes the units of every lab's jobs (the
// job kinds registered with core/job: memory experiments, the Dopamine
// lab's live run and comparisons, …) for the page, which splits the work
// across workers and hands the results to the lab; the heavy lifting never
// touches the page's thread. It only translates: the work is job.Worker,
// tested natively.
//
// Why a second program: Go's WebAssembly runtime is single-threaded and
// yields to the browser only when every goroutine is blocked, so a long
// measurement in the page's program would freeze the panel and the canvas
// even in a goroutine. In a Web Worker the same work runs at the same speed
// while the page stays at 60 frames per second, and several workers measure
// in parallel. This program imports only the core (no Ebiten), so it is a
// fraction of the app's size.
//
// It exposes one synchronous function to the worker's JavaScript
// (web/worker.js): hebbWorkerHandle(requestJSON) → resultJSON, a request of
// one unit and its result in the format of the request's kind (package job),
// and hebbWorkerAsset(url, bytes), which hands it a file that requests name
// in their "assets" field (web/worker.js fetches them).
package main

import (
	"syscall/js"

	"hebbplay/core/job"
	_ "hebbplay/core/jobs" // every lab's job kinds
)

func main() {
	w := &job.Worker{}
	js.Global().Set("hebbWorkerHandle", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeString {
			return `{"error":"hebbWorkerHandle takes one JSON string"}`
		}
		return string(w.Handle([]byte(args[0].String())))
	}))
	js.Global().Set("hebbWorkerAsset", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 2 || args[0].Type() != js.TypeString || args[1].Type() != js.TypeObject {
			return "hebbWorkerAsset takes a URL and a Uint8Array"
		}
		b := make([]byte, args[1].Get("length").Int())
		js.CopyBytesToGo(b, args[1])
		w.SetAsset(args[0].String(), b)
		return nil
	}))
	js.Global().Set("hebbWorkerReady", true)
	select {}
}
