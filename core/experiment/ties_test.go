package experiment

import (
	"context"
	"math"
	"slices"
	"testing"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

// fcorrPair stores P Zipf-correlated patterns of repetition rep, cues each
// with one moved hypercolumn, and returns the fraction recalled correctly for
// the patterns as drawn and for the same patterns and cues relabelled by
// sigma (unit u becomes sigma[u]; sigma keeps every unit in its hypercolumn).
// With exact arithmetic a relabelled recall is the relabelled recall except
// where a tie is decided by unit index, so the pair differs only through ties.
func fcorrPair(t *testing.T, s pattern.Shape, rule memory.Rule, P int, rep uint64, sigma []int32) (plain, relabelled float64) {
	t.Helper()
	g, err := pattern.NewGenerator(s, pattern.NewRand(77, rep), pattern.Correlation{Kind: pattern.Zipf, S: 1})
	if err != nil {
		t.Fatal(err)
	}
	r := pattern.NewRand(78, rep)
	relabel := func(p pattern.Pattern) pattern.Pattern {
		q := make(pattern.Pattern, len(p))
		for k, u := range p {
			q[k] = sigma[u]
		}
		slices.Sort(q)
		return q
	}
	stored := make([]pattern.Pattern, P)
	cues := make([]pattern.Pattern, P)
	for k := range stored {
		stored[k] = g.Next(nil)
	}
	for k := range cues {
		cues[k] = pattern.Distort(nil, r, s, stored[k], 1)
	}
	score := func(stored, cues []pattern.Pattern) float64 {
		c, _ := memory.NewCounts(s.N)
		for _, x := range stored {
			c.Add(x)
		}
		w, err := memory.Derive(nil, c, s, rule, memory.Options{Nflip: 1})
		if err != nil {
			t.Fatal(err)
		}
		net, _ := memory.NewNet(s, w)
		ok := 0
		for k, cue := range cues {
			res, err := net.Recall(cue, memory.RecallOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if pattern.Equal(res.Final, stored[k]) {
				ok++
			}
		}
		return float64(ok) / float64(len(cues))
	}
	rs, rc := make([]pattern.Pattern, P), make([]pattern.Pattern, P)
	for k := range stored {
		rs[k], rc[k] = relabel(stored[k]), relabel(cues[k])
	}
	return score(stored, cues), score(rs, rc)
}

// TestRelabellingInvariance checks that no rule's recall of Zipf-correlated
// sets depends on which unit carries which popularity rank: relabelling the
// units (here: reversing the order within every hypercolumn) must leave the
// fraction correct unchanged in distribution, and the identity relabelling
// must leave it unchanged exactly. When popularity rank equalled the unit
// index, recall's lowest-index tie rule favoured the most popular units and
// Willshaw's capacity rose by 8–32%; reversed labels then lost those ties.
func TestRelabellingInvariance(t *testing.T) {
	if testing.Short() {
		t.Skip("hundreds of stored sets")
	}
	s := modular(t, 16, 16)
	identity := make([]int32, s.N)
	reverse := make([]int32, s.N)
	for u := range identity {
		identity[u] = int32(u)
		h, m := u/s.M, u%s.M
		reverse[u] = int32(h*s.M + s.M - 1 - m)
	}
	// P about 1.2·P90 of each rule for Zipf s = 1 at 16×16 (nflip 1), where
	// fcorr is steep and a bias shows most.
	for _, tc := range []struct {
		rule memory.Rule
		P    int
	}{
		{memory.Hebb, 12}, {memory.Covariance, 30}, {memory.Presynaptic, 13}, {memory.Hopfield, 13},
		{memory.Willshaw, 62}, {memory.BCPNN, 160}, {memory.Bayes, 125},
	} {
		const reps = 150
		var sum, sum2 float64
		for rep := range uint64(reps) {
			if rep < 3 {
				a, b := fcorrPair(t, s, tc.rule, tc.P, rep, identity)
				if a != b {
					t.Fatalf("%s rep %d: identity relabelling changed fcorr %g → %g", tc.rule, rep, a, b)
				}
			}
			a, b := fcorrPair(t, s, tc.rule, tc.P, rep, reverse)
			sum += b - a
			sum2 += (b - a) * (b - a)
		}
		mean := sum / reps
		se := math.Sqrt((sum2/reps - mean*mean) / (reps - 1))
		t.Logf("%-11s P = %3d: relabelled − plain fcorr = %+.4f ± %.4f", tc.rule, tc.P, mean, se)
		// A paired difference of zero mean: allow 4.5 standard errors, or
		// one recall in a thousand when ties are too rare to estimate it.
		if math.Abs(mean) > 4.5*se+0.001 {
			t.Errorf("%s: relabelling the units changes fcorr by %+.4f ± %.4f", tc.rule, mean, se)
		}
	}
}

// TestPresynapticHopfieldSameCapacity checks that the two rules whose winners
// are mathematically identical on modular nets get identical scores and
// identical P90, under either tie rule: exact ties are decided by the tie
// rule, never by rounding.
func TestPresynapticHopfieldSameCapacity(t *testing.T) {
	for _, tc := range []struct {
		H, M  int
		nflip float64
		ties  memory.TieRule
	}{
		{12, 12, 1, memory.TiesLowest},
		{10, 6, 2, memory.TiesLowest},
		{16, 8, 1, memory.TiesRandom},
		{20, 20, 1, memory.TiesLowest},
	} {
		cfg := Config{Shape: modular(t, tc.H, tc.M), Nflip: tc.nflip, Reps: 4, Seed: 3, Ties: tc.ties, Workers: 2,
			Rules: []memory.Rule{memory.Presynaptic, memory.Hopfield}}
		res := capacity(t, cfg, Storage)
		a, b := res[0], res[1]
		if a.P90 != b.P90 || len(a.Probes) != len(b.Probes) {
			t.Fatalf("%d×%d %v ties: P90 presynaptic %d, hopfield %d", tc.H, tc.M, tc.ties, a.P90, b.P90)
		}
		for k := range a.Probes {
			if a.Probes[k] != b.Probes[k] {
				t.Fatalf("%d×%d %v ties: probe %+v vs %+v", tc.H, tc.M, tc.ties, a.Probes[k], b.Probes[k])
			}
		}
		t.Logf("%d×%d nflip %g %v ties: P90 = %d for both", tc.H, tc.M, tc.nflip, tc.ties, a.P90)
	}
}

// TestClimbPastAPlateau: covariance learning at 10×10 has all weights zero
// at P = 1 (fcorr 0) and fcorr 2/3 at both P = 2 and P = 4 before it passes
// 90% from P = 5 on. The search used to give up at the first flat step and
// report P90 = 0; the P90 it reports must be a crossing of the curve.
func TestClimbPastAPlateau(t *testing.T) {
	cfg := Config{Shape: modular(t, 10, 10), Nflip: 1, Reps: 3, Seed: 1, Workers: 1,
		Rules: []memory.Rule{memory.Covariance}}
	res := capacity(t, cfg, Storage)[0]
	if res.P90 == 0 {
		t.Fatalf("covariance at 10×10: P90 = 0 after probes %+v", res.Probes)
	}
	pts, err := Curve(context.Background(), cfg, Storage, []int{res.P90, res.P90 + 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if pts[0].Fraction < Threshold || pts[1].Fraction >= Threshold {
		t.Fatalf("P90 = %d is no crossing: fcorr %g there, %g at P90+1", res.P90, pts[0].Fraction, pts[1].Fraction)
	}
}
