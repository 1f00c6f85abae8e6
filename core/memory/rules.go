package memory

import (
	"fmt"
	"math"
	"strings"

	"hebbplay/core/pattern"
)

// Rule names a learning rule. The ids are the ones used on the command line,
// in permalinks and in result files.
type Rule string

// The seven rules of the benchmark, and two variants (see the package doc,
// section Learning rules).
const (
	Hebb          Rule = "hebb"           // W_ij = p_ij
	Covariance    Rule = "covariance"     // W_ij = p_ij − p_i p_j
	Presynaptic   Rule = "presynaptic"    // W_ij = (C_ij − f·C_j)/P
	Hopfield      Rule = "hopfield"       // W_ij = p_ij − f p_i − f p_j + f²
	HopfieldDense Rule = "hopfield-dense" // W_ij = 4p_ij − 2p_i − 2p_j + 1 (teaching variant)
	Willshaw      Rule = "willshaw"       // W_ij = [C_ij > 0]
	BCPNN         Rule = "bcpnn"          // W_ij = log(p_ij/(p_i p_j)), B_j = log p_j
	Bayes         Rule = "bayes"          // Knoblauch's optimal Bayesian rule (asymmetric)
	BayesSym      Rule = "bayes-sym"      // (W + Wᵀ)/2 of Bayes
)

// RuleInfo describes a rule for listings and help texts.
type RuleInfo struct {
	ID        Rule
	Name      string // human-readable name
	Symmetric bool   // W_ij = W_ji, so half the synapses carry all the information
	Help      string
}

// Rules lists every rule, the benchmark's seven first, in the order used in
// tables and menus.
var Rules = []RuleInfo{
	{Hebb, "Hebb", true, "Additive Hebb: W_ij = p_ij, the fraction of patterns in which i and j were active together."},
	{Covariance, "Covariance", true, "W_ij = p_ij − p_i p_j: co-activation beyond chance."},
	{Presynaptic, "Presynaptic covariance", false, "W_ij = (C_ij − f·C_j)/P: presynaptic activity centred on the global activity f, gated by the postsynaptic unit."},
	{Hopfield, "Hopfield (sparse)", true, "Tsodyks–Feigel'man: W_ij = Σ(x_i−f)(x_j−f)/P, both sides centred on the global activity f."},
	{Willshaw, "Willshaw", true, "Clipped binary synapses: W_ij = 1 if i and j were ever active together."},
	{BCPNN, "BCPNN", true, "Bayesian confidence propagation: W_ij = log(p_ij/(p_i p_j)), B_j = log p_j."},
	{Bayes, "Bayesian optimal", false, "Knoblauch's optimal rule (naive Bayes): the log-odds that j is on given the noisy cue; asymmetric."},
	{HopfieldDense, "Hopfield (dense ±1)", true, "Teaching variant: W_ij = Σ(2x_i−1)(2x_j−1)/P; fails on sparse patterns under WTA."},
	{BayesSym, "Bayesian optimal (symmetrised)", true, "(W + Wᵀ)/2 of the Bayesian optimal rule."},
}

// BenchmarkRules returns the seven rules of the benchmark, the meaning of
// "all" on the command line.
func BenchmarkRules() []Rule {
	return []Rule{Hebb, Covariance, Presynaptic, Hopfield, Willshaw, BCPNN, Bayes}
}

// Info returns the description of r, and false if r is unknown.
func (r Rule) Info() (RuleInfo, bool) {
	for _, in := range Rules {
		if in.ID == r {
			return in, true
		}
	}
	return RuleInfo{}, false
}

// ParseRule returns the rule with id s, or an error listing the known ids.
func ParseRule(s string) (Rule, error) {
	if _, ok := Rule(s).Info(); ok {
		return Rule(s), nil
	}
	ids := make([]string, len(Rules))
	for k, in := range Rules {
		ids[k] = string(in.ID)
	}
	return "", fmt.Errorf("memory: unknown rule %q (known: %s)", s, strings.Join(ids, ", "))
}

