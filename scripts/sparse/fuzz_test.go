package main

import (
	"io"
	"math"
	"strings"
	"testing"
)

// FuzzArgs feeds arbitrary command lines (split at spaces) to the flag
// parser. The command has no permalink input: its outside input is its
// flags. Invariants: nothing panics, a refused line gives an error message,
// and accepted options are runnable: a valid configuration, at least one
// model, finite positive epochs, sizes ≥ 0, ε in [0, 1], a known format.
func FuzzArgs(f *testing.F) {
	f.Add("-quick -models hebbian -fewshot 1,all -eps 0,0.1")
	f.Add("-hidden 50 -k 3 -target 0.02 -epochs 0.5 -format json")
	f.Add("-epochs NaN -eps 2 -fewshot 0")
	f.Add("-models , -bins 0")
	f.Fuzz(func(t *testing.T, line string) {
		o, err := parse(strings.Fields(line), io.Discard)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if err := o.cfg.Validate(); err != nil {
			t.Fatalf("%q accepted with an invalid configuration: %v", line, err)
		}
		bad := len(o.models) == 0 || !(o.epochs > 0) || math.IsInf(o.epochs, 0) || o.train < 0 || o.test < 0 || o.robustN < 0 ||
			o.fewMin < 0 || o.bins < 1 || !strings.Contains(" table csv json ", " "+o.format+" ")
		for _, e := range o.eps {
			bad = bad || !(e >= 0 && e <= 1)
		}
		for _, n := range o.fewshot {
			bad = bad || n < 0
		}
		if bad {
			t.Fatalf("%q accepted as %+v", line, o)
		}
	})
}
