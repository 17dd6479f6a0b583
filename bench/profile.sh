#!/usr/bin/env bash
# Where glu-fused spends its time on one benchmark shape: perf samples of the
# JIT-compiled function (LLVM's perf JIT listener writes a jitdump that
# `perf inject --jit` resolves), summed over 128-byte ranges of its code so
# that each hot loop shows as one block, then the hottest instructions.
# Not part of the test run; needs `perf` (linux-perf) and a build (scripts/setup.sh).
#
#   bench/profile.sh T D F [ACTIVATION] [THREADS]   # e.g. 2048 1024 4096 swish 1
#
# Options of the fused lowering can be tried with GLU_LOWERING_OPTIONS (for
# example 'hidden-tile=256'); the time printed is glu-run's median of
# GLU_PROFILE_REPEAT calls (default 20; give small shapes more, or most
# samples are of the JIT compilation).
# GLU_PROFILE_ANNOTATION=FILE keeps the whole annotated assembly;
# GLU_PROFILE_FUNCTIONS=N lists the N functions with most samples (default 5).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${GLU_BUILD_DIR:-$root/build}
tokens=$1 depth=$2 hidden=$3 activation=${4:-swish} threads=${5:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 - "$root/bench" "$work" "$tokens" "$depth" "$hidden" \
  "$activation" <<'EOF'
import sys
import numpy as np
sys.path.insert(0, sys.argv[1])
from ffn_bench import module_text
work, T, d, f, act = sys.argv[2], *map(int, sys.argv[3:6]), sys.argv[6]
with open(f"{work}/ffn.mlir", "w") as out:
    out.write(module_text((T, d, f), act))
rng = np.random.default_rng(0)
for i, shape in enumerate([(T, d), (d, f), (d, f), (f, d)]):
    array = rng.standard_normal(shape) / np.sqrt(shape[0])
    np.save(f"{work}/input{i}.npy", array.astype(np.float32))
EOF

cd "$work"
OMP_NUM_THREADS=$threads perf record -q -k 1 -o perf.data \
  "$build/bin/glu-run" ffn.mlir --entry=ffn --warmup=2 --repeat=${GLU_PROFILE_REPEAT:-20} \
  --lowering-options="num-threads=$threads ${GLU_LOWERING_OPTIONS:-}" \
  --input=0=input0.npy --input=1=input1.npy --input=2=input2.npy \
  --input=3=input3.npy | grep '^time:'
perf inject --jit -i perf.data -o perf.jit.data
echo "== share of samples by function"
perf report -q -i perf.jit.data --sort=sym --stdio 2>/dev/null | sed -n 1,${GLU_PROFILE_FUNCTIONS:-5}p
# With several threads the loops are in the outlined OpenMP region.
function=ffn
[ "$threads" = 1 ] || function=ffn..omp_par
perf annotate -i perf.jit.data "$function" --stdio 2>/dev/null >annotate.txt
[ -z "${GLU_PROFILE_ANNOTATION:-}" ] || cp annotate.txt "$GLU_PROFILE_ANNOTATION"
echo "== share of ffn's samples by 128-byte range of its code (>= 1%)"
/usr/bin/python3 - annotate.txt <<'EOF'
import collections, re, sys
ranges, lines = collections.Counter(), []
for line in open(sys.argv[1]):
    m = re.match(r"\s+(\d+\.\d+)\s*:\s+([0-9a-f]+):\s+(.*)", line)
    if m:
        share, address = float(m.group(1)), int(m.group(2), 16)
        ranges[address // 128 * 128] += share
        lines.append((share, address, m.group(3).strip()))
for start in sorted(ranges):
    if ranges[start] >= 1.0:
        print(f"  {start:#7x}  {ranges[start]:5.1f}%")
print("== hottest instructions")
for share, address, text in sorted(lines, reverse=True)[:15]:
    print(f"  {share:5.2f}%  {address:#7x}  {text}")
EOF
