#!/usr/bin/env bash
# glu's checks on a machine with an NVIDIA GPU and its driver:
#   1. the lit tests that require `cuda-driver` (test/Integration/*-gpu.mlir),
#      every RUN line as its own process, all at once;
#   2. python/tests/test_gpu.py, where build/python_packages has the _glu
#      extension for this machine's Python (gpu-bundle.sh --python), with
#      build/pydeps (pytest) on the path where the machine has no pytest;
#   3. bench/gpu_bench.py: the fused FFN against PyTorch's cuBLAS path;
#   4. with --profile-args, bench/gpu_profile.py: each kernel under ncu.
# Logs and results go to OUT_DIR (tests.log, python-gpu.log, gpu-results.md
# and .json, bench.log, profile.md). Exit status: 1 if a test failed.
# It also saves the C headers of the machine's Python (python-include.tar.gz,
# where they are installed): with them, glu's Python extension can be built
# here for that Python's version, to run python/tests/test_gpu.py there.
#
#   scripts/gpu-check.sh [--bundle FILE.tar.xz] [--skip-lit] [--skip-bench]
#                        [--lit-filter REGEX] [--bench-args "ARGS"]
#                        [--profile-args "ARGS"] OUT_DIR
#
# On a machine where scripts/setup.sh has built glu, no bundle is needed.
# Elsewhere --bundle (scripts/gpu-bundle.sh) unpacks the build's tools into
# build/ and, as root, LLVM/MLIR 22's libraries into /usr/lib/llvm-22/lib
# and the dependencies the system lacks into /usr/local/lib/glu-deps.
# --lit-filter runs only the tests whose path REGEX matches (Python re).
# --bench-args is split at spaces: several kernel variants in one run are
# e.g. "--glu-options= --glu-options=split-blocks=528" (see gpu_bench.py);
# --profile-args likewise, e.g. "--shapes 1x4096x11008 --dtypes f16".
# GLU_TEST_TIMEOUT (seconds, default 600) bounds each part of the tests
# (the RUN lines, then test_gpu.py); a RUN line cut by it counts as failed.
# PYTHON (default: python3) runs the tests' scripts and the benchmark; it
# needs NumPy, and PyTorch with CUDA for the benchmark's peer.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
python=${PYTHON:-python3}
bundle="" lit=1 lit_filter="" bench=1 bench_args="" profile_args=""
while [ $# -gt 1 ]; do
  case $1 in
    --bundle) bundle=$(realpath "$2"); shift 2 ;;
    --skip-lit) lit=0; shift ;;
    --lit-filter) lit_filter=$2; shift 2 ;;
    --skip-bench) bench=0; shift ;;
    --bench-args) bench_args=$2; shift 2 ;;
    --profile-args) profile_args=$2; shift 2 ;;
    *) break ;;
  esac