// EpsMode is how BCPNN keeps its logarithms finite for units and pairs never
// seen active.
type EpsMode uint8

const (
	// EpsFaithful is the regularisation of the authors' public code
	// (package doc, section BCPNN regularisation): ε = 1/(P+1), p_i = max(max(C_i, ε)/P, ε),
	// p_ij = max(C_ij/P, ε²). A cue unit never seen in training gets strongly
	// negative weights to frequently used units. This is the default.
	EpsFaithful EpsMode = iota
	// EpsPseudocount adds a pseudo-count λ (Options.Pseudo, default 1) of
	// "chance" observations: p_i = (C_i + λf)/(P + λ),
	// p_ij = (C_ij + λf²)/(P + λ) with f the activity. Unseen units then get
	// weights near 0 instead of strongly negative ones.
	EpsPseudocount
)

// String returns "faithful" or "pseudocount".
func (e EpsMode) String() string {
	if e == EpsPseudocount {
		return "pseudocount"
	}
	return "faithful"
}

// ParseEpsMode is the inverse of EpsMode.String.
func ParseEpsMode(s string) (EpsMode, error) {
	switch s {
	case "faithful":
		return EpsFaithful, nil
	case "pseudocount":
		return EpsPseudocount, nil
	}
	return 0, fmt.Errorf("memory: unknown BCPNN ε handling %q (want faithful or pseudocount)", s)
}

// Options are the rule parameters that are not counts.
type Options struct {
	// Nflip is the cue noise the Bayesian rules assume (hypercolumns moved, or
	// swaps in K-of-N nets); it sets p10 and p01 (package doc, section The
	// Bayesian optimal rule). Zero is the
	// noiseless limit (the log odds-ratio).
	Nflip float64
	// Eps selects BCPNN's regularisation.
	Eps EpsMode
	// Pseudo is the pseudo-count λ of EpsPseudocount; 0 means 1.
	Pseudo float64
}

// InfWeight stands for an infinite log odds in the Bayesian rules (a count of
// zero in a ratio). It is far larger than any finite support (at most
// MaxUnits terms of |log| ≤ 4·log(2^31) ≈ 86, about 7·10⁵), so one infinite
// term decides a comparison as ±∞ would, and small enough that float32 sums of
// MaxUnits of them (≤ 8.2·10¹⁰, spacing ≤ 2·10⁴) still tell one more or one
// fewer infinite term apart.
const InfWeight = 1e7

// Weights are the learned synapses and biases of a network of N units.
//
// The rules whose weights are rational functions of the counts (hebb,
// covariance, presynaptic, hopfield, hopfield-dense, willshaw) are stored as
// whole numbers, the rule's weights times a positive constant 1/Scale (for
// Hebb, W_ij·P = C_ij). While K·max|W| ≤ 2^24 every partial sum of a support
// is a whole number that float32 holds exactly, so supports that are equal
// in exact arithmetic are equal here, and ties are decided by the tie rule,
// not by rounding (Exact reports it). Scaling every weight and bias by one
// positive constant changes no winner. The log rules (bcpnn, bayes,
// bayes-sym) are stored as they are, with Scale 1.
type Weights struct {
	// N is the number of units.
	N int
	// W is the N×N weight matrix in row-major order: W[i*N+j]·Scale is the
	// weight from presynaptic unit i to postsynaptic unit j. Row i is what
	// an active unit i adds to every unit's support, so recall reads whole
	// rows. Self-connections are zero: the diagonal in K-of-N nets, and
	// every intra-hypercolumn M×M block in modular nets.
	W []float32
	// B[j]·Scale is the bias of unit j.
	B []float32
	// Scale converts stored values to the rule's weights, biases and
	// supports: multiply by it.
	Scale float64
	// Exact reports that every support is computed without rounding, so
	// exact ties are seen as ties.
	Exact bool
	// Rule is the rule that produced the weights.
	Rule Rule
}

