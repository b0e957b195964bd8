#!/usr/bin/env python3
"""Optional: LSTM and GRU Lyapunov-spectrum timings of PyTorch beside LyapunovKit, in one run.

Needs `pip install torch numpy` (never needed by the build or the tests). For a random
single-layer LSTM and GRU (input 82, batch 10, 100 steps, full hidden spectrum, QR every
step, float32) it times
  * "vectorized" - the careful PyTorch version: Jacobians by broadcasting row scalings of
                   the gate blocks, one batched matmul and one batched QR per step
                   (torch.linalg.qr), 2 threads;
  * "loop"       - (LSTM, --loop) a per-sequence loop in the style of the thesis's public
                   code: diagonal matrices built with torch.diag, one QR per sequence and step;
each in process, best of 3 after a warm-up, and runs `LyapBench spectra` (the same work,
timed the same way, Float and Double) on the same sizes, then prints
ours / PyTorch speed-up ratios and the fraction of the GEMM peak LyapBench reports.
Usage: python3 Benchmarks/compare_pytorch.py [--sizes 64 128 256 512] [--loop]
"""
import argparse
import subprocess
import time

import torch


def weights(gates, n, m=82, seed=1):
    g = torch.Generator().manual_seed(seed)
    p = 1 / n ** 0.5
    u = lambda *shape: (torch.rand(*shape, generator=g) * 2 - 1) * p
    return u(gates * n, m), u(gates * n, n), u(gates * n), u(gates * n)


def lstm_gates(w_ih, w_hh, b_ih, b_hh, x, h, c):
    n = h.shape[-1]
    z = x @ w_ih.T + h @ w_hh.T + b_ih + b_hh
    i, f = torch.sigmoid(z[..., :n]), torch.sigmoid(z[..., n:2 * n])
    gg, o = torch.tanh(z[..., 2 * n:3 * n]), torch.sigmoid(z[..., 3 * n:])
    c_new = f * c + i * gg
    t = torch.tanh(c_new)
    return i, f, gg, o, c_new, t


def lstm_scales(i, f, gg, o, c, t):
    """Row scalings of the four gate blocks of W_hh in dh'/dh (c held fixed)."""
    hc = o * (1 - t * t)
    return hc * gg * i * (1 - i), hc * c * f * (1 - f), hc * i * (1 - gg * gg), t * o * (1 - o)


def lstm_vectorized(w_ih, w_hh, b_ih, b_hh, x):
    bsz, steps, _ = x.shape
    n = w_hh.shape[1]
    w = w_hh.view(4, n, n)
    h, c = torch.zeros(bsz, n), torch.zeros(bsz, n)
    q = torch.eye(n).expand(bsz, n, n).contiguous()
    les = torch.zeros(bsz, n)
    for s in range(steps):
        i, f, gg, o, c_new, t = lstm_gates(w_ih, w_hh, b_ih, b_hh, x[:, s], h, c)
        scales = torch.stack(lstm_scales(i, f, gg, o, c, t), dim=1)  # [B, 4, N]
        j = (scales.unsqueeze(-1) * w.unsqueeze(0)).sum(dim=1)  # [B, N, N]
        q, r = torch.linalg.qr(torch.bmm(j, q))
        les += torch.log(torch.abs(torch.diagonal(r, dim1=1, dim2=2)))
        h, c = o * t, c_new
    return les / steps


def lstm_loop(w_ih, w_hh, b_ih, b_hh, x):
    bsz, steps, _ = x.shape
    n = w_hh.shape[1]
    les = torch.zeros(bsz, n)
    for b in range(bsz):
        h, c, q = torch.zeros(n), torch.zeros(n), torch.eye(n)
        for s in range(steps):
            i, f, gg, o, c_new, t = lstm_gates(w_ih, w_hh, b_ih, b_hh, x[b, s], h, c)
            si, sf, sg, so = lstm_scales(i, f, gg, o, c, t)
            j = (torch.diag(si) @ w_hh[:n] + torch.diag(sf) @ w_hh[n:2 * n]
                 + torch.diag(sg) @ w_hh[2 * n:3 * n] + torch.diag(so) @ w_hh[3 * n:])
            q, r = torch.linalg.qr(j @ q)
            les[b] += torch.log(torch.abs(torch.diagonal(r)))
            h, c = o * t, c_new
    return les / steps


