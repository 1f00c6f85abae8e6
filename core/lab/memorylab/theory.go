package memorylab

import (
	"math"
	"strconv"
	"strings"

	"hebbplay/core/experiment"
	"hebbplay/core/lab"
	"hebbplay/core/memory"
	"hebbplay/core/pattern"
	"hebbplay/core/theory"
)

// Theory beside measurement: the storage chart gains the predicted fcorr
// curve (dashed) where a finite-size formula exists, and a marker at the
// predicted P90 where only a number is known; a table lists every rule's
// prediction with its source and why the measurement differs.

// theoryGrid is the number of points of a predicted fcorr curve.
const theoryGrid = 48

// expTheory holds the predictions of a run, computed once per run (the
// large K-of-N formula takes a fraction of a second).
type expTheory struct {
	preds  []theory.Prediction
	curves map[memory.Rule][2][]float64 // P and predicted fcorr
}

// runTheory returns the predictions for the run's configuration, computing
// them on first use.
func (e *experiments) runTheory(cfg experiment.Config) *expTheory {
	if e.theory != nil {
		return e.theory
	}
	t := &expTheory{curves: map[memory.Rule][2][]float64{}}
	for _, r := range cfg.Rules {
		p, _ := theory.Capacity(cfg.Shape, r, cfg.Nflip)
		t.preds = append(t.preds, p)
		if theory.HasCurve(r) && p.P90 > 0 {
			// From P = 1 to twice the predicted P90: the whole fall.
			hi := 2 * p.P90
			var xs, ys []float64
			for i := range theoryGrid {
				P := 1 + (hi-1)*float64(i)/float64(theoryGrid-1)
				if f, ok := theory.Fcorr(cfg.Shape, r, cfg.Nflip, P); ok {
					xs, ys = append(xs, P), append(ys, f)
				}
			}
			t.curves[r] = [2][]float64{xs, ys}
		}
	}
	e.theory = t
	return t
}

// theorySeries returns the overlays for the storage chart, within the x
// range the measurements reached (xmax), so theory never stretches the axis.
func theorySeries(t *expTheory, xmax float64) []lab.Series {
	var out []lab.Series
	for _, p := range t.preds {
		color := rulePalette[string(p.Rule)]
		if c, ok := t.curves[p.Rule]; ok {
			s := lab.Series{Label: string(p.Rule) + " theory: " + p.Label, Color: color, Dashed: true}
			for i, x := range c[0] {
				if x <= xmax || i == 0 {
					s.X, s.Y = append(s.X, x), append(s.Y, c[1][i])
				}
			}
			out = append(out, s)
			continue
		}
		if p.Kind != theory.None && p.P90 > 0 && p.P90 <= xmax {
			out = append(out, lab.Series{Label: string(p.Rule) + " theory P90: " + p.Label, Color: color,
				X: []float64{p.P90}, Y: []float64{theory.Threshold}, Markers: true})
		}
	}
	return out
}

// theoryNote is the caption under the storage chart: what the dashed lines
// are, their source, and why they differ from the measured curves.
func theoryNote(t *expTheory, cfg experiment.Config) string {
	var parts []string
	for _, p := range t.preds {
		if _, ok := t.curves[p.Rule]; ok {
			parts = append(parts, "Dashed: theory: "+p.Label+" ("+p.Citation+"), the expected fcorr after one recall step. "+
				"Why it differs: "+p.Differs+".")
			break
		}
	}
	async := ""
	if cfg.Async {
		async = " Recall here is asynchronous; the formulas assume synchronous updates."
	}
	if len(parts) == 0 {
		return "Theory for these rules is in the table below." + async
	}
	return strings.Join(parts, " ") + async
}

// theoryTable compares every rule's measured P90 with its prediction; the
// note under it says, rule by rule, why the two differ.
func theoryTable(t *expTheory, cfg experiment.Config, measured map[memory.Rule]int) lab.Chart {
	tab := lab.Table{Columns: []string{"rule", "P90 measured", "P90 theory", "kind", "prediction", "source", "bits/synapse reference"}}
	why := []string{"Predictions are for random, uncorrelated patterns and cue noise nflip = " +
		strconv.FormatFloat(cfg.Nflip, 'g', -1, 64) + " in this " + shapeName(cfg.Shape) + " net. Why theory and measurement differ:"}
	for _, p := range t.preds {
		m := "…"
		if v, ok := measured[p.Rule]; ok {
			m = strconv.Itoa(v)
		}
		th := "—"
		if p.Kind != theory.None && p.P90 > 0 {
			th = strconv.FormatFloat(math.Round(p.P90*10)/10, 'f', -1, 64)
			if p.Limited {
				th = "≥ " + th
			}
		}
		bits := ""
		if p.Bits > 0 {
			bits = strconv.FormatFloat(p.Bits, 'f', 2, 64) + " (asymptotic)"
		}
		tab.Rows = append(tab.Rows, []string{string(p.Rule), m, th, p.Kind.String(), p.Label, p.Citation, bits})
		why = append(why, string(p.Rule)+": "+p.Differs+".")
		if p.BitsNote != "" {
			why = append(why, "Bits/synapse reference: "+p.BitsNote+".")
		}
	}
	return lab.Chart{ID: "storage-theory", Title: "Theory beside measurement", Table: tab, Note: strings.Join(why, " ")}
}

func shapeName(s pattern.Shape) string {
	if s.Kind == pattern.Modular {
		return strconv.Itoa(s.H) + "×" + strconv.Itoa(s.M) + " modular"
	}
	return "K-of-N (N = " + strconv.Itoa(s.N) + ", K = " + strconv.Itoa(s.K) + ")"
}

// theoryCharts adds the overlays and caption to the storage chart ch and
// returns the comparison table.
func (e *experiments) theoryCharts(ch *lab.Chart, cfg experiment.Config, caps []experiment.CorrPoint) []lab.Chart {
	t := e.runTheory(cfg)
	xmax := 0.0
	measured := map[memory.Rule]int{}
	for _, c := range caps {
		for _, p := range c.Storage.Probes {
			xmax = math.Max(xmax, float64(p.P))
		}
		if c.Final {
			measured[c.Storage.Rule] = c.Storage.P90
		}
	}
	ch.Series = append(ch.Series, theorySeries(t, xmax)...)
	if n := theoryNote(t, cfg); n != "" {
		ch.Note = strings.TrimSpace(ch.Note + " " + n)
	}
	return []lab.Chart{theoryTable(t, cfg, measured)}
}
