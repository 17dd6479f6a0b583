// RUN: glu-opt %s -glu-fuse -split-input-file | FileCheck %s
// RUN: glu-opt %s -glu-fuse=level=gate -split-input-file | FileCheck %s --check-prefix=GATE
// RUN: glu-opt %s -glu-fuse=level=gated-proj -split-input-file | FileCheck %s --check-prefix=PROJ

//===----------------------------------------------------------------------===//
// act(g) * v -> glu.gate
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func @gate_from_mulf
// CHECK-SAME: (%[[G:.*]]: tensor<4x8xf32>, %[[V:.*]]: tensor<4x8xf32>)
// CHECK: %[[H:.*]] = glu.gate <gelu> %[[G]], %[[V]] : tensor<4x8xf32>
// CHECK-NOT: arith.mulf
// CHECK: return %[[H]]
func.func @gate_from_mulf(%g: tensor<4x8xf32>, %v: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %a = glu.activation <gelu> %g : tensor<4x8xf32>
  %h = arith.mulf %a, %v : tensor<4x8xf32>
  return %h : tensor<4x8xf32>
}

// -----

// The activation may be either operand; a linalg.generic multiply counts.
// CHECK-LABEL: func @gate_from_generic
// CHECK-SAME: (%[[G:.*]]: tensor<?x8xf32>, %[[V:.*]]: tensor<?x8xf32>)
// CHECK: glu.gate <swish> %[[G]], %[[V]] : tensor<?x8xf32>
// CHECK-NOT: linalg.generic
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @gate_from_generic(%g: tensor<?x8xf32>, %v: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %a = glu.activation <swish> %g : tensor<?x8xf32>
  %c0 = arith.constant 0 : index
  %d = tensor.dim %g, %c0 : tensor<?x8xf32>
  %e = tensor.empty(%d) : tensor<?x8xf32>
  %h = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%v, %a : tensor<?x8xf32>, tensor<?x8xf32>) outs(%e : tensor<?x8xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    linalg.yield %m : f32
  } -> tensor<?x8xf32>
  return %h : tensor<?x8xf32>
}

// -----

// Negative: the activation has another user; it must stay.
// CHECK-LABEL: func @gate_activation_reused
// CHECK: glu.activation <gelu>
// CHECK: arith.mulf
// CHECK-NOT: glu.gate
func.func @gate_activation_reused(%g: tensor<4xf32>, %v: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %a = glu.activation <gelu> %g : tensor<4xf32>
  %h = arith.mulf %a, %v : tensor<4xf32>
  return %h, %a : tensor<4xf32>, tensor<4xf32>
}

// -----

// Negative: a generic whose body is not a plain multiply.
// CHECK-LABEL: func @gate_not_a_product
// CHECK-NOT: glu.gate
#id1 = affine_map<(d0) -> (d0)>
func.func @gate_not_a_product(%g: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<4xf32> {
  %a = glu.activation <gelu> %g : tensor<4xf32>
  %e = tensor.empty() : tensor<4xf32>
  %h = linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%a, %v : tensor<4xf32>, tensor<4xf32>) outs(%e : tensor<4xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.addf %x, %y : f32
    linalg.yield %m : f32
  } -> tensor<4xf32>
  return %h : tensor<4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Separate gate and value contractions -> glu.gated_proj
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func @separate
// CHECK-SAME: (%[[X:.*]]: tensor<?x16xf32>, %[[W:.*]]: tensor<16x32xf32>, %[[V:.*]]: tensor<16x32xf32>)
// CHECK: %[[H:.*]] = glu.gated_proj <gelu_tanh> %[[X]] : tensor<?x16xf32> gate(%[[W]] : tensor<16x32xf32>) value(%[[V]] : tensor<16x32xf32>) -> tensor<?x32xf32>
// CHECK-NOT: linalg.matmul
// CHECK: return %[[H]]
// GATE-LABEL: func @separate
// GATE-COUNT-2: linalg.matmul
// GATE: glu.gate <gelu_tanh>
func.func @separate(%x: tensor<?x16xf32>, %w: tensor<16x32xf32>, %v: tensor<16x32xf32>) -> tensor<?x32xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %m = tensor.dim %x, %c0 : tensor<?x16xf32>
  %e = tensor.empty(%m) : tensor<?x32xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<?x32xf32>) -> tensor<?x32xf32>
  %g = linalg.matmul ins(%x, %w : tensor<?x16xf32>, tensor<16x32xf32>) outs(%z : tensor<?x32xf32>) -> tensor<?x32xf32>
  %u = linalg.matmul ins(%x, %v : tensor<?x16xf32>, tensor<16x32xf32>) outs(%z : tensor<?x32xf32>) -> tensor<?x32xf32>
  %a = glu.activation <gelu_tanh> %g : tensor<?x32xf32>
  %h = arith.mulf %a, %u : tensor<?x32xf32>
  return %h : tensor<?x32xf32>
}

// -----

