package memory

import (
	"math"
	"strings"
	"testing"

	"hebbplay/core/pattern"
)

// tiny is the hand-computed example of the split tests: a modular 3×2 net
// (units 0,1 | 2,3 | 4,5) storing A = {0,2,4}, B = {0,3,5}, C = {1,2,5},
// cued with A with its last hypercolumn moved: x = {0,2,5}.
func tiny(t *testing.T) (pattern.Shape, *Counts, []pattern.Pattern, pattern.Pattern) {
	s := mustModular(t, 3, 2)
	pats := []pattern.Pattern{{0, 2, 4}, {0, 3, 5}, {1, 2, 5}}
	return s, store(t, s, pats...), pats, pattern.Pattern{0, 2, 5}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*max(1, math.Abs(a), math.Abs(b)) }

// TestSplitByHand checks signal and crosstalk against values computed by
// hand (the comments give the sums).
func TestSplitByHand(t *testing.T) {
	s, c, pats, x := tiny(t)
	l32 := math.Log(1.5)
	cases := []struct {
		rule              Rule
		unit              int
		signal, crosstalk float64
	}{
		// Hebb, W = C_ij/3: unit 4 gets C_04 + C_24 = 2 co-activations,
		// both from A; unit 5 gets C_05 (B) + C_25 (C), none from A; unit
		// 0 gets C_02 (A) + C_05 (B).
		{Hebb, 4, 2.0 / 3, 0},
		{Hebb, 5, 0, 2.0 / 3},
		{Hebb, 0, 1.0 / 3, 1.0 / 3},
		// Covariance, A's terms (a_i − p_i)(1 − p_4)/3 over i = 0, 2 with
		// p_0 = p_2 = 2/3, p_4 = 1/3: 2·(1/3)(2/3)/3 = 4/27; the support
		// W_04 + W_24 = 2·(1/3 − 2/9) = 2/9 leaves 2/27 to B and C.
		{Covariance, 4, 4.0 / 27, 2.0 / 27},
		// Willshaw: both synapses onto 4 exist only because of A; onto 5
		// both exist without A; onto 0, 2→0 is A's alone and 5→0 is B's.
		{Willshaw, 4, 2, 0},
		{Willshaw, 5, 0, 2},
		{Willshaw, 0, 1, 1},
		// BCPNN (faithful ε): with A, B_4 = log(1/3) and W_04 = W_24 =
		// log((1/3)/((2/3)(1/3))) = log(3/2). Without A (P = 2, ε = 1/3):
		// p_4 = max(ε/2, ε) = 1/3, p_04 = ε² = 1/9, p_0 = 1/2, so W_04 =
		// W_24 = log(2/3) and the crosstalk is log(1/3) + 2·log(2/3).
		{BCPNN, 4, 4 * l32, math.Log(1.0/3) - 2*l32},
	}
	for _, tc := range cases {
		e, err := NewExplainer(c, s, tc.rule, Options{}, pats[:1])
		if err != nil {
			t.Fatal(err)
		}
		sp := e.Split(x, tc.unit)
		if !near(sp.Signal, tc.signal) || !near(sp.Crosstalk, tc.crosstalk) {
			t.Errorf("%s unit %d: signal %g crosstalk %g, want %g and %g", tc.rule, tc.unit, sp.Signal, sp.Crosstalk, tc.signal, tc.crosstalk)
		}
		if !near(sp.Support, sp.Signal+sp.Crosstalk) {
			t.Errorf("%s unit %d: support %g ≠ signal + crosstalk %g", tc.rule, tc.unit, sp.Support, sp.Signal+sp.Crosstalk)
		}
	}
}

// randomStore stores P random patterns of shape s.
func randomStore(t *testing.T, s pattern.Shape, P int, seed uint64) (*Counts, []pattern.Pattern) {
	r := pattern.NewRand(seed)
	pats := make([]pattern.Pattern, P)
	for k := range pats {
		pats[k] = pattern.Random(nil, r, s)
	}
	return store(t, s, pats...), pats
}

