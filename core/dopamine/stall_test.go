package dopamine

import (
	"math"
	"strings"
	"testing"
)

// points builds a trace with one point per step from the losses.
func points(losses ...float64) []TracePoint {
	tr := make([]TracePoint, len(losses))
	for i, l := range losses {
		tr[i] = TracePoint{Step: i, Loss: l}
	}
	return tr
}

func TestDetectStallByHand(t *testing.T) {
	for _, c := range []struct {
		name    string
		trace   []TracePoint
		target  float64
		window  int
		stalled bool
		drop    float64
		since   int
	}{
		// Flat at 0.25 for 10 steps above the target 0.01: stalled, no drop,
		// and within 1% of 0.25 from step 2 on.
		{"flat", points(0.5, 0.3, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25), 0.01, 4, true, 0, 2},
		// Window of 4 steps: from step 6 (0.25) to the lowest later loss
		// 0.2485 is a drop of 0.6%, under 1%: stalled.
		{"creeping", points(0.5, 0.4, 0.3, 0.26, 0.255, 0.252, 0.25, 0.2495, 0.249, 0.2488, 0.2485), 0.01, 4, true, 0.006, 6},
		// From 0.3 (step 6) to 0.2 is a third: progress.
		{"falling", points(0.5, 0.45, 0.4, 0.37, 0.35, 0.32, 0.3, 0.28, 0.25, 0.22, 0.2), 0.01, 4, false, 1.0 / 3, 10},
		// At or below the target: done, not stalled.
		{"reached", points(0.5, 0.01, 0.01, 0.01, 0.01, 0.01), 0.01, 4, false, 0, 0},
		// The trace spans 5 steps, fewer than the window of 6: too short.
		{"short", points(0.25, 0.25, 0.25, 0.25, 0.25, 0.25), 0.01, 6, false, 0, 0},
		// Diverged: not a stall.
		{"diverged", points(0.5, 0.5, 0.5, 0.5, 0.5, math.NaN()), 0.01, 4, false, 0, 0},
		// Noise that dips 2% below the window's start counts as progress.
		{"noisy", points(0.3, 0.3, 0.3, 0.3, 0.25, 0.26, 0.245, 0.255, 0.25), 0.01, 4, false, 0.02, 8},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := DetectStall(c.trace, c.target, c.window, StallMinDrop)
			if s.Stalled != c.stalled {
				t.Fatalf("stalled = %v, want %v (%+v)", s.Stalled, c.stalled, s)
			}
			if math.Abs(s.Drop-c.drop) > 1e-9 {
				t.Errorf("drop = %g, want %g", s.Drop, c.drop)
			}
			if c.stalled && s.Since != c.since {
				t.Errorf("since = %d, want %d", s.Since, c.since)
			}
		})
	}
}

// A thinned trace (every other step) is read by steps, not by points.
func TestDetectStallThinnedTrace(t *testing.T) {
	var tr []TracePoint
	for s := 0; s <= 20; s += 2 {
		tr = append(tr, TracePoint{Step: s, Loss: 0.125})
	}
	if s := DetectStall(tr, 0.01, 20, StallMinDrop); !s.Stalled || s.Since != 0 {
		t.Errorf("flat thinned trace over the whole window: %+v, want stalled since 0", s)
	}
	if s := DetectStall(tr, 0.01, 21, StallMinDrop); s.Stalled {
		t.Errorf("window longer than the trace: %+v, want not stalled", s)
	}
}

// At the XOR defaults, the detector flags at the end of the step budget
// exactly the runs that ended above the target: on seeds 1–60 these are
// Adam on seeds 38, 47 and 59 (stuck at loss 0.125 with two points at 0.5) and
// WP on seed 53 (stuck at 0.25 with one point wrong), found by scripts/dopamine
// -seeds 200; every other run reaches the target and is not flagged.
func TestStallAtXORDefaults(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 240 XOR runs")
	}
	cfg := DefaultConfig(XOR)
	stalled := map[Method][]uint64{}
	for _, m := range Methods {
		tr, err := NewTrainer(cfg, m)
		if err != nil {
			t.Fatal(err)
		}
		tr.SetTraceLimit(600) // as the lab does
		for seed := uint64(1); seed <= 60; seed++ {
			tr.Init(seed)
			res := tr.Run(cfg.Target, 5000, false)
			s := tr.Stall()
			if s.Stalled == (res.FinalLoss <= cfg.Target) {
				t.Errorf("%s seed %d: stalled %v with final loss %g (target %g)", m, seed, s.Stalled, res.FinalLoss, cfg.Target)
			}
			if s.Stalled {
				stalled[m] = append(stalled[m], seed)
				why := ExplainXOR(tr.XORTask().Outputs(nil, tr.Params()))
				switch m {
				case Adam:
					if !strings.Contains(why, "get about 0.5") {
						t.Errorf("adam seed %d: explanation %q, want two points at 0.5", seed, why)
					}
				case WP:
					if !strings.Contains(why, "(1,1) gets 1.00 for 0") {
						t.Errorf("wp seed %d: explanation %q, want (1,1) wrong", seed, why)
					}
				}
			}
		}
	}
	if got := stalled[Adam]; len(got) != 3 || got[0] != 38 || got[1] != 47 || got[2] != 59 {
		t.Errorf("adam stalled on seeds %v, want [38 47 59]", got)
	}
	if got := stalled[WP]; len(got) != 1 || got[0] != 53 {
		t.Errorf("wp stalled on seeds %v, want [53]", got)
	}
	if n := len(stalled[SGD]) + len(stalled[Dopamine]); n != 0 {
		t.Errorf("sgd/dopamine stalled %d times, want none", n)
	}
}

func TestExplainXOR(t *testing.T) {
	for _, c := range []struct {
		out  []float64
		want string
	}{
		{[]float64{0.5, 0.49, 0.51, 0.5}, "about 0.5 on all four points"},
		{[]float64{0.01, 0.99, 0.5, 0.5}, "(1,0) and (1,1) get about 0.5"},
		{[]float64{0.01, 0.99, 0.99, 0.99}, "(1,1) gets 0.99 for 0"},
	} {
		if got := ExplainXOR(c.out); !strings.Contains(got, c.want) || !strings.Contains(got, "another seed") {
			t.Errorf("ExplainXOR(%v) = %q, want it to contain %q and a suggestion", c.out, got, c.want)
		}
	}
	if ExplainXOR([]float64{0.5}) != "" {
		t.Error("wrong length: want no explanation")
	}
}
