package lab

import (
	"image"
	"image/color"
	"sort"
	"sync"

	"hebbplay/core/params"
)

// Lab is one interactive experiment: everything the frame needs from every
// lab, so that the frame (the Session, wasm/bridge, wasm/app and the page)
// treats every lab the same way and has no lab-specific code. A lab has a
// parameter table, views, a summary, charts ([ChartSource]) and background
// work ([WorkSource]); a part a lab does not use is present and empty (no
// charts: embed [NoCharts]; no background work: embed [NoWork]). The only optional parts
// are [Native] (a native command line), [AssetUser] (files fetched for
// the lab), [Driver] (changes of its own configuration over time),
// [LinkState] (state beyond the table in the permalink) and [HiddenUser]
// (told which controls a classroom link hides).
type Lab interface {
	// ID is the short name used in permalinks (lab=<id>).
	ID() string
	// Title is the human-readable name.
	Title() string
	// About returns the help text the panel shows beside the controls
	// ([Schema.About]): what the lab shows, where its science comes from,
	// paragraphs separated by blank lines; "" for none.
	About() string
	// Table declares the lab's parameters; it must return the same table
	// every time.
	Table() *params.Table
	// Actions lists the lab's own buttons (play, pause, step and reset are
	// provided by the Session for every lab).
	Actions() []Action
	// PlaybackShowIf is a parameter condition (params.Shown) under which
	// the animation applies: the frame shows the play, step and reset
	// buttons only while it holds. Empty means always.
	PlaybackShowIf() string
	// Configure applies a configuration: called once with the initial
	// values, then after every change. The lab compares it with the previous
	// one and recomputes only what depends on the changed values. A new run
	// starts at its first step.
	Configure(v params.Values) error
	// Act performs one of the lab's actions. It may change the
	// configuration through v (the Session then calls Configure and updates
	// the permalink); it reports whether anything changed.
	Act(name string, v *params.Values) (bool, error)
	// Step advances the current run by one step. It returns false, changing
	// nothing, when the run is already at its end.
	Step() bool
	// Rewind returns the current run to its first step.
	Rewind()
	// Views returns the current views, in display order. The slice and the
	// images may be reused between calls; a view's Version changes whenever
	// its pixels or text change.
	Views() []View
	// Click handles a click at pixel (x, y) of the image of the named view;
	// it may change the configuration through v. It reports whether anything
	// changed.
	Click(view string, x, y int, v *params.Values) bool
	// Summary reports the outcome of the current run for the panel and for
	// scripts (window.hebbplay.getState().summary).
	Summary() Summary
	// ChartSource gives the charts, downloads and work status the page
	// shows; a lab without charts embeds [NoCharts].
	ChartSource
	// WorkSource hands out the lab's background work, run in Web Workers
	// (natively: [RunWork]), and takes its results; a lab without
	// background work embeds [NoWork].
	WorkSource
}

// HiddenUser is a [Lab] that words its views, summary and charts knowing
// which controls a classroom link hides, so that a hidden value appears
// nowhere on the page (a weight matrix titled without the hidden rule's
// name, a chart note without the native command, which names every value).
// The Session calls SetHidden when it opens and whenever the set changes,
// before the lab is asked for its views again.
type HiddenUser interface {
	// SetHidden gives the names of the hidden controls, in table order
	// (empty: none hidden). The lab keeps a copy.
	SetHidden(names []string)
}

// Action is a button of a lab.
type Action struct {
	// Name identifies the action in Act and in the bridge.
	Name string `js:"name" json:"name"`
	// Label is the button text.
	Label string `js:"label" json:"label"`
	// Help is shown on hover/focus.
	Help string `js:"help" json:"help"`
	// Key is the keyboard shortcut shown next to the label, if any.
	Key string `js:"key" json:"key"`
	// ShowIf is a parameter condition (params.Shown) under which the button
	// is shown; empty means always.
	ShowIf string `js:"showIf" json:"showIf"`
}

