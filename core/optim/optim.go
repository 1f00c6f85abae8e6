// Package optim holds the four optimizers that the Dopamine lab compares (the
// sparse-rule lab uses them too, for its read-outs and baseline), all acting
// in place on one flat parameter vector: full-batch gradient descent (SGD)
// and Adam, which need the exact gradient, and plain weight perturbation (WP)
// and Dopamine, which only evaluate the loss.
//
// # Weight perturbation
//
// WP (Jabri and Flower 1992) estimates the gradient from loss differences
// alone. Each step draws a perturbation ξ ~ N(0, σ²I) over all weights and
// measures how much it helps,
//
//	δ = L(W) − L(W + ξ),
//
// then moves along the perturbation in proportion: W ← W + η·δ·ξ/σ². For small
// σ, δ ≈ −∇L·ξ, so E[δ·ξ/σ²] = −∇L and η plays the role of a gradient-descent
// learning rate, but the estimate is noisy in every direction orthogonal to
// the gradient, the more so the more weights there are.
//
// # Dopamine: our reading of an abstract
//
// Nambusubramaniyan, Safavi, Guru and Knoblauch (2025, "Dopamine-driven
// synaptic credit assignment in neural networks", arXiv:2510.22178) describe a derivative-free
// optimizer for WP learning that minimises a regret, a reward prediction error
// (RPE) between the outcome of the perturbed and of the unperturbed model, and
// uses that RPE to adapt the learning rate. Only the abstract is public, not
// the paper's equations. Dopamine here is this project's reading of it, and
// every choice in it is a visible parameter:
//
//   - the RPE is WP's δ (unperturbed loss minus perturbed loss: positive when
//     the perturbation was better than expected);
//   - a tonic baseline tracks the typical size of the RPE,
//     d̄ ← β·d̄ + (1−β)·|δ|, the way tonic dopamine is read as an average
//     (Niv, Daw, Joel and Dayan 2007);
//   - a phasic learning rate scales with the surprise relative to that
//     baseline, η_t = η₀·min(|δ|/(d̄+ε), r_max), and the weights move as in WP,
//     W ← W + η_t·δ·ξ/σ².
//
// With K perturbations per step, δ_k is measured for each perturbation against
// the same unperturbed loss, the update direction is the mean of δ_k·ξ_k/σ²,
// and |δ| above is the mean of |δ_k| (so K = 1 is exactly the rule above).
//
// The order of the two baseline operations is a choice the abstract leaves
// open. By default (BaselineFirst false) η_t compares |δ_t| with the baseline
// formed from the steps before it, d̄_{t−1}, and only then is d̄ updated with
// |δ_t|: the baseline is a prediction made before the outcome, as in an RPE.
// With BaselineFirst true, d̄_t is updated first and η_t = η₀·|δ_t|/(d̄_t+ε),
// which bounds the ratio by 1/(1−β) even without r_max. The baseline starts at
// the first step's |δ|, so the first ratio is 1 rather than |δ|/ε.
//
// What the rule does, in our analysis: for small σ, δ ≈ −σ|∇L|·u with
// u ~ N(0, 1), and a steady baseline is d̄ ≈ E|δ| = σ|∇L|·√(2/π). The ratio
// |δ|/d̄ averages 1, but it is large exactly when ξ happens to point along the
// gradient, so the mean update along −∇L is η₀·|∇L|·E|u|³/E|u| = 2·η₀·|∇L|:
// at equal rates Dopamine moves twice as far along the gradient as WP
// (TestDopamineGainAlongGradient checks this), with more noise across it,
// and since the update grows like |δ|·δ, rare large RPEs (from curvature, not
// slope) make large jumps, up to r_max times WP's.
//
// # Counting
//
// Optimizers call the Objective; wrap it in a Counter to count forward passes
// (Loss calls, and the forward half of LossGrad) and backward passes
// (LossGrad calls). Memory reports the bytes each optimizer needs beyond the
// weights themselves.
//
// References:
//   - S. Nambusubramaniyan, S. Safavi, R. Guru, A. Knoblauch,
//     "Dopamine-driven synaptic credit assignment in neural networks",
//     arXiv:2510.22178 (2025).
//   - M. Jabri, B. Flower, "Weight perturbation: an optimal architecture and
//     learning technique for analog VLSI feedforward and recurrent multilayer
//     networks", IEEE Trans. Neural Networks 3(1):154–157 (1992).
//   - D. P. Kingma, J. Ba, "Adam: a method for stochastic optimization",
//     ICLR 2015, arXiv:1412.6980.
//   - W. Schultz, P. Dayan, P. R. Montague, "A neural substrate of prediction
//     and reward", Science 275:1593–1599 (1997).
//   - Y. Niv, N. D. Daw, D. Joel, P. Dayan, "Tonic dopamine: opportunity costs
//     and the control of response vigor", Psychopharmacology 191:507–520 (2007).
package optim

