package jobs

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"

	"hebbplay/core/job"
	"hebbplay/core/sparse"
	"hebbplay/core/sparse/mnist"
)

// KindSparseTrain is the Sparse lab's training: the Hebbian model and the
// backprop baseline learn the same examples in the same order; a unit
// advances both from one number of examples to another and answers with
// what the lab shows (receptive fields, test accuracy, weight statistics).
const KindSparseTrain = "sparse.train"

// Limits of a sparse.train job.
const (
	MaxSparseExamples = 10_000_000
	// SparseHistBins is the number of bins of the weight histogram, and
	// SparseKSSample the number of weights (a strided sample) the
	// Kolmogorov–Smirnov distances are computed on.
	SparseHistBins = 40
	SparseKSSample = 4096
	// SparsityImages is the number of test images whose hidden activities
	// are kept for the sparsity measures.
	SparsityImages = 200
	// SparseReportBins is the number of bins of the final report's weight
	// histograms (scripts/sparse's default -bins).
	SparseReportBins = 24
)

func init() { job.Register(KindSparseTrain, func() job.Runner { return &sparseRunner{} }) }

// SparseSpec is the spec of a sparse.train job: everything the trained
// models depend on.
type SparseSpec struct {
	Model sparse.Config `json:"model"`
	Seed  uint64        `json:"seed"`
	// Asset is the packed MNIST subset (mnist.Encode), named in the
	// request's "assets" too.
	Asset string `json:"asset"`
	// EvalEvery is the interval, in examples, of the accuracy measurements
	// made while training.
	EvalEvery int `json:"evalEvery"`
}

// SparseUnit advances training from From to To examples (From < To, or
// From = To to measure without training). Show picks the model whose
// receptive fields and histogram are sent ("hebbian" or "backprop"), TestN
// the test images measured, and Exact asks for an accuracy measured at To
// (the lab asks when training pauses or ends); otherwise the accuracy is
// the one measured at the last multiple of EvalEvery.
type SparseUnit struct {
	From  int    `json:"from"`
	To    int    `json:"to"`
	Show  string `json:"show"`
	TestN int    `json:"testN"`
	Exact bool   `json:"exact"`
	// Report asks for the measurements of scripts/sparse (SparseReport) at
	// To: the lab asks for them at the end of its budget.
	Report bool `json:"report,omitempty"`
}

// SparseReport holds what scripts/sparse measures of each model (Hebbian
// first) after training: sparse.Evaluate on the TestN first test images and
// the first layer's log histogram in SparseReportBins bins.
type SparseReport struct {
	At, N int
	Eval  [2]sparse.Report
	Hist  [2]sparse.Histogram
}

// SparseAccuracy is a test accuracy measurement of both models.
type SparseAccuracy struct {
	Valid bool
	// At is the number of examples the models had learnt.
	At, N    int
	Hebb, BP float64
	// Spars describes the hidden activity of each model (Hebbian first).
	Spars [2]sparse.Sparseness
	// Dead is the share of Hebbian hidden units active on none of the N
	// test images (sparse.DeadFraction).
	Dead float64
}

// SparseStats are the weight statistics of both models.
type SparseStats struct {
	At   int
	Show string
	Hist sparse.Histogram
	// For each model (Hebbian first): the first layer's distribution (on a
	// strided sample of SparseKSSample weights), its silent fraction, and
	// Dale's law for the output and the first layer.
	W       [2]sparse.WeightStats
	Silent  [2]float64
	Dale    [2]sparse.Dale
	DaleIn  [2]sparse.Dale
	Sampled int
}

// SparseResult is the result of a sparse.train unit. It travels as
// {"gob": base64} (encoding/gob keeps NaN and every float exactly).
type SparseResult struct {
	From, To int
	Hidden   int
	// Fields are the receptive fields of the shown model, Hidden rows of
	// mnist.Pixels weights, in float32 (they are only drawn).
	Fields []float32
	Acc    SparseAccuracy
	Stats  SparseStats
	// Report is the unit's SparseReport when it asked for one.
	Report *SparseReport
}

