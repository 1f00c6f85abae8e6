//go:build !unix

package experiment

// cpuSeconds is not measured where the platform has no getrusage (js/wasm
// under Node): BenchmarkCapacity then reports wall time only.
func cpuSeconds() float64 { return 0 }
