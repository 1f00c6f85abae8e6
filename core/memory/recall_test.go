package memory

import (
	"cmp"
	"math"
	"slices"
	"testing"

	"hebbplay/core/pattern"
)

func newNet(t testing.TB, s pattern.Shape, w *Weights) *Net {
	t.Helper()
	n, err := NewNet(s, w)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// orthogonal returns p mutually orthogonal patterns (no shared active unit):
// modular pattern m uses minicolumn m of every hypercolumn; K-of-N pattern m
// uses units m·K … m·K+K−1.
func orthogonal(s pattern.Shape, p int) []pattern.Pattern {
	out := make([]pattern.Pattern, p)
	for m := range out {
		x := make(pattern.Pattern, s.K)
		for h := range x {
			if s.Kind == pattern.Modular {
				x[h] = int32(h*s.M + m)
			} else {
				x[h] = int32(m*s.K + h)
			}
		}
		out[m] = x
	}
	return out
}

// TestOrthogonalRecall stores orthogonal patterns and cues each with one
// hypercolumn (or one swap) wrong. Every rule recalls them all: with no
// shared units, each rule's weights inside a pattern exceed those between
// patterns and to unused units. That includes the dense ±1 Hopfield rule,
// which fails on sparse random patterns only because units are shared (see
// TestDenseHopfieldFailsOnSharedUnits).
func TestOrthogonalRecall(t *testing.T) {
	for _, s := range []pattern.Shape{mustModular(t, 8, 10), mustKofN(t, 80, 8)} {
		for _, P := range []int{3, 10} {
			stored := orthogonal(s, P)
			c := store(t, s, stored...)
			for _, in := range Rules {
				for _, async := range []bool{false, true} {
					w := derive(t, c, s, in.ID, Options{Nflip: 1})
					net := newNet(t, s, w)
					r := pattern.NewRand(21)
					for k, x := range stored {
						cue := pattern.Distort(nil, r, s, x, 1)
						res, err := net.Recall(cue, RecallOptions{Async: async, Rand: r})
						if err != nil {
							t.Fatal(err)
						}
						if !pattern.Equal(res.Final, x) {
							t.Errorf("%v P=%d %s async=%v: pattern %d recalled as %v from %v", s, P, in.ID, async, k, res.Final, cue)
						}
					}
				}
			}
		}
	}
}

// TestDenseHopfieldFailsOnSharedUnits shows the failure the package doc
// describes (section Learning rules, hopfield-dense): in the 2×3 net storing {0,3} and {0,4}, unit 0 is in both
// patterns. With dense ±1 weights, W(0→3) = 4·½ − 2·1 − 2·½ + 1 = 0 while the
// unused unit 5 gets W(0→5) = 0 − 2 − 0 + 1 = −1 and unit 4 gets 0 as well:
// the shared unit gives no net support to its own patterns, so a cue cannot
// prefer them over one another by that unit. The sparse (centred) rule gives
// W(0→3) = ½ − ⅓ − ⅙ + 1/9 = 1/9 > W(0→5) = 0 − ⅓ − 0 + 1/9 = −2/9.
func TestDenseHopfieldFailsOnSharedUnits(t *testing.T) {
	s := mustModular(t, 2, 3)
	c := store(t, s, pattern.Pattern{0, 3}, pattern.Pattern{0, 4})
	dense := derive(t, c, s, HopfieldDense, Options{})
	sparse := derive(t, c, s, Hopfield, Options{})
	checkClose(t, "hopfield-dense", "W", 0, 3, dense.At(0, 3), 0)
	checkClose(t, "hopfield-dense", "W", 0, 5, dense.At(0, 5), -1)
	checkClose(t, "hopfield", "W", 0, 3, sparse.At(0, 3), 1./9)
	checkClose(t, "hopfield", "W", 0, 5, sparse.At(0, 5), -2./9)
}

// TestEarlyStopSameResult checks that stopping at a fixed point gives the
// same final state as running all iterations, on random data where some
// recalls fail and some oscillate.
func TestEarlyStopSameResult(t *testing.T) {
	s := mustModular(t, 10, 10)
	r := pattern.NewRand(22)
	var stored []pattern.Pattern
	for range 60 {
		stored = append(stored, pattern.Random(nil, r, s))
	}
	c := store(t, s, stored...)
	for _, rule := range BenchmarkRules() {
		w := derive(t, c, s, rule, Options{Nflip: 2})
		net := newNet(t, s, w)
		for _, x := range stored {
			cue := pattern.Distort(nil, r, s, x, 2)
			a, _ := net.Recall(cue, RecallOptions{})
			b, _ := net.Recall(cue, RecallOptions{NoEarlyStop: true})
			if !pattern.Equal(a.Final, b.Final) {
				t.Fatalf("%s: early stop gave %v, full run %v", rule, a.Final, b.Final)
			}
			if a.Converged && a.Iterations > b.Iterations {
				t.Fatalf("early stop ran more iterations")
			}
			if b.Iterations != DefaultNiter {
				t.Fatalf("NoEarlyStop ran %d iterations", b.Iterations)
			}
		}
	}
}

// TestTiesGoToLowestIndex: with all weights zero every support is equal, so
// every hypercolumn's winner is its first unit, and the K-of-N winners are
// units 0…K−1.
func TestTiesGoToLowestIndex(t *testing.T) {
	for _, s := range []pattern.Shape{mustModular(t, 3, 4), mustKofN(t, 12, 3)} {
		w := &Weights{N: s.N, W: make([]float32, s.N*s.N), B: make([]float32, s.N)}
		net := newNet(t, s, w)
		res, err := net.Recall(pattern.Random(nil, pattern.NewRand(23), s), RecallOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want := pattern.Pattern{0, 4, 8}
		if s.Kind == pattern.KofN {
			want = pattern.Pattern{0, 1, 2}
		}
		if !pattern.Equal(res.Final, want) {
			t.Errorf("%v: ties gave %v, want %v", s, res.Final, want)
		}
	}
}

// topKBySort is the reference K-WTA: the first k units of a stable sort by
// decreasing support (ties to the lowest unit), in ascending order.
func topKBySort(sup []float32, k int) pattern.Pattern {
	idx := make([]int32, len(sup))
	for j := range idx {
		idx[j] = int32(j)
	}
	slices.SortStableFunc(idx, func(a, b int32) int { return cmp.Compare(sup[b], sup[a]) })
	want := pattern.Pattern(slices.Clone(idx[:k]))
	slices.Sort(want)
	return want
}

// TestTopKMatchesSort compares the heap selection with a full sort.
func TestTopKMatchesSort(t *testing.T) {
	s := mustKofN(t, 50, 7)
	net := newNet(t, s, &Weights{N: 50, W: make([]float32, 2500), B: make([]float32, 50)})
	r := pattern.NewRand(24)
	sup := make([]float32, 50)
	for range 200 {
		for k := range sup {
			sup[k] = float32(r.IntN(6)) // many ties
		}
		got := net.topK(nil, sup, 7)
		if want := topKBySort(sup, 7); !pattern.Equal(got, want) {
			t.Fatalf("topK %v, sort %v for %v", got, want, sup)
		}
	}
}

// TestSupportHandExample: in the 2×2 example with Hebb weights, state {0,2}
// gives s_j = W0j + W2j: s = (W20, W21, W02, W03) = (1/3, 1/3, 1/3, 1/3).
func TestSupportHandExample(t *testing.T) {
	s := mustModular(t, 2, 2)
	c := store(t, s, pattern.Pattern{0, 2}, pattern.Pattern{0, 3}, pattern.Pattern{1, 2})
	net := newNet(t, s, derive(t, c, s, Hebb, Options{}))
	got := net.Support(nil, pattern.Pattern{1, 3})
	// s_0 = W30 = 1/3 (ξ2), s_1 = W31 = 0, s_2 = W12 = 1/3 (ξ3), s_3 = W13 = 0.
	want := []float64{1. / 3, 0, 1. / 3, 0}
	for j := range want {
		checkClose(t, "support", "s", j, j, float64(got[j])*net.Weights.Scale, want[j])
	}
}

// TestPresynapticEqualsHopfieldWinners checks the equivalence the package
// doc states (section Equivalences): with one active unit per hypercolumn,
// presynaptic and Hopfield
// supports differ by a constant per hypercolumn, so they pick the same
// winners, exact ties included. Small nets with few patterns make many exact
// ties, which float32 rounding of the rules' own weights used to decide
// differently for the two rules.
func TestPresynapticEqualsHopfieldWinners(t *testing.T) {
	ties := 0
	for _, tc := range []struct{ H, M, P int }{{8, 8, 40}, {6, 5, 12}, {10, 3, 30}, {20, 20, 150}} {
		s := mustModular(t, tc.H, tc.M)
		r := pattern.NewRand(25, uint64(tc.H))
		c, _ := NewCounts(s.N)
		for range tc.P {
			c.Add(pattern.Random(nil, r, s))
		}
		wa, wb := derive(t, c, s, Presynaptic, Options{}), derive(t, c, s, Hopfield, Options{})
		if !wa.Exact || !wb.Exact {
			t.Fatalf("%v: weights not exact (presynaptic %v, hopfield %v)", s, wa.Exact, wb.Exact)
		}
		a, b := newNet(t, s, wa), newNet(t, s, wb)
		for range 300 {
			x := pattern.Random(nil, r, s)
			sa, sb := a.Support(nil, x), b.Support(nil, x)
			if pa, pb := a.winners(nil, sa), b.winners(nil, sb); !slices.Equal(pa, pb) {
				t.Fatalf("%v state %v: presynaptic picks %v, hopfield %v", s, x, pa, pb)
			}
			for h := range s.H {
				col := sa[h*s.M : (h+1)*s.M]
				best := slices.Max(col)
				if n := len(col) - len(slices.DeleteFunc(slices.Clone(col), func(v float32) bool { return v == best })); n > 1 {
					ties++
				}
				d0 := float64(sa[h*s.M])*wa.Scale - float64(sb[h*s.M])*wb.Scale
				for m := 1; m < s.M; m++ {
					d := float64(sa[h*s.M+m])*wa.Scale - float64(sb[h*s.M+m])*wb.Scale
					if math.Abs(d-d0) > 1e-6 {
						t.Fatalf("%v hypercolumn %d: support difference varies (%g vs %g)", s, h, d, d0)
					}
				}
			}
			// Whole recalls agree too, under either tie rule.
			cue := pattern.Distort(nil, r, s, x, 1)
			for _, tie := range []TieRule{TiesLowest, TiesRandom} {
				ra, _ := a.Recall(cue, RecallOptions{Ties: tie, Rand: pattern.NewRand(7)})
				rb, _ := b.Recall(cue, RecallOptions{Ties: tie, Rand: pattern.NewRand(7)})
				if !slices.Equal(ra.Final, rb.Final) || ra.Iterations != rb.Iterations {
					t.Fatalf("%v %v ties: recalls differ: %v in %d vs %v in %d", s, tie, ra.Final, ra.Iterations, rb.Final, rb.Iterations)
				}
			}
		}
	}
	if ties == 0 {
		t.Fatal("no exact tie among the winners: the test exercises nothing")
	}
	t.Logf("%d hypercolumns with a tie for the winner", ties)
}

// TestRandomTies checks the random tie rule on an empty memory, where every
// unit ties: the winner of each hypercolumn is uniform over its M units and
// reproducible from the seed, while the lowest-index rule always picks the
// first unit.
func TestRandomTies(t *testing.T) {
	s := mustModular(t, 4, 5)
	c, _ := NewCounts(s.N)
	c.Add(pattern.Pattern{0, 5, 10, 15})
	c.Remove(pattern.Pattern{0, 5, 10, 15})
	net := newNet(t, s, derive(t, c, s, Hebb, Options{}))
	cue := pattern.Pattern{1, 7, 13, 19}
	res, _ := net.Recall(cue, RecallOptions{Niter: 1})
	if want := (pattern.Pattern{0, 5, 10, 15}); !slices.Equal(res.Final, want) {
		t.Fatalf("lowest-index ties: %v, want %v", res.Final, want)
	}
	if _, err := net.Recall(cue, RecallOptions{Ties: TiesRandom}); err == nil {
		t.Fatal("random ties without a random source accepted")
	}
	freq := make([]int, s.M)
	const n = 4000
	for seed := range uint64(n) {
		res, err := net.Recall(cue, RecallOptions{Niter: 1, Ties: TiesRandom, Rand: pattern.NewRand(seed)})
		if err != nil {
			t.Fatal(err)
		}
		again, _ := net.Recall(cue, RecallOptions{Niter: 1, Ties: TiesRandom, Rand: pattern.NewRand(seed)})
		if !slices.Equal(res.Final, again.Final) {
			t.Fatalf("seed %d: %v then %v", seed, res.Final, again.Final)
		}
		for h, u := range res.Final {
			freq[int(u)-h*s.M]++
		}
	}
	// 16 000 draws, p = 1/5: σ = √(16000·0.2·0.8) ≈ 51; allow 5σ.
	for k, f := range freq {
		if math.Abs(float64(f)-n*4/5.) > 5*51 {
			t.Errorf("unit %d of a hypercolumn won %d of %d ties, want about %d", k, f, n*4, n*4/5)
		}
	}
	// K-of-N: the K winners among N tied units are a uniform K-subset.
	k, _ := pattern.NewKofN(6, 2)
	ck, _ := NewCounts(k.N)
	kn := newNet(t, k, derive(t, ck, k, Hebb, Options{}))
	pairs := map[[2]int32]int{}
	for seed := range uint64(3000) {
		res, _ := kn.Recall(pattern.Pattern{4, 5}, RecallOptions{Niter: 1, Ties: TiesRandom, Rand: pattern.NewRand(seed)})
		pairs[[2]int32{res.Final[0], res.Final[1]}]++
	}
	// 15 pairs, 200 each expected, σ ≈ 13.7.
	if len(pairs) != 15 {
		t.Fatalf("%d distinct winner pairs, want all 15", len(pairs))
	}
	for p, c := range pairs {
		if math.Abs(float64(c)-200) > 5*13.7 {
			t.Errorf("pair %v won %d of 3000, want about 200", p, c)
		}
	}
}

func TestTrajectory(t *testing.T) {
	s := mustModular(t, 6, 5)
	stored := orthogonal(s, 4)
	c := store(t, s, stored...)
	net := newNet(t, s, derive(t, c, s, BCPNN, Options{}))
	cue := pattern.Distort(nil, pattern.NewRand(26), s, stored[1], 2)
	res, err := net.Recall(cue, RecallOptions{Trajectory: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Steps) != res.Iterations {
		t.Fatalf("%d steps for %d iterations", len(res.Steps), res.Iterations)
	}
	// One iteration repairs the cue, the second confirms the fixed point.
	if res.Iterations != 2 || !res.Converged {
		t.Fatalf("iterations %d converged %v, want 2 and true", res.Iterations, res.Converged)
	}
	if !pattern.Equal(res.Steps[0].State, stored[1]) || !pattern.Equal(res.Steps[1].State, stored[1]) {
		t.Fatalf("trajectory %v", res.Steps)
	}
	want := net.Support(nil, cue)
	if !slices.Equal(res.Steps[0].Support, want) {
		t.Fatal("first step's support is not the cue's support")
	}
}

func TestRecallErrors(t *testing.T) {
	s := mustModular(t, 2, 2)
	net := newNet(t, s, &Weights{N: 4, W: make([]float32, 16), B: make([]float32, 4)})
	for _, tc := range []struct {
		cue pattern.Pattern
		opt RecallOptions
	}{
		{pattern.Pattern{0}, RecallOptions{}},    // too few units
		{pattern.Pattern{0, 1}, RecallOptions{}}, // both in hypercolumn 0
		{pattern.Pattern{0, 2}, RecallOptions{Niter: -1}},
		{pattern.Pattern{0, 2}, RecallOptions{Async: true}}, // no random source
	} {
		if _, err := net.Recall(tc.cue, tc.opt); err == nil {
			t.Errorf("Recall(%v, %+v) succeeded", tc.cue, tc.opt)
		}
	}
	if _, err := NewNet(s, &Weights{N: 3}); err == nil {
		t.Error("NewNet accepted weights of the wrong size")
	}
}
