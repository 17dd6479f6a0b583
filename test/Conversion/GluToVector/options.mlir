// Invalid tile sizes are diagnosed, not miscompiled.
// RUN: not glu-opt %s --convert-glu-to-vector=row-tile=8 2>&1 | FileCheck %s --check-prefix=ROWS
// RUN: not glu-opt %s --convert-glu-to-vector=hidden-tile=48 2>&1 | FileCheck %s --check-prefix=HIDDEN
// RUN: not glu-opt %s --convert-glu-to-vector=depth-tile=0 2>&1 | FileCheck %s --check-prefix=DEPTH

// ROWS: convert-glu-to-vector: row-tile must be a positive multiple of 6, got 8
// HIDDEN: convert-glu-to-vector: hidden-tile must be a positive multiple of 32, got 48
// DEPTH: convert-glu-to-vector: depth-tile must be positive, got 0
func.func @f() {
  return
}
