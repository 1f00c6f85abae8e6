package memory

import (
	"fmt"
	"math"
	"slices"

	"hebbplay/core/pattern"
)

// This file explains a recall: how much of a unit's support comes from the
// memory being recalled (the signal) and how much from the other memories
// (the crosstalk), how far each winner is ahead of its best rival (the
// margin), and the energy that the dynamics descend for the rules that have
// one. The package doc, section "Why recall fails", defines each quantity.

// SplitMethod says how a support is split into signal and crosstalk.
type SplitMethod uint8

const (
	// SplitShare is used for the rules whose weight is a sum over the stored
	// patterns of one term per pattern (hebb, covariance, presynaptic,
	// hopfield, hopfield-dense): the signal is the own patterns' terms,
	// the crosstalk every other pattern's terms.
	SplitShare SplitMethod = iota
	// SplitLeaveOut is used for the rules that are not such a sum (willshaw,
	// bcpnn, bayes, bayes-sym): the crosstalk is the support the unit would
	// get with the own patterns never stored, the signal the difference.
	SplitLeaveOut
)

// String returns "share" or "leave-out".
func (m SplitMethod) String() string {
	if m == SplitLeaveOut {
		return "leave-out"
	}
	return "share"
}

// MethodOf returns the split method of rule.
func MethodOf(rule Rule) SplitMethod {
	switch rule {
	case Hebb, Covariance, Presynaptic, Hopfield, HopfieldDense:
		return SplitShare
	}
	return SplitLeaveOut
}

// Split is one unit's support s_j = B_j + Σ_{i active} W_ij split into the
// part due to the own patterns (Signal) and the rest (Crosstalk), in the
// rule's units: Support = Signal + Crosstalk exactly (up to the last bit of
// float64), computed in float64 from the counts.
type Split struct {
	Unit      int
	Support   float64
	Signal    float64
	Crosstalk float64
}

// Explainer splits supports for one set of counts, rule and set of own
// patterns (the pattern being recalled; in prototype extraction, the stored
// instances of the prototype). It reads the counts, which must not change
// while it is used.
type Explainer struct {
	c      *Counts
	s      pattern.Shape
	rule   Rule
	opt    Options
	own    []pattern.Pattern
	method SplitMethod
	full   func(cij, ci, cj float64) float64 // the rule's weight from all counts
	rest   func(cij, ci, cj float64) float64 // from the counts without the own patterns
	rown   []int32                           // rown[i]: own patterns in which i is active
	restB  map[int]float64                   // bias without the own patterns, per unit
	fullB  map[int]float64                   // bias from all counts (Bayes: a sum over N)
}

// NewExplainer returns the explainer of rule on counts c of shape s, with own
// the stored patterns whose contribution is the signal. It refuses own
// patterns that do not fit s or that cannot all have been stored in c (a
// count would become negative without them).
func NewExplainer(c *Counts, s pattern.Shape, rule Rule, opt Options, own []pattern.Pattern) (*Explainer, error) {
	if c == nil || c.N != s.N {
		return nil, fmt.Errorf("memory: explain: counts do not fit shape %v", s)
	}
	if _, ok := rule.Info(); !ok {
		_, err := ParseRule(string(rule))
		return nil, err
	}
	if len(own) > c.P {
		return nil, fmt.Errorf("memory: explain: %d own patterns, but only %d stored", len(own), c.P)
	}
	e := &Explainer{c: c, s: s, rule: rule, opt: opt, own: own, method: MethodOf(rule),
		rown: make([]int32, s.N), restB: map[int]float64{}, fullB: map[int]float64{}}
	for k, p := range own {
		if err := s.Check(p); err != nil {
			return nil, fmt.Errorf("memory: explain: own pattern %d: %w", k, err)
		}
		for _, i := range p {
			e.rown[i]++
		}
	}
	for k, p := range own {
		for _, i := range p {
			if e.rown[i] > c.Ci[i] {
				return nil, fmt.Errorf("memory: explain: own pattern %d: unit %d is active in more own patterns than stored ones", k, i)
			}
			for _, j := range p {
				if e.pairOwn(int(i), int(j)) > c.Cij[int(i)*c.N+int(j)] {
					return nil, fmt.Errorf("memory: explain: own pattern %d: units %d and %d were not stored together that often", k, i, j)
				}
			}
		}
	}
	e.full = e.cell(c.P)
	e.rest = e.cell(c.P - len(own))
	return e, nil
}

