// Package job is the one work protocol of every lab: a lab describes its
// heavy computation as jobs, the page runs them in Web Workers (the
// core-only program wasm/worker), and the lab merges the results.
//
// A job is a JSON request: its kind (a name registered here), its spec (the
// configuration and seed, whatever the kind needs) and its units. The page
// hands a worker one request at a time and the worker answers each unit
// with one JSON result, in order. Results are deterministic from the spec
// and the unit alone: the same for any number of workers, any split of the
// units between them and any order. A worker may keep state between the
// units of one job (a memory experiment keeps its co-activation counts, a
// training keeps its network), keyed by the job's spec, so a unit that
// continues the previous one costs only the difference; but the state is a
// cache, never an input: a fresh worker gives the same answer.
//
// Requests without a kind are memory experiments (the format that predates
// the registry), so old requests keep working.
package job

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"sync"
)

// DefaultKind is the kind of a request that names none.
const DefaultKind = "memory"

// MaxRequest is the largest request a worker reads, in bytes.
const MaxRequest = 4 << 20

// Runner computes the units of one kind of job. A worker makes one Runner
// per kind and keeps it, so the Runner may keep state between requests
// (keyed by the spec: see the package comment).
type Runner interface {
	// Run answers a request of exactly one unit (the whole request's JSON,
	// kind, spec and one-element units) with that unit's result, which the
	// worker encodes as JSON. Bad input is an error naming the problem.
	// Files the request names in its "assets" field are in env.
	Run(req []byte, env Env) (any, error)
}

// Env is what a worker offers its runners besides the request.
type Env interface {
	// Asset returns the bytes of a file a request names in its "assets"
	// field (a URL relative to the page), which the worker fetched before
	// running the request.
	Asset(url string) ([]byte, error)
}

// Assets lists the files a request needs (its "assets" field): the page's
// worker fetches each once and hands it to SetAsset before running the
// request.
func Assets(req []byte) ([]string, error) {
	var r struct {
		Assets []string `json:"assets"`
	}
	if err := json.Unmarshal(req, &r); err != nil {
		return nil, fmt.Errorf("job: bad request: %w", err)
	}
	return r.Assets, nil
}

var (
	mu    sync.Mutex
	kinds = map[string]func() Runner{}
)

// Register makes a job kind available to workers. Packages call it from
// init; registering a kind twice panics.
func Register(kind string, newRunner func() Runner) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := kinds[kind]; dup {
		panic("job: duplicate kind " + kind)
	}
	kinds[kind] = newRunner
}

