// glu.gated_proj in f32 on the split-depth kernels with split-mma (3xTF32:
// each operand the sum of two tf32, three mma.sync m16n8k8 per product)
// and without (FMA), and on the tiled kernel with f32-mma (3xTF32 too, with
// x as the A operand and W as B), on the host
// (glu-test-gpu-launch-to-loops), with extreme inputs whose results all
// compute exactly, so that all print the float64 reference rounded to f32
// (9 significant digits; NaN of either sign), every line whole.
//
// @special_values, extremes in x (the split-depth mma.sync's B operand, the
// tiled one's A):
//   row 0, 1: x = +-inf, then ones; W's first row 2^-80 (a tf32, whose
//             small part is 0), V's +-2^-80: H = +-inf, not the NaN of
//             inf x 0 in a cross term (splitTf32's finiteBig);
//   row 2:    NaN: NaN;
//   row 3:    x = 0x7F7FF000 (3.40199e38), which rounding to tf32 would
//             take to infinity: truncated instead (12 significant bits,
//             so big + small is exact): H = +-(x 2^-80)^2;
//   row 4:    -0: 0;
//   row 5, 7: (2^20 - 1) 2^30 and (2^21 - 1) 2^39 (20 and 21 significant
//             bits: big and small both nonzero and exact) times W's and
//             V's quarters;
//   row 6:    small integers.
// @special_weights, extremes in W (the A operand; tiled: B): x row r is the
// unit vector e_r (row 5: infinity at depth 5), V is ones, so H[r][r] =
// W[r][r] (row 5: infinity x W[5][5]) and the rest is 0, or NaN where 0 (or
// infinity) meets infinity or NaN: W[r][r] = inf, -inf, NaN 0x7F800001
// (payload in the low bits), NaN 0xFFFFFFFF, 0x7F7FF000, 2^-140 (a subnormal
// whose tf32 is 0: infinity x 2^-140 must stay infinity), 1.5, -2.25.
// T = 8 takes the 8-row kernel (with split-rows=0 the tiled kernel, a
// partial 128-row block); D = 16 is one 16-deep step. On a GPU:
// split-mma-f32-special-values-gpu.mlir.
//
// RUN: glu-opt %s --convert-glu-to-gpu=split-mma=true --glu-test-gpu-launch-to-loops -o %t.mma.mlir
// RUN: env OMP_WAIT_POLICY=passive %glu_run %t.mma.mlir --target=cpu --lowering-options=fused=false --print | FileCheck %s --match-full-lines
// RUN: env OMP_WAIT_POLICY=passive %glu_run %t.mma.mlir --target=cpu --lowering-options=fused=false --print --entry=special_weights | FileCheck %s --match-full-lines --check-prefix=WEIGHTS
// RUN: glu-opt %s --convert-glu-to-gpu='split-rows=0 f32-mma=true' --glu-test-gpu-launch-to-loops -o %t.tiled.mlir
// RUN: env OMP_WAIT_POLICY=passive %glu_run %t.tiled.mlir --target=cpu --lowering-options=fused=false --print | FileCheck %s --match-full-lines
// RUN: env OMP_WAIT_POLICY=passive %glu_run %t.tiled.mlir --target=cpu --lowering-options=fused=false --print --entry=special_weights | FileCheck %s --match-full-lines --check-prefix=WEIGHTS
// RUN: glu-opt %s --convert-glu-to-gpu --glu-test-gpu-launch-to-loops -o %t.fma.mlir
// RUN: env OMP_WAIT_POLICY=passive %glu_run %t.fma.mlir --target=cpu --lowering-options=fused=false --print | FileCheck %s --match-full-lines
// RUN: env OMP_WAIT_POLICY=passive %glu_run %t.fma.mlir --target=cpu --lowering-options=fused=false --print --entry=special_weights | FileCheck %s --match-full-lines --check-prefix=WEIGHTS