// Broadcast bias adds on both branches become gate_bias and value_bias.
// CHECK-LABEL: func @separate_biased
// CHECK-SAME: (%[[X:.*]]: tensor<8x16xf32>, %[[W:.*]]: tensor<16x32xf32>, %[[V:.*]]: tensor<16x32xf32>, %[[B:.*]]: tensor<32xf32>, %[[C:.*]]: tensor<32xf32>)
// CHECK: glu.gated_proj <relu> %[[X]] : tensor<8x16xf32> gate(%[[W]] : tensor<16x32xf32>) value(%[[V]] : tensor<16x32xf32>) gate_bias(%[[B]] : tensor<32xf32>) value_bias(%[[C]] : tensor<32xf32>) -> tensor<8x32xf32>
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @separate_biased(%x: tensor<8x16xf32>, %w: tensor<16x32xf32>, %v: tensor<16x32xf32>, %b: tensor<32xf32>, %c: tensor<32xf32>) -> tensor<8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x32xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  %g = linalg.matmul ins(%x, %w : tensor<8x16xf32>, tensor<16x32xf32>) outs(%z : tensor<8x32xf32>) -> tensor<8x32xf32>
  %gb = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%g, %b : tensor<8x32xf32>, tensor<32xf32>) outs(%e : tensor<8x32xf32>) {
  ^bb0(%p: f32, %q: f32, %o: f32):
    %s = arith.addf %p, %q : f32
    linalg.yield %s : f32
  } -> tensor<8x32xf32>
  %u = linalg.matmul ins(%x, %v : tensor<8x16xf32>, tensor<16x32xf32>) outs(%z : tensor<8x32xf32>) -> tensor<8x32xf32>
  // Bias first, matrix second: still a bias add.
  %uc = linalg.generic {indexing_maps = [#col, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c, %u : tensor<32xf32>, tensor<8x32xf32>) outs(%e : tensor<8x32xf32>) {
  ^bb0(%q: f32, %p: f32, %o: f32):
    %s = arith.addf %q, %p : f32
    linalg.yield %s : f32
  } -> tensor<8x32xf32>
  %a = glu.activation <relu> %gb : tensor<8x32xf32>
  %h = arith.mulf %a, %uc : tensor<8x32xf32>
  return %h : tensor<8x32xf32>
}

// -----

// Negative: the two contractions read different inputs (equal-looking is not
// enough).
// CHECK-LABEL: func @different_inputs
// CHECK: glu.gate
// CHECK-NOT: glu.gated_proj
func.func @different_inputs(%x: tensor<8x16xf32>, %y: tensor<8x16xf32>, %w: tensor<16x32xf32>, %v: tensor<16x32xf32>) -> tensor<8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x32xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  %g = linalg.matmul ins(%x, %w : tensor<8x16xf32>, tensor<16x32xf32>) outs(%z : tensor<8x32xf32>) -> tensor<8x32xf32>
  %u = linalg.matmul ins(%y, %v : tensor<8x16xf32>, tensor<16x32xf32>) outs(%z : tensor<8x32xf32>) -> tensor<8x32xf32>
  %a = glu.activation <gelu> %g : tensor<8x32xf32>
  %h = arith.mulf %a, %u : tensor<8x32xf32>
  return %h : tensor<8x32xf32>
}

// -----

// Negative: the gate contraction accumulates into a non-zero init.
// CHECK-LABEL: func @nonzero_init
// CHECK-NOT: glu.gated_proj
func.func @nonzero_init(%x: tensor<8x16xf32>, %w: tensor<16x32xf32>, %v: tensor<16x32xf32>, %acc: tensor<8x32xf32>) -> tensor<8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x32xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  %g = linalg.matmul ins(%x, %w : tensor<8x16xf32>, tensor<16x32xf32>) outs(%acc : tensor<8x32xf32>) -> tensor<8x32xf32>
  %u = linalg.matmul ins(%x, %v : tensor<8x16xf32>, tensor<16x32xf32>) outs(%z : tensor<8x32xf32>) -> tensor<8x32xf32>
  %a = glu.activation <gelu> %g : tensor<8x32xf32>
  %h = arith.mulf %a, %u : tensor<8x32xf32>
  return %h : tensor<8x32xf32>
}

// -----

// Negative: the value contraction's result is also returned.
// CHECK-LABEL: func @contraction_reused
// CHECK-NOT: glu.gated_proj
func.func @contraction_reused(%x: tensor<8x16xf32>, %w: tensor<16x32xf32>, %v: tensor<16x32xf32>) -> (tensor<8x32xf32>, tensor<8x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x32xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  %g = linalg.matmul ins(%x, %w : tensor<8x16xf32>, tensor<16x32xf32>) outs(%z : tensor<8x32xf32>) -> tensor<8x32xf32>
  %u = linalg.matmul ins(%x, %v : tensor<8x16xf32>, tensor<16x32xf32>) outs(%z : tensor<8x32xf32>) -> tensor<8x32xf32>
  %a = glu.activation <gelu> %g : tensor<8x32xf32>
  %h = arith.mulf %a, %u : tensor<8x32xf32>
  return %h, %u : tensor<8x32xf32>, tensor<8x32xf32>
}

