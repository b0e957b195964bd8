#!/usr/bin/env bash
# The reduced gain sweep of the thesis's FORCE study (ch. 3): networks of N units at each
# gain g in 1.1, 1.2, ..., 2.0, each with its own seed (J, w_f, x0 and its four-sine
# target), trained by `lyap force` with BLAS on one thread. Writes one run folder per
# network under OUT and OUT/results.csv (g, seed, validation MAE, spectrum statistics), then
# prints per-g medians and quartiles of the validation MAE, the fraction below 0.1 and the
# mean max / mean exponents.
#
# usage: scripts/force-g-sweep.sh [OUT] [NETWORKS_PER_G] [N] [LYAP]
set -euo pipefail
out=${1:-runs/force-g-sweep}
count=${2:-10}
size=${3:-200}
lyap=${4:-.build/release/lyap}
mkdir -p "$out"
csv="$out/results.csv"
echo "g,seed,mae,max,mean,positive,kaplanYorke,trainingSeconds,spectrumSeconds" > "$csv.tmp"
for gi in $(seq 1 10); do
  g=$(awk -v i="$gi" 'BEGIN { printf "%.1f", 1 + i / 10 }')
  for s in $(seq 0 $((count - 1))); do
    seed=$((gi * 1000 + s))
    dir="$out/g$g-seed$seed"
    if [ ! -f "$dir/force.json" ]; then
      "$lyap" force --size "$size" --g "$g" --seed "$seed" --threads 1 --run-dir "$dir" \
        --format json > /dev/null
    fi
    jq -r --arg g "$g" --arg seed "$seed" '[$g, $seed, .mae, .statistics.max,
      .statistics.mean, .statistics.positiveCount, .statistics.kaplanYorkeDimension,
      .trainingSeconds, .spectrumSeconds] | @csv' "$dir/force.json" | tr -d '"' >> "$csv.tmp"
  done
done
mv "$csv.tmp" "$csv"
echo "FORCE gain sweep: N = $size, $count networks per g (validation MAE over one free-run period)"
echo "   g   MAE q25   median     q75   below 0.1   mean max exp   mean mean exp"
# Quartiles by linear interpolation between order statistics (numpy's default).
tail -n +2 "$csv" | sort -t, -k1,1n -k3,3g | awk -F, '
  function q(p,   h, lo) { h = (n - 1) * p; lo = int(h); return v[lo] + (h - lo) * (v[lo + 1] - v[lo]) }
  function flush() {
    if (n == 0) return
    printf "%4s  %8.4f %8.4f %8.4f   %5.0f%%   %+12.4f   %+12.4f\n", g, q(0.25), q(0.5), q(0.75),
      100 * good / n, smax / n, smean / n
  }
  $1 != g { flush(); g = $1; n = 0; good = 0; smax = 0; smean = 0 }
  { v[n++] = $3; good += ($3 < 0.1); smax += $4; smean += $5 }
  END { flush() }'
