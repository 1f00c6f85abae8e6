#!/usr/bin/env bash
# make reproduce: the benchmark of the seven learning rules at sizes that
# finish in a few minutes on 2 cores. Prints one table per measurement;
# FORMAT=csv or FORMAT=json changes the output format.
set -euo pipefail
cd "$(dirname "$0")/.."
fmt=${FORMAT:-table}
hebb() { go run ./scripts/hebb "$@" -format "$fmt"; }
go build -o /dev/null ./scripts/hebb

section() { printf '\n== %s\n' "$*"; }

section "Storage capacity, modular 20×20, cue nflip=1, 10 repetitions"
hebb storage -net modular -H 20 -M 20 -nflip 1 -reps 10
section "Storage capacity, K-of-N N=400 K=20 (same activity), cue nflip=1"
hebb storage -net kofn -N 400 -K 20 -nflip 1 -reps 10
section "Storage capacity, modular 32×32, cue nflip=1, 5 repetitions"
hebb storage -net modular -H 32 -M 32 -nflip 1 -reps 5
section "Storage capacity with a noisier cue, modular 20×20, nflip=4"
hebb storage -net modular -H 20 -M 20 -nflip 4 -reps 10
section "Prototype extraction, modular 20×20, 20 instances each 4 flips from its prototype"
hebb proto -net modular -H 20 -M 20 -ninst 20 -nflip-train 4 -nflip-test 4 -reps 5 -P 1,5,20,50,100,200
section "Prototype extraction, K-of-N N=400 K=20"
hebb proto -net kofn -N 400 -K 20 -ninst 20 -nflip-train 4 -nflip-test 4 -reps 5 -P 1,5,20,50,100,200
section "Correlation: hierarchical sets (5 parents), P90 vs parent distance dparent"
hebb corr -net modular -H 20 -M 20 -corr hierarchical -parents 5 -knobs 2,5,10,15,20 -ninst 0 -reps 5
section "Correlation: Zipf-skewed unit usage, P90 vs exponent s"
hebb corr -net modular -H 20 -M 20 -corr zipf -knobs 0,0.5,1,1.5,2 -ninst 0 -reps 5

section "Dopamine lab: XOR (2–4–1 MLP), steps and forward passes to MSE 0.01, seeds 1–10"
go run ./scripts/dopamine -task xor -seed 1 -seeds 10 -format "$fmt"
section "Dopamine lab: Mackey–Glass (1–8–1 Elman RNN), to MSE 0.001, seeds 1–10"
go run ./scripts/dopamine -task mackey-glass -seed 1 -seeds 10 -format "$fmt"

section "Sparse-rule lab: Hebbian k-WTA layer vs backprop on MNIST (quick preset: H=100, 10 000 images × 2 epochs)"
go run ./scripts/sparse -quick -format "$fmt"
