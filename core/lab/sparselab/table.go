// Package sparselab is the sparse-rule lab: a hidden layer learning MNIST
// digits by a local, biologically constrained rule (competitive Hebbian
// learning with non-negative weights, homeostatic biases, silent synapses,
// an output layer trained by weight perturbation), trained side by side with
// the same-sized network trained by backpropagation.
//
// It is our reading of an abstract (Inoue, Röhrbein and Knoblauch 2026) and
// of a companion paper by the same group; the paper's equations are not
// public. Every design choice is a parameter of the table. The science lives
// in hebbplay/core/sparse; this package only drives it in slices and draws.
//
// The data, a packed MNIST subset (2 000 training and 1 000 test images,
// written by scripts/mnistpack into web/mnist-subset.bin), is not compiled
// in: the lab asks the frame for it ([lab.AssetUser]) when it is opened and
// shows the download's progress until it has arrived, then unpacks it in
// slices of a few milliseconds per frame ([lab.AssetUser]). Training, its
// measurements and the few-shot and robustness curves run in Web Workers
// (work.go).
//
// Views: the hidden units' receptive fields (a grid of 28×28 weight images),
// the first layer's weight histogram on a log axis with the fitted
// lognormal, gauges of accuracy, activity sparsity, silent synapses, Dale's
// law and lognormality for both models, and the accuracy curves against the
// number of training examples per class and against the size of input
// perturbations.
//
// Training restarts from the first example when a parameter of the models,
// the data or the seed changes (or on Reset); display, speed and measurement
// parameters leave it running. Given the configuration, the state after n
// training examples is the same however the examples were sliced into
// frames, so a permalink reproduces a run exactly.
package sparselab

import (
	"fmt"
	"strconv"

	"hebbplay/core/lab"
	"hebbplay/core/params"
	"hebbplay/core/sparse"
)

// defaultExamples is the default training length: with the defaults of
// sparse.DefaultConfig, seed 1 reaches 87 % test accuracy on the page's
// subset after 30 000 presentations (TestDefaultsReach85 checks at least 85 %).
// defaultPerFrame trains that many in under a minute at the default 30 slices
// per second (30 000 / (20·30) = 50 s when the computer keeps up).
const (
	defaultExamples = 30000
	defaultPerFrame = 20
)

// Limits of the playground.
const (
	maxHidden   = 400
	maxWinners  = 50
	maxExamples = 200_000
)

// trainKeys are the parameters that the trained models depend on: changing
// one restarts training from the first example.
var trainKeys = []string{
	"H", "k", "learners", "gain", "eta", "theta", "init_max", "hebb_images",
	"rho", "eta_b", "tau",
	"readout", "sigma", "rate", "nperturb", "eligible", "rbatch", "rsteps",
	"bp_rate", "bp_batch", "seed",
}

