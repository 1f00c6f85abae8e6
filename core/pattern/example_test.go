package pattern_test

import (
	"fmt"

	"hebbplay/core/pattern"
)

// A 4×5 modular pattern has one active unit per hypercolumn; a cue with
// nflip = 1 moves exactly one of them.
func Example() {
	s, err := pattern.NewModular(4, 5)
	if err != nil {
		panic(err)
	}
	r := pattern.NewRand(1)
	p := pattern.Random(nil, r, s)
	cue := pattern.Distort(nil, r, s, p, 1)
	fmt.Println("stored:", p)
	fmt.Println("moved: ", s.K-pattern.Overlap(p, cue))
	// Output:
	// stored: [4 8 14 19]
	// moved:  1
}
