// glu-lower-to-nvvm{gated-split-blocks=264} forwards gated-split-blocks to
// convert-glu-to-gpu, and ptxas accepts the kernels for sm_80 and sm_90
// without spills (d = 512, f = 1376, dynamic T; split-rows=0 gives every T
// to the tiled kernels). Each glu.ffn then has 6 kernels: the gated kernel
// on the whole depth (32 stores of H per thread, one per accumulator of
// each weight pair), on depth slices (64 stores: G's and V's partial sums)
// and their reduction (one store of H), then the down kernel's three.
// Without the option the gated kernel has no sliced form: 4 kernels. Both
// tiled forms multiply on mma.sync with cp.async staging in f16, on FMA
// with 16-byte loads in f32.
//
// REQUIRES: ptxas
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_90 split-rows=0 gated-split-blocks=264' -o %t.sm90.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.sm90.mlir --ptxas %ptxas --arch sm_90 --max-spill-bytes 0 | FileCheck %s
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_80 split-rows=0 gated-split-blocks=264' -o %t.sm80.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.sm80.mlir --ptxas %ptxas --arch sm_80 --max-spill-bytes 0 | FileCheck %s
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_90 split-rows=0' -o %t.default.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.default.mlir --ptxas %ptxas --arch sm_90 | FileCheck %s --check-prefix=DEFAULT

// CHECK:      kernel ffn_f16_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK-NEXT: kernel ffn_f16_gated_tiled_sliced (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK-NEXT: kernel ffn_f16_gated_tiled_reduce (.target sm_{{[89]}}0): ptxas ok, st.global 1, mma 0, ld.global.v4 0, cp.async 0, spill stores 0 bytes
// CHECK-NEXT: kernel ffn_f16_down_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK-NEXT: kernel ffn_f16_down_tiled_sliced (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK-NEXT: kernel ffn_f16_down_tiled_reduce (.target sm_{{[89]}}0): ptxas ok, st.global 1, mma 0, ld.global.v4 0, cp.async 0, spill stores 0 bytes
// CHECK-NEXT: kernel ffn_f32_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
// CHECK-NEXT: kernel ffn_f32_gated_tiled_sliced (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
// CHECK-NEXT: kernel ffn_f32_gated_tiled_reduce (.target sm_{{[89]}}0): ptxas ok, st.global 1, mma 0, ld.global.v4 0, cp.async 0, spill stores 0 bytes
// CHECK-NEXT: kernel ffn_f32_down_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
// CHECK-NEXT: kernel ffn_f32_down_tiled_sliced (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
// CHECK-NEXT: kernel ffn_f32_down_tiled_reduce (.target sm_{{[89]}}0): ptxas ok, st.global 1, mma 0, ld.global.v4 0, cp.async 0, spill stores 0 bytes
// CHECK-NEXT: 12 kernels, 0 rejected by ptxas

// DEFAULT:      kernel ffn_f16_gated_tiled (.target sm_90): ptxas ok, st.global 32, mma 32,
// DEFAULT-NEXT: kernel ffn_f16_down_tiled (.target sm_90): ptxas ok, st.global 64, mma 32,
// DEFAULT-NEXT: kernel ffn_f16_down_tiled_sliced (.target sm_90): ptxas ok, st.global 64, mma 32,
// DEFAULT-NEXT: kernel ffn_f16_down_tiled_reduce (.target sm_90): ptxas ok, st.global 1, mma 0,
// DEFAULT:      8 kernels, 0 rejected by ptxas

func.func @ffn_f16(%x: tensor<?x512xf16>, %w: tensor<512x1376xf16>,
                   %v: tensor<512x1376xf16>, %w2: tensor<1376x512xf16>)
    -> tensor<?x512xf16> {
  %y = glu.ffn <gelu> %x : tensor<?x512xf16>
      gate(%w : tensor<512x1376xf16>) value(%v : tensor<512x1376xf16>)
      down(%w2 : tensor<1376x512xf16>) -> tensor<?x512xf16>
  return %y : tensor<?x512xf16>
}

func.func @ffn_f32(%x: tensor<?x512xf32>, %w: tensor<512x1376xf32>,
                   %v: tensor<512x1376xf32>, %w2: tensor<1376x512xf32>)
    -> tensor<?x512xf32> {
  %y = glu.ffn <gelu> %x : tensor<?x512xf32>
      gate(%w : tensor<512x1376xf32>) value(%v : tensor<512x1376xf32>)
      down(%w2 : tensor<1376x512xf32>) -> tensor<?x512xf32>
  return %y : tensor<?x512xf32>
}
