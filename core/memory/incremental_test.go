package memory

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"hebbplay/core/pattern"
)

// referenceRecall is the recall loop as it was before supports were updated
// incrementally: every synchronous iteration recomputes the support from
// scratch (Iterate), and every asynchronous iteration starts from a fresh
// Support of its state.
func referenceRecall(n *Net, cue pattern.Pattern, opt RecallOptions) Result {
	n.randomTies = opt.Ties == TiesRandom
	defer func() { n.randomTies = false }()
	n.cur = append(n.cur[:0], cue...)
	var res Result
	for it := 1; it <= opt.Niter; it++ {
		if n.randomTies {
			n.salt = opt.Rand.Uint64()
		}
		if opt.Async {
			n.asyncIteration(opt.Rand, false)
		} else {
			n.next = n.Iterate(n.next, n.cur)
		}
		res.Iterations = it
		res.Steps = append(res.Steps, Step{State: n.next.Clone(), Support: slices.Clone(n.support)})
		same := pattern.Equal(n.cur, n.next)
		n.cur, n.next = n.next, n.cur
		if same {
			res.Converged = true
			if !opt.NoEarlyStop {
				break
			}
		}
	}
	res.Final = n.cur.Clone()
	return res
}

// TestIncrementalRecallBitIdentical: on many random networks (modular and
// K-of-N, every rule, both tie rules, synchronous and asynchronous, loads
// from light to far past capacity), Recall gives the very states, supports
// (bit for bit) and iteration counts of the reference loop at every
// iteration, with the winner-take-all loops of every platform (branchFree
// off and on).
func TestIncrementalRecallBitIdentical(t *testing.T) {
	defer func(v bool) { branchFree = v }(branchFree)
	for _, bf := range []bool{false, true} {
		branchFree = bf
		t.Run(fmt.Sprintf("branchFree=%v", bf), testIncrementalRecall)
	}
}

