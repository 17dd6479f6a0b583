#!/usr/bin/env bash
# Packs what the built glu-opt and glu-run need at run time into one archive,
# for running the GPU checks (scripts/gpu-check.sh) on an x86-64 machine that
# has an NVIDIA GPU and driver but not Debian's LLVM 22 packages, such as a
# CUDA container (glibc 2.36 or newer there):
#   build/bin/{glu-opt,glu-run}, build/lib/libglu_cuda_runtime.so;
#   usr/lib/llvm-22/lib/: libMLIR, libLLVM and the runner libraries that
#     glu-run loads for --target=nvvm (MLIR's runner utilities, libomp);
#   deps/: their shared libraries other than glibc's, libstdc++ and
#     libgcc_s, which gpu-check.sh installs only where the machine lacks them;
#   build-dir: the build folder's path here, which glu-run has compiled in
#     (the CUDA runtime library's default path).
# With --python PYTHON (a CPython 3 with its headers, such as pyenv's 3.12
# for a machine whose Python is 3.12), also the Python package for it, to
# run python/tests/test_gpu.py there (gpu-check.sh does):
#   build/python_packages/glu: the package, with the _glu extension built
#     for PYTHON too (a venv of it in build/python-venvs/ gives PyPI's
#     pybind11, which works with NumPy 1 and 2, and the build keeps it as
#     GLU_PYTHON_EXTRA_INTERPRETERS);
#   build/pydeps: pytest from PyPI for PYTHON;
#   build/test/mock-cuda-driver: the stand-in driver that test uses.
#
#   scripts/gpu-bundle.sh [--python PYTHON] OUTPUT.tar.xz
#
# Environment: GLU_BUILD_DIR (default: <repo>/build), built with
# scripts/setup.sh.
set -euo pipefail

python=""
if [ $# -eq 3 ] && [ "$1" = --python ]; then
  python=$2
  shift 2
fi
[ $# -eq 1 ] || { echo "usage: $0 [--python PYTHON] OUTPUT.tar.xz" >&2; exit 2; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${GLU_BUILD_DIR:-$root/build}" && pwd)
llvm_lib=/usr/lib/llvm-22/lib
output=$(realpath -m "$1")

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/build/bin" "$stage/build/lib" "$stage$llvm_lib" "$stage/deps"

tools=("$build/bin/glu-opt" "$build/bin/glu-run")
cp "${tools[@]}" "$stage/build/bin/"
cp "$build/lib/libglu_cuda_runtime.so" "$stage/build/lib/"
echo "$build" >"$stage/build-dir"

# The libraries under /usr/lib/llvm-22/lib, each under its real file's name
# with the names that point to it as links beside it.
llvm_libs=(libMLIR.so libLLVM.so libmlir_runner_utils.so
           libmlir_c_runner_utils.so libmlir_float16_utils.so
           libmlir_apfloat_wrappers.so libomp.so)
for name in "${llvm_libs[@]}"; do
  real=$(readlink -f "$llvm_lib/$name")
  soname=$(objdump -p "$real" | awk '$1 == "SONAME" { print $2 }')
  cp "$real" "$stage$llvm_lib/$soname"
  for alias in "$name" "$(basename "$real")"; do
    [ "$alias" = "$soname" ] || ln -sf "$soname" "$stage$llvm_lib/$alias"
  done
done

# Everything else they load, but the C and C++ runtimes, which a newer system
# provides compatibly.
ldd "${tools[@]}" "$stage$llvm_lib"/*.so.* |
  awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 }' | sort -u |
  while read -r name path; do
    case $name in
      libc.so.*|libm.so.*|libdl.so.*|librt.so.*|libpthread.so.*|\
      ld-linux*|libstdc++.so.*|libgcc_s.so.*) ;;
      lib*.so.*) [ -e "$stage$llvm_lib/$name" ] ||
                 cp "$(readlink -f "$path")" "$stage/deps/$name" ;;
    esac
  done

if [ -n "$python" ]; then
  version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  venv=$build/python-venvs/$version
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install -q pybind11
  cmake -DGLU_PYTHON_EXTRA_INTERPRETERS="$venv/bin/python" "$build" >/dev/null
  ninja -C "$build" glu-python glu_mock_cuda_driver
  suffix=$("$venv/bin/python" -c \
    'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))')
  mkdir -p "$stage/build/python_packages/glu" "$stage/build/test"
  cp "$build"/python_packages/glu/*.py "$build/python_packages/glu/_glu$suffix" \
    "$stage/build/python_packages/glu/"
  cp -a "$build/test/mock-cuda-driver" "$stage/build/test/"
  # pytest 8.4 and later need Pygments (a MiB more in an archive that must
  # stay under the device tool's 64 MiB).
  "$venv/bin/python" -m pip install -q --no-compile \
    --target "$stage/build/pydeps" "pytest<8.4"
fi

tar -C "$stage" -cf - . | xz -T0 -9 >"$output"
echo "$output: $(du -h "$output" | cut -f1)"
