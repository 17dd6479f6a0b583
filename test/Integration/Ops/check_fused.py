"""The fused kernels, CPU (convert-glu-to-vector, --target cpu) or GPU
(convert-glu-to-gpu, --target nvvm), against the float64 NumPy reference, on
shapes that cross every tile boundary.

Sizes D = 203, F = 300, E = 70 are multiples of no tile size (depth tile 128,
streaming depth step 8, hidden tile 128, register tiles of 32 hidden and 64
output columns, 16 lanes; F = 352 = 2 * 128 + 3 * 32 where the interleave
granularity 16 or 32 must divide F); token counts T = 0, 1, 2, 4, 5, 7, 8
(streamed), 9, 17, 64, 65, 131 (register tiles with 1..5-row remainders).
T is dynamic. Blocks of at most 8 rows stream the weights, 8 rows of them at
a time; larger ones go through packed tiles into register tiles: the cases
cover both. Cases:
  - every activation, T = 5 (unbiased) and T = 65 (biased), separate
    weights;
  - every layout (separate, [gate|up], [up|gate], interleaved with
    granularity 1, 2, 4, 16 and 32), biased with T = 5 and unbiased with
    T = 17, gelu;
  - GPT-OSS clamped SwiGLU (swish beta 1.702), interleaved and separate,
    T = 5 and 65;
  - every T, and T = 3 with D = 43, F = 16500 (streamed in two steps of at
    most 8192 hidden columns per thread);
  - batch dimensions, collapsed into T: [?, ?, D] with 2 x 3 (streamed) and
    [4, 17, D] (register tiles) rows, and [?, 5, D] with dynamic weights;
  - T = 40 with D = 1100, F = 1000, E = 130: weights over 4 MiB (which
    glu-run allocates on huge pages), 9 depth tiles, 8 hidden tiles and 2
    W2 panels per call, across which the register tiles prefetch the rows
    of the next pack (not with --constant-weights: multi-MiB constants are
    slow to print and parse);
each for glu.ffn and glu.gated_proj, on 2 threads; on 1 thread (--tokens-only)
only the T sweep. With the default row-tile every T here is one row block
(F split across threads); --row-tile 18 makes T = 64, 65, 131 row blocks of
18 rows (register tiles with 1..5-row remainders; the last blocks of T =
131 and 64 stream) spread over the threads. The tolerance is
check_ops.py's.

Each module is first lowered with glu-opt --convert-glu-to-vector, and the
case fails if a glu op is left: this test must not pass on the reference
lowering. With --constant-weights every weight and bias is an
arith.constant in the function (x is the only argument), which
convert-glu-to-vector packs at compile time: the case also fails if the
lowered module has no [F/32, D/128, 128, 64] constant of packed tiles. The
thread count (--threads) is both the kernels' compile-time num-threads and
OMP_NUM_THREADS. With --dtype f16 or bf16 (f32, f16 or bf16
on either target) every operand and the result have that type; the CPU
kernels widen each load to f32, accumulate and gate in f32 and round the
result once, so the tolerance is check_ops.py's for f32 accumulation.

On the GPU (--target nvvm, f32, f16 or bf16; glu-run --target=nvvm with PTX
for sm_80) the same cases cross the kernels' tiles: 128-row output tiles (T
= 131 spans two, T = 33 to 65 in f32 and 17 to 65 in f16/bf16 fill part
of one), 64 columns per weight (the
down kernels 128; F = 300 and E = 70 leave partial tiles), depth steps
of 16 (f32, in two shared buffers) or 32 (f16/bf16, in four) (D = 203, 43,
and 200 at SIZES_MMA_LONG), F = 16500 over 258 column blocks; the down
kernel's depth in slices, at most one per 4 steps, as its tiles are few (F
= 300: 5 of 64 in f32; in f16/bf16 at SIZES_MMA_DEEP, 3 of 128), or in one
with --split-blocks 1; T up to split-rows (by default 32 in f32, 16 in
f16/bf16) takes the split-depth kernels (1, 2, 4 or 8 rows in registers:
T = 1, 2, 3-4, then 5 to split-rows in groups of 8 rows: T = 9 in 2, 17
in 3; D = 203 in 4 slices of 51 rows, 4-step unrolled with a 3-step
remainder; F = 16500 in 33 column blocks of 512 f32 or 17 of 1024
f16/bf16); with --split-rows 64 also T = 33 to 64 (T = 64: 8 groups, and
the tiled kernels for 65). On both GPU targets, cases with
F = 320 and E = 72 read every weight of the split-depth kernels with
16-byte loads (every layout, T = 5, biased), as do weights that are views
from column 8 of a wider argument; views from column 1 (a misaligned
address) take the element loads. With --split-lanes L, the FMA
split-depth blocks have 128 / L column threads by L depth lanes, at least
64 L rows per slice (L = 32: one slice, the epilogue in the product
kernels, except for the down projection at F = 16500, 9 slices; L = 2:
2 slices of 102 rows for the gated products at D = 203 and 3 of 100 for
the down projection at F = 300, half of it per depth lane). With
--split-mma, f16 and bf16 T = 5 to 8
take the mma.sync split-depth kernel of 8 rows and T = 9 to 16 that of 16
rows; with --split-rows 64, T = 17 to 64 the 16-row kernel in groups (gate
and value; T = 17 and 64: 2 and 4 groups) and the 32-row kernel (the down
projection; T = 64 in 2 groups): 256 columns per block (F = 300 and E = 70:
partial mma tiles), depth slices of multiples of 16 whose last step is
partial (D = 203 and 43), the aligned and the element loads as above; in
f32 the same with 3xTF32 on mma.sync m16n8k8, 128 columns per block and
twice the rows (the 32-row kernel for T = 17 to 32, and with --split-rows
64 or more the gated one in groups and the down projection's of 64 rows,
T = 131 in 5 and 3 groups with --split-rows 256); on
host-gpu every case then emulates mma.sync. With --f32-mma the f32 tiled
kernels multiply in 3xTF32 on mma.sync m16n8k8 with the f16 kernels' tiles
(16 deep per step: D = 40 in 2 steps and a partial one at SIZES_MMA, 200 in
13 at SIZES_MMA_LONG, the down kernel's F = 300 in slices of 4 steps at
SIZES_MMA_DEEP); on host-gpu only the cases at EMULATED_MMA_SIZES (and
those of the split-depth kernels) then run, as in f16. With
--gated-split-blocks the gated tiled kernel cuts its depth into slices too
(D = 203: 4 of 64 in f32, 2 of 128 in f16 and bf16 on a GPU; D = 200 at
SIZES_MMA_LONG: 2 of 128 in f16 and bf16, 4 of 64 with --f32-mma).
--tokens keeps only
the cases of the given T. The conversion checked is
convert-glu-to-gpu. The GPU
glu.ffn rounds H to f16/bf16 once before the down kernel, which the
reference does not; its tolerance adds that rounding's first-order bound u
max_k sum_j |H_j| |W2_jk| / max|ref|.

--target host-gpu runs the GPU kernels on the CPU: glu-opt
--convert-glu-to-gpu --glu-test-gpu-launch-to-loops turns each launch of
the split-depth kernels into host loops over blocks and threads (their
threads do not communicate; with --split-lanes they do, and run as the
tiled kernels'), each launch of the tiled kernels into a loop
over blocks, each an OpenMP parallel region of the block's threads
(gpu.barrier: the runtime's barrier; OMP_WAIT_POLICY=passive, as 256
threads share 2 cores; mma.sync and ldmatrix: an exchange of fragments or
addresses across a barrier; cp.async copies: written to shared memory
only at the wait that must see them done); glu-run then lowers the module
for the CPU. Every case runs in f32 on FMA; in f16 and bf16, and in f32
with --f32-mma, those on the split-depth kernels and those with
SIZES_MMA(_DEEP, _LONG), the only ones for which the pass emulates
mma.sync (emulate-mma; it costs a barrier of 256 threads each). It checks
the kernels' indexing, bounds, tiling, slicing and reduction where no GPU is
present. On the host (cpu and host-gpu), glu-run --guard-pages ends each
argument right before an inaccessible page, so that a kernel that reads past
the end of a weight faults.
"""

