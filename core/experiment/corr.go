package experiment

import (
	"context"
	"fmt"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
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
}

// CorrSweep measures the storage capacity (and, when cfg.Ninst ≥ 1, the
// prototype capacity) of every rule as a function of the correlation knob of
// cfg.Corr.Kind: the parent distance Dparent for Hierarchical sets, the
// exponent S for Zipf sets (memory.md §4). Each knob value is an independent
// experiment with the same seed. The result is ordered by knob, then by rule.
func CorrSweep(ctx context.Context, cfg Config, knobs []float64, progress func(Progress)) ([]CorrPoint, error) {
	if cfg.Corr.Kind == pattern.Uncorrelated {
		return nil, fmt.Errorf("experiment: a correlation sweep needs a correlation kind (hierarchical or zipf)")
	}
	if len(knobs) == 0 {
		return nil, fmt.Errorf("experiment: no knob values to sweep")
	}
	var out []CorrPoint
	for _, knob := range knobs {
		c := cfg
		if c.Corr.Kind == pattern.Hierarchical {
			c.Corr.Dparent = knob
		} else {
			c.Corr.S = knob
		}
		if err := c.withDefaults().Validate(); err != nil {
			return nil, fmt.Errorf("experiment: knob %g: %w", knob, err)
		}
		tag := func(p Progress) {
			if progress != nil {
				p.Message = fmt.Sprintf("knob=%g %s", knob, p.Message)
				progress(p)
			}
		}
		st, err := Capacity(ctx, c, Storage, tag)
		if err != nil {
			return nil, err
		}
		var pr []CapacityResult
		if c.Ninst >= 1 {
			if pr, err = Capacity(ctx, c, Prototypes, tag); err != nil {
				return nil, err
			}
		}
		for k := range st {
			pt := CorrPoint{Rule: st[k].Rule, Knob: knob, Storage: st[k]}
			if pr != nil {
				pt.Proto = pr[k]
			}
			out = append(out, pt)
		}
	}
	return out, nil
}