// CHECK: result #0: tensor<8x8xf32> checksum {{.*}}
// CHECK-NEXT: inf
// CHECK-NEXT: -inf
// CHECK-NEXT: inf
// CHECK-NEXT: -inf
// CHECK-NEXT: inf
// CHECK-NEXT: -inf
// CHECK-NEXT: inf
// CHECK-NEXT: -inf
// CHECK-NEXT: inf
// CHECK-NEXT: -inf
// CHECK-NEXT: inf
// CHECK-NEXT: -inf
// CHECK-NEXT: inf
// CHECK-NEXT: -inf
// CHECK-NEXT: inf
// CHECK-NEXT: -inf
// CHECK-NEXT: {{-?nan}}
// CHECK-NEXT: {{-?nan}}
// CHECK-NEXT: {{-?nan}}
// CHECK-NEXT: {{-?nan}}
// CHECK-NEXT: {{-?nan}}
// CHECK-NEXT: {{-?nan}}
// CHECK-NEXT: {{-?nan}}
// CHECK-NEXT: {{-?nan}}
// CHECK-NEXT: 7.91894816e+28
// CHECK-NEXT: -7.91894816e+28
// CHECK-NEXT: 7.91894816e+28
// CHECK-NEXT: -7.91894816e+28
// CHECK-NEXT: 7.91894816e+28
// CHECK-NEXT: -7.91894816e+28
// CHECK-NEXT: 7.91894816e+28
// CHECK-NEXT: -7.91894816e+28
// CHECK-NEXT: 0
// CHECK-NEXT: 0
// CHECK-NEXT: 0
// CHECK-NEXT: 0
// CHECK-NEXT: 0
// CHECK-NEXT: 0
// CHECK-NEXT: 0
// CHECK-NEXT: 0
// CHECK-NEXT: 7.92280114e+28
// CHECK-NEXT: 0
// CHECK-NEXT: 7.92280114e+28
// CHECK-NEXT: 3.16912046e+29
// CHECK-NEXT: 7.13052103e+29
// CHECK-NEXT: 1.26764818e+30
// CHECK-NEXT: 1.98070028e+30
// CHECK-NEXT: 2.85220841e+30
// CHECK-NEXT: 12.25
// CHECK-NEXT: 4
// CHECK-NEXT: 0.25
// CHECK-NEXT: 1
// CHECK-NEXT: 6.25
// CHECK-NEXT: 16
// CHECK-NEXT: 30.25
// CHECK-NEXT: 49
// CHECK-NEXT: 2.07691684e+36
// CHECK-NEXT: 1.32922673e+36
// CHECK-NEXT: 7.47690035e+35
// CHECK-NEXT: 3.32306682e+35
// CHECK-NEXT: 8.30766705e+34
// CHECK-NEXT: 0
// CHECK-NEXT: 8.30766705e+34
// CHECK-NEXT: 3.32306682e+35

// WEIGHTS:      result #0: tensor<8x8xf32> checksum {{.*}}
// WEIGHTS-NEXT: inf
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: -inf
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: 3.4019929e+38
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: inf
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: 1.5
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: {{-?nan}}
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: 0
// WEIGHTS-NEXT: -2.25

