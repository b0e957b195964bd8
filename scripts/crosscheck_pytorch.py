#!/usr/bin/env python3
"""Optional cross-check of `lyap spectrum --model` against PyTorch autograd (float64).

For a random 2-layer GRU and LSTM with biases written by `lyap init`, computes the hidden-state
spectrum with Jacobians of the real torch.nn step map by automatic differentiation (LSTM cell
states held fixed), the forward product Q <- qr(J Q), and compares with lyap's JSON output.
Needs `pip install torch safetensors numpy`. Usage: python3 scripts/crosscheck_pytorch.py [lyap]
"""
import json
import subprocess
import sys
import tempfile

import numpy as np
import torch
from safetensors.torch import load_file

torch.set_default_dtype(torch.float64)
lyap = sys.argv[1] if len(sys.argv) > 1 else ".build/release/lyap"


def torch_spectrum(kind, weights, x):
    cls = {"gru": torch.nn.GRU, "lstm": torch.nn.LSTM}[kind]
    n, layers = 12, 2
    model = cls(4, n, num_layers=layers, batch_first=True)
    model.load_state_dict({k: v.double() for k, v in load_file(weights).items()})
    out = []
    for seq in torch.from_numpy(x):
        h = torch.zeros(layers, 1, n)
        c = torch.zeros(layers, 1, n)
        q = torch.eye(layers * n)
        total = torch.zeros(layers * n)
        for xt in seq:
            inp = xt.view(1, 1, -1)

            def step(hflat):
                hh = hflat.view(layers, 1, n)
                if kind == "lstm":
                    return model(inp, (hh, c))[1][0].reshape(-1)
                return model(inp, hh)[1].reshape(-1)

            jac = torch.autograd.functional.jacobian(step, h.reshape(-1))
            if kind == "lstm":
                _, (h, c) = model(inp, (h, c))
            else:
                _, h = model(inp, h)
            q, r = torch.linalg.qr(jac @ q)
            total += torch.log(torch.abs(torch.diagonal(r)))
        out.append((total / len(seq)).tolist())
    return np.array(out)


with tempfile.TemporaryDirectory() as tmp:
    x = np.random.default_rng(3).normal(size=(2, 60, 4))
    np.save(f"{tmp}/x.npy", x)
    for kind in ["gru", "lstm"]:
        w = f"{tmp}/{kind}.safetensors"
        subprocess.run([lyap, "init", "--arch", kind, "--input-size", "4", "--hidden-size", "12",
                        "--layers", "2", "--init", "uniform:0.6", "--precision", "double",
                        "--seed", "5", "--output", w], check=True, capture_output=True)
        ours = json.loads(subprocess.run(
            [lyap, "spectrum", "--model", w, "--inputs", f"{tmp}/x.npy", "--format", "json"],
            check=True, capture_output=True, text=True).stdout)
        ref = torch_spectrum(kind, w, x)
        diff = np.abs(np.array(ours["perTrajectory"]) - ref).max()
        print(f"{kind} 2 layers, hidden 12: max |lyap - torch autograd| = {diff:.2e}")
