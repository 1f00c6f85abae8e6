package experiment

import (
	"context"
	"testing"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

// BenchmarkCapacity is one P90 search per rule, modular 32×32, 3
// repetitions, one goroutine (the capacity search's speed goal).
func BenchmarkCapacity(b *testing.B) {
	s, err := pattern.NewModular(32, 32)
	if err != nil {
		b.Fatal(err)
	}
	for _, rule := range memory.BenchmarkRules() {
		b.Run("32x32/"+string(rule), func(b *testing.B) {
			cfg := Config{Shape: s, Rules: []memory.Rule{rule}, Nflip: 4, Reps: 3, Seed: 1, Workers: 1}
			for b.Loop() {
				if _, err := Capacity(context.Background(), cfg, Storage, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