// Method returns how the explainer splits supports.
func (e *Explainer) Method() SplitMethod { return e.method }

// cell returns the rule's weight as a function of the counts of P stored
// patterns (nil when P = 0: no weights).
func (e *Explainer) cell(P int) func(cij, ci, cj float64) float64 {
	if P <= 0 {
		return nil
	}
	f := cellFunc(&Counts{P: P}, e.s, e.rule, e.opt)
	if e.rule == BayesSym {
		return func(cij, ci, cj float64) float64 { return (f(cij, ci, cj) + f(cij, cj, ci)) / 2 }
	}
	return f
}

// pairOwn is the number of own patterns in which i and j are both active.
func (e *Explainer) pairOwn(i, j int) int32 {
	if e.rown[i] == 0 || e.rown[j] == 0 {
		return 0
	}
	var n int32
	for _, p := range e.own {
		if has32(p, int32(i)) && has32(p, int32(j)) {
			n++
		}
	}
	return n
}

func has32(p pattern.Pattern, u int32) bool {
	_, ok := slices.BinarySearch(p, u)
	return ok
}

// masked reports whether the synapse i→j is removed (package doc, section
// Self-connections).
func (e *Explainer) masked(i, j int) bool {
	if e.s.Kind == pattern.Modular {
		return i/e.s.M == j/e.s.M
	}
	return i == j
}

// bias returns B_j from counts of P patterns, with own counts removed when
// without is set.
func (e *Explainer) bias(j int, without bool) float64 {
	cache := e.fullB
	P := e.c.P
	if without {
		cache, P = e.restB, e.c.P-len(e.own)
	}
	if b, ok := cache[j]; ok {
		return b
	}
	var b float64
	if P > 0 {
		sub := func(i int) (cij, ci float64) {
			cij, ci = float64(e.c.Cij[i*e.c.N+j]), float64(e.c.Ci[i])
			if without {
				cij -= float64(e.pairOwn(i, j))
				ci -= float64(e.rown[i])
			}
			return cij, ci
		}
		_, cj := sub(j)
		Pf := float64(P)
		switch e.rule {
		case BCPNN:
			b = math.Log(bcpnnPi(e.opt, e.s.Activity(), cj, Pf))
		case Bayes, BayesSym:
			p10, p01 := noise(e.s, e.opt.Nflip)
			b = logRatio(cj, 1, Pf-cj, 1)
			for i := range e.s.N {
				if e.masked(i, j) {
					continue
				}
				cij, ci := sub(i)
				m11, m10, m01, m00 := cij, ci-cij, cj-cij, Pf-ci-cj+cij
				// The same float32 rounding of each term as bayesBias.
				b += float64(float32(logRatio(m11*p10+m01*(1-p01), Pf-cj, m10*p10+m00*(1-p01), cj)))
			}
		}
	}
	cache[j] = b
	return b
}

// support returns s_j for state x from all counts, or without the own
// patterns.
func (e *Explainer) support(x pattern.Pattern, j int, without bool) float64 {
	cell := e.full
	if without {
		cell = e.rest
	}
	if cell == nil {
		return 0
	}
	s := e.bias(j, without)
	cj := float64(e.c.Ci[j])
	if without {
		cj -= float64(e.rown[j])
	}
	for _, u := range x {
		i := int(u)
		if e.masked(i, j) {
			continue
		}
		cij, ci := float64(e.c.Cij[i*e.c.N+j]), float64(e.c.Ci[i])
		if without {
			cij -= float64(e.pairOwn(i, j))
			ci -= float64(e.rown[i])
		}
		s += cell(cij, ci, cj)
	}
	return s
}