// -----

// Negative: bf16 inputs accumulated into f32 (mixed element types).
// CHECK-LABEL: func @mixed_types
// CHECK-NOT: glu.gated_proj
func.func @mixed_types(%x: tensor<8x16xbf16>, %w: tensor<16x32xbf16>, %v: tensor<16x32xbf16>) -> tensor<8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x32xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  %g = linalg.matmul ins(%x, %w : tensor<8x16xbf16>, tensor<16x32xbf16>) outs(%z : tensor<8x32xf32>) -> tensor<8x32xf32>
  %u = linalg.matmul ins(%x, %v : tensor<8x16xbf16>, tensor<16x32xbf16>) outs(%z : tensor<8x32xf32>) -> tensor<8x32xf32>
  %a = glu.activation <gelu> %g : tensor<8x32xf32>
  %h = arith.mulf %a, %u : tensor<8x32xf32>
  return %h : tensor<8x32xf32>
}

// -----

//===----------------------------------------------------------------------===//
// A packed gate/value contraction -> glu.gated_proj with a layout
//===----------------------------------------------------------------------===//

// [gate|up]: gate = first half of the columns.
// CHECK-LABEL: func @packed_gate_up
// CHECK-SAME: (%[[X:.*]]: tensor<?x16xf32>, %[[P:.*]]: tensor<16x64xf32>)
// CHECK: glu.gated_proj <swish> layout <gate_up> %[[X]] : tensor<?x16xf32> packed(%[[P]] : tensor<16x64xf32>) -> tensor<?x32xf32>
// CHECK-NOT: tensor.extract_slice
func.func @packed_gate_up(%x: tensor<?x16xf32>, %p: tensor<16x64xf32>) -> tensor<?x32xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %m = tensor.dim %x, %c0 : tensor<?x16xf32>
  %e = tensor.empty(%m) : tensor<?x64xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<?x64xf32>) -> tensor<?x64xf32>
  %gu = linalg.matmul ins(%x, %p : tensor<?x16xf32>, tensor<16x64xf32>) outs(%z : tensor<?x64xf32>) -> tensor<?x64xf32>
  %rows = tensor.dim %gu, %c0 : tensor<?x64xf32>
  %g = tensor.extract_slice %gu[0, 0] [%rows, 32] [1, 1] : tensor<?x64xf32> to tensor<?x32xf32>
  %u = tensor.extract_slice %gu[0, 32] [%rows, 32] [1, 1] : tensor<?x64xf32> to tensor<?x32xf32>
  %a = glu.activation <swish> %g : tensor<?x32xf32>
  %h = arith.mulf %a, %u : tensor<?x32xf32>
  return %h : tensor<?x32xf32>
}

// -----

// [up|gate] (PyTorch F.glu gates with the second half), with a packed bias.
// CHECK-LABEL: func @packed_up_gate_biased
// CHECK-SAME: (%[[X:.*]]: tensor<8x16xf32>, %[[P:.*]]: tensor<16x64xf32>, %[[B:.*]]: tensor<64xf32>)
// CHECK: glu.gated_proj <sigmoid> layout <up_gate> %[[X]] : tensor<8x16xf32> packed(%[[P]] : tensor<16x64xf32>) packed_bias(%[[B]] : tensor<64xf32>) -> tensor<8x32xf32>
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @packed_up_gate_biased(%x: tensor<8x16xf32>, %p: tensor<16x64xf32>, %b: tensor<64xf32>) -> tensor<8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x64xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8x64xf32>) -> tensor<8x64xf32>
  %gu = linalg.matmul ins(%x, %p : tensor<8x16xf32>, tensor<16x64xf32>) outs(%z : tensor<8x64xf32>) -> tensor<8x64xf32>
  %gub = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%gu, %b : tensor<8x64xf32>, tensor<64xf32>) outs(%e : tensor<8x64xf32>) {
  ^bb0(%p0: f32, %q: f32, %o: f32):
    %s = arith.addf %p0, %q : f32
    linalg.yield %s : f32
  } -> tensor<8x64xf32>
  %u = tensor.extract_slice %gub[0, 0] [8, 32] [1, 1] : tensor<8x64xf32> to tensor<8x32xf32>
  %g = tensor.extract_slice %gub[0, 32] [8, 32] [1, 1] : tensor<8x64xf32> to tensor<8x32xf32>
  %a = glu.activation <sigmoid> %g : tensor<8x32xf32>
  %h = arith.mulf %u, %a : tensor<8x32xf32>
  return %h : tensor<8x32xf32>
}

// -----

