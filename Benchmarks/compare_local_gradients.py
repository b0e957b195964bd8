#!/usr/bin/env python3
"""Local-time gradients dV_t: LyapunovKit against the authors' prefix re-run in PyTorch.

The authors compute the gradient of the step-t loss with respect to weight_hh_l0 by
re-running the network on every prefix x[:t+1] and calling autograd: O(T^2) forward steps.
Per-sequence gradients ([batch, steps, N, N], the same work as `LyapBench gradients`) need
one such run per sequence and prefix. Both sides: tanh RNN, float64, one thread, random
weights, Gaussian inputs, median of 5 timed runs after a warm-up; the rounds alternate the
two programs so that machine load hits both alike.

usage: compare_local_gradients.py [--rounds R] [--sizes N,T,B,M ...]
       [--binary .build/release/LyapBench]
Needs pip-installed torch.
"""
import argparse
import re
import statistics
import subprocess
import time

import torch


def prefix_seconds(n, steps, batch, m, repeats=5):
    torch.set_num_threads(1)
    torch.manual_seed(0)
    rnn = torch.nn.RNN(m, n, nonlinearity="tanh", batch_first=True).double()
    readout = torch.nn.Linear(n, 10).double()
    x = torch.randn(batch, steps, m, dtype=torch.float64)
    y = torch.randint(0, 10, (batch,))

    def once():
        out = torch.empty(batch, steps, n, n, dtype=torch.float64)
        for b in range(batch):
            for t in range(steps):
                h, _ = rnn(x[b:b + 1, :t + 1])
                loss = torch.nn.functional.cross_entropy(readout(h[:, -1]), y[b:b + 1])
                (g,) = torch.autograd.grad(loss, rnn.weight_hh_l0)
                out[b, t] = g
        return out

    once()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        once()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def ours_seconds(binary, n, steps, batch, m):
    """`LyapBench gradients`: (seconds, GFLOP/s) on one core and on two."""
    out = subprocess.run([binary, "gradients", str(n), str(steps), str(batch), str(m)],
                         check=True, capture_output=True, text=True).stdout
    found = re.findall(r"threads (\d): ([0-9.]+) s, ([0-9.]+) GFLOP/s", out)
    return {int(t): (float(s), float(r)) for t, s, r in found}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", nargs="*", default=["128,28,25,28"],
                        help="N,T,B,M workloads (default: 128,28,25,28)")
    parser.add_argument("--binary", default=".build/release/LyapBench")
    args = parser.parse_args()
    for spec in args.sizes:
        n, steps, batch, m = (int(v) for v in spec.split(","))
        ratios = {1: [], 2: []}
        for r in range(args.rounds):
            ours = ours_seconds(args.binary, n, steps, batch, m)
            theirs = prefix_seconds(n, steps, batch, m, repeats=5 if steps <= 100 else 1)
            for t, (seconds, rate) in sorted(ours.items()):
                ratios[t].append(theirs / seconds)
                print(f"N={n} T={steps} B={batch} M={m} round {r + 1}: ours {seconds:.4f} s on "
                      f"{t} core(s) ({rate:.2f} GFLOP/s), PyTorch prefix re-run (1 thread) "
                      f"{theirs:.4f} s, ratio {theirs / seconds:.1f}", flush=True)
        for t in (1, 2):
            print(f"N={n} T={steps} B={batch} M={m}: median ratio on {t} core(s) "
                  f"{statistics.median(ratios[t]):.1f}")


if __name__ == "__main__":
    main()