func testIncrementalRecall(t *testing.T) {
	r := pattern.NewRand(11)
	rules := []Rule{Hebb, Covariance, Presynaptic, Hopfield, HopfieldDense, Willshaw, BCPNN, Bayes, BayesSym}
	iters, exact := 0, 0
	for cfgN := range 60 {
		var s pattern.Shape
		if cfgN%2 == 0 {
			s = mustModular(t, 3+r.IntN(10), 2+r.IntN(9))
		} else {
			n := 16 + r.IntN(100)
			s = mustKofN(t, n, 2+r.IntN(min(10, n/2)))
		}
		c, _ := NewCounts(s.N)
		P := 1 + r.IntN(3*s.N/2)
		stored := make([]pattern.Pattern, P)
		for k := range stored {
			stored[k] = pattern.Random(nil, r, s)
			c.Add(stored[k])
		}
		nflip := float64(1 + r.IntN(max(1, s.MaxFlip()/2)))
		for _, rule := range rules {
			w, err := Derive(nil, c, s, rule, Options{Nflip: nflip})
			if err != nil {
				t.Fatal(err)
			}
			if w.Exact {
				exact++
			}
			net, ref := newNet(t, s, w), newNet(t, s, w)
			for _, async := range []bool{false, true} {
				for _, ties := range []TieRule{TiesLowest, TiesRandom} {
					seed := r.Uint64()
					ra, rb := rand.New(rand.NewPCG(seed, 1)), rand.New(rand.NewPCG(seed, 1))
					for k := range min(P, 8) {
						cue := pattern.Distort(nil, r, s, stored[k], int(nflip))
						noStop := k%3 == 0
						got, err := net.Recall(cue, RecallOptions{Niter: 12, Async: async, Rand: ra, Ties: ties, Trajectory: true, NoEarlyStop: noStop})
						if err != nil {
							t.Fatal(err)
						}
						want := referenceRecall(ref, cue, RecallOptions{Niter: 12, Async: async, Rand: rb, Ties: ties, NoEarlyStop: noStop})
						iters += got.Iterations
						if got.Iterations != want.Iterations || got.Converged != want.Converged || !pattern.Equal(got.Final, want.Final) {
							t.Fatalf("%v %s async=%v ties=%v cue %d: %d iterations to %v, reference %d to %v",
								s, rule, async, ties, k, got.Iterations, got.Final, want.Iterations, want.Final)
						}
						for i, st := range got.Steps {
							ws := want.Steps[i]
							if !pattern.Equal(st.State, ws.State) {
								t.Fatalf("%v %s async=%v ties=%v: iteration %d state differs", s, rule, async, ties, i+1)
							}
							for j := range st.Support {
								if math.Float32bits(st.Support[j]) != math.Float32bits(ws.Support[j]) {
									t.Fatalf("%v %s async=%v ties=%v cue %d: iteration %d, support of unit %d is %v, reference %v",
										s, rule, async, ties, k, i+1, j, st.Support[j], ws.Support[j])
								}
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d iterations compared; %d of the weight sets exact", iters, exact)
}

// TestArgmaxLowest: the lowest-index argmax agrees with the plain definition
// (the first index of the largest value, NaN never winning over a number
// after it) on slices full of ties.
func TestArgmaxLowest(t *testing.T) {
	negZero, nan := float32(math.Copysign(0, -1)), float32(math.NaN())
	for _, tc := range []struct {
		s    []float32
		want int
	}{
		{[]float32{negZero, 0}, 0}, // −0 and +0 tie
		{[]float32{-1, negZero, 0}, 1},
		{[]float32{-1, 0, negZero}, 1},
		{[]float32{1, nan, 2}, 2},
		{[]float32{nan, 1, 2}, 0},
		{[]float32{-nan, 1, 2}, 0},
		{[]float32{1, -nan, 0}, 0},
		{[]float32{float32(math.Inf(-1)), nan}, 0},
		// the vector kernel's lengths, its largest lanes a mix of −0 and +0
		{[]float32{-1, -2, -3, -4, -5, -6, -7, -8, -9, 0, -1, negZero, -2, 0, negZero, -1}, 9},
		{[]float32{-4, -1, -2, -3, negZero, -6, -7, -8, -1, -9, -1, 0, 0, -1, negZero, 0}, 4},
	} {
		for _, f := range []func([]float32) int{argmaxLowest, argmaxLowestPortable, argmaxLowestKeys} {
			if got := f(tc.s); got != tc.want {
				t.Errorf("argmax(%v) = %d, want %d", tc.s, got, tc.want)
			}
		}
	}
	r := pattern.NewRand(12)
	var n Net
	for range 2000 {
		s := make([]float32, 1+r.IntN(12))
		if r.IntN(2) == 0 {
			s = make([]float32, 8*(1+r.IntN(5))) // the vector kernel's lengths
		}
		for k := range s {
			s[k] = float32(r.IntN(4))
			switch r.IntN(40) {
			case 0:
				s[k] = float32(math.NaN())
			case 1:
				s[k] = float32(math.Copysign(0, -1))
			case 2:
				s[k] = float32(math.Inf(-1))
			case 3:
				s[k] = float32(math.Inf(1))
			case 4:
				s[k] = -float32(math.NaN())
			case 5:
				s[k] = -s[k]
			}
		}
		want := 0
		for k := 1; k < len(s); k++ {
			if s[k] > s[want] {
				want = k
			}
		}
		if got := n.argmax(s, 0); got != want || argmaxLowest(s) != want ||
			argmaxLowestPortable(s) != want || argmaxLowestKeys(s) != want {
			t.Fatalf("argmax(%v) = %d, want %d", s, got, want)
		}
	}
}

// TestTopKLowestMatchesSort: the K strongest units with ties to the lowest
// unit are those of a stable sort by decreasing support, for every K from 1
// to N on tie-rich supports, whether the selection meets the units in
// ascending order or starts from a seed state.
func TestTopKLowestMatchesSort(t *testing.T) {
	defer func(v bool) { branchFree = v }(branchFree)
	r := pattern.NewRand(13)
	var net Net
	for range 500 {
		n := 1 + r.IntN(80)
		k := 1 + r.IntN(n)
		sup := make([]float32, n)
		for j := range sup {
			sup[j] = float32(r.IntN(5))
			if r.IntN(3) == 0 {
				sup[j] = -sup[j] // −0 among them, which ties with +0
			}
		}
		want := topKBySort(sup, k)
		if got := net.topK(nil, sup, k); !pattern.Equal(got, want) {
			t.Fatalf("top %d of %v: %v, want %v", k, sup, got, want)
		}
		// Seeded with any K units (as recall seeds it with its state).
		seed := make(pattern.Pattern, k)
		for j, u := range r.Perm(n)[:k] {
			seed[j] = int32(u)
		}
		slices.Sort(seed)
		for _, bf := range []bool{false, true} {
			branchFree = bf
			// Any seed, and the answer itself (a state that recalls
			// itself, where the branch-free selection stops early).
			for _, seed := range []pattern.Pattern{seed, want} {
				if got := net.topKLowest(nil, sup, k, seed); !pattern.Equal(got, want) {
					t.Fatalf("top %d of %v seeded with %v (branch-free %v): %v, want %v", k, sup, seed, bf, got, want)
				}
			}
			// A NaN anywhere: the seed is ignored, as in topK.
			nan := slices.Clone(sup)
			nan[r.IntN(n)] = float32(math.NaN())
			want := net.topKLowest(nil, nan, k, nil)
			if got := net.topKLowest(nil, nan, k, seed); !pattern.Equal(got, want) {
				t.Fatalf("top %d of %v seeded with %v (branch-free %v): %v, want %v", k, nan, seed, bf, got, want)
			}
		}
	}
}

// TestHasNaN: a NaN (either sign) at any position of slices of every length
// up to 9 is found; ±Inf, ±0 and the largest finite numbers are not NaN.
func TestHasNaN(t *testing.T) {
	nan := float32(math.NaN())
	for n := range 10 {
		s := make([]float32, n)
		for k := range s {
			s[k] = []float32{0, float32(math.Copysign(0, -1)), float32(math.Inf(1)), float32(math.Inf(-1)), math.MaxFloat32, -math.MaxFloat32}[k%6]
		}
		if hasNaN(s) {
			t.Fatalf("hasNaN(%v) = true", s)
		}
		for k := range s {
			for _, v := range []float32{nan, -nan} {
				c := slices.Clone(s)
				c[k] = v
				if !hasNaN(c) {
					t.Fatalf("hasNaN(%v) = false", c)
				}
			}
		}
	}
}