// Interleaved (GPT-OSS x[..., ::2] is the gate, x[..., 1::2] the value).
// CHECK-LABEL: func @packed_interleaved
// CHECK: glu.gated_proj <quick_gelu> layout <interleaved> %{{.*}} : tensor<8x16xf32> packed(%{{.*}} : tensor<16x64xf32>) -> tensor<8x32xf32>
func.func @packed_interleaved(%x: tensor<8x16xf32>, %p: tensor<16x64xf32>) -> tensor<8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x64xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8x64xf32>) -> tensor<8x64xf32>
  %gu = linalg.matmul ins(%x, %p : tensor<8x16xf32>, tensor<16x64xf32>) outs(%z : tensor<8x64xf32>) -> tensor<8x64xf32>
  %g = tensor.extract_slice %gu[0, 0] [8, 32] [1, 2] : tensor<8x64xf32> to tensor<8x32xf32>
  %u = tensor.extract_slice %gu[0, 1] [8, 32] [1, 2] : tensor<8x64xf32> to tensor<8x32xf32>
  %a = glu.activation <quick_gelu> %g : tensor<8x32xf32>
  %h = arith.mulf %a, %u : tensor<8x32xf32>
  return %h : tensor<8x32xf32>
}

// -----

// Negative: the slices overlap (not the two halves).
// CHECK-LABEL: func @packed_not_halves
// CHECK-NOT: glu.gated_proj
func.func @packed_not_halves(%x: tensor<8x16xf32>, %p: tensor<16x64xf32>) -> tensor<8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x64xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8x64xf32>) -> tensor<8x64xf32>
  %gu = linalg.matmul ins(%x, %p : tensor<8x16xf32>, tensor<16x64xf32>) outs(%z : tensor<8x64xf32>) -> tensor<8x64xf32>
  %g = tensor.extract_slice %gu[0, 0] [8, 32] [1, 1] : tensor<8x64xf32> to tensor<8x32xf32>
  %u = tensor.extract_slice %gu[0, 16] [8, 32] [1, 1] : tensor<8x64xf32> to tensor<8x32xf32>
  %a = glu.activation <gelu> %g : tensor<8x32xf32>
  %h = arith.mulf %a, %u : tensor<8x32xf32>
  return %h : tensor<8x32xf32>
}

// -----

//===----------------------------------------------------------------------===//
// The down projection -> glu.ffn
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func @ffn
// CHECK-SAME: (%[[X:.*]]: tensor<?x16xf32>, %[[W:.*]]: tensor<16x32xf32>, %[[V:.*]]: tensor<16x32xf32>, %[[W2:.*]]: tensor<32x16xf32>, %[[B2:.*]]: tensor<16xf32>)
// CHECK: %[[Y:.*]] = glu.ffn <gelu> %[[X]] : tensor<?x16xf32> gate(%[[W]] : tensor<16x32xf32>) value(%[[V]] : tensor<16x32xf32>) down(%[[W2]] : tensor<32x16xf32>) down_bias(%[[B2]] : tensor<16xf32>) -> tensor<?x16xf32>
// CHECK-NEXT: return %[[Y]]
// PROJ-LABEL: func @ffn
// PROJ: glu.gated_proj
// PROJ: linalg.matmul
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @ffn(%x: tensor<?x16xf32>, %w: tensor<16x32xf32>, %v: tensor<16x32xf32>, %w2: tensor<32x16xf32>, %b2: tensor<16xf32>) -> tensor<?x16xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %m = tensor.dim %x, %c0 : tensor<?x16xf32>
  %e = tensor.empty(%m) : tensor<?x32xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<?x32xf32>) -> tensor<?x32xf32>
  %g = linalg.matmul ins(%x, %w : tensor<?x16xf32>, tensor<16x32xf32>) outs(%z : tensor<?x32xf32>) -> tensor<?x32xf32>
  %u = linalg.matmul ins(%x, %v : tensor<?x16xf32>, tensor<16x32xf32>) outs(%z : tensor<?x32xf32>) -> tensor<?x32xf32>
  %a = glu.activation <gelu> %g : tensor<?x32xf32>
  %h = arith.mulf %a, %u : tensor<?x32xf32>
  %e2 = tensor.empty(%m) : tensor<?x16xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<?x16xf32>) -> tensor<?x16xf32>
  %d = linalg.matmul ins(%h, %w2 : tensor<?x32xf32>, tensor<32x16xf32>) outs(%z2 : tensor<?x16xf32>) -> tensor<?x16xf32>
  %y = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%d, %b2 : tensor<?x16xf32>, tensor<16xf32>) outs(%e2 : tensor<?x16xf32>) {
  ^bb0(%p: f32, %q: f32, %o: f32):
    %s = arith.addf %p, %q : f32
    linalg.yield %s : f32
  } -> tensor<?x16xf32>
  return %y : tensor<?x16xf32>
}

// -----