// share returns the own patterns' terms of s_j for state x (SplitShare):
// with a_i = [i active in the own pattern], b = [j active in it], the term
// of one pattern is a_i·b (hebb), (a_i−p_i)(b−p_j) (covariance),
// b·(a_i−f) (presynaptic), (a_i−f)(b−f) (hopfield) or (2a_i−1)(2b−1)
// (hopfield-dense), divided by P, with p_i = C_i/P over all stored patterns.
func (e *Explainer) share(x pattern.Pattern, j int) float64 {
	P := float64(e.c.P)
	f := e.s.Activity()
	pj := float64(e.c.Ci[j]) / P
	var sum float64
	for _, p := range e.own {
		b := 0.0
		if has32(p, int32(j)) {
			b = 1
		}
		for _, u := range x {
			i := int(u)
			if e.masked(i, j) {
				continue
			}
			a := 0.0
			if has32(p, u) {
				a = 1
			}
			switch e.rule {
			case Hebb:
				sum += a * b
			case Covariance:
				sum += (a - float64(e.c.Ci[i])/P) * (b - pj)
			case Presynaptic:
				sum += b * (a - f)
			case Hopfield:
				sum += (a - f) * (b - f)
			case HopfieldDense:
				sum += (2*a - 1) * (2*b - 1)
			}
		}
	}
	return sum / P
}

// Split returns unit j's support for state x split into signal and
// crosstalk (package doc, section Why recall fails). x may be any set of
// units (an edited cue too); j must be a unit of the network.
func (e *Explainer) Split(x pattern.Pattern, j int) Split {
	sp := Split{Unit: j, Support: e.support(x, j, false)}
	if e.method == SplitShare {
		sp.Signal = e.share(x, j)
		sp.Crosstalk = sp.Support - sp.Signal
		return sp
	}
	sp.Crosstalk = e.support(x, j, true)
	sp.Signal = sp.Support - sp.Crosstalk
	return sp
}

// Margins returns how far each winner of support is ahead of its best rival,
// in the rule's units (support is stored support, as Net.Support gives it,
// and scale the Weights.Scale that converts it). Modular: one margin per
// hypercolumn, the largest support minus the second largest. K-of-N: one
// margin, the K-th largest support minus the (K+1)-th. A margin of 0 is a
// tie, decided by the tie rule.
func Margins(s pattern.Shape, support []float32, scale float64) []float64 {
	if s.Kind == pattern.Modular {
		out := make([]float64, s.H)
		for h := range s.H {
			first, second := math.Inf(-1), math.Inf(-1)
			for _, v := range support[h*s.M : (h+1)*s.M] {
				x := float64(v)
				if x > first {
					first, second = x, first
				} else if x > second {
					second = x
				}
			}
			out[h] = (first - second) * scale
		}
		return out
	}
	sorted := make([]float64, len(support))
	for i, v := range support {
		sorted[i] = float64(v)
	}
	slices.Sort(sorted)
	n := len(sorted)
	return []float64{(sorted[n-s.K] - sorted[n-s.K-1]) * scale}
}

// HasEnergy reports whether rule's dynamics have an energy (a Lyapunov
// function): exactly the rules with symmetric weights (RuleInfo.Symmetric).
func HasEnergy(rule Rule) bool {
	in, ok := rule.Info()
	return ok && in.Symmetric
}

// Energy returns E(x) = −½ Σ_{i,j∈x} W_ij − Σ_{j∈x} B_j in the rule's units
// (package doc, section Why recall fails). It is meaningful as an energy only
// for symmetric weights (HasEnergy).
func Energy(w *Weights, x pattern.Pattern) float64 {
	return -Cross(w, x, x)/2 - biasSum(w, x)
}

// Lyapunov returns the two-state function of synchronous recall,
// V(x, prev) = −½ Σ_{i∈prev, j∈x} W_ij − ½ Σ_j B_j (x_j + prev_j), in the
// rule's units: with symmetric weights it never increases along a
// synchronous trajectory (x = state after an iteration, prev = state before
// it), and it equals Energy(x) at a fixed point.
func Lyapunov(w *Weights, x, prev pattern.Pattern) float64 {
	return -Cross(w, prev, x)/2 - (biasSum(w, x)+biasSum(w, prev))/2
}

// Cross returns Σ_{i∈from, j∈to} W_ij in the rule's units.
func Cross(w *Weights, from, to pattern.Pattern) float64 {
	var sum float64
	for _, i := range from {
		row := w.W[int(i)*w.N : int(i+1)*w.N]
		for _, j := range to {
			sum += float64(row[j])
		}
	}
	return sum * w.Scale
}

func biasSum(w *Weights, x pattern.Pattern) float64 {
	var sum float64
	for _, j := range x {
		sum += float64(w.B[j])
	}
	return sum * w.Scale
}
