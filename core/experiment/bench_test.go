package experiment

import (
	"context"
	"testing"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

// BenchmarkCapacity is one P90 search per rule, 3 repetitions, one
// goroutine (the capacity search's speed goal), on the two nets of the
// benchmark's table: modular 32×32 and K-of-N 1024/32. Besides wall time it
// reports the CPU seconds per search (cpu-s/op) where the platform can.
func BenchmarkCapacity(b *testing.B) {
	mod, err := pattern.NewModular(32, 32)
	if err != nil {
		b.Fatal(err)
	}
	kofn, err := pattern.NewKofN(1024, 32)
	if err != nil {
		b.Fatal(err)
	}
	for _, net := range []struct {
		name string
		s    pattern.Shape
	}{{"32x32", mod}, {"kofn1024", kofn}} {
		for _, rule := range memory.BenchmarkRules() {
			b.Run(net.name+"/"+string(rule), func(b *testing.B) {
				cfg := Config{Shape: net.s, Rules: []memory.Rule{rule}, Nflip: 1, Reps: 3, Seed: 1, Workers: 1}
				c0 := cpuSeconds()
				n := 0
				for b.Loop() {
					if _, err := Capacity(context.Background(), cfg, Storage, nil); err != nil {
						b.Fatal(err)
					}
					n++
				}
				if c1 := cpuSeconds(); c1 > 0 {
					b.ReportMetric((c1-c0)/float64(n), "cpu-s/op")
				}
			})
		}
	}
}