// Without a bias, the contraction itself (returned directly) is the root.
// CHECK-LABEL: func @ffn_returned
// CHECK: %[[Y:.*]] = glu.ffn <relu>
// CHECK-NEXT: return %[[Y]]
func.func @ffn_returned(%x: tensor<8x16xf32>, %w: tensor<16x32xf32>, %v: tensor<16x32xf32>, %w2: tensor<32x16xf32>) -> tensor<8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %h = glu.gated_proj <relu> %x : tensor<8x16xf32> gate(%w : tensor<16x32xf32>) value(%v : tensor<16x32xf32>) -> tensor<8x32xf32>
  %e2 = tensor.empty() : tensor<8x16xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<8x16xf32>) -> tensor<8x16xf32>
  %d = linalg.matmul ins(%h, %w2 : tensor<8x32xf32>, tensor<32x16xf32>) outs(%z2 : tensor<8x16xf32>) -> tensor<8x16xf32>
  return %d : tensor<8x16xf32>
}

// -----

// Negative: the hidden activations are also returned, so the gated
// projection stays and only it is fused.
// CHECK-LABEL: func @ffn_hidden_reused
// CHECK: %[[H:.*]] = glu.gated_proj
// CHECK: linalg.matmul ins(%[[H]]
// CHECK-NOT: glu.ffn
func.func @ffn_hidden_reused(%x: tensor<8x16xf32>, %w: tensor<16x32xf32>, %v: tensor<16x32xf32>, %w2: tensor<32x16xf32>) -> (tensor<8x16xf32>, tensor<8x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x32xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  %h = glu.gated_proj <gelu> %x : tensor<8x16xf32> gate(%w : tensor<16x32xf32>) value(%v : tensor<16x32xf32>) -> tensor<8x32xf32>
  %e2 = tensor.empty() : tensor<8x16xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<8x16xf32>) -> tensor<8x16xf32>
  %d = linalg.matmul ins(%h, %w2 : tensor<8x32xf32>, tensor<32x16xf32>) outs(%z2 : tensor<8x16xf32>) -> tensor<8x16xf32>
  return %d, %h : tensor<8x16xf32>, tensor<8x32xf32>
}

// -----

//===----------------------------------------------------------------------===//
// GPT-OSS clamps -> #glu.clamp
//===----------------------------------------------------------------------===//

