package sparselab

import (
	"bytes"
	"compress/gzip"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"hebbplay/core/sparse"
	"hebbplay/core/sparse/mnist"
)

// Every job below does its work in slices: slice(…, deadline) works until
// the deadline passes and reports whether the job is finished. A slice does
// at least one unit of work, so a job always progresses.

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

// streamSubset is the PCG stream of the few-shot subsets, the one
// sparse.FewShot draws them from, so the lab's subsets are the native
// command's.
const streamSubset = 5

// Series of the curves.
const (
	serHebbPre   = "hebb-pre"   // Hebbian layer learnt on all images without labels, readout on the few
	serHebbFew   = "hebb-few"   // Hebbian model trained on the few only
	serBPFew     = "bp-few"     // backprop trained on the few only
	serHebbNoise = "hebb-noise" // robustness, random ±ε
	serHebbFGSM  = "hebb-fgsm"  // FGSM with the Hebbian model's own gradient
	serHebbXfer  = "hebb-xfer"  // FGSM with backprop's gradient
	serBPNoise   = "bp-noise"
	serBPFGSM    = "bp-fgsm"
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

// curveTask is one measurement of the curve job.
type curveTask interface {
	// slice works until the deadline and reports whether the task is done.
	slice(l *Lab, deadline time.Time) bool
	// progress is the done share of the task.
	progress() float64
}

// curveJob runs its tasks one after the other; the live models do not
// learn meanwhile (Step waits), so every robustness point measures the same
// models.
type curveJob struct {
	tasks []curveTask
	next  int
}

// startCurves starts the curve job on the current models.
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
	n := min(l.cfg.Int("curve_n"), l.test.Len())
	seed := uint64(l.cfg.Int("seed"))
	j := &curveJob{}
	for _, r := range []struct {
		id        string
		m, source sparse.Model
		attack    sparse.Attack
	}{
		{serHebbNoise, l.heb, l.heb, sparse.Noise},
		{serBPNoise, l.bp, l.bp, sparse.Noise},
		{serHebbFGSM, l.heb, l.heb, sparse.FGSM},
		{serBPFGSM, l.bp, l.bp, sparse.FGSM},
		{serHebbXfer, l.heb, l.bp, sparse.FGSM},
	} {
		j.tasks = append(j.tasks, &robustTask{id: r.id, m: r.m, source: r.source, attack: r.attack, n: n, seed: seed,
			correct: make([]int, len(c.eps))})
	}
	// One model per few-shot series, re-initialised for every point: fresh
	// models for each would make megabytes of garbage, and the collector's
	// pauses would stall the page.
	heb, err := sparse.NewHebbian(l.mcfg)
	if err != nil {
		panic(err) // l.mcfg was validated by Configure
	}
	bp, err := sparse.NewBackprop(l.mcfg)
	if err != nil {
		panic(err)
	}
	models := map[string]sparse.Model{serHebbFew: heb, serBPFew: bp}
	var pre []*fewTask // their model is the live one's frozen copy, made after the catch-up
	for i, pc := range c.perClass {
		for _, s := range []string{serHebbPre, serHebbFew, serBPFew} {
			t := &fewTask{id: s, point: i, perClass: pc, n: n, seed: seed, model: models[s]}
			if s == serHebbPre {
				pre = append(pre, t)
			}
			j.tasks = append(j.tasks, t)
		}
	}
	// The models train in a worker: this page's copies first learn the
	// same examples (deterministic, so they are the worker's models).
	j.tasks = append([]curveTask{&catchUpTask{to: c.at, pre: pre}}, j.tasks...)
	l.cj = j
}

// catchUpTask trains the lab's own copies of the models to the examples
// the worker's had learnt, then hands the frozen Hebbian copy to the
// few-shot tasks that keep its hidden layer.
type catchUpTask struct {
	to   int
	pre  []*fewTask
	done bool
}

func (t *catchUpTask) slice(l *Lab, deadline time.Time) bool {
	if t.done {
		return true
	}
	if l.th.Seen() > t.to {
		seed := uint64(l.cfg.Int("seed"))
		l.th.Init(seed)
		l.tb.Init(seed)
	}
	const chunk = 8
	for l.th.Seen() < t.to {
		n := min(chunk, t.to-l.th.Seen())
		l.th.Step(n)
		l.tb.Step(n)
		if time.Now().After(deadline) {
			return false
		}
	}
	frozen := l.heb.FrozenCopy()
	for _, f := range t.pre {
		f.model = frozen
	}
	t.done = true
	return true
}

