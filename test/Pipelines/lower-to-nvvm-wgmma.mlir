// glu-lower-to-nvvm{chip=sm_90a wgmma=true} lowers the f16 and bf16 tiled
// kernels of glu.gated_proj and glu.ffn with warpgroup MMA, and ptxas
// accepts them for sm_90a, for every activation and weight layout. T = 200
// (static) takes only the tiled kernels and leaves a partial row block; d =
// 512 and f = 1376 a partial column block and 8 and 22 depth steps of 64.
//
// From each kernel's PTX (utils/check_ptx.py): the gated kernel stores its
// 32 elements of H per thread and nothing else (the gate and value sums
// stay in the wgmma accumulators); each of the 4 depth steps of 16 of a
// 64-deep staged step is one wgmma.mma_async m64n128k16 (4 in all: the
// loop is not unrolled); the operand tiles are copied with 16-byte
// cp.async, depth steps 0 to 2 before the loop and one in it (x: 4 per
// thread, each weight 2: 4 x (4 + 2 + 2) = 32), except the weights of an
// interleaved layout that spreads 8 columns over two 16-byte loads
// (granularity 1 and 2), which go through registers (4 x 4 = 16 loads, 16
// cp.async of x). The down kernel (and its form on depth slices) stores 64
// elements per thread (W2's 128 columns per block: 4 x (4 + 4) = 32
// cp.async). No kernel spills, with the default min-blocks-per-sm=2 or
// without a bound, and ptxas serializes no wgmma (it would say so:
// check_ptx.py's WGMMA SERIALIZED). Under the default bound, the tiled kernels
// with 4 stages (129 KiB of shared memory; BOUND) get .minnctapersm 1: two of
// them do not fit in an sm_90 multiprocessor's 228 KiB, so their registers are
// not capped at 128; with 3 (97 KiB; OVERLAP) they get 2, as the reduction (no
// shared memory) always does. With wgmma-columns=256 (prefix WIDE; 128 columns
// of each gated weight, 256 of W2; 193 KiB) the tiled kernels have 8 wgmma (2
// per 16 deep), the gated one stores 64 elements of H per thread, the down ones
// 128 sums, copies 12 per thread and step (x 4, the weights 8), and get
// .minnctapersm 1: no spills with 128 accumulators per thread.
//
// REQUIRES: ptxas
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_90a wgmma=true' -o %t.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.mlir --ptxas %ptxas --arch sm_90a --max-spill-bytes 0 | FileCheck %s --implicit-check-not=SERIALIZED
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_90a wgmma=true min-blocks-per-sm=0' -o %t.unbounded.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.unbounded.mlir --ptxas %ptxas --arch sm_90a --max-spill-bytes 0 | FileCheck %s --implicit-check-not=SERIALIZED
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_90a wgmma=true wgmma-overlap=true mma-stages=3' -o %t.overlap.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.overlap.mlir --ptxas %ptxas --arch sm_90a --max-spill-bytes 0 --registers | FileCheck %s --check-prefix=OVERLAP --implicit-check-not=SERIALIZED
// RUN: %python %glu_src_root/utils/check_ptx.py %t.mlir --ptxas %ptxas --arch sm_90a --registers | FileCheck %s --check-prefix=BOUND
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_90a wgmma=true wgmma-columns=256' -o %t.wide.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.wide.mlir --ptxas %ptxas --arch sm_90a --max-spill-bytes 0 --registers | FileCheck %s --check-prefix=WIDE --implicit-check-not=SERIALIZED
// RUN: FileCheck %s --check-prefix=PTX --implicit-check-not=mma.sync --implicit-check-not=ldmatrix < %t.mlir
// With wgmma-overlap (3 buffers, one step of copies ahead) every kernel
// assembles too, without spills.
// OVERLAP:      kernel separate_f16_gated_tiled {{.*}}, .minnctapersm 2
// OVERLAP-NEXT: kernel separate_f16_down_tiled {{.*}}, .minnctapersm 2
// OVERLAP-NEXT: kernel separate_f16_down_tiled_sliced {{.*}}, .minnctapersm 2
// OVERLAP-NEXT: kernel separate_f16_down_tiled_reduce {{.*}}, .minnctapersm 2
// OVERLAP: 32 kernels, 0 rejected by ptxas -arch=sm_90a or spilling over 0 bytes
// BOUND:      kernel separate_f16_gated_tiled {{.*}}, .minnctapersm 1
// BOUND-NEXT: kernel separate_f16_down_tiled {{.*}}, .minnctapersm 1
// BOUND-NEXT: kernel separate_f16_down_tiled_sliced {{.*}}, .minnctapersm 1
// BOUND-NEXT: kernel separate_f16_down_tiled_reduce {{.*}} st.global 1, {{.*}}, .minnctapersm 2
// WIDE:      kernel separate_f16_gated_tiled (.target sm_90a): ptxas ok, st.global 64, mma 8, ld.global.v4 0, cp.async 48, spill stores 0 bytes, {{[0-9]+}} registers, .minnctapersm 1
// WIDE-NEXT: kernel separate_f16_down_tiled (.target sm_90a): ptxas ok, st.global 128, mma 8, ld.global.v4 0, cp.async 48, spill stores 0 bytes, {{[0-9]+}} registers, .minnctapersm 1
// WIDE-NEXT: kernel separate_f16_down_tiled_sliced (.target sm_90a): ptxas ok, st.global 128, mma 8, ld.global.v4 0, cp.async 48, spill stores 0 bytes, {{[0-9]+}} registers, .minnctapersm 1
// WIDE-NEXT: kernel separate_f16_down_tiled_reduce (.target sm_90a): ptxas ok, st.global 1, mma 0, ld.global.v4 0, cp.async 0, spill stores 0 bytes, {{[0-9]+}} registers, .minnctapersm 2
// WIDE: 32 kernels, 0 rejected by ptxas -arch=sm_90a or spilling over 0 bytes

