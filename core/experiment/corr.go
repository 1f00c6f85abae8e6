package experiment

import (
	"context"

	"hebbplay/core/memory"
)

// CorrPoint is the capacity of one rule at one value of a correlation knob.
type CorrPoint struct {
	Rule memory.Rule
	// Knob is the value of the swept knob: Dparent (hierarchical) or the
	// Zipf exponent S.
	Knob float64
	// Storage is the storage capacity search at this knob (P90, bits).
	Storage CapacityResult
	// Proto is the prototype capacity search at this knob, when the
	// configuration has Ninst ≥ 1 (otherwise its P90 is 0 and Probes empty).
	Proto CapacityResult
	// Final is set when the search this point reports has finished (see
	// Run.Capacities, which also reports searches under way).
	Final bool
}

// CorrSweep measures the storage capacity (and, when cfg.Ninst ≥ 1, the
// prototype capacity) of every rule as a function of the correlation knob of
// cfg.Corr.Kind: the parent distance Dparent for Hierarchical sets, the
// exponent S for Zipf sets (package doc, section Measurements). Each knob value is an independent
// experiment with the same seed (a Run of ExpCorr). The result is ordered by
// knob, then by rule.
func CorrSweep(ctx context.Context, cfg Config, knobs []float64, progress func(Progress)) ([]CorrPoint, error) {
	r, err := NewRun(ExpCorr, cfg, nil, knobs, true)
	if err != nil {
		return nil, err
	}
	if err := r.Execute(ctx, progress); err != nil {
		return nil, err
	}
	return r.corrPoints(), nil
}
