package pattern

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestShapeLimits(t *testing.T) {
	for _, tc := range []struct {
		name    string
		make    func() (Shape, error)
		wantErr string // substring naming the limit; "" for valid shapes
	}{
		{"modular 20x20", func() (Shape, error) { return NewModular(20, 20) }, ""},
		{"modular M<2", func() (Shape, error) { return NewModular(10, 1) }, "M ≥ 2"},
		{"modular H<1", func() (Shape, error) { return NewModular(0, 10) }, "H ≥ 1"},
		{"modular too large", func() (Shape, error) { return NewModular(100, 100) }, "8192"},
		{"modular at the limit", func() (Shape, error) { return NewModular(64, 128) }, ""},
		{"kofn 400/20", func() (Shape, error) { return NewKofN(400, 20) }, ""},
		{"kofn K≥N", func() (Shape, error) { return NewKofN(10, 10) }, "K < N"},
		{"kofn K<1", func() (Shape, error) { return NewKofN(10, 0) }, "1 ≤ K"},
		{"kofn too large", func() (Shape, error) { return NewKofN(9000, 10) }, "8192"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.make()
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("error %v, want one naming %q", err, tc.wantErr)
			}
		})
	}
}

func TestCheckFlip(t *testing.T) {
	m, _ := NewModular(5, 4)
	k, _ := NewKofN(10, 3)
	for _, tc := range []struct {
		s     Shape
		nflip float64
		ok    bool
	}{
		{m, 0, true}, {m, 5, true}, {m, 5.5, false}, {m, -1, false}, {m, math.NaN(), false},
		{k, 3, true}, {k, 4, false},
	} {
		if err := tc.s.CheckFlip(tc.nflip); (err == nil) != tc.ok {
			t.Errorf("%v CheckFlip(%g) = %v, want ok=%v", tc.s, tc.nflip, err, tc.ok)
		}
	}
}

func shapes(t *testing.T) []Shape {
	m, err := NewModular(12, 7)
	if err != nil {
		t.Fatal(err)
	}
	k, err := NewKofN(60, 9)
	if err != nil {
		t.Fatal(err)
	}
	return []Shape{m, k}
}

func TestRandomIsValid(t *testing.T) {
	for _, s := range shapes(t) {
		r := NewRand(1)
		var p Pattern
		for range 500 {
			p = Random(p, r, s)
			if err := s.Check(p); err != nil {
				t.Fatalf("%v: %v", s, err)
			}
		}
	}
}

// TestDistortExact checks that a distortion changes exactly nflip
// hypercolumns (modular) or swaps exactly nflip units (K-of-N), and keeps the
// pattern valid.
func TestDistortExact(t *testing.T) {
	for _, s := range shapes(t) {
		r := NewRand(2)
		for nflip := 0; nflip <= s.MaxFlip(); nflip++ {
			for range 50 {
				src := Random(nil, r, s)
				d := Distort(nil, r, s, src, nflip)
				if err := s.Check(d); err != nil {
					t.Fatalf("%v nflip=%d: %v", s, nflip, err)
				}
				if got := s.K - Overlap(src, d); got != nflip {
					t.Fatalf("%v nflip=%d: %d units moved (src %v, dst %v)", s, nflip, got, src, d)
				}
			}
		}
	}
}

// TestDistortUniform checks that in a modular net the new active unit is
// never the old one and that every other unit is reachable.
func TestDistortUniform(t *testing.T) {
	s, _ := NewModular(1, 4)
	r := NewRand(3)
	src := Pattern{2}
	seen := map[int32]int{}
	for range 3000 {
		seen[Distort(nil, r, s, src, 1)[0]]++
	}
	if seen[2] != 0 || len(seen) != 3 {
		t.Fatalf("moves %v: want units 0, 1, 3 only", seen)
	}
	for u, n := range seen {
		if n < 900 || n > 1100 { // expected 1000 each; ±100 is over 4σ
			t.Errorf("unit %d chosen %d times of 3000", u, n)
		}
	}
}

