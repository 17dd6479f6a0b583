#!/usr/bin/env bash
# Installs what glu needs from Debian's packages (only what is missing), then
# configures and builds it with CMake + Ninja + clang-22 + lld + ccache.
# Idempotent: a second run only rebuilds what changed.
#
#   scripts/setup.sh [extra ninja targets...]
#
# Environment: GLU_BUILD_DIR (default: <repo>/build).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${GLU_BUILD_DIR:-$root/build}
llvm=/usr/lib/llvm-22

packages=(llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools clang-22 lld-22
          libomp-22-dev cmake ninja-build ccache python3-numpy python3-dev
          pybind11-dev python3-pytest)

"$root/scripts/install-packages.sh" "${packages[@]}"

export CCACHE_BASEDIR=$root
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH=$llvm \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_USE_LINKER=lld \
    -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
    -DLLVM_EXTERNAL_LIT=$llvm/bin/lit \
    -DPython3_EXECUTABLE=/usr/bin/python3 >/dev/null
fi
# Two cores and 24 GiB: at most two compile jobs.
ninja -C "$build" -j 2 glu-opt glu-run glu_cuda_runtime "$@"
