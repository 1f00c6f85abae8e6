package memorylab

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"hebbplay/core/experiment"
	"hebbplay/core/lab"
)

// drive runs the lab's background work as the page does: batches split for
// `workers` Web Workers, each answered unit by unit by an
// experiment.Worker (what wasm/worker runs; request k by worker k mod
// workers, as a queue might hand them out), results fed back in an
// interleaved order. It stops after maxUnits units (0: no limit).
func drive(t *testing.T, l *Lab, workers, maxUnits int) int {
	t.Helper()
	ws := make([]*experiment.Worker, workers)
	for k := range ws {
		ws[k] = &experiment.Worker{}
	}
	n := 0
	for {
		w, ok := l.NextWork(workers)
		if !ok {
			return n
		}
		// Answer every request unit by unit, interleaving the workers.
		var reqs []experiment.WorkRequest
		for _, r := range w.Requests {
			var req experiment.WorkRequest
			if r != "" {
				if err := json.Unmarshal([]byte(r), &req); err != nil {
					t.Fatal(err)
				}
			}
			reqs = append(reqs, req)
		}
		for i := 0; ; i++ {
			any := false
			for k, req := range reqs {
				if i >= len(req.Units) {
					continue
				}
				any = true
				one := req
				one.Units = req.Units[i : i+1]
				b, _ := json.Marshal(one)
				if err := l.FeedWork(w.ID, k, i, string(ws[k%len(ws)].Handle(b))); err != nil {
					t.Fatal(err)
				}
				n++
				if maxUnits > 0 && n >= maxUnits {
					return n
				}
			}
			if !any {
				break
			}
		}
	}
}