// TestSplitAgainstNet checks, for every rule on random nets, that the support
// Split reports is the net's, and that the split is what its method says:
// for leave-out rules the crosstalk is the support of the weights Derive
// makes from the counts without the own patterns; for share rules the
// signals of all stored patterns, each taken as the own one, add up to the
// support (the terms of a sum over patterns).
func TestSplitAgainstNet(t *testing.T) {
	for _, s := range []pattern.Shape{mustModular(t, 6, 5), mustKofN(t, 40, 5)} {
		c, pats := randomStore(t, s, 15, 3)
		r := pattern.NewRand(4)
		x := pattern.Distort(nil, r, s, pats[2], 2)
		for _, in := range Rules {
			opt := Options{Nflip: 1}
			w := derive(t, c, s, in.ID, opt)
			sup := newNet(t, s, w).Support(nil, x)
			e, err := NewExplainer(c, s, in.ID, opt, pats[2:3])
			if err != nil {
				t.Fatal(err)
			}
			if e.Method() != MethodOf(in.ID) {
				t.Fatalf("%s: method %v", in.ID, e.Method())
			}
			var rest *Net
			if e.Method() == SplitLeaveOut {
				c2 := store(t, s, append(append([]pattern.Pattern{}, pats[:2]...), pats[3:]...)...)
				rest = newNet(t, s, derive(t, c2, s, in.ID, opt))
			}
			var restSup []float32
			if rest != nil {
				restSup = rest.Support(nil, x)
			}
			for j := range s.N {
				sp := e.Split(x, j)
				want := float64(sup[j]) * w.Scale
				tol := 1e-5 * max(1, math.Abs(want))
				if math.Abs(sp.Support-want) > tol {
					t.Fatalf("%s %v unit %d: support %g, net says %g", in.ID, s, j, sp.Support, want)
				}
				if rest != nil {
					wr := float64(restSup[j]) * rest.Weights.Scale
					if math.Abs(sp.Crosstalk-wr) > 1e-5*max(1, math.Abs(wr)) {
						t.Fatalf("%s %v unit %d: crosstalk %g, support without the pattern %g", in.ID, s, j, sp.Crosstalk, wr)
					}
					continue
				}
				var total float64
				for k := range pats {
					ek, err := NewExplainer(c, s, in.ID, opt, pats[k:k+1])
					if err != nil {
						t.Fatal(err)
					}
					total += ek.Split(x, j).Signal
				}
				if math.Abs(total-sp.Support) > 1e-9*max(1, math.Abs(sp.Support)) {
					t.Fatalf("%s %v unit %d: the patterns' shares add to %g, support %g", in.ID, s, j, total, sp.Support)
				}
			}
		}
	}
}

// TestSplitPrototypeSet checks a set of own patterns (the instances of a
// prototype): leaving all of them out leaves, for Willshaw, exactly the
// synapses the other patterns switched on.
func TestSplitPrototypeSet(t *testing.T) {
	s, c, pats, x := tiny(t)
	e, err := NewExplainer(c, s, Willshaw, Options{}, pats[:2]) // A and B
	if err != nil {
		t.Fatal(err)
	}
	// Onto 5: 0→5 is B's alone, 2→5 is C's.
	if sp := e.Split(x, 5); sp.Signal != 1 || sp.Crosstalk != 1 {
		t.Errorf("unit 5 with A and B own: %+v, want signal 1, crosstalk 1", sp)
	}
	// Everything own: no crosstalk at all, even from the biases.
	e, err = NewExplainer(c, s, BCPNN, Options{}, pats)
	if err != nil {
		t.Fatal(err)
	}
	if sp := e.Split(x, 4); sp.Crosstalk != 0 || sp.Signal != sp.Support {
		t.Errorf("all patterns own: %+v, want all signal", sp)
	}
}

// TestExplainerRefuses checks the errors for own patterns that were never
// stored.
func TestExplainerRefuses(t *testing.T) {
	s, c, pats, _ := tiny(t)
	for _, tc := range []struct {
		own  []pattern.Pattern
		want string
	}{
		{[]pattern.Pattern{{1, 3, 4}}, "stored"},
		{[]pattern.Pattern{{0, 2}}, "active units"},
		{append(pats, pats[0]), "only 3 stored"},
		{[]pattern.Pattern{pats[0], pats[0]}, "that often"},
	} {
		_, err := NewExplainer(c, s, Hebb, Options{}, tc.own)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("own %v: error %v, want one containing %q", tc.own, err, tc.want)
		}
	}
	if _, err := NewExplainer(c, s, Rule("nope"), Options{}, nil); err == nil {
		t.Error("unknown rule accepted")
	}
}

// TestMarginsByHand checks margins against supports written out.
func TestMarginsByHand(t *testing.T) {
	s := mustModular(t, 2, 3)
	got := Margins(s, []float32{1, 4, 2, 5, 5, -1}, 0.5)
	if len(got) != 2 || got[0] != 1 || got[1] != 0 { // (4−2)/2; a tie
		t.Errorf("modular margins %v, want [1 0]", got)
	}
	k := mustKofN(t, 5, 2)
	got = Margins(k, []float32{3, 9, 1, 7, 4}, 1)
	if len(got) != 1 || got[0] != 3 { // 2nd largest 7 − 3rd largest 4
		t.Errorf("K-of-N margin %v, want [3]", got)
	}
}

