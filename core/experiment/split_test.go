package experiment

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

// runSplit evaluates units on k evaluators, assigning each unit to a worker
// chosen at random and in a shuffled order, as browser workers might.
func runSplit(t *testing.T, cfg Config, mode Mode, units []Unit, k int, seed uint64) []Score {
	t.Helper()
	r := pattern.NewRand(seed)
	evs := make([]*Evaluator, k)
	for w := range evs {
		var err error
		if evs[w], err = NewEvaluator(cfg, mode); err != nil {
			t.Fatal(err)
		}
	}
	order := r.Perm(len(units))
	scores := make([]Score, len(units))
	for _, i := range order {
		u := units[i]
		s, err := evs[r.IntN(k)].Eval(u.Rule, u.P, u.Rep)
		if err != nil {
			t.Fatal(err)
		}
		scores[i] = s
	}
	return scores
}

// TestAnySplitMergesTheSame: a curve computed by any assignment of its units
// to workers, in any order, merges to the result of Curve.
func TestAnySplitMergesTheSame(t *testing.T) {
	cfg := Config{Shape: modular(t, 8, 8), Nflip: 1, Reps: 3, Seed: 4,
		Rules: []memory.Rule{memory.Hebb, memory.Covariance, memory.Bayes}}
	ps := []int{20, 5, 40}
	want, err := Curve(context.Background(), cfg, Storage, ps, nil)
	if err != nil {
		t.Fatal(err)
	}
	units, err := CurveUnits(cfg, ps)
	if err != nil {
		t.Fatal(err)
	}
	for k := 1; k <= 4; k++ {
		got, err := MergeCurve(cfg, units, runSplit(t, cfg, Storage, units, k, uint64(k)))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%d workers: merged %+v, want %+v", k, got, want)
		}
	}
	// Missing or repeated units are refused.
	if _, err := MergeCurve(cfg, units[1:], make([]Score, len(units)-1)); err == nil {
		t.Error("merge with a unit missing succeeded")
	}
	dup := append([]Unit{units[0]}, units...)
	if _, err := MergeCurve(cfg, dup, make([]Score, len(dup))); err == nil {
		t.Error("merge with a repeated unit succeeded")
	}
}

// TestSearchAnySplit drives a Search by hand with a random split of every
// round and checks it finds what Capacity finds.
func TestSearchAnySplit(t *testing.T) {
	cfg := Config{Shape: modular(t, 8, 8), Nflip: 1, Reps: 3, Seed: 6,
		Rules: []memory.Rule{memory.Hebb, memory.BCPNN}, Ninst: 4, NflipTrain: 2, NflipTest: 2}
	for _, mode := range []Mode{Storage, Prototypes} {
		want, err := Capacity(context.Background(), cfg, mode, nil)
		if err != nil {
			t.Fatal(err)
		}
		s, err := NewSearch(cfg, mode)
		if err != nil {
			t.Fatal(err)
		}
		singles := 0
		for round := 0; !s.Done(); round++ {
			probes := s.Pending()
			for _, p := range probes {
				if p.Single {
					singles++
				}
			}
			units := s.Units(probes)
			scores := runSplit(t, cfg, mode, units, 2, uint64(round))
			if err := s.FeedUnits(probes, scores[1:]); err == nil {
				t.Fatal("feeding too few scores succeeded")
			}
			if err := s.FeedUnits(probes, scores); err != nil {
				t.Fatal(err)
			}
		}
		got := s.Results()
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%v: hand-driven search %+v, Capacity %+v", mode, got, want)
		}
		// The per-repetition searches ran in the same rounds, split as
		// randomly, and found one P90 per repetition.
		units := 0
		for _, r := range got {
			units += r.RepUnits
			if len(r.RepP90) != cfg.Reps || !r.Spread.Defined {
				t.Errorf("%v %s: per-repetition P90s %v, spread %+v", mode, r.Rule, r.RepP90, r.Spread)
			}
		}
		if singles == 0 || singles != units {
			t.Errorf("%v: %d single-repetition probes, %d units counted", mode, singles, units)
		}
	}
}