// At returns the rule's weight from unit i to unit j (W[i*N+j]·Scale).
func (w *Weights) At(i, j int) float64 { return float64(w.W[i*w.N+j]) * w.Scale }

// Bias returns the rule's bias of unit j (B[j]·Scale).
func (w *Weights) Bias(j int) float64 { return float64(w.B[j]) * w.Scale }

// exactLimit is the largest whole number below which float32 holds every
// whole number: 2^24 (IEEE 754 binary32 has a 24-bit significand).
const exactLimit = 1 << 24

// Derive computes the weights of rule from counts c for a network of shape s
// into dst (reused when it has room; nil allocates) and returns it.
func Derive(dst *Weights, c *Counts, s pattern.Shape, rule Rule, opt Options) (*Weights, error) {
	if c.N != s.N {
		return nil, fmt.Errorf("memory: counts for %d units, shape %v has %d", c.N, s, s.N)
	}
	info, ok := rule.Info()
	if !ok {
		_, err := ParseRule(string(rule))
		return nil, err
	}
	if rule == Bayes || rule == BayesSym {
		if err := s.CheckFlip(opt.Nflip); err != nil {
			return nil, fmt.Errorf("memory: bayes: %w", err)
		}
	}
	n := s.N
	if dst == nil {
		dst = &Weights{}
	}
	dst.N, dst.Rule, dst.Scale, dst.Exact = n, info.ID, 1, false
	if cap(dst.W) < n*n {
		dst.W = make([]float32, n*n)
	}
	dst.W = dst.W[:n*n]
	if cap(dst.B) < n {
		dst.B = make([]float32, n)
	}
	dst.B = dst.B[:n]
	clear(dst.B)
	if c.P == 0 {
		// Nothing stored: no evidence for anything.
		clear(dst.W)
		return dst, nil
	}

	P := float64(c.P)
	f := s.Activity()
	intRow, scale := intRowFunc(c, s, rule)
	whole := intRow != nil // whole-number weights
	var cell func(cij, ci, cj float64) float64
	var memo *countMemo
	if whole {
		dst.Scale = scale
	} else {
		cell, memo = cellFunc(c, s, rule, opt), newCountMemo(c)
	}
	var maxAbs uint32 // the largest |W_ij| so far, as float32 bits
	for i := range n {
		row := dst.W[i*n : (i+1)*n]
		if whole {
			intRow(row, c.Cij[i*n:(i+1)*n], float64(c.Ci[i]))
		} else {
			memo.row(row, c.Cij[i*n:(i+1)*n], i, cell)
		}
		// Remove self-connections.
		if s.Kind == pattern.Modular {
			h := i / s.M
			clear(row[h*s.M : (h+1)*s.M])
		} else {
			row[i] = 0
		}
		if whole {
			maxAbs = maxAbsBits(row, maxAbs)
		}
	}
	if whole {
		// Whole numbers below 2^24 are exact in float32; a support adds K
		// rows (H in modular nets), so its partial sums stay below
		// K·maxAbs.
		dst.Exact = float64(s.K)*float64(math.Float32frombits(maxAbs)) <= exactLimit
		if !dst.Exact && dst.Scale != 1 {
			// Too large to be exact: store the rule's own weights, which
			// keeps the supports' relative rounding small.
			for k := range dst.W {
				dst.W[k] = float32(float64(dst.W[k]) * dst.Scale)
			}
			dst.Scale = 1
		}
	}

	switch rule {
	case BCPNN:
		for j := range n {
			dst.B[j] = float32(math.Log(bcpnnPi(opt, f, float64(c.Ci[j]), P)))
		}
	case Bayes, BayesSym:
		bayesBias(dst.B, c, s, opt)
		if rule == BayesSym {
			for i := range n {
				for j := i + 1; j < n; j++ {
					m := (dst.W[i*n+j] + dst.W[j*n+i]) / 2
					dst.W[i*n+j], dst.W[j*n+i] = m, m
				}
			}
		}
	}
	return dst, nil
}

