// RUN: glu-opt %s -convert-glu-to-linalg -cse -split-input-file | FileCheck %s

// bf16: contractions accumulate in f32, the hidden activations stay f32 into
// the down projection, and the result is rounded to bf16 once, after b2.
// CHECK-LABEL: func @ffn_bf16
// CHECK: %[[GATE:.*]] = linalg.generic {{.*}} ins(%arg0, %arg1 : tensor<?x4x64xbf16>, tensor<64x128xbf16>) outs(%{{.*}} : tensor<?x4x128xf32>)
// CHECK:   arith.extf
// CHECK: %[[VAL:.*]] = linalg.generic {{.*}} ins(%arg0, %arg2 : tensor<?x4x64xbf16>, tensor<64x128xbf16>) outs(%{{.*}} : tensor<?x4x128xf32>)
// CHECK: %[[H:.*]] = linalg.generic {{.*}} ins(%[[GATE]], %[[VAL]] : tensor<?x4x128xf32>, tensor<?x4x128xf32>) outs(%{{.*}} : tensor<?x4x128xf32>)
// CHECK-NOT: arith.truncf {{.*}} to bf16
// CHECK: %[[DOWN:.*]] = linalg.generic {{.*}} ins(%[[H]], %arg3 : tensor<?x4x128xf32>, tensor<128x64xbf16>) outs(%{{.*}} : tensor<?x4x64xf32>)
// CHECK: %[[OUT:.*]] = linalg.generic {{.*}} ins(%[[DOWN]], %arg4 : tensor<?x4x64xf32>, tensor<64xbf16>) outs(%{{.*}} : tensor<?x4x64xbf16>)
// CHECK: ^bb0(%[[D:.*]]: f32, %[[B2:.*]]: bf16, %{{.*}}: bf16):
// CHECK:   %[[B2W:.*]] = arith.extf %[[B2]] : bf16 to f32
// CHECK:   %[[SUM:.*]] = arith.addf %[[D]], %[[B2W]] : f32
// CHECK:   %[[R:.*]] = arith.truncf %[[SUM]] : f32 to bf16
// CHECK:   linalg.yield %[[R]]
// CHECK: return %[[OUT]]
func.func @ffn_bf16(%x: tensor<?x4x64xbf16>, %w: tensor<64x128xbf16>, %v: tensor<64x128xbf16>, %w2: tensor<128x64xbf16>, %b2: tensor<64xbf16>) -> tensor<?x4x64xbf16> {
  %y = glu.ffn <gelu> %x : tensor<?x4x64xbf16>
         gate(%w : tensor<64x128xbf16>) value(%v : tensor<64x128xbf16>)
         down(%w2 : tensor<128x64xbf16>) down_bias(%b2 : tensor<64xbf16>)
         -> tensor<?x4x64xbf16>
  return %y : tensor<?x4x64xbf16>
}

// -----

// f32 without b2: the down-projection matmul is the result.
// CHECK-LABEL: func @ffn_f32
// CHECK: %[[H:.*]] = linalg.generic
// CHECK: %[[DOWN:.*]] = linalg.matmul ins(%[[H]], %arg3 : tensor<16x128xf32>, tensor<128x32xf32>) outs(%{{.*}} : tensor<16x32xf32>)
// CHECK-NOT: linalg.generic
// CHECK: return %[[DOWN]]
func.func @ffn_f32(%x: tensor<16x64xf32>, %w: tensor<64x128xf32>, %v: tensor<64x128xf32>, %w2: tensor<128x32xf32>) -> tensor<16x32xf32> {
  %y = glu.ffn <swish> %x : tensor<16x64xf32>
         gate(%w : tensor<64x128xf32>) value(%v : tensor<64x128xf32>)
         down(%w2 : tensor<128x32xf32>) -> tensor<16x32xf32>
  return %y : tensor<16x32xf32>
}
