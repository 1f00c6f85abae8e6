package sparse

import (
	"math/rand/v2"

	"hebbplay/core/sparse/mnist"
)

// The PCG streams drawn from a seed (math/rand/v2 NewPCG(seed, stream)).
const (
	streamWeights = 1 // initial weights
	streamNoise   = 2 // weight perturbations of the output layer
	streamOrder   = 3 // the order of training images
	streamEval    = 4 // the random perturbations of Robustness
	streamSubset  = 5 // the few-shot training subsets
)

// Model is a classifier of 28×28 images into 10 digits that learns one image
// at a time. Both models of the lab implement it.
type Model interface {
	// Name returns the model's short name, "hebbian" or "backprop".
	Name() string
	// Init restarts the model from seed: fresh weights, optimizer state and
	// counters.
	Init(seed uint64)
	// Learn presents one training image x (mnist.Pixels values in [0, 1])
	// with its label. Models learn in minibatches and may only buffer it.
	Learn(x []float64, label int)
	// Scores stores the 10 output activities for x in dst and returns dst,
	// reusing its storage when it has room.
	Scores(dst, x []float64) []float64
	// Hidden stores the Hidden hidden activities for x in dst and returns
	// dst, reusing its storage when it has room.
	Hidden(dst, x []float64) []float64
	// InputGrad stores in dst the gradient of the training loss for (x,
	// label) with respect to x, as the fast gradient sign method needs, and
	// returns dst, reusing its storage when it has room.
	InputGrad(dst, x []float64, label int) []float64
	// Layers returns the model's weight matrices, input side first. They are
	// views of the live weights: read them, do not keep or change them.
	Layers() []Layer
}

// Layer is one weight matrix of a model, for the measurements.
type Layer struct {
	// Name identifies the layer ("input→hidden", "hidden→output").
	Name string
	// Post and Pre are the numbers of receiving and sending units.
	Post, Pre int
	// W holds Post·Pre weights row-major: W[j*Pre+i] is the synapse from
	// presynaptic unit i to postsynaptic unit j, so presynaptic unit i's
	// outgoing weights are column i.
	W []float64
}

// Predict returns the digit of x's largest score; scratch holds the scores
// and is returned for reuse.
func Predict(m Model, x, scratch []float64) (digit int, scores []float64) {
	scores = m.Scores(scratch, x)
	best := 0
	for k, s := range scores {
		if s > scores[best] {
			best = k
		}
	}
	return best, scores
}

// Trainer presents the images of a training set to a model in a shuffled
// order, reshuffled every epoch, a slice at a time: a browser lab calls Step
// with a few images per frame, a native run with all of them at once. The
// order is drawn from the seed given to Init, so a run is reproducible.
type Trainer struct {
	model Model
	data  *mnist.Set
	order []int
	pos   int
	rnd   *rand.Rand
	seen  int
	x     []float64
}

// NewTrainer returns a trainer of model on data, initialised with seed 0.
func NewTrainer(model Model, data *mnist.Set) *Trainer {
	t := &Trainer{model: model, data: data, order: make([]int, data.Len())}
	t.Init(0)
	return t
}

// Init restarts the model from seed and the presentation order from the
// seed's order stream.
func (t *Trainer) Init(seed uint64) {
	t.model.Init(seed)
	t.rnd = rand.New(rand.NewPCG(seed, streamOrder))
	for i := range t.order {
		t.order[i] = i
	}
	t.pos = len(t.order) // shuffle before the first image
	t.seen = 0
}

// Step presents the next n images.
func (t *Trainer) Step(n int) {
	if len(t.order) == 0 {
		return
	}
	for ; n > 0; n-- {
		if t.pos == len(t.order) {
			t.rnd.Shuffle(len(t.order), func(i, j int) { t.order[i], t.order[j] = t.order[j], t.order[i] })
			t.pos = 0
		}
		idx := t.order[t.pos]
		t.pos++
		t.x = t.data.Image(t.x, idx)
		t.model.Learn(t.x, t.data.Label(idx))
		t.seen++
	}
}

// Seen returns the number of images presented since Init.
func (t *Trainer) Seen() int { return t.seen }

// Epochs returns the number of passes over the training set made so far.
func (t *Trainer) Epochs() float64 {
	if t.data.Len() == 0 {
		return 0
	}
	return float64(t.seen) / float64(t.data.Len())
}

// Model returns the trained model.
func (t *Trainer) Model() Model { return t.model }
