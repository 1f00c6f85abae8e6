// Package lab defines what a playground experiment ("lab") is and runs one,
// independently of the browser.
//
// A lab is IVISIT's simulation contract carried into Go. IVISIT (Knoblauch
// 2024) is a desktop tool for interactive simulations: a simulation declares
// its parameters and its displayed data by name, and hooks to initialise, to
// bind mouse handlers and to step; widgets bind to parameters and data by
// name, and a run loop calls step a number of times per frame. Here a lab is
// a value with a declarative parameter table ([params.Table]), an
// initialisation from a configuration, a step, named actions, and views. Views are plain RGBA
// pixel buffers with a title, caption lines and a legend; the lab fills them,
// and the frame (the Ebiten program in wasm/app) only uploads and scales them.
// Clicks on a view come back to the lab in the view's own pixel coordinates.
//
// A [Session] owns one lab and everything around it that is the same for
// every lab: the current configuration, the permalink, classroom-hidden
// controls, presentation mode, play/pause/step/reset and the playback speed.
// The frame and the JavaScript bridge talk only to the Session, so a new lab
// needs no frame code: it implements [Lab], registers itself with
// [Register], and is reachable as #lab=<id>.
//
// Everything here is pure Go and tested natively.
//
// Reference: A. Knoblauch, "IVISIT: An Interactive Visual Simulation Tool for
// system simulation, visualization, optimization, and parameter management",
// arXiv:2408.03341 (2024).
package lab
