package jobs

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"hebbplay/core/dopamine"
	"hebbplay/core/experiment"
	"hebbplay/core/job"
)

// runSplit answers every unit of req on one of k fresh job.Workers chosen at
// random, in the order given (inOrder) or a shuffled one, as the page's
// workers might; it returns the results in unit order.
func runSplit(t *testing.T, req []byte, k int, seed uint64, inOrder bool) []string {
	t.Helper()
	parts, err := job.Split(req)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(seed, 9))
	ws := make([]job.Worker, k)
	order := r.Perm(len(parts))
	if inOrder {
		slices.Sort(order)
	}
	out := make([]string, len(parts))
	for _, i := range order {
		out[i] = string(ws[r.IntN(k)].Handle(parts[i]))
		if strings.Contains(out[i], `"error"`) {
			t.Fatalf("unit %d: %s", i, out[i])
		}
	}
	return out
}

// TestMemoryKind: the memory experiment answers through the registry
// exactly as experiment.Worker does, with or without a kind, split any way.
func TestMemoryKind(t *testing.T) {
	old := `{"spec":{"net":"modular","H":6,"M":6,"rules":["hebb","bcpnn"],"nflip":1,"niter":15,"reps":3,"seed":2},"mode":"storage","units":[` +
		`{"rule":"hebb","P":5,"rep":0},{"rule":"bcpnn","P":9,"rep":1},{"rule":"hebb","P":9,"rep":2},{"rule":"bcpnn","P":20,"rep":0},{"rule":"hebb","P":20,"rep":1}]}`
	var direct experiment.Worker
	parts, _ := job.Split([]byte(old))
	var want []string
	for _, p := range parts {
		want = append(want, string(direct.Handle(p)))
	}
	withKind := strings.Replace(old, `{"spec"`, `{"kind":"memory","spec"`, 1)
	for k := 1; k <= 3; k++ {
		for _, req := range []string{old, withKind} {
			if got := runSplit(t, []byte(req), k, uint64(k), false); !reflect.DeepEqual(got, want) {
				t.Fatalf("%d workers: %v, want %v", k, got, want)
			}
		}
	}
	if !strings.Contains(want[0], `"scores":[{"correct":`) {
		t.Errorf("memory result %s", want[0])
	}
}

func xorSpec(t *testing.T) TrainSpec {
	cfg := dopamine.DefaultConfig(dopamine.XOR)
	return TrainSpec{Config: cfg, Methods: dopamine.Methods, Seed: 3, TraceLimit: 40}
}

// trainRequest cuts 0..end at the given points into units.
func trainRequest(spec TrainSpec, cuts []int) []byte {
	var units []TrainUnit
	from := 0
	for _, c := range cuts {
		units = append(units, TrainUnit{From: from, To: c})
		from = c
	}
	b, _ := json.Marshal(struct {
		Kind  string      `json:"kind"`
		Spec  TrainSpec   `json:"spec"`
		Units []TrainUnit `json:"units"`
	}{KindDopamineTrain, spec, units})
	return b
}

// replay restores a replica group from the results, as the lab does.
func replay(t *testing.T, spec TrainSpec, results []string) (*dopamine.Group, []TrainResult) {
	t.Helper()
	g, err := dopamine.NewGroup(spec.Config, spec.Methods)
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range g.Trainers() {
		tr.SetTraceLimit(spec.TraceLimit)
	}
	g.Init(spec.Seed)
	var rs []TrainResult
	for _, s := range results {
		var r TrainResult
		if err := json.Unmarshal([]byte(s), &r); err != nil {
			t.Fatal(err)
		}
		for i, tr := range g.Trainers() {
			ts := r.Trainers[i]
			pts := make([]dopamine.TracePoint, len(ts.Points))
			for j, p := range ts.Points {
				pts[j] = p.TracePoint()
			}
			if err := tr.Restore(job.Float64s(ts.W), ts.Last.TracePoint(), pts, ts.Stride); err != nil {
				t.Fatal(err)
			}
		}
		rs = append(rs, r)
	}
	return g, rs
}

