// Package sparse is the core of the sparse-rule lab: a network whose hidden
// layer learns by a local, biologically constrained rule on MNIST, set
// against the same-sized network trained end to end by backpropagation, and
// the measurements that show what the rule does to its weights and activity.
//
// # The concept
//
// Inoue, Röhrbein and Knoblauch (2026, "Guiding sparse neural networks with
// neurobiological principles to elicit biologically plausible
// representations", arXiv:2603.03234) report a learning rule that yields sparse activity,
// lognormal weight distributions and Dale's law (each neuron's outgoing
// synapses share one sign) without enforcing any of them, and that is more
// robust to adversarial attacks and better at few-shot learning than
// backpropagation. A companion paper by the same group names the rule's
// ingredients: competitive excitatory Hebbian learning with non-negative
// weights, homeostatic plasticity of the biases, weight perturbation at the
// output layer and structural plasticity (silent synapses). Only the abstract
// was available to us, not the equations: what follows is this project's
// reading of it, and every choice is a parameter of [Config], so a user who
// knows better can change it.
//
// # The rule, as implemented
//
// Hidden layer: H units with non-negative weights w_j ∈ [0,1]^784 and biases
// b_j. For an image x ∈ [0,1]^784 each unit's drive is the cosine similarity
// u_j = w_j·x / (|w_j|·|x|) ∈ [0, 1]; the k units with the largest u_j + b_j
// win (k-winners-take-all) and fire h_j = σ(g·(u_j + b_j)), the others stay
// at 0. Cosine similarity rather than the raw dot product keeps a unit with
// large weights everywhere from winning every image (Rumelhart and Zipser
// 1985 normalised their weights for the same reason).
//
// Competitive Hebbian learning for the winners (Rumelhart and Zipser 1985;
// Grossberg's instar rule):
//
//	Δw_ij = η·h_j·(x_i − w_ij).
//
// Each step replaces w_ij by the convex combination (1 − η·h_j)·w_ij +
// η·h_j·x_i, so with x_i ≥ 0 and η·h_j ≤ 1 the weights stay non-negative
// (and at most 1) with no clipping: excitatory synapses stay excitatory. By
// default only the strongest winner learns (Config.Learners = 1) while all k
// fire: when every winner learns from the same image, co-winners drift
// towards the same images and end up as near-copies, so H units act as about
// H/k prototypes (on 10 000 MNIST images, 100 units and k = 5, a linear
// readout reached 0.75 with all winners learning and 0.81 with one).
//
// Homeostatic plasticity of the biases, a "conscience" in the sense of
// DeSieno (1988) and a form of Turrigiano's (2008) homeostatic plasticity:
// every unit keeps a running activity a_j ← a_j + (h_j − a_j)/τ and moves
// its bias towards the target rate ρ,
//
//	b_j ← b_j + η_b·(ρ − a_j),
//
// so units that rarely win become more excitable and units that win too often
// less; since k units fire per image, ρ must stay below k/H. A unit that wins
// no image at all is dead (DeadFraction counts them): random initial weights
// lie far from every digit, and until its bias has grown enough such a unit
// takes no part in the code, so the pace of homeostasis (η_b, τ) decides how
// many units the layer really uses (see DefaultConfig).
//
// Structural plasticity: after each update a synapse whose weight falls below
// θ is set to zero, a silent synapse; it wakes again only if one Hebbian step
// lifts it to θ or more. The fraction of silent synapses is counted.
//
// Output layer: 10 sigmoid units read the sparse hidden code,
// o = σ(V·h + c), trained on the mean squared error against the one-hot label
// by weight perturbation (W ← W + η·δ·ξ/σ², δ = L(W) − L(W+ξ)), reusing the
// Dopamine lab's optimizer (hebbplay/core/optim.WP; Dopamine, SGD and
// Adam are options for comparison). By default (Config.EligibleOnly) only the
// output synapses of the hidden units active in the current batch are
// perturbed: the batch's loss does not depend on the others, so perturbing
// them would only add a random walk, and with k = 5 active units a
// one-image batch leaves 60 of the 1 010 weights to search instead of all.
//
// Baseline: a 784–H–10 perceptron of the same shape and loss, trained end to
// end by backpropagation with Adam, reusing hebbplay/core/nn.MLP
// (tanh hidden units, sigmoid outputs).
//
// # What is measured
//
// Activity sparsity (population and lifetime sparseness, Vinje and Gallant
// 2000); the weight distribution on a log axis with a fitted lognormal (μ, σ)
// and its Kolmogorov–Smirnov distance, next to that of a fitted normal; the
// sign consistency of each presynaptic unit's outgoing weights (Dale's law);
// the silent fraction; test accuracy; accuracy against the number of labelled
// training examples per class (few-shot); accuracy under input perturbations
// of growing size ε: random ±ε noise, and the fast gradient sign method (FGSM,
// Goodfellow, Shlens and Szegedy 2015). The hidden layer's gradient exists
// almost everywhere (the winners are fixed for small changes of x), so FGSM
// applies to both models; because that gradient ignores the switching of
// winners, FGSM transferred from the other model's gradient is measured too,
// as a check on gradient masking (Athalye, Carlini and Wagner 2018).
//
// Few-shot learning can be read two ways, and both are offered: each model
// trained on the few labelled images alone, or (FrozenCopy) the Hebbian layer
// learnt without labels from all training images and only the output layer
// trained on the few labelled ones. Only the second uses what a local,
// label-free rule is good for; the backprop baseline cannot use unlabelled
// images.
//
// Note what is and is not emergent here: the activity sparsity of the hidden
// layer is imposed by k-winners-take-all, and the non-negativity of the first
// layer (hence its sign consistency) follows from the rule; the weight
// distribution, the silent fraction and the sign structure of the output
// layer are not imposed, and are what the measurements test.
//
// # Using it
//
// [NewHebbian] and [NewBackprop] build the two models from a [Config]; a
// [Trainer] presents training images to a model in slices (Init(seed), then
// Step(n) as often as a browser frame allows). Everything is deterministic
// given the seed: each model draws from its own PCG streams (math/rand/v2).
// [Evaluate], [Robustness], [TransferFGSM] and [FewShot] measure;
// [Hebbian.ReceptiveFields] and [LogHistogram] feed the views.
//
// References:
//   - P. Inoue, F. Röhrbein, A. Knoblauch, "Guiding sparse neural networks
//     with neurobiological principles to elicit biologically plausible
//     representations", arXiv:2603.03234 (2026); only its abstract was
//     used here.
//   - D. E. Rumelhart, D. Zipser, "Feature discovery by competitive
//     learning", Cognitive Science 9:75–112 (1985).
//   - D. DeSieno, "Adding a conscience to competitive learning", IEEE Int.
//     Conf. on Neural Networks, I:117–124 (1988).
//   - G. G. Turrigiano, "The self-tuning neuron: synaptic scaling of
//     excitatory synapses", Cell 135:422–435 (2008).
//   - W. E. Vinje, J. L. Gallant, "Sparse coding and decorrelation in primary
//     visual cortex during natural vision", Science 287:1273–1276 (2000).
//   - G. Buzsáki, K. Mizuseki, "The log-dynamic brain: how skewed
//     distributions affect network operations", Nat. Rev. Neurosci.
//     15:264–278 (2014).
//   - I. J. Goodfellow, J. Shlens, C. Szegedy, "Explaining and harnessing
//     adversarial examples", ICLR 2015, arXiv:1412.6572.
//   - N. Papernot, P. McDaniel, I. Goodfellow, S. Jha, Z. B. Celik, A. Swami,
//     "Practical black-box attacks against machine learning", AsiaCCS 2017.
//   - A. Athalye, N. Carlini, D. Wagner, "Obfuscated gradients give a false
//     sense of security", ICML 2018, arXiv:1802.00420.
//   - S. Grossberg, "Adaptive pattern classification and universal recoding:
//     I. Parallel development and coding of neural feature detectors",
//     Biological Cybernetics 23:121–134 (1976).
package sparse
