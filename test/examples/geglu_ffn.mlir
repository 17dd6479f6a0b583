// The shipped example parses, verifies and round-trips, and lowers to linalg.
// RUN: glu-opt %glu_src_root/examples/geglu_ffn.mlir | FileCheck %s
// RUN: glu-opt %glu_src_root/examples/geglu_ffn.mlir -convert-glu-to-linalg | FileCheck %s --check-prefix=LINALG

// CHECK-LABEL: func.func @geglu_ffn
// CHECK: glu.ffn <gelu> %{{.*}} : tensor<?x256xf32> gate(%{{.*}} : tensor<256x704xf32>) value(%{{.*}} : tensor<256x704xf32>) down(%{{.*}} : tensor<704x256xf32>) -> tensor<?x256xf32>

// LINALG-LABEL: func.func @geglu_ffn
// LINALG-COUNT-3: linalg.matmul
// LINALG-NOT: glu.