// maxAbsBits returns the larger of m and the largest |v| of row, both as
// float32 bits with the sign cleared: for numbers that are not NaN, the
// order of these bits as integers is the order of the magnitudes. (Go's
// max builtin on floats is a runtime call on WebAssembly; this loop ran 5×
// faster there and 7× faster on amd64 in a micro-benchmark.)
func maxAbsBits(row []float32, m uint32) uint32 {
	for _, v := range row {
		m = max(m, math.Float32bits(v)&^(1<<31))
	}
	return m
}

// intRowFunc returns, for the rules whose weights are rational functions of
// the counts, a function that fills a row of the weights times a positive
// constant, whole numbers computed from (C_ij, C_i, C_j), and the constant's
// inverse (the Weights.Scale). With a = N/g and b = K/g for g = gcd(N, K),
// so that the activity f = b/a:
//
//	hebb            C_ij                              Scale 1/P
//	covariance      P·C_ij − C_i·C_j                  Scale 1/P²
//	presynaptic     a·C_ij − b·C_j                    Scale 1/(a·P)
//	hopfield        a²·C_ij − a·b·(C_i + C_j) + b²·P   Scale 1/(a²·P)
//	hopfield-dense  4·C_ij − 2·C_i − 2·C_j + P        Scale 1/P
//	willshaw        1 if C_ij > 0, else 0             Scale 1
//
// The values are whole numbers computed in float64, exact below 2^53 in
// magnitude; anything near that size fails Derive's check against 2^24,
// which then stores the rule's own (rounded) weights instead. Each rule has
// its own loop: a cell function called through a closure, or a table of
// its values, cost 2–4× more per weight (BenchmarkDerive, natively and on
// WebAssembly). It returns nil for the other rules.
func intRowFunc(c *Counts, s pattern.Shape, rule Rule) (func(dst []float32, crow []int32, ci float64), float64) {
	P := float64(c.P)
	g := gcd(s.N, s.K)
	a, b := float64(s.N/g), float64(s.K/g)
	cs := c.Ci
	switch rule {
	case Hebb:
		return func(dst []float32, crow []int32, _ float64) {
			for j, cij := range crow[:len(dst)] {
				dst[j] = float32(float64(cij))
			}
		}, 1 / P
	case Covariance:
		return func(dst []float32, crow []int32, ci float64) {
			crow, cs := crow[:len(dst)], cs[:len(dst)]
			for j := range dst {
				dst[j] = float32(P*float64(crow[j]) - ci*float64(cs[j]))
			}
		}, 1 / (P * P)
	case Presynaptic:
		return func(dst []float32, crow []int32, _ float64) {
			crow, cs := crow[:len(dst)], cs[:len(dst)]
			for j := range dst {
				dst[j] = float32(a*float64(crow[j]) - b*float64(cs[j]))
			}
		}, 1 / (a * P)
	case Hopfield:
		return func(dst []float32, crow []int32, ci float64) {
			crow, cs := crow[:len(dst)], cs[:len(dst)]
			for j := range dst {
				dst[j] = float32(a*a*float64(crow[j]) - a*b*(ci+float64(cs[j])) + b*b*P)
			}
		}, 1 / (a * a * P)
	case HopfieldDense:
		return func(dst []float32, crow []int32, ci float64) {
			crow, cs := crow[:len(dst)], cs[:len(dst)]
			for j := range dst {
				dst[j] = float32(4*float64(crow[j]) - 2*ci - 2*float64(cs[j]) + P)
			}
		}, 1 / P
	case Willshaw:
		return func(dst []float32, crow []int32, _ float64) {
			for j, cij := range crow[:len(dst)] {
				dst[j] = float32(min(cij, 1)) // counts are never negative
			}
		}, 1
	}
	return nil, 1
}