done
[ $# -eq 1 ] || { sed -n '2,20p' "$0" >&2; exit 2; }
out=$(realpath -m "$1")
mkdir -p "$out"

install_bundle() {
  local stage
  stage=$(mktemp -d)
  tar -C "$stage" -xJf "$bundle" || return 1
  mkdir -p "$root/build" /usr/lib/llvm-22/lib /usr/local/lib/glu-deps
  cp -a "$stage/build/." "$root/build/"
  local lib
  for lib in "$stage"/usr/lib/llvm-22/lib/*; do
    [ -e "/usr/lib/llvm-22/lib/$(basename "$lib")" ] ||
      cp -a "$lib" /usr/lib/llvm-22/lib/
  done
  # glu-run's default path of the CUDA runtime library is the build folder
  # it was built in.
  local built
  built=$(cat "$stage/build-dir")
  if [ "$built" != "$root/build" ] && [ ! -e "$built" ]; then
    mkdir -p "$(dirname "$built")" && ln -s "$root/build" "$built"
  fi
  ldconfig -p >"$stage/known"
  for lib in "$stage"/deps/*; do
    grep -q "^[[:space:]]*$(basename "$lib") " "$stage/known" ||
      cp "$lib" /usr/local/lib/glu-deps/
  done
  echo /usr/local/lib/glu-deps >/etc/ld.so.conf.d/glu-deps.conf
  ldconfig
  echo "installed from the bundle: $(ls /usr/local/lib/glu-deps | xargs)"
  rm -rf "$stage"
}

{
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv
  "$python" -c 'import sys, numpy; print(sys.version.split()[0], "numpy",
                numpy.__version__)'
} 2>&1 | tee "$out/machine.txt"
include=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
if [ -f "$include/Python.h" ]; then
  tar -C "$(dirname "$include")" -czf "$out/python-include.tar.gz" \
    "$(basename "$include")"
fi
if [ -n "$bundle" ]; then
  install_bundle 2>&1 | tee "$out/install.log" || exit 1
fi
"$root/build/bin/glu-run" --version >/dev/null || exit 1

# Each RUN line of the tests that require cuda-driver, with lit's
# substitutions for them, run as separate processes.
# A run still going when GLU_TEST_TIMEOUT runs out is killed and counts as
# failed (TIMEOUT), with what it printed so far.
status=0
if [ $lit -eq 1 ]; then
PYTHONUNBUFFERED=1 "$python" - "$root" "$python" "$out/tests.log" \
  "${GLU_TEST_TIMEOUT:-600}" "$lit_filter" <<'EOF' || status=1
import concurrent.futures, os, pathlib, re, signal, subprocess, sys, time
root, python, log = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
deadline = time.monotonic() + float(sys.argv[4])
tests = sorted(p for p in (root / "test").rglob("*.mlir")
               if "REQUIRES: cuda-driver" in p.read_text() and
               re.search(sys.argv[5], str(p.relative_to(root))))
runs = []
for test in tests:
    for line in re.findall(r"^// RUN: (.*)$", test.read_text(), re.M):
        for key, value in (("%python", python), ("%S", str(test.parent)),
                           ("%glu_run", str(root / "build/bin/glu-run"))):
            line = line.replace(key, value)
        line = re.sub(r"(?<![\w/-])glu-opt\b",
                      str(root / "build/bin/glu-opt"), line)
        runs.append((test.relative_to(root), line))
def run(item):
    """(item, status, output) of one RUN line, killed at the deadline."""
    proc = subprocess.Popen(item[1], shell=True, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    try:
        output, _ = proc.communicate(
            timeout=max(deadline - time.monotonic(), 0))
        return item, "PASS" if proc.returncode == 0 else "FAIL", output
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        return item, "TIMEOUT", proc.communicate()[0]
failed = 0
with open(log, "w") as out, concurrent.futures.ThreadPoolExecutor(
        os.cpu_count()) as pool:
    for (test, line), status, output in pool.map(run, runs):
        failed += status != "PASS"
        tail = output.strip().splitlines()
        print(f"{status}: {test}: {tail[-1] if tail else ''}")
        if status == "TIMEOUT":
            print(f"  $ {line}")
        out.write(f"{status}: {test}\n$ {line}\n{output}\n")
        out.flush()
print(f"{len(runs) - failed} passed, {failed} failed")
sys.exit(1 if failed or not runs else 0)
EOF
fi

# The bundle's pytest only where the machine has none: an older pytest
# breaks the plugins installed beside a newer one.
python_path="$root/build/python_packages"
"$python" -c "import pytest" 2>/dev/null ||
  python_path="$python_path:$root/build/pydeps"
if PYTHONPATH="$python_path" "$python" -c "import glu" 2>/dev/null; then
  PYTHONPATH="$python_path" timeout "${GLU_TEST_TIMEOUT:-600}" \
    "$python" -m pytest -v -p no:cacheprovider "$root/python/tests/test_gpu.py" \
    >"$out/python-gpu.log" 2>&1 || status=1
  echo "python/tests/test_gpu.py: $(tail -n 1 "$out/python-gpu.log")"
else
  echo "python/tests/test_gpu.py: not run, no _glu extension for" \
    "$("$python" --version 2>&1) (scripts/gpu-bundle.sh --python)" |
    tee "$out/python-gpu.log"
fi

if [ $bench -eq 1 ]; then
  # shellcheck disable=SC2086
  PYTHONUNBUFFERED=1 "$python" "$root/bench/gpu_bench.py" \
    --glu-run "$root/build/bin/glu-run" --torch-python "$python" \
    --out-dir "$out" $bench_args 2>&1 | tee "$out/bench.log"
fi
if [ -n "$profile_args" ]; then
  # shellcheck disable=SC2086
  PYTHONUNBUFFERED=1 "$python" "$root/bench/gpu_profile.py" \
    --glu-run "$root/build/bin/glu-run" --out "$out/profile.md" \
    $profile_args >/dev/null 2>&1 || echo "gpu_profile.py failed"
fi
exit $status
