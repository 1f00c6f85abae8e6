package dopaminelab

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"

	"hebbplay/core/dopamine"
	"hebbplay/core/lab"
	"hebbplay/core/report"
)

// The result rows: one line per optimizer and seed, what scripts/dopamine
// prints and what the lab's "Results (CSV)" and "Results (JSON)" downloads
// hold for the finished live run. Both build them with RunRow and write
// them with WriteRows, so the page's download equals the native command's
// output (-format csv or json) byte for byte.

// TraceLimit bounds each optimizer's trace (see
// dopamine.Trainer.SetTraceLimit), in the page's run and in the native
// command's: the stall column reads the trace, so both must keep the same
// points.
const TraceLimit = 600

// Row is one run's line of output: one optimizer trained from one seed.
type Row struct {
	Task             string  `json:"task"`
	Seed             uint64  `json:"seed"`
	Optimizer        string  `json:"optimizer"`
	Params           int     `json:"params"`
	Target           float64 `json:"target_loss"`
	Reached          bool    `json:"reached"`
	StepsToTarget    *int    `json:"steps_to_target"`
	ForwardToTarget  *int    `json:"forward_to_target"`
	BackwardToTarget *int    `json:"backward_to_target"`
	Diverged         bool    `json:"diverged"`
	Steps            int     `json:"steps"`
	Forward          int     `json:"forward"`
	Backward         int     `json:"backward"`
	// FinalLoss and FinalMetric are report.Number: no value when not finite.
	FinalLoss   report.Number `json:"final_loss"`
	MetricName  string        `json:"metric"`
	FinalMetric report.Number `json:"final_metric"`
	// ForecastNRMSE is the free-running forecast's NRMSE over Horizon steps
	// (Mackey–Glass with a horizon only).
	ForecastNRMSE   *report.Number `json:"forecast_nrmse,omitempty"`
	Horizon         int            `json:"forecast_horizon,omitempty"`
	StateBytes      int            `json:"state_bytes"`
	OptimizerBytes  int            `json:"optimizer_state_bytes"`
	WorkBytes       int            `json:"work_bytes"`
	ActivationBytes int            `json:"activation_bytes"`
	// Stalled tells whether the run ended stuck above the target (see
	// dopamine.DetectStall).
	Stalled bool `json:"stalled"`
}

// RunRow is the row of trainer t after a run that gave res: the counts and
// losses of res, and from t the number of weights, the stall and, on
// Mackey–Glass with horizon > 0, the free-running forecast's NRMSE. t may
// be a replica restored from a worker's snapshots (Trainer.Restore): all it
// reads are the weights and the trace.
func RunRow(t *dopamine.Trainer, res dopamine.Result, horizon int) Row {
	cfg := t.Config()
	r := Row{
		Task: string(cfg.Task), Seed: t.Seed(), Optimizer: string(res.Method), Params: len(t.Params()),
		Target: cfg.Target, Reached: res.Reached, Diverged: res.Diverged,
		Steps: res.Steps, Forward: res.Forward, Backward: res.Backward,
		FinalLoss: report.Number(res.FinalLoss), FinalMetric: report.Number(res.FinalMetric), MetricName: "train_mse",
		StateBytes: res.Memory.Total(), OptimizerBytes: res.Memory.State,
		WorkBytes: res.Memory.Work, ActivationBytes: res.Memory.Activations,
		Stalled: t.Stall().Stalled,
	}
	if cfg.Task == dopamine.MackeyGlass {
		r.MetricName = "test_nrmse"
		if horizon > 0 {
			f := report.Number(t.ForecastNRMSE(horizon))
			r.ForecastNRMSE, r.Horizon = &f, horizon
		}
	}
	if res.Reached {
		s, f, b := res.StepsToTarget, res.ForwardToTarget, res.BackwardToTarget
		r.StepsToTarget, r.ForwardToTarget, r.BackwardToTarget = &s, &f, &b
	}
	return r
}

