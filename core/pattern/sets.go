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
	// Zipf patterns: in each hypercolumn the unit of popularity rank k
	// (k = 0 the most popular) is used with probability ∝ (k+1)^(−S); for
	// K-of-N nets the unit of rank k over all N is weighted (k+1)^(−S) and K
	// units are drawn without replacement. S = 0 is uniform. Ranks are a
	// random permutation of the units, drawn once per generator from its
	// stream (per hypercolumn in modular nets): were rank and index the same,
	// recall's tie rule (lowest index first) would favour the most popular
	// units, an artefact that raised Willshaw's capacity by 8–32%.
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
	Dparent float64 // Hierarchical: flips from the parent (fractional: floor or ceil, see Generator.Next)
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
	drawn   int     // Hierarchical: patterns drawn so far
	phase   float64 // Hierarchical: offset φ in [0, 1) of the dparent sequence
	// weights are the unnormalised Zipf weights by rank: weights[k] = (k+1)^(−S),
	// length M (modular) or N (K-of-N).
	weights []float64
	// unit maps ranks to units. Modular: unit[h*M+k] is the offset within
	// hypercolumn h of the unit of rank k there. K-of-N: unit[k] is the unit
	// of rank k.
	unit []int32
	keys []float64 // Zipf K-of-N scratch
	idx  []int32   // Zipf K-of-N scratch
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
		g.phase = r.Float64()
	case Zipf:
		n := s.M
		if s.Kind == KofN {
			n = s.N
		}
		g.weights = make([]float64, n)
		for k := range g.weights {
			g.weights[k] = math.Pow(float64(k+1), -c.S)
		}
		// One random permutation of ranks per hypercolumn (K-of-N: one
		// over all units), from the repetition's own stream.
		g.unit = make([]int32, s.N)
		for off := 0; off < s.N; off += n {
			perm := g.unit[off : off+n]
			for k := range perm {
				perm[k] = int32(k)
			}
			r.Shuffle(n, func(a, b int) { perm[a], perm[b] = perm[b], perm[a] })
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
//
// In hierarchical sets a fractional Dparent = d gives the n-th pattern
// (n = 1, 2, …) ⌊n·d + φ⌋ − ⌊(n−1)·d + φ⌋ flips, which is ⌊d⌋ or ⌈d⌉, with φ
// drawn once per generator uniformly in [0, 1). The flips of the first n
// patterns then add up to ⌊n·d + φ⌋: their mean is d exactly whenever n·d is
// a whole number, and within 1/n of d otherwise, for every prefix of the
// sequence, so a capacity search that grows or shrinks the stored set keeps
// the mean it asks for (a random stratified, or "systematic", rounding).
func (g *Generator) Next(dst Pattern) Pattern {
	s, r := g.shape, g.r
	switch g.corr.Kind {
	case Hierarchical:
		parent := g.parents[r.IntN(len(g.parents))]
		g.drawn++
		return Distort(dst, r, s, parent, systematic(g.corr.Dparent, g.phase, g.drawn))
	case Zipf:
		if s.Kind == Modular {
			dst = slices.Grow(dst[:0], s.K)[:s.K]
			for h := range dst {
				dst[h] = int32(h*s.M) + g.unit[h*s.M+pick(r, g.weights)]
			}
			return dst
		}
		return g.weightedKofN(dst)
	}
	return Random(dst, r, s)
}

// systematic returns the n-th (n ≥ 1) term ⌊n·d + φ⌋ − ⌊(n−1)·d + φ⌋ of the
// systematic rounding of d with phase φ ∈ [0, 1).
func systematic(d, phase float64, n int) int {
	return int(math.Floor(float64(n)*d+phase) - math.Floor(float64(n-1)*d+phase))
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

// weightedKofN draws K distinct units, the unit of rank k with weight
// g.weights[k], without replacement, by the exponential-keys method of Efraimidis & Spirakis,
// "Weighted random sampling with a reservoir", IPL 97(5), 2006: keep the K
// largest log(U)/w.
func (g *Generator) weightedKofN(dst Pattern) Pattern {
	s := g.shape
	g.keys = slices.Grow(g.keys[:0], s.N)[:s.N]
	g.idx = slices.Grow(g.idx[:0], s.N)[:s.N]
	for k := range g.keys {
		u := g.unit[k]
		g.keys[u] = math.Log(1-g.r.Float64()) / g.weights[k]
		g.idx[u] = u
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