import argparse
import collections
import concurrent.futures
import itertools
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..",
                                "utils"))
import check_ops  # noqa: E402
import glu_reference  # noqa: E402

# A glu op left in the lowered module (not a mention in an assert message).
GLU_OP = re.compile(r"^\s*(%\S+ = )?glu\.", re.M)
# The gate/value weight tiles that convert-glu-to-vector packs at compile
# time from constant weights ([F/32, D/128, 128, 64]).
PREPACKED_TILES = re.compile(r"arith\.constant .* : tensor<\d+x\d+x128x64x")
SIZES = (203, 300, 70)
SIZES_GRANULARITY_32 = (203, 352, 70)
# F > 2 x 8192: with at most 8 rows the weights are streamed 8192 hidden
# columns at a time, and each of 2 threads takes half of F.
SIZES_WIDE = (43, 16500, 70)
# convert-glu-to-gpu's split-depth kernels take at most this many rows in
# f16 and bf16 (in f32 32) unless --split-rows says otherwise.
SPLIT_ROWS = 16
# Gate and value weights of 4.4 MB, several of every tile.
SIZES_LARGE = (1100, 1000, 130)
# F and E multiples of 8 (and of granularity 32): convert-glu-to-gpu's
# split-depth kernels read every weight with 16-byte loads (f32 4 columns,
# f16 and bf16 8) unless a weight is a view at a misaligned offset. With
# SIZES, only f32 gate and value weights are read so (F = 300 is a multiple
# of 4, not 8; E = 70 of neither): the rest take the element loads.
SIZES_ALIGNED = (203, 320, 72)
# Small enough for the f16 and bf16 tiled kernels on the host (--target
# host-gpu emulates each mma.sync with a barrier of 256 OS threads): a
# full and a partial depth step (D = F = 40 of 2 x 32) and partial column
# tiles (F = 40 of 64, E = 8 of 128).
SIZES_MMA = (40, 40, 8)
# F = 300 > 2 x 128 for the f16 and bf16 down kernel's depth slices (3, of
# 4 depth steps of 32, the last 44 deep) at sizes that their host emulation
# runs.
SIZES_MMA_DEEP = (40, 300, 8)
# D = 200 for 7 depth steps of the f16 and bf16 gated kernel (the last one
# partial), more than its 4 shared buffers: each buffer is refilled while
# the others are read; E = 72 reaches the down kernel's second column of
# warps (columns 64 to 127 of its 128).
SIZES_MMA_LONG = (200, 40, 72)
EMULATED_MMA_SIZES = (SIZES_MMA, SIZES_MMA_DEEP, SIZES_MMA_LONG)
TOKENS = (0, 1, 2, 4, 5, 7, 8, 9, 17, 64, 65, 131)
LAYOUTS = [("separate", 1), ("gate_up", 1), ("up_gate", 1),
           ("interleaved", 1), ("interleaved", 2), ("interleaved", 4),
           ("interleaved", 16), ("interleaved", 32)]


