"""Renders gpu_bench.py's tables for canned records (argv[1]: the bench/
directory), so that gpu-bench-targets.mlir can check the fastest-variant
table and its targets without a GPU."""

import sys

sys.path.insert(0, sys.argv[1])
import gpu_bench  # noqa: E402


def record(shape, options, glu_ms, torch_ms=None):
    glu = ({"seconds": glu_ms / 1e3, "wall-seconds": 1.25 * glu_ms / 1e3}
           if glu_ms else {"error": "failed"})
    torch = ({"seconds": torch_ms / 1e3, "wall-seconds": 2 * torch_ms / 1e3}
             if torch_ms else {"error": "no CUDA"})
    return {"shape": list(shape), "dtype": "f16", "glu-options": options,
            "glu": glu, "torch-cuda": torch, "difference": 1e-3}


print(gpu_bench.render([
    # T = 1: the second variant is the fastest, faster than torch.
    record((1, 64, 96), "", 0.6, 0.5),
    record((1, 64, 96), "split-blocks=528", 0.4, 0.5),
    # T = 8: within 1.5x (0.5 / 0.7 = 0.71); a failed variant is no one's
    # fastest.
    record((8, 64, 96), "", 0.7, 0.5),
    record((8, 64, 96), "split-blocks=528", None, 0.5),
    # T = 16: not within 1.5x (0.5 / 0.8 = 0.62).
    record((16, 64, 96), "", 0.9, 0.5),
    record((16, 64, 96), "split-blocks=528", 0.8, 0.5),
    # T = 32: no torch time.
    record((32, 64, 96), "", 0.3),
]))
