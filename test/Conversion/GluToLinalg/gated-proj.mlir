// RUN: glu-opt %s -convert-glu-to-linalg -cse -split-input-file | FileCheck %s

// Separate weights, biases, leading batch dims: two contractions from zero
// over the 3-D input (a linalg.generic with the batch dims as parallel
// loops, no reshapes), then one elementwise generic that adds the broadcast
// biases and gates.
// CHECK-DAG: #[[XMAP:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[WMAP:.*]] = affine_map<(d0, d1, d2, d3) -> (d3, d2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-LABEL: func @separate_biased
// CHECK-SAME: (%[[X:.*]]: tensor<2x?x64xf32>, %[[W:.*]]: tensor<64x128xf32>, %[[V:.*]]: tensor<64x128xf32>, %[[B:.*]]: tensor<128xf32>, %[[C:.*]]: tensor<128xf32>)
// CHECK: %[[T:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<2x?x64xf32>
// CHECK: %[[E:.*]] = tensor.empty(%[[T]]) : tensor<2x?x128xf32>
// CHECK: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E]] : tensor<2x?x128xf32>)
// CHECK: %[[GATE:.*]] = linalg.generic {indexing_maps = [#[[XMAP]], #[[WMAP]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[X]], %[[W]] : tensor<2x?x64xf32>, tensor<64x128xf32>) outs(%[[Z]] : tensor<2x?x128xf32>)
// CHECK:   arith.mulf
// CHECK:   arith.addf
// CHECK: %[[VAL:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[V]] : tensor<2x?x64xf32>, tensor<64x128xf32>) outs(%[[Z]] : tensor<2x?x128xf32>)
// CHECK: %[[H:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[COL]], #[[COL]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[GATE]], %[[VAL]], %[[B]], %[[C]] :
// CHECK: ^bb0(%[[G:.*]]: f32, %[[VV:.*]]: f32, %[[BB:.*]]: f32, %[[CC:.*]]: f32, %{{.*}}: f32):
// CHECK:   %[[GB:.*]] = arith.addf %[[G]], %[[BB]]
// CHECK:   %[[VC:.*]] = arith.addf %[[VV]], %[[CC]]
// CHECK:   %[[ACT:.*]] = arith.maximumf %[[GB]]
// CHECK:   arith.mulf %[[ACT]], %[[VC]]
// CHECK-NOT: tensor.expand_shape
// CHECK-NOT: tensor.collapse_shape
// CHECK: return %[[H]]
func.func @separate_biased(%x: tensor<2x?x64xf32>, %w: tensor<64x128xf32>, %v: tensor<64x128xf32>, %b: tensor<128xf32>, %c: tensor<128xf32>) -> tensor<2x?x128xf32> {
  %0 = glu.gated_proj <relu> %x : tensor<2x?x64xf32>
         gate(%w : tensor<64x128xf32>) value(%v : tensor<64x128xf32>)
         gate_bias(%b : tensor<128xf32>) value_bias(%c : tensor<128xf32>)
         -> tensor<2x?x128xf32>
  return %0 : tensor<2x?x128xf32>
}

// -----

// [gate|up]: gate is the first half of the columns.
// CHECK-LABEL: func @gate_up
// CHECK: %[[G:.*]] = tensor.extract_slice %arg1[0, 0] [64, 128] [1, 1] : tensor<64x256xf32> to tensor<64x128xf32>
// CHECK: %[[U:.*]] = tensor.extract_slice %arg1[0, 128] [64, 128] [1, 1] : tensor<64x256xf32> to tensor<64x128xf32>
// CHECK: linalg.matmul ins(%arg0, %[[G]] :
// CHECK: linalg.matmul ins(%arg0, %[[U]] :
func.func @gate_up(%x: tensor<8x64xf32>, %p: tensor<64x256xf32>) -> tensor<8x128xf32> {
  %0 = glu.gated_proj <swish> layout <gate_up> %x : tensor<8x64xf32>
         packed(%p : tensor<64x256xf32>) -> tensor<8x128xf32>
  return %0 : tensor<8x128xf32>
}

