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
#
#   scripts/gpu-bundle.sh OUTPUT.tar.xz
#
# Environment: GLU_BUILD_DIR (default: <repo>/build), built with
# scripts/setup.sh.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 OUTPUT.tar.xz" >&2; exit 2; }
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

tar -C "$stage" -cf - . | xz -T0 -9 >"$output"
echo "$output: $(du -h "$output" | cut -f1)"
