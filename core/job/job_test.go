package job_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"hebbplay/core/job"
)

// echo is a test kind: a unit {"x": n} answers {"y": spec.a*n, "calls": k}
// where k counts the runner's calls (state kept between requests).
type echo struct{ calls int }

func (e *echo) Run(req []byte, _ job.Env) (any, error) {
	var spec struct{ A int }
	var u struct{ X int }
	if err := job.One(req, &spec, &u); err != nil {
		return nil, err
	}
	if u.X < 0 {
		panic("negative")
	}
	e.calls++
	return map[string]int{"y": spec.A * u.X, "calls": e.calls}, nil
}

func init() { job.Register("test.echo", func() job.Runner { return &echo{} }) }

func TestSplitKeepsEveryField(t *testing.T) {
	parts, err := job.Split([]byte(`{"kind":"test.echo","spec":{"a":3},"mode":"m","units":[{"x":1},{"x":2},{"x":5}]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`{"kind":"test.echo","mode":"m","spec":{"a":3},"units":[{"x":1}]}`,
		`{"kind":"test.echo","mode":"m","spec":{"a":3},"units":[{"x":2}]}`,
		`{"kind":"test.echo","mode":"m","spec":{"a":3},"units":[{"x":5}]}`,
	}
	if len(parts) != len(want) {
		t.Fatalf("%d parts, want %d", len(parts), len(want))
	}
	for i := range want {
		if string(parts[i]) != want[i] {
			t.Errorf("part %d = %s, want %s", i, parts[i], want[i])
		}
	}
}

func TestWorkerDispatchesAndKeepsState(t *testing.T) {
	var w job.Worker
	res, err := w.RunAll([]byte(`{"kind":"test.echo","spec":{"a":3},"units":[{"x":1},{"x":2},{"x":5}]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`{"calls":1,"y":3}`, `{"calls":2,"y":6}`, `{"calls":3,"y":15}`}
	for i := range want {
		if string(res[i]) != want[i] {
			t.Errorf("result %d = %s, want %s", i, res[i], want[i])
		}
	}
}

func TestWorkerRefusesBadRequests(t *testing.T) {
	var w job.Worker
	for _, c := range []struct{ req, want string }{
		{`{"kind":"nope","units":[{}]}`, `unknown kind "nope"`},
		{`not json`, "bad request"},
		{`{"kind":"test.echo","spec":{"a":1},"units":[{"x":1},{"x":2}]}`, "exactly 1 unit, not 2"},
		{`{"kind":"test.echo","units":[{"x":1}]}`, "no spec"},
		{`{"kind":"test.echo","spec":{"a":1},"units":[{"x":-1}]}`, "internal error: negative"},
		{`{"kind":"test.echo","spec":"x","units":[{"x":1}]}`, "bad spec"},
		{`{"kind":"test.echo","spec":{},"units":[{"x":1}]}` + strings.Repeat(" ", job.MaxRequest), "over the limit of 4194304"},
	} {
		var r struct{ Error string }
		if err := json.Unmarshal(w.Handle([]byte(c.req)), &r); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(r.Error, c.want) {
			t.Errorf("%.60s: error %q, want it to contain %q", c.req, r.Error, c.want)
		}
	}
	// After a panic the kind starts afresh: its state may have been broken.
	res := w.Handle([]byte(`{"kind":"test.echo","spec":{"a":1},"units":[{"x":4}]}`))
	if string(res) != `{"calls":1,"y":4}` {
		t.Errorf("after a panic: %s", res)
	}
}

func TestKindOfDefaultsToMemory(t *testing.T) {
	for req, want := range map[string]string{`{"spec":{}}`: "memory", `{"kind":""}`: "memory", `{"kind":"x"}`: "x"} {
		if got, err := job.KindOf([]byte(req)); err != nil || got != want {
			t.Errorf("KindOf(%s) = %q, %v; want %q", req, got, err, want)
		}
	}
}

func TestFloatRoundTrip(t *testing.T) {
	xs := []float64{0, -1.5, 1e-300, math.MaxFloat64, math.Inf(1), math.Inf(-1), math.NaN(), 0.1}
	b, err := json.Marshal(job.Floats(xs))
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `[0,-1.5,1e-300,1.7976931348623157e+308,"+Inf","-Inf","NaN",0.1]` {
		t.Errorf("encoded %s", b)
	}
	var back []job.Float
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	for i, x := range job.Float64s(back) {
		if !(x == xs[i] || math.IsNaN(x) && math.IsNaN(xs[i])) {
			t.Errorf("%d: %v back as %v", i, xs[i], x)
		}
	}
	var f job.Float
	if err := json.Unmarshal([]byte(`"1"`), &f); err == nil {
		t.Error(`"1" decoded as a Float`)
	}
}
