"""The gated-FFN benchmark on an NVIDIA GPU: glu's fused kernels against
PyTorch's cuBLAS-based eager FFN, in one run.

    /usr/bin/python3 bench/gpu_bench.py --glu-run build/bin/glu-run \
        [--glu-opt build/bin/glu-opt] [--torch-python PYTHON] [--repeat N]
        [--quick | --shapes TxDxF,...] [--dtypes f16,bf16,f32]
        [--glu-options OPTIONS ...] [--out-dir DIR] [--deadline-seconds S]

For each shape (T, d, f) and element type (f16, bf16, f32) it times
y = (gelu(x Wg) * (x Wv)) W2 on:
  glu           glu-run --target=nvvm --device-resident --gpu-time: the
                fused gated and down kernels of
                glu-lower-to-nvvm{device-arguments=true} (PTX for sm_80,
                compiled by the driver for this GPU), inputs copied to the
                GPU once; a call includes its allocations of H and of the
                result (from the stream-ordered pool, warm after the first
                calls); timed two ways, as torch is: by CUDA events (the
                GPU's time from an event on the call's stream before its
                first operation to one after its last) and by the host's
                clock around the call, its stream synchronisation included;
                --glu-options adds glu-lower-to-nvvm options, such as
                'split-rows=0' (the tiled kernels for every T) or
                'split-blocks=528', separated by spaces or commas
                ('split-mma=true,split-rows=64'; no glu-lower-to-nvvm
                option takes a comma); given more than once, each is a
                variant timed in the same run (--glu-options= for the
                defaults); a variant that lowers to the same module as an
                earlier one of that shape and type (glu-opt's
                glu-lower-to-nvvm, the compile times recorded with the GPU
                binaries aside) is not timed again: its row says "same
                kernels as" that one, so a lent GPU's minutes go to
                variants that differ
  torch-cuda    F.gelu(x @ Wg) * (x @ Wv) @ W2 with CUDA tensors (cuBLAS),
                run by --torch-python (a Python whose torch has CUDA;
                reported as unavailable otherwise), timed as glu is: with
                CUDA events recorded before and after the eager call (the
                GPU's time from the start event to the end event, which
                includes the GPU's waits for the host to launch but not the
                host's return from the synchronisation), and by the host's
                clock around the call and torch.cuda.synchronize()
Both get the same inputs (glu-run's seeded random values, saved with
--save-inputs) after warm-up calls; the table gives median times, the
ratios torch / glu (> 1: glu is faster) of the events times and of the
wall times, and the normwise difference of the two results, a row per glu
variant, and, with several variants, a second table of the fastest of each
shape and type (by events) against the issue's targets (within 1.5x of
torch's time; faster), by the events times, and a third of each glu
variant's kernel launches in order, with their grids and median GPU times
(glu-run --gpu-kernel-times: events on the stream around each launch, in
calls of their own). Writes gpu-results.md and
gpu-results.json to --out-dir with the device's name, again after each
shape and type, so that a run cut short (a lent GPU's time limit) leaves
the tables of what it measured; with --deadline-seconds, the variants
that would start later than that many seconds after the first began are
not run, and their rows say so (the first always runs). Needs a GPU and its driver; not part
of the test run.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

SHAPES = [(1, 4096, 11008), (8, 4096, 11008), (32, 4096, 11008),
          (128, 4096, 11008), (512, 4096, 11008), (2048, 4096, 11008)]
QUICK_SHAPES = [(1, 4096, 11008), (128, 4096, 11008)]
DTYPES = ["f16", "bf16", "f32"]

TORCH_SCRIPT = r"""
import json, statistics, sys, time
import numpy as np
import torch
import torch.nn.functional as F
inputs, dtype, repeat, output = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
dtype = {"f16": torch.float16, "bf16": torch.bfloat16, "f32": torch.float32}[dtype]
x, wg, wv, wd = (torch.from_numpy(np.load(f"{inputs}{i}.npy")).to("cuda", dtype)
                 for i in range(4))
torch.backends.cuda.matmul.allow_tf32 = False
f = lambda: (F.gelu(x @ wg) * (x @ wv)) @ wd
for _ in range(3):
    f()
times = []
for _ in range(repeat):
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record(); y = f(); end.record(); torch.cuda.synchronize()
    times.append(start.elapsed_time(end) / 1e3)
