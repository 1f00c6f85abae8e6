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
// # How to add a lab
//
// The concept first: a lab is a parameter table plus a pure function from a
// configuration to what the visitor sees. The frame owns everything around
// it (permalink, panel, playback, workers, chart drawing, downloads); the
// lab owns only its science and its pictures, and it answers the same
// questions as every other lab, through the one contract [Lab]:
//
//   - Table: its parameters (append [PlaybackParams] if it animates). The
//     permalink, the panel's controls, classroom hiding and the native
//     command line are all generated from it.
//   - Configure, Step, Rewind, Act, Click: the run. Configure is called
//     after every change and must be deterministic from the configuration
//     (its seed included).
//   - Views: pixel pictures ([View]); Summary: the run's outcome as a line
//     of text and as fields for scripts.
//   - Charts and ExportFile ([ChartSource]): results as plain data that the
//     page draws and exports. A lab without charts embeds [NoCharts].
//   - NextWork, FeedWork and WorkGen ([WorkSource]): heavy computation as
//     jobs of a kind registered with core/job, run by the page in Web
//     Workers and natively by a [Pool], with the same results for any number
//     of workers. A lab without background work embeds [NoWork].
//   - ID, Title, About, Actions, PlaybackShowIf: its name, help text and
//     buttons.
//
// Three parts stay optional: [Native] (the command of scripts/ that computes
// the same numbers natively; every lab so far has one), [AssetUser] (a
// data file fetched when the lab opens and unpacked in slices on the page's
// thread) and [HiddenUser] (told which controls a classroom link hides, so
// that its titles, notes and captions name none of their values). Then,
// step by step:
//
//  1. Write the science in its own core package, tested natively.
//  2. If the lab has heavy work, register its job kind in core/jobs, whose
//     runners the worker program (wasm/worker) already includes.
//  3. Write the lab in core/lab/<name>lab: a type implementing [Lab], with
//     an init that calls [Register]; check your charts with
//     [Chart.Validate] and run your work with a [Pool] in its tests.
//  4. Import the package for its side effect in wasm/app/main.go. The lab
//     then appears in the lab switcher and at #lab=<id>.
//
// fourth_test.go shows a complete minimal lab that gets all of it.
//
// Everything here is pure Go and tested natively.
//
// Reference: A. Knoblauch, "IVISIT: An Interactive Visual Simulation Tool for
// system simulation, visualization, optimization, and parameter management",
// arXiv:2408.03341 (2024).
package lab
