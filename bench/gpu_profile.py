"""Where glu's GPU kernels spend their time: Nsight Compute (ncu) on one call
of the benchmark's fused FFN, a row per kernel launch.

    python3 bench/gpu_profile.py --glu-run build/bin/glu-run \
        [--ncu NCU] [--shapes TxDxF,...] [--dtypes f16,f32]
        [--glu-options OPTIONS] [--stalls] [--out FILE]

For each shape and element type it runs glu-run --target=nvvm
--device-resident (the module and options of bench/gpu_bench.py, one call,
no warm-up) under ncu, and prints each launch's grid, block, registers per
thread, duration, DRAM bytes read, DRAM and SM throughput (% of the peak
sustained over the kernel's time) and active warps (% of the SM's maximum).
ncu runs with --clock-control none (the clocks the benchmark sees) and its
default cache control (caches flushed before each kernel). With --stalls, a
second ncu run per shape collects the WarpStateStats and SchedulerStats
sections (whose metric names vary between ncu versions: the script takes
whatever stall columns they report) and prints, per launch, the share of
cycles in which a scheduler issued and the 4 largest stall reasons: warps
stalled for that reason per issued instruction or, where ncu gives no such
ratio, the share of active warps stalled so (with a %); "selected" (the
warp that issued) is not a stall. --out also keeps ncu's raw CSV. Needs a GPU, its driver and ncu; not part of the test run.
"""

import argparse
import contextlib
import csv
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

from gpu_bench import module_text

# ncu metric, column, and how its value (in base units) is shown.
WHOLE, TENTHS = "{:.0f}".format, "{:.1f}".format
METRICS = [
    ("launch__grid_size", "grid", WHOLE),
    ("launch__block_size", "block", WHOLE),
    ("launch__registers_per_thread", "regs", WHOLE),
    ("gpu__time_duration.sum", "us", lambda ns: TENTHS(ns / 1e3)),
    ("dram__bytes_read.sum", "MB read", lambda b: TENTHS(b / 1e6)),
    ("dram__throughput.avg.pct_of_peak_sustained_elapsed", "dram %", TENTHS),
    ("sm__throughput.avg.pct_of_peak_sustained_elapsed", "sm %", TENTHS),
    ("sm__warps_active.avg.pct_of_peak_sustained_active", "warps %", TENTHS),
]


def find_ncu():
    found = [shutil.which("ncu")] + sorted(
        glob.glob("/opt/nvidia/nsight-compute/*/ncu") +
        glob.glob("/usr/local/cuda*/bin/ncu"))
    found = [path for path in found if path]
    if not found:
        sys.exit("gpu_profile.py: no ncu on PATH or under "
                 "/opt/nvidia/nsight-compute or CUDA (--ncu)")
    return found[0]


def launches(ncu_csv):
    """{launch id: {"name": kernel, metric name: value}} from ncu's CSV (in
    base units), skipping the lines that glu-run and ncu print around it."""
    lines = [line for line in ncu_csv.splitlines() if line.startswith('"')]
    kernels = {}
    for row in csv.DictReader(lines):
        kernel = kernels.setdefault(row["ID"], {"name": row["Kernel Name"]})
        try:
            kernel[row["Metric Name"]] = float(
                row["Metric Value"].replace(",", ""))
        except ValueError:  # "n/a"
            pass
    return kernels


# The stall reasons of the WarpStateStats section: warps stalled for a reason
# per issued instruction ("ratio"), or else the share of active warps that
# are ("pct"); and the issue slots used (SchedulerStats).
STALL = re.compile(r"issue_stalled_(\w+?)_per_(issue_active\.ratio|"
                   r"warp_active\.pct)$")
ISSUE_ACTIVE = "smsp__issue_active.avg.pct_of_peak_sustained_active"
STALL_SECTIONS = ["--section", "WarpStateStats", "--section",
                  "SchedulerStats", "--page", "raw"]