// The kernels are for sm_90a; each depth step orders the copies before
// wgmma's reads (fence.proxy.async), then fences the accumulator registers,
// multiplies, commits and waits for its wgmma. No mma.sync or ldmatrix.
// PTX: .target sm_90a
// PTX-DAG: fence.proxy.async.shared::cta;
// PTX-DAG: wgmma.fence.sync.aligned;
// PTX-DAG: wgmma.mma_async.sync.aligned.m64n128k16.f32.bf16.bf16
// PTX-DAG: wgmma.commit_group.sync.aligned;
// PTX-DAG: wgmma.wait_group.sync.aligned {{.*}}0;
// PTX: .target sm_90a
// PTX: wgmma.mma_async.sync.aligned.m64n128k16.f32.f16.f16

// Every activation (the gated kernel's epilogue), bf16 gated_proj.
// CHECK: kernel identity_gated_tiled (.target sm_90a): ptxas ok, st.global 32, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
func.func @identity(%x: tensor<200x512xbf16>, %w: tensor<512x1376xbf16>, %v: tensor<512x1376xbf16>) -> tensor<200x1376xbf16> {
  %y = glu.gated_proj <identity> %x : tensor<200x512xbf16> gate(%w : tensor<512x1376xbf16>) value(%v : tensor<512x1376xbf16>) -> tensor<200x1376xbf16>
  return %y : tensor<200x1376xbf16>
}

// CHECK: kernel sigmoid_gated_tiled (.target sm_90a): ptxas ok, st.global 32, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
func.func @sigmoid(%x: tensor<200x512xbf16>, %w: tensor<512x1376xbf16>, %v: tensor<512x1376xbf16>) -> tensor<200x1376xbf16> {
  %y = glu.gated_proj <sigmoid> %x : tensor<200x512xbf16> gate(%w : tensor<512x1376xbf16>) value(%v : tensor<512x1376xbf16>) -> tensor<200x1376xbf16>
  return %y : tensor<200x1376xbf16>
}

// CHECK: kernel relu_gated_tiled (.target sm_90a): ptxas ok, st.global 32, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
func.func @relu(%x: tensor<200x512xbf16>, %w: tensor<512x1376xbf16>, %v: tensor<512x1376xbf16>) -> tensor<200x1376xbf16> {
  %y = glu.gated_proj <relu> %x : tensor<200x512xbf16> gate(%w : tensor<512x1376xbf16>) value(%v : tensor<512x1376xbf16>) -> tensor<200x1376xbf16>
  return %y : tensor<200x1376xbf16>
}

// CHECK: kernel relu_squared_gated_tiled (.target sm_90a): ptxas ok, st.global 32, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
func.func @relu_squared(%x: tensor<200x512xbf16>, %w: tensor<512x1376xbf16>, %v: tensor<512x1376xbf16>) -> tensor<200x1376xbf16> {
  %y = glu.gated_proj <relu_squared> %x : tensor<200x512xbf16> gate(%w : tensor<512x1376xbf16>) value(%v : tensor<512x1376xbf16>) -> tensor<200x1376xbf16>
  return %y : tensor<200x1376xbf16>
}

// CHECK: kernel gelu_gated_tiled (.target sm_90a): ptxas ok, st.global 32, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
func.func @gelu(%x: tensor<200x512xbf16>, %w: tensor<512x1376xbf16>, %v: tensor<512x1376xbf16>) -> tensor<200x1376xbf16> {
  %y = glu.gated_proj <gelu> %x : tensor<200x512xbf16> gate(%w : tensor<512x1376xbf16>) value(%v : tensor<512x1376xbf16>) -> tensor<200x1376xbf16>
  return %y : tensor<200x1376xbf16>
}

