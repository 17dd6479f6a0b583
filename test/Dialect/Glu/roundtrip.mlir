// RUN: glu-opt %s | FileCheck %s
// Custom form -> custom form, then custom -> generic -> custom: both must be
// stable.
// RUN: glu-opt %s | glu-opt | FileCheck %s
// RUN: glu-opt %s --mlir-print-op-generic | glu-opt | FileCheck %s
// RUN: glu-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// CHECK-LABEL: func @activations
func.func @activations(%x: tensor<?x8xf32>) {
  // CHECK: glu.activation <identity> %{{.*}} : tensor<?x8xf32>
  %0 = glu.activation <identity> %x : tensor<?x8xf32>
  // CHECK: glu.activation <sigmoid>
  %1 = glu.activation <sigmoid> %x : tensor<?x8xf32>
  // CHECK: glu.activation <relu>
  %2 = glu.activation <relu> %x : tensor<?x8xf32>
  // CHECK: glu.activation <relu_squared>
  %3 = glu.activation <relu_squared> %x : tensor<?x8xf32>
  // CHECK: glu.activation <gelu>
  %4 = glu.activation <gelu> %x : tensor<?x8xf32>
  // CHECK: glu.activation <gelu_tanh>
  %5 = glu.activation <gelu_tanh> %x : tensor<?x8xf32>
  // CHECK: glu.activation <quick_gelu>
  %6 = glu.activation <quick_gelu> %x : tensor<?x8xf32>
  // Beta 1 (SiLU) is the default and is not printed.
  // CHECK: glu.activation <swish> %
  %7 = glu.activation <swish, beta = 1.0> %x : tensor<?x8xf32>
  // CHECK: glu.activation <swish, beta = 1.702000e+00>
  %8 = glu.activation <swish, beta = 1.702> %x : tensor<?x8xf32>
  // GENERIC: "glu.activation"(%{{.*}}) <{activation = #glu.activation<swish, beta = 1.702000e+00>}>
  return
}

// CHECK-LABEL: func @element_types
func.func @element_types(%a: tensor<4xf16>, %b: tensor<2x3x4xbf16>, %c: tensor<0xf64>) {
  // CHECK: glu.activation <gelu> %{{.*}} : tensor<4xf16>
  %0 = glu.activation <gelu> %a : tensor<4xf16>
  // CHECK: glu.activation <gelu_tanh> %{{.*}} : tensor<2x3x4xbf16>
  %1 = glu.activation <gelu_tanh> %b : tensor<2x3x4xbf16>
  // CHECK: glu.activation <relu> %{{.*}} : tensor<0xf64>
  %2 = glu.activation <relu> %c : tensor<0xf64>
  return
}

// CHECK-LABEL: func @gates
func.func @gates(%g: tensor<?x16xf32>, %v: tensor<?x16xf32>) {
  // CHECK: glu.gate <gelu> %[[G:.*]], %[[V:.*]] : tensor<?x16xf32>
  %0 = glu.gate <gelu> %g, %v : tensor<?x16xf32>
  // GPT-OSS clamp; parameters print in declaration order.
  // CHECK: glu.gate <swish, beta = 1.702000e+00> clamp <gate_limit = 7.000000e+00, value_limit = 7.000000e+00, value_offset = 1.000000e+00>
  %1 = glu.gate <swish, beta = 1.702> clamp <value_offset = 1.0, value_limit = 7.0, gate_limit = 7.0> %g, %v : tensor<?x16xf32>
  // Omitted clamp parameters are neutral and stay omitted.
  // CHECK: glu.gate <sigmoid> clamp <value_limit = 3.500000e+00> %
  %2 = glu.gate <sigmoid> clamp <value_limit = 3.5> %g, %v : tensor<?x16xf32>
  // GENERIC: "glu.gate"(%{{.*}}, %{{.*}}) <{activation = #glu.activation<sigmoid>, clamp = #glu.clamp<value_limit = 3.500000e+00>}>
  return
}

// CHECK-LABEL: func @gated_proj_separate
func.func @gated_proj_separate(%x: tensor<?x?x64xf32>, %w: tensor<64x128xf32>,
                               %v: tensor<64x128xf32>, %b: tensor<128xf32>,
                               %c: tensor<128xf32>) {
  // CHECK: glu.gated_proj <gelu> %{{.*}} : tensor<?x?x64xf32> gate(%{{.*}} : tensor<64x128xf32>) value(%{{.*}} : tensor<64x128xf32>) -> tensor<?x?x128xf32>
  %0 = glu.gated_proj <gelu> %x : tensor<?x?x64xf32>
         gate(%w : tensor<64x128xf32>) value(%v : tensor<64x128xf32>)
         -> tensor<?x?x128xf32>
  // CHECK: glu.gated_proj <relu> %{{.*}} gate_bias(%{{.*}} : tensor<128xf32>) value_bias(%{{.*}} : tensor<128xf32>) -> tensor<?x?x128xf32>
  %1 = glu.gated_proj <relu> %x : tensor<?x?x64xf32>
         gate(%w : tensor<64x128xf32>) value(%v : tensor<64x128xf32>)
         gate_bias(%b : tensor<128xf32>) value_bias(%c : tensor<128xf32>)
         -> tensor<?x?x128xf32>
  // An explicit `separate` layout is kept.
  // CHECK: glu.gated_proj <identity> layout <separate> %
  %2 = glu.gated_proj <identity> layout <separate> %x : tensor<?x?x64xf32>
         gate(%w : tensor<64x128xf32>) value(%v : tensor<64x128xf32>)
         -> tensor<?x?x128xf32>
  // GENERIC: "glu.gated_proj"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) <{activation = #glu.activation<relu>, operandSegmentSizes = array<i32: 1, 1, 1, 0, 1, 1, 0>}>
  return
}

