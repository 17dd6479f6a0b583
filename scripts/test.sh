#!/usr/bin/env bash
# Builds glu (installing what it needs) and runs every test: the lit suite
# under test/. Ends with the line `N passed, N failed` and exits non-zero if
# anything failed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${GLU_BUILD_DIR:-$root/build}

"$root/scripts/setup.sh" mlir-doc

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
/usr/lib/llvm-22/bin/lit -v "$build/test" 2>&1 | tee "$log"
lit_status=${PIPESTATUS[0]}
set -e

# lit's summary: "  Passed: 12 (100.00%)", "  Failed: 1 (7.69%)", ...
count() { sed -n "s/^ *$1: *\([0-9][0-9]*\).*/\1/p" "$log" | head -n 1 | grep . || echo 0; }
passed=$(( $(count Passed) + $(count "Expectedly Failed") ))
failed=$(( $(count Failed) + $(count "Unexpectedly Passed") + $(count "Timed Out") ))
if [ "$lit_status" != 0 ] && [ "$failed" = 0 ]; then
  failed=1 # lit itself failed (e.g. a configuration error)
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
