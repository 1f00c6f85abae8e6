package sparselab

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"hebbplay/core/jobs"
	"hebbplay/core/lab"
	"hebbplay/core/sparse"
	"hebbplay/core/sparse/mnist"
)

// Unpacking the asset works in slices: slice(…, deadline) works until the
// deadline passes and reports whether it is finished. The models' training,
// their measurements and the curves run in Web Workers (work.go).

// --- unpacking the asset ------------------------------------------------------

// decoder gunzips the packed subset a slice at a time; mnist.DecodeBytes then
// reads the unpacked payload, which is a plain copy.
type decoder struct {
	raw  []byte
	src  *bytes.Reader
	zr   *gzip.Reader
	out  bytes.Buffer
	done bool
}

// newDecoder prepares to unpack raw (gzip compressed or not).
func newDecoder(raw []byte) (*decoder, error) {
	d := &decoder{raw: raw, src: bytes.NewReader(raw)}
	if len(raw) >= 2 && raw[0] == 0x1f && raw[1] == 0x8b {
		zr, err := gzip.NewReader(d.src)
		if err != nil {
			return nil, err
		}
		d.zr = zr
	} else {
		d.done = true
	}
	return d, nil
}

// slice unpacks until the deadline; it reports whether the payload is
// complete.
func (d *decoder) slice(deadline time.Time) (bool, error) {
	for !d.done {
		_, err := io.CopyN(&d.out, d.zr, 32<<10)
		if err == io.EOF {
			d.done = true
			break
		}
		if err != nil {
			return false, err
		}
		if time.Now().After(deadline) {
			break
		}
	}
	return d.done, nil
}

// fraction is the share of the compressed bytes read so far.
func (d *decoder) fraction() float64 {
	if d.done || len(d.raw) == 0 {
		return 1
	}
	return 1 - float64(d.src.Len())/float64(len(d.raw))
}

// payload returns the unpacked bytes.
func (d *decoder) payload() []byte {
	if d.zr == nil {
		return d.raw
	}
	return d.out.Bytes()
}

// --- test accuracy and activity sparsity ----------------------------------------

// sparsityImages is the number of test images whose hidden activities are
// kept for the sparsity measures.
const sparsityImages = 200

// accuracy is the result of an evaluation on the test images.
type accuracy struct {
	valid bool
	// at is the number of examples the models had learnt when it started;
	// exact is false when they learnt more during the measurement.
	at    int
	exact bool
	n     int
	// hebb and bp are the test accuracies of the two models.
	hebb, bp float64
	// spars describes the hidden activity of each model (Hebbian first).
	spars [2]sparse.Sparseness
	// dead is the share of the Hebbian layer's units that won none of the
	// test images measured (sparse.DeadFraction).
	dead float64
}

// --- weight statistics ----------------------------------------------------------

// weightStats are the statistics of both models' weights.
type weightStats struct {
	valid bool
	at    int    // examples learnt when measured
	show  string // the model of the histogram
	hist  sparse.Histogram
	// For each model (Hebbian first): the first layer's distribution (on a
	// strided sample of jobs.SparseKSSample weights; silent counts exact), its silent
	// fraction, and Dale's law for the first and the output layer.
	w       [2]sparse.WeightStats
	silent  [2]float64
	dale    [2]sparse.Dale
	daleIn  [2]sparse.Dale
	sampled int // weights in each sample
}

// --- few-shot and robustness curves ----------------------------------------------

// Points of the curves.
var (
	fewPerClass = []int{1, 5, 10, 100, 0} // 0: every training image
	curveEps    = []float64{0, 0.05, 0.1, 0.15, 0.2, 0.3}
)

// Series of the curves.
const (
	serHebbPre   = jobs.CurveHebbPre   // Hebbian layer learnt on all images without labels, readout on the few
	serHebbFew   = jobs.CurveHebbFew   // Hebbian model trained on the few only
	serBPFew     = jobs.CurveBPFew     // backprop trained on the few only
	serHebbNoise = jobs.CurveHebbNoise // robustness, random ±ε
	serHebbFGSM  = jobs.CurveHebbFGSM  // FGSM with the Hebbian model's own gradient
	serHebbXfer  = jobs.CurveHebbXfer  // FGSM with backprop's gradient
	serBPNoise   = jobs.CurveBPNoise
	serBPFGSM    = jobs.CurveBPFGSM
)

// curves are the few-shot and robustness curves.
type curves struct {
	at        int // examples the live models had learnt
	started   bool
	done      bool
	cancelled bool
	perClass  []int     // x of the few-shot points (0 = all)
	allPer    float64   // mean images per class of the whole training set
	eps       []float64 // x of the robustness points
	few       map[string][]float64
	rob       map[string][]float64
}

// curveJob is the curves' work: one unit of the job kind "sparse.curve"
// per few-shot point and per robustness series, spread over every worker.
// The live models do not learn meanwhile (Step waits), so every point
// measures the models after curves.at examples.
type curveJob struct {
	spec    jobs.CurveSpec
	units   []jobs.CurveUnit
	done    []bool
	ndone   int
	split   [][]int // unit indices of the batch out, per worker request
	batchNo int
}

