// RUN: glu-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

// NaN beta (IEEE double bit pattern).
// expected-error @+1 {{expected a finite swish beta, got NaN}}
func.func @nan_beta() attributes {a = #glu.activation<swish, beta = 0x7FF8000000000000>} {
  return
}

// -----

// expected-error @+1 {{expected a finite swish beta, got +Inf}}
func.func @inf_beta() attributes {a = #glu.activation<swish, beta = 0x7FF0000000000000>} {
  return
}

// -----

// expected-error @+1 {{beta is a parameter of 'swish' only, not of 'gelu'}}
func.func @beta_on_gelu() attributes {a = #glu.activation<gelu, beta = 2.0>} {
  return
}

// -----

// expected-error @+1 {{expected a non-negative gate_limit, got -1}}
func.func @negative_gate_limit() attributes {a = #glu.clamp<gate_limit = -1.0>} {
  return
}

// -----

// expected-error @+1 {{expected a non-negative value_limit, got NaN}}
func.func @nan_value_limit() attributes {a = #glu.clamp<value_limit = 0x7FF8000000000000>} {
  return
}

// -----

// expected-error @+1 {{expected a finite value_offset, got -Inf}}
func.func @inf_offset() attributes {a = #glu.clamp<value_offset = 0xFFF0000000000000>} {
  return
}

// -----

// expected-error @+1 {{expected a positive interleave granularity, got 0}}
func.func @zero_granularity() attributes {a = #glu.layout<interleaved, granularity = 0>} {
  return
}

// -----

// expected-error @+1 {{granularity is a parameter of 'interleaved' only, not of 'gate_up'}}
func.func @granularity_on_halves() attributes {a = #glu.layout<gate_up, granularity = 2>} {
  return
}

// -----

// expected-error @+2 {{expected ::mlir::glu::ActivationKind to be one of: identity, sigmoid, relu, relu_squared, gelu, gelu_tanh, quick_gelu, swish}}
// expected-error @+1 {{failed to parse Glu_ActivationAttr parameter 'kind'}}
func.func @unknown_activation() attributes {a = #glu.activation<silu>} {
  return
}

// -----

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

func.func @integer_activation(%x: tensor<4xi32>) {
  // expected-error @+1 {{'glu.activation' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<4xi32>'}}
  %0 = glu.activation <relu> %x : tensor<4xi32>
  return
}

// -----

func.func @unranked_activation(%x: tensor<*xf32>) {
  // expected-error @+1 {{'glu.activation' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<*xf32>'}}
  %0 = "glu.activation"(%x) {activation = #glu.activation<relu>} : (tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @gate_shape_mismatch(%g: tensor<4x8xf32>, %v: tensor<4x9xf32>) {
  // expected-error @+1 {{'glu.gate' op all non-scalar operands/results must have the same shape and base type}}
  %0 = "glu.gate"(%g, %v) {activation = #glu.activation<gelu>} : (tensor<4x8xf32>, tensor<4x9xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @gate_element_type_mismatch(%g: tensor<4xf32>, %v: tensor<4xf16>) {
  // expected-error @+1 {{'glu.gate' op requires the same type for all operands and results}}
  %0 = "glu.gate"(%g, %v) {activation = #glu.activation<gelu>} : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Gated projection: weights, layout and biases
//===----------------------------------------------------------------------===//

func.func @element_type_mismatch(%x: tensor<4x8xf32>, %w: tensor<8x16xf16>, %v: tensor<8x16xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected all operands and the result to have element type 'f32', but operand #1 has 'f16'}}
  %0 = glu.gated_proj <gelu> %x : tensor<4x8xf32> gate(%w : tensor<8x16xf16>) value(%v : tensor<8x16xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @result_element_type_mismatch(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %v: tensor<8x16xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected all operands and the result to have element type 'f32', but the result has 'bf16'}}
  %0 = glu.gated_proj <gelu> %x : tensor<4x8xf32> gate(%w : tensor<8x16xf32>) value(%v : tensor<8x16xf32>) -> tensor<4x16xbf16>
  return
}

// -----

func.func @integer_weights(%x: tensor<4x8xi8>, %w: tensor<8x16xi8>, %v: tensor<8x16xi8>) {
  // expected-error @+1 {{'glu.gated_proj' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<4x8xi8>'}}
  %0 = glu.gated_proj <gelu> %x : tensor<4x8xi8> gate(%w : tensor<8x16xi8>) value(%v : tensor<8x16xi8>) -> tensor<4x16xi8>
  return
}

// -----

func.func @input_rank(%x: tensor<8xf32>, %w: tensor<8x16xf32>, %v: tensor<8x16xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected input of rank >= 2 ([..., D]), got rank 1}}
  %0 = glu.gated_proj <gelu> %x : tensor<8xf32> gate(%w : tensor<8x16xf32>) value(%v : tensor<8x16xf32>) -> tensor<16xf32>
  return
}

// -----

func.func @separate_and_packed(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %v: tensor<8x16xf32>, %p: tensor<8x32xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected either separate gate and value weights or a packed weight, not both}}
  %0 = glu.gated_proj <gelu> layout <gate_up> %x : tensor<4x8xf32> gate(%w : tensor<8x16xf32>) value(%v : tensor<8x16xf32>) packed(%p : tensor<8x32xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @no_weights(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected gate and value weights, or a packed weight}}
  %0 = glu.gated_proj <gelu> %x : tensor<4x8xf32> -> tensor<4x16xf32>
  return
}