// Fields is the row for the shared writer, in the columns' order; counts
// to the target and the forecast are no value when there are none.
func (r Row) Fields() report.Row {
	optInt := func(p *int) any {
		if p == nil {
			return nil
		}
		return *p
	}
	var fc, hz any
	if r.ForecastNRMSE != nil {
		fc, hz = float64(*r.ForecastNRMSE), r.Horizon
	}
	return report.Row{
		{Key: "task", Value: r.Task}, {Key: "seed", Value: r.Seed}, {Key: "optimizer", Value: r.Optimizer},
		{Key: "params", Value: r.Params}, {Key: "target_loss", Value: r.Target}, {Key: "reached", Value: r.Reached},
		{Key: "steps_to_target", Value: optInt(r.StepsToTarget)}, {Key: "forward_to_target", Value: optInt(r.ForwardToTarget)},
		{Key: "backward_to_target", Value: optInt(r.BackwardToTarget)}, {Key: "diverged", Value: r.Diverged},
		{Key: "steps", Value: r.Steps}, {Key: "forward", Value: r.Forward}, {Key: "backward", Value: r.Backward},
		{Key: "final_loss", Value: float64(r.FinalLoss)}, {Key: "metric", Value: r.MetricName},
		{Key: "final_metric", Value: float64(r.FinalMetric)}, {Key: "forecast_nrmse", Value: fc}, {Key: "forecast_horizon", Value: hz},
		{Key: "state_bytes", Value: r.StateBytes}, {Key: "optimizer_state_bytes", Value: r.OptimizerBytes},
		{Key: "work_bytes", Value: r.WorkBytes}, {Key: "activation_bytes", Value: r.ActivationBytes},
		{Key: "stalled", Value: r.Stalled}, // last, so that column numbers of older scripts hold
	}
}

// WriteRows writes rows as CSV or JSON lines ("csv" or "json"), the native
// command's -format csv and -format json.
func WriteRows(w io.Writer, format string, rows []Row) error {
	if format != "csv" && format != "json" {
		return fmt.Errorf("unknown format %q (want csv or json)", format)
	}
	rs := make([]report.Row, len(rows))
	for i, r := range rows {
		rs[i] = r.Fields()
	}
	return report.Write(w, format, rs, report.TableOptions{})
}

// finished reports whether the live run has received every step of its
// budget from the worker, with no error and no comparison running.
func (l *Lab) finished() bool {
	return l.group != nil && l.workErr == "" && !l.cmp.comparing() && l.received >= l.steps() && l.wanted >= l.steps()
}

// Rows returns the finished live run's rows, one per optimizer shown in
// display order: what `go run ./scripts/dopamine` with the page's native
// command line prints. The replica trainers hold the worker's weights and
// trace; the result of each run is rebuilt from them as Trainer.Run gives
// it (the reached point comes from the snapshots).
func (l *Lab) Rows() ([]Row, error) {
	if !l.finished() {
		return nil, errors.New("the run has not finished: let it train for its whole step budget")
	}
	horizon := 0
	if l.setup.cfg.Task == dopamine.MackeyGlass {
		horizon = l.cfg.Int("horizon")
	}
	var rows []Row
	for i, t := range l.group.Trainers() {
		last := t.Last()
		res := dopamine.Result{Method: t.Method(), Reached: l.reachedOK[i],
			Diverged: math.IsNaN(last.Loss) || math.IsInf(last.Loss, 0),
			Steps:    last.Step, Forward: last.Forward, Backward: last.Backward,
			FinalLoss: last.Loss, FinalMetric: t.Metric(), Memory: t.Memory()}
		if res.Reached {
			p := l.reached[i]
			res.StepsToTarget, res.ForwardToTarget, res.BackwardToTarget = p.Step, p.Forward, p.Backward
		}
		rows = append(rows, RunRow(t, res, horizon))
	}
	return rows, nil
}

// The names of the results downloads. They are not "csv" and "json": the
// page's results library reads a "json" export as an Experiments document
// (web/library.js) and keeps this lab's charts instead.
const (
	ExportCSV  = "results-csv"
	ExportJSON = "results-json"
)

// exports are the results downloads of a finished run.
var exports = []lab.Export{
	{Name: ExportCSV, Label: "Results (CSV)", Filename: "hebbplay-dopamine.csv", Mime: "text/csv"},
	{Name: ExportJSON, Label: "Results (JSON)", Filename: "hebbplay-dopamine.json", Mime: "application/json"},
}

// ExportFile implements lab.ChartSource: the finished run's rows as CSV
// (ExportCSV) or JSON lines (ExportJSON), byte for byte the output of the
// native command line with -format csv or json. Every chart also exports
// itself (PNG, CSV) in the page.
func (l *Lab) ExportFile(name string) (string, error) {
	format := map[string]string{ExportCSV: "csv", ExportJSON: "json"}[name]
	if format == "" {
		return "", fmt.Errorf("dopamine lab: no export %q (want %s or %s)", name, ExportCSV, ExportJSON)
	}
	rows, err := l.Rows()
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := WriteRows(&b, format, rows); err != nil {
		return "", err
	}
	return b.String(), nil
}
