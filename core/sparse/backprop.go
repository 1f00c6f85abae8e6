package sparse

import (
	"math/rand/v2"

	"hebbplay/core/nn"
	"hebbplay/core/optim"
	"hebbplay/core/sparse/mnist"
)

// Backprop is the baseline: a 784–Hidden–10 perceptron (tanh hidden units,
// sigmoid outputs, mean squared error against the one-hot label) trained end
// to end by backpropagation with Adam on minibatches. The network, its
// gradient and the optimizer are the Dopamine lab's (nn.MLP, optim.Adam).
//
// Like nn.MLP, a Backprop value reuses scratch buffers and must not be used
// by several goroutines at once.
type Backprop struct {
	cfg   Config
	mlp   *nn.MLP
	w     []float64
	opt   optim.Optimizer
	batch mlpBatch
	seen  int

	h, dh []float64 // scratch for Hidden and InputGrad
	y     []float64
}

// mlpBatch is a minibatch of the MLP as an optim.Objective.
type mlpBatch struct {
	mlp  *nn.MLP
	x, t []float64 // n·784 inputs, n·10 one-hot targets
}

// Loss returns the batch's mean squared error.
func (b *mlpBatch) Loss(w []float64) float64 { return b.mlp.Loss(w, b.x, b.t) }

// LossGrad stores the batch's gradient in grad and returns its loss.
func (b *mlpBatch) LossGrad(grad, w []float64) float64 { return b.mlp.LossGrad(grad, w, b.x, b.t) }

// ActivationBytes returns the activations backprop keeps for the batch.
func (b *mlpBatch) ActivationBytes() int { return b.mlp.ActivationBytes(len(b.t) / Classes) }

// NewBackprop returns the baseline for cfg (Hidden, BackpropRate and
// BackpropBatch), initialised with seed 0.
func NewBackprop(cfg Config) (*Backprop, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	mlp := nn.NewMLP(mnist.Pixels, cfg.Hidden, Classes, nn.Sigmoid)
	m := &Backprop{
		cfg:   cfg,
		mlp:   mlp,
		w:     make([]float64, mlp.NumParams()),
		opt:   optim.NewAdam(cfg.BackpropRate),
		batch: mlpBatch{mlp: mlp},
	}
	m.Init(0)
	return m, nil
}

// Name returns "backprop".
func (m *Backprop) Name() string { return "backprop" }

// Init draws the weights with nn.MLP.Init from the seed's weight stream and
// resets Adam.
func (m *Backprop) Init(seed uint64) {
	m.mlp.Init(m.w, rand.New(rand.NewPCG(seed, streamWeights)))
	m.opt.Reset(len(m.w), nil)
	m.batch.x, m.batch.t = m.batch.x[:0], m.batch.t[:0]
	m.seen = 0
}

// Learn adds (x, label) to the minibatch and makes an Adam step when the
// minibatch is full.
func (m *Backprop) Learn(x []float64, label int) {
	m.batch.x = append(m.batch.x, x...)
	for k := 0; k < Classes; k++ {
		m.batch.t = append(m.batch.t, target(k, label))
	}
	if len(m.batch.t) >= Classes*m.cfg.BackpropBatch {
		m.opt.Step(m.w, &m.batch)
		m.batch.x, m.batch.t = m.batch.x[:0], m.batch.t[:0]
	}
	m.seen++
}

// split returns views of the MLP's four parameter blocks, in the layout
// documented by nn.MLP: W1 (Hidden×784), b1, W2 (10×Hidden), b2.
func (m *Backprop) split() (w1, b1, w2, b2 []float64) {
	H, in := m.cfg.Hidden, mnist.Pixels
	o := 0
	w1, o = m.w[o:o+H*in], o+H*in
	b1, o = m.w[o:o+H], o+H
	w2, o = m.w[o:o+Classes*H], o+Classes*H
	b2 = m.w[o : o+Classes]
	return w1, b1, w2, b2
}

// Scores stores the 10 outputs for x in dst and returns dst.
func (m *Backprop) Scores(dst, x []float64) []float64 {
	return m.mlp.Predict(dst, m.w, x)
}

// Hidden stores the tanh hidden activities for x in dst and returns dst.
func (m *Backprop) Hidden(dst, x []float64) []float64 {
	w1, b1, _, _ := m.split()
	dst = grow(dst, m.cfg.Hidden)
	for j := range dst {
		s := b1[j]
		for i, xi := range x {
			if xi != 0 {
				s += w1[j*mnist.Pixels+i] * xi
			}
		}
		dst[j] = nn.Tanh(s)
	}
	return dst
}

// InputGrad stores in dst the gradient of the squared error for (x, label)
// with respect to x, by backpropagation down to the input, and returns dst.
// (nn.MLP computes gradients with respect to its weights only; this is the
// same chain rule carried one layer further.)
func (m *Backprop) InputGrad(dst, x []float64, label int) []float64 {
	w1, _, w2, b2 := m.split()
	H := m.cfg.Hidden
	m.h = m.Hidden(m.h, x)
	m.y = grow(m.y, Classes)
	m.dh = grow(m.dh, H)
	clear(m.dh)
	for k := range m.y {
		s := b2[k]
		row := w2[k*H : (k+1)*H]
		for j, hj := range m.h {
			s += row[j] * hj
		}
		y := sigmoid(s)
		dz := 2.0 / Classes * (y - target(k, label)) * y * (1 - y)
		for j := range m.dh {
			m.dh[j] += dz * row[j]
		}
	}
	dst = grow(dst, len(x))
	clear(dst)
	for j, hj := range m.h {
		da := m.dh[j] * (1 - hj*hj)
		row := w1[j*mnist.Pixels : (j+1)*mnist.Pixels]
		for i := range dst {
			dst[i] += da * row[i]
		}
	}
	return dst
}

// Layers returns W1 (input→hidden) and W2 (hidden→output), live views.
func (m *Backprop) Layers() []Layer {
	w1, _, w2, _ := m.split()
	return []Layer{
		{Name: "input→hidden", Post: m.cfg.Hidden, Pre: mnist.Pixels, W: w1},
		{Name: "hidden→output", Post: Classes, Pre: m.cfg.Hidden, W: w2},
	}
}

// ReceptiveFields returns W1, Hidden rows of 784 signed weights (a live
// view), for the same grid view as the Hebbian model's.
func (m *Backprop) ReceptiveFields() []float64 {
	w1, _, _, _ := m.split()
	return w1
}
