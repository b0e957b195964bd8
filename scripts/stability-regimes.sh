#!/usr/bin/env bash
# Thesis Fig. 2.3: a vanilla tanh RNN (N = 64) driven by Gaussian input, with recurrent and
# input weights N(0, g^2/N) at three gains: stable (lambda_max < 0), near the edge of chaos
# (lambda_max ~ 0) and chaotic (lambda_max > 0). Prints the first exponents of each spectrum.
set -euo pipefail
lyap=${1:-.build/release/lyap}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "Stability regimes of a driven tanh RNN (hidden 64, input N(0,1), batch 4, 2000 steps after 500 warmup)"
for regime in "0.5 stable" "1.4 edge-of-chaos" "3.0 chaotic"; do
  set -- $regime
  gain=$1
  std=$(awk -v g="$gain" 'BEGIN { printf "%.6f", g / 8 }')
  "$lyap" init --arch rnn --input-size 1 --hidden-size 64 --init "normal:$std" --seed 1 \
    --output "$work/rnn.safetensors" >/dev/null
  "$lyap" spectrum --model "$work/rnn.safetensors" --batch 4 --steps 2000 --warmup 500 \
    --exponents 5 --format csv --output "$work/spectrum.csv"
  awk -F, -v g="$gain" -v name="$2" 'NR > 1 { e[NR - 1] = $2 }
    END { printf "g = %-4s %-15s lambda_max = %+.4f   first five: %+.4f %+.4f %+.4f %+.4f %+.4f\n",
      g, name, e[1], e[1], e[2], e[3], e[4], e[5] }' "$work/spectrum.csv"
done