def gru_vectorized(w_ih, w_hh, b_ih, b_hh, x):
    """nn.GRU: r, z, n gates; h' = (1 - z) n + z h, n = tanh(W_in x + b_in + r (W_hn h + b_hn))."""
    bsz, steps, _ = x.shape
    n = w_hh.shape[1]
    w = w_hh.view(3, n, n)
    h = torch.zeros(bsz, n)
    q = torch.eye(n).expand(bsz, n, n).contiguous()
    eye = torch.eye(n)
    les = torch.zeros(bsz, n)
    for s in range(steps):
        gi = x[:, s] @ w_ih.T + b_ih
        gh = h @ w_hh.T + b_hh
        r = torch.sigmoid(gi[:, :n] + gh[:, :n])
        z = torch.sigmoid(gi[:, n:2 * n] + gh[:, n:2 * n])
        hn = gh[:, 2 * n:]
        nn_ = torch.tanh(gi[:, 2 * n:] + r * hn)
        dn = (1 - z) * (1 - nn_ * nn_)
        scales = torch.stack((dn * hn * r * (1 - r), (h - nn_) * z * (1 - z), dn * r), dim=1)
        j = (scales.unsqueeze(-1) * w.unsqueeze(0)).sum(dim=1) + z.unsqueeze(-1) * eye
        q, rr = torch.linalg.qr(torch.bmm(j, q))
        les += torch.log(torch.abs(torch.diagonal(rr, dim1=1, dim2=2)))
        h = (1 - z) * nn_ + z * h
    return les / steps


def best_of_3(fn, *args):
    times = []
    with torch.no_grad():
        for run in range(4):
            start = time.perf_counter()
            fn(*args)
            if run > 0:
                times.append(time.perf_counter() - start)
    return min(times)


def ours(sizes, binary):
    out = subprocess.run([binary, "spectra", *map(str, sizes)], check=True, capture_output=True,
                         text=True).stdout
    rows = {}
    for line in out.splitlines():
        parts = line.replace("%", "").split()
        if len(parts) == 6 and parts[1].isdigit():
            rows[(parts[0], int(parts[1]))] = tuple(map(float, parts[2:]))
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[64, 128, 256, 512])
    parser.add_argument("--loop", action="store_true", help="also time the LSTM loop version")
    parser.add_argument("--binary", default=".build/release/LyapBench")
    args = parser.parse_args()
    torch.set_num_threads(2)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; LyapunovKit: {args.binary}")
    mine = ours(args.sizes, args.binary)
    print("arch  hidden  torch s  ours F s  ours D s  F ratio  D ratio  F peak  D peak"
          + ("  loop s  loop ratio" if args.loop else ""))
    for arch, gates, fn in [("lstm", 4, lstm_vectorized), ("gru", 3, gru_vectorized)]:
        for n in args.sizes:
            w = weights(gates, n)
            x = torch.randn(10, 100, 82, generator=torch.Generator().manual_seed(2))
            vec = best_of_3(fn, *w, x)
            f, d, fp, dp = mine[(arch, n)]
            line = (f"{arch:4s}  {n:6d}  {vec:7.3f}  {f:8.4f}  {d:8.4f}  {vec / f:7.2f}  "
                    f"{vec / d:7.2f}  {fp:5.0f}%  {dp:5.0f}%")
            if args.loop and arch == "lstm":
                loop = best_of_3(lstm_loop, *w, x)
                line += f"  {loop:6.2f}  {loop / f:10.1f}"
            print(line)


if __name__ == "__main__":
    main()