wall = []
for _ in range(repeat):
    begin = time.perf_counter(); f(); torch.cuda.synchronize()
    wall.append(time.perf_counter() - begin)
np.save(output, y.float().cpu().numpy())
print(json.dumps({"seconds": statistics.median(times),
                  "wall-seconds": statistics.median(wall),
                  "version": torch.__version__,
                  "device": torch.cuda.get_device_name()}))
"""


def module_text(shape, dtype):
    T, d, f = shape
    x, w, w2, y = (f"tensor<{T}x{d}x{dtype}>", f"tensor<{d}x{f}x{dtype}>",
                   f"tensor<{f}x{d}x{dtype}>", f"tensor<{T}x{d}x{dtype}>")
    return (f"func.func @ffn(%x: {x}, %wg: {w}, %wv: {w}, %wd: {w2}) -> {y} {{\n"
            f"  %y = glu.ffn <gelu> %x : {x} gate(%wg : {w}) value(%wv : {w})\n"
            f"      down(%wd : {w2}) -> {y}\n"
            f"  return %y : {y}\n}}\n")


def run(command):
    proc = subprocess.run(command, capture_output=True, text=True)
    if proc.returncode != 0:
        lines = (proc.stderr.strip() or proc.stdout.strip()).splitlines()
        raise RuntimeError(lines[-1] if lines else f"exit {proc.returncode}")
    return proc.stdout


def lowering_options(options):
    """glu-lower-to-nvvm's options for a --glu-options variant."""
    return "chip=sm_80 " + options.replace(",", " ")


def lowered_kernels(args, module, options):
    """The module as glu-run --device-resident compiles it for a variant
    (glu-opt's glu-lower-to-nvvm with device-arguments=true), without the
    compile times that the GPU binaries record; None if it does not lower
    (glu-run then reports why)."""
    try:
        text = run([args.glu_opt, module, "--glu-lower-to-nvvm=" +
                    lowering_options(options) + " device-arguments=true"])
    except (OSError, RuntimeError):
        return None
    return re.sub(r"\w+TimeInMs = \d+ : i64", "", text)


def measure(args, shape, dtype, tmp, late):
    """One record per --glu-options variant, each with the torch-cuda time
    of the same inputs; a variant that lowers to the same module as an
    earlier one is not timed again (its record names that one), and the
    variants from the first for which `late()` is true on are not run."""
    module = os.path.join(tmp, "ffn.mlir")
    with open(module, "w") as f:
        f.write(module_text(shape, dtype))
    inputs = os.path.join(tmp, "in")
    records = []
    variants = {}
    for index, options in enumerate(args.glu_options):
        record = {"shape": shape, "dtype": dtype, "glu-options": options}
        if late():
            record["glu"] = {"not-run": late.reason}
            records.append(record)
            continue
        kernels = lowered_kernels(args, module, options)
        if kernels is not None and kernels in variants:
            record["glu"] = {"same-as": variants[kernels] or "(defaults)"}
            records.append(record)
            continue
        if kernels is not None:
            variants[kernels] = options
        output = os.path.join(tmp, f"glu{index}-")
        # Every variant gets the same seeded inputs; the first saves them
        # (f32 weights of LLM shapes are 0.5 GB to write).
        save = [f"--save-inputs={inputs}"] if index == 0 else []
        try:
            stdout = run([args.glu_run, module, "--target=nvvm",
                          "--device-resident", "--gpu-time",
                          "--gpu-kernel-times",
                          "--lowering-options=" + lowering_options(options),
                          "--scale=0.1", *save, f"--output={output}",
                          "--warmup=3", f"--repeat={args.repeat}"])
            record["glu"] = {
                key: float(re.search(rf"^{label}: (\S+) s", stdout,
                                     re.M).group(1))
                for key, label in (("seconds", "gpu time"),
                                   ("wall-seconds", "time"))}
            record["glu"]["kernels"] = [
                {"kernel": name, "grid": [int(n) for n in grid],
                 "seconds": float(seconds)}
                for name, *grid, seconds in re.findall(
                    r"^kernel \d+: (\S+) grid \((\d+), (\d+), (\d+)\): "
                    r"(\S+) s", stdout, re.M)]
            record["output"] = output + "0.npy"
        except RuntimeError as error:
            record["glu"] = {"error": str(error)}
        records.append(record)
    if not any("seconds" in record["glu"] for record in records):
        return records
    torch_out = os.path.join(tmp, "torch.npy")
    try:
        torch = json.loads(run(
            [args.torch_python, "-c", TORCH_SCRIPT, inputs, dtype,
             str(args.repeat), torch_out]).strip().splitlines()[-1])
    except RuntimeError as error:
        torch = {"error": str(error)}
    for record in records:
        record["torch-cuda"] = torch
        output = record.pop("output", None)
        if output and "seconds" in torch:
            got, ref = np.load(output), np.load(torch_out)
            record["difference"] = float(np.max(np.abs(got - ref)) /
                                         max(np.max(np.abs(ref)), 1e-30))
    return records


