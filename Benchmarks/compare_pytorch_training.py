#!/usr/bin/env python3
"""Optional: the issue-4 training runs in PyTorch, with LyapunovKit's data protocol.

CharRNN: War and Peace, vocabulary of its distinct characters, contiguous 80/10/10 split,
non-overlapping windows of 100 (+1) characters, each sequence from a zero state, shuffled
every epoch (or, with --carry-state, contiguous streams as `lyap train` cuts them), batch
100, one-hot inputs, LSTM, dropout before a linear readout, cross-entropy at every step,
Adam, global-norm clipping. SMNIST: rows of the first 8000 test images for training, the
last 2000 for validation. Prints per-epoch validation loss/accuracy and throughput, to
compare with `lyap train` (which prints the same). Needs pip-installed torch.

`rounds` puts the two side by side in one run: it alternates `LyapBench train` with the
same workloads here (CharRNN LSTM 128/256/512 on 5120/hidden batches, SMNIST rows GRU and
LSTM 64 on their third epoch), swapping which side goes first every round, and prints each
round's ratios (ours / PyTorch) and their medians. On a shared machine single timings move
by a third; the medians of alternating rounds are the comparison to quote.
Usage: compare_pytorch_training.py charrnn|smnist [--epochs E] [--hidden N] [--arch lstm|gru]
       compare_pytorch_training.py rounds [--rounds R] [--binary .build/release/LyapBench]
"""
import argparse
import gzip
import re
import statistics
import struct
import subprocess
import time

import torch

SHARED = "../shared/data"


def charrnn(args):
    text = open(f"{SHARED}/text/war-and-peace.txt", encoding="utf-8").read()
    vocab = sorted(set(text))
    index = {c: i for i, c in enumerate(vocab)}
    codes = torch.tensor([index[c] for c in text], dtype=torch.long)
    n = len(codes)
    train, valid = codes[: int(n * 0.8)], codes[int(n * 0.8): int(n * 0.9)]

    def windows(split, length=100):
        count = (len(split) - 1) // length
        idx = torch.arange(count)[:, None] * length + torch.arange(length + 1)[None, :]
        return split[idx]

    tw, vw = windows(train), windows(valid)
    v = len(vocab)
    torch.manual_seed(args.seed)
    rnn = torch.nn.LSTM(v, args.hidden, batch_first=True)
    readout = torch.nn.Linear(args.hidden, v)
    params = list(rnn.parameters()) + list(readout.parameters())
    for p in rnn.parameters():
        torch.nn.init.uniform_(p, -0.08, 0.08)
    opt = torch.optim.Adam(params, lr=0.002, fused=True)
    drop = torch.nn.Dropout(0.1)

    def loss_of(batch, train_mode, state=None):
        x = torch.nn.functional.one_hot(batch[:, :-1], v).float()
        h, state = rnn(x, state)
        h = drop(h) if train_mode else h
        logits = readout(h)
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, v), batch[:, 1:].reshape(-1))
        return loss, tuple(s.detach() for s in state)

    def batches(count):
        """Shuffled windows, or (--carry-state) contiguous streams as lyap's streamBatches:
        the first count % 100 streams are one window longer, so every window is used."""
        if not args.carry_state:
            perm = torch.randperm(count)
            return [perm[b: b + 100] for b in range(0, count, 100)]
        b = min(100, count)
        length, longer = divmod(count, b)
        start = torch.arange(b) * length + torch.arange(b).clamp(max=longer)
        return [start[: b if k < length else longer] + k
                for k in range(length + (1 if longer else 0))]

    def carried(state, columns):
        """The first `columns` streams of the last state (a narrower last batch)."""
        if state is None or state[0].shape[1] == columns:
            return state
        return tuple(s[:, :columns] for s in state)

    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        state = None
        done = 0
        for idx in batches(len(tw))[: args.max_batches]:
            done += len(idx)
            loss, state = loss_of(tw[idx], True, carried(state, len(idx)) if args.carry_state else None)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 5)
            opt.step()
        seconds = time.perf_counter() - start
        if args.max_batches:
            print(f"hidden {args.hidden}: {done * 100 / seconds:.0f} chars/s ({args.max_batches} batches)")
            return done * 100 / seconds
        with torch.no_grad():
            total, count, state = 0.0, 0, None
            for idx in (batches(len(vw)) if args.carry_state
                        else [torch.arange(b, min(b + 100, len(vw))) for b in range(0, len(vw), 100)]):
                loss, state = loss_of(vw[idx], False, carried(state, len(idx)) if args.carry_state else None)
                total, count = total + loss.item() * len(idx), count + len(idx)
            vl = total / count
        print(f"epoch {epoch} validation {vl:.4f} {done * 100 / seconds:.0f} chars/s")
    return done * 100 / seconds