// TestEnergyByHand: Hebb on the tiny net, state A: the three pairs of A were
// each stored once, W = 1/3, so E = −½·2·3·(1/3) = −1; the state {1,3,4}
// shares no stored pair, E = 0.
func TestEnergyByHand(t *testing.T) {
	s, c, pats, _ := tiny(t)
	w := derive(t, c, s, Hebb, Options{})
	if e := Energy(w, pats[0]); !near(e, -1) {
		t.Errorf("E(A) = %g, want −1", e)
	}
	if e := Energy(w, pattern.Pattern{1, 3, 4}); e != 0 {
		t.Errorf("E({1,3,4}) = %g, want 0", e)
	}
	if v := Lyapunov(w, pats[0], pats[0]); !near(v, -1) {
		t.Errorf("V(A, A) = %g, want E(A) = −1", v)
	}
	for _, r := range []Rule{Presynaptic, Bayes} {
		if HasEnergy(r) {
			t.Errorf("%s is asymmetric but has an energy", r)
		}
	}
	for _, r := range []Rule{Hebb, Covariance, Hopfield, Willshaw, BCPNN, HopfieldDense, BayesSym} {
		if !HasEnergy(r) {
			t.Errorf("%s is symmetric but has no energy", r)
		}
	}
}

// TestEnergyDescends is the Lyapunov property for symmetric weights: along
// an asynchronous recall E never increases (moving a hypercolumn's winner
// from a to b changes E by −(s_b − s_a) ≤ 0); along a synchronous recall the
// two-state function V never increases, starting from E of the cue (the
// synchronous E need not: a 2-cycle is possible, TestSyncTwoCycle). Many
// random nets, cues and every symmetric rule, beyond capacity too.
func TestEnergyDescends(t *testing.T) {
	for _, s := range []pattern.Shape{mustModular(t, 8, 6), mustKofN(t, 48, 6)} {
		for _, P := range []int{5, 40, 120} {
			c, pats := randomStore(t, s, P, uint64(P))
			for _, in := range Rules {
				if !HasEnergy(in.ID) {
					continue
				}
				w := derive(t, c, s, in.ID, Options{Nflip: 2})
				net := newNet(t, s, w)
				// float32 supports round for the log rules: allow that much.
				tol := 1e-9
				if !w.Exact {
					tol = 1e-4 * float64(s.K) * float64(s.K)
				}
				if in.ID == BayesSym {
					tol = 1e-4 * InfWeight // InfWeight terms round at this scale
				}
				r := pattern.NewRand(uint64(P), 9)
				for k := range 10 {
					cue := pattern.Distort(nil, r, s, pats[k%P], min(3, s.MaxFlip()))
					for _, async := range []bool{false, true} {
						res, err := net.Recall(cue, RecallOptions{Async: async, Rand: r, Trajectory: true, NoEarlyStop: true, Niter: 8})
						if err != nil {
							t.Fatal(err)
						}
						prev, v := cue, Energy(w, cue)
						for it, st := range res.Steps {
							var nv float64
							if async {
								nv = Energy(w, st.State)
							} else {
								nv = Lyapunov(w, st.State, prev)
							}
							if nv > v+tol {
								t.Fatalf("%s %v P=%d async=%v iteration %d: energy rose from %g to %g", in.ID, s, P, async, it+1, v, nv)
							}
							prev, v = st.State, nv
						}
					}
				}
			}
		}
	}
}

// TestSyncTwoCycle is the known result that synchronous updates with
// symmetric weights end in a fixed point or a 2-cycle (Goles and Olivos
// 1981): Hebb on a 2×2 net storing {0,3} and {1,2}, cued with {0,2}: each
// hypercolumn follows the other's unit, so the state alternates {0,2} ↔
// {1,3} for ever, with V constant on the cycle; asynchronous updates reach a
// stored pattern.
func TestSyncTwoCycle(t *testing.T) {
	s := mustModular(t, 2, 2)
	c := store(t, s, pattern.Pattern{0, 3}, pattern.Pattern{1, 2})
	w := derive(t, c, s, Hebb, Options{})
	net := newNet(t, s, w)
	cue := pattern.Pattern{0, 2}
	res, err := net.Recall(cue, RecallOptions{Niter: 6, Trajectory: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Converged {
		t.Fatal("synchronous recall converged; want a 2-cycle")
	}
	prev := cue
	for it, st := range res.Steps {
		want := pattern.Pattern{1, 3}
		if it%2 == 1 {
			want = cue
		}
		if !pattern.Equal(st.State, want) {
			t.Fatalf("iteration %d: %v, want %v", it+1, st.State, want)
		}
		if v := Lyapunov(w, st.State, prev); !near(v, -0.5) { // −½(W_03 + W_21)
			t.Errorf("iteration %d: V = %g, want −0.5", it+1, v)
		}
		prev = st.State
	}
	res, err = net.Recall(cue, RecallOptions{Async: true, Rand: pattern.NewRand(1)})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Converged || Energy(w, res.Final) != -0.5 {
		t.Errorf("asynchronous recall: %v, converged %v, E %g; want a stored pattern, E = −0.5", res.Final, res.Converged, Energy(w, res.Final))
	}
}