// startCurves starts the curve job on the models as they are.
func (l *Lab) startCurves() {
	// Points with as many images per class as the smallest class holds, or
	// more, would be the whole set again: "all" (0) stands for them.
	counts := l.train.Counts()
	smallest := slices.Min(counts[:])
	var per []int
	for _, pc := range fewPerClass {
		if pc > 0 && pc < smallest {
			per = append(per, pc)
		}
	}
	per = append(per, 0)
	c := curves{
		at: l.seen(), started: true,
		perClass: per, eps: curveEps,
		few: map[string][]float64{}, rob: map[string][]float64{},
		allPer: float64(l.train.Len()) / mnist.Classes,
	}
	nan := func(n int) []float64 {
		out := make([]float64, n)
		for i := range out {
			out[i] = math.NaN()
		}
		return out
	}
	for _, s := range []string{serHebbPre, serHebbFew, serBPFew} {
		c.few[s] = nan(len(c.perClass))
	}
	for _, s := range []string{serHebbNoise, serHebbFGSM, serHebbXfer, serBPNoise, serBPFGSM} {
		c.rob[s] = nan(len(c.eps))
	}
	l.curves = c
	j := &curveJob{spec: jobs.CurveSpec{Train: l.spec(), At: c.at, CurveN: l.cfg.Int("curve_n"), FewPresents: l.cfg.Int("few_presents")}}
	// The robustness series first: each is the longest unit.
	for _, s := range []string{serHebbNoise, serBPNoise, serHebbFGSM, serBPFGSM, serHebbXfer} {
		j.units = append(j.units, jobs.CurveUnit{Series: s, Eps: c.eps})
	}
	for i, pc := range c.perClass {
		for _, s := range []string{serHebbPre, serHebbFew, serBPFew} {
			j.units = append(j.units, jobs.CurveUnit{Series: s, Point: i, PerClass: pc})
		}
	}
	j.done = make([]bool, len(j.units))
	l.cj = j
	l.ver++
}

// cancelCurves abandons the curve job (the frame stops its workers).
func (l *Lab) cancelCurves() {
	if l.cj != nil {
		l.cj = nil
		l.curves.cancelled = true
		l.gen++
		l.out = false
		l.ver++
	}
}

// work hands out every unit left, spread over the workers.
func (j *curveJob) work(l *Lab, workers int) (lab.Work, bool) {
	if j.split != nil || workers < 1 {
		return lab.Work{}, false
	}
	l.batchNo++
	j.batchNo = l.batchNo
	j.split = make([][]int, workers)
	units := make([][]jobs.CurveUnit, workers)
	k := 0
	for i, u := range j.units {
		if !j.done[i] {
			j.split[k%workers] = append(j.split[k%workers], i)
			units[k%workers] = append(units[k%workers], u)
			k++
		}
	}
	w := lab.Work{ID: j.batchNo, Gen: l.gen, Requests: make([]string, workers), Units: make([]int, workers)}
	for i := range workers {
		if len(units[i]) == 0 {
			continue
		}
		b, _ := json.Marshal(struct {
			Kind   string           `json:"kind"`
			Assets []string         `json:"assets"`
			Spec   jobs.CurveSpec   `json:"spec"`
			Units  []jobs.CurveUnit `json:"units"`
		}{jobs.KindSparseCurve, []string{AssetURL}, j.spec, units[i]})
		w.Requests[i], w.Units[i] = string(b), len(units[i])
	}
	return w, true
}

// feed takes the result of unit i of request k.
func (j *curveJob) feed(l *Lab, k, i int, result string) error {
	if k < 0 || k >= len(j.split) || i < 0 || i >= len(j.split[k]) {
		return fmt.Errorf("sparselab: result %d of request %d is out of range", i, k)
	}
	var r struct {
		jobs.CurveResult
		Error string `json:"error"`
	}
	err := json.Unmarshal([]byte(result), &r)
	if err == nil && r.Error != "" {
		err = errors.New(r.Error)
	}
	idx := j.split[k][i]
	u := j.units[idx]
	if err == nil && (r.Series != u.Series || r.Point != u.Point || len(r.Acc) != max(1, len(u.Eps))) {
		err = fmt.Errorf("curve result for %s point %d where %s point %d was expected", r.Series, r.Point, u.Series, u.Point)
	}
	if err != nil {
		l.cancelCurves()
		l.workErr = "The curves stopped: " + err.Error()
		return fmt.Errorf("sparselab: worker: %w", err)
	}
	if ys, ok := l.curves.rob[u.Series]; ok {
		copy(ys, r.Acc)
	} else {
		l.curves.few[u.Series][u.Point] = r.Acc[0]
	}
	if !j.done[idx] {
		j.done[idx] = true
		j.ndone++
	}
	if j.ndone == len(j.units) {
		l.curves.done = true
		l.cj = nil
	}
	l.ver++
	return nil
}

// progress is the done share of the job.
func (j *curveJob) progress() float64 { return float64(j.ndone) / float64(max(len(j.units), 1)) }