func (t *catchUpTask) progress() float64 {
	if t.done {
		return 1
	}
	return 0
}

// slice runs the tasks until the deadline; it reports whether all are done.
func (j *curveJob) slice(l *Lab, deadline time.Time) bool {
	for j.next < len(j.tasks) {
		if !j.tasks[j.next].slice(l, deadline) {
			return false
		}
		j.next++
		if time.Now().After(deadline) {
			break
		}
	}
	if j.next >= len(j.tasks) {
		l.curves.done = true
		return true
	}
	return false
}

// progress is the done share of the job, counting each task as one.
func (j *curveJob) progress() float64 {
	if j.next >= len(j.tasks) {
		return 1
	}
	return (float64(j.next) + j.tasks[j.next].progress()) / float64(len(j.tasks))
}

// robustTask measures one model under one attack at every ε, one test image
// per call of sparse.Robustness (whose random signs are seeded per image).
type robustTask struct {
	id        string
	m, source sparse.Model
	attack    sparse.Attack
	n, i      int
	seed      uint64
	correct   []int
}

func (t *robustTask) slice(l *Lab, deadline time.Time) bool {
	eps := l.curves.eps
	for t.i < t.n {
		one := l.test.Subset([]int{t.i})
		var acc []float64
		if t.source != t.m {
			acc = sparse.TransferFGSM(t.m, t.source, one, 0, eps)
		} else {
			var err error
			acc, err = sparse.Robustness(t.m, one, 0, eps, t.attack, t.seed*1_000_003+uint64(t.i))
			if err != nil {
				panic(err) // the attacks are the package's own constants
			}
		}
		for q, a := range acc {
			if a > 0.5 {
				t.correct[q]++
			}
		}
		t.i++
		if time.Now().After(deadline) {
			break
		}
	}
	out := l.curves.rob[t.id]
	for q := range out {
		out[q] = float64(t.correct[q]) / float64(max(t.i, 1))
	}
	return t.i >= t.n
}

func (t *robustTask) progress() float64 { return float64(t.i) / float64(max(t.n, 1)) }

// fewTask trains one fresh model on perClass images of each class and
// measures its test accuracy: the point of one few-shot curve.
type fewTask struct {
	id       string
	point    int
	perClass int
	n        int
	seed     uint64
	// model is the series' model, shared by its points (Init restarts it;
	// a frozen copy keeps its hidden layer and restarts only its readout).
	model sparse.Model

	trainer *sparse.Trainer
	present int // presentations to make
	test    int // test images measured so far
	correct int
	x, s    []float64
}

func (t *fewTask) slice(l *Lab, deadline time.Time) bool {
	if t.trainer == nil {
		set := l.train
		if t.perClass > 0 {
			idx, err := l.train.SamplePerClass(t.perClass, rand.New(rand.NewPCG(t.seed, streamSubset)))
			if err != nil {
				// A class has fewer images than asked: use them all.
				set = l.train
			} else {
				set = l.train.Subset(idx)
			}
		}
		t.trainer = sparse.NewTrainer(t.model, set)
		t.trainer.Init(t.seed)
		t.present = max(l.cfg.Int("few_presents"), set.Len())
	}
	const chunk = 4
	for t.trainer.Seen() < t.present {
		t.trainer.Step(min(chunk, t.present-t.trainer.Seen()))
		if time.Now().After(deadline) {
			return false
		}
	}
	for t.test < t.n {
		t.x = l.test.Image(t.x, t.test)
		var d int
		d, t.s = sparse.Predict(t.model, t.x, t.s)
		if d == l.test.Label(t.test) {
			t.correct++
		}
		t.test++
		if time.Now().After(deadline) {
			break
		}
	}
	if t.test < t.n {
		return false
	}
	l.curves.few[t.id][t.point] = float64(t.correct) / float64(max(t.n, 1))
	return true
}

func (t *fewTask) progress() float64 {
	if t.trainer == nil {
		return 0
	}
	// Training is most of the cost.
	return 0.8*float64(t.trainer.Seen())/float64(max(t.present, 1)) + 0.2*float64(t.test)/float64(max(t.n, 1))
}