func TestFlipCountsMeanExact(t *testing.T) {
	r := NewRand(4)
	for _, tc := range []struct {
		n     int
		nflip float64
	}{{20, 2.5}, {10, 0.3}, {7, 3}, {100, 1.25}, {4, 0}} {
		c := FlipCounts(r, tc.n, tc.nflip)
		sum := 0
		for _, v := range c {
			if v != int(math.Floor(tc.nflip)) && v != int(math.Ceil(tc.nflip)) {
				t.Fatalf("n=%d nflip=%g: count %d is neither floor nor ceil", tc.n, tc.nflip, v)
			}
			sum += v
		}
		if mean := float64(sum) / float64(tc.n); mean != tc.nflip {
			t.Errorf("n=%d nflip=%g: mean %g", tc.n, tc.nflip, mean)
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, s := range shapes(t) {
		a := Random(nil, NewRand(9, 1, 2), s)
		b := Random(nil, NewRand(9, 1, 2), s)
		c := Random(nil, NewRand(9, 2, 1), s)
		if !Equal(a, b) {
			t.Fatalf("same seed gave %v and %v", a, b)
		}
		if Equal(a, c) {
			t.Fatalf("streams (1,2) and (2,1) gave the same pattern %v", a)
		}
	}
}

// TestKnownPatterns pins the first patterns of a seed, so a change to the
// generator (which would break every saved permalink) is noticed.
func TestKnownPatterns(t *testing.T) {
	s, _ := NewModular(4, 5)
	got := fmt.Sprint(Random(nil, NewRand(1), s), Random(nil, NewRand(2), s))
	want := "[4 8 14 19] [4 5 12 16]"
	if got != want {
		t.Fatalf("first patterns of seeds 1 and 2 are %s, want %s", got, want)
	}
}

func TestOverlap(t *testing.T) {
	for _, tc := range []struct {
		a, b Pattern
		want int
	}{
		{Pattern{0, 3, 5}, Pattern{0, 3, 5}, 3},
		{Pattern{0, 3, 5}, Pattern{1, 3, 6}, 1},
		{Pattern{}, Pattern{1}, 0},
		{Pattern{1, 2, 9}, Pattern{2, 9}, 2},
	} {
		if got := Overlap(tc.a, tc.b); got != tc.want {
			t.Errorf("Overlap(%v, %v) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestGeneratorPrefix checks the property capacity searches rely on: the
// first P patterns of a stream do not depend on how many are drawn.
func TestGeneratorPrefix(t *testing.T) {
	for _, s := range shapes(t) {
		for _, c := range []Correlation{{}, {Kind: Hierarchical, Parents: 3, Dparent: 2}, {Kind: Zipf, S: 1}} {
			g1, err := NewGenerator(s, NewRand(5), c)
			if err != nil {
				t.Fatal(err)
			}
			g2, _ := NewGenerator(s, NewRand(5), c)
			var first []Pattern
			for range 10 {
				first = append(first, g1.Next(nil))
			}
			for k := range 10 {
				if p := g2.Next(nil); !Equal(p, first[k]) {
					t.Fatalf("%v %v: pattern %d differs", s, c.Kind, k)
				}
				if err := s.Check(first[k]); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// rankOf inverts g.unit: the popularity rank of every unit.
func rankOf(g *Generator) []int {
	n := len(g.weights)
	rank := make([]int, len(g.unit))
	for off := 0; off < len(g.unit); off += n {
		for k, u := range g.unit[off : off+n] {
			rank[off+int(u)] = k
		}
	}
	return rank
}

// TestZipfSkew checks that with s = 1 the unit of rank 0 in a hypercolumn is
// chosen about twice as often as the unit of rank 1 and M times as often as
// the unit of rank M−1, and that s = 0 is uniform.
func TestZipfSkew(t *testing.T) {
	s, _ := NewModular(10, 4)
	for _, tc := range []struct {
		exp  float64
		want [4]float64 // expected probabilities ∝ (k+1)^−s
	}{
		{0, [4]float64{0.25, 0.25, 0.25, 0.25}},
		{1, [4]float64{12.0 / 25, 6.0 / 25, 4.0 / 25, 3.0 / 25}}, // 1, 1/2, 1/3, 1/4 over 25/12
	} {
		g, err := NewGenerator(s, NewRand(6), Correlation{Kind: Zipf, S: tc.exp})
		if err != nil {
			t.Fatal(err)
		}
		rank := rankOf(g)
		var freq [4]float64
		const n = 5000
		for range n {
			for _, u := range g.Next(nil) {
				freq[rank[u]]++
			}
		}
		for k := range freq {
			got := freq[k] / (n * 10)
			if math.Abs(got-tc.want[k]) > 0.01 { // σ ≈ 0.0022 for 50 000 draws
				t.Errorf("s=%g rank %d: frequency %.4f, want %.4f", tc.exp, k, got, tc.want[k])
			}
		}
	}
	// K-of-N: the units of the lowest ranks are drawn more often than those
	// of the highest.
	k, _ := NewKofN(40, 4)
	g, _ := NewGenerator(k, NewRand(7), Correlation{Kind: Zipf, S: 1})
	rank := rankOf(g)
	var lo, hi int
	for range 2000 {
		p := g.Next(nil)
		if err := k.Check(p); err != nil {
			t.Fatal(err)
		}
		for _, u := range p {
			if rank[u] < 10 {
				lo++
			} else if rank[u] >= 30 {
				hi++
			}
		}
	}
	if lo < 3*hi {
		t.Errorf("K-of-N Zipf: %d draws among ranks 0–9, %d among 30–39; want a strong skew", lo, hi)
	}
}

// TestZipfRanksPermuted checks that popularity is not tied to the unit index:
// over many generators, the most popular unit of a hypercolumn (of a K-of-N
// net) is each unit equally often, and hypercolumns get different orders.
func TestZipfRanksPermuted(t *testing.T) {
	for _, tc := range []struct {
		shape func() Shape
		n     int // units a rank ranges over
	}{
		{func() Shape { s, _ := NewModular(8, 5); return s }, 5},
		{func() Shape { s, _ := NewKofN(6, 2); return s }, 6},
	} {
		s := tc.shape()
		const gens = 3000
		top := make([]int, tc.n)
		same := 0
		for seed := range uint64(gens) {
			g, err := NewGenerator(s, NewRand(seed, 99), Correlation{Kind: Zipf, S: 1})
			if err != nil {
				t.Fatal(err)
			}
			top[g.unit[0]]++
			if s.Kind == Modular && slices.Equal(g.unit[:s.M], g.unit[s.M:2*s.M]) {
				same++
			}
		}
		// Each unit is the most popular with probability 1/n; the count is
		// binomial, σ = √(gens·(1/n)(1−1/n)) ≈ 22 for n = 5; allow 5σ.
		want := float64(gens) / float64(tc.n)
		sigma := math.Sqrt(want * (1 - 1/float64(tc.n)))
		for u, c := range top {
			if math.Abs(float64(c)-want) > 5*sigma {
				t.Errorf("%v: unit %d has rank 0 in %d of %d generators, want about %.0f", s, u, c, gens, want)
			}
		}
		// Two hypercolumns share their order with probability 1/M! = 1/120.
		if s.Kind == Modular && same > gens/40 {
			t.Errorf("%v: hypercolumns 0 and 1 share their rank order in %d of %d generators, want about %d", s, same, gens, gens/120)
		}
	}
}

// TestHierarchicalDparentMeanExact checks that a fractional dparent gives
// every pattern ⌊d⌋ or ⌈d⌉ flips from its parent, with a mean that is exact
// for every prefix n where n·d is whole and within 1/n otherwise.
func TestHierarchicalDparentMeanExact(t *testing.T) {
	s, _ := NewModular(12, 6)
	for _, d := range []float64{0.5, 1.25, 2.5, 3.1, 4} {
		for seed := range uint64(5) {
			g, err := NewGenerator(s, NewRand(seed, 8), Correlation{Kind: Hierarchical, Parents: 1, Dparent: d})
			if err != nil {
				t.Fatal(err)
			}
			total := 0
			for n := 1; n <= 200; n++ {
				flips := s.K - Overlap(g.Next(nil), g.parents[0])
				if flips != int(math.Floor(d)) && flips != int(math.Ceil(d)) {
					t.Fatalf("d = %g: pattern %d has %d flips", d, n, flips)
				}
				total += flips
				exact := float64(n) * d
				if exact == math.Trunc(exact) && float64(total) != exact {
					t.Fatalf("d = %g, seed %d: %d flips over the first %d patterns, want %g", d, seed, total, n, exact)
				}
				if math.Abs(float64(total)-exact) >= 1 {
					t.Fatalf("d = %g, seed %d: %d flips over the first %d patterns, want within 1 of %g", d, seed, total, n, exact)
				}
			}
		}
	}
}

// TestHierarchical checks that every pattern is exactly dparent flips from
// one of the parents.
func TestHierarchical(t *testing.T) {
	s, _ := NewModular(12, 6)
	g, err := NewGenerator(s, NewRand(8), Correlation{Kind: Hierarchical, Parents: 2, Dparent: 3})
	if err != nil {
		t.Fatal(err)
	}
	for range 100 {
		p := g.Next(nil)
		best := 0
		for _, par := range g.parents {
			best = max(best, Overlap(p, par))
		}
		if best != s.H-3 {
			t.Fatalf("pattern %v overlaps its nearest parent in %d units, want %d", p, best, s.H-3)
		}
	}
}

func TestPrototypeInstances(t *testing.T) {
	s, _ := NewModular(10, 5)
	g, _ := NewGenerator(s, NewRand(9), Correlation{})
	pr := NextPrototype(g, 4, 1.5, 2)
	if len(pr.Train) != 4 || len(pr.Test) != 4 {
		t.Fatalf("%d training and %d test instances, want 4 each", len(pr.Train), len(pr.Test))
	}
	train := 0
	for _, x := range pr.Train {
		train += s.K - Overlap(x, pr.Proto)
	}
	if train != 6 { // mean 1.5 over 4 instances
		t.Errorf("training flips total %d, want 6", train)
	}
	for _, x := range pr.Test {
		if d := s.K - Overlap(x, pr.Proto); d != 2 {
			t.Errorf("test instance %d flips from the prototype, want 2", d)
		}
	}
}

func TestCorrelationValidate(t *testing.T) {
	s, _ := NewModular(5, 5)
	for _, c := range []Correlation{
		{Kind: Hierarchical, Parents: 0, Dparent: 1},
		{Kind: Hierarchical, Parents: 2, Dparent: 6},
		{Kind: Zipf, S: -1},
		{Kind: 9},
	} {
		if err := c.Validate(s); err == nil {
			t.Errorf("%+v accepted", c)
		}
	}
}

// TestNthInactive: the j-th unit outside a pattern, against the list of all
// inactive units, on random K-of-N patterns (units 0 and N−1 included).
func TestNthInactive(t *testing.T) {
	r := NewRand(41)
	for range 300 {
		n := 2 + r.IntN(60)
		s, err := NewKofN(n, 1+r.IntN(n-1))
		if err != nil {
			t.Fatal(err)
		}
		x := Random(nil, r, s)
		var inactive []int32
		for u := range int32(n) {
			if !slices.Contains(x, u) {
				inactive = append(inactive, u)
			}
		}
		for j, want := range inactive {
			if got := nthInactive(x, j); got != want {
				t.Fatalf("nthInactive(%v, %d) = %d, want %d", x, j, got, want)
			}
		}
	}
}

// TestDiff: the units that left and came between two ascending sets.
func TestDiff(t *testing.T) {
	for _, tc := range []struct {
		a, b, gone, came Pattern
	}{
		{nil, nil, nil, nil},
		{Pattern{1, 4, 7}, Pattern{1, 4, 7}, nil, nil},
		{Pattern{1, 4, 7}, Pattern{2, 4, 9}, Pattern{1, 7}, Pattern{2, 9}},
		{Pattern{0, 5}, nil, Pattern{0, 5}, nil},
		{nil, Pattern{3}, nil, Pattern{3}},
		{Pattern{2, 3}, Pattern{0, 1, 2, 3, 8}, nil, Pattern{0, 1, 8}},
	} {
		gone, came := Diff(nil, nil, tc.a, tc.b)
		if !slices.Equal(gone, tc.gone) || !slices.Equal(came, tc.came) {
			t.Errorf("Diff(%v, %v) = %v, %v; want %v, %v", tc.a, tc.b, gone, came, tc.gone, tc.came)
		}
	}
}
