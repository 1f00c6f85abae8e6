#!/usr/bin/env bash
# Learning-rate sweep behind the Dopamine lab's defaults (see
# dopamine.DefaultConfig): for each task and optimizer, every rate of a 1–2–5
# grid is run on seeds 1…SEEDS at the task's default budget, and the table
# lists how many runs ended at or below the target loss and the median steps
# to the target. Each optimizer's default rate is the largest rate at which
# all runs ended at or below the target (see dopamine.DefaultConfig).
#
# Usage: bash scripts/dopamine/sweep.sh [task ...]   (default: xor mackey-glass)
# Environment: SEEDS (default 10), RATES (default 0.001 … 20).
set -euo pipefail
cd "$(dirname "$0")/../.."
SEEDS=${SEEDS:-10}
RATES=${RATES:-"0.001 0.002 0.005 0.01 0.02 0.05 0.1 0.2 0.5 1 2 5 10 20"}
tasks=("$@")
[ ${#tasks[@]} -gt 0 ] || tasks=(xor mackey-glass)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/dopamine" ./scripts/dopamine

for task in "${tasks[@]}"; do
  echo "# $task: seeds 1-$SEEDS, default budget and target; ok = runs ending at or below the target"
  printf '%-9s %8s %6s %14s %14s\n' optimizer rate ok median_steps median_fwd
  for opt in sgd adam wp dopamine; do
    case $opt in
      sgd) flag=-lr-sgd ;; adam) flag=-lr-adam ;; wp) flag=-lr-wp ;; dopamine) flag=-eta0 ;;
    esac
    for rate in $RATES; do
      "$tmp/dopamine" -task "$task" -opt "$opt" "$flag" "$rate" -seed 1 -seeds "$SEEDS" -format csv |
        awk -F, -v opt="$opt" -v rate="$rate" -v n="$SEEDS" '
          NR == 1 { next }
          { if ($6 == "true" && $14 != "" && $14 <= $5) ok++  # an empty loss: not finite (diverged)
            # Runs that never reached the target sort above every reached one.
            s[NR-1] = ($6 == "true") ? $7 : 1e18; f[NR-1] = ($6 == "true") ? $8 : 1e18 }
          function isort(a, m,   i, j, v) {
            for (i = 2; i <= m; i++) { v = a[i]; for (j = i - 1; j >= 1 && a[j] > v; j--) a[j+1] = a[j]; a[j+1] = v }
          }
          END {
            m = NR - 1; isort(s, m); isort(f, m); k = int((m + 1) / 2)
            ms = (s[k] >= 1e18) ? "-" : s[k]; mf = (f[k] >= 1e18) ? "-" : f[k]
            printf "%-9s %8s %3d/%-2d %14s %14s\n", opt, rate, ok, n, ms, mf }'
    done
  done
  echo
done
