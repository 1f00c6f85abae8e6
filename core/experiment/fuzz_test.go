package experiment

import (
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzSpec feeds arbitrary JSON to the spec decoder (Spec.Config), which
// reads what the page sends the workers and what result files record.
// Invariants: nothing panics; a refused spec gives an error; an accepted one
// is a valid configuration that survives SpecOf, JSON and Config unchanged.
func FuzzSpec(f *testing.F) {
	f.Add([]byte(`{"net":"modular","H":5,"M":5,"rules":["hebb"],"niter":15,"reps":2}`))
	f.Add([]byte(`{"net":"kofn","N":300,"K":15,"rules":["bcpnn"," bayes"],"nflip":1.5,"niter":15,"reps":1,"corr":"zipf","s":0.75}`))
	f.Add([]byte(`{"net":"modular","H":12,"M":9,"rules":["hebb","willshaw"],"niter":7,"reps":3,"eps":"pseudocount","ninst":4,"nflip_train":2,"nflip_test":1,"corr":"hierarchical","parents":4,"dparent":3}`))
	f.Add([]byte(`{"net":"modular","H":2,"M":1}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var s Spec
		if err := json.Unmarshal(data, &s); err != nil {
			return
		}
		cfg, err := s.Config()
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if err := cfg.Validate(); err != nil {
			t.Fatalf("%s accepted, but %v", data, err)
		}
		b, err := json.Marshal(SpecOf(cfg))
		if err != nil {
			t.Fatal(err)
		}
		var s2 Spec
		if err := json.Unmarshal(b, &s2); err != nil {
			t.Fatal(err)
		}
		cfg2, err := s2.Config()
		if err != nil {
			t.Fatalf("%s accepted, re-encoded as %s, refused: %v", data, b, err)
		}
		if !reflect.DeepEqual(cfg, cfg2) {
			t.Fatalf("%s re-encoded as %s:\n%+v\n%+v", data, b, cfg, cfg2)
		}
	})
}

// FuzzWorkRequest feeds arbitrary JSON to the worker (DecodeWorkRequest,
// then Worker.Handle). Invariants: nothing panics; a refused request gives an
// error, and Handle reports it as a WorkResult with that error; an accepted
// request re-encodes to the same request, configuration and mode; and when it
// is small enough to run quickly, Handle answers every unit with a score
// that adds up (Correct ≤ Tests, Tests = P or P·ninst, Overlap ≤ Tests,
// Iters ≤ Tests·niter), the same score from a fresh worker.
func FuzzWorkRequest(f *testing.F) {
	f.Add([]byte(`{"spec":{"net":"modular","H":8,"M":8,"rules":["hebb","bcpnn"],"nflip":1,"niter":15,"reps":2,"seed":3},"mode":"storage","units":[{"rule":"hebb","P":4,"rep":0},{"rule":"bcpnn","P":12,"rep":1}]}`))
	f.Add([]byte(`{"spec":{"net":"kofn","N":40,"K":4,"rules":["willshaw"],"niter":5,"reps":1,"ninst":2,"nflip_train":1,"nflip_test":1},"mode":"proto","units":[{"rule":"willshaw","P":3,"rep":0}]}`))
	f.Add([]byte(`{"spec":{"net":"modular","H":4,"M":4,"rules":["hebb"],"niter":15,"reps":1,"corr":"hierarchical","parents":2,"dparent":1.5},"mode":"storage","units":[{"rule":"hebb","P":1,"rep":5}]}`))
	f.Add([]byte(`{"mode":"x"}`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, data []byte) {
		req, cfg, mode, err := DecodeWorkRequest(data)
		var res WorkResult
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			if json.Unmarshal((&Worker{}).Handle(data), &res) != nil || res.Error != err.Error() || res.Scores != nil {
				t.Fatalf("Handle answered %+v, want the error %q", res, err)
			}
			return
		}
		b, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		req2, cfg2, mode2, err := DecodeWorkRequest(b)
		if err != nil {
			t.Fatalf("%s accepted, re-encoded as %s, refused: %v", data, b, err)
		}
		if !reflect.DeepEqual(req, req2) || !reflect.DeepEqual(cfg, cfg2) || mode != mode2 {
			t.Fatalf("%s re-encoded as %s decodes differently", data, b)
		}

		// Run only requests that finish in milliseconds.
		work := 0
		for _, u := range req.Units {
			n := CueCount(cfg, mode, u.P)
			work += (u.P*max(cfg.Ninst, 1) + n*cfg.Niter) * cfg.Shape.N
		}
		if len(req.Units) > 8 || cfg.Shape.N > 256 || work > 200000 {
			return
		}
		if json.Unmarshal((&Worker{}).Handle(data), &res) != nil || res.Error != "" || len(res.Scores) != len(req.Units) {
			t.Fatalf("%s: answer %+v", data, res)
		}
		for k, s := range res.Scores {
			u := req.Units[k]
			want := u.P
			if mode == Prototypes {
				want *= cfg.Ninst
			}
			if s.Tests != want || s.Correct < 0 || s.Correct > s.Tests || s.Overlap < 0 || s.Overlap > float64(s.Tests)+1e-9 ||
				s.Iters < 0 || s.Iters > s.Tests*cfg.Niter {
				t.Fatalf("%s: unit %d (%+v) scored %+v", data, k, u, s)
			}
		}
		var again WorkResult
		if json.Unmarshal((&Worker{}).Handle(data), &again) != nil || !reflect.DeepEqual(again, res) {
			t.Fatalf("%s: a fresh worker answers %+v, then %+v", data, res, again)
		}
	})
}