func gcd(x, y int) int {
	for y != 0 {
		x, y = y, x%y
	}
	return x
}

// cellFunc returns the weight W_ij as a function of (C_ij, C_i, C_j) for rule.
func cellFunc(c *Counts, s pattern.Shape, rule Rule, opt Options) func(cij, ci, cj float64) float64 {
	P := float64(c.P)
	f := s.Activity()
	switch rule {
	case Hebb:
		return func(cij, _, _ float64) float64 { return cij / P }
	case Covariance:
		return func(cij, ci, cj float64) float64 { return cij/P - (ci/P)*(cj/P) }
	case Presynaptic:
		return func(cij, _, cj float64) float64 { return (cij - f*cj) / P }
	case Hopfield:
		return func(cij, ci, cj float64) float64 { return cij/P - f*ci/P - f*cj/P + f*f }
	case HopfieldDense:
		return func(cij, ci, cj float64) float64 { return 4*cij/P - 2*ci/P - 2*cj/P + 1 }
	case Willshaw:
		return func(cij, _, _ float64) float64 {
			if cij > 0 {
				return 1
			}
			return 0
		}
	case BCPNN:
		return func(cij, ci, cj float64) float64 {
			return math.Log(bcpnnPij(opt, f, cij, P) / (bcpnnPi(opt, f, ci, P) * bcpnnPi(opt, f, cj, P)))
		}
	default: // Bayes, BayesSym
		p10, p01 := noise(s, opt.Nflip)
		return func(cij, ci, cj float64) float64 {
			m11, m10, m01, m00 := cij, ci-cij, cj-cij, P-ci-cj+cij
			return logRatio(m11*(1-p10)+m01*p01, m10*p10+m00*(1-p01),
				m10*(1-p10)+m00*p01, m11*p10+m01*(1-p01))
		}
	}
}

// bcpnnPi returns BCPNN's regularised probability that a unit with count ci
// is active.
func bcpnnPi(opt Options, f, ci, P float64) float64 {
	if opt.Eps == EpsPseudocount {
		l := pseudo(opt)
		return (ci + l*f) / (P + l)
	}
	eps := 1 / (P + 1)
	return max(max(ci, eps)/P, eps)
}

// bcpnnPij returns BCPNN's regularised pair probability for count cij.
func bcpnnPij(opt Options, f, cij, P float64) float64 {
	if opt.Eps == EpsPseudocount {
		l := pseudo(opt)
		return (cij + l*f*f) / (P + l)
	}
	eps := 1 / (P + 1)
	return max(cij/P, eps*eps)
}

func pseudo(opt Options) float64 {
	if opt.Pseudo > 0 {
		return opt.Pseudo
	}
	return 1
}

// noise returns the per-unit cue noise p10 = P(cue 0 | stored 1) and
// p01 = P(cue 1 | stored 0) for nflip flips: the noise model of the package
// doc, section The Bayesian optimal rule.
func noise(s pattern.Shape, nflip float64) (p10, p01 float64) {
	if s.Kind == pattern.Modular {
		p10 = nflip / float64(s.H)
		return p10, p10 / float64(s.M-1)
	}
	return nflip / float64(s.K), nflip / float64(s.N-s.K)
}

// logRatio returns log(a·b) − log(c·d) with infinities made finite: a zero
// factor only in the numerator gives −InfWeight, only in the denominator
// +InfWeight, and zeros on both sides give 0 (0/0: no evidence either way).
func logRatio(a, b, c, d float64) float64 {
	numZero, denZero := a <= 0 || b <= 0, c <= 0 || d <= 0
	switch {
	case numZero && denZero:
		return 0
	case numZero:
		return -InfWeight
	case denZero:
		return InfWeight
	}
	return math.Log(a) + math.Log(b) - math.Log(c) - math.Log(d)
}

