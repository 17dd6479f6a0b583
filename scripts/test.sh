#!/usr/bin/env bash
# Builds glu (installing what it needs) and runs every test: the lit suite
# under test/, then the Python package's pytest suite under python/tests
# (Debian's /usr/bin/python3). Ends with the line `N passed, N failed`
# counting both, and exits non-zero if anything failed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${GLU_BUILD_DIR:-$root/build}

"$root/scripts/setup.sh" mlir-doc glu-python glu_mock_cuda_driver
# Test-only: glu.torch's tests compare against Debian's PyTorch.
"$root/scripts/install-packages.sh" python3-torch

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
/usr/lib/llvm-22/bin/lit -v "$build/test" 2>&1 | tee "$log"
lit_status=${PIPESTATUS[0]}
set -e

# lit's summary: "  Passed: 12 (100.00%)", "  Failed: 1 (7.69%)", ... (the
# labels padded to one width when several appear: "  Passed     : 37 ...").
count() { sed -n "s/^ *$1 *: *\([0-9][0-9]*\).*/\1/p" "$log" | head -n 1 | grep . || echo 0; }
passed=$(( $(count Passed) + $(count "Expectedly Failed") ))
failed=$(( $(count Failed) + $(count "Unexpectedly Passed") + $(count "Timed Out") ))
if [ "$lit_status" != 0 ] && [ "$failed" = 0 ]; then
  failed=1 # lit itself failed (e.g. a configuration error)
fi

pylog=$(mktemp)
trap 'rm -f "$log" "$pylog"' EXIT
set +e
PYTHONPATH="$build/python_packages" /usr/bin/python3 -m pytest -v \
  -p no:cacheprovider "$root/python/tests" 2>&1 | tee "$pylog"
pytest_status=${PIPESTATUS[0]}
set -e
# pytest's summary: "=== 40 passed, 1 failed, 2 errors in 3.2s ==="
summary=$(tail -n 1 "$pylog")
pycount() { echo "$summary" | sed -n "s/.* \([0-9][0-9]*\) $1.*/\1/p" | grep . || echo 0; }
passed=$(( passed + $(pycount passed) ))
py_failed=$(( $(pycount failed) + $(pycount error) ))
if [ "$pytest_status" != 0 ] && [ "$py_failed" = 0 ]; then
  py_failed=1 # pytest itself failed (e.g. the package did not import)
fi
failed=$(( failed + py_failed ))
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
