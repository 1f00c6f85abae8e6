package theory

import (
	"math"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

// Threshold is the fraction of exact recalls that defines P90, the same as
// the experiments' (experiment.Threshold; repeated here so that this
// package does not depend on the experiments).
const Threshold = 0.9

// MaxPFactor bounds the search for a predicted P90 at MaxPFactor·N patterns,
// like the experiments' capacity search.
const MaxPFactor = 64

// Kind says how a Prediction was obtained and how far to trust it.
type Kind uint8

const (
	// None: no closed-form prediction is known for this rule in this setting.
	None Kind = iota
	// FiniteSize: a formula for this very network size, noise and dynamics
	// (up to stated approximations), with the whole fcorr(P) curve.
	FiniteSize
	// Asymptotic: a large-N (and small-activity) limit, not specific to
	// our size, winner-take-all or exact-recall criterion.
	Asymptotic
	// OtherSetting: a classic result for a setting our network does not
	// match; shown for contrast, not as a prediction.
	OtherSetting
)

// String returns "none", "finite-size", "asymptotic" or "other setting".
func (k Kind) String() string {
	switch k {
	case FiniteSize:
		return "finite-size"
	case Asymptotic:
		return "asymptotic"
	case OtherSetting:
		return "other setting"
	}
	return "none"
}

// Prediction is what theory says about the storage capacity of one rule.
type Prediction struct {
	Rule memory.Rule
	Kind Kind
	// P90 is the predicted number of stored patterns at which the fraction
	// of exact recalls falls to Threshold (fractional; 0 when Kind is None).
	P90 float64
	// Limited is set when the prediction is still above Threshold at
	// MaxPFactor·N patterns (P90 is then that bound).
	Limited bool
	// Label is a short name for legends and table cells.
	Label string
	// Citation gives the source(s) in short form (authors, journal, year).
	Citation string
	// Assumptions lists what the prediction assumes.
	Assumptions string
	// Differs says why measurement and prediction may differ.
	Differs string
	// Bits is a reference value of the stored information in bits per
	// synapse from the literature (0 if none), with BitsNote saying what it
	// is and how it is normalised.
	Bits     float64
	BitsNote string
}

// Citations, in the short form shown on screen. Full references are in the
// package documentation.
const (
	CiteWillshaw     = "Willshaw, Buneman & Longuet-Higgins, Nature 1969; Knoblauch & Palm, Neural Computation 2020; one-step WTA form derived in hebbplay/core/theory"
	CiteTsodyks      = "Tsodyks & Feigel'man, Europhysics Letters 1988"
	CiteAmit         = "Amit, Gutfreund & Sompolinsky, Phys. Rev. Lett. 55, 1985"
	CiteKnoblauch    = "Knoblauch, Neural Computation 23(6), 2011; Knoblauch, arXiv:2412.18349, 2024"
	CiteBenchmark    = "Lansner, Knoblauch, Ravichandran & Herman, arXiv:2605.01074, 2026"
	CiteBitsWillshaw = "Knoblauch & Palm, Neural Computation 32(1), 2020"
)

// Capacity returns the theoretical storage capacity of rule in a network of
// shape s with cues distorted by nflip, and whether a numerical prediction
// exists (Kind FiniteSize, Asymptotic or OtherSetting). When it does not,
// the Prediction still carries the label, citation and explanation to show.
func Capacity(s pattern.Shape, rule memory.Rule, nflip float64) (Prediction, bool) {
	p := Prediction{Rule: rule}
	n := float64(s.N)
	f := s.Activity()
	switch rule {
	case memory.Willshaw:
		p.Kind = FiniteSize
		p.Label = "Willshaw finite-size, one step"
		p.Citation = CiteWillshaw
		p.Assumptions = "random patterns; one synchronous step of winner-take-all from the cue; ties to the lowest index; " +
			"each unit's usage (how many other patterns it is in) averaged exactly, units otherwise independent"
		p.Differs = "the experiments iterate recall up to niter times, and later steps repair units the first step got wrong, " +
			"so with noisy cues the measured P90 lies above this one-step value (the more, the smaller the net and the noisier the cue); " +
			"the independence of units (and of hypercolumns) is an approximation"
		p.P90, p.Limited = WillshawP90(s, nflip, Threshold, MaxPFactor*n)
		p.Bits = math.Ln2 / 4
		p.BitsNote = "(ln 2)/4 ≈ 0.17 bits/synapse for recurrent auto-association as N → ∞, about 0.2 at the best finite sizes (N ≈ 10⁵); ln 2 ≈ 0.69 for hetero-association (" + CiteBitsWillshaw + ")"
		return p, true
	case memory.Covariance, memory.Hopfield, memory.Presynaptic:
		p.Kind = Asymptotic
		p.Label = "Tsodyks–Feigel'man α_c ≈ 1/(2f|ln f|), asymptotic"
		p.Citation = CiteTsodyks
		p.Assumptions = "N → ∞ then activity f → 0; a threshold network with the sparse covariance (Hopfield) rule; " +
			"capacity = the largest load at which a retrieval state close to each pattern exists"
		p.Differs = "an asymptotic limit for vanishing activity, not for f = K/N here: at finite f and N it overestimates, often several-fold; " +
			"it allows a small fraction of wrong units, whereas P90 counts only exact recalls, and it assumes a tuned threshold, not winner-take-all"
		if f > 0 && f < 1 {
			p.P90 = n / (2 * f * math.Abs(math.Log(f)))
		}
		p.Bits = 1 / (2 * math.Ln2)
		p.BitsNote = "1/(2 ln 2) ≈ 0.72 bits/synapse as f → 0 (with all N² synapses counted)"
		return p, p.P90 > 0
	case memory.HopfieldDense:
		p.Kind = OtherSetting
		p.Label = "dense Hopfield 0.138·N (±1 patterns; does not apply here)"
		p.Citation = CiteAmit
		p.Assumptions = "dense random ±1 patterns (activity 1/2), sign dynamics, N → ∞; a few per cent of wrong units allowed"
		p.Differs = "our patterns are sparse and recall is winner-take-all: a unit stored in two patterns gets no net support from the ±1 rule " +
			"and loses to unused units, so hopfield-dense fails almost at once; 0.138·N is shown for contrast, it is not a prediction for this net"
		p.P90 = 0.138 * n
		return p, true
	case memory.BCPNN, memory.Bayes, memory.BayesSym:
		p.Kind = None
		p.Label = "no closed-form prediction known"
		p.Citation = CiteKnoblauch
		p.Assumptions = "the optimal Bayesian rule maximises one-step retrieval quality under naive-Bayes assumptions (independent input components); " +
			"asymptotically it approaches the Willshaw/BCPNN models for very sparse patterns and the covariance rule for less sparse ones"
		p.Differs = "no formula gives P90 for recurrent winner-take-all recall of patterns with a fixed number of active units: " +
			"those constraints break the naive-Bayes assumptions, which is why BCPNN can even beat the 'optimal' rule in simulations"
		return p, false
	case memory.Hebb:
		p.Kind = None
		p.Label = "no closed-form prediction known"
		p.Citation = CiteBenchmark
		p.Assumptions = "additive Hebb without centring"
		p.Differs = "without centring, units used by many patterns collect support from every cue, so capacity is set by usage fluctuations; " +
			"no formula for WTA recall is known to us; measured, it is the lowest of the rules"
		return p, false
	}
	p.Label = "no prediction"
	return p, false
}

// HasCurve reports whether Fcorr gives the whole expected fcorr(P) curve of
// rule (only the Willshaw finite-size formula does).
func HasCurve(rule memory.Rule) bool { return rule == memory.Willshaw }

// Fcorr returns the predicted fraction of exact recalls of rule with P
// stored patterns and cue noise nflip, and whether a finite-size formula
// exists (see HasCurve).
func Fcorr(s pattern.Shape, rule memory.Rule, nflip, P float64) (float64, bool) {
	if !HasCurve(rule) {
		return 0, false
	}
	return WillshawFcorr(s, nflip, P), true
}
