package optim

import (
	"math"
	"math/rand/v2"
)

// SGD is plain gradient descent, W ← W − η·∇L(W). In this lab it always sees
// the whole training set (the four XOR points, the whole training sequence),
// so it is full-batch gradient descent; the name follows the specification.
type SGD struct {
	// Rate is the learning rate η.
	Rate float64

	grad []float64
}

// Name returns "sgd".
func (o *SGD) Name() string { return "sgd" }

// Reset sizes the gradient buffer for dim parameters.
func (o *SGD) Reset(dim int, _ *rand.Rand) { o.grad = grow(o.grad, dim) }

// Step makes one gradient-descent step on w.
func (o *SGD) Step(w []float64, f Objective) Info {
	o.grad = grow(o.grad, len(w))
	loss := f.LossGrad(o.grad, w)
	for i, g := range o.grad {
		w[i] -= o.Rate * g
	}
	return Info{Loss: loss, Rate: o.Rate}
}

// Memory reports the gradient buffer and the activations backprop keeps.
func (o *SGD) Memory(f Objective) Memory {
	return Memory{Work: float64Bytes * len(o.grad), Activations: f.ActivationBytes()}
}

// Adam is the optimizer of Kingma and Ba (2015, Algorithm 1) with bias
// correction:
//
//	m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,
//	W ← W − η·m̂/(√v̂ + ε),  m̂ = m/(1−β1^t),  v̂ = v/(1−β2^t).
type Adam struct {
	// Rate is the step size η (the paper's α).
	Rate float64
	// Beta1 and Beta2 are the moments' decay rates; the paper's defaults are
	// 0.9 and 0.999.
	Beta1, Beta2 float64
	// Epsilon guards the division; the paper's default is 1e-8.
	Epsilon float64

	t    int
	m, v []float64
	grad []float64
}

// NewAdam returns Adam with step size rate and the paper's defaults for the
// other constants.
func NewAdam(rate float64) *Adam {
	return &Adam{Rate: rate, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8}
}

// Name returns "adam".
func (o *Adam) Name() string { return "adam" }

// Reset zeroes the moments and the step count and sizes them for dim
// parameters.
func (o *Adam) Reset(dim int, _ *rand.Rand) {
	o.t = 0
	o.m = zero(grow(o.m, dim))
	o.v = zero(grow(o.v, dim))
	o.grad = grow(o.grad, dim)
}

// Step makes one Adam step on w.
func (o *Adam) Step(w []float64, f Objective) Info {
	if len(o.m) != len(w) {
		o.Reset(len(w), nil)
	}
	loss := f.LossGrad(o.grad, w)
	o.t++
	c1 := 1 - math.Pow(o.Beta1, float64(o.t))
	c2 := 1 - math.Pow(o.Beta2, float64(o.t))
	for i, g := range o.grad {
		o.m[i] = o.Beta1*o.m[i] + (1-o.Beta1)*g
		o.v[i] = o.Beta2*o.v[i] + (1-o.Beta2)*g*g
		w[i] -= o.Rate * (o.m[i] / c1) / (math.Sqrt(o.v[i]/c2) + o.Epsilon)
	}
	return Info{Loss: loss, Rate: o.Rate}
}

// Memory reports the two moments, the gradient buffer and the activations
// backprop keeps.
func (o *Adam) Memory(f Objective) Memory {
	return Memory{
		State:       float64Bytes * (len(o.m) + len(o.v)),
		Work:        float64Bytes * len(o.grad),
		Activations: f.ActivationBytes(),
	}
}

// grow returns buf resliced to length n, reallocating only when too small.
func grow(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}

// zero sets every element of buf to 0 and returns it.
func zero(buf []float64) []float64 {
	for i := range buf {
		buf[i] = 0
	}
	return buf
}
