package optim

import (
	"math"
	"math/rand/v2"
)

// perturber is what WP and Dopamine share: the noise source, the perturbation
// buffer and the estimate of the update direction.
type perturber struct {
	rnd *rand.Rand
	dim int
	xi  []float64 // the current perturbation ξ
	acc []float64 // Σ δ_k·ξ_k when more than one perturbation is averaged
}

// reset sizes the buffers for dim parameters and takes the noise source.
func (p *perturber) reset(dim int, rnd *rand.Rand) {
	p.rnd = rnd
	p.dim = dim
	p.xi = grow(p.xi, dim)
	p.acc = p.acc[:0]
}

// estimate measures the unperturbed loss l0 = L(w) and, for each of k
// perturbations ξ_j ~ N(0, σ²I), the RPE δ_j = l0 − L(w + ξ_j). It returns l0,
// the mean of δ_j, the mean of |δ_j|, and dir = (1/k)·Σ δ_j·ξ_j, which is a
// view of the optimizer's own buffer (the update is W ← W + rate·dir/σ²).
//
// The perturbed loss is evaluated with w perturbed in place and restored
// afterwards, so no second weight vector is needed; the restoration is exact up
// to the rounding of w+ξ−ξ (at most one unit in the last place).
func (p *perturber) estimate(w []float64, f Objective, sigma float64, k int) (l0, meanDelta, meanAbs float64, dir []float64) {
	if p.rnd == nil {
		panic("optim: perturbation optimizer used before Reset")
	}
	if k < 1 {
		panic("optim: perturbations per step must be at least 1")
	}
	if len(p.xi) != len(w) {
		p.reset(len(w), p.rnd)
	}
	l0 = f.Loss(w)
	if k > 1 {
		p.acc = zero(grow(p.acc, len(w)))
	}
	for j := 0; j < k; j++ {
		for i := range p.xi {
			p.xi[i] = sigma * p.rnd.NormFloat64()
			w[i] += p.xi[i]
		}
		delta := l0 - f.Loss(w)
		for i, x := range p.xi {
			w[i] -= x
		}
		meanDelta += delta
		meanAbs += math.Abs(delta)
		if k == 1 {
			// Reuse ξ as the direction: no second buffer for one perturbation.
			for i := range p.xi {
				p.xi[i] *= delta
			}
			return l0, delta, math.Abs(delta), p.xi
		}
		for i, x := range p.xi {
			p.acc[i] += delta * x
		}
	}
	inv := 1 / float64(k)
	for i := range p.acc {
		p.acc[i] *= inv
	}
	return l0, meanDelta * inv, meanAbs * inv, p.acc
}

// workBytes returns the bytes of the perturbation buffers for k perturbations
// per step: ξ alone for one, ξ and the accumulator for several.
func (p *perturber) workBytes(k int) int {
	if k > 1 {
		return 2 * float64Bytes * p.dim
	}
	return float64Bytes * p.dim
}

// WP is plain weight perturbation: δ = L(W) − L(W+ξ), ξ ~ N(0, σ²I),
// W ← W + η·δ·ξ/σ², with the update averaged over Perturbations draws per step.
// It makes 1 + Perturbations forward passes and no backward pass per step.
type WP struct {
	// Sigma is the standard deviation σ of each weight's perturbation.
	Sigma float64
	// Rate is the learning rate η.
	Rate float64
	// Perturbations is the number K ≥ 1 of perturbations averaged per step.
	Perturbations int

	p perturber
}

// Name returns "wp".
func (o *WP) Name() string { return "wp" }

// Reset sizes the perturbation for dim parameters and takes the noise source.
func (o *WP) Reset(dim int, rnd *rand.Rand) { o.p.reset(dim, rnd) }

// Step makes one weight-perturbation step on w.
func (o *WP) Step(w []float64, f Objective) Info {
	l0, delta, _, dir := o.p.estimate(w, f, o.Sigma, o.Perturbations)
	c := o.Rate / (o.Sigma * o.Sigma)
	for i, d := range dir {
		w[i] += c * d
	}
	return Info{Loss: l0, RPE: delta, Rate: o.Rate}
}

// Memory reports the perturbation buffers; WP keeps no activations.
func (o *WP) Memory(Objective) Memory {
	return Memory{Work: o.p.workBytes(o.Perturbations)}
}

// Dopamine is weight perturbation with a learning rate set by the reward
// prediction error, in this project's reading of Nambusubramaniyan et al.
// (2025); see the package documentation for the rule and its choices.
type Dopamine struct {
	// Sigma is the standard deviation σ of each weight's perturbation.
	Sigma float64
	// Eta0 is the base learning rate η₀.
	Eta0 float64
	// Beta is the decay β ∈ [0, 1) of the tonic baseline d̄.
	Beta float64
	// RMax caps the ratio |δ|/(d̄+ε), so η_t ≤ η₀·RMax.
	RMax float64
	// Epsilon guards the ratio against a zero baseline.
	Epsilon float64
	// Perturbations is the number K ≥ 1 of perturbations averaged per step.
	Perturbations int
	// BaselineFirst updates d̄ with the step's |δ| before computing η_t when
	// true; by default η_t uses the baseline of the previous steps.
	BaselineFirst bool

	p        perturber
	baseline float64 // the tonic baseline d̄
	started  bool    // whether d̄ has been initialised
}

// Name returns "dopamine".
func (o *Dopamine) Name() string { return "dopamine" }

// Reset clears the baseline, sizes the perturbation for dim parameters and
// takes the noise source.
func (o *Dopamine) Reset(dim int, rnd *rand.Rand) {
	o.p.reset(dim, rnd)
	o.baseline = 0
	o.started = false
}

// Baseline returns the tonic baseline d̄ after the last step.
func (o *Dopamine) Baseline() float64 { return o.baseline }

// NextRate feeds the magnitude m = |δ| of one step's RPE to the baseline and
// returns that step's learning rate η_t, following the definition in the
// package documentation. Step calls it once per step; it is exported so the
// schedule can be checked, or driven, on its own.
func (o *Dopamine) NextRate(m float64) float64 {
	if !o.started {
		o.baseline = m
		o.started = true
	}
	if o.BaselineFirst {
		o.baseline = o.Beta*o.baseline + (1-o.Beta)*m
	}
	rate := o.Eta0 * math.Min(m/(o.baseline+o.Epsilon), o.RMax)
	if !o.BaselineFirst {
		o.baseline = o.Beta*o.baseline + (1-o.Beta)*m
	}
	return rate
}

// Step makes one Dopamine step on w.
func (o *Dopamine) Step(w []float64, f Objective) Info {
	l0, delta, meanAbs, dir := o.p.estimate(w, f, o.Sigma, o.Perturbations)
	rate := o.NextRate(meanAbs)
	c := rate / (o.Sigma * o.Sigma)
	for i, d := range dir {
		w[i] += c * d
	}
	return Info{Loss: l0, RPE: delta, Rate: rate}
}

// Memory reports the perturbation buffers and the baseline (d̄ and its flag,
// counted as two float64 values); Dopamine keeps no activations.
func (o *Dopamine) Memory(Objective) Memory {
	return Memory{State: 2 * float64Bytes, Work: o.p.workBytes(o.Perturbations)}
}
