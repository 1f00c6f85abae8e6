// Package experiment runs the measurements of the associative-memory
// benchmark: the fraction of correct recalls fcorr(P), the storage capacity
// P90 and the weight information in bits per synapse, prototype extraction,
// and sensitivity to correlated patterns. The network and its learning rules
// are package memory; the patterns are package pattern.
//
// # Measurements
//
// Correct recall: the final state of a recall equals the target pattern
// exactly (zero unit errors). The mean overlap of final state and target (as
// a fraction of the K active units) is reported too, since it is kinder to
// teach with.
//
// fcorr(P) (experiment "recall", mode [Storage]): store P patterns, cue each
// stored pattern once with a fresh distortion of nflip changes (default 1;
// fractional values spread over the P cues as package pattern describes), and
// count the fraction recalled correctly. Every rule sees the same patterns and
// the same cues.
//
// Storage capacity P90 (experiment "storage"): the number of stored patterns
// at which fcorr, averaged over R repetitions (default [DefaultReps] = 10),
// falls to [Threshold] = 90%, that is the largest P the search below finds
// with an averaged fcorr of at least 90%.
//
// Prototype extraction (experiment "proto", mode [Prototypes]): P
// prototypes, each with ninst training instances distorted with nflip_train;
// only the instances are stored, never the prototypes. The test uses ninst
// fresh instances of each prototype distorted with nflip_test, and the score
// is the fraction whose recall equals the generating prototype exactly. The
// prototype capacity is the number of prototypes at which the score,
// averaged over repetitions, is still at least 90%.
//
// Correlation sweeps (experiment "corr", [CorrSweep]): P90, and the
// prototype capacity when ninst ≥ 1, as a function of the knob of a
// correlated pattern family: the parent distance dparent of hierarchical sets
// or the exponent s of Zipf sets. Each knob value is an independent
// experiment with the same seed.
//
// # Bits per synapse
//
// The weight information capacity at P90 is the information stored divided
// by the synapses that store it ([BitsPerSynapse]):
//
//	bits/synapse = P90 · I_pattern / n_synapses,
//
// with I_pattern the information in one random pattern ([PatternBits]):
// H·log2(M) bits for modular nets, log2 binom(N, K) for K-of-N nets; and
// n_synapses the weights that can be non-zero ([Synapses]): N(N−1) for
// K-of-N nets, N² − H·M² for modular nets (the intra-hypercolumn blocks are
// removed), halved for symmetric rules, whose two directions carry the same
// value. This normalisation is ours, and it is printed next to the number.
//
// The authors' code uses a cruder one, P·N·H2(f) / (N(N−1)/2), with H2 the
// binary entropy of the activity f ([BitsPerSynapseNaive]); it is reported
// too, labelled as theirs, so results can be compared with their numbers.
// Reference values (package memory, section Reference points): about 0.72
// bits per synapse for sparse covariance learning in the limit, ln 2 ≈ 0.69
// for Willshaw hetero-association and about 0.17–0.2 for Willshaw
// auto-association.
//
// # The capacity search
//
// [Search] finds P90 for every rule with few probes of integer P. Starting at
// P = max(1, N/50) it doubles P while the averaged fraction stays at or above
// the threshold, then bisects between the last P that passed and the first
// that failed. The fraction need not fall monotonically with P: BCPNN with
// the faithful ε (package memory, section BCPNN regularisation) extracts
// prototypes badly when few are stored. So when the first probe fails, the
// search tries P = 1; if that fails too it climbs, doubling P while the
// fraction rises, until it reaches the threshold (then grows and bisects as
// usual) or stops rising (P90 = 0). A rule still above the threshold at
// [MaxPFactor]·N items is reported with Limited set: its P90 is a lower bound.
//
// # Units, batches and determinism
//
// The work of an experiment is a list of [Unit] values: one rule tested at P
// stored items in one repetition, scored as a [Score]. A [Run] plans an
// experiment as a sequence of curves and capacity searches and hands out
// batches of units ([Batch]); the scores fed back decide the next batches (a
// search's next probes), each rule's as soon as its own probe is back, so
// several batches may be out at once. The native command executes a Run with
// goroutines ([Run.Execute]); the browser hands the same batches to Web
// Workers, whose WebAssembly program answers work requests ([WorkRequest])
// with a [Worker]. Both run the very same units and produce the same result
// rows ([Row]).
//
// Repetition r draws its patterns from its own stream, seeded by (seed, r),
// the same for every rule, so rules are compared on identical data; the cues
// at P stored patterns in repetition r come from a stream seeded by
// (seed, r, P). A unit's score is therefore a pure function of the
// configuration, the seed, the rule, P and r: results do not depend on the
// number of workers, on their scheduling, or on the order in which a search
// probes P, and are the same natively and in the browser. Scores are summed
// in repetition order, so even floating-point sums agree.
//
// Each repetition keeps its co-activation counts between probes (each
// worker keeps those of the repetitions it has measured): a search that
// moves from P to P' adds or removes only the items in between and
// re-derives the weights, never retraining from scratch.
//
// # References
//
//   - A. Lansner, A. Knoblauch, N. B. Ravichandran, P. Herman, "Benchmarking
//     local Hebbian learning rules for memory storage and prototype
//     extraction", arXiv:2605.01074 (2026): the measurements, the 90%
//     criterion and the naive bits-per-synapse normalisation.
//   - G. Palm, "On associative memory", Biological Cybernetics 36:19–31
//     (1980): information capacity per synapse.
package experiment