// TestDopamineTrainAnySplit: the live run's snapshots are the same for any
// number of workers and any assignment of its units, and a replica
// restored from them holds what a group trained natively holds, whatever
// the cut of the run into units.
func TestDopamineTrainAnySplit(t *testing.T) {
	spec := xorSpec(t)
	const end = 300
	native, _ := dopamine.NewGroup(spec.Config, spec.Methods)
	for _, tr := range native.Trainers() {
		tr.SetTraceLimit(spec.TraceLimit)
	}
	native.Init(spec.Seed)
	native.Step(end)

	r := rand.New(rand.NewPCG(1, 2))
	var firstReached []string
	for cut := 0; cut < 4; cut++ {
		var cuts []int
		for c := 0; c < end; {
			c = min(end, c+1+r.IntN(80))
			cuts = append(cuts, c)
		}
		req := trainRequest(spec, cuts)
		want := runSplit(t, req, 1, 0, true)
		for k := 1; k <= 3; k++ {
			if got := runSplit(t, req, k, uint64(10*cut+k), false); !reflect.DeepEqual(got, want) {
				t.Fatalf("cuts %v, %d workers: results differ", cuts, k)
			}
		}
		g, rs := replay(t, spec, want)
		for i, tr := range g.Trainers() {
			nt := native.Trainers()[i]
			if !reflect.DeepEqual(tr.Trace(), nt.Trace()) || tr.Last() != nt.Last() || !reflect.DeepEqual(tr.Params(), nt.Params()) || tr.Stride() != nt.Stride() {
				t.Fatalf("cuts %v: %s's replica differs from native training", cuts, tr.Method())
			}
			if len(tr.Trace()) > spec.TraceLimit {
				t.Errorf("trace of %d points over the limit %d", len(tr.Trace()), spec.TraceLimit)
			}
		}
		last := rs[len(rs)-1]
		for i, ts := range last.Trainers {
			if ts.Method == dopamine.Dopamine && len(ts.Base) == 0 && last.From == 0 {
				t.Errorf("no baseline for Dopamine")
			}
			if got := fmt.Sprint(ts.ReachedOK, ts.Reached); cut > 0 && got != fmt.Sprint(firstReached[i]) {
				t.Errorf("%s reached %s, first cut said %s", ts.Method, got, firstReached[i])
			}
			if cut == 0 {
				firstReached = append(firstReached, fmt.Sprint(ts.ReachedOK, ts.Reached))
			}
		}
	}
}

// TestDopamineTrainRefuses names the limits.
func TestDopamineTrainRefuses(t *testing.T) {
	var w job.Worker
	spec, _ := json.Marshal(xorSpec(t))
	for unit, want := range map[string]string{
		`{"from":5,"to":5}`:        "want 0 ≤ from < to ≤ 10000000",
		`{"from":-1,"to":5}`:       "want 0 ≤ from < to",
		`{"from":0,"to":20000000}`: "to ≤ 10000000",
	} {
		var res struct{ Error string }
		_ = json.Unmarshal(w.Handle([]byte(`{"kind":"dopamine.train","spec":`+string(spec)+`,"units":[`+unit+`]}`)), &res)
		if !strings.Contains(res.Error, want) {
			t.Errorf("unit %s: error %q, want %q", unit, res.Error, want)
		}
	}
}

// TestDopamineCompareAnySplit: optimizers × seeds give the same results
// for any split, equal to Trainer.Run natively.
func TestDopamineCompareAnySplit(t *testing.T) {
	spec := CompareSpec{Config: dopamine.DefaultConfig(dopamine.XOR), Steps: 400}
	var units []CompareUnit
	for _, m := range dopamine.Methods {
		for s := uint64(1); s <= 3; s++ {
			units = append(units, CompareUnit{Method: m, Seed: s})
		}
	}
	req, _ := json.Marshal(struct {
		Kind  string        `json:"kind"`
		Spec  CompareSpec   `json:"spec"`
		Units []CompareUnit `json:"units"`
	}{KindDopamineCompare, spec, units})
	want := runSplit(t, req, 1, 0, true)
	for k := 1; k <= 3; k++ {
		if got := runSplit(t, req, k, uint64(k), false); !reflect.DeepEqual(got, want) {
			t.Fatalf("%d workers: results differ", k)
		}
	}
	for i, u := range units {
		tr, _ := dopamine.NewTrainer(spec.Config, u.Method)
		tr.Init(u.Seed)
		r := tr.Run(spec.Config.Target, spec.Steps, false)
		var got CompareResult
		if err := json.Unmarshal([]byte(want[i]), &got); err != nil {
			t.Fatal(err)
		}
		if got.Steps != r.Steps || got.Reached != r.Reached || got.StepsToTarget != r.StepsToTarget || float64(got.FinalLoss) != r.FinalLoss && r.FinalLoss == r.FinalLoss {
			t.Errorf("%v: %+v, native %+v", u, got, r)
		}
	}
}
