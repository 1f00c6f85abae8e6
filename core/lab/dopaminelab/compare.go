package dopaminelab

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"hebbplay/core/dopamine"
	"hebbplay/core/jobs"
	"hebbplay/core/lab"
)

// The comparison ("Compare seeds") trains every optimizer shown from
// CompareSeeds seeds (the run's seed and the next ones) for the run's step
// budget, as `scripts/dopamine -seeds` does: its units are the optimizer ×
// seed pairs of the job kind "dopamine.compare", spread over every worker.
// The live run waits meanwhile. The summary then tells, per optimizer, how
// many seeds reached the target and the median steps it took.

// CompareSeeds is the number of seeds of a comparison.
const CompareSeeds = 10

// comparison is the state of a comparison.
type comparison struct {
	active  bool
	spec    jobs.CompareSpec
	units   []jobs.CompareUnit
	results []*jobs.CompareResult
	done    int
	split   [][]int // unit indices of the batch out, per worker request
	batchNo int
	started time.Time
	elapsed time.Duration
}

// startCompare plans a comparison of the current configuration.
func (l *Lab) startCompare() {
	c := &l.cmp
	l.stopCompare()
	c.active = true
	c.spec = jobs.CompareSpec{Config: l.setup.cfg, Steps: l.steps()}
	if l.setup.cfg.Task == dopamine.MackeyGlass {
		c.spec.Horizon = l.cfg.Int("horizon")
	}
	c.units = nil
	for _, m := range l.setup.methods {
		for s := range uint64(CompareSeeds) {
			c.units = append(c.units, jobs.CompareUnit{Method: m, Seed: l.setup.seed + s})
		}
	}
	c.results = make([]*jobs.CompareResult, len(c.units))
	c.done, c.started, c.elapsed = 0, time.Now(), 0
	l.ver++
	l.dirty = true
}

// stopCompare abandons a comparison in progress (its results so far are
// dropped with it).
func (l *Lab) stopCompare() {
	c := &l.cmp
	if c.comparing() {
		l.gen++
		c.active = false
	}
	c.split = nil
	l.ver++
}

// comparing reports whether a comparison has units left.
func (c *comparison) comparing() bool { return c.active && c.done < len(c.units) }

// compareWork hands out every unit left, spread over the workers.
func (l *Lab) compareWork(workers int) (lab.Work, bool) {
	c := &l.cmp
	if c.split != nil {
		return lab.Work{}, false
	}
	l.batchNo++
	c.batchNo = l.batchNo
	c.split = make([][]int, workers)
	units := make([][]jobs.CompareUnit, workers)
	k := 0
	for i, r := range c.results {
		if r == nil {
			c.split[k%workers] = append(c.split[k%workers], i)
			units[k%workers] = append(units[k%workers], c.units[i])
			k++
		}
	}
	w := lab.Work{ID: c.batchNo, Gen: l.gen, Requests: make([]string, workers), Units: make([]int, workers)}
	for i := range workers {
		if len(units[i]) == 0 {
			continue
		}
		b, _ := json.Marshal(struct {
			Kind  string             `json:"kind"`
			Spec  jobs.CompareSpec   `json:"spec"`
			Units []jobs.CompareUnit `json:"units"`
		}{jobs.KindDopamineCompare, c.spec, units[i]})
		w.Requests[i], w.Units[i] = string(b), len(units[i])
	}
	return w, true
}

// feedCompare takes the result of unit i of request k.
func (l *Lab) feedCompare(k, i int, result string) error {
	c := &l.cmp
	if k < 0 || k >= len(c.split) || i < 0 || i >= len(c.split[k]) {
		return fmt.Errorf("dopaminelab: result %d of request %d is out of range", i, k)
	}
	var r struct {
		jobs.CompareResult
		Error string `json:"error"`
	}
	err := json.Unmarshal([]byte(result), &r)
	if err == nil && r.Error != "" {
		err = fmt.Errorf("%s", r.Error)
	}
	u := c.units[c.split[k][i]]
	if err == nil && (r.Method != u.Method || r.Seed != u.Seed) {
		err = fmt.Errorf("result of %s seed %d where %s seed %d was expected", r.Method, r.Seed, u.Method, u.Seed)
	}
	if err != nil {
		l.stopCompare()
		l.workErr = "The comparison stopped: " + err.Error()
		return fmt.Errorf("dopaminelab: worker: %w", err)
	}
	if c.results[c.split[k][i]] == nil {
		c.done++
	}
	c.results[c.split[k][i]] = &r.CompareResult
	if c.done == len(c.units) {
		c.split = nil
		c.elapsed = time.Since(c.started)
	}
	l.ver++
	l.dirty = true
	return nil
}

// compareSummary describes the comparison, per optimizer: the seeds that
// reached the target, the median steps to it (over every seed, the ones
// that never reached it counted as infinite, "–" when fewer than half did)
// and the median final loss.
func (l *Lab) compareSummary() (string, map[string]any) {
	c := &l.cmp
	if !c.active {
		return "", nil
	}
	if c.comparing() {
		s := fmt.Sprintf("Comparing %d seeds: %d of %d runs", CompareSeeds, c.done, len(c.units))
		if el := time.Since(c.started).Seconds(); c.done > 0 && el > 0.5 {
			s += fmt.Sprintf(", about %.0f s left", math.Ceil(el/float64(c.done)*float64(len(c.units)-c.done)))
		}
		return s + ".", map[string]any{"done": c.done, "total": len(c.units)}
	}
	f := map[string]any{"done": c.done, "total": len(c.units), "seeds": CompareSeeds, "seconds": math.Round(c.elapsed.Seconds()*10) / 10}
	var parts []string
	for _, m := range l.setup.methods {
		var steps, loss []float64
		reached := 0
		for i, r := range c.results {
			if c.units[i].Method != m || r == nil {
				continue
			}
			if r.Reached {
				reached++
				steps = append(steps, float64(r.StepsToTarget))
			}
			loss = append(loss, float64(r.FinalLoss))
		}
		mf := map[string]any{"reached": reached, "finalLoss": finite(medianOf(loss))}
		part := fmt.Sprintf("%s %d/%d", methodNames[m], reached, CompareSeeds)
		if 2*len(steps) > CompareSeeds {
			slices.Sort(steps)
			ms := steps[(CompareSeeds-1)/2]
			mf["medianSteps"] = ms
			part += fmt.Sprintf(" (median %.0f steps)", ms)
		}
		f[string(m)] = mf
		parts = append(parts, part)
	}
	return fmt.Sprintf("Seeds %d–%d reaching the target: %s.", l.setup.seed, l.setup.seed+CompareSeeds-1, strings.Join(parts, " · ")), f
}

// medianOf is the median of xs (NaN for none).
func medianOf(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
