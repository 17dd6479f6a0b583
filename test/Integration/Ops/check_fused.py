"""The fused CPU kernels (convert-glu-to-vector) against the float64 NumPy
reference, on shapes that cross every tile boundary.

Sizes D = 200, F = 300, E = 70 are multiples of no tile size (depth tile 128,
hidden tile 128, register tiles of 32 hidden and 64 output columns, 16
lanes; F = 352 = 2 * 128 + 3 * 32 where the interleave granularity 16 or 32
must divide F); token counts T = 0, 1, 5, 6 (streamed), 7, 17, 64, 65, 131
(register tiles with 1..5-row remainders). T is dynamic.
Blocks of at most 6 rows stream the weights row by row; larger ones go
through packed tiles into register tiles: the cases cover both. Cases:
  - every activation, T = 5 (unbiased) and T = 65 (biased), separate
    weights;
  - every layout (separate, [gate|up], [up|gate], interleaved with
    granularity 1, 2, 4, 16 and 32), biased with T = 5 and unbiased with
    T = 17, gelu;
  - GPT-OSS clamped SwiGLU (swish beta 1.702), interleaved and separate,
    T = 5 and 65;
  - every T, and T = 3 with F = 4200 (streamed in several 2048-column
    steps per thread);
each for glu.ffn and glu.gated_proj, on 2 threads; on 1 thread (--tokens-only)
only the T sweep. With the default row-tile every T here is one row block
(F split across threads); --row-tile 18 makes T = 64, 65, 131 row blocks of
18 rows (register tiles with 1..5-row remainders; the last block of T = 131
streams) spread over the threads. The tolerance is
check_ops.py's.

Each module is first lowered with glu-opt --convert-glu-to-vector, and the
case fails if a glu op is left: this test must not pass on the reference
lowering. The thread count (--threads) is both the kernels' compile-time
num-threads and OMP_NUM_THREADS.
"""

import argparse
import itertools
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..",
                                "utils"))
import check_ops  # noqa: E402
import glu_reference  # noqa: E402

SIZES = (200, 300, 70)
SIZES_GRANULARITY_32 = (200, 352, 70)
# F > 2 x 2048: with at most 6 rows the weights are streamed 2048 hidden
# columns at a time, and each of 2 threads takes half of F.
SIZES_WIDE = (40, 4200, 70)
TOKENS = (0, 1, 5, 6, 7, 17, 64, 65, 131)
LAYOUTS = [("separate", 1), ("gate_up", 1), ("up_gate", 1),
           ("interleaved", 1), ("interleaved", 2), ("interleaved", 4),
           ("interleaved", 16), ("interleaved", 32)]


def dynamic_tokens(count):
    return ((count,), True, False)


def cases(tokens_only):
    """(activation, layout, granularity, biased, shape, clamp, sizes)."""
    result = [("swish", "gate_up", 1, True, dynamic_tokens(tokens), False,
               SIZES) for tokens in TOKENS]
    result.append(("gelu", "separate", 1, True, dynamic_tokens(3), False,
                   SIZES_WIDE))
    if tokens_only:
        return result
    # Register tiles (T = 65) and streamed rows (T = 5).
    for act, tokens in itertools.product(glu_reference.ACTIVATIONS, (5, 65)):
        result.append((act, "separate", 1, tokens == 65,
                       dynamic_tokens(tokens), False, SIZES))
    for (layout, granularity), biased in itertools.product(LAYOUTS,
                                                           (False, True)):
        sizes = SIZES if granularity < 16 else SIZES_GRANULARITY_32
        result.append(("gelu", layout, granularity, biased,
                       dynamic_tokens(5 if biased else 17), False, sizes))
    for (layout, granularity), tokens in itertools.product(
            (("interleaved", 1), ("separate", 1)), (5, 65)):
        result.append(("swish", layout, granularity, True,
                       dynamic_tokens(tokens), True, SIZES))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--glu-run", required=True)
    parser.add_argument("--glu-opt", required=True)
    parser.add_argument("--op", required=True, choices=("gated_proj", "ffn"))
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--tokens-only", action="store_true",
                        help="only the T sweep")
    parser.add_argument("--row-tile", type=int,
                        help="convert-glu-to-vector's row-tile (default: "
                        "its own)")
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))
    options = f"num-threads={args.threads}"
    if args.row_tile:
        options += f" row-tile={args.row_tile}"
    run_args = [f"--lowering-options={options}"]
    failures, worst = 0, 0.0
    all_cases = cases(args.tokens_only)
    with tempfile.TemporaryDirectory() as tmp:
        module = os.path.join(tmp, "case.mlir")
        for (act, layout, granularity, biased, shape, clamp,
             sizes) in all_cases:
            label = (f"{args.op} {'clamped ' if clamp else ''}{act} "
                     f"{layout}/{granularity} "
                     f"{'biased' if biased else 'unbiased'} T={shape[0][0]} "
                     f"D,F,E={sizes}")
            text, inputs, expected = check_ops.build_case(
                args.op, act, layout, granularity, biased, shape, "f32",
                clamp, rng, sizes)
            with open(module, "w") as f:
                f.write(text)
            lowered = subprocess.run(
                [args.glu_opt, module, "--convert-glu-to-vector"],
                capture_output=True, text=True)
            if lowered.returncode != 0 or "glu." in lowered.stdout:
                print(f"FAIL: {label}: convert-glu-to-vector did not lower "
                      f"the op: {lowered.stderr.strip()}")
                failures += 1
                continue
            tolerance = check_ops.tolerance_for(args.op, "f32", sizes)
            error = check_ops.run_and_compare(args.glu_run, module, inputs,
                                              expected, tolerance, label,
                                              run_args, env)
            if error is None:
                failures += 1
            else:
                worst = max(worst, error / tolerance)
    print(f"fused {args.op}, {options}: {len(all_cases)} "
          f"configurations, worst normwise error {worst:.3g} of the "
          f"tolerance, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