def idx(path):
    with gzip.open(path) as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4: 4 + 4 * dims])
    return torch.frombuffer(bytearray(data[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)


def smnist(args):
    images = idx(f"{SHARED}/mnist/t10k-images-idx3-ubyte.gz").float() / 255
    labels = idx(f"{SHARED}/mnist/t10k-labels-idx1-ubyte.gz").long()
    xt, yt, xv, yv = images[:8000], labels[:8000], images[8000:], labels[8000:]
    torch.manual_seed(args.seed)
    cls = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[args.arch]
    rnn = cls(28, args.hidden, batch_first=True)
    readout = torch.nn.Linear(args.hidden, 10)
    params = list(rnn.parameters()) + list(readout.parameters())
    opt = torch.optim.Adam(params, lr=0.001, fused=True)
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        perm = torch.randperm(8000)
        for b in range(0, 8000, 128):
            i = perm[b: b + 128]
            out, _ = rnn(xt[i])
            loss = torch.nn.functional.cross_entropy(readout(out[:, -1]), yt[i])
            opt.zero_grad()
            loss.backward()
            opt.step()
        seconds = time.perf_counter() - start
        with torch.no_grad():
            out, _ = rnn(xv)
            acc = (readout(out[:, -1]).argmax(1) == yv).float().mean().item()
        print(f"epoch {epoch} accuracy {100 * acc:.2f}% {8000 / seconds:.0f} images/s")
    return 8000 / seconds


WORKLOADS = ["CharRNN LSTM 128", "CharRNN LSTM 256", "CharRNN LSTM 512",
             "SMNIST rows gru 64", "SMNIST rows lstm 64"]


def ours(binary):
    """`LyapBench train`'s throughputs, by workload name."""
    out = subprocess.run([binary, "train"], check=True, capture_output=True, text=True).stdout
    rates = {}
    for line in out.splitlines():
        match = re.match(r"(CharRNN LSTM +\d+|SMNIST rows \w+ 64): +(\d+)", line)
        if match:
            rates[" ".join(match.group(1).split())] = float(match.group(2))
    missing = [w for w in WORKLOADS if w not in rates]
    if missing:
        raise SystemExit(f"{binary} train printed no rate for {missing}; output:\n{out}")
    return rates


def theirs(args):
    """The same workloads in PyTorch, by workload name."""
    rates = {}
    for hidden in (128, 256, 512):
        run = argparse.Namespace(**{**vars(args), "hidden": hidden, "epochs": 1,
                                    "max_batches": 5120 // hidden, "carry_state": False})
        rates[f"CharRNN LSTM {hidden}"] = charrnn(run)
    for arch in ("gru", "lstm"):
        run = argparse.Namespace(**{**vars(args), "hidden": 64, "epochs": 3, "arch": arch})
        rates[f"SMNIST rows {arch} 64"] = smnist(run)
    return rates


def rounds(args):
    ratios = {w: [] for w in WORKLOADS}
    for r in range(1, args.rounds + 1):
        if r % 2:
            mine, torch_rates = ours(args.binary), theirs(args)
        else:
            torch_rates, mine = theirs(args), ours(args.binary)
        print(f"round {r}")
        for w in WORKLOADS:
            ratios[w].append(mine[w] / torch_rates[w])
            print(f"  {w:20s} ours {mine[w]:9.0f}  PyTorch {torch_rates[w]:9.0f}  ratio {ratios[w][-1]:.2f}")
    print(f"ours / PyTorch over {args.rounds} alternating rounds (torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads)")
    for w in WORKLOADS:
        listed = ", ".join(f"{x:.2f}" for x in ratios[w])
        print(f"  {w:20s} median {statistics.median(ratios[w]):.2f}  ({listed})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("task", choices=["charrnn", "smnist", "rounds"])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--hidden", type=int, default=None)
    parser.add_argument("--arch", default="lstm")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--carry-state", action="store_true")
    parser.add_argument("--max-batches", type=int, default=None,
                        help="charrnn: time this many batches and stop (throughput only)")
    parser.add_argument("--rounds", type=int, default=6, help="rounds: how many")
    parser.add_argument("--binary", default=".build/release/LyapBench",
                        help="rounds: the LyapBench executable (make bench builds it)")
    args = parser.parse_args()
    torch.set_num_threads(2)
    if args.task == "rounds":
        if args.rounds < 1:
            parser.error(f"--rounds {args.rounds}: need at least one round")
        rounds(args)
    else:
        args.hidden = args.hidden or (128 if args.task == "charrnn" else 64)
        charrnn(args) if args.task == "charrnn" else smnist(args)