// CHECK-LABEL: func @gated_proj_packed
func.func @gated_proj_packed(%x: tensor<8x64xf32>, %p: tensor<64x256xf32>,
                             %pd: tensor<64x?xf32>, %pb: tensor<256xf32>) {
  // CHECK: glu.gated_proj <swish> layout <gate_up> %{{.*}} : tensor<8x64xf32> packed(%{{.*}} : tensor<64x256xf32>) -> tensor<8x128xf32>
  %0 = glu.gated_proj <swish> layout <gate_up> %x : tensor<8x64xf32>
         packed(%p : tensor<64x256xf32>) -> tensor<8x128xf32>
  // CHECK: glu.gated_proj <sigmoid> layout <up_gate> %{{.*}} packed_bias(%{{.*}} : tensor<256xf32>) -> tensor<8x128xf32>
  %1 = glu.gated_proj <sigmoid> layout <up_gate> %x : tensor<8x64xf32>
         packed(%p : tensor<64x256xf32>) packed_bias(%pb : tensor<256xf32>)
         -> tensor<8x128xf32>
  // CHECK: glu.gated_proj <gelu_tanh> layout <interleaved> %
  %2 = glu.gated_proj <gelu_tanh> layout <interleaved, granularity = 1> %x
         : tensor<8x64xf32> packed(%p : tensor<64x256xf32>) -> tensor<8x128xf32>
  // CHECK: glu.gated_proj <quick_gelu> layout <interleaved, granularity = 32> %{{.*}} packed(%{{.*}} : tensor<64x?xf32>) -> tensor<8x?xf32>
  %3 = glu.gated_proj <quick_gelu> layout <interleaved, granularity = 32> %x
         : tensor<8x64xf32> packed(%pd : tensor<64x?xf32>) -> tensor<8x?xf32>
  // GENERIC: "glu.gated_proj"(%{{.*}}, %{{.*}}) <{activation = #glu.activation<swish>, layout = #glu.layout<gate_up>, operandSegmentSizes = array<i32: 1, 0, 0, 1, 0, 0, 0>}>
  return
}

// CHECK-LABEL: func @ffn
func.func @ffn(%x: tensor<2x?x64xbf16>, %w: tensor<64x128xbf16>,
               %v: tensor<64x128xbf16>, %w2: tensor<128x64xbf16>,
               %b2: tensor<64xbf16>, %p: tensor<64x256xbf16>,
               %pb: tensor<256xbf16>) {
  // CHECK: glu.ffn <gelu_tanh> %{{.*}} : tensor<2x?x64xbf16> gate(%{{.*}} : tensor<64x128xbf16>) value(%{{.*}} : tensor<64x128xbf16>) down(%{{.*}} : tensor<128x64xbf16>) -> tensor<2x?x64xbf16>
  %0 = glu.ffn <gelu_tanh> %x : tensor<2x?x64xbf16>
         gate(%w : tensor<64x128xbf16>) value(%v : tensor<64x128xbf16>)
         down(%w2 : tensor<128x64xbf16>) -> tensor<2x?x64xbf16>
  // CHECK: glu.ffn <swish, beta = 1.702000e+00> clamp <gate_limit = 7.000000e+00, value_limit = 7.000000e+00, value_offset = 1.000000e+00> layout <interleaved> %{{.*}} packed_bias(%{{.*}} : tensor<256xbf16>) down(%{{.*}} : tensor<128x64xbf16>) down_bias(%{{.*}} : tensor<64xbf16>) -> tensor<2x?x64xbf16>
  %1 = glu.ffn <swish, beta = 1.702>
         clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0>
         layout <interleaved> %x : tensor<2x?x64xbf16>
         packed(%p : tensor<64x256xbf16>) packed_bias(%pb : tensor<256xbf16>)
         down(%w2 : tensor<128x64xbf16>) down_bias(%b2 : tensor<64xbf16>)
         -> tensor<2x?x64xbf16>
  // GENERIC: "glu.ffn"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) <{activation = #glu.activation<gelu_tanh>, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 1, 0>}>
  return
}

// Attributes also round-trip on their own.
// CHECK-LABEL: func @attributes
// CHECK-SAME: glu.act = #glu.activation<swish, beta = -5.000000e-01>
// CHECK-SAME: glu.clamp = #glu.clamp<gate_limit = 0.000000e+00>
// CHECK-SAME: glu.layout = #glu.layout<interleaved, granularity = 4>
func.func @attributes() attributes {
    glu.act = #glu.activation<swish, beta = -0.5>,
    glu.clamp = #glu.clamp<gate_limit = 0.0>,
    glu.layout = #glu.layout<interleaved, granularity = 4>} {
  return
}
