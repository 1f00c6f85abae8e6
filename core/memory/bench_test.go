package memory

import (
	"fmt"
	"testing"

	"hebbplay/core/pattern"
)

// benchSizes are the modular nets of the speed goals: 32×32 (N = 1024,
// 4 MiB of weights) and 64×64 (N = 4096, 64 MiB).
var benchSizes = [][2]int{{32, 32}, {64, 64}}

// benchNet stores p random patterns in an H×M net and derives rule's weights.
func benchNet(b *testing.B, h, m, p int, rule Rule) (pattern.Shape, *Counts, *Weights) {
	s := mustModular(b, h, m)
	c, _ := NewCounts(s.N)
	r := pattern.NewRand(1)
	for range p {
		c.Add(pattern.Random(nil, r, s))
	}
	return s, c, derive(b, c, s, rule, Options{Nflip: 1})
}

func BenchmarkStore(b *testing.B) {
	for _, hm := range benchSizes {
		b.Run(fmt.Sprintf("%dx%d", hm[0], hm[1]), func(b *testing.B) {
			s := mustModular(b, hm[0], hm[1])
			c, _ := NewCounts(s.N)
			x := pattern.Random(nil, pattern.NewRand(1), s)
			for b.Loop() {
				c.Add(x)
			}
		})
	}
}

func BenchmarkDerive(b *testing.B) {
	for _, hm := range benchSizes {
		for _, rule := range []Rule{Hebb, Covariance, Willshaw, BCPNN, Bayes} {
			b.Run(fmt.Sprintf("%dx%d/%s", hm[0], hm[1], rule), func(b *testing.B) {
				s, c, w := benchNet(b, hm[0], hm[1], 200, rule)
				b.SetBytes(int64(4 * s.N * s.N))
				for b.Loop() {
					if _, err := Derive(w, c, s, rule, Options{Nflip: 1}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkRecallIteration measures one synchronous iteration (support of
// every unit from H active rows, then winner-take-all) from random states,
// so the rows read are spread over the whole matrix. SetBytes counts the
// weight bytes read: H rows of N float32.
func BenchmarkRecallIteration(b *testing.B) {
	for _, hm := range benchSizes {
		b.Run(fmt.Sprintf("%dx%d", hm[0], hm[1]), func(b *testing.B) {
			s, _, w := benchNet(b, hm[0], hm[1], 200, BCPNN)
			net := newNet(b, s, w)
			r := pattern.NewRand(2)
			states := make([]pattern.Pattern, 64)
			for k := range states {
				states[k] = pattern.Random(nil, r, s)
			}
			b.SetBytes(int64(4 * s.H * s.N))
			k := 0
			for b.Loop() {
				net.next = net.Iterate(net.next, states[k%len(states)])
				k++
			}
		})
	}
}

// BenchmarkStream is the bandwidth reference for the recall kernel: a plain
// read of the whole N×N float32 matrix with eight independent accumulators.
func BenchmarkStream(b *testing.B) {
	for _, hm := range benchSizes {
		b.Run(fmt.Sprintf("%dx%d", hm[0], hm[1]), func(b *testing.B) {
			n := hm[0] * hm[1]
			buf := make([]float32, n*n)
			for k := range buf {
				buf[k] = float32(k & 7)
			}
			b.SetBytes(int64(4 * len(buf)))
			var sink float32
			for b.Loop() {
				sink += Stream(buf)
			}
			_ = sink
		})
	}
}

// BenchmarkArgmax is one winner-take-all pass over a modular net's support:
// the lowest index of the largest of M = 32 values, for each of 32
// hypercolumns of supports like a recall's (a sum of 32 random values).
func BenchmarkArgmax(b *testing.B) {
	r := pattern.NewRand(3)
	s := make([]float32, 32*32)
	for k := range s {
		for range 32 {
			s[k] += float32(r.NormFloat64())
		}
	}
	sink := 0
	for b.Loop() {
		for h := 0; h < len(s); h += 32 {
			sink += argmaxLowest(s[h : h+32])
		}
	}
	_ = sink
}
