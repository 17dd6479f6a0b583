// glu-lower-to-nvvm{split-mma=true}: the f16/bf16 split-depth products of
// more than 4 rows multiply with mma.sync, and ptxas accepts them for sm_80
// and sm_90 (spilling at most 12 bytes). @gated_f16 (dynamic T, and d = 512
// and f = 1376, which keep the edge checks and partial steps of any size,
// the sizes being constants in the kernels: the 1-, 2- and 4-row FMA
// kernels before them, the reduction and the tiled kernel after): the
// 8-row kernel (5 to 8 rows), 2 weights x 4 tiles of 16 columns per
// 16-deep step, 16 mma.sync in the 2-step loop, 8 in its remainder and 8
// in the masked last step, then 8 + 8 on element loads (weights not
// aligned for 16-byte loads) = 48, on 16-byte loads of 4 depth rows per
// weight and step (32 = 16 + 8 + 8); the 16-row kernel (9 to 16 rows,
// split-rows' default) twice as many mma.sync on the same loads (sm_90:
// 255 registers and 12 bytes spilled). With static T (@ffn_bf16,
// @interleaved_f16: T = 8) LLVM drops the steps that the sizes rule out,
// hence fewer. Interleaved weights of granularity 1 share their 16-byte
// loads between gate and value. f32 (@gated_f32, as @gated_f16) takes
// 3xTF32 on mma.sync m16n8k8: per 16-deep step and 8 rows, 2 m16n8k8 steps
// x 2 weights x 2 tiles of 16 columns x 3 products = 24, three times the
// f16 kernel's 8, so 144, 288 and 576 for 8, 16 and 32 rows (T up to 32,
// split-rows' f32 default), without spills.
//
// REQUIRES: ptxas
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_90 split-mma=true' -o %t.sm90.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.sm90.mlir --ptxas %ptxas --arch sm_90 | FileCheck %s
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_80 split-mma=true' -o %t.sm80.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.sm80.mlir --ptxas %ptxas --arch sm_80 | FileCheck %s
// RUN: FileCheck %s --check-prefix=PTX < %t.sm90.mlir

// PTX: mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32
// PTX: mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32
// PTX: mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32

// CHECK: kernel gated_f16_gated_split_mma_8rows (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 48, ld.global.v4 32, cp.async 0, spill stores 0 bytes
// CHECK-NEXT: kernel gated_f16_gated_split_mma_16rows (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 96, ld.global.v4 32, cp.async 0, spill stores {{0|12}} bytes
// CHECK: kernel ffn_bf16_gated_split_mma_8rows (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 24, ld.global.v4 16, cp.async 0, spill stores 0 bytes
// CHECK: kernel ffn_bf16_down_split_mma_8rows (.target sm_{{[89]}}0): ptxas ok, st.global 16, mma 12, ld.global.v4 8, cp.async 0, spill stores 0 bytes
// CHECK: kernel interleaved_f16_gated_split_mma_8rows (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 24, ld.global.v4 16, cp.async 0, spill stores 0 bytes
// CHECK: kernel gated_f32_gated_split_mma_8rows (.target sm_{{[89]}}0): ptxas ok, st.global 16, mma 144, ld.global.v4 32, cp.async 0, spill stores 0 bytes
// CHECK-NEXT: kernel gated_f32_gated_split_mma_16rows (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 288, ld.global.v4 32, cp.async 0, spill stores 0 bytes
// CHECK-NEXT: kernel gated_f32_gated_split_mma_32rows (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 576, ld.global.v4 32, cp.async 0, spill stores 0 bytes
// CHECK: kernels, 0 rejected by ptxas

func.func @gated_f16(%x: tensor<?x512xf16>, %w: tensor<512x1376xf16>, %v: tensor<512x1376xf16>) -> tensor<?x1376xf16> {
  %h = glu.gated_proj <gelu> %x : tensor<?x512xf16> gate(%w : tensor<512x1376xf16>) value(%v : tensor<512x1376xf16>) -> tensor<?x1376xf16>
  return %h : tensor<?x1376xf16>
}

func.func @ffn_bf16(%x: tensor<8x512xbf16>, %w: tensor<512x1376xbf16>, %v: tensor<512x1376xbf16>, %w2: tensor<1376x512xbf16>) -> tensor<8x512xbf16> {
  %y = glu.ffn <swish> %x : tensor<8x512xbf16> gate(%w : tensor<512x1376xbf16>) value(%v : tensor<512x1376xbf16>) down(%w2 : tensor<1376x512xbf16>) -> tensor<8x512xbf16>
  return %y : tensor<8x512xbf16>
}

func.func @interleaved_f16(%x: tensor<8x512xf16>, %p: tensor<512x2752xf16>) -> tensor<8x1376xf16> {
  %h = glu.gated_proj <swish> layout <interleaved, granularity = 1> %x : tensor<8x512xf16> packed(%p : tensor<512x2752xf16>) -> tensor<8x1376xf16>
  return %h : tensor<8x1376xf16>
}

func.func @gated_f32(%x: tensor<?x512xf32>, %w: tensor<512x1376xf32>, %v: tensor<512x1376xf32>) -> tensor<?x1376xf32> {
  %h = glu.gated_proj <gelu> %x : tensor<?x512xf32> gate(%w : tensor<512x1376xf32>) value(%v : tensor<512x1376xf32>) -> tensor<?x1376xf32>
  return %h : tensor<?x1376xf32>
}