// -----

func.func @gate_without_value(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected a value weight next to the gate weight}}
  %0 = glu.gated_proj <gelu> %x : tensor<4x8xf32> gate(%w : tensor<8x16xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @value_without_gate(%x: tensor<4x8xf32>, %v: tensor<8x16xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected a gate weight next to the value weight}}
  %0 = glu.gated_proj <gelu> %x : tensor<4x8xf32> value(%v : tensor<8x16xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @packed_layout_on_separate(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %v: tensor<8x16xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op layout #glu.layout<interleaved> describes a packed weight, but the op has separate gate and value weights}}
  %0 = glu.gated_proj <gelu> layout <interleaved> %x : tensor<4x8xf32> gate(%w : tensor<8x16xf32>) value(%v : tensor<8x16xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @packed_without_layout(%x: tensor<4x8xf32>, %p: tensor<8x32xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected a packed layout (gate_up, up_gate or interleaved) for the packed weight}}
  %0 = glu.gated_proj <gelu> %x : tensor<4x8xf32> packed(%p : tensor<8x32xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @packed_with_separate_layout(%x: tensor<4x8xf32>, %p: tensor<8x32xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected a packed layout (gate_up, up_gate or interleaved) for the packed weight}}
  %0 = glu.gated_proj <gelu> layout <separate> %x : tensor<4x8xf32> packed(%p : tensor<8x32xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @separate_bias_on_packed(%x: tensor<4x8xf32>, %p: tensor<8x32xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op gate_bias and value_bias need separate weights; use packed_bias with a packed weight}}
  %0 = glu.gated_proj <gelu> layout <gate_up> %x : tensor<4x8xf32> packed(%p : tensor<8x32xf32>) gate_bias(%b : tensor<16xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @packed_bias_on_separate(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %v: tensor<8x16xf32>, %b: tensor<32xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op packed_bias needs a packed weight; use gate_bias and value_bias with separate weights}}
  %0 = glu.gated_proj <gelu> %x : tensor<4x8xf32> gate(%w : tensor<8x16xf32>) value(%v : tensor<8x16xf32>) packed_bias(%b : tensor<32xf32>) -> tensor<4x16xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Gated projection: shapes
//===----------------------------------------------------------------------===//

func.func @weight_rank(%x: tensor<4x8xf32>, %w: tensor<2x8x16xf32>, %v: tensor<8x16xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected gate weight of rank 2 ([D, F]), got rank 3}}
  %0 = glu.gated_proj <gelu> %x : tensor<4x8xf32> gate(%w : tensor<2x8x16xf32>) value(%v : tensor<8x16xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @value_weight_rank(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected value weight of rank 2 ([D, F]), got rank 1}}
  %0 = glu.gated_proj <gelu> %x : tensor<4x8xf32> gate(%w : tensor<8x16xf32>) value(%v : tensor<16xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @packed_weight_rank(%x: tensor<4x8xf32>, %p: tensor<8x2x16xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected packed weight of rank 2 ([D, 2F]), got rank 3}}
  %0 = glu.gated_proj <gelu> layout <gate_up> %x : tensor<4x8xf32> packed(%p : tensor<8x2x16xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @gate_rows(%x: tensor<?x8xf32>, %w: tensor<9x16xf32>, %v: tensor<8x16xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected gate weight rows (9) to equal input width D (8)}}
  %0 = glu.gated_proj <gelu> %x : tensor<?x8xf32> gate(%w : tensor<9x16xf32>) value(%v : tensor<8x16xf32>) -> tensor<?x16xf32>
  return
}

