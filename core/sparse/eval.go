package sparse

import (
	"fmt"
	"math"
	"math/rand/v2"

	"hebbplay/core/sparse/mnist"
)

// Accuracy returns the share of the first n images of s (all when n ≤ 0)
// that m classifies correctly.
func Accuracy(m Model, s *mnist.Set, n int) float64 {
	s = s.First(n)
	if s.Len() == 0 {
		return math.NaN()
	}
	var x, scores []float64
	correct := 0
	for e := 0; e < s.Len(); e++ {
		x = s.Image(x, e)
		var d int
		d, scores = Predict(m, x, scores)
		if d == s.Label(e) {
			correct++
		}
	}
	return float64(correct) / float64(s.Len())
}

// Attack names a perturbation of the input images.
type Attack string

const (
	// Noise adds ε·s_i to every pixel, with random signs s_i = ±1: the same
	// size in every norm as FGSM's perturbation, without its aim.
	Noise Attack = "noise"
	// FGSM is the fast gradient sign method (Goodfellow, Shlens and Szegedy
	// 2015): x' = x + ε·sign(∇ₓL(x, label)), the one-step attack of size ε in
	// the max norm.
	FGSM Attack = "fgsm"
)

// Attacks lists the perturbations Robustness knows.
var Attacks = []Attack{Noise, FGSM}

// Robustness returns m's accuracy on the first n images of s (all when
// n ≤ 0) under attack a of each size in eps; perturbed pixels are clipped to
// [0, 1]. The random signs of Noise come from seed's evaluation stream,
// restarted for every ε, so the perturbations of different sizes differ only
// in size.
func Robustness(m Model, s *mnist.Set, n int, eps []float64, a Attack, seed uint64) ([]float64, error) {
	if a != Noise && a != FGSM {
		return nil, fmt.Errorf("sparse: unknown attack %q (want noise or fgsm)", a)
	}
	return robustness(m, m, s, n, eps, a, seed), nil
}

// TransferFGSM returns m's accuracy on the first n images of s (all when
// n ≤ 0) under FGSM perturbations of each size in eps computed with the
// gradient of another model, source. A model whose own gradient is a poor
// guide to its decisions (gradient masking, as with the winner-take-all
// switches of the Hebbian layer) can look robust to its own FGSM and still
// fall to perturbations transferred from a differentiable model (Papernot et
// al. 2017; Athalye, Carlini and Wagner 2018).
func TransferFGSM(m, source Model, s *mnist.Set, n int, eps []float64) []float64 {
	return robustness(m, source, s, n, eps, FGSM, 0)
}

// robustness measures m under attack a, FGSM taking its gradient from grad.
func robustness(m, grad Model, s *mnist.Set, n int, eps []float64, a Attack, seed uint64) []float64 {
	s = s.First(n)
	acc := make([]float64, len(eps))
	var x, xp, g, scores []float64
	for q, e := range eps {
		rnd := rand.New(rand.NewPCG(seed, streamEval))
		correct := 0
		for i := 0; i < s.Len(); i++ {
			x = s.Image(x, i)
			label := s.Label(i)
			xp = grow(xp, len(x))
			switch a {
			case Noise:
				for p, v := range x {
					if rnd.Uint64()&1 == 0 {
						v += e
					} else {
						v -= e
					}
					xp[p] = min(max(v, 0), 1)
				}
			case FGSM:
				g = grad.InputGrad(g, x, label)
				for p, v := range x {
					switch {
					case g[p] > 0:
						v += e
					case g[p] < 0:
						v -= e
					}
					xp[p] = min(max(v, 0), 1)
				}
			}
			var d int
			d, scores = Predict(m, xp, scores)
			if d == label {
				correct++
			}
		}
		acc[q] = float64(correct) / float64(max(s.Len(), 1))
	}
	return acc
}

// FewShotPoint is one point of the few-shot curve.
type FewShotPoint struct {
	// PerClass is the number of training images per class; 0 means the whole
	// training set.
	PerClass int
	// Images is the number of distinct training images, and Presented the
	// number of presentations made (Images times the epochs).
	Images, Presented int
	// Accuracy is the test accuracy after training.
	Accuracy float64
}

// FewShot trains a fresh model from build on perClass images of each class
// (drawn with the seed's subset stream, the same images for every model) for
// presentations(images) presentations, and measures its accuracy on the
// first testN test images. A perClass of 0 uses the whole training set.
func FewShot(build func() (Model, error), train, test *mnist.Set, testN int, perClass []int, presentations func(images int) int, seed uint64) ([]FewShotPoint, error) {
	out := make([]FewShotPoint, 0, len(perClass))
	for _, n := range perClass {
		set := train
		if n > 0 {
			idx, err := train.SamplePerClass(n, rand.New(rand.NewPCG(seed, streamSubset)))
			if err != nil {
				return nil, err
			}
			set = train.Subset(idx)
		}
		m, err := build()
		if err != nil {
			return nil, err
		}
		t := NewTrainer(m, set)
		t.Init(seed)
		p := presentations(set.Len())
		t.Step(p)
		out = append(out, FewShotPoint{PerClass: n, Images: set.Len(), Presented: p, Accuracy: Accuracy(m, test, testN)})
	}
	return out, nil
}

// Report holds every measurement of one trained model.
type Report struct {
	// Model is the model's name.
	Model string
	// Accuracy is the test accuracy.
	Accuracy float64
	// Sparsity describes the hidden activity on the test images measured.
	Sparsity Sparseness
	// Dead is the share of hidden units active on none of the test images
	// measured (see DeadFraction).
	Dead float64
	// Weights describes the first layer's (input→hidden) weights.
	Weights WeightStats
	// Dale holds the sign consistency of every layer.
	Dale []Dale
}

// Evaluate measures m on the first n test images (all when n ≤ 0).
func Evaluate(m Model, test *mnist.Set, n int) Report {
	r := Report{Model: m.Name(), Accuracy: Accuracy(m, test, n)}
	s := test.First(n)
	var x, h []float64
	var acts []float64
	var counts []int
	for e := 0; e < s.Len(); e++ {
		x = s.Image(x, e)
		h = m.Hidden(h, x)
		acts = append(acts, h...)
		counts = CountActive(counts, h)
	}
	r.Dead = math.NaN()
	if len(h) > 0 {
		r.Sparsity = Sparsity(acts, len(h))
		r.Dead = DeadFraction(counts)
	}
	layers := m.Layers()
	r.Weights, _ = Weights(layers[0].W, nil)
	for _, l := range layers {
		r.Dale = append(r.Dale, DaleOf(l))
	}
	return r
}
