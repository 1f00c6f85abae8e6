// Command bandwidth measures the recall kernel's effective memory bandwidth
// as a fraction of a plain memory-streaming loop, both measured in the same
// run (make bench). The recall kernel reads H rows of N float32 weights per
// iteration; the streaming loop reads the whole N×N matrix.
//
//	go run ./scripts/bandwidth [-sizes 32x32,64x64]
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"hebbplay/core/memory"
	"hebbplay/core/pattern"
)

func main() {
	sizes := flag.String("sizes", "32x32,64x64", "comma-separated modular sizes HxM")
	flag.Parse()
	kernel := "portable loop"
	if memory.SIMD {
		kernel = "AVX2 (GOEXPERIMENT=simd)"
	}
	fmt.Printf("recall kernel: %s\n", kernel)
	fmt.Printf("%-8s %14s %14s %8s\n", "size", "recall GB/s", "stream GB/s", "ratio")
	for _, sz := range strings.Split(*sizes, ",") {
		var h, m int
		if _, err := fmt.Sscanf(sz, "%dx%d", &h, &m); err != nil {
			fail(fmt.Errorf("size %q: want HxM", sz))
		}
		s, err := pattern.NewModular(h, m)
		if err != nil {
			fail(err)
		}
		recall, stream, err := measure(s)
		if err != nil {
			fail(err)
		}
		fmt.Printf("%-8s %14.2f %14.2f %7.0f%%\n", sz, recall, stream, 100*recall/stream)
	}
}

// measure returns the recall kernel's and the streaming loop's bandwidth in
// GB/s for shape s.
func measure(s pattern.Shape) (recall, stream float64, err error) {
	c, err := memory.NewCounts(s.N)
	if err != nil {
		return 0, 0, err
	}
	r := pattern.NewRand(1)
	for range 200 {
		c.Add(pattern.Random(nil, r, s))
	}
	w, err := memory.Derive(nil, c, s, memory.BCPNN, memory.Options{})
	if err != nil {
		return 0, 0, err
	}
	net, err := memory.NewNet(s, w)
	if err != nil {
		return 0, 0, err
	}
	states := make([]pattern.Pattern, 64)
	for k := range states {
		states[k] = pattern.Random(nil, r, s)
	}
	rb := testing.Benchmark(func(b *testing.B) {
		var x pattern.Pattern
		b.SetBytes(int64(4 * s.H * s.N))
		for k := 0; b.Loop(); k++ {
			x = net.Iterate(x, states[k%len(states)])
		}
	})
	sb := testing.Benchmark(func(b *testing.B) {
		var sink float32
		b.SetBytes(int64(4 * len(w.W)))
		for b.Loop() {
			sink += memory.Stream(w.W)
		}
		_ = sink
	})
	gbs := func(res testing.BenchmarkResult) float64 {
		return float64(res.Bytes) * float64(res.N) / res.T.Seconds() / 1e9
	}
	return gbs(rb), gbs(sb), nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bandwidth:", err)
	os.Exit(1)
}
