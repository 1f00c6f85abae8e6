package experiment

import (
	"fmt"
	"strings"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

// Spec is a Config in plain JSON-friendly fields, as the browser's workers
// receive it and as result files record it. Spec.Config validates it.
type Spec struct {
	Net        string   `json:"net"` // "modular" or "kofn"
	H          int      `json:"H"`
	M          int      `json:"M"`
	N          int      `json:"N"`
	K          int      `json:"K"`
	Rules      []string `json:"rules"`
	Nflip      float64  `json:"nflip"`
	Niter      int      `json:"niter"`
	Async      bool     `json:"async"`
	Ties       string   `json:"ties,omitempty"` // "lowest" or "random"; "" = lowest
	Reps       int      `json:"reps"`
	Seed       uint64   `json:"seed"`
	Eps        string   `json:"eps"` // "faithful" or "pseudocount"; "" = faithful
	Ninst      int      `json:"ninst"`
	NflipTrain float64  `json:"nflip_train"`
	NflipTest  float64  `json:"nflip_test"`
	Corr       string   `json:"corr"` // "none", "hierarchical" or "zipf"; "" = none
	Parents    int      `json:"parents"`
	Dparent    float64  `json:"dparent"`
	S          float64  `json:"s"`
}

// Config returns the configuration the spec describes, or the first problem
// with it (naming the limit it breaks).
func (s Spec) Config() (Config, error) {
	var cfg Config
	kind, err := pattern.ParseKind(s.Net)
	if err != nil {
		return cfg, err
	}
	if kind == pattern.Modular {
		cfg.Shape, err = pattern.NewModular(s.H, s.M)
	} else {
		cfg.Shape, err = pattern.NewKofN(s.N, s.K)
	}
	if err != nil {
		return cfg, err
	}
	for _, r := range s.Rules {
		rule, err := memory.ParseRule(strings.TrimSpace(r))
		if err != nil {
			return cfg, err
		}
		cfg.Rules = append(cfg.Rules, rule)
	}
	if len(cfg.Rules) == 0 {
		return cfg, fmt.Errorf("experiment: no rules chosen")
	}
	if s.Eps != "" {
		if cfg.Eps, err = memory.ParseEpsMode(s.Eps); err != nil {
			return cfg, err
		}
	}
	if s.Ties != "" {
		if cfg.Ties, err = memory.ParseTieRule(s.Ties); err != nil {
			return cfg, err
		}
	}
	if s.Corr != "" {
		if cfg.Corr.Kind, err = pattern.ParseCorrKind(s.Corr); err != nil {
			return cfg, err
		}
		cfg.Corr.Parents, cfg.Corr.Dparent, cfg.Corr.S = s.Parents, s.Dparent, s.S
	}
	if s.Niter < 1 {
		return cfg, fmt.Errorf("experiment: niter = %d; need 1 ≤ niter ≤ %d", s.Niter, MaxNiter)
	}
	if s.Reps < 1 {
		return cfg, fmt.Errorf("experiment: reps = %d; need 1 ≤ reps ≤ %d", s.Reps, MaxReps)
	}
	cfg.Nflip, cfg.Niter, cfg.Async, cfg.Reps, cfg.Seed = s.Nflip, s.Niter, s.Async, s.Reps, s.Seed
	cfg.Ninst, cfg.NflipTrain, cfg.NflipTest = s.Ninst, s.NflipTrain, s.NflipTest
	cfg.Workers = 1
	return cfg, cfg.Validate()
}

// SpecOf returns the spec of cfg (Workers is not part of a spec: it never
// changes a result).
func SpecOf(cfg Config) Spec {
	cfg = cfg.withDefaults()
	s := Spec{Net: cfg.Shape.Kind.String(), N: cfg.Shape.N, K: cfg.Shape.K,
		Nflip: cfg.Nflip, Niter: cfg.Niter, Async: cfg.Async, Reps: cfg.Reps, Seed: cfg.Seed,
		Eps: cfg.Eps.String(), Ninst: cfg.Ninst, NflipTrain: cfg.NflipTrain, NflipTest: cfg.NflipTest,
		Corr: cfg.Corr.Kind.String(), Parents: cfg.Corr.Parents, Dparent: cfg.Corr.Dparent, S: cfg.Corr.S}
	if cfg.Ties != memory.TiesLowest {
		s.Ties = cfg.Ties.String()
	}
	if cfg.Shape.Kind == pattern.Modular {
		s.H, s.M = cfg.Shape.H, cfg.Shape.M
	}
	for _, r := range cfg.Rules {
		s.Rules = append(s.Rules, string(r))
	}
	return s
}

// ParseMode returns the Mode named "storage" or "proto".
func ParseMode(s string) (Mode, error) {
	switch s {
	case "storage":
		return Storage, nil
	case "proto":
		return Prototypes, nil
	}
	return 0, fmt.Errorf("experiment: unknown mode %q (want storage or proto)", s)
}
