// glu-lower-to-nvvm{f32-mma=true}: the f32 tiled kernels multiply on the
// tensor cores in 3xTF32, and ptxas accepts them for sm_80 and sm_90
// (on sm_90 spilling at most 56 bytes under the default
// min-blocks-per-sm=2, which caps them at 128 registers: the x fragments'
// three parts take 24; the most, @interleaved_f32, whose weights' loads
// wait in registers during the products). The gated kernel's 95 KiB of
// shared memory (4 stages of 19 KiB and the small parts' 19; the down
// kernel's 93) let two blocks share an sm_90 multiprocessor (228 KiB), but
// not an sm_80 one (164 KiB; with mma-stages=3, 76 KiB, they do): there
// glu-gpu-min-blocks-per-sm asks for one (.minnctapersm 1), which leaves
// them their registers (no spills; the reduction, without shared memory,
// gets 2). split-rows=0 gives every T to the tiled
// kernels. @ffn_f32 (dynamic T; d = 512, f = 1376): the gated kernel, the
// down kernel on the whole depth and on depth slices (each 96 mma.sync
// m16n8k8 per 16-deep step: 2 halves x 16 tile pairs x 3, on ldmatrix A
// fragments: 2 per half and part), all copying their tiles with cp.async
// (4 copies of 16 bytes per thread and step, 2 of x and 2 of the weights,
// in the prologue's 3 steps and the loop's 1: 16), and the reduction of
// the slices. @interleaved_f32 (granularity 1): the weights, whose 4
// columns of a 16-byte load are 2 gate and 2 value ones, go through
// registers (16-byte global loads), x with cp.async. Without f32-mma the
// same kernels use FMA.
//
// REQUIRES: ptxas
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_90 split-rows=0 f32-mma=true' -o %t.sm90.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.sm90.mlir --ptxas %ptxas --arch sm_90 --max-spill-bytes 56 | FileCheck %s
// RUN: %python %glu_src_root/utils/check_ptx.py %t.sm90.mlir --ptxas %ptxas --arch sm_90 --loop-instructions | FileCheck %s --check-prefix=LOOP
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_80 split-rows=0 f32-mma=true' -o %t.sm80.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.sm80.mlir --ptxas %ptxas --arch sm_80 --max-spill-bytes 0 --registers | FileCheck %s --check-prefix=SM80
// RUN: FileCheck %s --check-prefix=PTX < %t.sm90.mlir
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_90 split-rows=0' -o %t.fma.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.fma.mlir --ptxas %ptxas --arch sm_90 | FileCheck %s --check-prefix=FMA

// PTX: ldmatrix.sync.aligned.m8n8.x4.shared.b16
// PTX: mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32

// CHECK: kernel ffn_f32_gated_tiled (.target sm_90): ptxas ok, st.global 32, mma 96, ld.global.v4 0, cp.async 16, spill stores {{[0-9]+}} bytes
// CHECK-NEXT: kernel ffn_f32_down_tiled (.target sm_90): ptxas ok, st.global 64, mma 96, ld.global.v4 0, cp.async 16, spill stores {{[0-9]+}} bytes
// CHECK-NEXT: kernel ffn_f32_down_tiled_sliced (.target sm_90): ptxas ok, st.global 64, mma 96, ld.global.v4 0, cp.async 16, spill stores {{[0-9]+}} bytes
// CHECK-NEXT: kernel ffn_f32_down_tiled_reduce (.target sm_90): ptxas ok, st.global 1, mma 0, ld.global.v4 0, cp.async 0, spill stores 0 bytes
// CHECK-NEXT: kernel interleaved_f32_gated_tiled (.target sm_90): ptxas ok, st.global 32, mma 96, ld.global.v4 8, cp.async 8, spill stores {{[0-9]+}} bytes
// CHECK-NEXT: 5 kernels, 0 rejected by ptxas

// SM80:      kernel ffn_f32_gated_tiled (.target sm_80): ptxas ok, st.global 32, mma 96, ld.global.v4 0, cp.async 16, spill stores 0 bytes, {{[0-9]+}} registers, .minnctapersm 1
// SM80-NEXT: kernel ffn_f32_down_tiled (.target sm_80): ptxas ok, st.global 64, mma 96, ld.global.v4 0, cp.async 16, spill stores 0 bytes, {{[0-9]+}} registers, .minnctapersm 1
// SM80-NEXT: kernel ffn_f32_down_tiled_sliced (.target sm_80): ptxas ok, st.global 64, mma 96, ld.global.v4 0, cp.async 16, spill stores 0 bytes, {{[0-9]+}} registers, .minnctapersm 1
// SM80-NEXT: kernel ffn_f32_down_tiled_reduce (.target sm_80): ptxas ok, st.global 1, mma 0, ld.global.v4 0, cp.async 0, spill stores 0 bytes, {{[0-9]+}} registers, .minnctapersm 2
// SM80-NEXT: kernel interleaved_f32_gated_tiled (.target sm_80): ptxas ok, st.global 32, mma 96, ld.global.v4 8, cp.async 8, spill stores 0 bytes, {{[0-9]+}} registers, .minnctapersm 1
// SM80-NEXT: 5 kernels, 0 rejected by ptxas

// check_ptx.py --loop-instructions counts the instructions of each kernel's
// loop with the most mma.sync: the depth-step loop; none in the reduction.
// LOOP-COUNT-3: mma 96, {{.*}}, loop {{[1-9][0-9]+}} instructions
// LOOP-NEXT: mma 0, {{.*}}, loop 0 instructions
// LOOP-NEXT: mma 96, {{.*}}, loop {{[1-9][0-9]+}} instructions

// FMA-COUNT-5: mma 0,
// FMA: 5 kernels, 0 rejected by ptxas

func.func @ffn_f32(%x: tensor<?x512xf32>, %w: tensor<512x1376xf32>, %v: tensor<512x1376xf32>, %w2: tensor<1376x512xf32>) -> tensor<?x512xf32> {
  %y = glu.ffn <gelu> %x : tensor<?x512xf32> gate(%w : tensor<512x1376xf32>) value(%v : tensor<512x1376xf32>) down(%w2 : tensor<1376x512xf32>) -> tensor<?x512xf32>
  return %y : tensor<?x512xf32>
}

func.func @interleaved_f32(%x: tensor<?x512xf32>, %p: tensor<512x2752xf32>) -> tensor<?x1376xf32> {
  %h = glu.gated_proj <swish> layout <interleaved, granularity = 1> %x : tensor<?x512xf32> packed(%p : tensor<512x2752xf32>) -> tensor<?x1376xf32>
  return %h : tensor<?x1376xf32>
}