func.func @special_values() -> tensor<8x8xf32> {
  %x = arith.constant dense<[[0x7F800000, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
                             [0xFF800000, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
                             [0x7FC00000, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
                             [0x7F7FF000, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [-0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0],
                             [0.0, 1125898833100800.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 1.0, 2.0, 3.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 0.0, 0.0, 1.1529209548510331e+18, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<8x16xf32>
  %w = arith.constant dense<[[0x17800000, 0x17800000, 0x17800000, 0x17800000, 0x17800000, 0x17800000, 0x17800000, 0x17800000],
                             [0.25, 0.0, -0.25, -0.5, -0.75, -1.0, -1.25, -1.5],
                             [0.5, 0.25, 0.0, -0.25, -0.5, -0.75, -1.0, -1.25],
                             [0.75, 0.5, 0.25, 0.0, -0.25, -0.5, -0.75, -1.0],
                             [1.0, 0.75, 0.5, 0.25, 0.0, -0.25, -0.5, -0.75],
                             [1.25, 1.0, 0.75, 0.5, 0.25, 0.0, -0.25, -0.5],
                             [1.5, 1.25, 1.0, 0.75, 0.5, 0.25, 0.0, -0.25],
                             [1.75, 1.5, 1.25, 1.0, 0.75, 0.5, 0.25, 0.0],
                             [2.0, 1.75, 1.5, 1.25, 1.0, 0.75, 0.5, 0.25],
                             [2.25, 2.0, 1.75, 1.5, 1.25, 1.0, 0.75, 0.5],
                             [2.5, 2.25, 2.0, 1.75, 1.5, 1.25, 1.0, 0.75],
                             [2.75, 2.5, 2.25, 2.0, 1.75, 1.5, 1.25, 1.0],
                             [3.0, 2.75, 2.5, 2.25, 2.0, 1.75, 1.5, 1.25],
                             [3.25, 3.0, 2.75, 2.5, 2.25, 2.0, 1.75, 1.5],
                             [3.5, 3.25, 3.0, 2.75, 2.5, 2.25, 2.0, 1.75],
                             [3.75, 3.5, 3.25, 3.0, 2.75, 2.5, 2.25, 2.0]]> : tensor<16x8xf32>
  %v = arith.constant dense<[[0x17800000, 0x97800000, 0x17800000, 0x97800000, 0x17800000, 0x97800000, 0x17800000, 0x97800000],
                             [0.25, 0.0, -0.25, -0.5, -0.75, -1.0, -1.25, -1.5],
                             [0.5, 0.25, 0.0, -0.25, -0.5, -0.75, -1.0, -1.25],
                             [0.75, 0.5, 0.25, 0.0, -0.25, -0.5, -0.75, -1.0],
                             [1.0, 0.75, 0.5, 0.25, 0.0, -0.25, -0.5, -0.75],
                             [1.25, 1.0, 0.75, 0.5, 0.25, 0.0, -0.25, -0.5],
                             [1.5, 1.25, 1.0, 0.75, 0.5, 0.25, 0.0, -0.25],
                             [1.75, 1.5, 1.25, 1.0, 0.75, 0.5, 0.25, 0.0],
                             [2.0, 1.75, 1.5, 1.25, 1.0, 0.75, 0.5, 0.25],
                             [2.25, 2.0, 1.75, 1.5, 1.25, 1.0, 0.75, 0.5],
                             [2.5, 2.25, 2.0, 1.75, 1.5, 1.25, 1.0, 0.75],
                             [2.75, 2.5, 2.25, 2.0, 1.75, 1.5, 1.25, 1.0],
                             [3.0, 2.75, 2.5, 2.25, 2.0, 1.75, 1.5, 1.25],
                             [3.25, 3.0, 2.75, 2.5, 2.25, 2.0, 1.75, 1.5],
                             [3.5, 3.25, 3.0, 2.75, 2.5, 2.25, 2.0, 1.75],
                             [3.75, 3.5, 3.25, 3.0, 2.75, 2.5, 2.25, 2.0]]> : tensor<16x8xf32>
  %h = glu.gated_proj <identity> %x : tensor<8x16xf32> gate(%w : tensor<16x8xf32>) value(%v : tensor<16x8xf32>) -> tensor<8x8xf32>
  return %h : tensor<8x8xf32>
}

func.func @special_weights() -> tensor<8x8xf32> {
  %x = arith.constant dense<[[1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 0.0, 0.0, 0x7F800000, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<8x16xf32>
  %w = arith.constant dense<[[0x7F800000, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 0xFF800000, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 0.0, 0x7F800001, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 0xFFFFFFFF, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 0.0, 0x7F7FF000, 0.0, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 0.0, 0.0, 0x00000200, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.5, 0.0],
                             [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -2.25],
                             [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<16x8xf32>
  %v = arith.constant dense<1.0> : tensor<16x8xf32>
  %h = glu.gated_proj <identity> %x : tensor<8x16xf32> gate(%w : tensor<16x8xf32>) value(%v : tensor<16x8xf32>) -> tensor<8x8xf32>
  return %h : tensor<8x8xf32>
}