// CHECK: kernel gelu_tanh_gated_tiled (.target sm_90a): ptxas ok, st.global 32, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
func.func @gelu_tanh(%x: tensor<200x512xbf16>, %w: tensor<512x1376xbf16>, %v: tensor<512x1376xbf16>) -> tensor<200x1376xbf16> {
  %y = glu.gated_proj <gelu_tanh> %x : tensor<200x512xbf16> gate(%w : tensor<512x1376xbf16>) value(%v : tensor<512x1376xbf16>) -> tensor<200x1376xbf16>
  return %y : tensor<200x1376xbf16>
}

// CHECK: kernel quick_gelu_gated_tiled (.target sm_90a): ptxas ok, st.global 32, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
func.func @quick_gelu(%x: tensor<200x512xbf16>, %w: tensor<512x1376xbf16>, %v: tensor<512x1376xbf16>) -> tensor<200x1376xbf16> {
  %y = glu.gated_proj <quick_gelu> %x : tensor<200x512xbf16> gate(%w : tensor<512x1376xbf16>) value(%v : tensor<512x1376xbf16>) -> tensor<200x1376xbf16>
  return %y : tensor<200x1376xbf16>
}

// CHECK: kernel swish_gated_tiled (.target sm_90a): ptxas ok, st.global 32, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
func.func @swish(%x: tensor<200x512xbf16>, %w: tensor<512x1376xbf16>, %v: tensor<512x1376xbf16>) -> tensor<200x1376xbf16> {
  %y = glu.gated_proj <swish> %x : tensor<200x512xbf16> gate(%w : tensor<512x1376xbf16>) value(%v : tensor<512x1376xbf16>) -> tensor<200x1376xbf16>
  return %y : tensor<200x1376xbf16>
}

// Every layout, glu.ffn in f16 (biases, clamps) and bf16: the gated kernel,
// the down kernel on the whole depth and on depth slices, the slices'
// reduction.
// CHECK:      kernel separate_f16_gated_tiled (.target sm_90a): ptxas ok, st.global 32, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
// CHECK-NEXT: kernel separate_f16_down_tiled (.target sm_90a): ptxas ok, st.global 64, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
// CHECK-NEXT: kernel separate_f16_down_tiled_sliced (.target sm_90a): ptxas ok, st.global 64, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
// CHECK-NEXT: kernel separate_f16_down_tiled_reduce (.target sm_90a): ptxas ok, st.global 1, mma 0, ld.global.v4 0, cp.async 0, spill stores 0 bytes
func.func @separate_f16(%x: tensor<200x512xf16>, %w: tensor<512x1376xf16>, %v: tensor<512x1376xf16>, %b: tensor<1376xf16>, %c: tensor<1376xf16>, %w2: tensor<1376x512xf16>, %b2: tensor<512xf16>) -> tensor<200x512xf16> {
  %y = glu.ffn <gelu> %x : tensor<200x512xf16> gate(%w : tensor<512x1376xf16>) value(%v : tensor<512x1376xf16>) gate_bias(%b : tensor<1376xf16>) value_bias(%c : tensor<1376xf16>) down(%w2 : tensor<1376x512xf16>) down_bias(%b2 : tensor<512xf16>) -> tensor<200x512xf16>
  return %y : tensor<200x512xf16>
}

// CHECK:      kernel gate_up_f16_gated_tiled (.target sm_90a): ptxas ok, st.global 32, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
// CHECK-NEXT: kernel gate_up_f16_down_tiled (.target sm_90a): ptxas ok, st.global 64, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
// CHECK-NEXT: kernel gate_up_f16_down_tiled_sliced (.target sm_90a): ptxas ok, st.global 64, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
// CHECK-NEXT: kernel gate_up_f16_down_tiled_reduce (.target sm_90a): ptxas ok, st.global 1, mma 0, ld.global.v4 0, cp.async 0, spill stores 0 bytes
func.func @gate_up_f16(%x: tensor<200x512xf16>, %p: tensor<512x2752xf16>, %pb: tensor<2752xf16>, %w2: tensor<1376x512xf16>) -> tensor<200x512xf16> {
  %y = glu.ffn <swish> clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0> layout <gate_up> %x : tensor<200x512xf16> packed(%p : tensor<512x2752xf16>) packed_bias(%pb : tensor<2752xf16>) down(%w2 : tensor<1376x512xf16>) -> tensor<200x512xf16>
  return %y : tensor<200x512xf16>
}