// table is the lab's parameter table; every line is one control.
var table = func() *params.Table {
	wp := "readout=wp|dopamine"
	d := sparse.DefaultConfig(sparse.DefaultHidden)
	num := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	ps := []params.Param{
		{Name: "H", Label: "Hidden units H", Type: params.Int, Min: 4, Max: maxHidden, Default: strconv.Itoa(d.Hidden), Group: "Network", Hideable: true,
			Help: "Hidden units of both models; each is drawn as one 28×28 receptive field."},
		{Name: "k", Label: "Winners k", Type: params.Int, Min: 1, Max: maxWinners, Default: strconv.Itoa(d.Winners), Group: "Network", Hideable: true,
			Help: "How many hidden units fire per image (k-winners-take-all): the activity sparsity is imposed, k/H."},
		{Name: "learners", Label: "Learning winners", Type: params.Int, Min: 0, Max: maxWinners, Default: "1", Group: "Network", Hideable: true,
			Help: "How many of the k winners, strongest first, learn from each image (0: all k). With one, co-winners do not drift to the same images."},
		{Name: "gain", Label: "Sigmoid gain g", Type: params.Float, Min: 0.5, Max: 50, Step: 0.5, Default: "10", Group: "Network", Hideable: true,
			Help: "Slope of the hidden units' sigmoid h = σ(g·(u + b)), u the cosine similarity of weights and image."},

		{Name: "eta", Label: "Hebbian rate η", Type: params.Float, Min: 0.001, Max: 1, Step: 0.001, Default: num(d.Eta), Group: "Hebbian layer", Hideable: true,
			Help: "Δw = η·h·(x − w) for the learning winners: each step moves the weights towards the image, so they stay in [0, 1] without clipping."},
		{Name: "theta", Label: "Silence threshold θ", Type: params.Float, Min: 0, Max: 0.1, Step: 0.0001, Default: "0.001", Group: "Hebbian layer", Hideable: true,
			Help: "Structural plasticity: a synapse whose weight falls below θ becomes silent (exactly 0) until a Hebbian step lifts it to θ again."},
		{Name: "init_max", Label: "Initial weights up to", Type: params.Float, Min: 0.001, Max: 1, Step: 0.001, Default: "0.1", Group: "Hebbian layer", Hideable: true,
			Help: "Hidden weights start uniform in [0, this]: small, positive and unstructured."},
		{Name: "hebb_images", Label: "Hebbian phase", Type: params.Int, Min: 0, Max: maxExamples, Step: 100, Default: "0", Unit: "images", Group: "Hebbian layer", Hideable: true,
			Help: "Images during which the hidden layer learns; afterwards only the output layer does (0: always)."},

		{Name: "rho", Label: "Homeostatic target ρ", Type: params.Float, Min: 0.05, Max: 0.95, Step: 0.05, Default: "0.5", Unit: "× k/H", Group: "Homeostasis", Hideable: true,
			Help: "Every unit's bias moves so that its running activity approaches ρ; given as a share of k/H, the highest mean activity reachable."},
		{Name: "eta_b", Label: "Homeostatic rate η_b", Type: params.Float, Min: 0, Max: 0.2, Step: 0.0005, Default: num(d.BiasRate), Group: "Homeostasis", Hideable: true,
			Help: "b ← b + η_b·(ρ − a): units that rarely win become more excitable, units that win too often less (0 switches homeostasis off). Too slow, and units that start far from every image never win (“dead units”, shown in the gauges); too fast, and the biases overshoot."},
		{Name: "tau", Label: "Activity time constant τ", Type: params.Float, Min: 1, Max: 10000, Step: 1, Default: num(d.Tau), Unit: "images", Group: "Homeostasis", Hideable: true,
			Help: "The running activity a ← a + (h − a)/τ averages over about τ images. A short τ lets a unit that has stopped winning feel it soon."},

		{Name: "readout", Label: "Output-layer optimizer", Type: params.Choice, Choices: sparse.Readouts,
			ChoiceLabels: []string{"weight perturbation (WP)", "Dopamine (WP, adaptive rate)", "SGD (exact gradient)", "Adam (exact gradient)"},
			Default:      "wp", Group: "Output layer", Hideable: true,
			Help: "How the 10 output units learn to read the sparse code. The design uses weight perturbation, which needs no gradient; the others are for comparison."},
		{Name: "sigma", Label: "Perturbation σ", Type: params.Float, Min: 0.0001, Max: 1, Step: 0.0001, Default: "0.01", Group: "Output layer", Hideable: true, ShowIf: wp,
			Help: "Standard deviation of the random weight perturbation ξ ~ N(0, σ²)."},
		{Name: "rate", Label: "Output learning rate", Type: params.Float, Min: 0, Max: 5, Step: 0.001, Default: "0.2", Group: "Output layer", Hideable: true,
			Help: "WP: W ← W + η·δ·ξ/σ² with δ the loss drop of the perturbation; Dopamine's η₀; SGD's η; Adam's step size."},
		{Name: "nperturb", Label: "Perturbations per step", Type: params.Int, Min: 1, Max: 16, Default: "1", Group: "Output layer", Hideable: true, ShowIf: wp,
			Help: "Perturbations averaged per weight-perturbation step."},
		{Name: "eligible", Label: "Perturb only active synapses", Type: params.Bool, Default: "true", Group: "Output layer", Hideable: true, ShowIf: wp,
			Help: "Perturb only the output synapses of hidden units active in the batch, the only ones its loss depends on."},
		{Name: "rbatch", Label: "Output batch", Type: params.Int, Min: 1, Max: 64, Default: "1", Unit: "images", Group: "Output layer", Hideable: true,
			Help: "Images per output-layer step."},
		{Name: "rsteps", Label: "Output steps per batch", Type: params.Int, Min: 1, Max: 32, Default: "8", Group: "Output layer", Hideable: true,
			Help: "Optimizer steps made on each batch."},

		{Name: "bp_rate", Label: "Backprop step size", Type: params.Float, Min: 0.00001, Max: 0.1, Step: 0.00001, Default: "0.001", Group: "Backprop baseline", Hideable: true,
			Help: "Adam's step size for the baseline, a 784–H–10 perceptron (tanh, sigmoid outputs) trained end to end by backpropagation."},
		{Name: "bp_batch", Label: "Backprop minibatch", Type: params.Int, Min: 1, Max: 128, Default: "16", Unit: "images", Group: "Backprop baseline", Hideable: true,
			Help: "Images per Adam step of the baseline."},

		{Name: "examples", Label: "Training examples", Type: params.Int, Min: 100, Max: maxExamples, Step: 100, Default: strconv.Itoa(defaultExamples), Group: "Training", Hideable: true,
			Help: "Images each model is trained on, drawn in a shuffled order from the 2 000 training images (reshuffled every pass). The default, 15 passes, takes the sparse Hebbian model past 85 % test accuracy."},
		{Name: "per_frame", Label: "Examples per frame", Type: params.Int, Min: 1, Max: 200, Default: strconv.Itoa(defaultPerFrame), Group: "Training", Hideable: true,
			Help: "Images each model learns per animation frame. More trains faster but can make the page stutter; the results do not depend on it."},
		{Name: "seed", Label: "Seed", Type: params.Int, Min: 0, Max: 1<<31 - 1, Default: "1", Group: "Training", Hideable: true,
			Help: "Seeds the initial weights, the perturbations, the order of the images and the few-shot subsets: the same settings and seed give the same run."},

		{Name: "test_n", Label: "Test images", Type: params.Int, Min: 100, Max: 1000, Step: 100, Default: "1000", Group: "Measurements", Hideable: true,
			Help: "Held-out test images for the accuracy and the activity sparsity."},
		{Name: "curve_n", Label: "Test images for the curves", Type: params.Int, Min: 50, Max: 1000, Step: 50, Default: "300", Group: "Measurements", Hideable: true,
			Help: "Test images measured at each point of the few-shot and robustness curves."},
		{Name: "few_presents", Label: "Few-shot training", Type: params.Int, Min: 100, Max: 20000, Step: 100, Default: "2000", Unit: "presentations", Group: "Measurements", Hideable: true,
			Help: "Presentations of the few training images for each point of the few-shot curve (at least one pass)."},

		{Name: "show", Label: "Fields and histogram of", Type: params.Choice, Choices: []string{"hebbian", "backprop"},
			ChoiceLabels: []string{"the sparse Hebbian model", "the backprop baseline"}, Default: "hebbian", Group: "Display", Hideable: true,
			Help: "Whose first-layer weights the receptive fields and the histogram show."},

		{Name: "speed", Label: "Training slices", Type: params.Float, Min: 1, Max: 60, Step: 1, Default: "30", Unit: "per s", Group: "Playback", Hideable: true,
			Help: "How many slices of “Examples per frame” are trained (and drawn) per second while running; 60 trains one slice per displayed frame. Fewer slices redraw less often, which helps slow graphics."},
		{Name: "autoplay", Label: "Train after each change", Type: params.Bool, Default: "true", Group: "Playback", Hideable: true,
			Help: "Start training (from the first example, if the models changed) as soon as the data has arrived and after every change."},
	}
	t := params.NewTable(ps...)
	t.Constrain = constrain
	return t
}()