// -----

func.func @value_rows(%x: tensor<?x8xf32>, %w: tensor<?x16xf32>, %v: tensor<7x16xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected value weight rows (7) to equal input width D (8)}}
  %0 = glu.gated_proj <gelu> %x : tensor<?x8xf32> gate(%w : tensor<?x16xf32>) value(%v : tensor<7x16xf32>) -> tensor<?x16xf32>
  return
}

// -----

func.func @value_columns(%x: tensor<?x8xf32>, %w: tensor<8x16xf32>, %v: tensor<8x12xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected value weight columns (12) to equal gate weight columns F (16)}}
  %0 = glu.gated_proj <gelu> %x : tensor<?x8xf32> gate(%w : tensor<8x16xf32>) value(%v : tensor<8x12xf32>) -> tensor<?x16xf32>
  return
}

// -----

func.func @packed_rows(%x: tensor<4x8xf32>, %p: tensor<6x32xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected packed weight rows (6) to equal input width D (8)}}
  %0 = glu.gated_proj <gelu> layout <up_gate> %x : tensor<4x8xf32> packed(%p : tensor<6x32xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @odd_packed_width(%x: tensor<4x8xf32>, %p: tensor<8x31xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected packed weight width (31) to be even (2F)}}
  %0 = glu.gated_proj <gelu> layout <gate_up> %x : tensor<4x8xf32> packed(%p : tensor<8x31xf32>) -> tensor<4x15xf32>
  return
}

// -----

func.func @interleave_width(%x: tensor<4x8xf32>, %p: tensor<8x96xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected packed weight width (96) to be a multiple of 2 * granularity (64)}}
  %0 = glu.gated_proj <gelu> layout <interleaved, granularity = 32> %x : tensor<4x8xf32> packed(%p : tensor<8x96xf32>) -> tensor<4x48xf32>
  return
}

// -----

func.func @bias_rank(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %v: tensor<8x16xf32>, %b: tensor<1x16xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected gate bias of rank 1 ([F]), got rank 2}}
  %0 = glu.gated_proj <gelu> %x : tensor<4x8xf32> gate(%w : tensor<8x16xf32>) value(%v : tensor<8x16xf32>) gate_bias(%b : tensor<1x16xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @gate_bias_size(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %v: tensor<8x16xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected gate bias size (8) to equal F (16)}}
  %0 = glu.gated_proj <gelu> %x : tensor<4x8xf32> gate(%w : tensor<8x16xf32>) value(%v : tensor<8x16xf32>) gate_bias(%b : tensor<8xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @value_bias_size(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %v: tensor<8x16xf32>, %c: tensor<17xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected value bias size (17) to equal F (16)}}
  %0 = glu.gated_proj <gelu> %x : tensor<4x8xf32> gate(%w : tensor<8x16xf32>) value(%v : tensor<8x16xf32>) value_bias(%c : tensor<17xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @packed_bias_size(%x: tensor<4x8xf32>, %p: tensor<8x32xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected packed bias size (16) to equal 2F (32)}}
  %0 = glu.gated_proj <gelu> layout <interleaved> %x : tensor<4x8xf32> packed(%p : tensor<8x32xf32>) packed_bias(%b : tensor<16xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @result_rank(%x: tensor<2x4x8xf32>, %w: tensor<8x16xf32>, %v: tensor<8x16xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected result of rank 3 like the input, got 2}}
  %0 = glu.gated_proj <gelu> %x : tensor<2x4x8xf32> gate(%w : tensor<8x16xf32>) value(%v : tensor<8x16xf32>) -> tensor<8x16xf32>
  return
}

