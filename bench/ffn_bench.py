"""The gated-FFN benchmark: glu's fused CPU path against its peers, in one run.

    /usr/bin/python3 bench/ffn_bench.py --glu-run build/bin/glu-run \
        --glu-opt build/bin/glu-opt --peaks build/bench/machine_peaks \
        --venv-python bench/.venv/bin/python [--quick]

(bench/run.sh builds and installs everything and runs this.) For each shape
(T, d, f) and activation (GEGLU erf and tanh, SwiGLU), fp32, it times
y = (act(x Wg) * (x Wv)) W2 on:
  glu-fused     glu-run, glu-lower-to-llvm-cpu (convert-glu-to-vector)
  glu-unfused   glu-run, glu-lower-to-llvm-cpu{fused=false}
                (convert-glu-to-linalg + the default upstream lowering)
  torch-eager   PyTorch 1.13 from Debian (/usr/bin/python3)
  numpy         NumPy + OpenBLAS from Debian, OPENBLAS_CORETYPE and
                OPENBLAS_L2_SIZE unset for this peer only
  torch-compile PyTorch 2 torch.compile (inductor CPU), from the venv
  jax           JAX/XLA CPU jax.jit, from the venv
  iree          IREE llvm-cpu (--iree-llvmcpu-target-cpu=host) compiling
                glu-opt --convert-glu-to-linalg's linalg IR, from the venv
Every path runs in its own process on all cores: medians of repeated calls
after two warm-up calls (glu-run: after the JIT compile), in --rounds
rounds that go over all paths in turn, each path reporting its fastest
round (other processes on the host only slow a round down; interleaving
the paths keeps one such period from moving all of one path's calls); the
peak resident memory those calls add (glibc's mmap threshold fixed at 64
KiB for every path, so that large buffers are mapped and unmapped, not
recycled), and the normwise error against a float64 NumPy reference. A
peer that fails to install or run is reported with its error, not dropped.

Reports GFLOP/s (FLOPs = 6 T d f), % of the measured 2-core FMA peak (for
T = 1, % of the measured triad bandwidth moving the 3 d f weights), each
path's speed relative to glu-fused, and writes results.md, results.json and
gflops.png to --out-dir.
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

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "utils"))
import glu_reference  # noqa: E402

SHAPES = [(1, 2048, 5632), (8, 4096, 11008), (32, 768, 2048),
          (128, 1024, 2816), (512, 2048, 5632), (2048, 1024, 4096)]
QUICK_SHAPES = [(1, 2048, 5632), (32, 768, 2048), (128, 1024, 2816)]
ACTIVATIONS = ["gelu", "gelu_tanh", "swish"]
PEERS = ["torch-eager", "numpy", "torch-compile", "jax", "iree"]
PATHS = ["glu-fused", "glu-unfused"] + PEERS
DEBIAN_PEERS = {"torch-eager", "numpy"}
# The reference lowering runs scalar loops (about 1 GFLOP/s): time one call,
# without warm-up.
UNFUSED_REPEAT = 1


def module_text(shape, act):
    T, d, f = shape
    return (f"func.func @ffn(%x: tensor<{T}x{d}xf32>, "
            f"%wg: tensor<{d}x{f}xf32>, %wv: tensor<{d}x{f}xf32>, "
            f"%wd: tensor<{f}x{d}xf32>) -> tensor<{T}x{d}xf32> {{\n"
            f"  %y = glu.ffn <{act}> %x : tensor<{T}x{d}xf32>\n"
            f"      gate(%wg : tensor<{d}x{f}xf32>) "
            f"value(%wv : tensor<{d}x{f}xf32>)\n"
            f"      down(%wd : tensor<{f}x{d}xf32>) -> tensor<{T}x{d}xf32>\n"
            f"  return %y : tensor<{T}x{d}xf32>\n}}\n")


def run(command, env=None):
    proc = subprocess.run(command, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        message = (proc.stderr.strip() or proc.stdout.strip()).splitlines()
        raise RuntimeError(message[-1] if message else
                           f"exit status {proc.returncode}")
    return proc.stdout


def time_glu(args, module, inputs, output, fused, env):
    options = "fused=true" if fused else "fused=false"
    command = [args.glu_run, module, "--entry=ffn", "--report-memory",
               f"--lowering-options={options}", f"--output={output}",
               f"--warmup={2 if fused else 0}",
               f"--repeat={args.repeat if fused else UNFUSED_REPEAT}"]
    command += [f"--input={i}={path}" for i, path in enumerate(inputs)]
    stdout = run(command, env)
    seconds = float(re.search(r"^time: (\S+) s", stdout, re.M).group(1))
    peak = int(re.search(r"^peak extra memory: (\d+)", stdout, re.M).group(1))
    return {"seconds": seconds, "peak_extra_bytes": peak,
            "output": output + "0.npy", "version": "this commit"}


def time_peer(args, peer, act, input_dir, vmfb, output, env):
    python = "/usr/bin/python3" if peer in DEBIAN_PEERS else args.venv_python
    if not os.path.exists(python):
        raise RuntimeError(f"{python} does not exist (peer not installed)")
    peer_env = dict(env)
    if peer == "numpy":
        for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
            peer_env.pop(name, None)
    command = [python, os.path.join(os.path.dirname(__file__), "peers.py"),
               peer, f"--inputs={input_dir}", f"--activation={act}",
               f"--repeat={args.repeat}", f"--output={output}"]
    if peer == "iree":
        if isinstance(vmfb, Exception):
            raise vmfb
        command.append(f"--vmfb={vmfb}")
    result = json.loads(run(command, peer_env).strip().splitlines()[-1])
    result["output"] = output
    return result


def compile_iree(args, module, tmp):
    """glu-opt --convert-glu-to-linalg, then iree-compile for this CPU."""
    linalg = os.path.join(tmp, "ffn_linalg.mlir")
    with open(linalg, "w") as f:
        f.write(run([args.glu_opt, module, "--convert-glu-to-linalg",
                     "--canonicalize", "--cse"]))
    compiler = os.path.join(os.path.dirname(args.venv_python), "iree-compile")
    if not os.path.exists(compiler):
        raise RuntimeError("iree-compile is not installed")
    vmfb = os.path.join(tmp, "ffn.vmfb")
    run([compiler, linalg, "--iree-hal-target-device=local",
         "--iree-hal-local-target-device-backends=llvm-cpu",
         "--iree-llvmcpu-target-cpu=host", "-o", vmfb])
    return vmfb


def measure(args, shape, act, arrays, expected, tmp, env):
    input_dir = os.path.join(tmp, "inputs")
    inputs = [os.path.join(input_dir, f"{name}.npy")
              for name in ("x", "wg", "wv", "wd")]
    module = os.path.join(tmp, "ffn.mlir")
    with open(module, "w") as f:
        f.write(module_text(shape, act))
    try:
        vmfb = compile_iree(args, module, tmp)
    except RuntimeError as error:
        vmfb = error
    results = {}
    for round_index in range(args.rounds):
        print(f" round {round_index + 1} of {args.rounds}", flush=True)
        for path in PATHS:
            if round_index > 0 and (path == "glu-unfused" or
                                    "failed" in results[path]):
                continue
            result = time_path(args, path, act, module, inputs, input_dir,
                               vmfb, expected, tmp, env)
            if round_index == 0:
                results[path] = result
            elif "failed" in result:
                results[path] = result
            else:
                merge_round(results[path], result)
            status = (f"{result['seconds'] * 1e3:10.3f} ms"
                      if "seconds" in result
                      else f"FAILED: {result['failed']}")
            print(f"  {path:14s} {status}", flush=True)
    return results


def time_path(args, path, act, module, inputs, input_dir, vmfb, expected,
              tmp, env):
    """One round of one path: its median time, peak memory and error."""
    output = os.path.join(tmp, f"{path}.npy")
    started = time.time()
    try:
        if path.startswith("glu-"):
            result = time_glu(args, module, inputs, os.path.join(tmp, path),
                              path == "glu-fused", env)
        else:
            result = time_peer(args, path, act, input_dir, vmfb, output, env)
        got = np.load(result.pop("output")).astype(np.float64)
        result["error"] = float(np.max(np.abs(got - expected)) /
                                np.max(np.abs(expected)))
    except (RuntimeError, ValueError, OSError) as error:
        result = {"failed": str(error)[:300]}
    result["wall_seconds"] = time.time() - started
    result["round_seconds"] = ([result["seconds"]] if "seconds" in result
                               else [])
    return result


def merge_round(result, later):
    """Folds a later round into `result`: the fastest round's median (other
    processes on the host only ever slow a round down), the largest peak
    memory and error."""
    result["round_seconds"].append(later["seconds"])
    result["seconds"] = min(result["round_seconds"])
    result["peak_extra_bytes"] = max(result["peak_extra_bytes"],
                                     later["peak_extra_bytes"])
    result["error"] = max(result["error"], later["error"])
    result["wall_seconds"] += later["wall_seconds"]


def machine_peaks(binary, env):
    return json.loads(run([binary], env).strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--glu-run", required=True)
    parser.add_argument("--glu-opt", required=True)
    parser.add_argument("--peaks", required=True,
                        help="the machine_peaks binary")
    parser.add_argument("--tile-ceiling",
                        help="the microkernel_ceiling binary (optional)")
    parser.add_argument("--venv-python", required=True)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds over all paths (the reference lowering "
                        "runs in the first only); each path reports its "
                        "fastest round's median")
    parser.add_argument("--quick", action="store_true",
                        help="3 shapes, GEGLU (erf) only")
    parser.add_argument("--out-dir", default=os.path.join(
        os.path.dirname(__file__), "results"))
    args = parser.parse_args()

    env = dict(os.environ, MALLOC_MMAP_THRESHOLD_="65536")
    peaks = machine_peaks(args.peaks, env)
    if args.tile_ceiling:
        peaks.update(machine_peaks(args.tile_ceiling, env))
    print(f"machine: {json.dumps(peaks)}", flush=True)
    shapes = QUICK_SHAPES if args.quick else SHAPES
    activations = ["gelu"] if args.quick else ACTIVATIONS
    rng = np.random.default_rng(0)
    records = []
    for shape in shapes:
        T, d, f = shape
        arrays = {"x": rng.uniform(-1, 1, (T, d)),
                  "wg": rng.uniform(-1, 1, (d, f)) / np.sqrt(d),
                  "wv": rng.uniform(-1, 1, (d, f)) / np.sqrt(d),
                  "wd": rng.uniform(-1, 1, (f, d)) / np.sqrt(f)}
        arrays = {k: v.astype(np.float32) for k, v in arrays.items()}
        with tempfile.TemporaryDirectory() as tmp:
            os.makedirs(os.path.join(tmp, "inputs"))
            for name, array in arrays.items():
                np.save(os.path.join(tmp, "inputs", f"{name}.npy"), array)
            for act in activations:
                print(f"T={T} d={d} f={f} {act}", flush=True)
                expected = glu_reference.ffn(
                    arrays["x"].astype(np.float64), act,
                    arrays["wd"].astype(np.float64), None,
                    gate_weight=arrays["wg"].astype(np.float64),
                    value_weight=arrays["wv"].astype(np.float64))
                records.append({"shape": shape, "activation": act,
                                "results": measure(args, shape, act, arrays,
                                                   expected, tmp, env)})
    os.makedirs(args.out_dir, exist_ok=True)
    with open(os.path.join(args.out_dir, "results.json"), "w") as f:
        json.dump({"machine": peaks, "rounds": args.rounds,
                   "records": records}, f, indent=1)
    report = render(peaks, records, args.rounds)
    with open(os.path.join(args.out_dir, "results.md"), "w") as f:
        f.write(report)
    print(report)
    plot(records, os.path.join(args.out_dir, "gflops.png"))
    return 0


def render(peaks, records, rounds):
    """The markdown table of all records."""
    lines = [
        f"Machine (measured in the same run): {peaks['threads']} threads, "
        f"fp32 FMA peak {peaks['fma_gflops_all']:.0f} GFLOP/s "
        f"({peaks['fma_gflops_1']:.0f} on 1 core), triad bandwidth "
        f"{peaks['triad_gbs_all']:.1f} GB/s ({peaks['triad_gbs_1']:.1f} on 1 "
        f"core)." + (
            f" The 6 x 64 register tile of glu-fused alone, in L1, reaches "
            f"{peaks['tile_gflops_1']:.0f} GFLOP/s on 1 core "
            f"({peaks['tile_gflops_1'] / peaks['fma_gflops_1'] * 100:.0f}% "
            f"of its FMA peak): bench/microkernel_ceiling.c."
            if "tile_gflops_1" in peaks else ""), "",
        f"`ms`: the median of a path's calls in its fastest of {rounds} "
        "rounds over all paths (the reference lowering, glu-unfused: one "
        "call). GFLOP/s = 6 T d f / that time. `% peak`: of the FMA peak, "
        "or for T = 1 of the triad bandwidth moving the 3 d f fp32 weights. "
        "`vs fused`: this path's time / glu-fused's time (> 1: glu-fused "
        "is faster). `extra MiB`: peak resident memory the timed calls "
        "add, output included. `error`: max|y - ref| / max|ref| against "
        "float64.", "",
        "| T | d | f | act | path | ms | GFLOP/s | % peak | vs fused | "
        "extra MiB | error |",
        "|---|---|---|---|---|---|---|---|---|---|---|"]
    for record in records:
        T, d, f = record["shape"]
        fused = record["results"]["glu-fused"].get("seconds")
        flops = 6.0 * T * d * f
        for path in PATHS:
            result = record["results"][path]
            prefix = f"| {T} | {d} | {f} | {record['activation']} | {path} |"
            if "seconds" not in result:
                lines.append(prefix + " failed: " +
                             result["failed"].replace("|", "/") +
                             " | | | | | |")
                continue
            seconds = result["seconds"]
            if T == 1:
                percent = (3.0 * d * f * 4 / seconds / 1e9 /
                           peaks["triad_gbs_all"] * 100)
                percent_text = f"{percent:.0f}% bw"
            else:
                percent = flops / seconds / 1e9 / peaks["fma_gflops_all"] * 100
                percent_text = f"{percent:.0f}%"
            ratio = f"{seconds / fused:.2f}" if fused else "-"
            lines.append(
                prefix + f" {seconds * 1e3:.3f} | {flops / seconds / 1e9:.1f} |"
                f" {percent_text} | {ratio} |"
                f" {result['peak_extra_bytes'] / 2**20:.1f} |"
                f" {result['error']:.1e} |")
    lines += ["", "Fastest peer per shape and activation, and glu-fused's "
              "speedup over it:", "",
              "| T | d | f | act | fastest peer | speedup |", "|---|---|---|---|---|---|"]
    for record in records:
        T, d, f = record["shape"]
        timed = {p: r["seconds"] for p, r in record["results"].items()
                 if "seconds" in r and p in PEERS}
        fused = record["results"]["glu-fused"].get("seconds")
        if not timed or not fused:
            continue
        best = min(timed, key=timed.get)
        lines.append(f"| {T} | {d} | {f} | {record['activation']} | {best} | "
                     f"{timed[best] / fused:.2f}x |")
    versions = {}
    for record in records:
        for path, result in record["results"].items():
            if "version" in result:
                versions[path] = result["version"]
    lines += ["", "Versions: " + ", ".join(
        f"{path} {version}" for path, version in sorted(versions.items()))]
    return "\n".join(lines) + "\n"


def plot(records, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no plot")
        return
    acts = sorted({r["activation"] for r in records})
    figure, axes = plt.subplots(len(acts), 1, figsize=(12, 4 * len(acts)),
                                squeeze=False)
    for axis, act in zip(axes[:, 0], acts):
        chosen = [r for r in records if r["activation"] == act]
        labels = ["T={} d={} f={}".format(*r["shape"]) for r in chosen]
        width = 0.8 / len(PATHS)
        for i, name in enumerate(PATHS):
            values = []
            for r in chosen:
                result = r["results"][name]
                T, d, f = r["shape"]
                values.append(6.0 * T * d * f / result["seconds"] / 1e9
                              if "seconds" in result else 0.0)
            axis.bar(np.arange(len(chosen)) + i * width, values, width,
                     label=name)
        axis.set_xticks(np.arange(len(chosen)) + 0.4 - width / 2)
        axis.set_xticklabels(labels, fontsize=8)
        axis.set_ylabel("GFLOP/s")
        axis.set_title(f"gated FFN, fp32, {act}")
        axis.legend(fontsize=7, ncol=4)
    figure.tight_layout()
    figure.savefig(path, dpi=90)


if __name__ == "__main__":
    sys.exit(main())
