package experiment

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

func TestSpecRoundTrip(t *testing.T) {
	k, _ := pattern.NewKofN(300, 15)
	for _, cfg := range []Config{
		{Shape: modular(t, 12, 9), Rules: []memory.Rule{memory.Hebb, memory.Bayes}, Nflip: 1.5, Niter: 7, Async: true, Reps: 3, Seed: 1 << 40,
			Eps: memory.EpsPseudocount, Ninst: 4, NflipTrain: 2, NflipTest: 1},
		{Shape: k, Rules: memory.BenchmarkRules(), Nflip: 2, Niter: 15, Reps: 10, Seed: 9,
			Corr: pattern.Correlation{Kind: pattern.Hierarchical, Parents: 4, Dparent: 3}},
		{Shape: k, Rules: []memory.Rule{memory.BCPNN}, Niter: 15, Reps: 1, Corr: pattern.Correlation{Kind: pattern.Zipf, S: 0.75}},
	} {
		b, err := json.Marshal(SpecOf(cfg))
		if err != nil {
			t.Fatal(err)
		}
		var s Spec
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatal(err)
		}
		got, err := s.Config()
		if err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		cfg.Workers = 1
		if !reflect.DeepEqual(got, cfg) {
			t.Fatalf("round trip of %s:\n got %+v\nwant %+v", b, got, cfg)
		}
	}
}

func TestSpecErrors(t *testing.T) {
	ok := Spec{Net: "modular", H: 5, M: 5, Rules: []string{"hebb"}, Niter: 15, Reps: 2}
	if _, err := ok.Config(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		mod  func(*Spec)
		want string
	}{
		{func(s *Spec) { s.Net = "torus" }, "network kind"},
		{func(s *Spec) { s.M = 1 }, "M ≥ 2"},
		{func(s *Spec) { s.Rules = nil }, "no rules"},
		{func(s *Spec) { s.Rules = []string{"oja"} }, "unknown rule"},
		{func(s *Spec) { s.Eps = "x" }, "ε handling"},
		{func(s *Spec) { s.Corr = "x" }, "correlation"},
		{func(s *Spec) { s.Niter = 0 }, "niter"},
		{func(s *Spec) { s.Reps = 0 }, "reps"},
		{func(s *Spec) { s.Nflip = 6 }, "nflip"},
	} {
		s := ok
		tc.mod(&s)
		if _, err := s.Config(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want %q", s, err, tc.want)
		}
	}
}

// TestWorkerMatchesCurve: units answered by two Workers through JSON merge
// to what Curve computes natively.
func TestWorkerMatchesCurve(t *testing.T) {
	cfg := Config{Shape: modular(t, 8, 8), Rules: []memory.Rule{memory.Hebb, memory.BCPNN}, Nflip: 1, Reps: 2, Seed: 3}
	ps := []int{4, 12}
	want, err := Curve(t.Context(), cfg, Storage, ps, nil)
	if err != nil {
		t.Fatal(err)
	}
	units, _ := CurveUnits(cfg, ps)
	workers := []*Worker{{}, {}}
	scores := make([]Score, len(units))
	for k, u := range units {
		req, _ := json.Marshal(WorkRequest{Spec: SpecOf(cfg), Mode: "storage", Units: []WorkUnit{{Rule: string(u.Rule), P: u.P, Rep: u.Rep}}})
		var res WorkResult
		if err := json.Unmarshal(workers[k%2].Handle(req), &res); err != nil || res.Error != "" {
			t.Fatalf("worker: %v %s", err, res.Error)
		}
		scores[k] = res.Scores[0].Score()
	}
	got, err := MergeCurve(cfg, units, scores)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("worker curve %+v, want %+v", got, want)
	}
	for _, bad := range []string{`{`, `{"mode":"x"}`, `{"mode":"storage","spec":{"net":"modular","H":2,"M":1}}`,
		`{"mode":"storage","spec":{"net":"modular","H":4,"M":4,"rules":["hebb"],"niter":15,"reps":1},"units":[{"rule":"hebb","P":1,"rep":5}]}`} {
		var res WorkResult
		if err := json.Unmarshal(workers[0].Handle([]byte(bad)), &res); err != nil || res.Error == "" {
			t.Errorf("request %s: no error reported (%v)", bad, err)
		}
	}
}

func TestDecodeWorkRequestNamesTheUnit(t *testing.T) {
	const spec = `{"net":"modular","H":4,"M":4,"rules":["hebb"],"niter":15,"reps":2}`
	for _, tc := range []struct{ units, want string }{
		{`[{"rule":"hebb","P":1,"rep":0},{"rule":"oja","P":1,"rep":0}]`, `unit 2: memory: unknown rule "oja"`},
		{`[{"rule":"bcpnn","P":1,"rep":0}]`, `unit 1: rule "bcpnn" is not one of the spec's rules`},
		{`[{"rule":"hebb","P":1025,"rep":0}]`, "unit 1: P = 1025 outside 0..1024"},
		{`[{"rule":"hebb","P":1,"rep":2}]`, "unit 1: repetition 2 outside 0..1"},
	} {
		_, _, _, err := DecodeWorkRequest([]byte(`{"spec":` + spec + `,"mode":"storage","units":` + tc.units + `}`))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.units, err, tc.want)
		}
	}
	if _, _, _, err := DecodeWorkRequest([]byte(`{"spec":` + spec + `,"mode":"proto","units":[]}`)); err == nil || !strings.Contains(err.Error(), "ninst") {
		t.Errorf("a prototype request without ninst: %v", err)
	}
}
