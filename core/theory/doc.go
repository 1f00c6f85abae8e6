// Package theory gives the analytical predictions of storage capacity that
// the literature offers for the learning rules of package memory, so that
// measurements can be shown beside them, with where and why the two differ.
//
// # Willshaw: finite size, one step (FiniteSize)
//
// For clipped binary synapses (W_ij = 1 if i and j were ever active
// together) the expected fraction of exact recalls fcorr(P) is computed for
// the very network, cue noise and dynamics of the experiments, except that
// retrieval is a single synchronous winner-take-all step from the cue:
//
//   - Load. A unit's usage k (the number of the other P−1 patterns it is
//     active in) is Bin(P−1, f) with f = 1/M (modular) or K/N (K-of-N).
//     Given k, a synapse from a given other unit was switched on with
//     probability q(k) = 1 − (1 − π)^k, π = 1/M (modular) or (K−1)/(N−1)
//     (K-of-N); the mean over k is the familiar memory load
//     p1 = 1 − (1 − p_pair)^(P−1) (WillshawLoad).
//   - Modular H×M. A unit's support comes from the cue units of the other
//     H−1 hypercolumns. In a hypercolumn whose other hypercolumns hold f
//     moved cue units, the target unit gets H−1−f (its own pattern set those
//     synapses) plus Bin(f, q(k)); each of the M−1 rivals gets
//     Bin(H−1, q(k')) for its own usage k'. Given the usages this is exact,
//     because the patterns through a unit fill the other hypercolumns
//     independently; averaging over the usages keeps the heavy tail of much
//     used units, which is what limits capacity at these sizes (with a single
//     mean load p1 the prediction is 20–50% too high). Ties go to the lowest
//     index; as the target's index is uniform, the target beats r rivals
//     with CDF F with probability (F(c)^(r+1) − F(c−1)^(r+1)) / ((r+1)·pmf(c)).
//     Rivals, and hypercolumns, are taken as independent; recall is correct
//     when every hypercolumn's winner is right, so fcorr is the product over
//     the n moved and H−n intact hypercolumns.
//   - K-of-N. The K−n pattern units left in the cue get K−n−1 + Bin(n, q(k)),
//     the n left out K−n + Bin(n, q(k)), the n wrong cue units
//     Bin(K−1, q(k)) and the other units Bin(K, q(k)). K-WTA is correct when
//     every non-target ranks below every target; conditioning on the lowest
//     target support m, with t targets and u non-targets tied at m, the
//     targets win the tie (lowest index) with probability 1/C(t+u, t).
//
// The binomial sums are exact, in log space (lgamma) so that large nets
// neither overflow nor underflow; a fractional nflip mixes floor and ceil as
// the experiments do, and P90 (fcorr = 0.9) is found by bisection on a
// fractional P. With one iteration (-niter 1) the simulation agrees with
// the prediction within a few per cent; with the default 15 iterations the
// measured P90 is higher when cues are noisy, because later steps repair
// the units the first one got wrong (at nflip = 0 the first step is already
// the fixed point and the two agree).
//
// # Sparse covariance: Tsodyks–Feigel'man (Asymptotic)
//
// For the covariance (sparse Hopfield) rule with activity f and a threshold
// network, the critical load is α_c = P/N ≈ 1/(2 f |ln f|) in the limit
// N → ∞ followed by f → 0. It is shown for covariance, hopfield and
// presynaptic as an asymptotic reference only: at our finite f and N it
// overestimates, it tolerates a small fraction of wrong units whereas P90
// counts exact recalls, and it assumes a tuned threshold rather than
// winner-take-all. The stored information approaches 1/(2 ln 2) ≈ 0.72 bits
// per synapse (all N² synapses counted) in the same limit.
//
// # Dense Hopfield (OtherSetting)
//
// Dense random ±1 patterns under sign dynamics: P_max ≈ 0.138·N. Our
// hopfield-dense variant applies the ±1 rule to sparse patterns under
// winner-take-all, where it fails almost at once, so the number is shown for
// contrast and labelled as not applying.
//
// # BCPNN and the Bayesian rule (None)
//
// The optimal Bayesian rule (Knoblauch 2011) contains the Willshaw, BCPNN
// and covariance rules as limits, and its analysis gives capacities under
// naive-Bayes assumptions for one-step hetero-association. For recurrent
// auto-association with a fixed number of active units, iterative retrieval
// and winner-take-all those assumptions fail (Knoblauch 2024), and no closed
// form for P90 is known to us, so none is shown.
//
// # Bits per synapse
//
// Reference points: ln 2 ≈ 0.69 (Willshaw, hetero-association),
// (ln 2)/4 ≈ 0.17 (Willshaw, recurrent auto-association, N → ∞), about 0.2
// at the best finite sizes, and 1/(2 ln 2) ≈ 0.72 (sparse covariance, f → 0).
//
// # References
//
//   - D. J. Willshaw, O. P. Buneman and H. C. Longuet-Higgins, Non-holographic
//     associative memory, Nature, 1969.
//   - A. Knoblauch and G. Palm, Iterative retrieval and block coding in
//     autoassociative and heteroassociative memory, Neural Computation 32(1), 2020.
//   - M. V. Tsodyks and M. V. Feigel'man, The enhanced storage capacity in
//     neural networks with low activity level, Europhysics Letters 6, 1988.
//   - D. J. Amit, H. Gutfreund and H. Sompolinsky, Storing infinite numbers of
//     patterns in a spin-glass model of neural networks, Physical Review
//     Letters 55, 1985.
//   - A. Knoblauch, Neural associative memory with optimal Bayesian learning,
//     Neural Computation 23(6), 1393–1451, 2011.
//   - A. Knoblauch, Neural auto-association with optimal Bayesian learning,
//     arXiv:2412.18349, 2024.
//   - A. Lansner, A. Knoblauch, N. B. Ravichandran and P. Herman, Benchmarking
//     local Hebbian learning rules for memory storage and prototype
//     extraction, arXiv:2605.01074, 2026.
package theory