// min(g, 7) before the activation, clamp(u, -7, 7) + 1 on the value, as
// generics and as tensor ops.
// CHECK-LABEL: func @gpt_oss_clamp
// CHECK-SAME: (%[[G:[a-z0-9]+]]: tensor<4x8xf32>, %[[V:[a-z0-9]+]]: tensor<4x8xf32>
// CHECK: %[[A:.*]] = glu.gate <quick_gelu> clamp <gate_limit = 7.000000e+00, value_limit = 7.000000e+00, value_offset = 1.000000e+00> %[[G]], %[[V]]
// CHECK: %[[B:.*]] = glu.gate <quick_gelu> clamp <gate_limit = 7.000000e+00, value_limit = 7.000000e+00, value_offset = 1.000000e+00> %[[G]], %[[V]]
// CHECK: return %[[A]], %[[B]]
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @gpt_oss_clamp(%g: tensor<4x8xf32>, %v: tensor<4x8xf32>, %init: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %gc = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%g : tensor<4x8xf32>) outs(%init : tensor<4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %l = arith.constant 7.000000e+00 : f32
    %r = arith.minimumf %in, %l : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  %vc = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%v : tensor<4x8xf32>) outs(%init : tensor<4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %l = arith.constant 7.000000e+00 : f32
    %nl = arith.constant -7.000000e+00 : f32
    %one = arith.constant 1.000000e+00 : f32
    %lo = arith.maximumf %in, %nl : f32
    %hi = arith.minimumf %lo, %l : f32
    %r = arith.addf %hi, %one : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  %a = glu.activation <quick_gelu> %gc : tensor<4x8xf32>
  %h = arith.mulf %a, %vc : tensor<4x8xf32>

  %seven = arith.constant dense<7.000000e+00> : tensor<4x8xf32>
  %mseven = arith.constant dense<-7.000000e+00> : tensor<4x8xf32>
  %ones = arith.constant dense<1.000000e+00> : tensor<4x8xf32>
  %gc2 = arith.minimumf %g, %seven : tensor<4x8xf32>
  %v1 = arith.minimumf %v, %seven : tensor<4x8xf32>
  %v2 = arith.maximumf %v1, %mseven : tensor<4x8xf32>
  %v3 = arith.addf %ones, %v2 : tensor<4x8xf32>
  %a2 = glu.activation <quick_gelu> %gc2 : tensor<4x8xf32>
  %h2 = arith.mulf %a2, %v3 : tensor<4x8xf32>
  return %h, %h2 : tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

// The value's clamp and its + 1 in two ops (one per PyTorch node): the offset
// is absorbed first, then the clamp under it. (v + 1) + 1 is not
// clamp(v) + c: nothing is absorbed.
// CHECK-LABEL: func @gpt_oss_clamp_then_offset
// CHECK-SAME: (%[[G:[a-z0-9]+]]: tensor<4x8xf32>, %[[V:[a-z0-9]+]]: tensor<4x8xf32>
// CHECK: %[[A:.*]] = glu.gate <quick_gelu> clamp <gate_limit = 7.000000e+00, value_limit = 7.000000e+00, value_offset = 1.000000e+00> %[[G]], %[[V]]
// CHECK: %[[B:.*]] = glu.gate <quick_gelu> %[[G]], %{{.*}} :
// CHECK: return %[[A]], %[[B]]
func.func @gpt_oss_clamp_then_offset(%g: tensor<4x8xf32>, %v: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %seven = arith.constant dense<7.000000e+00> : tensor<4x8xf32>
  %mseven = arith.constant dense<-7.000000e+00> : tensor<4x8xf32>
  %ones = arith.constant dense<1.000000e+00> : tensor<4x8xf32>
  %gc = arith.minimumf %g, %seven : tensor<4x8xf32>
  %v1 = arith.maximumf %v, %mseven : tensor<4x8xf32>
  %v2 = arith.minimumf %v1, %seven : tensor<4x8xf32>
  %v3 = arith.addf %v2, %ones : tensor<4x8xf32>
  %a = glu.activation <quick_gelu> %gc : tensor<4x8xf32>
  %h = arith.mulf %a, %v3 : tensor<4x8xf32>

  %w1 = arith.addf %v, %ones : tensor<4x8xf32>
  %w2 = arith.addf %w1, %ones : tensor<4x8xf32>
  %a2 = glu.activation <quick_gelu> %g : tensor<4x8xf32>
  %h2 = arith.mulf %a2, %w2 : tensor<4x8xf32>
  return %h, %h2 : tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

// Negative: min(g, -1) has no #glu.clamp form (limits are non-negative), and
// an asymmetric clamp of the value is not clamp(v, -L, L).
// CHECK-LABEL: func @clamp_not_representable
// CHECK: glu.gate <relu> %{{.*}}, %{{.*}} :
// CHECK-NOT: clamp <
func.func @clamp_not_representable(%g: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<4xf32> {
  %m1 = arith.constant dense<-1.000000e+00> : tensor<4xf32>
  %lo = arith.constant dense<-2.000000e+00> : tensor<4xf32>
  %hi = arith.constant dense<3.000000e+00> : tensor<4xf32>
  %gc = arith.minimumf %g, %m1 : tensor<4xf32>
  %v1 = arith.maximumf %v, %lo : tensor<4xf32>
  %v2 = arith.minimumf %v1, %hi : tensor<4xf32>
  %a = glu.activation <relu> %gc : tensor<4xf32>
  %h = arith.mulf %a, %v2 : tensor<4xf32>
  return %h : tensor<4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// 3-D inputs: batch_matmul on a broadcast weight, generic contractions
//===----------------------------------------------------------------------===//

// torch-mlir's nn.Linear on [B, T, D]: the weight broadcast along the batch
// and a linalg.batch_matmul.
// CHECK-LABEL: func @batch_matmul_ffn
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<2x?x16xf32>, %[[W:[a-z0-9]+]]: tensor<16x32xf32>, %[[V:[a-z0-9]+]]: tensor<16x32xf32>, %[[W2:[a-z0-9]+]]: tensor<32x16xf32>)
// CHECK: %[[Y:.*]] = glu.ffn <swish> %[[X]] : tensor<2x?x16xf32> gate(%[[W]] : tensor<16x32xf32>) value(%[[V]] : tensor<16x32xf32>) down(%[[W2]] : tensor<32x16xf32>) -> tensor<2x?x16xf32>
// CHECK-NEXT: return %[[Y]]
func.func @batch_matmul_ffn(%x: tensor<2x?x16xf32>, %w: tensor<16x32xf32>, %v: tensor<16x32xf32>, %w2: tensor<32x16xf32>) -> tensor<2x?x16xf32> {
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %t = tensor.dim %x, %c1 : tensor<2x?x16xf32>
  %eb = tensor.empty() : tensor<2x16x32xf32>
  %wb = linalg.broadcast ins(%w : tensor<16x32xf32>) outs(%eb : tensor<2x16x32xf32>) dimensions = [0]
  %vb = linalg.broadcast ins(%v : tensor<16x32xf32>) outs(%eb : tensor<2x16x32xf32>) dimensions = [0]
  %e = tensor.empty(%t) : tensor<2x?x32xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<2x?x32xf32>) -> tensor<2x?x32xf32>
  %g = linalg.batch_matmul ins(%x, %wb : tensor<2x?x16xf32>, tensor<2x16x32xf32>) outs(%z : tensor<2x?x32xf32>) -> tensor<2x?x32xf32>
  %u = linalg.batch_matmul ins(%x, %vb : tensor<2x?x16xf32>, tensor<2x16x32xf32>) outs(%z : tensor<2x?x32xf32>) -> tensor<2x?x32xf32>
  %a = glu.activation <swish> %g : tensor<2x?x32xf32>
  %h = arith.mulf %a, %u : tensor<2x?x32xf32>
  %eb2 = tensor.empty() : tensor<2x32x16xf32>
  %w2b = linalg.broadcast ins(%w2 : tensor<32x16xf32>) outs(%eb2 : tensor<2x32x16xf32>) dimensions = [0]
  %e2 = tensor.empty(%t) : tensor<2x?x16xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<2x?x16xf32>) -> tensor<2x?x16xf32>
  %y = linalg.batch_matmul ins(%h, %w2b : tensor<2x?x32xf32>, tensor<2x32x16xf32>) outs(%z2 : tensor<2x?x16xf32>) -> tensor<2x?x16xf32>
  return %y : tensor<2x?x16xf32>
}

// -----

// The contraction over leading dims that convert-glu-to-linalg itself emits,
// with a 3-D bias add.
// CHECK-LABEL: func @generic_contraction
// CHECK: glu.gated_proj <gelu> %{{.*}} : tensor<2x3x16xf32> gate(%{{.*}} : tensor<16x32xf32>) value(%{{.*}} : tensor<16x32xf32>) gate_bias(%{{.*}} : tensor<32xf32>) -> tensor<2x3x32xf32>
#x3 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
#w3 = affine_map<(d0, d1, d2, d3) -> (d3, d2)>
#o3 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#col3 = affine_map<(d0, d1, d2) -> (d2)>
func.func @generic_contraction(%x: tensor<2x3x16xf32>, %w: tensor<16x32xf32>, %v: tensor<16x32xf32>, %b: tensor<32xf32>) -> tensor<2x3x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x3x32xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<2x3x32xf32>) -> tensor<2x3x32xf32>
  %g = linalg.generic {indexing_maps = [#x3, #w3, #o3], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<2x3x16xf32>, tensor<16x32xf32>) outs(%z : tensor<2x3x32xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x3x32xf32>
  %gb = linalg.generic {indexing_maps = [#id3, #col3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%g, %b : tensor<2x3x32xf32>, tensor<32xf32>) outs(%e : tensor<2x3x32xf32>) {
  ^bb0(%p: f32, %q: f32, %o: f32):
    %s = arith.addf %p, %q : f32
    linalg.yield %s : f32
  } -> tensor<2x3x32xf32>
  %u = linalg.generic {indexing_maps = [#x3, #w3, #o3], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %v : tensor<2x3x16xf32>, tensor<16x32xf32>) outs(%z : tensor<2x3x32xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %q, %p : f32
    %s = arith.addf %m, %acc : f32
    linalg.yield %s : f32
  } -> tensor<2x3x32xf32>
  %a = glu.activation <gelu> %gb : tensor<2x3x32xf32>
  %h = arith.mulf %a, %u : tensor<2x3x32xf32>
  return %h : tensor<2x3x32xf32>
}

// -----

// Negative: a matmul with user-defined indexing maps (transposed weight)
// is a different contraction; it is left alone.
// CHECK-LABEL: func @user_defined_maps
// CHECK-NOT: glu.gated_proj
#mA = affine_map<(d0, d1, d2) -> (d0, d2)>
#mBt = affine_map<(d0, d1, d2) -> (d1, d2)>
#mC = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @user_defined_maps(%x: tensor<8x16xf32>, %wt: tensor<32x16xf32>, %v: tensor<16x32xf32>) -> tensor<8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x32xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  %g = linalg.matmul indexing_maps = [#mA, #mBt, #mC] ins(%x, %wt : tensor<8x16xf32>, tensor<32x16xf32>) outs(%z : tensor<8x32xf32>) -> tensor<8x32xf32>
  %u = linalg.matmul ins(%x, %v : tensor<8x16xf32>, tensor<16x32xf32>) outs(%z : tensor<8x32xf32>) -> tensor<8x32xf32>
  %a = glu.activation <gelu> %g : tensor<8x32xf32>
  %h = arith.mulf %a, %u : tensor<8x32xf32>
  return %h : tensor<8x32xf32>
}

// -----

// Negative: an add broadcast along the rows, (d0, d1) -> (d0), is not a
// bias of the output features.
// CHECK-LABEL: func @row_broadcast_add
// CHECK-NOT: glu.gated_proj
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @row_broadcast_add(%x: tensor<8x16xf32>, %w: tensor<16x8xf32>, %v: tensor<16x8xf32>, %r: tensor<8xf32>) -> tensor<8x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x8xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %g = linalg.matmul ins(%x, %w : tensor<8x16xf32>, tensor<16x8xf32>) outs(%z : tensor<8x8xf32>) -> tensor<8x8xf32>
  %gr = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%g, %r : tensor<8x8xf32>, tensor<8xf32>) outs(%e : tensor<8x8xf32>) {
  ^bb0(%p: f32, %q: f32, %o: f32):
    %s = arith.addf %p, %q : f32
    linalg.yield %s : f32
  } -> tensor<8x8xf32>
  %u = linalg.matmul ins(%x, %v : tensor<8x16xf32>, tensor<16x8xf32>) outs(%z : tensor<8x8xf32>) -> tensor<8x8xf32>
  %a = glu.activation <gelu> %gr : tensor<8x8xf32>
  %h = arith.mulf %a, %u : tensor<8x8xf32>
  return %h : tensor<8x8xf32>
}

