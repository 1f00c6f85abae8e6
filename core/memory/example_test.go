package memory_test

import (
	"fmt"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

// Store 30 random patterns in a 10×10 modular net with BCPNN, cue one with
// two hypercolumns moved, and recall it.
func Example() {
	s, _ := pattern.NewModular(10, 10)
	r := pattern.NewRand(42)
	c, _ := memory.NewCounts(s.N)
	var stored []pattern.Pattern
	for range 30 {
		p := pattern.Random(nil, r, s)
		stored = append(stored, p)
		c.Add(p)
	}
	w, _ := memory.Derive(nil, c, s, memory.BCPNN, memory.Options{})
	net, _ := memory.NewNet(s, w)
	cue := pattern.Distort(nil, r, s, stored[7], 2)
	res, _ := net.Recall(cue, memory.RecallOptions{})
	fmt.Println("cue overlap:   ", pattern.Overlap(cue, stored[7]), "of", s.K)
	fmt.Println("recall overlap:", pattern.Overlap(res.Final, stored[7]), "of", s.K)
	fmt.Println("iterations:    ", res.Iterations, "converged:", res.Converged)
	// Output:
	// cue overlap:    8 of 10
	// recall overlap: 10 of 10
	// iterations:     2 converged: true
}
