"""Imports a Llama-style MLP from PyTorch into glu, shows the fused IR, runs
it and compares its speed with PyTorch eager.

    PYTHONPATH=build/python_packages /usr/bin/python3 \
        examples/llama_mlp_from_pytorch.py [--tokens 32] [--d 2048] [--f 5632]
"""

import argparse
import os
import time

import torch
from torch import nn

import glu.torch


class LlamaMLP(nn.Module):
    """HF LlamaMLP: down_proj(silu(gate_proj(x)) * up_proj(x))."""

    def __init__(self, d, f):
        super().__init__()
        self.gate_proj = nn.Linear(d, f, bias=False)
        self.up_proj = nn.Linear(d, f, bias=False)
        self.down_proj = nn.Linear(f, d, bias=False)
        self.act_fn = nn.SiLU()

    def forward(self, x):
        return self.down_proj(self.act_fn(self.gate_proj(x)) * self.up_proj(x))


def median_seconds(function, repeat=10):
    function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tokens", type=int, default=32)
    parser.add_argument("--d", type=int, default=2048)
    parser.add_argument("--f", type=int, default=5632)
    args = parser.parse_args()

    torch.manual_seed(0)
    torch.set_num_threads(os.cpu_count())
    mlp = LlamaMLP(args.d, args.f).eval()
    x = torch.randn(args.tokens, args.d)
    compiled = glu.torch.compile(mlp, x)
    print("Fused glu IR (weights are function arguments, [in, out]):")
    print(compiled.module)

    with torch.no_grad():
        expected = mlp(x)
        got = compiled(x)
        error = float((got - expected).abs().max() / expected.abs().max())
        glu_seconds = median_seconds(lambda: compiled(x))
        torch_seconds = median_seconds(lambda: mlp(x))
    flops = 6.0 * args.tokens * args.d * args.f
    print(f"normwise error against PyTorch: {error:.2e}")
    print(f"glu:           {glu_seconds * 1e3:8.3f} ms "
          f"({flops / glu_seconds / 1e9:6.1f} GFLOP/s)")
    print(f"PyTorch eager: {torch_seconds * 1e3:8.3f} ms "
          f"({flops / torch_seconds / 1e9:6.1f} GFLOP/s, "
          f"{torch.get_num_threads()} threads)")
    print(f"glu is {torch_seconds / glu_seconds:.2f}x PyTorch eager")


if __name__ == "__main__":
    main()