// Kinds lists the registered kinds, sorted.
func Kinds() []string {
	mu.Lock()
	defer mu.Unlock()
	out := make([]string, 0, len(kinds))
	for k := range kinds {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Request is the part of a request every kind shares. Kinds decode the rest
// (spec and units) themselves.
type Request struct {
	// Kind names the job kind; empty means DefaultKind.
	Kind string `json:"kind,omitempty"`
	// Units are the units, each in the kind's JSON form.
	Units []json.RawMessage `json:"units"`
}

// KindOf returns the kind a request names (DefaultKind when none).
func KindOf(req []byte) (string, error) {
	if len(req) > MaxRequest {
		return "", fmt.Errorf("job: request of %d bytes is over the limit of %d", len(req), MaxRequest)
	}
	var r struct {
		Kind *string `json:"kind"`
	}
	if err := json.Unmarshal(req, &r); err != nil {
		return "", fmt.Errorf("job: bad request: %w", err)
	}
	if r.Kind == nil || *r.Kind == "" {
		return DefaultKind, nil
	}
	return *r.Kind, nil
}

// Split returns one request per unit of req: the same request (kind, spec
// and any other field) with units holding that unit only. It is what the
// page's worker does before each unit (web/worker.js), so that every unit
// gets its own result.
func Split(req []byte) ([][]byte, error) {
	if len(req) > MaxRequest {
		return nil, fmt.Errorf("job: request of %d bytes is over the limit of %d", len(req), MaxRequest)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(req, &m); err != nil {
		return nil, fmt.Errorf("job: bad request: %w", err)
	}
	var units []json.RawMessage
	if u, ok := m["units"]; ok {
		if err := json.Unmarshal(u, &units); err != nil {
			return nil, fmt.Errorf("job: bad units: %w", err)
		}
	}
	out := make([][]byte, len(units))
	for i, u := range units {
		m["units"] = json.RawMessage("[" + string(u) + "]")
		b, err := json.Marshal(m)
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

// Worker answers requests of every registered kind, keeping one Runner per
// kind. The zero value is ready to use. It is what the browser's worker
// program runs; it is pure Go, so it is tested natively.
type Worker struct {
	runners map[string]Runner
	assets  map[string][]byte
}

// SetAsset hands the worker a file its requests may name in "assets".
func (w *Worker) SetAsset(url string, data []byte) {
	if w.assets == nil {
		w.assets = map[string][]byte{}
	}
	w.assets[url] = data
}

// Asset implements Env.
func (w *Worker) Asset(url string) ([]byte, error) {
	b, ok := w.assets[url]
	if !ok {
		return nil, fmt.Errorf("job: the worker has no file %q (a request names the files it needs in \"assets\")", url)
	}
	return b, nil
}

// errorResult is the answer to a request that failed.
type errorResult struct {
	Error string `json:"error"`
}

// Handle answers a request of one unit with the unit's JSON result, or
// {"error": "…"}. It never panics on bad input.
func (w *Worker) Handle(req []byte) []byte {
	res, err := w.handle(req)
	if err != nil {
		res = errorResult{Error: err.Error()}
	}
	b, err := json.Marshal(res)
	if err != nil {
		b, _ = json.Marshal(errorResult{Error: "job: result: " + err.Error()})
	}
	return b
}

func (w *Worker) handle(req []byte) (res any, err error) {
	kind, err := KindOf(req)
	if err != nil {
		return nil, err
	}
	r := w.runners[kind]
	if r == nil {
		mu.Lock()
		mk := kinds[kind]
		mu.Unlock()
		if mk == nil {
			return nil, fmt.Errorf("job: unknown kind %q (known: %v)", kind, Kinds())
		}
		r = mk()
		if w.runners == nil {
			w.runners = map[string]Runner{}
		}
		w.runners[kind] = r
	}
	defer func() {
		if p := recover(); p != nil {
			delete(w.runners, kind) // its state may be half-updated
			res, err = nil, fmt.Errorf("job: %s: internal error: %v", kind, p)
		}
	}()
	return r.Run(req, w)
}

// RunAll answers every unit of req in order, as a worker does, and returns
// the results (for native use and tests). It stops at the first error.
func (w *Worker) RunAll(req []byte) ([][]byte, error) {
	parts, err := Split(req)
	if err != nil {
		return nil, err
	}
	out := make([][]byte, len(parts))
	for i, p := range parts {
		out[i] = w.Handle(p)
		var e errorResult
		if json.Unmarshal(out[i], &e) == nil && e.Error != "" {
			return out, errors.New(e.Error)
		}
	}
	return out, nil
}

// One decodes a request of exactly one unit into spec (a pointer to the
// kind's spec type, read from the "spec" field) and unit.
func One(req []byte, spec, unit any) error {
	var r struct {
		Spec  json.RawMessage   `json:"spec"`
		Units []json.RawMessage `json:"units"`
	}
	if err := json.Unmarshal(req, &r); err != nil {
		return fmt.Errorf("job: bad request: %w", err)
	}
	if len(r.Units) != 1 {
		return fmt.Errorf("job: a request to run holds exactly 1 unit, not %d", len(r.Units))
	}
	if len(r.Spec) == 0 {
		return errors.New("job: the request has no spec")
	}
	if err := json.Unmarshal(r.Spec, spec); err != nil {
		return fmt.Errorf("job: bad spec: %w", err)
	}
	if err := json.Unmarshal(r.Units[0], unit); err != nil {
		return fmt.Errorf("job: bad unit: %w", err)
	}
	return nil
}

// Float is a float64 that survives JSON whatever its value: finite values
// are JSON numbers, NaN and the infinities the strings "NaN", "+Inf" and
// "-Inf" (a diverged training has such losses and weights).
type Float float64

// MarshalJSON implements json.Marshaler.
func (f Float) MarshalJSON() ([]byte, error) {
	x := float64(f)
	switch {
	case math.IsNaN(x):
		return []byte(`"NaN"`), nil
	case math.IsInf(x, 1):
		return []byte(`"+Inf"`), nil
	case math.IsInf(x, -1):
		return []byte(`"-Inf"`), nil
	}
	return strconv.AppendFloat(nil, x, 'g', -1, 64), nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (f *Float) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case `"NaN"`:
		*f = Float(math.NaN())
		return nil
	case `"+Inf"`:
		*f = Float(math.Inf(1))
		return nil
	case `"-Inf"`:
		*f = Float(math.Inf(-1))
		return nil
	}
	x, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("job: %s is not a number", b)
	}
	*f = Float(x)
	return nil
}

// Floats converts a slice for JSON.
func Floats(xs []float64) []Float {
	out := make([]Float, len(xs))
	for i, x := range xs {
		out[i] = Float(x)
	}
	return out
}

// Float64s converts back.
func Float64s(xs []Float) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x)
	}
	return out
}
