package experiment_test

import (
	"context"
	"fmt"

	"hebbplay/core/experiment"
	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

// The storage capacity of additive Hebb and BCPNN in a 10×10 modular net,
// averaged over 5 repetitions with a fixed seed.
func ExampleCapacity() {
	s, _ := pattern.NewModular(10, 10)
	cfg := experiment.Config{Shape: s, Rules: []memory.Rule{memory.Hebb, memory.BCPNN}, Nflip: 1, Reps: 5, Seed: 1}
	res, err := experiment.Capacity(context.Background(), cfg, experiment.Storage, nil)
	if err != nil {
		panic(err)
	}
	for _, r := range res {
		fmt.Printf("%-5s P90 = %d, %.3f bits/synapse\n", r.Rule, r.P90, r.Bits)
	}
	// Output:
	// hebb  P90 = 17, 0.125 bits/synapse
	// bcpnn P90 = 62, 0.458 bits/synapse
}
