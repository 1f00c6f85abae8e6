// Package task holds the two tasks of the Dopamine lab, each wrapping a
// network of package nn into an objective that the optimizers of package optim
// minimise: XOR on a 2–H–1 perceptron, and one-step-ahead prediction of the
// Mackey–Glass series on a 1–H–1 Elman network.
package task

import (
	"math/rand/v2"

	"hebbplay/core/nn"
)

// XOR is the exclusive-or problem on the four binary input pairs (Rumelhart,
// Hinton and Williams 1986, in Parallel Distributed Processing vol. 1, ch. 8),
// learnt by a 2–Hidden–1 perceptron with tanh hidden units and a sigmoid
// output under the mean squared error over the four points.
type XOR struct {
	// Net is the perceptron.
	Net *nn.MLP
	// X holds the four input pairs, T the four targets.
	X, T []float64
}

// XORInputs lists the four XOR input pairs, flat, in the order of XORTargets.
var XORInputs = [8]float64{0, 0, 0, 1, 1, 0, 1, 1}

// XORTargets lists the XOR targets of XORInputs.
var XORTargets = [4]float64{0, 1, 1, 0}

// NewXOR returns the XOR task for a perceptron with hidden tanh units.
func NewXOR(hidden int) *XOR {
	x, t := XORInputs, XORTargets
	return &XOR{
		Net: nn.NewMLP(2, hidden, 1, nn.Sigmoid),
		X:   x[:],
		T:   t[:],
	}
}

// Dim returns the number of parameters.
func (p *XOR) Dim() int { return p.Net.NumParams() }

// Init draws initial parameters into w (see nn.MLP.Init).
func (p *XOR) Init(w []float64, rnd *rand.Rand) { p.Net.Init(w, rnd) }

// Loss returns the mean squared error over the four points: one forward pass.
func (p *XOR) Loss(w []float64) float64 { return p.Net.Loss(w, p.X, p.T) }

// LossGrad stores the gradient of Loss in grad and returns the loss: one
// forward and one backward pass.
func (p *XOR) LossGrad(grad, w []float64) float64 { return p.Net.LossGrad(grad, w, p.X, p.T) }

// ActivationBytes returns the activations backprop keeps for the four points.
func (p *XOR) ActivationBytes() int { return p.Net.ActivationBytes(len(p.T)) }

// Outputs stores the network's outputs on the four points in dst and returns it.
func (p *XOR) Outputs(dst, w []float64) []float64 { return p.Net.Predict(dst, w, p.X) }

// Surface evaluates the network on an n×n grid over [lo, hi]² and stores the
// outputs in dst (reused when large enough), which it returns: dst[iy*n+ix] is
// the output at x0 = lo + (hi−lo)·ix/(n−1), x1 = lo + (hi−lo)·iy/(n−1), so row 0
// is the bottom edge x1 = lo. Outputs lie in (0, 1). It needs n ≥ 2.
func (p *XOR) Surface(dst, w []float64, n int, lo, hi float64) []float64 {
	if n < 2 {
		panic("task: XOR surface needs n ≥ 2")
	}
	if cap(dst) < n*n {
		dst = make([]float64, n*n)
	}
	dst = dst[:n*n]
	var in [2]float64
	var out [1]float64
	step := (hi - lo) / float64(n-1)
	for iy := 0; iy < n; iy++ {
		in[1] = lo + step*float64(iy)
		for ix := 0; ix < n; ix++ {
			in[0] = lo + step*float64(ix)
			p.Net.Predict(out[:], w, in[:])
			dst[iy*n+ix] = out[0]
		}
	}
	return dst
}
