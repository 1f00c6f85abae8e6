package experiment

import (
	"encoding/json"
	"fmt"
	"slices"

	"hebbplay/core/job"
	"hebbplay/core/memory"
)

// The memory experiment is the job kind "memory" (also the kind of a
// request that names none): its spec is a Spec, its mode storage or proto,
// its units WorkUnits, and each unit's result a WorkResult of one score.
func init() { job.Register("memory", func() job.Runner { return &Worker{} }) }

// WorkRequest is what the page sends a worker: units of one experiment.
type WorkRequest struct {
	// Kind is "memory" or empty (see package job).
	Kind  string     `json:"kind,omitempty"`
	Spec  Spec       `json:"spec"`
	Mode  string     `json:"mode"` // "storage" or "proto"
	Units []WorkUnit `json:"units"`
}

// WorkUnit is a Unit in JSON form.
type WorkUnit struct {
	Rule string `json:"rule"`
	P    int    `json:"P"`
	Rep  int    `json:"rep"`
	// Cues, when set, is [from, to): only the unit's cues from ≤ k < to
	// are recalled (Evaluator.EvalCues), so that one unit can be split
	// across workers.
	Cues []int `json:"cues,omitempty"`
}

// WorkResult is a worker's answer: one score per unit, in order, or an error.
type WorkResult struct {
	Scores []WorkScore `json:"scores,omitempty"`
	Error  string      `json:"error,omitempty"`
}

// WorkScore is a Score in JSON form.
type WorkScore struct {
	Correct int     `json:"correct"`
	Tests   int     `json:"tests"`
	Overlap float64 `json:"overlap"`
	Iters   int     `json:"iters"`
	// Overlaps, for a unit's cues from a cue k > 0 on (WorkUnit.Cues), are
	// each cue's overlap with its target, as runs (value, count) in cue
	// order: Score.AddCues adds them to the earlier cues' score.
	Overlaps [][2]int32 `json:"overlaps,omitempty"`
}

// Score converts back to a Score.
func (w WorkScore) Score() Score {
	return Score{Correct: w.Correct, Tests: w.Tests, Overlap: w.Overlap, Iters: w.Iters}
}

// Worker answers WorkRequests, keeping the evaluator of the last experiment
// so that successive requests for the same repetitions reuse their counts.
// It is what the browser's core-only worker program runs; it is pure Go so
// it is tested natively.
type Worker struct {
	key string
	ev  *Evaluator
}

// Handle answers one JSON-encoded WorkRequest with a JSON-encoded
// WorkResult. It never panics on bad input: problems come back as Error.
func (w *Worker) Handle(req []byte) []byte {
	res, err := w.handle(req)
	if err != nil {
		res = WorkResult{Error: err.Error()}
	}
	b, _ := json.Marshal(res)
	return b
}

// DecodeWorkRequest reads a work request and validates all of it: the spec
// (Spec.Config), the mode, and every unit (a rule of the spec, 0 ≤ P ≤
// MaxPFactor·N, 0 ≤ rep < reps). It returns the request, the configuration
// and the mode, or the first problem, naming the unit and the limit.
func DecodeWorkRequest(b []byte) (WorkRequest, Config, Mode, error) {
	var req WorkRequest
	if err := json.Unmarshal(b, &req); err != nil {
		return req, Config{}, 0, fmt.Errorf("experiment: bad work request: %w", err)
	}
	mode, err := ParseMode(req.Mode)
	if err != nil {
		return req, Config{}, 0, err
	}
	cfg, err := req.Spec.Config()
	if err != nil {
		return req, Config{}, 0, err
	}
	if err := checkMode(cfg, mode); err != nil {
		return req, Config{}, 0, err
	}
	for k, u := range req.Units {
		rule, err := memory.ParseRule(u.Rule)
		if err != nil {
			return req, Config{}, 0, fmt.Errorf("experiment: unit %d: %w", k+1, err)
		}
		if !slices.Contains(cfg.Rules, rule) {
			return req, Config{}, 0, fmt.Errorf("experiment: unit %d: rule %q is not one of the spec's rules", k+1, u.Rule)
		}
		if u.P < 0 || u.P > MaxPFactor*cfg.Shape.N {
			return req, Config{}, 0, fmt.Errorf("experiment: unit %d: P = %d outside 0..%d (%d·N)", k+1, u.P, MaxPFactor*cfg.Shape.N, MaxPFactor)
		}
		if u.Rep < 0 || u.Rep >= cfg.Reps {
			return req, Config{}, 0, fmt.Errorf("experiment: unit %d: repetition %d outside 0..%d", k+1, u.Rep, cfg.Reps-1)
		}
		if u.Cues != nil {
			if len(u.Cues) != 2 {
				return req, Config{}, 0, fmt.Errorf("experiment: unit %d: cues %v are not a range [from, to) within the unit's %d cues", k+1, u.Cues, CueCount(cfg, mode, u.P))
			}
			if err := checkCues(cfg, mode, u.P, u.Cues[0], u.Cues[1]); err != nil {
				return req, Config{}, 0, fmt.Errorf("experiment: unit %d: %w", k+1, err)
			}
		}
	}
	return req, cfg, mode, nil
}

// Run implements job.Runner: the WorkResult of a request.
func (w *Worker) Run(req []byte, _ job.Env) (any, error) { return w.handle(req) }

func (w *Worker) handle(b []byte) (WorkResult, error) {
	req, cfg, mode, err := DecodeWorkRequest(b)
	if err != nil {
		return WorkResult{}, err
	}
	if req.Kind != "" && req.Kind != "memory" {
		return WorkResult{}, fmt.Errorf("experiment: a request of kind %q is not a memory experiment", req.Kind)
	}
	key, _ := json.Marshal(struct {
		Spec
		Mode string
	}{req.Spec, req.Mode})
	if w.ev == nil || string(key) != w.key {
		if w.ev, err = NewEvaluator(cfg, mode); err != nil {
			w.key = ""
			return WorkResult{}, err
		}
		w.key = string(key)
	}
	res := WorkResult{Scores: make([]WorkScore, len(req.Units))}
	for k, u := range req.Units {
		rule, _ := memory.ParseRule(u.Rule)
		var s Score
		var ov []int32
		if u.Cues != nil {
			s, ov, err = w.ev.EvalCues(rule, u.P, u.Rep, u.Cues[0], u.Cues[1])
		} else {
			s, err = w.ev.Eval(rule, u.P, u.Rep)
		}
		if err != nil {
			return WorkResult{}, err
		}
		res.Scores[k] = WorkScore{Correct: s.Correct, Tests: s.Tests, Overlap: s.Overlap, Iters: s.Iters, Overlaps: overlapRuns(ov)}
	}
	return res, nil
}
