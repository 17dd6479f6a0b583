#!/usr/bin/env bash
# The gated-FFN benchmark, from a fresh clone: builds glu, installs the peers
# and runs bench/ffn_bench.py, which writes bench/results/{results.md,
# results.json,gflops.png}. Not part of the test run.
#
#   bench/run.sh [--quick] [--repeat N] [--rounds N]
#
# Peers: PyTorch 1.13 eager and NumPy + OpenBLAS from Debian (run by
# /usr/bin/python3); torch.compile (PyTorch 2), JAX and IREE from PyPI, in a
# venv at bench/.venv created with the `python3` on PATH (pyenv). A peer whose
# install fails is reported as failed in the results.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${GLU_BUILD_DIR:-$root/build}
"$root/scripts/setup.sh" || exit 1

packages=(python3-torch python3-scipy python3-matplotlib libopenblas0-pthread)
"$root/scripts/install-packages.sh" "${packages[@]}" ||
  echo "bench: apt-get failed; those peers will fail"

mkdir -p "$build/bench"
clang-22 -O3 -march=native -fopenmp "$root/bench/machine_peaks.c" \
  -o "$build/bench/machine_peaks" || exit 1
clang-22 -O3 -march=native "$root/bench/microkernel_ceiling.c" \
  -o "$build/bench/microkernel_ceiling" || exit 1

venv=$root/bench/.venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" || echo "bench: no venv; PyPI peers will fail"
fi
for requirement in iree-base-compiler iree-base-runtime "jax[cpu]" torch; do
  "$venv/bin/pip" install -q "$requirement" ||
    echo "bench: pip install $requirement failed; that peer will fail"
done

exec /usr/bin/python3 "$root/bench/ffn_bench.py" \
  --glu-run "$build/bin/glu-run" --glu-opt "$build/bin/glu-opt" \
  --peaks "$build/bench/machine_peaks" \
  --tile-ceiling "$build/bench/microkernel_ceiling" \
  --venv-python "$venv/bin/python" "$@"
