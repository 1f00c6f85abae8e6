package sparselab

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"hebbplay/core/report"
	"hebbplay/core/sparse"
)

// The results: what scripts/sparse prints (-format csv or json) and what
// the lab's "Results (CSV)" and "Results (JSON)" downloads hold for the
// finished run. Both build them with ModelResult and write them with
// WriteResult, so the page's download equals the native command's output
// byte for byte.

// ReportBins is the number of bins of the results' weight histograms, the
// command's default -bins.
const ReportBins = 24

// Result is everything the command prints.
type Result struct {
	Seed       uint64          `json:"seed"`
	Config     sparse.Config   `json:"config"`
	Train      int             `json:"train_images"`
	Test       int             `json:"test_images"`
	Epochs     float64         `json:"epochs"`
	Reports    []ModelReport   `json:"models"`
	FewShot    []FewRow        `json:"fewshot"`
	Robustness []RobustRow     `json:"robustness"`
	Histograms map[string]Hist `json:"histograms"`
}

// ModelReport is one model's measurements. The numbers are report.Number:
// no value when not finite.
type ModelReport struct {
	Model          string        `json:"model"`
	Accuracy       report.Number `json:"accuracy"`
	Active         report.Number `json:"active_fraction"`
	PopSparseness  report.Number `json:"population_sparseness"`
	LifeSparseness report.Number `json:"lifetime_sparseness"`
	Synapses       int           `json:"synapses"`
	Silent         int           `json:"silent"`
	SilentFraction report.Number `json:"silent_fraction"`
	Negative       int           `json:"negative"`
	LogNormal      Fit           `json:"lognormal_fit"`
	Normal         Fit           `json:"normal_fit"`
	Dale           []DaleRow     `json:"dale"`
}

// Fit is a sparse.Fit for the results.
type Fit struct {
	Mu    report.Number `json:"mu"`
	Sigma report.Number `json:"sigma"`
	KS    report.Number `json:"ks"`
}

// DaleRow is a sparse.Dale for the results.
type DaleRow struct {
	Layer      string        `json:"layer"`
	Units      int           `json:"units"`
	Mean       report.Number `json:"mean_consistency"`
	Obeying    report.Number `json:"obeying_fraction"`
	Excitatory report.Number `json:"excitatory_fraction"`
}

// FewRow is one point of a few-shot curve.
type FewRow struct {
	Model     string        `json:"model"`
	PerClass  string        `json:"per_class"`
	Images    int           `json:"images"`
	Presented int           `json:"presented"`
	Accuracy  report.Number `json:"accuracy"`
}

// RobustRow is one point of a robustness curve.
type RobustRow struct {
	Model    string        `json:"model"`
	Attack   string        `json:"attack"`
	Eps      float64       `json:"eps"`
	Accuracy report.Number `json:"accuracy"`
}

// Hist is a weight histogram of the results.
type Hist struct {
	Lo     float64       `json:"log10_lo"`
	Hi     float64       `json:"log10_hi"`
	Counts []int         `json:"counts"`
	Fit    []float64     `json:"lognormal_counts"`
	Zeros  int           `json:"zeros"`
	Mu     report.Number `json:"mu"`
	Sigma  report.Number `json:"sigma"`
}