import "math/rand/v2"

// Objective is a loss over a flat parameter vector.
type Objective interface {
	// Loss returns L(w): one forward pass.
	Loss(w []float64) float64
	// LossGrad stores ∇L(w) in grad and returns L(w): one forward and one
	// backward pass.
	LossGrad(grad, w []float64) float64
	// ActivationBytes returns the bytes of activations that LossGrad keeps
	// for its backward pass.
	ActivationBytes() int
}

// Info describes one optimizer step.
type Info struct {
	// Loss is L(W) before the update, as the optimizer measured it.
	Loss float64
	// RPE is the reward prediction error δ = L(W) − L(W+ξ) of a perturbation
	// method, averaged over the step's perturbations; 0 for gradient methods.
	RPE float64
	// Rate is the learning rate the step used: η_t for Dopamine, the fixed
	// rate for the others.
	Rate float64
}

// Memory is the memory an optimizer needs beyond the weights, in bytes.
type Memory struct {
	// State is what persists between steps: Adam's two moments, Dopamine's
	// baseline.
	State int
	// Work is the per-step vectors: the gradient of SGD and Adam, the
	// perturbation ξ of WP and Dopamine (and its accumulator when several
	// perturbations are averaged).
	Work int
	// Activations is what backpropagation keeps from the forward pass; zero
	// for the perturbation methods, whose forward passes keep nothing.
	Activations int
}

// Total returns the sum of the memory's parts.
func (m Memory) Total() int { return m.State + m.Work + m.Activations }

// Optimizer updates a parameter vector in place to lower an Objective.
type Optimizer interface {
	// Name returns the optimizer's short name ("sgd", "adam", "wp", "dopamine").
	Name() string
	// Reset clears the optimizer's state and sizes it for dim parameters.
	// Perturbation methods draw their noise from rnd; gradient methods ignore it.
	Reset(dim int, rnd *rand.Rand)
	// Step makes one update of w using f and reports it.
	Step(w []float64, f Objective) Info
	// Memory returns the optimizer's memory for objective f, as sized by the
	// last Reset.
	Memory(f Objective) Memory
}

// Counter wraps an Objective and counts the passes made through it.
type Counter struct {
	Objective
	// Forward counts forward passes: one per Loss call and one per LossGrad call.
	Forward int
	// Backward counts backward passes: one per LossGrad call.
	Backward int
}

// Loss counts one forward pass and returns the wrapped objective's loss.
func (c *Counter) Loss(w []float64) float64 {
	c.Forward++
	return c.Objective.Loss(w)
}

// LossGrad counts one forward and one backward pass and returns the wrapped
// objective's loss and gradient.
func (c *Counter) LossGrad(grad, w []float64) float64 {
	c.Forward++
	c.Backward++
	return c.Objective.LossGrad(grad, w)
}

// float64Bytes is the size of one parameter.
const float64Bytes = 8
