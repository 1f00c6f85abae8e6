package experiment

import (
	"context"
	"testing"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

// TestSearchClimbsFromOne: in a net of fewer than 100 units the search
// starts at P = 1. Covariance learning has all weights zero with one stored
// pattern (p_ij = x_i·x_j = p_i·p_j), so fcorr is 0 there, yet it stores
// patterns well from P = 2 on. The search must climb from a failed P = 1 as
// it does when a larger start fails, not report capacity 0 (it did: P90 0
// "at fcorr 1", the fraction of storing nothing).
func TestSearchClimbsFromOne(t *testing.T) {
	shape, err := pattern.NewModular(8, 8)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Shape: shape, Rules: []memory.Rule{memory.Covariance}, Nflip: 1, Niter: 15, Reps: 2, Seed: 1, Workers: 1}
	run, err := NewRun(ExpStorage, cfg, nil, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := run.Execute(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	r := run.Capacities()[0].Storage
	if r.Probes[0].P != 1 || r.Probes[0].Fraction != 0 {
		t.Fatalf("first probe %+v: want P = 1 with fcorr 0", r.Probes[0])
	}
	if r.P90 < 2 || r.AtP90 < Threshold {
		t.Errorf("covariance at 8×8: P90 %d at fcorr %g, want a capacity found by climbing past P = 1", r.P90, r.AtP90)
	}
}