// bayesBias computes B_j = log(M1/M0) + Σ_{i≠j} log([M11·p10 + M01(1−p01)]·M0
// / ([M10·p10 + M00(1−p01)]·M1)) over the inputs i that have a weight to j
// (package doc, section The Bayesian optimal rule), in float64.
func bayesBias(dst []float32, c *Counts, s pattern.Shape, opt Options) {
	p10, p01 := noise(s, opt.Nflip)
	P := float64(c.P)
	n := s.N
	term := func(cij, ci, cj float64) float64 {
		m11, m10, m01, m00 := cij, ci-cij, cj-cij, P-ci-cj+cij
		m1, m0 := cj, P-cj
		return logRatio(m11*p10+m01*(1-p01), m0, m10*p10+m00*(1-p01), m1)
	}
	// The terms of B_j for inputs i are column j of a matrix of terms; C is
	// symmetric, so row j of C_ij serves as column j, and the memo fills row
	// j of terms with (C_ij, C_j, C_i) swapped into the cell function's order.
	memo := newCountMemo(c)
	terms := make([]float32, n)
	swapped := func(cji, cj, ci float64) float64 { return term(cji, ci, cj) }
	for j := range n {
		memo.row(terms, c.Cij[j*n:(j+1)*n], j, swapped)
		cj := float64(c.Ci[j])
		b := logRatio(cj, 1, P-cj, 1)
		for i := range n {
			if i == j || (s.Kind == pattern.Modular && i/s.M == j/s.M) {
				continue
			}
			b += float64(terms[i])
		}
		dst[j] = float32(b)
	}
}

// countMemo caches a cell function of the counts (C_ij, C_i, C_j) in a table
// indexed by (rank of C_i among the distinct unit counts, rank of C_j, C_ij),
// filled on first use. The log rules cost several logarithms a cell, but the
// counts take few distinct values (a few dozen C_i values, C_ij ≤ max C_i),
// so most cells become a table look-up. Tables over 2^22 entries are not
// made; the cell function is then called directly.
type countMemo struct {
	c     *Counts
	rank  []int32 // rank[i]: index of C_i among the distinct values
	d     int     // distinct values of C_i
	width int     // max C_i + 1: the C_ij axis
	tab   []float64
	ok    bool
}

const maxMemo = 1 << 22

func newCountMemo(c *Counts) *countMemo {
	m := &countMemo{c: c, rank: make([]int32, c.N)}
	idx := map[int32]int32{}
	var cmax int32
	for i, v := range c.Ci {
		r, seen := idx[v]
		if !seen {
			r = int32(len(idx))
			idx[v] = r
		}
		m.rank[i] = r
		cmax = max(cmax, v)
	}
	m.d, m.width = len(idx), int(cmax)+1
	if size := m.d * m.d * m.width; size <= maxMemo {
		m.tab = make([]float64, size)
		for k := range m.tab {
			m.tab[k] = math.NaN()
		}
		m.ok = true
	}
	return m
}

// row fills dst[j] = cell(crow[j], C_i, C_j) for unit i, with crow row i of
// C_ij (or any row of counts of unit i against every j).
func (m *countMemo) row(dst []float32, crow []int32, i int, cell func(cij, ci, cj float64) float64) {
	ci := float64(m.c.Ci[i])
	if !m.ok {
		for j := range dst {
			dst[j] = float32(cell(float64(crow[j]), ci, float64(m.c.Ci[j])))
		}
		return
	}
	sub := m.tab[int(m.rank[i])*m.d*m.width : (int(m.rank[i])+1)*m.d*m.width]
	for j := range dst {
		k := int(m.rank[j])*m.width + int(crow[j])
		v := sub[k]
		if v != v { // NaN: not computed yet
			v = cell(float64(crow[j]), ci, float64(m.c.Ci[j]))
			sub[k] = v
		}
		dst[j] = float32(v)
	}
}
