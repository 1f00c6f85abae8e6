package memory

import (
	"fmt"

	"hebbplay/core/pattern"
)

// Counts holds the co-activation counts of a set of stored patterns.
type Counts struct {
	// N is the number of units.
	N int
	// P is the number of stored patterns.
	P int
	// Ci[i] is the number of stored patterns in which unit i is active.
	Ci []int32
	// Cij is the N×N matrix of co-activation counts in row-major order:
	// Cij[i*N+j] is the number of stored patterns in which units i and j are
	// both active. It is symmetric, and its diagonal equals Ci.
	Cij []int32
}

// NewCounts returns empty counts for n units. It refuses n outside
// 1..pattern.MaxUnits, naming the limit.
func NewCounts(n int) (*Counts, error) {
	if n < 1 || n > pattern.MaxUnits {
		return nil, fmt.Errorf("memory: N = %d units; the limit is 1 ≤ N ≤ %d (weight matrix ≤ %d entries)", n, pattern.MaxUnits, pattern.MaxWeights)
	}
	return &Counts{N: n, Ci: make([]int32, n), Cij: make([]int32, n*n)}, nil
}

// Add stores pattern p: O(k²) for its k active units.
func (c *Counts) Add(p pattern.Pattern) {
	c.P++
	for _, i := range p {
		c.Ci[i]++
		row := c.Cij[int(i)*c.N:]
		for _, j := range p {
			row[j]++
		}
	}
}

// Remove forgets a pattern added earlier. It returns an error, and changes
// nothing, when p cannot have been stored: the counts are empty, a unit is
// outside 0..N−1, p is not a sorted set of distinct units (as every stored
// Pattern is), or a count would become negative (a unit of p, or a pair of
// its units, was never stored active together).
//
// The counts are sums over the stored patterns, so that is all Remove can
// detect: a pattern that was never stored but every pair of whose units was
// active together in some stored pattern is indistinguishable from a stored
// one, and removing it succeeds (the counts then describe no set of stored
// patterns).
func (c *Counts) Remove(p pattern.Pattern) error {
	if c.P == 0 {
		return fmt.Errorf("memory: remove from empty counts")
	}
	for _, i := range p {
		if i < 0 || int(i) >= c.N {
			return fmt.Errorf("memory: remove: unit %d is outside 0..%d", i, c.N-1)
		}
	}
	for k, i := range p {
		if c.Ci[i] == 0 {
			return fmt.Errorf("memory: remove: unit %d was never stored active", i)
		}
		row := c.Cij[int(i)*c.N:]
		for l, j := range p {
			if l != k && j == i {
				return fmt.Errorf("memory: remove: unit %d appears twice; a pattern is a set of distinct units", i)
			}
			if row[j] == 0 {
				return fmt.Errorf("memory: remove: units %d and %d were never stored together", i, j)
			}
		}
	}
	c.P--
	for _, i := range p {
		c.Ci[i]--
		row := c.Cij[int(i)*c.N:]
		for _, j := range p {
			row[j]--
		}
	}
	return nil
}

// Reset forgets every stored pattern.
func (c *Counts) Reset() {
	c.P = 0
	clear(c.Ci)
	clear(c.Cij)
}
