#!/usr/bin/env python3
"""Optional: AeLLE autoencoder training in PyTorch beside `LyapBench aelle`, in one run.

The same work on both sides: 720 synthetic spectra of length 200 (standard normal) with 80
validation spectra; encoder Linear(200, H) tanh Linear(H, 32) tanh, decoder Linear(32, H)
tanh Linear(H, 200), head Linear(32, 1); loss MSE(reconstruction) + alpha * L1(prediction)
with alpha 0 for the first third of the epochs, a linear ramp to 1 over the second, 1 after;
full-batch Adam (lr 1e-3, weight_decay 1e-5); the validation prediction loss measured after
every step and the best state kept (a copy of the state dict, as a careful user would).
Each round runs four sides -- LyapunovKit in Float and Double, PyTorch float32 and float64 --
in an order rotated from round to round; the medians over the rounds and their ratios are
printed per hidden size.
Usage: compare_aelle_pytorch.py [--epochs 3000] [--hidden 256 64] [--rounds 3] [--threads 2]
       [--binary .build/release/LyapBench]
"""
import argparse
import copy
import statistics
import re
import subprocess
import time

import torch


def pytorch_seconds(epochs, hidden, dtype):
    torch.manual_seed(0)
    x = torch.randn(720, 200, dtype=dtype)
    xv = torch.randn(80, 200, dtype=dtype)
    t = (x[:, 0] - 0.5 * x[:, 1]).unsqueeze(1)
    tv = (xv[:, 0] - 0.5 * xv[:, 1]).unsqueeze(1)
    encoder = torch.nn.Sequential(
        torch.nn.Linear(200, hidden), torch.nn.Tanh(), torch.nn.Linear(hidden, 32), torch.nn.Tanh())
    decoder = torch.nn.Sequential(
        torch.nn.Linear(32, hidden), torch.nn.Tanh(), torch.nn.Linear(hidden, 200))
    head = torch.nn.Linear(32, 1)
    modules = torch.nn.ModuleList([encoder, decoder, head]).to(dtype)
    optimizer = torch.optim.Adam(modules.parameters(), lr=1e-3, weight_decay=1e-5)
    mse = torch.nn.MSELoss()
    l1 = torch.nn.L1Loss()
    best, best_state = float("inf"), None
    start = time.perf_counter()
    for epoch in range(epochs):
        fraction = epoch / epochs
        alpha = 0.0 if fraction < 1 / 3 else (1.0 if fraction >= 2 / 3 else (fraction - 1 / 3) * 3)
        optimizer.zero_grad()
        z = encoder(x)
        loss = mse(decoder(z), x) + alpha * l1(head(z), t)
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            validation = l1(head(encoder(xv)), tv).item()
        if alpha > 0 and validation < best:
            best, best_state = validation, copy.deepcopy(modules.state_dict())
    return time.perf_counter() - start


def swift_seconds(binary, epochs, hidden, threads, precision):
    out = subprocess.run([binary, "aelle", str(epochs), str(hidden), str(threads), precision],
                         check=True, capture_output=True, text=True).stdout
    print("  " + out.strip())
    return float(re.search(r": ([0-9.]+) s", out).group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=3000)
    parser.add_argument("--hidden", type=int, nargs="+", default=[256, 64])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--binary", default=".build/release/LyapBench")
    args = parser.parse_args()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; "
          f"LyapunovKit BLAS threads {args.threads}")
    for hidden in args.hidden:
        sides = {
            "ours Float": lambda: swift_seconds(args.binary, args.epochs, hidden, args.threads,
                                                "float"),
            "ours Double": lambda: swift_seconds(args.binary, args.epochs, hidden, args.threads,
                                                 "double"),
            "torch float32": lambda: pytorch_seconds(args.epochs, hidden, torch.float32),
            "torch float64": lambda: pytorch_seconds(args.epochs, hidden, torch.float64),
        }
        names = list(sides)
        times = {name: [] for name in names}
        for r in range(args.rounds):
            order = names[r % 4:] + names[:r % 4]
            for name in order:
                times[name].append(sides[name]())
            print(f"hidden {hidden} round {r + 1}: " + ", ".join(
                f"{name} {times[name][-1]:.2f} s" for name in names))
        median = {name: statistics.median(values) for name, values in times.items()}
        print(f"hidden {hidden}, medians of {args.rounds}: " + ", ".join(
            f"{name} {median[name]:.2f} s" for name in names))
        for ours in ("ours Float", "ours Double"):
            for theirs in ("torch float32", "torch float64"):
                print(f"  {theirs} / {ours} = {median[theirs] / median[ours]:.2f}")


if __name__ == "__main__":
    main()
