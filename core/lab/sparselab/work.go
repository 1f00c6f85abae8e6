package sparselab

import (
	"encoding/json"
	"fmt"
	"time"

	"hebbplay/core/jobs"
	"hebbplay/core/lab"
)

// The models train in a Web Worker (lab.WorkSource), never on the page's
// thread: a batch is one unit of the job kind "sparse.train" that advances
// both models from the examples received to the examples asked for, and
// its result is a snapshot (the shown model's receptive fields, the test
// accuracy, the weight statistics) that fills the fields the views read.
// One unit is out at a time, and a new one goes out at most every
// SnapshotEvery. When training pauses or ends, or the display asks for
// another model or number of test images, a unit without examples measures
// the models as they are.

// SnapshotEvery is the shortest interval between two snapshots: at most
// 10 a second (each carries the receptive fields, a few hundred kB).
const SnapshotEvery = 100 * time.Millisecond

// pauseAfter is the time without a step after which training counts as
// paused, and the accuracy is measured exactly.
const pauseAfter = 150 * time.Millisecond

// abandon drops the unit out, if any: the frame stops its workers when the
// generation changes.
func (l *Lab) abandon() {
	if l.out {
		l.gen++
	}
	l.out = false
	l.ver++
}

// spec is the training job's spec.
func (l *Lab) spec() jobs.SparseSpec {
	return jobs.SparseSpec{Model: l.mcfg, Seed: uint64(l.cfg.Int("seed")), Asset: AssetURL, EvalEvery: l.evalEvery()}
}

// needMeasure reports whether the shown measurements are not those of the
// models as they are.
func (l *Lab) needMeasure() bool {
	return !l.acc.valid || !l.acc.exact || l.acc.n != min(l.cfg.Int("test_n"), l.testLen()) ||
		!l.stats.valid || l.stats.show != l.cfg.Choice("show") || l.fieldsShow != l.cfg.Choice("show")
}

// testLen is the number of test images (0 before the data is unpacked).
func (l *Lab) testLen() int {
	if l.test == nil {
		return 0
	}
	return l.test.Len()
}

// running reports whether the lab has work for the worker now or soon.
func (l *Lab) running() bool {
	return l.cj != nil || l.phase == phaseReady && l.workErr == "" && (l.wanted > l.received || l.needMeasure())
}

// NextWork implements lab.WorkSource: the next unit, for the first worker.
func (l *Lab) NextWork(workers int) (lab.Work, bool) {
	if l.cj != nil {
		if l.out {
			return lab.Work{}, false // the training's unit is still out
		}
		return l.cj.work(l, workers)
	}
	if !l.running() || l.out || workers < 1 || time.Since(l.lastBatch) < l.every {
		return lab.Work{}, false
	}
	u := jobs.SparseUnit{From: l.received, To: l.wanted, Show: l.cfg.Choice("show"), TestN: l.cfg.Int("test_n")}
	if u.To == u.From && time.Since(l.lastStep) < pauseAfter {
		return lab.Work{}, false // training goes on: measure when it pauses
	}
	u.Exact = u.To == l.cfg.Int("examples") || u.To == u.From
	u.Report = u.To == l.cfg.Int("examples")
	b, _ := json.Marshal(struct {
		Kind   string            `json:"kind"`
		Assets []string          `json:"assets"`
		Spec   jobs.SparseSpec   `json:"spec"`
		Units  []jobs.SparseUnit `json:"units"`
	}{jobs.KindSparseTrain, []string{AssetURL}, l.spec(), []jobs.SparseUnit{u}})
	l.lastBatch = time.Now()
	l.batchNo++
	l.out = true
	w := lab.Work{ID: l.batchNo, Gen: l.gen, Requests: make([]string, workers), Units: make([]int, workers)}
	w.Requests[0], w.Units[0] = string(b), 1
	return w, true
}

// FeedWork implements lab.WorkSource: the snapshot fills what the views
// read.
func (l *Lab) FeedWork(id, k, i int, result string) error {
	if l.cj != nil && l.cj.split != nil && id == l.cj.batchNo {
		return l.cj.feed(l, k, i, result)
	}
	if !l.out || id != l.batchNo {
		return nil // a stale result of an abandoned unit
	}
	if k != 0 || i != 0 {
		return fmt.Errorf("sparselab: result %d of request %d is out of range", i, k)
	}
	l.out = false
	start := time.Now()
	defer func() {
		l.lastApply = time.Since(start)
		l.worstApply = max(l.worstApply, l.lastApply)
	}()
	r, err := jobs.DecodeSparseResult([]byte(result))
	if err == nil && (r.From != l.received || r.Hidden != l.mcfg.Hidden || len(r.Fields) != r.Hidden*784) {
		err = fmt.Errorf("snapshot of examples %d–%d for %d hidden units, want from %d with %d", r.From, r.To, r.Hidden, l.received, l.mcfg.Hidden)
	}
	if err != nil {
		l.workErr = "The training stopped: " + err.Error()
		l.abandon()
		return fmt.Errorf("sparselab: worker: %w", err)
	}
	l.received = r.To
	if len(l.fields) != len(r.Fields) {
		l.fields = make([]float64, len(r.Fields))
	}
	for i, x := range r.Fields {
		l.fields[i] = float64(x)
	}
	l.fieldsShow = r.Stats.Show
	if r.Report != nil {
		l.report = r.Report
	}
	l.fieldsVer++
	a := r.Acc
	l.acc = accuracy{valid: a.Valid, at: a.At, exact: a.Valid && a.At == r.To, n: a.N, hebb: a.Hebb, bp: a.BP, spars: a.Spars, dead: a.Dead}
	st := r.Stats
	l.stats = weightStats{valid: true, at: st.At, show: st.Show, hist: st.Hist, w: st.W, silent: st.Silent,
		dale: st.Dale, daleIn: st.DaleIn, sampled: st.Sampled}
	l.ver++
	return nil
}

// WorkGen implements lab.WorkSource.
func (l *Lab) WorkGen() int { return l.gen }

// shownFields are the receptive fields to draw: the last snapshot's, or the
// initial weights of the shown model before the first.
func (l *Lab) shownFields(hebb bool) []float64 {
	if l.fields != nil && (l.fieldsShow == "hebbian") == hebb {
		return l.fields
	}
	if hebb {
		return l.heb.ReceptiveFields()
	}
	return l.bp.ReceptiveFields()
}

// workState is the state of the work for the frame: Running (the frame
// hands out work while it holds), the progress and an error. Charts
// (charts.go) adds it to the chart data.
func (l *Lab) workState() lab.Charts {
	c := lab.Charts{Stage: true, Running: l.running(), Version: l.ver, Done: l.received, Total: l.cfg.Int("examples")}
	if l.cj != nil {
		c.Done, c.Total = l.cj.ndone, len(l.cj.units)
	}
	if l.workErr != "" {
		c.Status = l.workErr
	}
	return c
}
