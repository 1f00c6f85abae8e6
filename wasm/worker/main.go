//go:build js && wasm

// Command worker is the core-only WebAssembly program that runs in the
// playground's Web Workers. It measures units of an experiment (a rule at P
// stored items in one repetition) for the page, which splits the work across
// workers and merges the scores; the heavy lifting never touches the page's
// thread. It only translates: the work is experiment.Worker, tested natively.
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
// (web/worker.js): hebbWorkerHandle(requestJSON) → resultJSON, with the
// formats of experiment.WorkRequest and experiment.WorkResult.
package main

import (
	"syscall/js"

	"hebbplay/core/experiment"
)

func main() {
	w := &experiment.Worker{}
	js.Global().Set("hebbWorkerHandle", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeString {
			return `{"error":"hebbWorkerHandle takes one JSON string"}`
		}
		return string(w.Handle([]byte(args[0].String())))
	}))
	js.Global().Set("hebbWorkerReady", true)
	select {}
}