// ModelResult is the report and the histogram of model name, from its
// measurements r (sparse.Evaluate) and its first layer's log histogram h.
func ModelResult(name string, r sparse.Report, h sparse.Histogram) (ModelReport, Hist) {
	n := func(x float64) report.Number { return report.Number(x) }
	rep := ModelReport{
		Model: name, Accuracy: n(r.Accuracy),
		Active: n(r.Sparsity.Active), PopSparseness: n(r.Sparsity.Population), LifeSparseness: n(r.Sparsity.Lifetime),
		Synapses: r.Weights.Synapses, Silent: r.Weights.Silent, SilentFraction: n(r.Weights.SilentFraction),
		Negative:  r.Weights.Negative,
		LogNormal: Fit{n(r.Weights.LogNormal.Mu), n(r.Weights.LogNormal.Sigma), n(r.Weights.LogNormal.KS)},
		Normal:    Fit{n(r.Weights.Normal.Mu), n(r.Weights.Normal.Sigma), n(r.Weights.Normal.KS)},
	}
	for _, d := range r.Dale {
		rep.Dale = append(rep.Dale, DaleRow{d.Layer, d.Units, n(d.Mean), n(d.Obeying), n(d.Excitatory)})
	}
	return rep, Hist{Lo: h.Lo, Hi: h.Hi, Counts: h.Counts, Fit: h.Fit, Zeros: h.Zeros, Mu: n(h.Mu), Sigma: n(h.Sigma)}
}

// Rows flattens res into (section, model, metric, x, value) rows, the CSV
// layout.
func Rows(res *Result) []report.Row {
	var out []report.Row
	add := func(section, model, metric, x string, v report.Number) {
		out = append(out, report.Row{{Key: "section", Value: section}, {Key: "model", Value: model},
			{Key: "metric", Value: metric}, {Key: "x", Value: x}, {Key: "value", Value: float64(v)}})
	}
	for _, r := range res.Reports {
		add("summary", r.Model, "accuracy", "", r.Accuracy)
		add("summary", r.Model, "active_fraction", "", r.Active)
		add("summary", r.Model, "population_sparseness", "", r.PopSparseness)
		add("summary", r.Model, "lifetime_sparseness", "", r.LifeSparseness)
		add("summary", r.Model, "silent_fraction", "", r.SilentFraction)
		add("summary", r.Model, "negative_fraction", "", report.Number(float64(r.Negative)/float64(max(r.Synapses, 1))))
		add("summary", r.Model, "lognormal_mu", "", r.LogNormal.Mu)
		add("summary", r.Model, "lognormal_sigma", "", r.LogNormal.Sigma)
		add("summary", r.Model, "lognormal_ks", "", r.LogNormal.KS)
		add("summary", r.Model, "normal_mean", "", r.Normal.Mu)
		add("summary", r.Model, "normal_sd", "", r.Normal.Sigma)
		add("summary", r.Model, "normal_ks", "", r.Normal.KS)
		for _, d := range r.Dale {
			add("dale", r.Model, "mean_consistency", d.Layer, d.Mean)
			add("dale", r.Model, "obeying_fraction", d.Layer, d.Obeying)
			add("dale", r.Model, "excitatory_fraction", d.Layer, d.Excitatory)
		}
	}
	for _, f := range res.FewShot {
		add("fewshot", f.Model, "accuracy", f.PerClass, f.Accuracy)
	}
	for _, r := range res.Robustness {
		add("robustness", r.Model, r.Attack, num(r.Eps), r.Accuracy)
	}
	for _, name := range []string{"hebbian", "backprop"} {
		h, ok := res.Histograms[name]
		if !ok {
			continue
		}
		width := (h.Hi - h.Lo) / float64(len(h.Counts))
		for b, c := range h.Counts {
			x := num(h.Lo + (float64(b)+0.5)*width)
			add("histogram", name, "count", x, report.Number(c))
			add("histogram", name, "lognormal_count", x, report.Number(h.Fit[b]))
		}
		add("histogram", name, "zeros", "", report.Number(h.Zeros))
	}
	return out
}

// num formats a number compactly; NaN prints as "NaN".
func num(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }

// WriteResult writes res as CSV (one row per measurement, the shared
// writer) or as an indented JSON document ("csv" or "json"), the native
// command's -format csv and -format json.
func WriteResult(w io.Writer, format string, res *Result) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	case "csv":
		return report.Write(w, "csv", Rows(res), report.TableOptions{})
	}
	return fmt.Errorf("unknown format %q (want csv or json)", format)
}
