#!/usr/bin/env bash
# make reproduce: the benchmark of the seven learning rules at sizes that
# finish in a few minutes on 2 cores. Prints one table per measurement, as
# Markdown (the storage tables are the README's, ready to paste);
# FORMAT=table, csv or json changes the output format.
#
# Storage capacities come with the spread across repetitions: each
# repetition's own P90 and the 95% Student-t interval of their mean. Every
# P90 table runs a pilot (-reps) and then reruns each rule (and knob) with
# the repetitions its measured spread calls for, n ≈ (t·sd/(0.03·mean))²
# (hebb -target-ci 0.03), so every interval is within ±3% of its mean, or
# within ±0.5 patterns for a P90 below about 17 (P90 is a whole number); the
# ± column (p90_ci95_rel in the other formats) shows the width reached.
set -euo pipefail
cd "$(dirname "$0")/.."
# The AVX2 recall kernel on amd64 (Go 1.26's simd experiment; other
# architectures build the portable loop with it too). It gives the very same
# numbers, the memory measurements about twice as fast; an empty
# GOEXPERIMENT= in the environment (or any other value) keeps the portable
# build.
export GOEXPERIMENT=${GOEXPERIMENT-simd}
fmt=${FORMAT:-markdown}
other=$fmt
[ "$fmt" = markdown ] && other=table # the other labs' commands print tables
go build -o /dev/null ./scripts/hebb
hebb() { go run ./scripts/hebb "$@" -format "$fmt"; }
ci="-target-ci 0.03"

section() { printf '\n== %s\n\n' "$*"; }

printf 'Intervals: 95%% Student-t interval of the mean of the repetitions'"'"' own P90s; R repetitions per rule chosen from a pilot so that its half-width is within ±3%% (or ±0.5 patterns for P90 below about 17).\n'

section "Storage capacity, modular 20×20, cue nflip=1"
hebb storage -net modular -H 20 -M 20 -nflip 1 -reps 10 $ci
section "Storage capacity, K-of-N N=400 K=20 (same activity), cue nflip=1"
hebb storage -net kofn -N 400 -K 20 -nflip 1 -reps 10 $ci
section "Storage capacity, modular 32×32, cue nflip=1"
hebb storage -net modular -H 32 -M 32 -nflip 1 -reps 5 $ci
section "Storage capacity with a noisier cue, modular 20×20, nflip=4"
hebb storage -net modular -H 20 -M 20 -nflip 4 -reps 10 $ci
section "Prototype extraction, modular 20×20, 20 instances each 4 flips from its prototype"
hebb proto -net modular -H 20 -M 20 -ninst 20 -nflip-train 4 -nflip-test 4 -reps 5 -P 1,5,20,50,100,200
section "Prototype extraction, K-of-N N=400 K=20"
hebb proto -net kofn -N 400 -K 20 -ninst 20 -nflip-train 4 -nflip-test 4 -reps 5 -P 1,5,20,50,100,200
section "Correlation: hierarchical sets (5 parents), P90 vs parent distance dparent"
hebb corr -net modular -H 20 -M 20 -corr hierarchical -parents 5 -knobs 2,5,10,15,20 -ninst 0 -reps 5 $ci
section "Correlation: Zipf-skewed unit usage, P90 vs exponent s"
hebb corr -net modular -H 20 -M 20 -corr zipf -knobs 0,0.5,1,1.5,2 -ninst 0 -reps 5 $ci

section "Dopamine lab: XOR (2–4–1 MLP), steps and forward passes to MSE 0.01, seeds 1–10"
go run ./scripts/dopamine -task xor -seed 1 -seeds 10 -format "$other"
section "Dopamine lab: Mackey–Glass (1–8–1 Elman RNN), to MSE 0.001, seeds 1–10"
go run ./scripts/dopamine -task mackey-glass -seed 1 -seeds 10 -format "$other"

section "Sparse-rule lab: Hebbian k-WTA layer vs backprop on MNIST (quick preset: H=100, 10 000 images × 2 epochs)"
go run ./scripts/sparse -quick -format "$other"
