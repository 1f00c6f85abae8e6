package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Activation selects the nonlinearity of a network's output units.
type Activation int

const (
	// Identity leaves the output linear, for regression.
	Identity Activation = iota
	// Sigmoid squashes the output into (0, 1), as for XOR's 0/1 targets.
	Sigmoid
)

// String returns the activation's name.
func (a Activation) String() string {
	switch a {
	case Identity:
		return "identity"
	case Sigmoid:
		return "sigmoid"
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}

// apply returns the activation of z.
func (a Activation) apply(z float64) float64 {
	if a == Sigmoid {
		return 1 / (1 + exp(-z))
	}
	return z
}

// deriv returns the derivative of the activation at the point whose output is y.
func (a Activation) deriv(y float64) float64 {
	if a == Sigmoid {
		return y * (1 - y)
	}
	return 1
}

// MLP is a perceptron with one hidden layer of tanh units:
//
//	h = tanh(W1·x + b1),  y = f(W2·h + b2),
//
// with f the output activation. Its loss is the mean squared error over a
// batch of examples and output units, L = 1/(n·Out) · Σ (y − t)².
//
// The parameter vector w has NumParams() = Hidden·In + Hidden + Out·Hidden + Out
// entries, laid out as
//
//	w[0 : Hidden·In]           W1, row-major: W1[j*In+i] is input i → hidden j
//	next Hidden entries        b1
//	next Out·Hidden entries    W2, row-major: W2[k*Hidden+j] is hidden j → output k
//	last Out entries           b2
//
// Batches are flat too: x holds n examples of In values, t and the outputs n
// examples of Out values.
type MLP struct {
	// In, Hidden and Out are the numbers of inputs, hidden units and outputs.
	In, Hidden, Out int
	// Output is the output units' activation.
	Output Activation

	// Scratch, reused between calls.
	h  []float64 // n×Hidden hidden activations kept for the backward pass
	y  []float64 // n×Out outputs kept for the backward pass
	dh []float64 // Hidden: error at one example's hidden units
}

// NewMLP returns an In–Hidden–Out perceptron with the given output activation.
// It panics if a size is not positive.
func NewMLP(in, hidden, out int, output Activation) *MLP {
	if in <= 0 || hidden <= 0 || out <= 0 {
		panic("nn: MLP sizes must be positive")
	}
	return &MLP{In: in, Hidden: hidden, Out: out, Output: output}
}

// NumParams returns the length of the parameter vector.
func (m *MLP) NumParams() int {
	return m.Hidden*m.In + m.Hidden + m.Out*m.Hidden + m.Out
}

// split returns views of w's four blocks.
func (m *MLP) split(w []float64) (w1, b1, w2, b2 []float64) {
	if len(w) != m.NumParams() {
		panic(fmt.Sprintf("nn: MLP parameter length %d, want %d", len(w), m.NumParams()))
	}
	o := 0
	w1 = w[o : o+m.Hidden*m.In]
	o += m.Hidden * m.In
	b1 = w[o : o+m.Hidden]
	o += m.Hidden
	w2 = w[o : o+m.Out*m.Hidden]
	o += m.Out * m.Hidden
	b2 = w[o : o+m.Out]
	return w1, b1, w2, b2
}

// Init draws every weight and bias from U(−1/√fan_in, 1/√fan_in), the default
// initialisation of PyTorch's nn.Linear (torch/nn/modules/linear.py,
// reset_parameters), where fan_in is the number of inputs of the receiving unit.
func (m *MLP) Init(w []float64, rnd *rand.Rand) {
	w1, b1, w2, b2 := m.split(w)
	uniform(w1, 1/math.Sqrt(float64(m.In)), rnd)
	uniform(b1, 1/math.Sqrt(float64(m.In)), rnd)
	uniform(w2, 1/math.Sqrt(float64(m.Hidden)), rnd)
	uniform(b2, 1/math.Sqrt(float64(m.Hidden)), rnd)
}

// uniform fills dst with draws from U(−a, a).
func uniform(dst []float64, a float64, rnd *rand.Rand) {
	for i := range dst {
		dst[i] = a * (2*rnd.Float64() - 1)
	}
}

// batch returns the number of examples in x and checks t against it.
func (m *MLP) batch(x, t []float64) int {
	if len(x)%m.In != 0 {
		panic("nn: MLP input length is not a multiple of In")
	}
	n := len(x) / m.In
	if t != nil && len(t) != n*m.Out {
		panic("nn: MLP target length does not match the inputs")
	}
	return n
}

// grow returns buf resliced to length n, reallocating only when too small.
func grow(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}

// forward computes one example's hidden activations into h and outputs into y.
func (m *MLP) forward(h, y, w1, b1, w2, b2, x []float64) {
	for j := range h {
		s := b1[j]
		row := w1[j*m.In : (j+1)*m.In]
		for i, xi := range x {
			s += row[i] * xi
		}
		h[j] = tanh(s)
	}
	for k := range y {
		s := b2[k]
		row := w2[k*m.Hidden : (k+1)*m.Hidden]
		for j, hj := range h {
			s += row[j] * hj
		}
		y[k] = m.Output.apply(s)
	}
}

// Predict stores in dst the outputs for the n examples in x and returns dst,
// reusing dst's storage when it is large enough. It keeps only one example's
// activations at a time.
func (m *MLP) Predict(dst, w, x []float64) []float64 {
	n := m.batch(x, nil)
	w1, b1, w2, b2 := m.split(w)
	dst = grow(dst, n*m.Out)
	m.h = grow(m.h, m.Hidden)
	for e := 0; e < n; e++ {
		m.forward(m.h[:m.Hidden], dst[e*m.Out:(e+1)*m.Out], w1, b1, w2, b2, x[e*m.In:(e+1)*m.In])
	}
	return dst
}

// Loss returns the mean squared error of the network on inputs x against
// targets t: one forward pass over the batch, keeping one example's
// activations at a time.
func (m *MLP) Loss(w, x, t []float64) float64 {
	n := m.batch(x, t)
	w1, b1, w2, b2 := m.split(w)
	m.h = grow(m.h, m.Hidden)
	m.y = grow(m.y, m.Out)
	var sum float64
	for e := 0; e < n; e++ {
		m.forward(m.h[:m.Hidden], m.y[:m.Out], w1, b1, w2, b2, x[e*m.In:(e+1)*m.In])
		for k, yk := range m.y[:m.Out] {
			d := yk - t[e*m.Out+k]
			sum += d * d
		}
	}
	return sum / float64(n*m.Out)
}

// LossGrad stores in grad the gradient of the mean squared error with respect
// to w, by backpropagation, and returns the loss. It keeps the activations of
// the whole batch for the backward pass (ActivationBytes reports their size).
func (m *MLP) LossGrad(grad, w, x, t []float64) float64 {
	n := m.batch(x, t)
	if len(grad) != len(w) {
		panic("nn: MLP gradient length does not match the parameters")
	}
	w1, b1, w2, b2 := m.split(w)
	g1, gb1, g2, gb2 := m.split(grad)
	for i := range grad {
		grad[i] = 0
	}
	m.h = grow(m.h, n*m.Hidden)
	m.y = grow(m.y, n*m.Out)
	m.dh = grow(m.dh, m.Hidden)

	// Forward pass over the batch, keeping activations.
	for e := 0; e < n; e++ {
		m.forward(m.h[e*m.Hidden:(e+1)*m.Hidden], m.y[e*m.Out:(e+1)*m.Out], w1, b1, w2, b2, x[e*m.In:(e+1)*m.In])
	}

	// Backward pass.
	scale := 2 / float64(n*m.Out)
	var sum float64
	for e := 0; e < n; e++ {
		h := m.h[e*m.Hidden : (e+1)*m.Hidden]
		xe := x[e*m.In : (e+1)*m.In]
		for j := range m.dh {
			m.dh[j] = 0
		}
		for k := 0; k < m.Out; k++ {
			yk := m.y[e*m.Out+k]
			d := yk - t[e*m.Out+k]
			sum += d * d
			dz := scale * d * m.Output.deriv(yk) // ∂L/∂(W2·h + b2)_k
			gb2[k] += dz
			row := w2[k*m.Hidden : (k+1)*m.Hidden]
			g2Row := g2[k*m.Hidden : (k+1)*m.Hidden]
			for j, hj := range h {
				g2Row[j] += dz * hj
				m.dh[j] += dz * row[j]
			}
		}
		for j, hj := range h {
			da := m.dh[j] * (1 - hj*hj) // tanh′ = 1 − tanh²
			gb1[j] += da
			g1Row := g1[j*m.In : (j+1)*m.In]
			for i, xi := range xe {
				g1Row[i] += da * xi
			}
		}
	}
	return sum / float64(n*m.Out)
}

// ActivationBytes returns the bytes of activations that LossGrad keeps for
// the backward pass on a batch of n examples: n·(Hidden + Out) float64 values.
func (m *MLP) ActivationBytes(n int) int {
	return 8 * n * (m.Hidden + m.Out)
}
