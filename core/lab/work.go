package lab

import "fmt"

// Two parts of every lab ([Lab] embeds both), generic so that the frame
// needs no lab-specific code for them:
//
//   - WorkSource: the lab's heavy background work. The frame runs it in Web
//     Workers (each running the core-only wasm program, wasm/worker), never
//     on the page's thread: it asks for a batch split into one request per
//     worker, sends each request to its worker, and hands every unit's result
//     back as it arrives. Requests are jobs of the kinds registered with
//     core/job. A long training is a sequence of units, one batch at a time,
//     each answered with a snapshot of the run; while the lab's Charts say
//     Running but NextWork has nothing yet (a rate bound, a pause to
//     measure), the frame asks again shortly. Natively, [RunWork] does the
//     same with a pool of core/job workers. A lab without background work
//     embeds [NoWork].
//   - ChartSource: the lab's results as charts and tables: plain data
//     (Chart) that the page's one renderer draws (web/charts.js: axes,
//     legend toggles, exact values on hover, per-chart PNG and CSV), beside
//     the lab's pixel views or instead of them (Charts.Stage), and files to
//     download (CSV, JSON). No lab draws a chart itself. A lab without
//     charts returns an inactive Charts.

// Work is a batch of background work, split by the lab into requests. A
// request is the JSON text the worker program understands; an empty request
// means nothing to do. Request k < workers goes to worker k (a lab that keeps
// state in a worker, such as a training, relies on it); requests beyond the
// number of workers wait in a queue, and each goes to the first worker that
// finishes its request (so that work of unforeseeable length balances itself).
type Work struct {
	// ID identifies the batch in FeedWork.
	ID int `js:"id"`
	// Gen is the work generation the batch belongs to (see WorkSource).
	Gen int `js:"gen"`
	// Requests holds the JSON requests: one per worker, or more, queued.
	Requests []string `js:"requests"`
	// Units counts the units of each request; the worker answers each unit
	// with one result.
	Units []int `js:"units"`
	// Shared marks requests that need no state of a particular worker: any
	// worker may run any of them, and the frame asks for the next batch as
	// soon as a worker has nothing to do, before this one is finished (the
	// lab hands out what became ready meanwhile). Without it, request k <
	// workers runs on worker k and the next batch is asked for only once
	// every request of this one is done.
	Shared bool `js:"shared"`
}

// WorkSource is the background-work part of a [Lab].
type WorkSource interface {
	// NextWork returns the next batch split for the given number of workers,
	// and false when there is nothing to do now (no run, or everything ready
	// is out).
	NextWork(workers int) (Work, bool)
	// FeedWork hands back the result (the worker's JSON) of unit i of
	// request k of batch id. Results of a stale batch are ignored.
	FeedWork(id, k, i int, result string) error
	// WorkGen is the current work generation. It changes whenever pending
	// work is abandoned (cancel, a new run, a configuration change): the
	// frame then stops its workers at once and starts fresh ones.
	WorkGen() int
}

// NoWork is the [WorkSource] of a lab without background work: embedded in
// the lab, it never has a batch, and rejects results.
type NoWork struct{}

// NextWork implements WorkSource: there is never anything to do.
func (NoWork) NextWork(workers int) (Work, bool) { return Work{}, false }

// FeedWork implements WorkSource: no batch was handed out, so any result
// is an error.
func (NoWork) FeedWork(id, k, i int, result string) error {
	return fmt.Errorf("lab: a result for batch %d, but this lab has no background work", id)
}

// WorkGen implements WorkSource: always 0.
func (NoWork) WorkGen() int { return 0 }

// Chart is a line chart, a bar chart or a table drawn by the page. It is
// plain data: the page's one renderer draws it (axes, legend toggles, exact
// values on hover) and exports it as PNG (with the title, Params and the
// permalink drawn in) and as CSV. [Chart.Validate] checks its shape.
type Chart struct {
	// ID names the chart in tests and file names.
	ID string `js:"id"`
	// Title is drawn above the chart.
	Title  string `js:"title"`
	XLabel string `js:"xLabel"`
	YLabel string `js:"yLabel"`
	// XLog and YLog select logarithmic axes.
	XLog bool `js:"xLog"`
	YLog bool `js:"yLog"`
	// YMin and YMax fix the y range when YMin < YMax; XMin and XMax the x
	// range when XMin < XMax.
	YMin float64 `js:"yMin"`
	YMax float64 `js:"yMax"`
	XMin float64 `js:"xMin"`
	XMax float64 `js:"xMax"`
	// Series are the curves.
	Series []Series `js:"series"`
	// Categories, when not empty, make a bar chart: one group of bars per
	// category, each series giving one bar per category (its Y, as long as
	// Categories; X is unused; NaN leaves the bar out).
	Categories []string `js:"categories"`
	// Refs are reference lines (a target, chance level, where a forecast
	// starts), drawn dashed and labelled.
	Refs []Ref `js:"refs"`
	// Params is the line of main parameters ("task xor · seed 1") drawn
	// under the title in the PNG export, beside the permalink.
	Params string `js:"params"`
	// Table, when it has columns, is shown instead of a plot.
	Table Table `js:"table"`
	// Note is a line of text under the chart.
	Note string `js:"note"`
	// Guide, when not empty, is a paragraph "how to read this" shown under
	// the chart before the Note: what the shapes a visitor sees mean.
	Guide string `js:"guide"`
}