// -----

// Interleaved with granularity 4: the [M, 2F] result viewed as
// [M, 2F/8, 2, 4], pair index 0 the gate, 1 the value.
// CHECK-LABEL: func @packed_interleaved_blocks
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<?x16xf32>, %[[P:[a-z0-9]+]]: tensor<16x64xf32>)
// CHECK: glu.gated_proj <gelu> layout <interleaved, granularity = 4> %[[X]] : tensor<?x16xf32> packed(%[[P]] : tensor<16x64xf32>) -> tensor<?x32xf32>
// CHECK-NOT: tensor.expand_shape
func.func @packed_interleaved_blocks(%x: tensor<?x16xf32>, %p: tensor<16x64xf32>) -> tensor<?x32xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %m = tensor.dim %x, %c0 : tensor<?x16xf32>
  %e = tensor.empty(%m) : tensor<?x64xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<?x64xf32>) -> tensor<?x64xf32>
  %gu = linalg.matmul ins(%x, %p : tensor<?x16xf32>, tensor<16x64xf32>) outs(%z : tensor<?x64xf32>) -> tensor<?x64xf32>
  %blocks = tensor.expand_shape %gu [[0], [1, 2, 3]] output_shape [%m, 8, 2, 4] : tensor<?x64xf32> into tensor<?x8x2x4xf32>
  %gs = tensor.extract_slice %blocks[0, 0, 0, 0] [%m, 8, 1, 4] [1, 1, 1, 1] : tensor<?x8x2x4xf32> to tensor<?x8x4xf32>
  %us = tensor.extract_slice %blocks[0, 0, 1, 0] [%m, 8, 1, 4] [1, 1, 1, 1] : tensor<?x8x2x4xf32> to tensor<?x8x4xf32>
  %g = tensor.collapse_shape %gs [[0], [1, 2]] : tensor<?x8x4xf32> into tensor<?x32xf32>
  %u = tensor.collapse_shape %us [[0], [1, 2]] : tensor<?x8x4xf32> into tensor<?x32xf32>
  %a = glu.activation <gelu> %g : tensor<?x32xf32>
  %h = arith.mulf %a, %u : tensor<?x32xf32>
  return %h : tensor<?x32xf32>
}