// sparseWire is the JSON form of a SparseResult.
type sparseWire struct {
	Gob []byte `json:"gob"`
}

// DecodeSparseResult reads a unit's JSON result.
func DecodeSparseResult(b []byte) (SparseResult, error) {
	var w struct {
		Gob   []byte `json:"gob"`
		Error string `json:"error"`
	}
	var r SparseResult
	if err := json.Unmarshal(b, &w); err != nil {
		return r, err
	}
	if w.Error != "" {
		return r, errors.New(w.Error)
	}
	if err := gob.NewDecoder(bytes.NewReader(w.Gob)).Decode(&r); err != nil {
		return r, fmt.Errorf("jobs: sparse result: %w", err)
	}
	return r, nil
}

// sparseData caches the decoded subset of one asset.
type sparseData struct {
	raw         []byte
	train, test *mnist.Set
}

type sparseState struct {
	key    string
	spec   SparseSpec
	heb    *sparse.Hebbian
	bp     *sparse.Backprop
	th, tb *sparse.Trainer
	acc    SparseAccuracy // at the last multiple of EvalEvery
	buf    evalBuf
}

type sparseRunner struct {
	data *sparseData
	st   *sparseState
}

// Run implements job.Runner.
func (r *sparseRunner) Run(req []byte, env job.Env) (any, error) {
	var spec SparseSpec
	var u SparseUnit
	if err := job.One(req, &spec, &u); err != nil {
		return nil, err
	}
	if u.From < 0 || u.To < u.From || u.To > MaxSparseExamples {
		return nil, fmt.Errorf("jobs: sparse.train unit from %d to %d: want 0 ≤ from ≤ to ≤ %d", u.From, u.To, MaxSparseExamples)
	}
	if spec.EvalEvery < 1 {
		return nil, fmt.Errorf("jobs: sparse.train evalEvery %d, want at least 1", spec.EvalEvery)
	}
	if u.Show != "hebbian" && u.Show != "backprop" {
		return nil, fmt.Errorf("jobs: sparse.train show %q, want hebbian or backprop", u.Show)
	}
	if err := spec.Model.Validate(); err != nil {
		return nil, err
	}
	if err := r.load(spec.Asset, env); err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%+v", spec)
	st := r.st
	if st == nil || st.key != key || st.th.Seen() > u.From {
		var err error
		if st, err = r.newState(spec); err != nil {
			r.st = nil
			return nil, err
		}
		st.key = key
		r.st = st
	}
	test := r.data.test
	n := min(max(u.TestN, 0), test.Len())
	for st.th.Seen() < u.To {
		next := min(u.To, (st.th.Seen()/spec.EvalEvery+1)*spec.EvalEvery)
		k := next - st.th.Seen()
		st.th.Step(k)
		st.tb.Step(k)
		if next%spec.EvalEvery == 0 {
			st.acc = st.measure(test, n)
		}
	}
	res := SparseResult{From: u.From, To: u.To, Hidden: spec.Model.Hidden, Acc: st.acc}
	if st.acc.N != n {
		res.Acc = SparseAccuracy{} // measured on another number of images
	}
	if u.Exact && (!res.Acc.Valid || res.Acc.At != u.To) {
		res.Acc = st.measure(test, n)
	}
	m := sparse.Model(st.heb)
	if u.Show == "backprop" {
		m = st.bp
	}
	w := m.Layers()[0].W
	res.Fields = make([]float32, len(w))
	for i, x := range w {
		res.Fields[i] = float32(x)
	}
	res.Stats = st.stats(u.Show)
	if u.Report {
		rep := &SparseReport{At: st.th.Seen(), N: n}
		for k, m := range [2]sparse.Model{st.heb, st.bp} {
			rep.Eval[k] = sparse.Evaluate(m, test, n)
			sparse.LogHistogram(&rep.Hist[k], m.Layers()[0].W, SparseReportBins)
		}
		res.Report = rep
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(res); err != nil {
		return nil, err
	}
	return sparseWire{Gob: b.Bytes()}, nil
}

func (r *sparseRunner) load(url string, env job.Env) error {
	raw, err := env.Asset(url)
	if err != nil {
		return err
	}
	if r.data != nil && bytes.Equal(r.data.raw, raw) {
		return nil
	}
	train, test, err := mnist.DecodeBytes(raw)
	if err != nil {
		return err
	}
	if train.Len() == 0 || test.Len() == 0 {
		return errors.New("jobs: the subset holds no training or no test images")
	}
	r.data, r.st = &sparseData{raw: raw, train: train, test: test}, nil
	return nil
}

func (r *sparseRunner) newState(spec SparseSpec) (*sparseState, error) {
	heb, err := sparse.NewHebbian(spec.Model)
	if err != nil {
		return nil, err
	}
	bp, err := sparse.NewBackprop(spec.Model)
	if err != nil {
		return nil, err
	}
	st := &sparseState{spec: spec, heb: heb, bp: bp,
		th: sparse.NewTrainer(heb, r.data.train), tb: sparse.NewTrainer(bp, r.data.train)}
	st.th.Init(spec.Seed)
	st.tb.Init(spec.Seed)
	return st, nil
}

type evalBuf struct {
	x, s, h []float64
	acts    [2][]float64
	wins    []int // per Hebbian unit, the test images it was active on
}

// measure tests both models on the first n test images.
func (st *sparseState) measure(test *mnist.Set, n int) SparseAccuracy {
	models := [2]sparse.Model{st.heb, st.bp}
	b := &st.buf
	var correct [2]int
	for m := range b.acts {
		b.acts[m] = b.acts[m][:0]
	}
	clear(b.wins)
	for i := 0; i < n; i++ {
		b.x = test.Image(b.x, i)
		label := test.Label(i)
		for m, model := range models {
			var d int
			d, b.s = sparse.Predict(model, b.x, b.s)
			if d == label {
				correct[m]++
			}
			if i < SparsityImages || m == 0 {
				b.h = model.Hidden(b.h, b.x)
				if i < SparsityImages {
					b.acts[m] = append(b.acts[m], b.h...)
				}
				if m == 0 {
					b.wins = sparse.CountActive(b.wins, b.h)
				}
			}
		}
	}
	a := SparseAccuracy{Valid: true, At: st.th.Seen(), N: n}
	if n > 0 {
		a.Hebb = float64(correct[0]) / float64(n)
		a.BP = float64(correct[1]) / float64(n)
	}
	for m := range b.acts {
		a.Spars[m] = sparse.Sparsity(b.acts[m], st.spec.Model.Hidden)
	}
	a.Dead = sparse.DeadFraction(b.wins)
	return a
}

// stats measures both models' weights.
func (st *sparseState) stats(show string) SparseStats {
	models := [2]sparse.Model{st.heb, st.bp}
	s := SparseStats{At: st.th.Seen(), Show: show}
	m := models[0]
	if show == "backprop" {
		m = models[1]
	}
	sparse.LogHistogram(&s.Hist, m.Layers()[0].W, SparseHistBins)
	var sample []float64
	for k, model := range models {
		w := model.Layers()[0].W
		stride := max(1, (len(w)+SparseKSSample-1)/SparseKSSample)
		sample = sample[:0]
		for i := 0; i < len(w); i += stride {
			sample = append(sample, w[i])
		}
		s.Sampled = len(sample)
		s.W[k], sample = sparse.Weights(sample, sample[len(sample):])
		zeros := 0
		for _, x := range w {
			if x == 0 {
				zeros++
			}
		}
		s.Silent[k] = float64(zeros) / float64(len(w))
		ls := model.Layers()
		s.DaleIn[k] = sparse.DaleOf(ls[0])
		s.Dale[k] = sparse.DaleOf(ls[len(ls)-1])
	}
	return s
}
