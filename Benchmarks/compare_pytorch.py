#!/usr/bin/env python3
"""Optional: LSTM Lyapunov-spectrum timings of PyTorch beside LyapunovKit, in one run.

Needs `pip install torch numpy` (never needed by the build or the tests). Computes, for a
random LSTM (input 82, batch 10, 100 steps, full hidden spectrum, QR every step, float32):
  * "loop"       - a per-sequence loop in the style of the thesis's public code: diagonal
                   matrices built with torch.diag, one QR per sequence and step;
  * "vectorized" - the careful version: Jacobians by broadcasting row scalings, one batched
                   matmul and one batched QR per step;
and runs `LyapBench lstm` on the same sizes, then prints the ratios.
Usage: python3 Benchmarks/compare_pytorch.py [--sizes 64 128 256 512] [--skip-loop-above 256]
"""
import argparse
import subprocess
import time

import torch


def lstm_weights(n, m=82, seed=1):
    g = torch.Generator().manual_seed(seed)
    p = 1 / n ** 0.5
    u = lambda *shape: (torch.rand(*shape, generator=g) * 2 - 1) * p
    return u(4 * n, m), u(4 * n, n), u(4 * n) + u(4 * n)


def gates(w_ih, w_hh, b, x, h, c):
    n = h.shape[-1]
    z = x @ w_ih.T + h @ w_hh.T + b
    i, f = torch.sigmoid(z[..., :n]), torch.sigmoid(z[..., n:2 * n])
    gg, o = torch.tanh(z[..., 2 * n:3 * n]), torch.sigmoid(z[..., 3 * n:])
    c_new = f * c + i * gg
    t = torch.tanh(c_new)
    return i, f, gg, o, c_new, t


def hidden_jacobian_scales(i, f, gg, o, c, t):
    """Row scalings of the four gate blocks of W_hh in dh'/dh (c held fixed)."""
    hc = o * (1 - t * t)
    return hc * gg * i * (1 - i), hc * c * f * (1 - f), hc * i * (1 - gg * gg), t * o * (1 - o)


def loop_version(w_ih, w_hh, b, x):
    bsz, steps, _ = x.shape
    n = w_hh.shape[1]
    les = torch.zeros(bsz, n)
    for s in range(bsz):
        h, c, q = torch.zeros(n), torch.zeros(n), torch.eye(n)
        for t_ in range(steps):
            i, f, gg, o, c_new, t = gates(w_ih, w_hh, b, x[s, t_], h, c)
            si, sf, sg, so = hidden_jacobian_scales(i, f, gg, o, c, t)
            j = (torch.diag(si) @ w_hh[:n] + torch.diag(sf) @ w_hh[n:2 * n]
                 + torch.diag(sg) @ w_hh[2 * n:3 * n] + torch.diag(so) @ w_hh[3 * n:])
            q, r = torch.linalg.qr(j @ q)
            les[s] += torch.log(torch.abs(torch.diagonal(r)))
            h, c = o * t, c_new
    return les / steps


def vectorized_version(w_ih, w_hh, b, x):
    bsz, steps, _ = x.shape
    n = w_hh.shape[1]
    w = w_hh.view(4, n, n)
    h, c = torch.zeros(bsz, n), torch.zeros(bsz, n)
    q = torch.eye(n).expand(bsz, n, n).contiguous()
    les = torch.zeros(bsz, n)
    for t_ in range(steps):
        i, f, gg, o, c_new, t = gates(w_ih, w_hh, b, x[:, t_], h, c)
        scales = torch.stack(hidden_jacobian_scales(i, f, gg, o, c, t), dim=1)  # [B, 4, N]
        j = (scales.unsqueeze(-1) * w.unsqueeze(0)).sum(dim=1)  # [B, N, N]
        q, r = torch.linalg.qr(torch.bmm(j, q))
        les += torch.log(torch.abs(torch.diagonal(r, dim1=1, dim2=2)))
        h, c = o * t, c_new
    return les / steps


def timed(fn, *args):
    start = time.perf_counter()
    with torch.no_grad():
        fn(*args)
    return time.perf_counter() - start


def ours(sizes, binary):
    out = subprocess.run([binary, "lstm", *map(str, sizes)], check=True, capture_output=True,
                         text=True).stdout
    rows = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0].isdigit():
            rows[int(parts[0])] = (float(parts[1]), float(parts[2]))
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[64, 128, 256, 512])
    parser.add_argument("--skip-loop-above", type=int, default=512)
    parser.add_argument("--binary", default=".build/release/LyapBench")
    args = parser.parse_args()
    torch.set_num_threads(2)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; LyapunovKit: {args.binary}")
    mine = ours(args.sizes, args.binary)
    print("hidden  torch-loop s  torch-vec s  ours Float s  ours Double s  loop/ours  vec/ours")
    for n in args.sizes:
        w_ih, w_hh, b = lstm_weights(n)
        x = torch.randn(10, 100, 82, generator=torch.Generator().manual_seed(2))
        vec = timed(vectorized_version, w_ih, w_hh, b, x)
        loop = timed(loop_version, w_ih, w_hh, b, x) if n <= args.skip_loop_above else float("nan")
        f, d = mine[n]
        print(f"{n:6d}  {loop:12.3f}  {vec:11.3f}  {f:12.3f}  {d:13.3f}  {loop / f:9.1f}  {vec / f:8.2f}")


if __name__ == "__main__":
    main()
