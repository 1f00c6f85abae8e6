//go:build unix

package experiment

import (
	"context"
	"syscall"
	"testing"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

// cpuSeconds is the process's user and system CPU time so far: on a shared
// machine it moves less with other processes' load than wall time does.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

// BenchmarkCapacity is one P90 search per rule, modular 32×32, 3
// repetitions, one goroutine (the capacity search's speed goal). Besides
// wall time it reports the CPU seconds per search (cpu-s/op).
func BenchmarkCapacity(b *testing.B) {
	s, err := pattern.NewModular(32, 32)
	if err != nil {
		b.Fatal(err)
	}
	for _, rule := range memory.BenchmarkRules() {
		b.Run("32x32/"+string(rule), func(b *testing.B) {
			cfg := Config{Shape: s, Rules: []memory.Rule{rule}, Nflip: 1, Reps: 3, Seed: 1, Workers: 1}
			c0 := cpuSeconds()
			n := 0
			for b.Loop() {
				if _, err := Capacity(context.Background(), cfg, Storage, nil); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric((cpuSeconds()-c0)/float64(n), "cpu-s/op")
		})
	}
}
