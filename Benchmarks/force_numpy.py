#!/usr/bin/env python3
"""Optional: a numpy baseline of one FORCE network beside LyapunovKit, in one run.

The same work as `lyap force --density 1` (Double): a dense rate network of N units,
x <- (1 - h) x + h (g J r + w_f z), r = tanh(x), z = w r, h = 0.1, trained by recursive least
squares every 2 steps over 15 epochs of a 1200-sample four-sine, each epoch followed by a
1200-step free run on a copy; then the full spectrum of the closed loop
F(x) = (1 - h) x + h (g J + w_f w) tanh(x) from 10 states of the last free run, 200 steps each,
QR every step (numpy.linalg.qr: geqrf + orgqr, the same LAPACK work as LyapunovKit's
estimator). The numpy side is written carefully: g J + w_f w formed once, the Jacobian applied
by row scaling and one matmul, no diagonal matrices.

BLAS runs on one thread on both sides (OPENBLAS_NUM_THREADS=1 is set before numpy loads)
with the same OPENBLAS_CORETYPE; the script then runs `LyapBench force N` (build it with
`swift build -c release --product LyapBench`) and prints the ratios.
Usage: python3 Benchmarks/force_numpy.py [--size 200] [--repeats 3] [--bench .build/release/LyapBench]
"""
import argparse
import os
import subprocess
import time

os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np  # noqa: E402


def four_sine(rng, samples=1200, dt=0.1):
    f = rng.integers(1, 6, 4)
    a = rng.integers(1, 11, 4)
    t = np.arange(samples) * dt
    y = (a[:, None] * np.sin(np.pi * f[:, None] * t[None, :] / 60)).sum(0)
    return y / np.abs(y).max()


def force_network(n, g=1.5, seed=0, epochs=15, h=0.1, learn_every=2, starts=10):
    rng = np.random.default_rng(seed)
    m = g * rng.standard_normal((n, n)) / np.sqrt(n)
    wf = rng.uniform(-1, 1, n)
    x = 0.5 * rng.standard_normal(n)
    z = 0.5 * rng.standard_normal()
    r = np.tanh(x)
    w = np.zeros(n)
    p = np.eye(n)
    f = four_sine(rng)
    period = len(f)
    maes = []
    t = 0
    for _ in range(epochs):
        for s in range(period):
            x = (1 - h) * x + h * (m @ r + wf * z)
            r = np.tanh(x)
            z = w @ r
            t += 1
            if t % learn_every == 0:
                k = p @ r
                c = 1 / (1 + r @ k)
                p -= c * np.outer(k, k)
                w -= c * (z - f[s]) * k
        vx, vr, vz = x.copy(), r.copy(), z
        err = 0.0
        states = []
        picks = set(rng.choice(period, starts, replace=False).tolist())
        for s in range(period):
            vx = (1 - h) * vx + h * (m @ vr + wf * vz)
            vr = np.tanh(vx)
            vz = w @ vr
            err += abs(vz - f[s])
            if s in picks:
                states.append(vx.copy())
        maes.append(err / period)
    return m + np.outer(wf, w), states, maes


def spectrum(meff, states, steps=200, h=0.1):
    n = meff.shape[0]
    total = np.zeros(n)
    for x in states:
        q = np.eye(n)
        x = x.copy()
        for _ in range(steps):
            r = np.tanh(x)
            q = (1 - h) * q + h * (meff @ ((1 - r * r)[:, None] * q))
            q, rr = np.linalg.qr(q)
            total += np.log(np.abs(np.diagonal(rr)))
            x = (1 - h) * x + h * (meff @ r)
    return total / (steps * len(states))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--bench", default=".build/release/LyapBench")
    args = parser.parse_args()
    n = args.size
    best = (float("inf"), float("inf"))
    for _ in range(args.repeats):
        start = time.perf_counter()
        meff, states, maes = force_network(n)
        mid = time.perf_counter()
        les = spectrum(meff, states)
        end = time.perf_counter()
        if end - start < sum(best):
            best = (mid - start, end - mid)
    print(f"numpy {np.__version__}, OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '')}")
    print(f"numpy   N = {n}: training {best[0]:.3f} s, spectrum {best[1]:.3f} s, "
          f"total {sum(best):.3f} s (validation MAE {maes[-1]:.4f}, max exponent {les.max():+.4f})")
    try:
        out = subprocess.run([args.bench, "force", str(n)], capture_output=True, text=True,
                             check=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"LyapBench not run ({error}); build it with swift build -c release --product LyapBench")
        return
    print(out, end="")
    for line in out.splitlines():
        if not line.startswith("force-result"):
            continue
        fields = dict(item.split("=") for item in line.split()[1:])
        training, spec = float(fields["training"]), float(fields["spectrum"])
        gemm = float(fields["gemm"])
        bound = (2 + 4 / 3) * n ** 3 * 2000 / gemm
        print(f"LyapunovKit threads={fields['threads']}: {sum(best) / (training + spec):.2f}x "
              f"numpy per network (training {best[0] / training:.2f}x, spectrum "
              f"{best[1] / spec:.2f}x); numpy's spectrum reaches {100 * bound / best[1]:.0f}% "
              f"of the 3.3 N^3 GEMM bound")


if __name__ == "__main__":
    main()
