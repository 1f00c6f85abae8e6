package theory

import (
	"testing"

	"hebbplay/core/pattern"
)

// BenchmarkWillshawP90 is the cost of one predicted P90 (a bisection of
// fcorr evaluations) for the largest K-of-N and modular nets.
func BenchmarkWillshawP90(b *testing.B) {
	for _, c := range []struct {
		name string
		s    func() (pattern.Shape, error)
	}{
		{"modular20x20", func() (pattern.Shape, error) { return pattern.NewModular(20, 20) }},
		{"modular64x128", func() (pattern.Shape, error) { return pattern.NewModular(64, 128) }},
		{"kofn8192-64", func() (pattern.Shape, error) { return pattern.NewKofN(8192, 64) }},
	} {
		s, err := c.s()
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				WillshawP90(s, 1, Threshold, MaxPFactor*float64(s.N))
			}
		})
	}
}
