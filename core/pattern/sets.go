package pattern

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// CorrKind selects how a Generator correlates the patterns it draws.
type CorrKind uint8

const (
	// Uncorrelated patterns: every pattern is drawn uniformly (Random).
	Uncorrelated CorrKind = iota
	// Hierarchical patterns: Parents parent patterns are drawn first; each
	// pattern is a parent chosen uniformly, distorted with Dparent flips.
	// Small Dparent means strongly correlated patterns.
	Hierarchical
	// Zipf patterns: in each hypercolumn unit k is used with probability
	// ∝ (k+1)^(−S); for K-of-N nets unit u is weighted (u+1)^(−S) and K units
	// are drawn without replacement. S = 0 is uniform.
	Zipf
)

// String returns "none", "hierarchical" or "zipf".
func (c CorrKind) String() string {
	switch c {
	case Uncorrelated:
		return "none"
	case Hierarchical:
		return "hierarchical"
	case Zipf:
		return "zipf"
	}
	return fmt.Sprintf("CorrKind(%d)", uint8(c))
}

// ParseCorrKind is the inverse of CorrKind.String.
func ParseCorrKind(s string) (CorrKind, error) {
	for _, c := range []CorrKind{Uncorrelated, Hierarchical, Zipf} {
		if c.String() == s {
			return c, nil
		}
	}
	return 0, fmt.Errorf("pattern: unknown correlation %q (want none, hierarchical or zipf)", s)
}

// Correlation describes a correlated pattern set (package doc, section
// Correlated sets; the paper's own method is unpublished, these two knobs are
// our choice).
type Correlation struct {
	Kind    CorrKind
	Parents int     // Hierarchical: number of parent patterns G (≥ 1)
	Dparent float64 // Hierarchical: flips from the parent (fractional: floor or ceil at random, mean Dparent)
	S       float64 // Zipf: exponent s ≥ 0
}

// Validate checks the correlation's parameters against shape s.
func (c Correlation) Validate(s Shape) error {
	switch c.Kind {
	case Uncorrelated:
	case Hierarchical:
		if c.Parents < 1 {
			return fmt.Errorf("pattern: %d parents; need ≥ 1", c.Parents)
		}
		if err := s.CheckFlip(c.Dparent); err != nil {
			return fmt.Errorf("pattern: dparent: %w", err)
		}
	case Zipf:
		if c.S < 0 || math.IsNaN(c.S) || c.S > 10 {
			return fmt.Errorf("pattern: Zipf exponent s = %g; need 0 ≤ s ≤ 10", c.S)
		}
	default:
		return fmt.Errorf("pattern: unknown correlation kind %d", c.Kind)
	}
	return nil
}

// Generator draws the patterns of one repetition of an experiment, one after
// another, from its own seeded generator. The first P patterns it returns do
// not depend on how many more are drawn later, so a capacity search can grow
// and shrink a stored set without changing its members.
type Generator struct {
	shape   Shape
	r       *rand.Rand
	corr    Correlation
	parents []Pattern
	weights []float64 // Zipf: unnormalised unit weights, length M (modular) or N (K-of-N)
	keys    []float64 // Zipf K-of-N scratch
	idx     []int32   // Zipf K-of-N scratch
}

// NewGenerator returns a generator of patterns of shape s with correlation c,
// drawing from r.
func NewGenerator(s Shape, r *rand.Rand, c Correlation) (*Generator, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if err := c.Validate(s); err != nil {
		return nil, err
	}
	g := &Generator{shape: s, r: r, corr: c}
	switch c.Kind {
	case Hierarchical:
		g.parents = make([]Pattern, c.Parents)
		for k := range g.parents {
			g.parents[k] = Random(nil, r, s)
		}
	case Zipf:
		n := s.M
		if s.Kind == KofN {
			n = s.N
		}
		g.weights = make([]float64, n)
		for k := range g.weights {
			g.weights[k] = math.Pow(float64(k+1), -c.S)
		}
	}
	return g, nil
}

// Shape returns the generator's shape.
func (g *Generator) Shape() Shape { return g.shape }

// Rand returns the generator's random source (shared with prototype
// instances, so a whole repetition stays one stream).
func (g *Generator) Rand() *rand.Rand { return g.r }

// Next draws the next pattern into dst (reused when large enough).
func (g *Generator) Next(dst Pattern) Pattern {
	s, r := g.shape, g.r
	switch g.corr.Kind {
	case Hierarchical:
		parent := g.parents[r.IntN(len(g.parents))]
		return Distort(dst, r, s, parent, roundRandom(r, g.corr.Dparent))
	case Zipf:
		if s.Kind == Modular {
			dst = slices.Grow(dst[:0], s.K)[:s.K]
			for h := range dst {
				dst[h] = int32(h*s.M + pick(r, g.weights))
			}
			return dst
		}
		return g.weightedKofN(dst)
	}
	return Random(dst, r, s)
}

// roundRandom returns ⌊x⌋ or ⌈x⌉ with mean x.
func roundRandom(r *rand.Rand, x float64) int {
	lo := math.Floor(x)
	if r.Float64() < x-lo {
		return int(lo) + 1
	}
	return int(lo)
}

// pick draws index k with probability w[k]/Σw (inverse CDF; M is small).
func pick(r *rand.Rand, w []float64) int {
	var total float64
	for _, v := range w {
		total += v
	}
	u := r.Float64() * total
	for k, v := range w {
		u -= v
		if u < 0 {
			return k
		}
	}
	return len(w) - 1
}

// weightedKofN draws K distinct units with weights g.weights without
// replacement, by the exponential-keys method of Efraimidis & Spirakis,
// "Weighted random sampling with a reservoir", IPL 97(5), 2006: keep the K
// largest log(U)/w.
func (g *Generator) weightedKofN(dst Pattern) Pattern {
	s := g.shape
	g.keys = slices.Grow(g.keys[:0], s.N)[:s.N]
	g.idx = slices.Grow(g.idx[:0], s.N)[:s.N]
	for u := range g.keys {
		g.keys[u] = math.Log(1-g.r.Float64()) / g.weights[u]
		g.idx[u] = int32(u)
	}
	slices.SortFunc(g.idx, func(a, b int32) int {
		switch ka, kb := g.keys[a], g.keys[b]; {
		case ka > kb:
			return -1
		case ka < kb:
			return 1
		}
		return int(a - b)
	})
	dst = append(dst[:0], g.idx[:s.K]...)
	slices.Sort(dst)
	return dst
}

// Prototype is one prototype of a prototype-extraction experiment with its
// distorted training and test instances. The prototype itself is never stored.
type Prototype struct {
	Proto Pattern   // the generating prototype
	Train []Pattern // ninst training instances, each distorted with nflip_train
	Test  []Pattern // ninst fresh test instances, each distorted with nflip_test
}

// NextPrototype draws the next prototype from g and ninst training and ninst
// test instances of it. Fractional flip counts are spread with FlipCounts over
// each prototype's instances, so their mean is exact whenever nflip·ninst is a
// whole number.
func NextPrototype(g *Generator, ninst int, nflipTrain, nflipTest float64) Prototype {
	p := Prototype{Proto: g.Next(nil)}
	p.Train = make([]Pattern, ninst)
	for k, f := range FlipCounts(g.r, ninst, nflipTrain) {
		p.Train[k] = Distort(nil, g.r, g.shape, p.Proto, f)
	}
	p.Test = make([]Pattern, ninst)
	for k, f := range FlipCounts(g.r, ninst, nflipTest) {
		p.Test[k] = Distort(nil, g.r, g.shape, p.Proto, f)
	}
	return p
}
