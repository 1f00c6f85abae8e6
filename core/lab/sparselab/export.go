package sparselab

import (
	"bytes"
	"errors"
	"fmt"

	"hebbplay/core/lab"
)

// The lab's results downloads: once the run has trained for its whole
// budget, the worker's last snapshot carries the measurements of
// scripts/sparse (jobs.SparseReport), and Result builds from them the
// command's result, written by WriteResult: the page's download equals the
// output of the panel's native command line (-format csv or json) byte for
// byte.

// The names of the results downloads. They are not "csv" and "json": the
// page's results library reads a "json" export as an Experiments document
// (web/library.js).
const (
	ExportCSV  = "results-csv"
	ExportJSON = "results-json"
)

// exports are the results downloads of a finished run.
var exports = []lab.Export{
	{Name: ExportCSV, Label: "Results (CSV)", Filename: "hebbplay-sparse.csv", Mime: "text/csv"},
	{Name: ExportJSON, Label: "Results (JSON)", Filename: "hebbplay-sparse.json", Mime: "application/json"},
}

// finished reports whether the run has trained for its whole budget and
// the worker has sent the final measurements on the test images asked for.
func (l *Lab) finished() bool {
	n := l.cfg.Int("examples")
	return l.phase == phaseReady && l.workErr == "" && l.received == n && l.report != nil &&
		l.report.At == n && l.report.N == min(l.cfg.Int("test_n"), l.testLen())
}

// Result returns the finished run's result: what scripts/sparse prints
// with the page's native command line (no few-shot or robustness curves).
func (l *Lab) Result() (*Result, error) {
	if !l.finished() {
		return nil, errors.New("the run has not finished: let it train for its whole budget of examples")
	}
	examples := l.cfg.Int("examples")
	res := &Result{Seed: uint64(l.cfg.Int("seed")), Config: l.mcfg, Train: l.train.Len(), Test: l.report.N,
		Epochs: float64(examples) / float64(l.train.Len()), Histograms: map[string]Hist{}}
	for k, name := range []string{"hebbian", "backprop"} {
		rep, h := ModelResult(name, l.report.Eval[k], l.report.Hist[k])
		res.Reports = append(res.Reports, rep)
		res.Histograms[name] = h
	}
	return res, nil
}

// ExportFile implements lab.ChartSource: the finished run's result as CSV
// (ExportCSV) or JSON (ExportJSON), byte for byte the output of the native
// command line with -format csv or json.
func (l *Lab) ExportFile(name string) (string, error) {
	format := map[string]string{ExportCSV: "csv", ExportJSON: "json"}[name]
	if format == "" {
		return "", fmt.Errorf("sparse lab: no export %q (want %s or %s)", name, ExportCSV, ExportJSON)
	}
	res, err := l.Result()
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := WriteResult(&b, format, res); err != nil {
		return "", err
	}
	return b.String(), nil
}