// Series is one curve of a chart. X and Y have the same length.
type Series struct {
	Label string    `js:"label"`
	Color string    `js:"color"` // CSS colour
	X     []float64 `js:"x"`
	Y     []float64 `js:"y"`
	// Dashed draws the line dashed; Markers draws the points only.
	Dashed  bool `js:"dashed"`
	Markers bool `js:"markers"`
	// Point is the marker shape of a Markers series, also shown in the
	// legend: "" (a circle), "triangle" or "diamond".
	Point string `js:"point"`
	// Hidden series stay out of the legend (marks such as a P90 point).
	Hidden bool `js:"hidden"`
	// Histogram draws bars between bin edges: X holds the len(Y)+1 edges
	// and Y the count of each bin.
	Histogram bool `js:"histogram"`
	// Notes, when not empty, hold a line of text per point, shown on hover
	// under its value (an interval, a warning).
	Notes []string `js:"notes"`
	// Band marks the edges of a shaded band (an interval around a curve),
	// drawn as a pair of series: "lo" (the lower edge) then "hi" (the upper
	// edge, shaded down to the series before it). Bands have no line,
	// markers, legend entry or tooltip; the chart's Note says what they are.
	Band string `js:"band"`
}

// Ref is a reference line: horizontal at y = Value, or vertical at
// x = Value.
type Ref struct {
	Label    string  `js:"label"`
	Value    float64 `js:"value"`
	Vertical bool    `js:"vertical"`
	Color    string  `js:"color"` // CSS colour; empty: the palette's "ref"
}

// Table is a table of text cells.
type Table struct {
	Columns []string   `js:"columns"`
	Rows    [][]string `js:"rows"`
}

// Export is a file a lab offers for download.
type Export struct {
	Name     string `js:"name"`     // identifies the export in ExportFile
	Label    string `js:"label"`    // button text
	Filename string `js:"filename"` // suggested file name
	Mime     string `js:"mime"`
}

// Charts is what a lab shows through its ChartSource: its charts, its downloads, the
// progress of its background work, and whether the pixel views (the stage)
// are in use at the same time.
type Charts struct {
	// Active is false when the lab shows no charts now.
	Active  bool     `js:"active"`
	Charts  []Chart  `js:"charts"`
	Exports []Export `js:"exports"`
	// Stage is true when the lab's pixel views should stay visible too.
	Stage bool `js:"stage"`
	// Narrow, with Stage, makes the charts a narrow side column, so that the
	// stage keeps room for its views side by side (charts that accompany
	// the views rather than replace them).
	Narrow bool `js:"narrow"`
	// Status is one line on the state of the work ("42 of 180 units, about
	// 12 s left"); Done and Total count units; Running is true while work
	// is pending.
	Status  string `js:"status"`
	Done    int    `js:"done"`
	Total   int    `js:"total"`
	Running bool   `js:"running"`
	// Version changes whenever anything above changes.
	Version uint64 `js:"version"`
	// Gen is the lab's work generation (WorkSource.WorkGen), filled in by
	// the frame: when it changes, the page stops its workers.
	Gen int `js:"gen"`
}

// NoCharts is the [ChartSource] of a lab without charts or downloads:
// embedded in the lab, its Charts are inactive and it has no files.
type NoCharts struct{}

// Charts implements ChartSource: inactive.
func (NoCharts) Charts() Charts { return Charts{} }

// ExportFile implements ChartSource: there is no download.
func (NoCharts) ExportFile(name string) (string, error) {
	return "", fmt.Errorf("lab: no download %q: this lab offers none", name)
}

// ChartSource is the charts part of a [Lab]: what it shows in the page
// besides its pixel views, and its downloads.
type ChartSource interface {
	// Charts returns the current charts (cheap: called after every change).
	Charts() Charts
	// ExportFile returns the content of the named export.
	ExportFile(name string) (string, error)
}
