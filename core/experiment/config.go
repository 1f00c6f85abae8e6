package experiment

import (
	"fmt"
	"math"
	"runtime"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

// Config is the configuration shared by every experiment.
type Config struct {
	Shape pattern.Shape
	Rules []memory.Rule
	// Nflip is the cue distortion of storage experiments (hypercolumns moved,
	// or swaps in K-of-N nets); fractional values are spread exactly over the
	// cues of a probe (pattern.FlipCounts).
	Nflip float64
	// Niter is the largest number of recall iterations (0: memory.DefaultNiter).
	Niter int
	// Async selects asynchronous recall.
	Async bool
	// Ties decides recall's ties between units of equal support; random
	// ties draw from the cue stream of each (rep, P).
	Ties memory.TieRule
	// Reps is the number of repetitions R averaged (0: 10).
	Reps int
	// Seed seeds every random draw.
	Seed uint64
	// Workers is the number of goroutines (0: runtime.NumCPU()). It never
	// changes a result.
	Workers int
	// Corr makes the stored patterns (or prototypes) correlated.
	Corr pattern.Correlation
	// Eps is BCPNN's ε handling.
	Eps memory.EpsMode

	// Ninst is the number of training and of test instances per prototype.
	Ninst int
	// NflipTrain and NflipTest distort training and test instances.
	NflipTrain, NflipTest float64
}

// Limits of a configuration.
const (
	// MaxReps bounds the number of repetitions.
	MaxReps = 1000
	// MaxNiter bounds the number of recall iterations.
	MaxNiter = 1000
	// MaxNinst bounds the instances per prototype.
	MaxNinst = 1000
	// MaxStateBytes bounds the memory the repetitions' co-activation counts
	// may take together (each holds N² int32 counts): 4 GiB.
	MaxStateBytes = 4 << 30
)

// DefaultReps is the number of repetitions when Config.Reps is 0: the R over
// which fcorr is averaged (package doc, section Measurements).
const DefaultReps = 10

// withDefaults returns c with zero fields set to their defaults.
func (c Config) withDefaults() Config {
	if c.Reps == 0 {
		c.Reps = DefaultReps
	}
	if c.Niter == 0 {
		c.Niter = memory.DefaultNiter
	}
	if c.Workers == 0 {
		c.Workers = runtime.NumCPU()
	}
	if len(c.Rules) == 0 {
		c.Rules = memory.BenchmarkRules()
	}
	return c
}

// Validate reports the first problem of the configuration, naming the limit
// it breaks.
func (c Config) Validate() error {
	c = c.withDefaults()
	if err := c.Shape.Validate(); err != nil {
		return err
	}
	for _, r := range c.Rules {
		if _, err := memory.ParseRule(string(r)); err != nil {
			return err
		}
	}
	if err := c.Shape.CheckFlip(c.Nflip); err != nil {
		return err
	}
	if c.Niter < 1 || c.Niter > MaxNiter {
		return fmt.Errorf("experiment: niter = %d; need 1 ≤ niter ≤ %d", c.Niter, MaxNiter)
	}
	if c.Reps < 1 || c.Reps > MaxReps {
		return fmt.Errorf("experiment: reps = %d; need 1 ≤ reps ≤ %d", c.Reps, MaxReps)
	}
	if c.Ties > memory.TiesRandom {
		return fmt.Errorf("experiment: unknown tie rule %d", c.Ties)
	}
	if c.Workers < 1 {
		return fmt.Errorf("experiment: workers = %d; need ≥ 1", c.Workers)
	}
	if err := c.Corr.Validate(c.Shape); err != nil {
		return err
	}
	if c.Ninst < 0 || c.Ninst > MaxNinst {
		return fmt.Errorf("experiment: ninst = %d; need 1 ≤ ninst ≤ %d", c.Ninst, MaxNinst)
	}
	if err := c.Shape.CheckFlip(c.NflipTrain); err != nil {
		return fmt.Errorf("experiment: nflip_train: %w", err)
	}
	if err := c.Shape.CheckFlip(c.NflipTest); err != nil {
		return fmt.Errorf("experiment: nflip_test: %w", err)
	}
	if b := float64(c.Reps) * float64(c.Shape.N) * float64(c.Shape.N) * 4; b > MaxStateBytes {
		return fmt.Errorf("experiment: %d repetitions × %d² counts need %.1f GiB; the limit is %d GiB (fewer reps or a smaller net)",
			c.Reps, c.Shape.N, b/(1<<30), MaxStateBytes>>30)
	}
	return nil
}

// PatternBits returns the information in one random pattern of shape s:
// H·log2(M) bits for modular nets, log2 binom(N, K) for K-of-N nets
// (package doc, section Bits per synapse).
func PatternBits(s pattern.Shape) float64 {
	if s.Kind == pattern.Modular {
		return float64(s.H) * math.Log2(float64(s.M))
	}
	lg := func(x int) float64 { v, _ := math.Lgamma(float64(x) + 1); return v }
	return (lg(s.N) - lg(s.K) - lg(s.N-s.K)) / math.Ln2
}

// AllSynapses returns the number of possible synapses, all counted: N(N−1)
// for K-of-N nets (no self-connections), N² − H·M² for modular nets (no
// synapses inside a hypercolumn). This is the count of the literature's
// reference points (package doc, section Bits per synapse): Willshaw ≈ 0.17–0.2 bits per synapse for
// recurrent auto-association, ln 2 ≈ 0.69 for Willshaw hetero-association,
// 1/(2 ln 2) ≈ 0.72 for sparse covariance learning.
func AllSynapses(s pattern.Shape) float64 {
	n := float64(s.N)
	if s.Kind == pattern.Modular {
		return n*n - float64(s.H)*float64(s.M)*float64(s.M)
	}
	return n * (n - 1)
}

// HalvedSynapses reports whether rule r's independent synapses are half of
// all synapses:
//   - symmetric rules (W_ij = W_ji): the two directions carry one value;
//   - presynaptic covariance, W_ij = (C_ij − f·C_j)/P: not symmetric, but it
//     is the symmetric matrix C_ij/P plus a term that depends on one unit
//     only. With exactly K active units in every cue (modular and K-of-N
//     nets alike) that term adds the same to a unit's support whatever the
//     cue, so it acts as a per-unit bias, and recall on modular nets picks
//     the same winners as Hopfield's symmetric rule. Its weights hold N(N−1)/2
//     pair values plus N unit values, so it is counted with the symmetric
//     rules (the N unit values are negligible, as biases are for the others);
//   - the Bayesian rule is asymmetric beyond a per-unit term (its log odds
//     mix the pair count with both units' counts differently in the two
//     directions), so all of its synapses are independent.
func HalvedSynapses(r memory.Rule) bool {
	if r == memory.Presynaptic {
		return true
	}
	info, ok := r.Info()
	return ok && info.Symmetric
}

// Synapses returns the number of independent synapses of rule r: all
// possible synapses (AllSynapses), halved when HalvedSynapses(r).
func Synapses(s pattern.Shape, r memory.Rule) float64 {
	syn := AllSynapses(s)
	if HalvedSynapses(r) {
		syn /= 2
	}
	return syn
}

// BitsPerSynapse returns P·I_pattern / n_synapses with I_pattern from
// PatternBits and n_synapses the independent synapses (Synapses): halved for
// symmetric rules, so it is twice BitsPerSynapseAll for them.
func BitsPerSynapse(s pattern.Shape, r memory.Rule, P int) float64 {
	return float64(P) * PatternBits(s) / Synapses(s, r)
}

// BitsPerSynapseAll returns P·I_pattern / n_all with n_all every possible
// synapse (AllSynapses), the normalisation of the literature's reference
// values; it is the same for every rule.
func BitsPerSynapseAll(s pattern.Shape, P int) float64 {
	return float64(P) * PatternBits(s) / AllSynapses(s)
}

// BitsPerSynapseNaive returns P·N·H2(f) / (N(N−1)/2), the cruder
// normalisation of the authors' code (H2 the binary entropy, f the activity),
// for comparing with their numbers.
func BitsPerSynapseNaive(s pattern.Shape, P int) float64 {
	f := s.Activity()
	h2 := -f*math.Log2(f) - (1-f)*math.Log2(1-f)
	n := float64(s.N)
	return float64(P) * n * h2 / (n * (n - 1) / 2)
}
