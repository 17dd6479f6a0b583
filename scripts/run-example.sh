#!/usr/bin/env bash
# The main job: builds glu (installing what it needs), prints an example's IR
# before and after convert-glu-to-linalg, then compiles it for this CPU
# (glu-lower-to-llvm-cpu, JIT) and runs it on seeded random inputs: prints the
# checksum, the max error against the float64 NumPy reference and the wall
# time of the call.
#
#   scripts/run-example.sh [file.mlir] [--tokens N]
#                                   (default: examples/geglu_ffn.mlir, N = 64)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${GLU_BUILD_DIR:-$root/build}
input=$root/examples/geglu_ffn.mlir
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then
  input=$1
  shift
fi

"$root/scripts/setup.sh"

echo "== $input: glu ops"
"$build/bin/glu-opt" "$input"
echo "== after convert-glu-to-linalg, canonicalize, cse"
"$build/bin/glu-opt" "$input" \
  --pass-pipeline='builtin.module(convert-glu-to-linalg,canonicalize,cse)'
echo "== compiled for this CPU and run (glu-run)"
/usr/bin/python3 "$root/utils/run_example.py" "$input" \
  --glu-run "$build/bin/glu-run" "$@"
