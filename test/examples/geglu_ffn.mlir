// The shipped example parses, verifies and round-trips, and lowers to linalg.
// RUN: glu-opt %glu_src_root/examples/geglu_ffn.mlir | FileCheck %s
// RUN: glu-opt %glu_src_root/examples/geglu_ffn.mlir -convert-glu-to-linalg | FileCheck %s --check-prefix=LINALG
// The main job's run: compiled, executed, and within (2K + 8) u of the
// float64 reference, K = 256 + 704.
// RUN: %python %glu_src_root/utils/run_example.py %glu_src_root/examples/geglu_ffn.mlir --glu-run %glu_run --tokens 5 --repeat 1 --tolerance 1.2e-4 | FileCheck %s --check-prefix=EXEC

// CHECK-LABEL: func.func @geglu_ffn
// CHECK: glu.ffn <gelu> %{{.*}} : tensor<?x256xf32> gate(%{{.*}} : tensor<256x704xf32>) value(%{{.*}} : tensor<256x704xf32>) down(%{{.*}} : tensor<704x256xf32>) -> tensor<?x256xf32>

// LINALG-LABEL: func.func @geglu_ffn
// LINALG-COUNT-3: linalg.matmul
// LINALG-NOT: glu.

// EXEC: result #0: tensor<5x256xf32> checksum
// EXEC: time:
// EXEC: reference: float64 NumPy, max |error|
