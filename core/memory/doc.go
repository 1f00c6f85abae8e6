// Package memory is a recurrent associative memory with winner-take-all
// dynamics and local Hebbian learning rules: it stores binary patterns (made
// by package pattern) as co-activation counts, turns the counts into
// weights with one of the learning rules, and recalls a stored pattern from
// a distorted cue.
//
// # The concept
//
// An auto-associative memory stores patterns in its synapses so that any
// one of them can be completed from a part or a noisy copy of it (content
// addressing, as opposed to addressing by location). A synapse from unit i
// to unit j changes only with what it can see locally — whether i and j were
// active — which is Hebb's postulate; the learning rules differ in how they
// weigh co-activation against each unit's own activity. Recall feeds the cue
// into the network and lets every unit sum the weights from the active units
// (its support); the strongest units win, the state is fed back, and after a
// few iterations the network settles in an attractor, ideally the stored
// pattern nearest to the cue.
//
// This package implements the benchmark of Lansner, Knoblauch, Ravichandran
// and Herman (2026): seven rules in modular (H×M, one winner per hypercolumn)
// and non-modular (K-of-N) recurrent networks with winner-take-all dynamics
// on moderately sparse binary patterns. Where their text is silent, the
// choices below are ours and are marked as such.
//
// # Counts
//
// Everything a rule learns is a function of co-activation counts. For P
// stored patterns x^1 … x^P ∈ {0,1}^N, [Counts] keeps
//
//	P,   C_i = Σ_μ x_i^μ,   C_ij = Σ_μ x_i^μ x_j^μ,
//
// and the rules use the frequencies p_i = C_i/P and p_ij = C_ij/P. Storing a
// pattern ([Counts.Add]) touches only its k active units, O(k²) rather than
// O(N²), and [Counts.Remove] forgets one again, so a capacity search can move
// between numbers of stored patterns without retraining, and [Derive] turns
// the same counts into the weights of any rule: a rule change needs no
// re-training. C_ij is symmetric and its diagonal is C_i.
//
// # Learning rules
//
// W_ij is the weight from presynaptic unit i to postsynaptic unit j, B_j the
// bias of unit j, f = K/N the activity of the patterns (1/M in modular nets).
// The rule ids are those of the command line, the permalinks and the result
// files.
//
//	rule            W_ij                                   B_j
//	hebb            p_ij                                   0
//	covariance      p_ij − p_i·p_j                         0
//	presynaptic     (C_ij − f·C_j)/P                       0
//	hopfield        p_ij − f·p_i − f·p_j + f²              0
//	willshaw        1 if C_ij > 0, else 0                  0
//	bcpnn           log(p_ij / (p_i·p_j))                  log p_j
//	bayes           see "The Bayesian optimal rule"        see there
//	hopfield-dense  4p_ij − 2p_i − 2p_j + 1                0
//	bayes-sym       (W + Wᵀ)/2 of bayes                    as bayes
//
// The first seven are the benchmark's ([BenchmarkRules]); the last two are
// variants for teaching and comparison.
//
//   - Hebb: the original additive rule, the fraction of patterns in which i
//     and j were active together. Its weights only grow, so frequently used
//     units attract every cue: it has the lowest capacity.
//   - Covariance (Sejnowski 1977): co-activation beyond chance,
//     Σ_μ (x_i−p_i)(x_j−p_j)/P. Dayan and Willshaw (1991) showed it is the
//     optimal linear rule in the signal-to-noise sense.
//   - Presynaptic covariance: Σ_μ x_j(x_i − f)/P, the presynaptic activity
//     centred on the global activity f and gated by the postsynaptic unit.
//     It differs from covariance only because f is global, not per unit; it
//     is not symmetric.
//   - Hopfield (sparse): Σ_μ (x_i−f)(x_j−f)/P, both sides centred on the
//     global activity, the rule Tsodyks and Feigel'man (1988) used for
//     low-activity networks (Hopfield's 1982 rule is the case f = ½).
//   - Willshaw (Willshaw, Buneman and Longuet-Higgins 1969; Palm 1980):
//     clipped binary synapses, switched on by the first co-activation.
//   - BCPNN (Lansner and Ekeberg 1989): the Bayesian confidence propagation
//     rule, the log of how much more often i and j fire together than
//     independent units would, with the log prior of j as its bias. See
//     "BCPNN regularisation" for the zero counts.
//   - Bayes (Knoblauch 2011): the optimal rule under a naive-Bayes model of
//     the cue noise; see below.
//   - hopfield-dense: Hopfield's ±1 rule Σ_μ (2x_i−1)(2x_j−1)/P applied to
//     0/1 patterns. On sparse patterns under winner-take-all it fails almost
//     at once: the ±1 products weigh the many patterns in which a unit was
//     silent as much as the few in which it fired, so a unit stored in two
//     patterns gives no net support to the units it was stored with (for
//     stores {0,3} and {0,4} of a 2×3 net, W(0→3) = W(0→4) = 0), and the cue
//     cannot prefer its own pattern's units by that unit. That failure, and
//     how centring on f cures it (hopfield), is worth showing.
//   - bayes-sym: the average of the Bayesian weights and their transpose,
//     symmetric, so its synapses count half.
//
// [RuleInfo.Symmetric] tells which rules give W_ij = W_ji; the bits per
// synapse of package experiment count their synapses once per pair.
//
// # BCPNN regularisation
//
// The logarithms of BCPNN need p_i, p_ij > 0. The default ([EpsFaithful]) is
// the regularisation of the authors' public code: with ε = 1/(P+1),
//
//	p_i  = max(max(C_i, ε)/P, ε),
//	p_ij = max(C_ij/P, ε²).
//
// A consequence worth knowing: a cue unit never seen in training gets
// strongly negative weights to frequently used units (log(ε²/(ε·p_j)) with
// p_j large), which hurts prototype extraction when few prototypes are stored
// and makes the fraction recalled rise, not fall, with the first few stored
// items. [EpsPseudocount] adds instead λ ([Options.Pseudo], default 1)
// "chance" observations, p_i = (C_i + λf)/(P + λ) and
// p_ij = (C_ij + λf²)/(P + λ), so unseen units get weights near 0. The
// faithful variant is the default so that results compare with the paper's;
// the other is an option so the difference can be seen.
//
// # The Bayesian optimal rule
//
// Knoblauch (2011) asks, for each output unit j, for the log-odds that j is
// on in the stored pattern given the noisy cue x̃, assuming the cue units are
// independent given x_j (naive Bayes). From the counts, for input i ≠ j,
//
//	M11 = C_ij,  M10 = C_i − C_ij,  M01 = C_j − C_ij,  M00 = P − C_i − C_j + C_ij,
//	M1 = C_j,    M0 = P − C_j,
//
// and a cue noise given per unit by p10 = P(cue 0 | stored 1) and
// p01 = P(cue 1 | stored 0), the likelihoods are, for example,
// P(x̃_i = 1 | x_j = 1) = [M11(1−p10) + M01·p01]/M1. Summing the log
// likelihood ratios of all inputs and collecting the terms that depend on
// x̃_i gives the log-odds B_j + Σ_i x̃_i W_ij with
//
//	W_ij = log([M11(1−p10) + M01·p01]·[M10·p10 + M00(1−p01)])
//	     − log([M10(1−p10) + M00·p01]·[M11·p10 + M01(1−p01)])
//	B_j  = log(M1/M0) + Σ_i log([M11·p10 + M01(1−p01)]·M0 / ([M10·p10 + M00(1−p01)]·M1)).
//
// The sum in B_j runs over exactly the inputs i that have a weight to j (in
// modular nets, the units outside j's hypercolumn), so that weights and bias
// stay consistent. The noise model is ours, derived from the distortion of
// package pattern with nflip ([Options.Nflip]) changes: in modular nets a
// moved hypercolumn turns its active unit off and one of the M−1 others on,
// so p10 = nflip/H and p01 = (nflip/H)/(M−1); in K-of-N nets nflip swaps
// give p10 = nflip/K and p01 = nflip/(N−K).
//
// With p10 = p01 = 0 the weight becomes the log odds-ratio
// log(M11·M00/(M10·M01)), and for very sparse patterns it approaches the
// BCPNN weight. A count of zero makes a term infinite: a zero factor only in
// the numerator gives −InfWeight, only in the denominator +InfWeight, and
// zeros on both sides (0/0, no evidence) give 0. [InfWeight] is far larger
// than any finite support, so one infinite term decides a comparison as ±∞
// would. W is asymmetric (swapping i and j swaps M10 and M01).
//
// # Self-connections
//
// A unit does not support itself, and in modular nets a unit never supports
// its rivals: [Derive] zeroes the diagonal in K-of-N nets and the whole M×M
// block of each hypercolumn in modular nets. The synapses that remain are
// N(N−1) and N² − H·M² respectively.
//
// # Recall
//
// Recall ([Net.Recall]) starts from the cue x̃ and repeats:
//
//  1. support: s_j = B_j + Σ_i x_i W_ij for every unit j, summed over the
//     active units i only (one row of W each, O(k·N));
//  2. winner-take-all: the unit with the largest support in each hypercolumn
//     (modular), or the K units with the largest support (K-of-N).
//
// Synchronous update (the default) computes every support from the same
// state and then chooses all winners at once. Asynchronous update
// ([RecallOptions.Async]) visits the hypercolumns (K-of-N: the K active
// slots) in an order drawn afresh from a seeded generator in each iteration,
// and each choice sees the ones before it; in K-of-N nets the leaving unit's
// row is removed before the choice, so the slot goes to the best unit given
// the other K−1. The cue is not clamped after the first iteration. Recall
// runs at most [DefaultNiter] = 15 iterations (or [RecallOptions.Niter]) and
// stops early at a fixed point, which gives the same final state.
//
// Equal supports are broken by the tie rule ([RecallOptions.Ties]): the
// lowest unit index, as in the benchmark's reference code, or a unit drawn at
// random from the recall's seeded stream ([TiesRandom]). Either way the
// dynamics are a function of the cue and the seed. Ties must be ties of the
// mathematics, not of rounding: the rules whose weights are rational
// functions of the counts (hebb, covariance, presynaptic, hopfield,
// hopfield-dense, willshaw) are stored as whole numbers times a constant
// ([Weights.Scale]), so supports are exact in float32 while K·max|W| ≤ 2^24
// ([Weights.Exact]); otherwise float32 rounding would decide some exact ties,
// and presynaptic and hopfield, whose winners are identical on modular nets,
// would differ. With
// [RecallOptions.Trajectory] the state and supports of every iteration are
// kept, for the playground's view of a cue falling into an attractor.
//
// # Why recall fails
//
// A unit wins when its support beats its rivals'. [Explainer] splits the
// support s_j of unit j in a state x into the signal, the part due to the
// own patterns (the one being recalled; in prototype extraction, the stored
// instances of its prototype), and the crosstalk, the rest, so that
// s_j = signal + crosstalk exactly. Two definitions, by rule ([MethodOf]):
//
//   - Share (hebb, covariance, presynaptic, hopfield, hopfield-dense): the
//     weight is a sum over the stored patterns of one term per pattern,
//     W_ij = (1/P) Σ_μ t(x_i^μ, x_j^μ) with t = x_i·x_j (hebb),
//     (x_i−p_i)(x_j−p_j) (covariance, the means p over all P patterns),
//     x_j(x_i−f) (presynaptic), (x_i−f)(x_j−f) (hopfield) or
//     (2x_i−1)(2x_j−1) (hopfield-dense), and the biases are 0. The signal is
//     the own patterns' terms summed over the active units i, the crosstalk
//     every other pattern's: each stored pattern's share, added up over all
//     of them, is the support.
//   - Leave-out (willshaw, bcpnn, bayes, bayes-sym): these weights are not
//     such a sum (a clip, logarithms of ratios). The crosstalk is the support
//     the unit would get, bias included, had the own patterns never been
//     stored (the rule applied to the counts without them; no weights at
//     all when nothing else is stored), and the signal is the difference,
//     what storing the own patterns added.
//
// The margin of a winner ([Margins]) is its support minus its best rival's:
// in a modular net the largest support of a hypercolumn minus the second
// largest, in a K-of-N net the K-th largest support minus the (K+1)-th. A
// small margin is a choice the crosstalk can tip; zero is a tie.
//
// Energy. For symmetric weights (W_ij = W_ji: every rule but presynaptic and
// bayes, [HasEnergy]) the dynamics descend the energy
//
//	E(x) = −½ Σ_{i,j∈x} W_ij − Σ_{j∈x} B_j   ([Energy]).
//
// Asynchronous updates never increase it: moving the winner of one
// hypercolumn (or one of the K active slots) from a to b changes E by
// −(s_b − s_a), and b is chosen because s_b ≥ s_a (the self-connections are
// zero, so neither unit supports itself). Synchronous updates can raise E
// and end in a 2-cycle instead of a fixed point (Goles and Olivos 1981); for
// them the non-increasing quantity is the two-state function
//
//	V(t) = −½ Σ_{i∈x(t−1), j∈x(t)} W_ij − ½ Σ_j B_j (x_j(t) + x_j(t−1))   ([Lyapunov]),
//
// because x(t+1) maximises Σ_j x_j s_j(t) over all states of the network,
// x(t−1) among them, and V(t+1) − V(t) = −(x(t+1) − x(t−1))·s(t) ≤ 0. V
// equals E at a fixed point, and V(1) ≤ E(cue) when the cue is a state of
// the network (one unit per hypercolumn, or K units). Presynaptic
// covariance and Bayes are asymmetric and have no such function: a
// unit's pull on another is not returned; their recalls are explained by the
// margins alone. (On modular nets presynaptic chooses the same winners as
// hopfield, see Equivalences, so hopfield's energy describes its dynamics
// there, but not its own weights.) Energies are in the rule's units, biases
// included; supports are compared in float32, so for the log rules a step may
// raise them by a rounding error.
//
// # Equivalences
//
// Two identities make good tests and good teaching:
//
//   - With exactly one active cue unit per hypercolumn, presynaptic and
//     hopfield choose the same winners: W_hopfield − W_presynaptic =
//     f² − f·p_i does not depend on j, so the supports of the units of one
//     hypercolumn differ between the two rules by the same constant (the
//     excluded input is the same for all of them).
//   - With per-unit means instead of the global f, centring presynaptically
//     (Σ x_j(x_i−p_i)/P) or on both sides (Σ (x_i−p_i)(x_j−p_j)/P) both give
//     exactly the covariance rule.
//
// # Reference points
//
// Dense Hopfield networks store about 0.138·N random ±1 patterns (Amit,
// Gutfreund and Sompolinsky 1985, 1987). For sparse patterns the covariance
// rule approaches 1/(2 ln 2) ≈ 0.72 bits per synapse as the activity goes to
// 0 (Tsodyks and Feigel'man 1988). Willshaw's binary synapses reach ln 2 ≈
// 0.69 bits per synapse for hetero-association and about (ln 2)/4 ≈ 0.17 for
// recurrent auto-association (Willshaw et al. 1969; Palm 1980), nearer 0.2
// at finite size. The benchmark reports that additive Hebb has the lowest
// capacity, covariance is robust but moderate, and the Bayesian-Hebbian rules
// (bcpnn, bayes) are highest in almost all conditions, and that Willshaw
// saturates on noisy training instances; a correct implementation reproduces
// this ordering (package experiment tests it).
//
// # References
//
//   - A. Lansner, A. Knoblauch, N. B. Ravichandran, P. Herman, "Benchmarking
//     local Hebbian learning rules for memory storage and prototype
//     extraction", arXiv:2605.01074 (2026); an earlier version of the
//     benchmark is arXiv:2401.00335 (2023).
//   - D. J. Willshaw, O. P. Buneman, H. C. Longuet-Higgins, "Non-holographic
//     associative memory", Nature 222:960–962 (1969).
//   - G. Palm, "On associative memory", Biological Cybernetics 36:19–31
//     (1980).
//   - J. J. Hopfield, "Neural networks and physical systems with emergent
//     collective computational abilities", PNAS 79(8):2554–2558 (1982).
//   - D. J. Amit, H. Gutfreund, H. Sompolinsky, "Storing infinite numbers of
//     patterns in a spin-glass model of neural networks", Physical Review
//     Letters 55:1530 (1985); "Statistical mechanics of neural networks near
//     saturation", Annals of Physics 173 (1987).
//   - M. V. Tsodyks, M. V. Feigel'man, "The enhanced storage capacity in
//     neural networks with low activity level", Europhysics Letters 6
//     (1988).
//   - T. J. Sejnowski, "Storing covariance with nonlinearly interacting
//     neurons", Journal of Mathematical Biology 4:303–321 (1977).
//   - A. Lansner, Ö. Ekeberg, "A one-layer feedback artificial neural network
//     with a Bayesian learning rule", International Journal of Neural
//     Systems 1(1) (1989).
//   - P. Dayan, D. J. Willshaw, "Optimising synaptic learning rules in linear
//     associative memories", Biological Cybernetics 65(4):253–265 (1991).
//   - A. Knoblauch, "Neural associative memory with optimal Bayesian
//     learning", Neural Computation 23(6):1393–1451 (2011).
//   - A. Knoblauch, "Neural auto-association with optimal Bayesian
//     learning", arXiv:2412.18349 (2024).
//   - E. Goles, J. Olivos, "Comportement périodique des fonctions à seuil
//     binaires et applications", Discrete Applied Mathematics 3:93–105
//     (1981); J. Bruck, "On the convergence properties of the Hopfield
//     model", Proceedings of the IEEE 78(10):1579–1585 (1990): synchronous
//     updates with symmetric weights end in fixed points or 2-cycles.
package memory
