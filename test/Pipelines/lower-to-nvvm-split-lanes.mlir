// glu-lower-to-nvvm{split-lanes=N} forwards split-lanes to
// convert-glu-to-gpu, and ptxas accepts the split-depth kernels with depth
// lanes for sm_80 and sm_90 without spills: at T = 1 and (d, f) = (4096,
// 11008) in f16 with 32 lanes, the gated product (344 blocks of 32
// columns on the whole depth) stores only H (one st.global: the epilogue
// runs in the product kernel), its reduction kernel (no blocks) follows,
// then the down projection on 3 depth slices stores its partial sums (one
// st.global) for its reduction; with a dynamic T (d = 512, f = 1376) every
// kernel of 1 to 8 rows, with 32, 8 and 2 lanes (with 2, the 8-row f16
// kernel holds 128 sums and each thread adds 32 outputs of each weight).
//
// REQUIRES: ptxas
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_90 split-lanes=32' -o %t.sm90.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.sm90.mlir --ptxas %ptxas --arch sm_90 --max-spill-bytes 0 | FileCheck %s
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_80 split-lanes=32' -o %t.sm80.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.sm80.mlir --ptxas %ptxas --arch sm_80 --max-spill-bytes 0 | FileCheck %s
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_90 split-lanes=8' -o %t.lanes8.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.lanes8.mlir --ptxas %ptxas --arch sm_90 --max-spill-bytes 0 | FileCheck %s --check-prefix=LANES8
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_90 split-lanes=2' -o %t.lanes2.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.lanes2.mlir --ptxas %ptxas --arch sm_90 --max-spill-bytes 0 | FileCheck %s --check-prefix=LANES2

// CHECK:      kernel decode_f16_gated_split_1row (.target sm_{{[89]}}0): ptxas ok, st.global 1, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
// CHECK-NEXT: kernel decode_f16_gated_split_reduce (.target sm_{{[89]}}0): ptxas ok, st.global 1, mma 0, ld.global.v4 0, cp.async 0, spill stores 0 bytes
// CHECK-NEXT: kernel decode_f16_down_split_1row (.target sm_{{[89]}}0): ptxas ok, st.global 1, mma 0, ld.global.v4 9, cp.async 0, spill stores 0 bytes
// CHECK-NEXT: kernel decode_f16_down_split_reduce (.target sm_{{[89]}}0): ptxas ok, st.global 1, mma 0, ld.global.v4 0, cp.async 0, spill stores 0 bytes
// CHECK:      18 kernels, 0 rejected by ptxas

// With 8 lanes the gated product has 128 columns per block, 86 blocks: 4
// depth slices, whose partial sums of G and V it stores.
// LANES8:      kernel decode_f16_gated_split_1row (.target sm_90): ptxas ok, st.global 2, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
// LANES8:      18 kernels, 0 rejected by ptxas
// LANES2:      18 kernels, 0 rejected by ptxas

func.func @decode_f16(%x: tensor<1x4096xf16>, %w: tensor<4096x11008xf16>,
                      %v: tensor<4096x11008xf16>,
                      %w2: tensor<11008x4096xf16>) -> tensor<1x4096xf16> {
  %y = glu.ffn <gelu> %x : tensor<1x4096xf16>
      gate(%w : tensor<4096x11008xf16>) value(%v : tensor<4096x11008xf16>)
      down(%w2 : tensor<11008x4096xf16>) -> tensor<1x4096xf16>
  return %y : tensor<1x4096xf16>
}

func.func @ffn_f16(%x: tensor<?x512xf16>, %w: tensor<512x1376xf16>,
                   %v: tensor<512x1376xf16>, %w2: tensor<1376x512xf16>)
    -> tensor<?x512xf16> {
  %y = glu.ffn <gelu> %x : tensor<?x512xf16>
      gate(%w : tensor<512x1376xf16>) value(%v : tensor<512x1376xf16>)
      down(%w2 : tensor<1376x512xf16>) -> tensor<?x512xf16>
  return %y : tensor<?x512xf16>
}
