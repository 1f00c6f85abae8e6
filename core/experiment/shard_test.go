package experiment

import (
	"context"
	"reflect"
	"testing"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

// TestShardsMergeToTheSingleRun: every experiment, split into n shards for
// n = 1..(pieces+1), each shard executed on its own fresh run, merged in a
// shuffled order, gives exactly the single run's rows, curves and
// capacities.
func TestShardsMergeToTheSingleRun(t *testing.T) {
	base := Config{Shape: modular(t, 6, 6), Nflip: 1, Reps: 2, Seed: 9, Workers: 2,
		Rules: []memory.Rule{memory.Hebb, memory.Willshaw, memory.BCPNN}, Ninst: 3, NflipTrain: 1, NflipTest: 1}
	corr := base
	corr.Corr = pattern.Correlation{Kind: pattern.Hierarchical, Parents: 2}
	cases := []struct {
		name  string
		cfg   Config
		ps    []int
		knobs []float64
	}{
		{ExpRecall, base, []int{3, 10, 25}, nil},
		{ExpStorage, base, nil, nil},
		{ExpProto, base, []int{1, 4}, nil},
		{ExpCorr, corr, nil, []float64{0.5, 2}},
	}
	r := pattern.NewRand(3)
	for _, c := range cases {
		single, err := NewRun(c.name, c.cfg, c.ps, c.knobs, true)
		if err != nil {
			t.Fatal(err)
		}
		if err := single.Execute(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		pieces := len(single.Pieces())
		for n := 1; n <= pieces+1; n++ {
			shards := make([]Shard, n)
			for i := range n {
				cfg := c.cfg
				cfg.Workers = 1 + (i % 2) // workers never change a result
				run, err := NewRun(c.name, cfg, c.ps, c.knobs, true)
				if err != nil {
					t.Fatal(err)
				}
				if shards[i], err = run.ExecuteShard(context.Background(), i, n, nil); err != nil {
					t.Fatal(err)
				}
			}
			r.Shuffle(n, func(a, b int) { shards[a], shards[b] = shards[b], shards[a] })
			merged, err := NewRun(c.name, c.cfg, c.ps, c.knobs, true)
			if err != nil {
				t.Fatal(err)
			}
			if err := merged.Merge(shards); err != nil {
				t.Fatalf("%s, %d shards: %v", c.name, n, err)
			}
			if !merged.Done() {
				t.Fatalf("%s, %d shards: merged run not done", c.name, n)
			}
			if !reflect.DeepEqual(merged.Rows(), single.Rows()) {
				t.Fatalf("%s, %d shards: rows\n%v\nwant\n%v", c.name, n, merged.Rows(), single.Rows())
			}
			if !reflect.DeepEqual(merged.Capacities(), single.Capacities()) || !reflect.DeepEqual(merged.Curves(), single.Curves()) {
				t.Fatalf("%s, %d shards: capacities or curves differ", c.name, n)
			}
			if n == 3 {
				// A missing, a repeated or a foreign shard is refused.
				if err := mustFresh(t, c).Merge(shards[1:]); err == nil {
					t.Errorf("%s: merge without a shard succeeded", c.name)
				}
				if err := mustFresh(t, c).Merge(append([]Shard{shards[0]}, shards[:2]...)); err == nil {
					t.Errorf("%s: merge with a shard twice succeeded", c.name)
				}
				bad := append([]Shard(nil), shards...)
				bad[0].Count = 4
				if err := mustFresh(t, c).Merge(bad); err == nil {
					t.Errorf("%s: merge of shards of different splits succeeded", c.name)
				}
			}
		}
	}
}

func mustFresh(t *testing.T, c struct {
	name  string
	cfg   Config
	ps    []int
	knobs []float64
}) *Run {
	t.Helper()
	r, err := NewRun(c.name, c.cfg, c.ps, c.knobs, true)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestShardBadIndex: impossible shard numbers are refused with the limit.
func TestShardBadIndex(t *testing.T) {
	run, err := NewRun(ExpStorage, Config{Shape: modular(t, 4, 4), Reps: 1, Rules: []memory.Rule{memory.Hebb}}, nil, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range [][2]int{{-1, 2}, {2, 2}, {0, 0}} {
		if _, err := run.ExecuteShard(context.Background(), in[0], in[1], nil); err == nil {
			t.Errorf("shard %d/%d accepted", in[0], in[1])
		}
	}
}
