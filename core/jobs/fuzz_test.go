package jobs

import (
	"encoding/json"
	"regexp"
	"testing"

	"hebbplay/core/job"
)

// bigNumber matches numbers of four digits or more: the fuzzer skips them so
// that a valid request stays cheap (a training of millions of steps is
// valid, just slow).
var bigNumber = regexp.MustCompile(`[0-9]{4,}|[eE][+]?[0-9]`)

// FuzzHandle: a worker answers any request of any kind with JSON (a result
// or an error), never panicking: the runners' internal errors would show as
// "internal error".
func FuzzHandle(f *testing.F) {
	for _, s := range []string{
		`{"kind":"dopamine.train","spec":{"config":{"Task":"xor","Hidden":2,"SGDRate":1,"AdamRate":0.1,"Sigma":0.01,"WPRate":1,"Eta0":1,"Beta":0.9,"RMax":5,"Epsilon":1e-12,"Perturbations":1,"Target":0.01},"methods":["sgd","dopamine"],"seed":1,"traceLimit":40},"units":[{"from":0,"to":30}]}`,
		`{"kind":"dopamine.compare","spec":{"config":{"Task":"xor","Hidden":2,"SGDRate":1,"AdamRate":0.1,"Sigma":0.01,"WPRate":1,"Eta0":1,"Beta":0.9,"RMax":5,"Perturbations":1,"Target":0.01},"steps":50},"units":[{"method":"adam","seed":3}]}`,
		`{"kind":"sparse.train","assets":["x.bin"],"spec":{"model":{"hidden":4},"asset":"x.bin","evalEvery":10},"units":[{"from":0,"to":5,"show":"hebbian"}]}`,
		`{"kind":"sparse.curve","spec":{"train":{"asset":"x.bin"},"at":5},"units":[{"series":"hebb-few"}]}`,
		`{"spec":{"net":"modular","H":4,"M":4,"rules":["hebb"],"niter":5,"reps":1},"mode":"storage","units":[{"rule":"hebb","P":3,"rep":0}]}`,
		`{"kind":"nope","units":[{}]}`, `[]`, `{"units":[1,2]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if bigNumber.Match(b) {
			t.Skip()
		}
		var w job.Worker
		parts, err := job.Split(b)
		if err != nil {
			parts = [][]byte{b}
		}
		for _, p := range parts {
			out := w.Handle(p)
			var r map[string]any
			if err := json.Unmarshal(out, &r); err != nil {
				t.Fatalf("answer %q is not a JSON object: %v", out, err)
			}
			if e, _ := r["error"].(string); regexp.MustCompile("internal error").MatchString(e) {
				t.Fatalf("request %q: %s", p, e)
			}
		}
	})
}
