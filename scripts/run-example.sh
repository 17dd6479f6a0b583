#!/usr/bin/env bash
# The main job: builds glu (installing what it needs), then runs glu-opt on an
# example and prints the IR after lowering, as far as the project goes today
# (glu ops -> linalg on tensors).
#
#   scripts/run-example.sh [file.mlir]     (default: examples/geglu_ffn.mlir)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${GLU_BUILD_DIR:-$root/build}
input=${1:-$root/examples/geglu_ffn.mlir}

"$root/scripts/setup.sh"

echo "== $input: glu ops"
"$build/bin/glu-opt" "$input"
echo "== after convert-glu-to-linalg, canonicalize, cse"
"$build/bin/glu-opt" "$input" \
  --pass-pipeline='builtin.module(convert-glu-to-linalg,canonicalize,cse)'