// TestExperimentsMatchNative: the Experiments screen, driven through its
// work interface with 1 and 3 workers, exports exactly the rows the native
// command's Run produces for the same configuration and seed.
func TestExperimentsMatchNative(t *testing.T) {
	for _, tc := range []string{
		"exp=storage",
		"exp=proto&exp_pmax=20&ninst=4&nflip_train=1",
		"exp=corr&exp_corr=zipf&ninst=3&nflip_train=1",
	} {
		hash := "v=1&screen=experiments&" + tc + "&H=8&M=8&exp_rules=hebb,bcpnn&exp_reps=2&nflip=1&seed=4"
		cfg, ps, knobs, err := expConfig(open(t, hash).Values())
		if err != nil {
			t.Fatal(err)
		}
		native, _ := experiment.NewRun(open(t, hash).Values().Choice("exp"), cfg, ps, knobs, true)
		if err := native.Execute(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		experiment.WriteRows(&want, "csv", native.Rows())
		for _, workers := range []int{1, 3} {
			s := open(t, hash)
			l := s.Lab.(*Lab)
			if c := l.Charts(); !c.Active || !c.Running {
				t.Fatalf("%s: charts %+v before work", tc, c)
			}
			drive(t, l, workers, 0)
			got, err := l.ExportFile("csv")
			if err != nil {
				t.Fatal(err)
			}
			if got != want.String() {
				t.Fatalf("%s, %d workers: page CSV\n%s\nnative\n%s", tc, workers, got, want.String())
			}
			c := l.Charts()
			if c.Running || len(c.Exports) != 2 || len(c.Charts) < 2 || !strings.HasPrefix(c.Status, "Finished") {
				t.Fatalf("%s: charts after the run %+v", tc, c)
			}
			js, _ := l.ExportFile("json")
			var doc struct {
				Spec      experiment.Spec `json:"spec"`
				Permalink string          `json:"permalink"`
				Rows      []map[string]any
			}
			if err := json.Unmarshal([]byte(js), &doc); err != nil || doc.Spec.Seed != 4 || !strings.Contains(doc.Permalink, "screen=experiments") || len(doc.Rows) == 0 {
				t.Fatalf("%s: JSON export %v %+v", tc, err, doc)
			}
		}
	}
}

// TestExperimentsCancel: cancelling stops handing out work, bumps the work
// generation (the frame then stops its workers), ignores late results and
// keeps what was measured; Run starts afresh.
func TestExperimentsCancel(t *testing.T) {
	s := open(t, "v=1&screen=experiments&exp=storage&H=10&M=10&exp_rules=hebb,covariance&exp_reps=2")
	l := s.Lab.(*Lab)
	gen := l.WorkGen()
	drive(t, l, 2, 5)
	w, _ := l.NextWork(2) // the batch out is still out: nothing new
	if w.ID != 0 {
		t.Fatalf("a second batch went out while one was out: %+v", w)
	}
	if err := s.Do("cancelexp"); err != nil {
		t.Fatal(err)
	}
	if l.WorkGen() == gen {
		t.Fatal("cancel did not change the work generation")
	}
	if _, ok := l.NextWork(2); ok {
		t.Fatal("work handed out after cancel")
	}
	if err := l.FeedWork(1, 0, 3, `{"scores":[{"correct":1,"tests":1}]}`); err != nil {
		t.Fatalf("a late result was not ignored: %v", err)
	}
	c := l.Charts()
	if c.Running || !strings.Contains(c.Status, "Cancelled") || c.Done != 5 {
		t.Fatalf("after cancel: %+v", c)
	}
	if err := s.Do("runexp"); err != nil {
		t.Fatal(err)
	}
	if c := l.Charts(); !c.Running || c.Done != 0 {
		t.Fatalf("after Run: %+v", c)
	}
	// Changing a setting abandons the run and starts the new one.
	gen = l.WorkGen()
	drive(t, l, 2, 3)
	s.SetConfig(map[string]any{"exp_reps": 3.0})
	if l.WorkGen() == gen {
		t.Fatal("a new configuration did not abandon the old run's work")
	}
	// Back to the playground: the views and the capacity meter's chart;
	// the only work is the meter's one measurement.
	s.SetConfig(map[string]any{"screen": "playground"})
	if c := l.Charts(); !c.Stage || len(c.Charts) != 1 || c.Charts[0].ID != "capacity" {
		t.Fatalf("playground charts %+v", c)
	}
	if w, ok := l.NextWork(2); !ok || w.ID < meterIDBase || w.Units[0] != 1 || w.Requests[1] != "" {
		t.Fatalf("the playground's work %+v, %v: want the meter's one measurement", w, ok)
	}
}

func TestNativeCommand(t *testing.T) {
	s := open(t, "v=1&screen=experiments&exp=proto&kind=kofn&N=60&K=6&exp_rules=hebb,bayes&exp_pmax=50&update=async&ties=random&seed=9")
	got := NativeCommand(s.Values())
	want := "go run ./scripts/hebb proto -exp_rules hebb,bayes -exp_reps 5 -exp_pmax 50 -eps faithful -kind kofn -N 60 -K 6 -ninst 5 -nflip_train 2 -nflip 3 -niter 15 -update async -ties random -seed 9 -format json"
	if got != want {
		t.Fatalf("native command\n%s\nwant\n%s", got, want)
	}
	if g := grid125(7); len(g) != 4 || g[3] != 7 {
		t.Errorf("grid125(7) = %v", g)
	}
	var _ lab.WorkSource = (*Lab)(nil)
	var _ lab.ChartSource = (*Lab)(nil)
}

// TestExperimentsShowSpread: the storage screen shows every repetition's
// P90, the interval of their mean and a warning when it is wider than ±5%,
// both bits-per-synapse counts with the reference values, and draws each
// curve with a band that holds the curve.
func TestExperimentsShowSpread(t *testing.T) {
	s := open(t, "v=1&screen=experiments&exp=storage&H=8&M=8&exp_rules=hebb,bayes&exp_reps=3&nflip=1&seed=4")
	l := s.Lab.(*Lab)
	drive(t, l, 2, 0)
	charts := map[string]lab.Chart{}
	for _, c := range l.Charts().Charts {
		charts[c.ID] = c
	}
	tab := charts["storage-table"]
	col := map[string]int{}
	for k, c := range tab.Table.Columns {
		col[c] = k
	}
	for _, c := range []string{"per-repetition P90", "mean (95% interval)", "spread", "bits/synapse (all synapses)",
		"bits/synapse (independent synapses: halved for symmetric rules)", "bits/synapse (authors')"} {
		if _, ok := col[c]; !ok {
			t.Fatalf("storage table lacks column %q: %v", c, tab.Table.Columns)
		}
	}
	rows := l.exp.run.Rows()
	for k, row := range tab.Table.Rows {
		reps, _ := rows[k].Get("p90_per_rep")
		wide, _ := rows[k].Get("p90_ci_wide")
		if row[col["per-repetition P90"]] != reps || len(strings.Fields(reps.(string))) != 3 {
			t.Errorf("%s: per-repetition P90 %q, row %q", row[0], row[col["per-repetition P90"]], reps)
		}
		if warned := strings.HasPrefix(row[col["spread"]], "⚠"); warned != wide.(bool) {
			t.Errorf("%s: spread cell %q, wide %v", row[0], row[col["spread"]], wide)
		}
		if !strings.Contains(row[col["mean (95% interval)"]], "–") {
			t.Errorf("%s: interval cell %q", row[0], row[col["mean (95% interval)"]])
		}
	}
	if !strings.Contains(tab.Note, "0.72") || !strings.Contains(tab.Note, "Student-t") {
		t.Errorf("table note lacks the reference values or the method: %s", tab.Note)
	}
	ch := charts["storage"]
	bands := 0
	for k, sr := range ch.Series {
		if sr.Band != "hi" {
			continue
		}
		bands++
		lo, curve := ch.Series[k-1], ch.Series[k+1]
		if lo.Band != "lo" || curve.Band != "" || len(curve.Y) != len(sr.Y) {
			t.Fatalf("band %q is not lo, hi, curve", sr.Label)
		}
		for i := range curve.Y {
			if !(lo.Y[i] <= curve.Y[i] && curve.Y[i] <= sr.Y[i]) {
				t.Errorf("%s P=%g: band %g–%g does not hold %g", curve.Label, curve.X[i], lo.Y[i], sr.Y[i], curve.Y[i])
			}
		}
	}
	if bands != 2 || !strings.Contains(ch.Note, "95% Student-t interval") {
		t.Errorf("%d bands, note %q", bands, ch.Note)
	}
}
