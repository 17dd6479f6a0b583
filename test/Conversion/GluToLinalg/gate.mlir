// RUN: glu-opt %s -convert-glu-to-linalg -split-input-file | FileCheck %s

// CHECK-LABEL: func @gate
// CHECK: linalg.generic {{.*}} ins(%arg0, %arg1 : tensor<?x8xf32>, tensor<?x8xf32>)
// CHECK: ^bb0(%[[G:.*]]: f32, %[[V:.*]]: f32, %{{.*}}: f32):
// CHECK-NOT: arith.minimumf
// CHECK:   math.exp
// CHECK:   %[[H:.*]] = arith.mulf %{{.*}}, %[[V]] : f32
// CHECK-NEXT: linalg.yield %[[H]]
func.func @gate(%g: tensor<?x8xf32>, %v: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %0 = glu.gate <gelu> %g, %v : tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

// GPT-OSS: g' = min(g, 7), v' = clamp(v, -7, 7) + 1, out = swish_1.702(g') * v'.
// CHECK-LABEL: func @gpt_oss_clamp
// CHECK: ^bb0(%[[G:.*]]: f32, %[[V:.*]]: f32, %{{.*}}: f32):
// CHECK:   %[[L:.*]] = arith.constant 7.000000e+00 : f32
// CHECK:   %[[GC:.*]] = arith.minimumf %[[G]], %[[L]]
// CHECK:   %[[NL:.*]] = arith.constant -7.000000e+00 : f32
// CHECK:   %[[V1:.*]] = arith.maximumf %[[V]], %[[NL]]
// CHECK:   %[[V2:.*]] = arith.minimumf %[[V1]], %{{.*}}
// CHECK:   %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK:   %[[V3:.*]] = arith.addf %[[V2]], %[[ONE]]
// CHECK:   arith.constant 1.702000e+00 : f32
// CHECK:   arith.mulf %{{.*}}, %[[GC]]
// CHECK:   math.copysign
// CHECK:   %[[H:.*]] = arith.mulf %{{.*}}, %[[V3]] : f32
// CHECK-NEXT: linalg.yield %[[H]]
func.func @gpt_oss_clamp(%g: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<4xf32> {
  %0 = glu.gate <swish, beta = 1.702> clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0> %g, %v : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Only the parameters that are set are emitted.
// CHECK-LABEL: func @offset_only
// CHECK: ^bb0(%[[G:.*]]: f32, %[[V:.*]]: f32, %{{.*}}: f32):
// CHECK-NOT: arith.minimumf
// CHECK-NOT: arith.maximumf
// CHECK:   %[[V1:.*]] = arith.addf %[[V]], %{{.*}}
// CHECK:   %[[H:.*]] = arith.mulf %[[G]], %[[V1]] : f32
func.func @offset_only(%g: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<4xf32> {
  %0 = glu.gate <identity> clamp <value_offset = 1.0> %g, %v : tensor<4xf32>
  return %0 : tensor<4xf32>
}