// -----

// Negative: pair index 1 as the gate (value first) is not a glu layout.
// CHECK-LABEL: func @packed_blocks_value_first
// CHECK-NOT: glu.gated_proj
func.func @packed_blocks_value_first(%x: tensor<8x16xf32>, %p: tensor<16x64xf32>) -> tensor<8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x64xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8x64xf32>) -> tensor<8x64xf32>
  %gu = linalg.matmul ins(%x, %p : tensor<8x16xf32>, tensor<16x64xf32>) outs(%z : tensor<8x64xf32>) -> tensor<8x64xf32>
  %blocks = tensor.expand_shape %gu [[0], [1, 2, 3]] output_shape [8, 8, 2, 4] : tensor<8x64xf32> into tensor<8x8x2x4xf32>
  %gs = tensor.extract_slice %blocks[0, 0, 1, 0] [8, 8, 1, 4] [1, 1, 1, 1] : tensor<8x8x2x4xf32> to tensor<8x8x4xf32>
  %us = tensor.extract_slice %blocks[0, 0, 0, 0] [8, 8, 1, 4] [1, 1, 1, 1] : tensor<8x8x2x4xf32> to tensor<8x8x4xf32>
  %g = tensor.collapse_shape %gs [[0], [1, 2]] : tensor<8x8x4xf32> into tensor<8x32xf32>
  %u = tensor.collapse_shape %us [[0], [1, 2]] : tensor<8x8x4xf32> into tensor<8x32xf32>
  %a = glu.activation <gelu> %g : tensor<8x32xf32>
  %h = arith.mulf %a, %u : tensor<8x32xf32>
  return %h : tensor<8x32xf32>
}

// -----

// Negative (mismatched shapes): the slices are 32 wide but the packed
// result is 96 wide, so they are not its two halves.
// CHECK-LABEL: func @packed_width_mismatch
// CHECK-NOT: glu.gated_proj
func.func @packed_width_mismatch(%x: tensor<8x16xf32>, %p: tensor<16x96xf32>) -> tensor<8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x96xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8x96xf32>) -> tensor<8x96xf32>
  %gu = linalg.matmul ins(%x, %p : tensor<8x16xf32>, tensor<16x96xf32>) outs(%z : tensor<8x96xf32>) -> tensor<8x96xf32>
  %g = tensor.extract_slice %gu[0, 0] [8, 32] [1, 1] : tensor<8x96xf32> to tensor<8x32xf32>
  %u = tensor.extract_slice %gu[0, 32] [8, 32] [1, 1] : tensor<8x96xf32> to tensor<8x32xf32>
  %a = glu.activation <gelu> %g : tensor<8x32xf32>
  %h = arith.mulf %a, %u : tensor<8x32xf32>
  return %h : tensor<8x32xf32>
}