# weight_column: each weight is a view of a wider argument from that column
# on (check_ops.build_case).
Case = collections.namedtuple(
    "Case", "act layout granularity biased shape clamp sizes weight_column",
    defaults=(0,))


def dynamic_tokens(count):
    return ((count,), True, False)


def cases(tokens_only, constant_weights, gpu):
    """The Cases of the module docstring; with `gpu`, also those of the
    split-depth kernels' 16-byte loads."""
    result = [Case("swish", "gate_up", 1, True, dynamic_tokens(tokens), False,
               SIZES) for tokens in TOKENS]
    result.append(Case("gelu", "separate", 1, True, dynamic_tokens(3), False,
                       SIZES_WIDE))
    if tokens_only:
        return result
    # Register tiles (T = 65) and streamed rows (T = 5).
    for act, tokens in itertools.product(glu_reference.ACTIVATIONS, (5, 65)):
        result.append(Case(act, "separate", 1, tokens == 65,
                           dynamic_tokens(tokens), False, SIZES))
    for (layout, granularity), biased in itertools.product(LAYOUTS,
                                                           (False, True)):
        sizes = SIZES if granularity < 16 else SIZES_GRANULARITY_32
        result.append(Case("gelu", layout, granularity, biased,
                           dynamic_tokens(5 if biased else 17), False, sizes))
    for (layout, granularity), tokens in itertools.product(
            (("interleaved", 1), ("separate", 1)), (5, 65)):
        result.append(Case("swish", layout, granularity, True,
                           dynamic_tokens(tokens), True, SIZES))
    for shape in (((2, 3), True, False), ((4, 17), False, False),
                  ((3, 5), True, True)):
        result.append(Case("gelu_tanh", "gate_up", 1, True, shape, False,
                           SIZES))
    if not constant_weights:
        result.append(Case("gelu", "separate", 1, True, dynamic_tokens(40),
                           False, SIZES_LARGE))
    if gpu:
        # Every layout with 16-byte loads, in the split-depth (T = 5) and
        # the tiled kernels (T = 33); separate weights with T = 1 and 33 and
        # interleaved ones (granularity 1) with T = 8 as views at an aligned
        # offset (column 8: 16 or 32 bytes) and at a misaligned one (column
        # 1), whose element loads give the same result.
        for (layout, granularity), tokens in itertools.product(LAYOUTS,
                                                               (5, 33)):
            result.append(Case("gelu", layout, granularity, True,
                               dynamic_tokens(tokens), False, SIZES_ALIGNED))
        for column, (layout, tokens) in itertools.product(
                (8, 1), (("separate", 1), ("separate", 33),
                         ("interleaved", 8))):
            result.append(Case("swish", layout, 1, True,
                               dynamic_tokens(tokens), False, SIZES_ALIGNED,
                               column))
        # The tiled kernels at sizes that their host emulation runs in f16
        # and bf16: one partial row block (T = 17; also with misaligned
        # weights), two (T = 140), the down kernel on depth slices, and
        # more depth steps than shared buffers, with weights that are
        # copied with cp.async (gate_up) and that are not (interleaved,
        # granularity 1).
        for column in (0, 1):
            result.append(Case("gelu", "separate", 1, True, dynamic_tokens(17),
                               False, SIZES_MMA, column))
        result.append(Case("swish", "interleaved", 1, True,
                           dynamic_tokens(140), True, SIZES_MMA))
        result.append(Case("gelu", "separate", 1, True, dynamic_tokens(17),
                           False, SIZES_MMA_DEEP))
        for layout in ("gate_up", "interleaved"):
            result.append(Case("gelu", layout, 1, True, dynamic_tokens(17),
                               False, SIZES_MMA_LONG))
    return result


