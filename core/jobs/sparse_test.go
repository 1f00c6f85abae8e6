package jobs

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"hebbplay/core/job"
	"hebbplay/core/sparse"
	"hebbplay/core/sparse/mnist"
)

// synthetic returns a packed subset of easy digits (mnist.Synthetic).
func synthetic(t testing.TB, ntrain, ntest int) []byte {
	t.Helper()
	b, err := mnist.SyntheticPacked(ntrain, ntest, rand.New(rand.NewPCG(7, 7)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sparseRequest(spec SparseSpec, units []SparseUnit) []byte {
	b, _ := json.Marshal(struct {
		Kind   string       `json:"kind"`
		Assets []string     `json:"assets"`
		Spec   SparseSpec   `json:"spec"`
		Units  []SparseUnit `json:"units"`
	}{KindSparseTrain, []string{spec.Asset}, spec, units})
	return b
}

// TestSparseTrainAnySplit: the training's snapshots are the same for any
// number of workers and any assignment of its units; the last one equals
// models trained natively, whatever the cut of the run into units.
func TestSparseTrainAnySplit(t *testing.T) {
	data := synthetic(t, 300, 60)
	cfg := sparse.DefaultConfig(16)
	cfg.Winners = 2
	spec := SparseSpec{Model: cfg, Seed: 3, Asset: "subset.bin", EvalEvery: 100}
	const end = 420
	train, test, _ := mnist.DecodeBytes(data)
	heb, _ := sparse.NewHebbian(cfg)
	bp, _ := sparse.NewBackprop(cfg)
	th, tb := sparse.NewTrainer(heb, train), sparse.NewTrainer(bp, train)
	th.Init(3)
	tb.Init(3)
	th.Step(end)
	tb.Step(end)

	r := rand.New(rand.NewPCG(5, 6))
	var firstLast SparseResult
	for cut := 0; cut < 3; cut++ {
		var units []SparseUnit
		for from := 0; from < end; {
			to := min(end, from+1+r.IntN(150))
			units = append(units, SparseUnit{From: from, To: to, Show: []string{"hebbian", "backprop"}[r.IntN(2)], TestN: 50, Exact: r.IntN(3) == 0})
			from = to
		}
		units[len(units)-1].Show, units[len(units)-1].Exact = "hebbian", true
		req := sparseRequest(spec, units)
		parts, _ := job.Split(req)
		run := func(k int, seed uint64) []string {
			ws := make([]job.Worker, k)
			for i := range ws {
				ws[i].SetAsset("subset.bin", data)
			}
			rr := rand.New(rand.NewPCG(seed, 1))
			out := make([]string, len(parts))
			for _, i := range rr.Perm(len(parts)) {
				out[i] = string(ws[rr.IntN(k)].Handle(parts[i]))
				if strings.Contains(out[i], `"error"`) {
					t.Fatalf("unit %d: %s", i, out[i])
				}
			}
			return out
		}
		want := run(1, 0)
		for k := 1; k <= 3; k++ {
			if got := run(k, uint64(k+10*cut)); !reflect.DeepEqual(got, want) {
				t.Fatalf("cut %d, %d workers: results differ", cut, k)
			}
		}
		last, err := DecodeSparseResult([]byte(want[len(want)-1]))
		if err != nil {
			t.Fatal(err)
		}
		w := heb.Layers()[0].W
		for i := range w {
			if last.Fields[i] != float32(w[i]) {
				t.Fatalf("cut %d: field weight %d = %g, native %g", cut, i, last.Fields[i], w[i])
			}
		}
		if !last.Acc.Valid || last.Acc.At != end || last.Acc.N != 50 || last.Stats.At != end {
			t.Fatalf("cut %d: accuracy %+v, stats at %d", cut, last.Acc, last.Stats.At)
		}
		// The dead units are those the core counts on the same test images.
		if want := sparse.Evaluate(heb, test, 50).Dead; last.Acc.Dead != want {
			t.Fatalf("cut %d: dead fraction %g, native %g", cut, last.Acc.Dead, want)
		}
		if cut == 0 {
			firstLast = last
		} else if !reflect.DeepEqual(firstLast, SparseResult{From: firstLast.From, To: firstLast.To, Hidden: last.Hidden, Fields: last.Fields, Acc: last.Acc, Stats: last.Stats}) {
			t.Fatalf("cut %d: the final snapshot differs from the first cut's", cut)
		}
	}
}

// TestSparseMeasureBeforeTraining: an exact measurement of the initial
// models (no example learnt) is a valid accuracy at 0.
func TestSparseMeasureBeforeTraining(t *testing.T) {
	var w job.Worker
	w.SetAsset("subset.bin", synthetic(t, 50, 30))
	cfg := sparse.DefaultConfig(16)
	spec := SparseSpec{Model: cfg, Seed: 3, Asset: "subset.bin", EvalEvery: 100}
	res, err := DecodeSparseResult(w.Handle(sparseRequest(spec, []SparseUnit{{From: 0, To: 0, Show: "hebbian", TestN: 30, Exact: true}})))
	if err != nil {
		t.Fatal(err)
	}
	if !res.Acc.Valid || res.Acc.At != 0 || res.Acc.N != 30 || res.Stats.At != 0 {
		t.Errorf("accuracy %+v, stats at %d", res.Acc, res.Stats.At)
	}
}

func TestSparseTrainRefuses(t *testing.T) {
	var w job.Worker
	cfg := sparse.DefaultConfig(16)
	spec := SparseSpec{Model: cfg, Seed: 3, Asset: "subset.bin", EvalEvery: 100}
	for unit, want := range map[string]string{
		`{"from":0,"to":10,"show":"hebbian"}`: `no file "subset.bin"`,
		`{"from":5,"to":4,"show":"hebbian"}`:  "want 0 ≤ from ≤ to ≤ 10000000",
		`{"from":0,"to":10,"show":"nothing"}`: "want hebbian or backprop",
	} {
		var u SparseUnit
		_ = json.Unmarshal([]byte(unit), &u)
		var res struct{ Error string }
		_ = json.Unmarshal(w.Handle(sparseRequest(spec, []SparseUnit{u})), &res)
		if !strings.Contains(res.Error, want) {
			t.Errorf("unit %s: error %q, want %q", unit, res.Error, want)
		}
	}
}
