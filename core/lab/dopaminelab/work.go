package dopaminelab

import (
	"encoding/json"
	"fmt"
	"math"
	"time"

	"hebbplay/core/dopamine"
	"hebbplay/core/job"
	"hebbplay/core/jobs"
	"hebbplay/core/lab"
)

// The run trains in a Web Worker (lab.WorkSource): one batch is one unit of
// the job kind "dopamine.train" that advances the run from the steps
// received to the steps asked for, and its result is the run's snapshot at
// that step. One batch is out at a time, and a new one goes out at most
// every SnapshotEvery, so the page applies at most 20 snapshots a second
// however fast the worker trains.

// trainSpec is the job's spec: everything the run depends on.
func (l *Lab) trainSpec() jobs.TrainSpec {
	return jobs.TrainSpec{Config: l.setup.cfg, Methods: l.setup.methods, Seed: l.setup.seed, TraceLimit: TraceLimit}
}

// trainRequest is the JSON request of one unit from step from to step to.
func (l *Lab) trainRequest(from, to int) string {
	b, _ := json.Marshal(struct {
		Kind  string           `json:"kind"`
		Spec  jobs.TrainSpec   `json:"spec"`
		Units []jobs.TrainUnit `json:"units"`
	}{jobs.KindDopamineTrain, l.trainSpec(), []jobs.TrainUnit{{From: from, To: to}}})
	return string(b)
}

// abandon drops the unit out, if any: the frame stops its workers when the
// generation changes.
func (l *Lab) abandon() {
	if l.out || l.requested > l.received {
		l.gen++
	}
	l.out = false
	l.requested = l.received
	l.ver++
}

// NextWork implements lab.WorkSource: a unit up to the steps asked for, for
// the first worker (the run is one sequence of updates).
func (l *Lab) NextWork(workers int) (lab.Work, bool) {
	if l.cmp.comparing() && workers >= 1 {
		return l.compareWork(workers)
	}
	if l.group == nil || l.out || workers < 1 || l.wanted <= l.received || l.workErr != "" {
		return lab.Work{}, false
	}
	if time.Since(l.lastBatch) < l.every {
		return lab.Work{}, false // the pool asks again shortly
	}
	l.lastBatch = time.Now()
	l.batchNo++
	l.out, l.requested = true, l.wanted
	w := lab.Work{ID: l.batchNo, Gen: l.gen, Requests: make([]string, workers), Units: make([]int, workers)}
	w.Requests[0], w.Units[0] = l.trainRequest(l.received, l.wanted), 1
	return w, true
}

// FeedWork implements lab.WorkSource: restore the snapshot into the
// replica group the views draw.
func (l *Lab) FeedWork(id, k, i int, result string) error {
	if l.cmp.comparing() && l.cmp.split != nil && id == l.cmp.batchNo {
		return l.feedCompare(k, i, result)
	}
	if !l.out || id != l.batchNo {
		return nil // a stale result of an abandoned unit
	}
	if k != 0 || i != 0 {
		return fmt.Errorf("dopaminelab: result %d of request %d is out of range", i, k)
	}
	start := time.Now()
	var res struct {
		jobs.TrainResult
		Error string `json:"error"`
	}
	err := json.Unmarshal([]byte(result), &res)
	if err == nil && res.Error != "" {
		err = fmt.Errorf("%s", res.Error)
	}
	if err == nil {
		err = l.apply(res.TrainResult)
	}
	l.out = false
	if err != nil {
		l.workErr = "The training stopped: " + err.Error()
		l.abandon()
		l.dirty = true
		return fmt.Errorf("dopaminelab: worker: %w", err)
	}
	ms := float64(time.Since(start).Microseconds()) / 1000
	l.lastSliceMs = ms
	l.worstSliceMs = math.Max(l.worstSliceMs, ms)
	l.recentSlice.add(ms)
	l.ver++
	l.dirty = true
	return nil
}

// apply restores a snapshot into the replica group.
func (l *Lab) apply(r jobs.TrainResult) error {
	ts := l.group.Trainers()
	if r.From != l.received || r.To != l.requested || len(r.Trainers) != len(ts) {
		return fmt.Errorf("snapshot of steps %d–%d for %d optimizers, want %d–%d for %d", r.From, r.To, len(r.Trainers), l.received, l.requested, len(ts))
	}
	for i, t := range ts {
		s := r.Trainers[i]
		if s.Method != t.Method() {
			return fmt.Errorf("snapshot of %s where %s was expected", s.Method, t.Method())
		}
		pts := make([]dopamine.TracePoint, len(s.Points))
		for j, p := range s.Points {
			pts[j] = p.TracePoint()
		}
		if err := t.Restore(job.Float64s(s.W), s.Last.TracePoint(), pts, s.Stride); err != nil {
			return err
		}
		if s.ReachedOK && !l.reachedOK[i] {
			l.reached[i], l.reachedOK[i] = s.Reached.TracePoint(), true
		}
		if t.Method() == dopamine.Dopamine {
			kept := l.base[:0]
			for _, b := range l.base {
				if b.step%s.Stride == 0 && b.step <= r.From {
					kept = append(kept, b)
				}
			}
			for _, b := range s.Base {
				kept = append(kept, stepValue{b.Step, float64(b.V)})
			}
			l.base, l.baseStride = kept, s.Stride
		}
	}
	l.received = r.To
	return nil
}

// WorkGen implements lab.WorkSource.
func (l *Lab) WorkGen() int { return l.gen }

// running reports whether steps asked for are still to come.
func (l *Lab) running() bool {
	return l.cmp.comparing() || l.group != nil && l.workErr == "" && l.wanted > l.received
}

// workState is the state of the work for the frame: Running (the frame
// hands out work while it holds), the status and the progress. Charts
// (charts.go) adds it to the chart data.
func (l *Lab) workState() lab.Charts {
	c := lab.Charts{Stage: true, Running: l.running(), Version: l.ver, Done: l.received, Total: l.steps()}
	switch {
	case l.cmp.comparing():
		c.Done, c.Total = l.cmp.done, len(l.cmp.units)
		c.Status, _ = l.compareSummary()
	case l.group == nil:
	case l.workErr != "":
		c.Status = l.workErr
	case c.Running:
		c.Status = fmt.Sprintf("Training in a worker: step %d of %d.", l.received, l.steps())
	default:
		c.Status = fmt.Sprintf("Step %d of %d.", l.received, l.steps())
	}
	return c
}