// constrain enforces the rules between parameters: k ≤ H, learners ≤ k.
func constrain(v *params.Values) []string {
	var notes []string
	if v.Int("k") > v.Int("H") {
		v.Set("k", float64(v.Int("H")))
		notes = append(notes, fmt.Sprintf("k cannot exceed the %d hidden units; using %d.", v.Int("H"), v.Int("H")))
	}
	if v.Int("learners") > v.Int("k") {
		v.Set("learners", float64(v.Int("k")))
		notes = append(notes, fmt.Sprintf("Learning winners cannot exceed k; using %d.", v.Int("k")))
	}
	return notes
}

// Table returns the lab's parameter table (for tests and tools).
func Table() *params.Table { return table }

// modelConfig turns a configuration into the models' parameters.
func modelConfig(v params.Values) sparse.Config {
	H, k := v.Int("H"), v.Int("k")
	c := sparse.DefaultConfig(H)
	c.Winners = k
	c.Learners = v.Int("learners")
	c.Gain = v.Float("gain")
	c.Eta = v.Float("eta")
	c.Theta = v.Float("theta")
	c.InitMax = v.Float("init_max")
	c.HebbianImages = v.Int("hebb_images")
	c.Target = v.Float("rho") * float64(k) / float64(H)
	c.BiasRate = v.Float("eta_b")
	c.Tau = v.Float("tau")
	c.Readout = v.Choice("readout")
	c.Sigma = v.Float("sigma")
	c.ReadoutRate = v.Float("rate")
	c.Perturbations = v.Int("nperturb")
	c.EligibleOnly = v.Bool("eligible")
	c.ReadoutBatch = v.Int("rbatch")
	c.ReadoutSteps = v.Int("rsteps")
	c.BackpropRate = v.Float("bp_rate")
	c.BackpropBatch = v.Int("bp_batch")
	return c
}

// ensure the lab satisfies the optional interface it relies on.
var _ lab.AssetUser = (*Lab)(nil)