// Summary is a lab's report on its current run.
type Summary struct {
	// Text is one line for people ("correct after 3 iterations, overlap 1.00").
	Text string
	// Fields holds the same facts for scripts, as JSON-like values
	// (bool, int, float64, string).
	Fields map[string]any
}

// View is one picture of a lab's state.
type View struct {
	// ID names the view in clicks and tests.
	ID string
	// Title is drawn above the picture.
	Title string
	// Img holds the pixels; its bounds start at (0, 0).
	Img *image.RGBA
	// Caption lines are drawn under the picture.
	Caption []Line
	// Legend explains the colours of the picture.
	Legend []LegendItem
	// Gradient, when not nil, is a continuous colour scale drawn as a bar.
	Gradient *Gradient
	// Clickable views report clicks to Lab.Click.
	Clickable bool
	// Scroll marks a picture that may be taller than its place; the frame
	// then fits its width and scrolls vertically, keeping Focus visible.
	Scroll bool
	// Focus is the region of Img to keep in sight when scrolling.
	Focus image.Rectangle
	// Targets are the spots of a clickable view that the keyboard cursor
	// visits (cells of a grid, thumbnails of a gallery), in Img's pixels:
	// the arrow keys move between them ([CursorMove]) and Enter or Space
	// clicks at the centre of the one under the cursor, as a click there
	// does. Nil: the view is for the mouse only.
	Targets []image.Rectangle
	// Version changes whenever the pixels or texts change.
	Version uint64
	// Weight is the view's share of the stage relative to others (0 = 1).
	Weight float64
}

// Line is a caption line with an optional emphasis colour.
type Line struct {
	Text  string
	Color color.RGBA // zero = the default text colour
	Bold  bool
	// Hint marks secondary explanations ("click a unit to…") that the frame
	// drops in presentation mode or when the picture would get too small.
	Hint bool
}

// LegendItem is one swatch of a legend.
type LegendItem struct {
	Color color.RGBA
	// Ring draws the swatch as an outline (for "missing" units).
	Ring  bool
	Label string
}

// Gradient is a continuous colour scale from Lo to Hi.
type Gradient struct {
	Stops       []color.RGBA
	Lo, Mid, Hi string
	Label       string
}

var (
	regMu    sync.Mutex
	registry = map[string]func() Lab{}
)

// Register makes a lab available under its ID. Lab packages call it from
// init; the wasm app imports them for their side effect.
func Register(id string, make func() Lab) {
	regMu.Lock()
	defer regMu.Unlock()
	if _, dup := registry[id]; dup {
		panic("lab: duplicate lab " + id)
	}
	registry[id] = make
}

// New returns a fresh lab of the given ID, or nil when none is registered.
func New(id string) Lab {
	regMu.Lock()
	defer regMu.Unlock()
	if mk := registry[id]; mk != nil {
		return mk()
	}
	return nil
}

// IDs lists the registered labs, sorted.
func IDs() []string {
	regMu.Lock()
	defer regMu.Unlock()
	var ids []string
	for id := range registry {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Info names a registered lab, for the page's lab switcher.
type Info struct {
	ID    string `js:"id" json:"id"`
	Title string `js:"title" json:"title"`
}

// Labs lists the registered labs with their titles, sorted by ID.
func Labs() []Info {
	ids := IDs()
	out := make([]Info, 0, len(ids))
	for _, id := range ids {
		if l := New(id); l != nil {
			out = append(out, Info{ID: id, Title: l.Title()})
		}
	}
	return out
}

// PlaybackParams are the parameters every animated lab shares; a lab appends
// them to its table so the Session can read them: "speed" (steps per second
// while playing) and "autoplay" (start playing after each change).
func PlaybackParams() []params.Param {
	return []params.Param{
		{Name: "speed", Label: "Speed", Type: params.Float, Min: 0.5, Max: 30, Step: 0.5, Default: "4", Unit: "steps/s", Group: "Playback", Hideable: true,
			Help: "How many steps the animation advances per second while playing."},
		{Name: "autoplay", Label: "Play after each change", Type: params.Bool, Default: "true", Group: "Playback", Hideable: true,
			Help: "Start the animation from the first step whenever a setting changes."},
	}
}