def hidden_rounding_bound(hidden, expected, dtype):
    """The normwise error that rounding H to `dtype` once (the GPU glu.ffn
    does, the reference does not) can add: u max_k sum_j |H_j| |W2_jk|,
    relative to max|expected|."""
    scale = np.max(np.abs(expected)) if expected.size else 0.0
    if not expected.size or scale == 0:
        return 0.0
    rows = np.abs(hidden["hidden"]).reshape(-1, hidden["down"].shape[0])
    spread = rows @ np.abs(hidden["down"].astype(np.float64))
    return check_ops.UNIT_ROUNDOFF[dtype] * np.max(spread) / scale


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--glu-run", required=True)
    parser.add_argument("--glu-opt", required=True)
    parser.add_argument("--op", required=True, choices=("gated_proj", "ffn"))
    parser.add_argument("--target", choices=("cpu", "nvvm", "host-gpu"),
                        default="cpu",
                        help="host-gpu: convert-glu-to-gpu's kernels run on "
                        "the CPU (glu-test-gpu-launch-to-loops); f16 and "
                        "bf16 only T <= split-rows and small sizes")
    parser.add_argument("--dtype", choices=("f32", "f16", "bf16"),
                        default="f32", help="element type")
    parser.add_argument("--threads", type=int, default=1,
                        help="cpu: num-threads and OMP_NUM_THREADS")
    parser.add_argument("--tokens-only", action="store_true",
                        help="only the T sweep")
    parser.add_argument("--row-tile", type=int,
                        help="convert-glu-to-vector's row-tile (default: "
                        "its own)")
    parser.add_argument("--constant-weights", action="store_true",
                        help="cpu: weights and biases as constants, which "
                        "must be packed at compile time")
    parser.add_argument("--split-blocks", type=int,
                        help="nvvm and host-gpu: convert-glu-to-gpu's "
                        "split-blocks (default: its own); 1 keeps the tiled "
                        "down kernel on the whole depth")
    parser.add_argument("--split-rows", type=int,
                        help="nvvm and host-gpu: convert-glu-to-gpu's "
                        "split-rows (default: its own, 32 in f32, 16 in "
                        "f16/bf16); more than the "
                        "widest split-depth kernel's rows (8; with "
                        "--split-mma 16 or 32) take it in groups")
    parser.add_argument("--mma-stages", type=int,
                        help="nvvm and host-gpu: convert-glu-to-gpu's "
                        "mma-stages (default: its own, 4): the depth steps "
                        "that the f16/bf16 (and --f32-mma) tiled kernels "
                        "keep in shared memory")
    parser.add_argument("--split-lanes", type=int,
                        help="nvvm and host-gpu: convert-glu-to-gpu's "
                        "split-lanes (default: its own, 1): the depth lanes "
                        "that share each column of a split-depth FMA "
                        "product block, whose kernel runs the epilogue "
                        "where the depth is one slice")
    parser.add_argument("--split-mma", action="store_true",
                        help="nvvm and host-gpu: convert-glu-to-gpu's "
                        "split-mma (split-depth products of more than 4 "
                        "rows on the tensor cores; f32 as 3xTF32)")
    parser.add_argument("--wgmma", action="store_true",
                        help="convert-glu-to-gpu's wgmma (f16/bf16 tiled "
                        "kernels with wgmma; nvvm: PTX for sm_90a, which "
                        "runs on sm_90 GPUs only)")
    parser.add_argument("--wgmma-columns", type=int,
                        help="convert-glu-to-gpu's wgmma-columns (with "
                        "--wgmma: the block tile's columns, 128 by default "
                        "or 256)")
    parser.add_argument("--wgmma-overlap", action="store_true",
                        help="convert-glu-to-gpu's wgmma-overlap (with "
                        "--wgmma: one depth step's wgmma in flight)")
    parser.add_argument("--f32-mma", action="store_true",
                        help="nvvm and host-gpu: convert-glu-to-gpu's "
                        "f32-mma (the f32 tiled kernels on the tensor cores, "
                        "3xTF32; host-gpu: only the cases at sizes whose "
                        "emulated mma.sync runs, as in f16)")
    parser.add_argument("--gated-split-blocks", type=int,
                        help="nvvm and host-gpu: convert-glu-to-gpu's "
                        "gated-split-blocks (default: its own, 0: the gated "
                        "tiled kernel on the whole depth; else on depth "
                        "slices for about that many blocks, its activation "
                        "in the reduction kernel)")
    parser.add_argument("--min-blocks-per-sm", type=int,
                        help="nvvm: glu-lower-to-nvvm's min-blocks-per-sm "
                        "(default: its own, 2; ptxas fits that many blocks "
                        "of each kernel on a multiprocessor, 0: no bound)")
    parser.add_argument("--tokens",
                        help="comma-separated token counts: only the cases "
                        "with that many rows (T; the product of the batch "
                        "dimensions)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="cases checked at once (each compiles and runs "
                        "in its own processes)")
    args = parser.parse_args()
    if args.min_blocks_per_sm is not None and args.target != "nvvm":
        parser.error("--min-blocks-per-sm is for --target nvvm")
    if args.constant_weights and args.target != "cpu":
        parser.error("--constant-weights is for --target cpu")
    gpu_options = [f"{name}={value}" for name, value in (
        ("split-blocks", args.split_blocks), ("split-rows", args.split_rows),
        ("split-lanes", args.split_lanes),
        ("mma-stages", args.mma_stages),
        ("gated-split-blocks", args.gated_split_blocks),
        ("wgmma-columns", args.wgmma_columns))
        if value is not None]
    if args.split_mma:
        gpu_options.append("split-mma=true")
    if args.wgmma:
        gpu_options.append("wgmma=true")
    if args.wgmma_overlap:
        gpu_options.append("wgmma-overlap=true")
    if args.f32_mma:
        gpu_options.append("f32-mma=true")
    if gpu_options and args.target == "cpu":
        parser.error("--split-blocks, --split-rows, --split-lanes, "
                     "--mma-stages, --gated-split-blocks, --split-mma, "
                     "--wgmma, --wgmma-columns, --wgmma-overlap and "
                     "--f32-mma are for the GPU targets")

    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))
    if args.target == "cpu":
        conversion = "--convert-glu-to-vector"
        options = f"num-threads={args.threads}"
        if args.row_tile:
            options += f" row-tile={args.row_tile}"
    elif args.target == "nvvm":
        # PTX for sm_80, which the driver compiles for any GPU from sm_80 on
        # (wgmma: for sm_90a, which it compiles for sm_90 only).
        conversion = "--convert-glu-to-gpu"
        options = " ".join(["chip=sm_90a" if args.wgmma else "chip=sm_80"] +
                           gpu_options)
        if args.min_blocks_per_sm is not None:
            options += f" min-blocks-per-sm={args.min_blocks_per_sm}"
    else:
        # The kernels as host loops; glu-run lowers what is left like any
        # CPU module.
        conversion = "--convert-glu-to-gpu"
        if gpu_options:
            conversion += "=" + " ".join(gpu_options)
        options = "fused=false"
    emulated = args.target == "host-gpu"
    # On the host, each argument ends before an inaccessible page: a read
    # past its end faults.
    run_args = [f"--target={'cpu' if emulated else args.target}",
                f"--lowering-options={options}"]
    if args.target != "nvvm":
        run_args.append("--guard-pages")
    all_cases = cases(args.tokens_only, args.constant_weights,
                      gpu=args.target != "cpu")
    if args.tokens:
        wanted = {int(count) for count in args.tokens.split(",")}
        all_cases = [case for case in all_cases
                     if np.prod(case.shape[0]) in wanted]
    if emulated:
        # The tiled kernels run on the host as OpenMP threads, which wait
        # rather than spin at barriers; in f16 and bf16 (and f32 with
        # --f32-mma) each mma.sync costs a barrier of 256 threads, so
        # those run at EMULATED_MMA_SIZES only.
        env["OMP_WAIT_POLICY"] = "passive"
        split_rows = (SPLIT_ROWS if args.split_rows is None
                      else args.split_rows)
        # The cases on the split-depth kernels (with split-rows 0, every
        # T takes the tiled ones, T = 0 too).
        def split_depth(case):
            return split_rows > 0 and np.prod(case.shape[0]) <= split_rows

        fma_tiles = args.dtype == "f32" and not args.f32_mma
        all_cases = [case for case in all_cases
                     if split_depth(case) or fma_tiles or
                     case.sizes in EMULATED_MMA_SIZES]

    def emulate_mma(sizes):
        """Whether the host-gpu module of a case emulates mma.sync: where
        it has kernels with mma.sync that run."""
        return sizes in EMULATED_MMA_SIZES or args.split_mma

    def check(index, case, tmp):
        """The normwise error of one case over its tolerance, or None if it
        fails (with a FAIL line)."""
        (act, layout, granularity, biased, shape, clamp, sizes,
         weight_column) = case
        label = (f"{args.op} {args.dtype} "
                 f"{'constant ' if args.constant_weights else ''}"
                 f"{'clamped ' if clamp else ''}"
                 f"{act} {layout}/{granularity} "
                 f"{'biased' if biased else 'unbiased'} "
                 f"T={'x'.join(map(str, shape[0]))} "
                 f"D,F,E={sizes}"
                 + (f" weights from column {weight_column}"
                    if weight_column else ""))
        # Each case's inputs from its own generator: the same with any
        # --jobs.
        rng = np.random.default_rng(index)
        hidden = {}
        text, inputs, expected = check_ops.build_case(
            args.op, act, layout, granularity, biased, shape, args.dtype,
            clamp, rng, sizes, hidden, args.constant_weights, weight_column)
        module = os.path.join(tmp, f"case{index}.mlir")
        with open(module, "w") as f:
            f.write(text)
        lowered = subprocess.run(
            [args.glu_opt, module, conversion] +
            ([f"--glu-test-gpu-launch-to-loops=emulate-mma="
              f"{'true' if emulate_mma(sizes) else 'false'}"]
             if emulated else []),
            capture_output=True, text=True)
        if lowered.returncode != 0 or GLU_OP.search(lowered.stdout):
            print(f"FAIL: {label}: {conversion[2:]} did not lower the "
                  f"op: {lowered.stderr.strip()}")
            return None
        if (args.constant_weights and
                not PREPACKED_TILES.search(lowered.stdout)):
            print(f"FAIL: {label}: the constant weights were not packed "
                  "at compile time")
            return None
        tolerance = check_ops.tolerance_for(args.op, args.dtype, sizes)
        if (args.target != "cpu" and args.op == "ffn" and
                args.dtype != "f32"):
            tolerance += hidden_rounding_bound(hidden, expected, args.dtype)
        if emulated:
            with open(module, "w") as f:
                f.write(lowered.stdout)
        error = check_ops.run_and_compare(args.glu_run, module, inputs,
                                          expected, tolerance, label,
                                          run_args, env)
        return None if error is None else error / tolerance

    with tempfile.TemporaryDirectory() as tmp, \
            concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda item: check(*item, tmp),
                                enumerate(all_cases)))
    failures = results.count(None)
    worst = max((r for r in results if r is not None), default=0.0)
    print(f"fused {args.op} {args.dtype} on {args.target}, {conversion[2:]} "
          f"{options}: "
          f"{len(all_cases)} configurations, worst normwise error "
          f"{worst:.3g} of the tolerance, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