// TestRunDrivenByHand drives every kind of Run batch by batch with a random
// split, as the browser does, and checks its rows equal Execute's.
func TestRunDrivenByHand(t *testing.T) {
	cfg := Config{Shape: modular(t, 8, 8), Nflip: 1, Reps: 2, Seed: 8,
		Rules: []memory.Rule{memory.Hebb, memory.BCPNN}, Ninst: 3, NflipTrain: 1, NflipTest: 1}
	corr := cfg
	corr.Corr = pattern.Correlation{Kind: pattern.Zipf}
	for _, tc := range []struct {
		name  string
		cfg   Config
		ps    []int
		knobs []float64
	}{
		{ExpRecall, cfg, []int{3, 9}, nil},
		{ExpStorage, cfg, nil, nil},
		{ExpProto, cfg, []int{1, 4}, nil},
		{ExpCorr, corr, nil, []float64{0, 1}},
	} {
		want, err := NewRun(tc.name, tc.cfg, tc.ps, tc.knobs, true)
		if err != nil {
			t.Fatal(err)
		}
		if err := want.Execute(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		// Take every batch Next hands out, then feed one of those out, chosen
		// at random, and repeat: the batches come back in any order.
		got, _ := NewRun(tc.name, tc.cfg, tc.ps, tc.knobs, true)
		pick := pattern.NewRand(uint64(len(tc.name)))
		var out []Batch
		most := 0
		for round := 0; !got.Done(); round++ {
			for {
				b, ok := got.Next()
				if !ok {
					break
				}
				out = append(out, b)
			}
			if len(out) == 0 {
				t.Fatalf("%s: not done but no batch", tc.name)
			}
			most = max(most, len(out))
			k := pick.IntN(len(out))
			b := out[k]
			out = slices.Delete(out, k, k+1)
			scores := runSplit(t, b.Cfg, b.Mode, b.Units, 3, uint64(round))
			if err := got.Feed(b.ID+1000, scores); err == nil {
				t.Fatalf("%s: feeding a batch id never handed out succeeded", tc.name)
			}
			if err := got.Feed(b.ID, scores[1:]); err == nil {
				t.Fatalf("%s: feeding too few scores succeeded", tc.name)
			}
			if err := got.Feed(b.ID, scores); err != nil {
				t.Fatal(err)
			}
			if err := got.Feed(b.ID, scores); err == nil {
				t.Fatalf("%s: feeding a batch twice succeeded", tc.name)
			}
		}
		// A search hands out the next probe of one rule while the other
		// rule's is out.
		if tc.name == ExpStorage && most < 2 {
			t.Errorf("%s: at most %d batch out at once; the rules' searches did not overlap", tc.name, most)
		}
		if !reflect.DeepEqual(got.Rows(), want.Rows()) || len(want.Rows()) == 0 {
			t.Fatalf("%s: rows by hand\n%v\nExecute\n%v", tc.name, got.Rows(), want.Rows())
		}
		if done, total := got.Progress(); done != total || done == 0 {
			t.Errorf("%s: progress %d/%d at the end", tc.name, done, total)
		}
	}
	if _, err := NewRun("fly", cfg, nil, nil, false); err == nil {
		t.Error("unknown experiment accepted")
	}
}

// TestFeedUnitAndPartial feeds a curve unit by unit in a shuffled order:
// Partial shows only points whose every repetition has arrived, never wrong
// ones, and the finished run equals Execute's.
func TestFeedUnitAndPartial(t *testing.T) {
	cfg := Config{Shape: modular(t, 8, 8), Nflip: 1, Reps: 3, Seed: 2, Rules: []memory.Rule{memory.Hebb, memory.Willshaw}}
	want, _ := NewRun(ExpRecall, cfg, []int{4, 8, 16}, nil, false)
	if err := want.Execute(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	final := want.Curves()
	r, _ := NewRun(ExpRecall, cfg, []int{4, 8, 16}, nil, false)
	b, _ := r.Next()
	scores := runSplit(t, b.Cfg, b.Mode, b.Units, 2, 1)
	order := pattern.NewRand(3).Perm(len(b.Units))
	seen := 0
	for _, i := range order {
		if err := r.FeedUnit(b.ID, i, scores[i]); err != nil {
			t.Fatal(err)
		}
		if r.Done() {
			break
		}
		part := r.Partial()
		if len(part) < seen {
			t.Fatalf("partial shrank from %d to %d points", seen, len(part))
		}
		seen = len(part)
		for _, p := range part {
			if !slices.Contains(final, p) {
				t.Fatalf("partial point %+v is not in the final curve", p)
			}
		}
	}
	if err := r.FeedUnit(b.ID, order[0], scores[order[0]]); err == nil {
		t.Error("a unit fed after the batch completed was accepted")
	}
	if !reflect.DeepEqual(r.Rows(), want.Rows()) {
		t.Fatal("rows fed unit by unit differ")
	}
	if done, _ := r.Progress(); done != len(b.Units) {
		t.Errorf("progress counts %d units, want %d", done, len(b.Units))
	}
}