def device_name(records):
    """The GPU's name, from PyTorch or nvidia-smi."""
    for record in records:
        if "device" in record.get("torch-cuda", {}):
            return record["torch-cuda"]["device"]
    try:
        return run(["nvidia-smi", "--query-gpu=name",
                    "--format=csv,noheader"]).strip()
    except (OSError, RuntimeError):
        return "unknown GPU"


def render(records):
    device = device_name(records)
    lines = [f"Device: {device}. Times: medians of the calls after "
             "warm-up. glu: glu-lower-to-nvvm{chip=sm_80 device-arguments} "
             "and the variant's options.",
             "events: the GPU's time of a call from CUDA events (glu-run "
             "--gpu-time; torch.cuda.Event around the eager call); wall: "
             "the host's clock around a synchronous call.",
             "", "| T | d | f | dtype | glu options | glu events ms | torch "
             "events ms | events torch / glu | glu wall ms | torch wall ms | "
             "wall torch / glu | difference |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]

    def cell(result, key="seconds"):
        if key in result:
            return f"{result[key] * 1e3:.3f}"
        if "error" in result:
            return f"failed: {result['error']}"
        if "same-as" in result:
            return f"same kernels as {result['same-as']}"
        reason = result.get("not-run")
        return f"not run: {reason}" if reason else "not run"

    def ratio(glu, torch, key):
        if key in glu and key in torch:
            return f"{torch[key] / glu[key]:.2f}"
        return "-"

    for r in records:
        glu, torch = r["glu"], r.get("torch-cuda", {})
        difference = (f"{r['difference']:.1e}" if "difference" in r
                      else "-")
        T, d, f = r["shape"]
        lines.append(f"| {T} | {d} | {f} | {r['dtype']} | "
                     f"{r['glu-options'] or '(defaults)'} | {cell(glu)} | "
                     f"{cell(torch)} | {ratio(glu, torch, 'seconds')} | "
                     f"{cell(glu, 'wall-seconds')} | "
                     f"{cell(torch, 'wall-seconds')} | "
                     f"{ratio(glu, torch, 'wall-seconds')} | {difference} |")
    lines += fastest_variants(records, cell, ratio)
    lines += kernel_times(records)
    return "\n".join(lines) + "\n"


def fastest_variants(records, cell, ratio):
    """With more than one variant of a shape and type, a table of the
    fastest of each by events, against the targets by the events times
    (torch / glu at least 1 / 1.5: within 1.5x; above 1: faster)."""
    fastest = {}
    for r in records:
        if "seconds" not in r["glu"]:
            continue
        key = (tuple(r["shape"]), r["dtype"])
        best = fastest.get(key)
        if best is None or r["glu"]["seconds"] < best["glu"]["seconds"]:
            fastest[key] = r
    variants = {r["glu-options"] for r in records}
    if len(variants) < 2 or not fastest:
        return []

    def target(glu, torch):
        if "seconds" not in torch:
            return "-"
        speedup = torch["seconds"] / glu["seconds"]
        if speedup > 1:
            return "faster"
        return "within 1.5x" if speedup >= 1 / 1.5 else "not within 1.5x"

    lines = ["", "Fastest glu variant of each shape and type, against the "
             "targets (events torch / glu: at least 0.67 is within 1.5x, "
             "above 1 faster):", "",
             "| T | d | f | dtype | fastest glu options | glu events ms | "
             "events torch / glu | wall torch / glu | target |",
             "|---|---|---|---|---|---|---|---|---|"]
    for (shape, dtype), r in fastest.items():
        glu, torch = r["glu"], r.get("torch-cuda", {})
        T, d, f = shape
        lines.append(f"| {T} | {d} | {f} | {dtype} | "
                     f"{r['glu-options'] or '(defaults)'} | {cell(glu)} | "
                     f"{ratio(glu, torch, 'seconds')} | "
                     f"{ratio(glu, torch, 'wall-seconds')} | "
                     f"{target(glu, torch)} |")
    return lines


def kernel_times(records):
    """A table of each timed variant's kernel launches, in launch order,
    with their grids and GPU times (glu-run --gpu-kernel-times)."""
    rows = [r for r in records if r["glu"].get("kernels")]
    if not rows:
        return []
    lines = ["", "Kernels of each glu call, in launch order (launches "
             "without blocks are skipped): medians of their GPU times by "
             "CUDA events recorded on the stream before and after each "
             "launch, in calls of their own after those timed above (the "
             "events between launches may add time: their sum can exceed "
             "the call's events time; a call's first launch includes the "
             "host's launch latency):", "",
             "| T | d | f | dtype | glu options | kernel | grid | events ms |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        T, d, f = r["shape"]
        for kernel in r["glu"]["kernels"]:
            grid = " x ".join(map(str, kernel["grid"]))
            lines.append(f"| {T} | {d} | {f} | {r['dtype']} | "
                         f"{r['glu-options'] or '(defaults)'} | "
                         f"{kernel['kernel']} | {grid} | "
                         f"{kernel['seconds'] * 1e3:.3f} |")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--glu-run", required=True)
    parser.add_argument("--glu-opt", help="the glu-opt that lowers the "
                        "variants to find those with the same kernels "
                        "(default: the one beside --glu-run)")
    parser.add_argument("--torch-python", default=sys.executable)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--quick", action="store_true",
                        help="2 shapes, f16 only")
    parser.add_argument("--shapes", help="comma-separated TxDxF (default: "
                        "the LLM shapes above)")
    parser.add_argument("--dtypes", help="comma-separated element types "
                        "(default: f16,bf16,f32)")
    parser.add_argument("--glu-options", action="append",
                        help="more glu-lower-to-nvvm options for glu-run, "
                        "e.g. 'split-rows=0' or 'split-mma=true,"
                        "split-rows=64' (commas or spaces between options); "
                        "repeat it to time several variants (an empty one: "
                        "the defaults)")
    parser.add_argument("--out-dir", default=os.path.join(
        os.path.dirname(__file__), "results"))
    parser.add_argument("--deadline-seconds", type=float,
                        help="start no shape and type later than this many "
                        "seconds after the run began (their rows: not run)")
    args = parser.parse_args()
    if not args.glu_options:
        args.glu_options = [""]
    if not args.glu_opt:
        args.glu_opt = os.path.join(os.path.dirname(args.glu_run), "glu-opt")
    shapes = QUICK_SHAPES if args.quick else SHAPES
    if args.shapes:
        shapes = [tuple(int(n) for n in s.split("x"))
                  for s in args.shapes.split(",")]
    dtypes = ["f16"] if args.quick else DTYPES
    if args.dtypes:
        dtypes = args.dtypes.split(",")
    records = []
    late = Deadline(args.deadline_seconds)
    with tempfile.TemporaryDirectory() as tmp:
        for shape in shapes:
            for dtype in dtypes:
                for record in measure(args, shape, dtype, tmp, late):
                    records.append(record)
                    print(json.dumps(record), flush=True)
                write_results(args.out_dir, records)
    print(render(records))


class Deadline:
    """Called before each variant: whether it would start past
    --deadline-seconds from the first variant's start (never for the first,
    nor without a deadline)."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.start = None
        self.reason = (f"past --deadline-seconds {seconds:g}"
                       if seconds is not None else "")

    def __call__(self):
        if self.start is None:
            self.start = time.monotonic()
            return False
        return (self.seconds is not None and
                time.monotonic() - self.start > self.seconds)


def write_results(out_dir, records):
    """gpu-results.md and gpu-results.json of the records so far."""
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "gpu-results.md"), "w") as f:
        f.write(render(records))
    with open(os.path.join(out_dir, "gpu-results.json"), "w") as f:
        json.dump(records, f, indent=1)


if __name__ == "__main__":
    main()