def stall_rows(ncu_csv):
    """[(launch id, kernel, issue %, [(reason, value), ...] largest first,
    unit)] from ncu's raw page (a row per launch, a column per metric, a
    row of units under the names): the per-issue ratios (unit ""), or the
    percentages of active warps ("%") where a launch has no ratio."""
    lines = [line for line in ncu_csv.splitlines() if line.startswith('"')]
    rows = list(csv.DictReader(lines))[1:]
    result = []
    for row in rows:
        ratios, percentages = {}, {}
        for name, value in row.items():
            match = STALL.search(name or "")
            if not match or match.group(1) == "selected":
                continue
            try:
                number = float(value.replace(",", ""))
            except (AttributeError, ValueError):
                continue
            kind = ratios if match.group(2).endswith("ratio") else percentages
            kind[match.group(1)] = number
        reasons, unit = (ratios, "") if ratios else (percentages, "%")
        top = sorted(reasons.items(), key=lambda item: -item[1])[:4]
        result.append((row.get("ID", "?"), row.get("Kernel Name", "?"),
                       row.get(ISSUE_ACTIVE, "-"), top, unit))
    return result


def stall_table(rows):
    lines = ["| id | kernel | issue active % | largest stalls (warps per "
             "issue, or % of active warps) |",
             "|---|---|---|---|"]
    for launch, kernel, issue, top, unit in rows:
        stalls = ", ".join(f"{reason} {value:.2f}{unit}"
                           for reason, value in top)
        lines.append(f"| {launch} | {kernel} | {issue} | {stalls or '-'} |")
    return "\n".join(lines)


def table(kernels):
    header = ["id", "kernel"] + [column for _, column, _ in METRICS]
    lines = ["| " + " | ".join(header) + " |",
             "|" + "---|" * len(header)]
    for launch, kernel in kernels.items():
        cells = [launch, kernel["name"]]
        for metric, _, show in METRICS:
            value = kernel.get(metric)
            cells.append("-" if value is None else show(value))
        lines.append("| " + " | ".join(cells) + " |")
    total = sum(k.get("gpu__time_duration.sum", 0) for k in kernels.values())
    lines.append(f"\nkernels' total: {total / 1e3:.1f} us")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--glu-run", required=True)
    parser.add_argument("--ncu", help="default: ncu on PATH, else under "
                        "/opt/nvidia/nsight-compute or /usr/local/cuda*")
    parser.add_argument("--shapes", default="1x4096x11008,2048x4096x11008")
    parser.add_argument("--dtypes", default="f16,f32")
    parser.add_argument("--glu-options", default="")
    parser.add_argument("--stalls", action="store_true",
                        help="also each launch's stall reasons (a second "
                        "ncu run per shape)")
    parser.add_argument("--out", help="also write the tables and ncu's CSV")
    args = parser.parse_args()
    ncu = args.ncu or find_ncu()
    with (open(args.out, "w") if args.out else contextlib.nullcontext()) \
            as report, tempfile.TemporaryDirectory() as tmp:
        module = os.path.join(tmp, "ffn.mlir")
        for shape in args.shapes.split(","):
            for dtype in args.dtypes.split(","):
                with open(module, "w") as f:
                    f.write(module_text(tuple(map(int, shape.split("x"))),
                                        dtype))
                run = [args.glu_run, module, "--target=nvvm",
                       "--device-resident",
                       f"--lowering-options=chip=sm_80 {args.glu_options}",
                       "--scale=0.1"]
                title = f"## {shape} {dtype} {args.glu_options}".rstrip()
                passes = [(title, ["--metrics",
                                   ",".join(m for m, _, _ in METRICS)],
                           lambda out: table(launches(out)))]
                if args.stalls:
                    passes.append((f"{title}: stalls", STALL_SECTIONS,
                                   lambda out: stall_table(stall_rows(out))))
                for heading, ncu_args, show in passes:
                    done = subprocess.run(
                        [ncu, "--clock-control", "none", "--csv",
                         "--print-units", "base"] + ncu_args + run,
                        capture_output=True, text=True)
                    if done.returncode != 0:
                        text = (f"{heading}\nfailed: "
                                f"{(done.stderr or done.stdout)[-2000:]}")
                    else:
                        text = f"{heading}\n\n{show(done.stdout)}"
                    print(text + "\n", flush=True)
                    if report:
                        report.write(f"{text}\n\n```\n{done.stdout}```\n\n")
                        report.flush()


if __name__ == "__main__":
    main()
