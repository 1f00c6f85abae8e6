//go:build js && wasm

package main

import (
	"math"
	"syscall/js"

	"hebbplay/core/lab"
)

// phoneCSS is the window width (CSS pixels) up to which the page is laid
// out for a phone (web/style.css's breakpoint): the stage then grows to
// hold its views.
const phoneCSS = 760

// arrange places the views with lab.Arrange for this stage, window and
// mode (presentation rows at most the window's height).
func (g *game) arrange(views []lab.View, u float64) ([]lab.Card, float64) {
	return lab.Arrange(views, lab.Stage{
		W: float64(g.w), H: float64(g.h), DSF: g.dsf, U: u,
		Phone:   g.win.Get("innerWidth").Float() <= phoneCSS,
		Present: g.present,
		MaxRow:  g.win.Get("innerHeight").Float()*g.dsf - 90*u,
	})
}

// publishHeight tells the page how tall the stage should be
// (window.hebbplayStageHeight in CSS pixels, 0 = fill the room) and calls
// window.hebbplayOnStageHeight when it changed.
func (g *game) publishHeight(tall float64) {
	css := math.Ceil(tall / g.dsf)
	if css == g.tallCSS {
		return
	}
	g.tallCSS = css
	g.win.Set("hebbplayStageHeight", css)
	if f := g.win.Get("hebbplayOnStageHeight"); f.Type() == js.TypeFunction {
		f.Invoke(css)
	}
}
