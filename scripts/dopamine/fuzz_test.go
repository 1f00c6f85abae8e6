package main

import (
	"io"
	"strings"
	"testing"
)

// FuzzArgs feeds arbitrary command lines (split at spaces) to the flag
// parser. The command has no permalink input: its outside input is its
// flags. Invariants: nothing panics, a refused line gives an error message,
// and accepted options are runnable: a valid configuration, at least one
// optimizer and one seed, no negative budget, a known format.
func FuzzArgs(f *testing.F) {
	f.Add("-task xor -opt sgd,dopamine -steps 200 -seeds 3")
	f.Add("-task mackey-glass -horizon 50 -format json")
	f.Add("-task nope")
	f.Add("-steps -1 -sigma NaN -eta0 1e400")
	f.Fuzz(func(t *testing.T, line string) {
		args := strings.Fields(line)
		o, err := parse(args, io.Discard)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if err := o.cfg.Validate(); err != nil {
			t.Fatalf("%q accepted with an invalid configuration: %v", line, err)
		}
		if len(o.methods) == 0 || o.seeds < 1 || o.steps < 0 || !strings.Contains(" table csv json ", " "+o.format+" ") {
			t.Fatalf("%q accepted as %+v", line, o)
		}
	})
}
