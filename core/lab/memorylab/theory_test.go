package memorylab

import (
	"strings"
	"testing"

	"hebbplay/core/lab"
	"hebbplay/core/theory"
)

// TestTheoryOverlay: a finished storage run shows willshaw's predicted fcorr
// curve dashed on the chart, with its citation and the reason for the
// difference in the caption, and a table with every rule's prediction,
// measured P90 beside it ("—" where no formula is known).
func TestTheoryOverlay(t *testing.T) {
	s := open(t, "v=1&screen=experiments&exp=storage&H=8&M=8&exp_rules=willshaw,bcpnn,covariance&exp_reps=2&nflip=1&seed=4")
	l := s.Lab.(*Lab)
	drive(t, l, 2, 0)
	var chart, table *lab.Chart
	c := l.Charts()
	for i := range c.Charts {
		switch c.Charts[i].ID {
		case "storage":
			chart = &c.Charts[i]
		case "storage-theory":
			table = &c.Charts[i]
		}
	}
	if chart == nil || table == nil {
		t.Fatalf("charts %v: want storage and storage-theory", c.Charts)
	}
	var curve *lab.Series
	for i, se := range chart.Series {
		if strings.HasPrefix(se.Label, "willshaw theory: Willshaw finite-size") {
			curve = &chart.Series[i]
		}
	}
	if curve == nil || !curve.Dashed || len(curve.X) < 10 {
		t.Fatalf("no dashed willshaw theory curve in %+v", chart.Series)
	}
	pred, _ := theory.Capacity(l.exp.run.Config().Shape, "willshaw", 1)
	for i, x := range curve.X {
		if f, _ := theory.Fcorr(l.exp.run.Config().Shape, "willshaw", 1, x); f != curve.Y[i] {
			t.Fatalf("curve point %d: (%g, %g), formula %g", i, x, curve.Y[i], f)
		}
	}
	for _, want := range []string{"Willshaw, Buneman & Longuet-Higgins", "one recall step", "repair"} {
		if !strings.Contains(chart.Note, want) {
			t.Errorf("caption lacks %q: %s", want, chart.Note)
		}
	}
	rows := map[string][]string{}
	for _, r := range table.Table.Rows {
		rows[r[0]] = r
	}
	if r := rows["willshaw"]; r == nil || r[1] == "…" || r[2] == "—" || r[3] != "finite-size" || !strings.Contains(r[5], "Nature 1969") {
		t.Errorf("willshaw row %q (prediction %g)", r, pred.P90)
	}
	if r := rows["bcpnn"]; r == nil || r[2] != "—" || r[3] != "none" || !strings.Contains(table.Note, "bcpnn: no formula gives P90") {
		t.Errorf("bcpnn row %q, note %s", r, table.Note)
	}
	if r := rows["covariance"]; r == nil || r[3] != "asymptotic" || !strings.Contains(r[5], "Tsodyks") {
		t.Errorf("covariance row %q", r)
	}
}
