package jobs

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"

	"hebbplay/core/job"
	"hebbplay/core/sparse"
)

// KindSparseCurve is a point of the Sparse lab's few-shot and robustness
// curves, measured on the models trained to a number of examples.
const KindSparseCurve = "sparse.curve"

// Series of the curves.
const (
	CurveHebbPre   = "hebb-pre"   // Hebbian layer learnt on all images without labels, readout on the few
	CurveHebbFew   = "hebb-few"   // Hebbian model trained on the few only
	CurveBPFew     = "bp-few"     // backprop trained on the few only
	CurveHebbNoise = "hebb-noise" // robustness, random ±ε
	CurveHebbFGSM  = "hebb-fgsm"  // FGSM with the Hebbian model's own gradient
	CurveHebbXfer  = "hebb-xfer"  // FGSM with backprop's gradient
	CurveBPNoise   = "bp-noise"
	CurveBPFGSM    = "bp-fgsm"
)

// streamSubset is the PCG stream of the few-shot subsets, the one
// sparse.FewShot draws them from, so the lab's subsets are the native
// command's.
const streamSubset = 5

func init() { job.Register(KindSparseCurve, func() job.Runner { return &curveRunner{} }) }

// CurveSpec is the spec of a sparse.curve job: the training (the models
// measured are those of Train after At examples), the test images of each
// point and the presentations of the few-shot trainings.
type CurveSpec struct {
	Train       SparseSpec `json:"train"`
	At          int        `json:"at"`
	CurveN      int        `json:"curveN"`
	FewPresents int        `json:"fewPresents"`
}

// CurveUnit is one few-shot point (a few-shot Series, its Point index and
// PerClass images per class, 0 for all) or one robustness series (every ε
// of Eps).
type CurveUnit struct {
	Series   string    `json:"series"`
	Point    int       `json:"point"`
	PerClass int       `json:"perClass"`
	Eps      []float64 `json:"eps,omitempty"`
}

// CurveResult is a unit's accuracies: one for a few-shot point, one per ε
// for a robustness series.
type CurveResult struct {
	Series string    `json:"series"`
	Point  int       `json:"point"`
	Acc    []float64 `json:"acc"`
}

type curveRunner struct {
	train sparseRunner // the data and the models trained to At
}

// Run implements job.Runner.
func (r *curveRunner) Run(req []byte, env job.Env) (any, error) {
	var spec CurveSpec
	var u CurveUnit
	if err := job.One(req, &spec, &u); err != nil {
		return nil, err
	}
	if spec.At < 0 || spec.At > MaxSparseExamples || spec.CurveN < 0 || spec.FewPresents < 0 || spec.FewPresents > MaxSparseExamples {
		return nil, fmt.Errorf("jobs: sparse.curve at %d, curveN %d, fewPresents %d: want each in 0..%d", spec.At, spec.CurveN, spec.FewPresents, MaxSparseExamples)
	}
	if u.PerClass < 0 || len(u.Eps) > 100 {
		return nil, fmt.Errorf("jobs: sparse.curve unit with %d per class and %d ε: want ≥ 0 and at most 100", u.PerClass, len(u.Eps))
	}
	// The models after At examples: the training runner's state.
	show := SparseUnit{From: spec.At, To: spec.At, Show: "hebbian"}
	if _, err := r.train.Run(sparseTrainRequest(spec.Train, show), env); err != nil {
		return nil, err
	}
	st, data := r.train.st, r.train.data
	test := data.test
	n := min(spec.CurveN, test.Len())
	seed := spec.Train.Seed
	res := CurveResult{Series: u.Series, Point: u.Point}
	switch u.Series {
	case CurveHebbPre, CurveHebbFew, CurveBPFew:
		var model sparse.Model
		var err error
		switch u.Series {
		case CurveHebbPre:
			model = st.heb.FrozenCopy()
		case CurveHebbFew:
			model, err = sparse.NewHebbian(spec.Train.Model)
		default:
			model, err = sparse.NewBackprop(spec.Train.Model)
		}
		if err != nil {
			return nil, err
		}
		set := data.train
		if u.PerClass > 0 {
			// A class with fewer images than asked: use them all.
			if idx, err := data.train.SamplePerClass(u.PerClass, rand.New(rand.NewPCG(seed, streamSubset))); err == nil {
				set = data.train.Subset(idx)
			}
		}
		tr := sparse.NewTrainer(model, set)
		tr.Init(seed)
		tr.Step(max(spec.FewPresents, set.Len()))
		correct := 0
		var x, s []float64
		for i := 0; i < n; i++ {
			x = test.Image(x, i)
			var d int
			d, s = sparse.Predict(model, x, s)
			if d == test.Label(i) {
				correct++
			}
		}
		res.Acc = []float64{float64(correct) / float64(max(n, 1))}
	case CurveHebbNoise, CurveBPNoise, CurveHebbFGSM, CurveBPFGSM, CurveHebbXfer:
		m, src, attack := sparse.Model(st.heb), sparse.Model(st.heb), sparse.Noise
		switch u.Series {
		case CurveBPNoise:
			m, src = st.bp, st.bp
		case CurveHebbFGSM:
			attack = sparse.FGSM
		case CurveBPFGSM:
			m, src, attack = st.bp, st.bp, sparse.FGSM
		case CurveHebbXfer:
			src, attack = st.bp, sparse.FGSM
		}
		correct := make([]int, len(u.Eps))
		for i := 0; i < n; i++ {
			one := test.Subset([]int{i})
			var acc []float64
			if src != m {
				acc = sparse.TransferFGSM(m, src, one, 0, u.Eps)
			} else {
				var err error
				if acc, err = sparse.Robustness(m, one, 0, u.Eps, attack, seed*1_000_003+uint64(i)); err != nil {
					return nil, err
				}
			}
			for q, a := range acc {
				if a > 0.5 {
					correct[q]++
				}
			}
		}
		res.Acc = make([]float64, len(u.Eps))
		for q := range res.Acc {
			res.Acc[q] = float64(correct[q]) / float64(max(n, 1))
		}
	default:
		return nil, fmt.Errorf("jobs: sparse.curve series %q, want one of %v", u.Series,
			[]string{CurveHebbPre, CurveHebbFew, CurveBPFew, CurveHebbNoise, CurveHebbFGSM, CurveHebbXfer, CurveBPNoise, CurveBPFGSM})
	}
	return res, nil
}

// sparseTrainRequest is the request of one sparse.train unit.
func sparseTrainRequest(spec SparseSpec, u SparseUnit) []byte {
	b, _ := json.Marshal(struct {
		Kind  string       `json:"kind"`
		Spec  SparseSpec   `json:"spec"`
		Units []SparseUnit `json:"units"`
	}{KindSparseTrain, spec, []SparseUnit{u}})
	return b
}

// CurveSeries lists the series in drawing order (few-shot, then robustness).
var CurveSeries = slices.Concat([]string{CurveHebbPre, CurveHebbFew, CurveBPFew},
	[]string{CurveHebbNoise, CurveHebbFGSM, CurveHebbXfer, CurveBPNoise, CurveBPFGSM})
