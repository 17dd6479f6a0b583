// RUN: glu-opt %s -resolve-ranked-shaped-type-result-dims | FileCheck %s

// tensor.dim of a glu result resolves to the operands' sizes
// (ReifyRankedShapedTypeOpInterface).

// CHECK-LABEL: func @elementwise
// CHECK: %[[D:.*]] = tensor.dim %arg0, %c0
// CHECK: return %[[D]]
func.func @elementwise(%x: tensor<?x8xf32>) -> index {
  %c0 = arith.constant 0 : index
  %0 = glu.activation <gelu> %x : tensor<?x8xf32>
  %d = tensor.dim %0, %c0 : tensor<?x8xf32>
  return %d : index
}

// CHECK-LABEL: func @gated_proj_separate
// CHECK-DAG: %[[T:.*]] = tensor.dim %arg0, %c1
// CHECK-DAG: %[[F:.*]] = tensor.dim %arg1, %c1
// CHECK: return %[[T]], %[[F]]
func.func @gated_proj_separate(%x: tensor<2x?x8xf32>, %w: tensor<8x?xf32>, %v: tensor<8x?xf32>) -> (index, index) {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %0 = glu.gated_proj <gelu> %x : tensor<2x?x8xf32>
         gate(%w : tensor<8x?xf32>) value(%v : tensor<8x?xf32>) -> tensor<2x?x?xf32>
  %t = tensor.dim %0, %c1 : tensor<2x?x?xf32>
  %f = tensor.dim %0, %c2 : tensor<2x?x?xf32>
  return %t, %f : index, index
}

// CHECK-LABEL: func @gated_proj_packed
// CHECK: %[[W:.*]] = tensor.dim %arg1, %c1
// CHECK: %[[F:.*]] = arith.divui %[[W]], %c2
// CHECK: return %[[F]]
func.func @gated_proj_packed(%x: tensor<4x8xf32>, %p: tensor<8x?xf32>) -> index {
  %c1 = arith.constant 1 : index
  %0 = glu.gated_proj <gelu> layout <gate_up> %x : tensor<4x8xf32>
         packed(%p : tensor<8x?xf32>) -> tensor<4x?xf32>
  %f = tensor.dim %0, %c1 : tensor<4x?xf32>
  return %f : index
}

// CHECK-LABEL: func @ffn
// CHECK-DAG: %[[T:.*]] = tensor.dim %arg0, %c0
// CHECK-DAG: %[[E:.*]] = tensor.dim %arg3, %c1
// CHECK: return %[[T]], %[[E]]
func.func @ffn(%x: tensor<?x8xf32>, %w: tensor<8x16xf32>, %v: tensor<8x16xf32>, %w2: tensor<16x?xf32>) -> (index, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %0 = glu.ffn <gelu> %x : tensor<?x8xf32>
         gate(%w : tensor<8x16xf32>) value(%v : tensor<8x16xf32>)
         down(%w2 : tensor<16x?xf32>) -> tensor<?x?xf32>
  %t = tensor.dim %0, %c0 : tensor<?x?xf32>
  %e = tensor.dim %0, %c1 : tensor<?x?xf32>
  return %t, %e : index, index
}