// -----

// [up|gate]: gate is the second half, for the weight and for the bias.
// CHECK-LABEL: func @up_gate
// CHECK: %[[G:.*]] = tensor.extract_slice %arg1[0, 128] [64, 128] [1, 1]
// CHECK: %[[U:.*]] = tensor.extract_slice %arg1[0, 0] [64, 128] [1, 1]
// CHECK: %[[GB:.*]] = tensor.extract_slice %arg2[128] [128] [1]
// CHECK: %[[UB:.*]] = tensor.extract_slice %arg2[0] [128] [1]
// CHECK: %[[GM:.*]] = linalg.matmul ins(%arg0, %[[G]] :
// CHECK: %[[UM:.*]] = linalg.matmul ins(%arg0, %[[U]] :
// CHECK: linalg.generic {{.*}} ins(%[[GM]], %[[UM]], %[[GB]], %[[UB]] :
func.func @up_gate(%x: tensor<8x64xf32>, %p: tensor<64x256xf32>, %pb: tensor<256xf32>) -> tensor<8x128xf32> {
  %0 = glu.gated_proj <sigmoid> layout <up_gate> %x : tensor<8x64xf32>
         packed(%p : tensor<64x256xf32>) packed_bias(%pb : tensor<256xf32>)
         -> tensor<8x128xf32>
  return %0 : tensor<8x128xf32>
}

// -----

// Interleaved, granularity 32: columns [D, 2F] viewed as [D, F/32, 2, 32];
// index 0 of the pair dim is the gate, index 1 the value.
// CHECK-LABEL: func @interleaved
// CHECK: %[[EXP:.*]] = tensor.expand_shape %arg1 {{\[}}[0], [1, 2, 3]] output_shape [64, 4, 2, 32] : tensor<64x256xf32> into tensor<64x4x2x32xf32>
// CHECK: %[[GS:.*]] = tensor.extract_slice %[[EXP]][0, 0, 0, 0] [64, 4, 1, 32] [1, 1, 1, 1] : tensor<64x4x2x32xf32> to tensor<64x4x32xf32>
// CHECK: %[[G:.*]] = tensor.collapse_shape %[[GS]] {{\[}}[0], [1, 2]] : tensor<64x4x32xf32> into tensor<64x128xf32>
// CHECK: %[[US:.*]] = tensor.extract_slice %[[EXP]][0, 0, 1, 0] [64, 4, 1, 32] [1, 1, 1, 1]
// CHECK: %[[U:.*]] = tensor.collapse_shape %[[US]]
// CHECK: linalg.matmul ins(%arg0, %[[G]] :
// CHECK: linalg.matmul ins(%arg0, %[[U]] :
func.func @interleaved(%x: tensor<8x64xf32>, %p: tensor<64x256xf32>) -> tensor<8x128xf32> {
  %0 = glu.gated_proj <gelu_tanh> layout <interleaved, granularity = 32> %x
         : tensor<8x64xf32> packed(%p : tensor<64x256xf32>) -> tensor<8x128xf32>
  return %0 : tensor<8x128xf32>
}

// -----

// A dynamic packed width: F = 2F / 2 at run time.
// CHECK-LABEL: func @dynamic_packed
// CHECK: %[[W2:.*]] = tensor.dim %arg1, %{{.*}} : tensor<64x?xf32>
// CHECK: %[[F:.*]] = arith.divui %[[W2]], %{{.*}} : index
// CHECK: tensor.extract_slice %arg1[0, 0] [64, %[[F]]] [1, 1]
// CHECK: tensor.extract_slice %arg1[0, %[[F]]] [64, %[[F]]] [1, 1]
func.func @dynamic_packed(%x: tensor<?x64xf32>, %p: tensor<64x?xf32>) -> tensor<?x?xf32> {
  %0 = glu.gated_proj <gelu> layout <gate_up> %x : tensor<?x64xf32>
         packed(%p : tensor<64x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}
