#!/usr/bin/env bash
# `make demo`: the thesis's first AeLLE study, reduced to run on 2 cores in minutes —
# 100 FORCE networks (N = 200, 10 per gain g in 1.1 ... 2.0) trained on four-sine targets,
# their closed-loop spectra, then which spectra belong to good networks (lyap analyze,
# held out over 5 splits), and one HTML report of it all. Everything lands in demo/; a
# second run reuses the finished sweep.
set -euo pipefail
lyap=${1:-.build/release/lyap}
out=${2:-demo}
mkdir -p "$out"
echo "1/4 sweep: examples/sweeps/force-g-reduced.yaml -> $out/force-g.sqlite (2 workers)"
"$lyap" sweep run examples/sweeps/force-g-reduced.yaml --store "$out/force-g.sqlite" --workers 2
echo
echo "2/4 export: $out/force-g.npz"
"$lyap" sweep export "$out/force-g.sqlite" --format npz --output "$out/force-g.npz"
echo
echo "3/4 analysis (AeLLE, classifiers, PredNet; held out over 5 splits): $out/analysis"
rm -rf "$out/analysis"
"$lyap" analyze "$out/force-g.npz" --output "$out/analysis"
echo
echo "4/4 reports"
"$lyap" report "$out/force-g.sqlite" --output "$out/sweep-report.html"
"$lyap" report "$out/analysis" --output "$out/report.html"
echo
echo "report: $out/report.html (the analysis) and $out/sweep-report.html (the sweep)"
