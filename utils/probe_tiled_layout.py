"""Which elements of x and of the weights each output of the f16 tiled GPU
kernels reads: a probe of their shared-memory and register layouts.

    probe_tiled_layout.py --glu-run build/bin/glu-run \\
        [--target nvvm --options "chip=sm_90a wgmma=true"]
    probe_tiled_layout.py --glu-run build/bin/glu-run \\
        --target host-gpu --glu-opt build/bin/glu-opt --options "wgmma=true"

T = d = f = E = 128 (the tiled kernels' 128-row block, 2 column blocks of
the gated kernel, one of the down kernel's 128 columns, 2 depth steps of
64; --size 256: 2 row blocks and, with wgmma-columns=256, the down kernel's
second 128 columns), in f16, with inputs whose products are exact small
integers (below 2048): x is the
identity (row r has its 1 in column r), the activation is identity, and
  - gate depth / gate column: the gate weight W[k][c] = k or c, the value
    weight all ones: H[r][c] must be r or c;
  - value depth / value column: the same with the weights' roles swapped;
  - down depth / down column (glu.ffn): W is the identity, V all ones (H =
    x), W2[k][e] = k or e: out[r][e] must be r or e.
So a wrong element says which depth row or column the kernel read for it.
(G and V enter H symmetrically, so a kernel that swapped the gate's and
the value's sums would pass: check_fused.py's cases, with activations and
biases, catch that.)
Prints each probe's count of wrong elements and the first few as
"(row, column): got G, expected E", and exits 1 if any is wrong. With
--target host-gpu the kernels run on the CPU under
glu-test-gpu-launch-to-loops (--options then without chip=).
"""

import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import glu_run  # noqa: E402

MODULE = """
func.func @gated(%x: {TYPE}, %w: {TYPE}, %v: {TYPE}) -> {TYPE} {{
  %y = glu.gated_proj <identity> %x : {TYPE} gate(%w : {TYPE}) value(%v : {TYPE}) -> {TYPE}
  return %y : {TYPE}
}}
func.func @down(%x: {TYPE}, %w: {TYPE}, %v: {TYPE}, %w2: {TYPE}) -> {TYPE} {{
  %y = glu.ffn <identity> %x : {TYPE} gate(%w : {TYPE}) value(%v : {TYPE}) down(%w2 : {TYPE}) -> {TYPE}
  return %y : {TYPE}
}}
"""


def module_text(size):
    """The probed glu.gated_proj and glu.ffn, all matrices size x size."""
    return MODULE.format(TYPE=f"tensor<{size}x{size}xf16>")


def probes(size):
    """(name, entry, inputs, expected) of each probe."""
    rows, columns = np.indices((size, size)).astype(np.float16)
    identity = np.eye(size, dtype=np.float16)
    ones = np.ones((size, size), np.float16)
    return [
        ("gate depth", "gated", (identity, rows, ones), rows),
        ("gate column", "gated", (identity, columns, ones), columns),
        ("value depth", "gated", (identity, ones, rows), rows),
        ("value column", "gated", (identity, ones, columns), columns),
        ("down depth", "down", (identity, identity, ones, rows), rows),
        ("down column", "down", (identity, identity, ones, columns), columns),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--glu-run", required=True)
    parser.add_argument("--glu-opt", help="for --target host-gpu")
    parser.add_argument("--target", choices=("nvvm", "host-gpu"),
                        default="nvvm")
    parser.add_argument("--options", default="chip=sm_90a wgmma=true",
                        help="glu-lower-to-nvvm's (nvvm) or "
                        "convert-glu-to-gpu's (host-gpu) options")
    parser.add_argument("--size", type=int, choices=(128, 256), default=128,
                        help="T, d, f and E")
    args = parser.parse_args()
    if args.target == "host-gpu" and not args.glu_opt:
        parser.error("--target host-gpu needs --glu-opt")
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        module = os.path.join(tmp, "probe.mlir")
        with open(module, "w") as f:
            f.write(module_text(args.size))
        if args.target == "nvvm":
            run_args = ["--target=nvvm", f"--lowering-options={args.options}"]
        else:
            lowered = subprocess.run(
                [args.glu_opt, module, f"--convert-glu-to-gpu={args.options}",
                 "--glu-test-gpu-launch-to-loops"],
                capture_output=True, text=True, check=True)
            with open(module, "w") as f:
                f.write(lowered.stdout)
            run_args = ["--target=cpu", "--lowering-options=fused=false"]
        env = dict(os.environ, OMP_WAIT_POLICY="passive")
        for name, entry, inputs, expected in probes(args.size):
            (got,), _ = glu_run.run(args.glu_run, module, entry, inputs,
                                    run_args, env=env)
            wrong = np.argwhere(got != expected)
            failed += len(wrong) > 0
            print(f"{name}: {len(wrong)} of {got.size} wrong" +
                  "".join(f"; ({r}, {c}): got {got[r, c]:g}, expected "
                          f"{expected[r, c]:g}" for r, c in wrong[:6]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
