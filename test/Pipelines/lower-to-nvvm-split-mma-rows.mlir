// glu-lower-to-nvvm{split-mma=true split-rows=64}: the mma.sync split-depth
// kernels of 16 rows (two weights: 2 row tiles x 2 weights x 4 tiles = 16
// mma.sync per 16-deep step) and 32 rows (one weight: 4 x 4 = 16) fit in
// registers for sm_80 and sm_90 under the default min-blocks-per-sm=2 (no
// spills). @gated_f16 (dynamic T): the FMA kernels of 1, 2 and 3-4 rows,
// the mma.sync kernels of 5-8 rows (8 mma.sync per step: 48 in all) and of
// 9-64 rows (16 per step: 96), the reduction kernel, and the tiled kernel
// for T > 64 (its spills are lower-to-nvvm-fused.mlir's). @gated_f16's
// d = 512 and f = 1376 keep the edge checks and partial steps of any size.
// @ffn_f16 (T = 32, LLM sizes): the gated product in 2 groups of the
// 16-row kernel (a 2-step loop on 16-byte loads, 32 mma.sync on 16 loads,
// and 16 on element loads), the reduction (gating) kernel, the down
// projection's 32-row kernel (a 3-step loop, 48 mma.sync on 12 loads of
// W2, and 16 on element loads) and its reduction. Its sizes leave out the
// partial last step.
//
// REQUIRES: ptxas
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_90 split-mma=true split-rows=64' -o %t.sm90.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.sm90.mlir --ptxas %ptxas --arch sm_90 | FileCheck %s
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_80 split-mma=true split-rows=64' -o %t.sm80.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.sm80.mlir --ptxas %ptxas --arch sm_80 | FileCheck %s

// CHECK: kernel gated_f16_gated_split_1row (.target sm_{{[89]}}0): ptxas ok, st.global 16, mma 0, {{.*}}, spill stores 0 bytes
// CHECK: kernel gated_f16_gated_split_2rows (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 0, {{.*}}, spill stores 0 bytes
// CHECK: kernel gated_f16_gated_split_4rows (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 0, {{.*}}, spill stores 0 bytes
// CHECK: kernel gated_f16_gated_split_mma_8rows (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 48, ld.global.v4 32, cp.async 0, spill stores 0 bytes
// CHECK: kernel gated_f16_gated_split_mma_16rows (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 96, ld.global.v4 32, cp.async 0, spill stores 0 bytes
// CHECK: kernel gated_f16_gated_split_reduce (.target sm_{{[89]}}0): ptxas ok, st.global 1, mma 0,
// CHECK: kernel gated_f16_gated_tiled (.target sm_{{[89]}}0): ptxas ok, {{.*}}, mma 32, ld.global.v4 0, cp.async 16,
// CHECK: kernel ffn_f16_gated_split_mma_16rows (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 48, ld.global.v4 16, cp.async 0, spill stores 0 bytes
// CHECK: kernel ffn_f16_gated_split_reduce (.target sm_{{[89]}}0): ptxas ok, st.global 1, mma 0,
// CHECK: kernel ffn_f16_down_split_mma_32rows (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 64, ld.global.v4 12, cp.async 0, spill stores 0 bytes
// CHECK: kernel ffn_f16_down_split_reduce (.target sm_{{[89]}}0): ptxas ok, st.global 1, mma 0,
// CHECK: kernels, 0 rejected by ptxas

func.func @gated_f16(%x: tensor<?x512xf16>, %w: tensor<512x1376xf16>, %v: tensor<512x1376xf16>) -> tensor<?x1376xf16> {
  %h = glu.gated_proj <gelu> %x : tensor<?x512xf16> gate(%w : tensor<512x1376xf16>) value(%v : tensor<512x1376xf16>) -> tensor<?x1376xf16>
  return %h : tensor<?x1376xf16>
}

func.func @ffn_f16(%x: tensor<32x4096xf16>, %w: tensor<4096x11008xf16>, %v: tensor<4096x11008xf16>, %w2: tensor<11008x4096xf16>) -> tensor<32x4096xf16> {
  %y = glu.ffn <gelu> %x : tensor<32x4096xf16> gate(%w : tensor<4096x11008xf16>) value(%v : tensor<4096x11008xf16>) down(%w2 : tensor<11008x4096xf16>) -> tensor<32x4096xf16>
  return %y : tensor<32x4096xf16>
}
