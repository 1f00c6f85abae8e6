package experiment

import (
	"context"
	"errors"
	"gonum.org/v1/gonum/stat/distuv"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

func modular(t testing.TB, h, m int) pattern.Shape {
	t.Helper()
	s, err := pattern.NewModular(h, m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func capacity(t testing.TB, cfg Config, mode Mode) []CapacityResult {
	t.Helper()
	res, err := Capacity(context.Background(), cfg, mode, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestLiteratureOrdering reproduces the qualitative result of the benchmark
// (package memory's doc, section Reference points) on a small modular net: additive Hebb stores the fewest
// patterns, covariance more, BCPNN the most of the three, and Willshaw's
// clipped synapses beat additive Hebb.
func TestLiteratureOrdering(t *testing.T) {
	if testing.Short() {
		t.Skip("capacity searches take a few seconds")
	}
	cfg := Config{Shape: modular(t, 20, 20), Nflip: 1, Reps: 3, Seed: 1,
		Rules: []memory.Rule{memory.Hebb, memory.Covariance, memory.BCPNN, memory.Willshaw}}
	p90 := map[memory.Rule]int{}
	for _, r := range capacity(t, cfg, Storage) {
		p90[r.Rule] = r.P90
		t.Logf("%-10s P90 = %d (%.3f bits/synapse)", r.Rule, r.P90, r.Bits)
		if r.Limited {
			t.Errorf("%s: search hit its limit", r.Rule)
		}
	}
	if !(p90[memory.Hebb] < p90[memory.Covariance] && p90[memory.Covariance] < p90[memory.BCPNN]) {
		t.Errorf("want P90 hebb < covariance < bcpnn, got %v", p90)
	}
	if p90[memory.Willshaw] <= p90[memory.Hebb] {
		t.Errorf("want P90 willshaw > hebb, got %v", p90)
	}
}

// TestDeterminism: the same seed gives identical results twice, and any
// number of workers gives the same results.
func TestDeterminism(t *testing.T) {
	cfg := Config{Shape: modular(t, 8, 8), Nflip: 1, Reps: 4, Seed: 7,
		Rules: []memory.Rule{memory.Hebb, memory.BCPNN, memory.Bayes}}
	var runs [][]CapacityResult
	for _, w := range []int{1, 1, 3, 8} {
		cfg.Workers = w
		runs = append(runs, capacity(t, cfg, Storage))
	}
	for k := 1; k < len(runs); k++ {
		if !reflect.DeepEqual(runs[0], runs[k]) {
			t.Fatalf("run %d differs:\n%+v\n%+v", k, runs[0], runs[k])
		}
	}
	cfg.Seed = 8
	if other := capacity(t, cfg, Storage); reflect.DeepEqual(other, runs[0]) {
		t.Error("a different seed gave identical probes")
	}
	// Asynchronous recall and curves are deterministic too.
	cfg.Async = true
	ps := []int{1, 5, 9}
	a, err := Curve(context.Background(), cfg, Storage, ps, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Workers = 1
	b, _ := Curve(context.Background(), cfg, Storage, ps, nil)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("async curve depends on the number of workers")
	}
}

// TestSearchReusesCountsCorrectly checks that the search, which moves each
// repetition's counts up and down between probes, measures at every probe
// exactly what a fresh run that only ever adds patterns measures.
func TestSearchReusesCountsCorrectly(t *testing.T) {
	cfg := Config{Shape: modular(t, 10, 10), Nflip: 1, Reps: 3, Seed: 3,
		Rules: []memory.Rule{memory.Covariance, memory.Willshaw}}
	for _, r := range capacity(t, cfg, Storage) {
		var ps []int
		for _, pt := range r.Probes {
			ps = append(ps, pt.P)
		}
		c := cfg
		c.Rules = []memory.Rule{r.Rule}
		curve, err := Curve(context.Background(), c, Storage, ps, nil)
		if err != nil {
			t.Fatal(err)
		}
		for k, pt := range curve {
			if pt.Point != r.Probes[k] {
				t.Errorf("%s P=%d: search measured %+v, fresh curve %+v", r.Rule, pt.P, r.Probes[k], pt.Point)
			}
		}
		// P90 is bracketed: at P90 the fraction is ≥ 0.9, at P90+1 below.
		if r.AtP90 < Threshold {
			t.Errorf("%s: fraction %g at P90", r.Rule, r.AtP90)
		}
		above, _ := Curve(context.Background(), c, Storage, []int{r.P90 + 1}, nil)
		if above[0].Fraction >= Threshold {
			t.Errorf("%s: fraction %g at P90+1 = %d", r.Rule, above[0].Fraction, r.P90+1)
		}
	}
}

func TestBitsPerSynapse(t *testing.T) {
	m := modular(t, 20, 20)
	k, _ := pattern.NewKofN(4, 2)
	pat := 100 * 20 * math.Log2(20) // 100 patterns of 20·log2(20) bits = 8643.86
	for _, tc := range []struct {
		name string
		got  float64
		want float64
	}{
		// Independent synapses. Symmetric: 8643.86 / ((400² − 20·20²)/2 = 76 000).
		{"modular hebb", BitsPerSynapse(m, memory.Hebb, 100), pat / 76000},
		{"modular willshaw", BitsPerSynapse(m, memory.Willshaw, 100), pat / 76000},
		// Presynaptic covariance is symmetric up to a per-unit bias: halved too.
		{"modular presynaptic", BitsPerSynapse(m, memory.Presynaptic, 100), pat / 76000},
		// The asymmetric Bayes rule counts all 152 000 synapses.
		{"modular bayes", BitsPerSynapse(m, memory.Bayes, 100), pat / 152000},
		// 3 · log2(binom(4,2) = 6) / (4·3) for an asymmetric rule, / 6 for a symmetric one.
		{"kofn bayes", BitsPerSynapse(k, memory.Bayes, 3), 3 * math.Log2(6) / 12},
		{"kofn presynaptic", BitsPerSynapse(k, memory.Presynaptic, 3), 3 * math.Log2(6) / 6},
		{"kofn covariance", BitsPerSynapse(k, memory.Covariance, 3), 3 * math.Log2(6) / 6},
		// All possible synapses, the literature's count: the same for every rule.
		{"modular all", BitsPerSynapseAll(m, 100), pat / 152000},
		{"kofn all", BitsPerSynapseAll(k, 3), 3 * math.Log2(6) / 12},
		// 100 · 400 · H2(0.05) / (400·399/2), H2(0.05) = 0.286397.
		{"naive", BitsPerSynapseNaive(m, 100), 100 * 400 * 0.2863969571159562 / 79800},
	} {
		if math.Abs(tc.got-tc.want) > 1e-9 {
			t.Errorf("%s: %g, want %g", tc.name, tc.got, tc.want)
		}
	}
	// A search reports both counts at its P90: for a symmetric rule the
	// independent figure is twice the all-synapses one, for Bayes equal.
	cfg := Config{Shape: modular(t, 8, 8), Nflip: 1, Reps: 2, Seed: 1, Rules: []memory.Rule{memory.Hebb, memory.Presynaptic, memory.Bayes}}
	for _, r := range capacity(t, cfg, Storage) {
		ratio := 2.0
		if r.Rule == memory.Bayes {
			ratio = 1
		}
		if r.P90 == 0 || math.Abs(r.Bits-ratio*r.BitsAll) > 1e-12 || r.BitsAll != BitsPerSynapseAll(cfg.Shape, r.P90) {
			t.Errorf("%s: P90 %d, bits %g independent, %g all", r.Rule, r.P90, r.Bits, r.BitsAll)
		}
	}
}

// TestBitsNormalisation: the labels say what the numbers are divided by,
// with the denominator in parentheses.
func TestBitsNormalisation(t *testing.T) {
	m := modular(t, 20, 20)
	k, _ := pattern.NewKofN(4, 2)
	for _, tc := range []struct{ got, want string }{
		{BitsNormalisation(m, memory.Bayes), "P90·H·log2 M / (N²−H·M²)"},
		{BitsNormalisation(m, memory.Hebb), "P90·H·log2 M / ((N²−H·M²)/2)"},
		{BitsNormalisation(m, memory.Presynaptic), "P90·H·log2 M / ((N²−H·M²)/2)"},
		{BitsNormalisation(k, memory.Bayes), "P90·log2 C(N,K) / (N(N−1))"},
		{BitsNormalisation(k, memory.Willshaw), "P90·log2 C(N,K) / (N(N−1)/2)"},
		{BitsNormalisationAll(m), "P90·H·log2 M / (N²−H·M²)"},
		{BitsNormalisationAll(k), "P90·log2 C(N,K) / (N(N−1))"},
	} {
		if tc.got != tc.want {
			t.Errorf("label %q, want %q", tc.got, tc.want)
		}
	}
}

// TestMeanInterval checks the Student-t interval against hand computation
// and tables.
func TestMeanInterval(t *testing.T) {
	// Table values of t(0.975, df).
	for df, want := range map[int]float64{1: 12.7062, 4: 2.7764, 9: 2.2622, 29: 2.0452, 999: 1.9623} {
		if got := TQuantile(0.95, df); math.Abs(got-want) > 1e-4 {
			t.Errorf("t(0.975, %d) = %.5f, want %.4f", df, got, want)
		}
	}
	// 1..5: mean 3, s = √2.5, half-width 2.776445·√2.5/√5 = 1.963243.
	iv := MeanInterval([]float64{1, 2, 3, 4, 5})
	if iv.Mean != 3 || math.Abs(iv.SD-math.Sqrt(2.5)) > 1e-12 || math.Abs(iv.HalfWidth-1.963243) > 1e-5 ||
		iv.Lo != iv.Mean-iv.HalfWidth || iv.Hi != iv.Mean+iv.HalfWidth || !iv.Defined || math.Abs(iv.RelHalfWid-1.963243/3) > 1e-5 || !iv.Wide() {
		t.Errorf("1..5: %+v", iv)
	}
	// 100, 102 ×5 each: mean 101, s = √(10/9), half-width 2.262157·1.054093/√10 = 0.754049 (±0.75%).
	iv = MeanInterval([]float64{100, 102, 100, 102, 100, 102, 100, 102, 100, 102})
	if math.Abs(iv.HalfWidth-0.754049) > 1e-5 || iv.Wide() {
		t.Errorf("narrow: %+v", iv)
	}
	if iv := MeanInterval([]float64{7}); iv.Defined || iv.Mean != 7 || iv.Lo != 7 || !iv.Wide() {
		t.Errorf("one value: %+v", iv)
	}
	if iv := MeanInterval([]float64{0, 0, 0}); iv.RelHalfWid != 0 || iv.Wide() {
		t.Errorf("zeros: %+v", iv)
	}
	// n for ±3% with a 10% relative SD: t(n−1)·0.1/√n ≤ 0.03 first at n = 46
	// (2.0141·0.1/√46 = 0.02970; n = 45: 2.0154·0.1/√45 = 0.03004).
	if n := RepsForHalfWidth(0.1, 0.03); n != 46 {
		t.Errorf("reps for ±3%% at cv 0.1: %d, want 46", n)
	}
}

// TestRepP90 checks each repetition's own P90 against that repetition
// measured alone: its fraction passes at RepP90 and fails at RepP90+1, and
// the spread is the Student-t interval of those values.
func TestRepP90(t *testing.T) {
	cfg := Config{Shape: modular(t, 10, 10), Nflip: 1, Reps: 4, Seed: 5,
		Rules: []memory.Rule{memory.Hebb, memory.BCPNN}}
	res := capacity(t, cfg, Storage)
	ev, err := NewEvaluator(cfg, Storage)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if len(r.RepP90) != cfg.Reps {
			t.Fatalf("%s: %d per-repetition P90s for %d repetitions", r.Rule, len(r.RepP90), cfg.Reps)
		}
		xs := make([]float64, len(r.RepP90))
		differ := false
		for rep, p := range r.RepP90 {
			xs[rep] = float64(p)
			differ = differ || p != r.RepP90[0]
			at, _ := ev.Eval(r.Rule, p, rep)
			above, _ := ev.Eval(r.Rule, p+1, rep)
			if p < 1 || at.Fraction() < Threshold || above.Fraction() >= Threshold {
				t.Errorf("%s rep %d: P90 %d, fraction %g there and %g at P90+1", r.Rule, rep, p, at.Fraction(), above.Fraction())
			}
		}
		if !differ {
			t.Errorf("%s: every repetition has P90 %d; expected a spread", r.Rule, r.RepP90[0])
		}
		if r.Spread != MeanInterval(xs) || r.Spread.Lo > r.Spread.Mean || r.Spread.Hi < r.Spread.Mean {
			t.Errorf("%s: spread %+v of %v", r.Rule, r.Spread, r.RepP90)
		}
		// The averaged crossing lies within the range of the repetitions'.
		if r.P90 < slices.Min(r.RepP90) || r.P90 > slices.Max(r.RepP90) {
			t.Errorf("%s: P90 %d outside the repetitions' %v", r.Rule, r.P90, r.RepP90)
		}
		// Per-P band: the spread of the repetitions' fractions at each probe.
		for _, pt := range r.Probes {
			if pt.Spread.N != cfg.Reps || math.Abs(pt.Spread.Mean-pt.Fraction) > 1e-15 {
				t.Errorf("%s P=%d: spread %+v, fraction %g", r.Rule, pt.P, pt.Spread, pt.Fraction)
			}
		}
	}
}

func TestConfigErrors(t *testing.T) {
	s := modular(t, 5, 5)
	big := modular(t, 64, 128)
	for _, tc := range []struct {
		name string
		cfg  Config
		mode Mode
		want string
	}{
		{"nflip > H", Config{Shape: s, Nflip: 6}, Storage, "nflip ≤ 5"},
		{"reps", Config{Shape: s, Reps: MaxReps + 1}, Storage, "reps ≤ 1000"},
		{"niter", Config{Shape: s, Niter: -2}, Storage, "niter"},
		{"rule", Config{Shape: s, Rules: []memory.Rule{"oja"}}, Storage, "unknown rule"},
		{"ninst", Config{Shape: s}, Prototypes, "ninst"},
		{"train", Config{Shape: s, Ninst: 2, NflipTrain: 9}, Prototypes, "nflip_train"},
		{"memory", Config{Shape: big, Reps: 20}, Storage, "GiB"},
		{"bad shape", Config{Shape: pattern.Shape{Kind: pattern.Modular, H: 3, M: 1, N: 3, K: 3}}, Storage, "M ≥ 2"},
	} {
		_, err := Capacity(context.Background(), tc.cfg, tc.mode, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cfg := Config{Shape: modular(t, 20, 20), Nflip: 1, Reps: 4, Seed: 1, Workers: 2}
	calls := 0
	_, err := Capacity(ctx, cfg, Storage, func(p Progress) {
		calls++
		if calls == 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}

func TestProgress(t *testing.T) {
	cfg := Config{Shape: modular(t, 6, 6), Nflip: 1, Reps: 2, Seed: 1, Rules: []memory.Rule{memory.Hebb, memory.BCPNN}}
	var got []Progress
	_, err := Curve(context.Background(), cfg, Storage, []int{2, 4, 6}, func(p Progress) { got = append(got, p) })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 12 {
		t.Fatalf("%d progress reports, want 2 reps × 3 P × 2 rules = 12", len(got))
	}
	for k, p := range got {
		if p.Done != k+1 || p.Total != 12 || p.Message == "" {
			t.Fatalf("report %d: %+v", k, p)
		}
	}
}

// TestPrototypeExtraction checks what holds on a 20×20 net with 20
// instances per prototype, each 4 hypercolumns from it, and test instances as
// noisy (measured while writing this test; the reasons are in the comments):
//   - Hebb extracts a single prototype perfectly, although it was never stored.
//   - Covariance cannot extract a single prototype: within one cluster every
//     co-activation is close to the product of the unit probabilities, so the
//     weights carry almost nothing.
//   - BCPNN with the faithful ε does badly with few prototypes (package
//     memory's doc, section BCPNN regularisation: units seen in one instance
//     get large weights and biases against unseen ones) and well with many: its score rises with P, and the capacity
//     search climbs to find where it reaches 90%.
//   - Willshaw's clipped synapses saturate on noisy instances.
func TestPrototypeExtraction(t *testing.T) {
	if testing.Short() {
		t.Skip("prototype searches take a few seconds")
	}
	cfg := Config{Shape: modular(t, 20, 20), Reps: 3, Seed: 5, Ninst: 20, NflipTrain: 4, NflipTest: 4,
		Rules: []memory.Rule{memory.Hebb, memory.Covariance, memory.BCPNN, memory.Willshaw}}
	curve, err := Curve(context.Background(), cfg, Prototypes, []int{1, 50, 100}, nil)
	if err != nil {
		t.Fatal(err)
	}
	score := map[memory.Rule][]float64{}
	for _, pt := range curve {
		score[pt.Rule] = append(score[pt.Rule], pt.Fraction)
		t.Logf("%-10s P=%3d score=%.3f overlap=%.3f", pt.Rule, pt.P, pt.Fraction, pt.Overlap)
	}
	if s := score[memory.Hebb]; s[0] != 1 {
		t.Errorf("hebb with one prototype: score %g, want 1", s[0])
	}
	if s := score[memory.Covariance]; s[0] > 0.1 {
		t.Errorf("covariance with one prototype: score %g, want near 0", s[0])
	}
	if s := score[memory.BCPNN]; !(s[0] < 0.1 && s[2] > 0.95) {
		t.Errorf("bcpnn scores %v: want < 0.1 at P=1 and > 0.95 at P=100", s)
	}
	if s := score[memory.Willshaw]; s[1] > 0.1 {
		t.Errorf("willshaw with 50 prototypes: score %g, want saturation (< 0.1)", s[1])
	}
	cfg.Rules = []memory.Rule{memory.BCPNN}
	res := capacity(t, cfg, Prototypes)
	if r := res[0]; r.P90 < 100 || r.AtP90 < Threshold || r.Bits != 0 {
		t.Errorf("bcpnn prototype capacity %+v: want P90 ≥ 100 found by climbing", r)
	}
}

// TestCorrelationHurts: stored patterns close to a few parents interfere, so
// capacity grows with the parent distance dparent (20×20, 5 parents; measured
// while writing: hebb 6 → 130, covariance 0 → 271, bcpnn 4 → 499 from
// dparent 5 to 20).
func TestCorrelationHurts(t *testing.T) {
	if testing.Short() {
		t.Skip("several capacity searches")
	}
	cfg := Config{Shape: modular(t, 20, 20), Nflip: 1, Reps: 3, Seed: 2,
		Rules: []memory.Rule{memory.Hebb, memory.Covariance, memory.BCPNN},
		Corr:  pattern.Correlation{Kind: pattern.Hierarchical, Parents: 5}}
	pts, err := CorrSweep(context.Background(), cfg, []float64{5, 20}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 6 {
		t.Fatalf("%d points, want 2 knobs × 3 rules", len(pts))
	}
	for k := range 3 {
		strong, weak := pts[k], pts[k+3]
		t.Logf("%s: P90 %d at dparent 5, %d at dparent 20", strong.Rule, strong.Storage.P90, weak.Storage.P90)
		if strong.Storage.P90 >= weak.Storage.P90 {
			t.Errorf("%s: P90 %d with strong correlation ≥ %d with weak", strong.Rule, strong.Storage.P90, weak.Storage.P90)
		}
	}
	if _, err := CorrSweep(context.Background(), Config{Shape: cfg.Shape}, []float64{1}, nil); err == nil {
		t.Error("sweep without a correlation kind accepted")
	}
}

// TestTQuantileRobust: for every number of repetitions a relative error of
// 1e-12 in the quantile (far more than the last-bit differences between
// amd64's and WebAssembly's math functions) leaves the rounded value
// unchanged, so intervals are identical natively and in the browser.
func TestTQuantileRobust(t *testing.T) {
	for df := 1; df < MaxReps; df++ {
		raw := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(0.975)
		want := TQuantile(Confidence, df)
		for _, e := range []float64{-1e-12, 1e-12} {
			if got := roundSig(raw*(1+e), tDigits); got != want {
				t.Fatalf("df %d: t = %.17g rounds to %.17g, perturbed by %g to %.17g", df, raw, want, e, got)
			}
		}
	}
}

// TestTQuantileMatchesDistuv: TQuantile computes the quantile from mathext
// (to keep gonum's matrix packages out of the wasm) with exactly the formula
// of gonum's distuv.StudentsT, so the two agree to the last bit before
// rounding, for every df up to MaxReps and several confidence levels.
func TestTQuantileMatchesDistuv(t *testing.T) {
	for _, c := range []float64{0.5, 0.8, 0.9, Confidence, 0.99, 0.999} {
		for df := 1; df < MaxReps; df++ {
			want := roundSig(distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile((1+c)/2), tDigits)
			if got := TQuantile(c, df); got != want {
				t.Fatalf("c %g, df %d: TQuantile %.17g, distuv %.17g", c, df, got, want)
			}
		}
	}
	if got := TQuantile(0.95, 9); got != 2.26215716 {
		t.Errorf("TQuantile(0.95, 9) = %.17g, want 2.26215716", got)
	}
}