// CHECK:      kernel up_gate_bf16_gated_tiled (.target sm_90a): ptxas ok, st.global 32, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
// CHECK-NEXT: kernel up_gate_bf16_down_tiled (.target sm_90a): ptxas ok, st.global 64, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
// CHECK-NEXT: kernel up_gate_bf16_down_tiled_sliced (.target sm_90a): ptxas ok, st.global 64, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
// CHECK-NEXT: kernel up_gate_bf16_down_tiled_reduce (.target sm_90a): ptxas ok, st.global 1, mma 0, ld.global.v4 0, cp.async 0, spill stores 0 bytes
func.func @up_gate_bf16(%x: tensor<200x512xbf16>, %p: tensor<512x2752xbf16>, %pb: tensor<2752xbf16>, %w2: tensor<1376x512xbf16>) -> tensor<200x512xbf16> {
  %y = glu.ffn <swish> layout <up_gate> %x : tensor<200x512xbf16> packed(%p : tensor<512x2752xbf16>) packed_bias(%pb : tensor<2752xbf16>) down(%w2 : tensor<1376x512xbf16>) -> tensor<200x512xbf16>
  return %y : tensor<200x512xbf16>
}

// CHECK:      kernel interleaved1_bf16_gated_tiled (.target sm_90a): ptxas ok, st.global 32, mma 4, ld.global.v4 16, cp.async 16, spill stores 0 bytes
// CHECK-NEXT: kernel interleaved1_bf16_down_tiled (.target sm_90a): ptxas ok, st.global 64, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
// CHECK-NEXT: kernel interleaved1_bf16_down_tiled_sliced (.target sm_90a): ptxas ok, st.global 64, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
// CHECK-NEXT: kernel interleaved1_bf16_down_tiled_reduce (.target sm_90a): ptxas ok, st.global 1, mma 0, ld.global.v4 0, cp.async 0, spill stores 0 bytes
func.func @interleaved1_bf16(%x: tensor<200x512xbf16>, %p: tensor<512x2752xbf16>, %pb: tensor<2752xbf16>, %w2: tensor<1376x512xbf16>) -> tensor<200x512xbf16> {
  %y = glu.ffn <swish> clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0> layout <interleaved, granularity = 1> %x : tensor<200x512xbf16> packed(%p : tensor<512x2752xbf16>) packed_bias(%pb : tensor<2752xbf16>) down(%w2 : tensor<1376x512xbf16>) -> tensor<200x512xbf16>
  return %y : tensor<200x512xbf16>
}

// CHECK:      kernel interleaved2_f16_gated_tiled (.target sm_90a): ptxas ok, st.global 32, mma 4, ld.global.v4 16, cp.async 16, spill stores 0 bytes
// CHECK-NEXT: kernel interleaved2_f16_down_tiled (.target sm_90a): ptxas ok, st.global 64, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
// CHECK-NEXT: kernel interleaved2_f16_down_tiled_sliced (.target sm_90a): ptxas ok, st.global 64, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
// CHECK-NEXT: kernel interleaved2_f16_down_tiled_reduce (.target sm_90a): ptxas ok, st.global 1, mma 0, ld.global.v4 0, cp.async 0, spill stores 0 bytes
func.func @interleaved2_f16(%x: tensor<200x512xf16>, %p: tensor<512x2752xf16>, %pb: tensor<2752xf16>, %w2: tensor<1376x512xf16>) -> tensor<200x512xf16> {
  %y = glu.ffn <swish> layout <interleaved, granularity = 2> %x : tensor<200x512xf16> packed(%p : tensor<512x2752xf16>) packed_bias(%pb : tensor<2752xf16>) down(%w2 : tensor<1376x512xf16>) -> tensor<200x512xf16>
  return %y : tensor<200x512xf16>
}

// CHECK:      kernel interleaved32_f16_gated_tiled (.target sm_90a): ptxas ok, st.global 32, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
// CHECK-NEXT: kernel interleaved32_f16_down_tiled (.target sm_90a): ptxas ok, st.global 64, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
// CHECK-NEXT: kernel interleaved32_f16_down_tiled_sliced (.target sm_90a): ptxas ok, st.global 64, mma 4, ld.global.v4 0, cp.async 32, spill stores 0 bytes
// CHECK-NEXT: kernel interleaved32_f16_down_tiled_reduce (.target sm_90a): ptxas ok, st.global 1, mma 0, ld.global.v4 0, cp.async 0, spill stores 0 bytes
func.func @interleaved32_f16(%x: tensor<200x512xf16>, %p: tensor<512x2752xf16>, %pb: tensor<2752xf16>, %w2: tensor<1376x512xf16>) -> tensor<200x512xf16> {
  %y = glu.ffn <swish> clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0> layout <interleaved, granularity = 32> %x : tensor<200x512xf16> packed(%p : tensor<512x2752xf16>) packed_bias(%pb : tensor<2752xf16>) down(%w2 : tensor<1376x512xf16>) -> tensor<200x512xf16>
  return %y : tensor<200x512xf16>
}
// CHECK: 32 kernels, 0 rejected by ptxas -arch=sm_90a or spilling over 0 bytes
