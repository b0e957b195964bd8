#!/usr/bin/env python3
"""Checks `lyap gradients --save-gradients` against PyTorch autograd on a row-wise SMNIST
checkpoint of `lyap train` (one-layer rnn, lstm or gru).

For each saved step t and sequence b it re-runs the PyTorch module on the prefix of
validation image b (the first validation images, as `lyap gradients` takes them), takes the
cross-entropy of the readout at step t and compares d loss / d weight_hh_l0 with the saved
array ([batch, steps, G*N, N]).

usage: check_local_gradients_pytorch.py MODEL.safetensors DV.npy --steps 0,27
       [--images t10k-images-idx3-ubyte.gz --labels t10k-labels-idx1-ubyte.gz]
       [--validation-count 2000]
Needs pip-installed torch.
"""
import argparse
import gzip
import json
import struct

import numpy as np
import torch


def read_safetensors(path):
    raw = open(path, "rb").read()
    size = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + size])
    data = raw[8 + size:]
    meta = header.pop("__metadata__", {})
    tensors = {}
    for name, v in header.items():
        start, end = v["data_offsets"]
        dtype = {"F32": np.float32, "F64": np.float64}[v["dtype"]]
        values = np.frombuffer(data[start:end], dtype=dtype).reshape(v["shape"])
        tensors[name] = torch.tensor(values.astype(np.float64))
    return tensors, meta


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("model")
    p.add_argument("gradients")
    p.add_argument("--steps", required=True, help="the --gradient-steps of lyap gradients")
    p.add_argument("--images", default="../shared/data/mnist/t10k-images-idx3-ubyte.gz")
    p.add_argument("--labels", default="../shared/data/mnist/t10k-labels-idx1-ubyte.gz")
    p.add_argument("--validation-count", type=int, default=None)
    args = p.parse_args()
    w, meta = read_safetensors(args.model)
    n = int(meta["hidden_size"])
    kind = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[meta["architecture"]]
    net = kind(28, n, batch_first=True).double()
    with torch.no_grad():
        for name in ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]:
            getattr(net, name).copy_(w["rnn." + name])
    images = np.frombuffer(gzip.open(args.images).read()[16:], dtype=np.uint8).reshape(-1, 28, 28)
    labels = np.frombuffer(gzip.open(args.labels).read()[8:], dtype=np.uint8)
    first = len(images) - (args.validation_count or len(images) // 5)
    saved = np.load(args.gradients)
    steps = [int(s) for s in args.steps.split(",")]
    worst = 0.0
    for b in range(saved.shape[0]):
        for i, t in enumerate(steps):
            x = torch.tensor(images[first + b:first + b + 1, :t + 1] / 255.0)
            h, _ = net(x)
            logits = h[:, -1] @ w["readout.weight"].T + w["readout.bias"]
            loss = torch.nn.functional.cross_entropy(logits, torch.tensor([int(labels[first + b])]))
            (g,) = torch.autograd.grad(loss, net.weight_hh_l0)
            diff = float(np.abs(saved[b, i] - g.numpy()).max() / max(1e-300, g.abs().max()))
            worst = max(worst, diff)
    print(f"{saved.shape[0]} sequences x {len(steps)} steps: max relative difference {worst:.3g}")


if __name__ == "__main__":
    main()