// -----

func.func @result_leading_dim(%x: tensor<2x4x8xf32>, %w: tensor<8x16xf32>, %v: tensor<8x16xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected result dim 1 (5) to equal input dim 1 (4)}}
  %0 = glu.gated_proj <gelu> %x : tensor<2x4x8xf32> gate(%w : tensor<8x16xf32>) value(%v : tensor<8x16xf32>) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @result_width(%x: tensor<?x8xf32>, %p: tensor<8x32xf32>) {
  // expected-error @+1 {{'glu.gated_proj' op expected result width (32) to equal F (16)}}
  %0 = glu.gated_proj <gelu> layout <gate_up> %x : tensor<?x8xf32> packed(%p : tensor<8x32xf32>) -> tensor<?x32xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// FFN: the down projection
//===----------------------------------------------------------------------===//

func.func @ffn_missing_down(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %v: tensor<8x16xf32>) {
  // expected-error @+1 {{expected 'down'}}
  %0 = glu.ffn <gelu> %x : tensor<4x8xf32> gate(%w : tensor<8x16xf32>) value(%v : tensor<8x16xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @ffn_down_rank(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %v: tensor<8x16xf32>, %w2: tensor<16xf32>) {
  // expected-error @+1 {{'glu.ffn' op expected down weight of rank 2 ([F, E]), got rank 1}}
  %0 = glu.ffn <gelu> %x : tensor<4x8xf32> gate(%w : tensor<8x16xf32>) value(%v : tensor<8x16xf32>) down(%w2 : tensor<16xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @ffn_down_rows(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %v: tensor<8x16xf32>, %w2: tensor<12x8xf32>) {
  // expected-error @+1 {{'glu.ffn' op expected down weight rows (12) to equal F (16)}}
  %0 = glu.ffn <gelu> %x : tensor<4x8xf32> gate(%w : tensor<8x16xf32>) value(%v : tensor<8x16xf32>) down(%w2 : tensor<12x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @ffn_packed_down_rows(%x: tensor<4x8xf32>, %p: tensor<8x32xf32>, %w2: tensor<32x8xf32>) {
  // expected-error @+1 {{'glu.ffn' op expected down weight rows (32) to equal F (16)}}
  %0 = glu.ffn <gelu> layout <gate_up> %x : tensor<4x8xf32> packed(%p : tensor<8x32xf32>) down(%w2 : tensor<32x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @ffn_down_bias(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %v: tensor<8x16xf32>, %w2: tensor<16x8xf32>, %b2: tensor<16xf32>) {
  // expected-error @+1 {{'glu.ffn' op expected down bias size (16) to equal E (8)}}
  %0 = glu.ffn <gelu> %x : tensor<4x8xf32> gate(%w : tensor<8x16xf32>) value(%v : tensor<8x16xf32>) down(%w2 : tensor<16x8xf32>) down_bias(%b2 : tensor<16xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @ffn_result_width(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %v: tensor<8x16xf32>, %w2: tensor<16x8xf32>) {
  // expected-error @+1 {{'glu.ffn' op expected result width (16) to equal E (8)}}
  %0 = glu.ffn <gelu> %x : tensor<4x8xf32> gate(%w : tensor<8x16xf32>) value(%v : tensor<8x16xf32>) down(%w2 : tensor<16x8xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @ffn_element_type(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %v: tensor<8x16xf32>, %w2: tensor<16x8xf16>) {
  // expected-error @+1 {{'glu.ffn' op expected all operands and the result to have element type 'f32', but operand #3 has 'f16'}}
  %0 = glu.ffn <gelu> %x : tensor<4x8xf32> gate(%w : tensor<8x16xf32>) value(%v : tensor<8x16xf32>) down(%w2 : tensor<16x8xf16>) -> tensor<4x8xf32>
  return
}
