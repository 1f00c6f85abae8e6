//go:build js && wasm

// Command app is the playground's WebAssembly program: it runs a lab session
// and draws the lab's views with Ebiten inside web/game.html, which
// web/index.html frames next to the HTML control panel.
//
// This package is the frame: it knows nothing about any particular lab. It
// lays out whatever views the lab returns (title, picture, caption, legend),
// uploads each picture with WritePixels only when its version changed, maps
// clicks back to the view's pixels, and redraws only when something changed
// (the screen is not cleared between frames, so an idle page costs almost
// nothing). All calls from the page arrive through the bridge's queue and
// are applied here, in Update.
//
// Browser facts it relies on, measured on a two-core machine without a GPU:
//   - Ebiten creates its own canvas at package init, appends it to <body>,
//     restyles the page and reads mouse positions as if the canvas sat at the
//     viewport's origin; placed beside a panel it is squashed and clicks miss.
//     In an iframe (web/game.html) it works with no workarounds, and it
//     follows the iframe's CSS size. Keyboard input in the stage needs a
//     click or Tab first, since a framed canvas is not focused
//     automatically. Its canvas calls preventDefault on every key, Tab
//     included, so web/game.js catches Tab (and Esc) on the window's
//     capture phase, before the canvas sees them, to let the focus leave.
//   - Ebiten samples keys once per tick too: a key pressed and released
//     within one tick is missed (tests hold keys for 60 ms).
//   - Under software WebGL (SwiftShader) redrawing every frame used a whole
//     core at 24–50 frames per second; skipping unchanged frames
//     (SetScreenClearedEveryFrame(false) and an early return from Draw) idled
//     at about 8% CPU and 60 frames per second.
//   - A grid is uploaded as one RGBA buffer with WritePixels and scaled with
//     GeoM (nearest filter), not drawn with thousands of calls.
//   - Go's WebAssembly runtime is single-threaded and yields to the browser
//     only when every goroutine is blocked, so a long computation freezes
//     the page even in a goroutine with runtime.Gosched. Labs therefore work
//     in small slices per Update tick, and heavy experiments run in Web
//     Workers (wasm/worker).
//   - Ebiten samples mouse buttons once per tick, so a click that is pressed
//     and released at once can be missed: browser tests hold it for 80 ms.
//   - canvas.toDataURL() on Ebiten's canvas is blank (no
//     preserveDrawingBuffer); tests read pixels from element screenshots.
//
// It imports Ebiten, which cannot initialise under Node, so it is tested
// through the browser (scripts/browser).
package main

import (
	"log"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"

	"hebbplay/core/lab"
	_ "hebbplay/core/lab/dopaminelab"
	_ "hebbplay/core/lab/memorylab"
	_ "hebbplay/core/lab/sparselab"
	"hebbplay/wasm/bridge"
)

func main() {
	mark("main")
	win := bridge.TopWindow()
	s, err := lab.Open(bridge.ReadHash(win))
	if err != nil {
		js.Global().Get("console").Call("error", "hebbplay: "+err.Error())
		log.Fatal(err)
	}
	b := bridge.New(win, s)
	g := newGame(b, win)
	b.Install("hebbplay")
	b.Publish()
	mark("installed")

	ebiten.SetScreenClearedEveryFrame(false)
	ebiten.SetRunnableOnUnfocused(true)
	ebiten.SetWindowTitle("hebbplay")
	if err := ebiten.RunGame(g); err != nil {
		log.Fatal(err)
	}
}

// mark records a start-up milestone in window.hebbplayMarks (milliseconds
// since the stage's navigation) for the start-up measurements.
func mark(name string) {
	m := js.Global().Get("hebbplayMarks")
	if perf := js.Global().Get("performance"); m.Truthy() && perf.Truthy() {
		m.Set(name, perf.Call("now"))
	}
}
