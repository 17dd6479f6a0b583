// glu-lower-to-nvvm lowers glu.gated_proj and glu.ffn through
// convert-glu-to-gpu into fused kernels that ptxas accepts for sm_80 and
// sm_90, for every activation and weight layout, in f32, f16 and bf16.
// The sizes are constants in the kernels, and LLVM drops the steps and
// edge checks that they rule out: d = 512 and f = 1376 keep those of any
// size (half of the gated kernel's last 64-column tile; f16/bf16: 16 and
// 43 depth steps of 32, f32: 32 and 86 of 16).
//
// What each kernel writes to global memory, how it multiplies and how wide
// it reads is read off its PTX (utils/check_ptx.py counts `st.global`,
// `mma`, 16-byte `ld.global.v4` and `cp.async` instructions):
// - the gated kernel stores one element of H per output element that its
//   thread owns (f32: 8 x 4, f16/bf16: 32) and nothing else: the gate and
//   value tiles stay in registers; the down kernel stores its elements
//   (f32: 8 x 8, f16/bf16: 64), and so does its second form, on depth
//   slices, as partial sums;
// - f16/bf16 kernels multiply with mma.sync (gated: 2 depth steps x 2
//   weights x 8 tiles = 32; down: 2 x 16 tiles = 32) on fragments read
//   with ldmatrix, f32 kernels with FMA (no mma);
// - the f32 tiled kernels stage their operands with 16-byte loads, the
//   first depth step before the loop and the next one in it (2 of x and 2
//   of the weights: gated 2 x (2 + 2) = 8, down 8); the f16/bf16 ones copy
//   them with 16-byte cp.async, depth steps 0 to 2 before the loop and the
//   one 3 steps ahead in it (2 of x, 1 per weight of the gated kernel and
//   2 of W2: gated and down 4 x (2 + 2) = 16), except the weights of an
//   interleaved layout that spreads a vector's 8 columns over two 16-byte
//   loads (granularity 1 and 2), which take those loads through registers
//   (gated: 8 cp.async of x, 4 x 2 = 8 loads). Spills: with the default
//   min-blocks-per-sm=2 (128 registers for the tiled kernels) at most 4
//   bytes (@static_result's tiled kernel on sm_90); with
//   min-blocks-per-sm=0, where ptxas is free to use registers, it still
//   keeps some f32 tiled gated kernels (@sigmoid, @gelu_tanh, @quick_gelu,
//   @swish, @separate_f32) at 128 registers on sm_80 and spills 4 bytes,
//   as in the 8-row f16 down kernels on sm_90; none elsewhere.
// With a dynamic T, each projection also has the split-depth kernels for
// T <= split-rows (16 in f16 and bf16, 32 in f32) before its tiled kernel:
// products for 1, 2, 4 and 8 rows (the last for 5 to split-rows rows, in
// groups of 8) in registers, each storing its partial sums for the columns
// of one 16-byte load per thread and weight (f32: 4 columns, gated 8, 16,
// 32, 64 stores, down 4, 8, 16, 32; f16/bf16: 8 columns, twice as many),
// multiplying with FMA and reading each weight with one 16-byte load per
// depth step (gated: 2 weights x 4 unrolled steps + 2 in the remainder
// loop = 10; down: 8 unrolled steps + 1 = 9, and for 8 rows of f16/bf16,
// whose 64 sums take more registers, 4 + 1 = 5), then the reduction, whose
// epilogue stores one element. The down kernel on depth slices has its own
// reduction kernel too.
//
// REQUIRES: ptxas
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_90 min-blocks-per-sm=0' -o %t.sm90.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.sm90.mlir --ptxas %ptxas --arch sm_90 --max-spill-bytes 4 | FileCheck %s
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_80 min-blocks-per-sm=0' -o %t.sm80.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.sm80.mlir --ptxas %ptxas --arch sm_80 --max-spill-bytes 4 | FileCheck %s
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_90' -o %t.sm90.default.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.sm90.default.mlir --ptxas %ptxas --arch sm_90 --max-spill-bytes 4 | FileCheck %s --check-prefix=BOUNDED
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_80' -o %t.sm80.default.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.sm80.default.mlir --ptxas %ptxas --arch sm_80 --max-spill-bytes 4 | FileCheck %s --check-prefix=BOUNDED
// RUN: FileCheck %s --check-prefix=BF16 < %t.sm90.mlir
// RUN: FileCheck %s --check-prefix=F16 < %t.sm80.mlir

// BOUNDED-NOT: SPILLS OVER
// BOUNDED: kernels, 0 rejected by ptxas -arch=sm_{{[89]}}0 or spilling over 4 bytes
// BF16: ldmatrix.sync.aligned.m8n8.x4.shared.b16
// BF16: ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16
// BF16: mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32
// F16: ldmatrix.sync.aligned.m8n8.x4.shared.b16
// F16: ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16
// F16: mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32

// CHECK:      kernel identity_gated_split_1row (.target sm_{{[89]}}0): ptxas ok, st.global 8, mma 0, ld.global.v4 10
// CHECK-NEXT: kernel identity_gated_split_2rows (.target sm_{{[89]}}0): ptxas ok, st.global 16, mma 0, ld.global.v4 10
// CHECK-NEXT: kernel identity_gated_split_4rows (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 0, ld.global.v4 10
// CHECK-NEXT: kernel identity_gated_split_8rows (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 0, ld.global.v4 10
// CHECK-NEXT: kernel identity_gated_split_reduce (.target sm_{{[89]}}0): ptxas ok, st.global 1, mma 0, ld.global.v4 0
// CHECK-NEXT: kernel identity_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
func.func @identity(%x: tensor<?x512xf32>, %w: tensor<512x1376xf32>, %v: tensor<512x1376xf32>) -> tensor<?x1376xf32> {
  %y = glu.gated_proj <identity> %x : tensor<?x512xf32> gate(%w : tensor<512x1376xf32>) value(%v : tensor<512x1376xf32>) -> tensor<?x1376xf32>
  return %y : tensor<?x1376xf32>
}

// CHECK: kernel sigmoid_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 0, ld.global.v4 8, cp.async 0, spill stores {{0|4}} bytes
func.func @sigmoid(%x: tensor<?x512xf32>, %w: tensor<512x1376xf32>, %v: tensor<512x1376xf32>) -> tensor<?x1376xf32> {
  %y = glu.gated_proj <sigmoid> %x : tensor<?x512xf32> gate(%w : tensor<512x1376xf32>) value(%v : tensor<512x1376xf32>) -> tensor<?x1376xf32>
  return %y : tensor<?x1376xf32>
}

// CHECK: kernel relu_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
func.func @relu(%x: tensor<?x512xf32>, %w: tensor<512x1376xf32>, %v: tensor<512x1376xf32>) -> tensor<?x1376xf32> {
  %y = glu.gated_proj <relu> %x : tensor<?x512xf32> gate(%w : tensor<512x1376xf32>) value(%v : tensor<512x1376xf32>) -> tensor<?x1376xf32>
  return %y : tensor<?x1376xf32>
}

// CHECK: kernel relu_squared_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
func.func @relu_squared(%x: tensor<?x512xf32>, %w: tensor<512x1376xf32>, %v: tensor<512x1376xf32>) -> tensor<?x1376xf32> {
  %y = glu.gated_proj <relu_squared> %x : tensor<?x512xf32> gate(%w : tensor<512x1376xf32>) value(%v : tensor<512x1376xf32>) -> tensor<?x1376xf32>
  return %y : tensor<?x1376xf32>
}

// CHECK: kernel gelu_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
func.func @gelu(%x: tensor<?x512xf32>, %w: tensor<512x1376xf32>, %v: tensor<512x1376xf32>) -> tensor<?x1376xf32> {
  %y = glu.gated_proj <gelu> %x : tensor<?x512xf32> gate(%w : tensor<512x1376xf32>) value(%v : tensor<512x1376xf32>) -> tensor<?x1376xf32>
  return %y : tensor<?x1376xf32>
}

// CHECK: kernel gelu_tanh_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 0, ld.global.v4 8, cp.async 0, spill stores {{0|4}} bytes
func.func @gelu_tanh(%x: tensor<?x512xf32>, %w: tensor<512x1376xf32>, %v: tensor<512x1376xf32>) -> tensor<?x1376xf32> {
  %y = glu.gated_proj <gelu_tanh> %x : tensor<?x512xf32> gate(%w : tensor<512x1376xf32>) value(%v : tensor<512x1376xf32>) -> tensor<?x1376xf32>
  return %y : tensor<?x1376xf32>
}

// CHECK: kernel quick_gelu_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 0, ld.global.v4 8, cp.async 0, spill stores {{0|4}} bytes
func.func @quick_gelu(%x: tensor<?x512xf32>, %w: tensor<512x1376xf32>, %v: tensor<512x1376xf32>) -> tensor<?x1376xf32> {
  %y = glu.gated_proj <quick_gelu> %x : tensor<?x512xf32> gate(%w : tensor<512x1376xf32>) value(%v : tensor<512x1376xf32>) -> tensor<?x1376xf32>
  return %y : tensor<?x1376xf32>
}

// CHECK: kernel swish_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 0, ld.global.v4 8, cp.async 0, spill stores {{0|4}} bytes
func.func @swish(%x: tensor<?x512xf32>, %w: tensor<512x1376xf32>, %v: tensor<512x1376xf32>) -> tensor<?x1376xf32> {
  %y = glu.gated_proj <swish, beta = 1.702> %x : tensor<?x512xf32> gate(%w : tensor<512x1376xf32>) value(%v : tensor<512x1376xf32>) -> tensor<?x1376xf32>
  return %y : tensor<?x1376xf32>
}

// Separate weights with every bias, f32, two dynamic batch dimensions.
// CHECK: kernel separate_f32_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 0, ld.global.v4 8, cp.async 0, spill stores {{0|4}} bytes
// CHECK: kernel separate_f32_down_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
// CHECK: kernel separate_f32_down_tiled_sliced (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
func.func @separate_f32(%x: tensor<?x?x512xf32>, %w: tensor<512x1376xf32>, %v: tensor<512x1376xf32>, %b: tensor<1376xf32>, %c: tensor<1376xf32>, %w2: tensor<1376x512xf32>, %b2: tensor<512xf32>) -> tensor<?x?x512xf32> {
  %y = glu.ffn <gelu> %x : tensor<?x?x512xf32> gate(%w : tensor<512x1376xf32>) value(%v : tensor<512x1376xf32>) gate_bias(%b : tensor<1376xf32>) value_bias(%c : tensor<1376xf32>) down(%w2 : tensor<1376x512xf32>) down_bias(%b2 : tensor<512xf32>) -> tensor<?x?x512xf32>
  return %y : tensor<?x?x512xf32>
}

// CHECK: kernel gate_up_f32_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
// CHECK: kernel gate_up_f32_down_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
// CHECK: kernel gate_up_f32_down_tiled_sliced (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
func.func @gate_up_f32(%x: tensor<?x512xf32>, %p: tensor<512x2752xf32>, %pb: tensor<2752xf32>, %w2: tensor<1376x512xf32>) -> tensor<?x512xf32> {
  %y = glu.ffn <swish> clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0> layout <gate_up> %x : tensor<?x512xf32> packed(%p : tensor<512x2752xf32>) packed_bias(%pb : tensor<2752xf32>) down(%w2 : tensor<1376x512xf32>) -> tensor<?x512xf32>
  return %y : tensor<?x512xf32>
}

// CHECK: kernel up_gate_f32_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
// CHECK: kernel up_gate_f32_down_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
// CHECK: kernel up_gate_f32_down_tiled_sliced (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
func.func @up_gate_f32(%x: tensor<?x512xf32>, %p: tensor<512x2752xf32>, %pb: tensor<2752xf32>, %w2: tensor<1376x512xf32>) -> tensor<?x512xf32> {
  %y = glu.ffn <swish> clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0> layout <up_gate> %x : tensor<?x512xf32> packed(%p : tensor<512x2752xf32>) packed_bias(%pb : tensor<2752xf32>) down(%w2 : tensor<1376x512xf32>) -> tensor<?x512xf32>
  return %y : tensor<?x512xf32>
}

// CHECK: kernel interleaved1_f32_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
// CHECK: kernel interleaved1_f32_down_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
// CHECK: kernel interleaved1_f32_down_tiled_sliced (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
func.func @interleaved1_f32(%x: tensor<?x512xf32>, %p: tensor<512x2752xf32>, %pb: tensor<2752xf32>, %w2: tensor<1376x512xf32>) -> tensor<?x512xf32> {
  %y = glu.ffn <swish> clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0> layout <interleaved, granularity = 1> %x : tensor<?x512xf32> packed(%p : tensor<512x2752xf32>) packed_bias(%pb : tensor<2752xf32>) down(%w2 : tensor<1376x512xf32>) -> tensor<?x512xf32>
  return %y : tensor<?x512xf32>
}

// CHECK: kernel interleaved2_f32_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
// CHECK: kernel interleaved2_f32_down_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
// CHECK: kernel interleaved2_f32_down_tiled_sliced (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
func.func @interleaved2_f32(%x: tensor<?x512xf32>, %p: tensor<512x2752xf32>, %pb: tensor<2752xf32>, %w2: tensor<1376x512xf32>) -> tensor<?x512xf32> {
  %y = glu.ffn <swish> clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0> layout <interleaved, granularity = 2> %x : tensor<?x512xf32> packed(%p : tensor<512x2752xf32>) packed_bias(%pb : tensor<2752xf32>) down(%w2 : tensor<1376x512xf32>) -> tensor<?x512xf32>
  return %y : tensor<?x512xf32>
}

// CHECK: kernel interleaved32_f32_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
// CHECK: kernel interleaved32_f32_down_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
// CHECK: kernel interleaved32_f32_down_tiled_sliced (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
func.func @interleaved32_f32(%x: tensor<?x512xf32>, %p: tensor<512x2752xf32>, %pb: tensor<2752xf32>, %w2: tensor<1376x512xf32>) -> tensor<?x512xf32> {
  %y = glu.ffn <swish> clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0> layout <interleaved, granularity = 32> %x : tensor<?x512xf32> packed(%p : tensor<512x2752xf32>) packed_bias(%pb : tensor<2752xf32>) down(%w2 : tensor<1376x512xf32>) -> tensor<?x512xf32>
  return %y : tensor<?x512xf32>
}

// Separate weights with every bias, f16.
// CHECK: kernel separate_f16_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK: kernel separate_f16_down_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK: kernel separate_f16_down_tiled_sliced (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
func.func @separate_f16(%x: tensor<?x3x512xf16>, %w: tensor<512x1376xf16>, %v: tensor<512x1376xf16>, %b: tensor<1376xf16>, %c: tensor<1376xf16>, %w2: tensor<1376x512xf16>, %b2: tensor<512xf16>) -> tensor<?x3x512xf16> {
  %y = glu.ffn <gelu> %x : tensor<?x3x512xf16> gate(%w : tensor<512x1376xf16>) value(%v : tensor<512x1376xf16>) gate_bias(%b : tensor<1376xf16>) value_bias(%c : tensor<1376xf16>) down(%w2 : tensor<1376x512xf16>) down_bias(%b2 : tensor<512xf16>) -> tensor<?x3x512xf16>
  return %y : tensor<?x3x512xf16>
}

// CHECK: kernel gate_up_f16_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK: kernel gate_up_f16_down_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK: kernel gate_up_f16_down_tiled_sliced (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
func.func @gate_up_f16(%x: tensor<?x512xf16>, %p: tensor<512x2752xf16>, %pb: tensor<2752xf16>, %w2: tensor<1376x512xf16>) -> tensor<?x512xf16> {
  %y = glu.ffn <swish> clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0> layout <gate_up> %x : tensor<?x512xf16> packed(%p : tensor<512x2752xf16>) packed_bias(%pb : tensor<2752xf16>) down(%w2 : tensor<1376x512xf16>) -> tensor<?x512xf16>
  return %y : tensor<?x512xf16>
}

// CHECK: kernel up_gate_f16_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK: kernel up_gate_f16_down_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK: kernel up_gate_f16_down_tiled_sliced (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
func.func @up_gate_f16(%x: tensor<?x512xf16>, %p: tensor<512x2752xf16>, %pb: tensor<2752xf16>, %w2: tensor<1376x512xf16>) -> tensor<?x512xf16> {
  %y = glu.ffn <swish> clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0> layout <up_gate> %x : tensor<?x512xf16> packed(%p : tensor<512x2752xf16>) packed_bias(%pb : tensor<2752xf16>) down(%w2 : tensor<1376x512xf16>) -> tensor<?x512xf16>
  return %y : tensor<?x512xf16>
}

// The split-depth product for 1 row reads the gate and value columns of
// the interleaved weight with 2 shared 16-byte loads per depth step.
// CHECK: kernel interleaved1_f16_gated_split_1row (.target sm_{{[89]}}0): ptxas ok, st.global 16, mma 0, ld.global.v4 10
// CHECK: kernel interleaved1_f16_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 32, ld.global.v4 8, cp.async 8, spill stores 0 bytes
// CHECK: kernel interleaved1_f16_down_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK: kernel interleaved1_f16_down_tiled_sliced (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
func.func @interleaved1_f16(%x: tensor<?x512xf16>, %p: tensor<512x2752xf16>, %pb: tensor<2752xf16>, %w2: tensor<1376x512xf16>) -> tensor<?x512xf16> {
  %y = glu.ffn <swish> clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0> layout <interleaved, granularity = 1> %x : tensor<?x512xf16> packed(%p : tensor<512x2752xf16>) packed_bias(%pb : tensor<2752xf16>) down(%w2 : tensor<1376x512xf16>) -> tensor<?x512xf16>
  return %y : tensor<?x512xf16>
}

// CHECK: kernel interleaved2_f16_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 32, ld.global.v4 8, cp.async 8, spill stores 0 bytes
// CHECK: kernel interleaved2_f16_down_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK: kernel interleaved2_f16_down_tiled_sliced (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
func.func @interleaved2_f16(%x: tensor<?x512xf16>, %p: tensor<512x2752xf16>, %pb: tensor<2752xf16>, %w2: tensor<1376x512xf16>) -> tensor<?x512xf16> {
  %y = glu.ffn <swish> clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0> layout <interleaved, granularity = 2> %x : tensor<?x512xf16> packed(%p : tensor<512x2752xf16>) packed_bias(%pb : tensor<2752xf16>) down(%w2 : tensor<1376x512xf16>) -> tensor<?x512xf16>
  return %y : tensor<?x512xf16>
}

// CHECK: kernel interleaved32_f16_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK: kernel interleaved32_f16_down_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK: kernel interleaved32_f16_down_tiled_sliced (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
func.func @interleaved32_f16(%x: tensor<?x512xf16>, %p: tensor<512x2752xf16>, %pb: tensor<2752xf16>, %w2: tensor<1376x512xf16>) -> tensor<?x512xf16> {
  %y = glu.ffn <swish> clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0> layout <interleaved, granularity = 32> %x : tensor<?x512xf16> packed(%p : tensor<512x2752xf16>) packed_bias(%pb : tensor<2752xf16>) down(%w2 : tensor<1376x512xf16>) -> tensor<?x512xf16>
  return %y : tensor<?x512xf16>
}

// Separate weights with every bias, bf16.
// CHECK:      kernel separate_bf16_gated_split_1row (.target sm_{{[89]}}0): ptxas ok, st.global 16, mma 0, ld.global.v4 10
// CHECK-NEXT: kernel separate_bf16_gated_split_2rows (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 0, ld.global.v4 10
// CHECK-NEXT: kernel separate_bf16_gated_split_4rows (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 0, ld.global.v4 10
// CHECK-NEXT: kernel separate_bf16_gated_split_8rows (.target sm_{{[89]}}0): ptxas ok, st.global 128, mma 0, ld.global.v4 10
// CHECK-NEXT: kernel separate_bf16_gated_split_reduce (.target sm_{{[89]}}0): ptxas ok, st.global 1, mma 0, ld.global.v4 0
// CHECK-NEXT: kernel separate_bf16_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK-NEXT: kernel separate_bf16_down_split_1row (.target sm_{{[89]}}0): ptxas ok, st.global 8, mma 0, ld.global.v4 9, cp.async 0, spill stores 0 bytes
// CHECK-NEXT: kernel separate_bf16_down_split_2rows (.target sm_{{[89]}}0): ptxas ok, st.global 16, mma 0, ld.global.v4 9, cp.async 0, spill stores 0 bytes
// CHECK-NEXT: kernel separate_bf16_down_split_4rows (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 0, ld.global.v4 9, cp.async 0, spill stores 0 bytes
// CHECK-NEXT: kernel separate_bf16_down_split_8rows (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 0, ld.global.v4 5, cp.async 0, spill stores 0 bytes
// CHECK-NEXT: kernel separate_bf16_down_split_reduce (.target sm_{{[89]}}0): ptxas ok, st.global 1, mma 0, ld.global.v4 0
// CHECK-NEXT: kernel separate_bf16_down_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK-NEXT: kernel separate_bf16_down_tiled_sliced (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK-NEXT: kernel separate_bf16_down_tiled_reduce (.target sm_{{[89]}}0): ptxas ok, st.global 1, mma 0, ld.global.v4 0
func.func @separate_bf16(%x: tensor<?x3x512xbf16>, %w: tensor<512x1376xbf16>, %v: tensor<512x1376xbf16>, %b: tensor<1376xbf16>, %c: tensor<1376xbf16>, %w2: tensor<1376x512xbf16>, %b2: tensor<512xbf16>) -> tensor<?x3x512xbf16> {
  %y = glu.ffn <gelu> %x : tensor<?x3x512xbf16> gate(%w : tensor<512x1376xbf16>) value(%v : tensor<512x1376xbf16>) gate_bias(%b : tensor<1376xbf16>) value_bias(%c : tensor<1376xbf16>) down(%w2 : tensor<1376x512xbf16>) down_bias(%b2 : tensor<512xbf16>) -> tensor<?x3x512xbf16>
  return %y : tensor<?x3x512xbf16>
}

// CHECK: kernel gate_up_bf16_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK: kernel gate_up_bf16_down_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK: kernel gate_up_bf16_down_tiled_sliced (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
func.func @gate_up_bf16(%x: tensor<?x512xbf16>, %p: tensor<512x2752xbf16>, %pb: tensor<2752xbf16>, %w2: tensor<1376x512xbf16>) -> tensor<?x512xbf16> {
  %y = glu.ffn <swish> clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0> layout <gate_up> %x : tensor<?x512xbf16> packed(%p : tensor<512x2752xbf16>) packed_bias(%pb : tensor<2752xbf16>) down(%w2 : tensor<1376x512xbf16>) -> tensor<?x512xbf16>
  return %y : tensor<?x512xbf16>
}

// CHECK: kernel up_gate_bf16_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK: kernel up_gate_bf16_down_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK: kernel up_gate_bf16_down_tiled_sliced (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
func.func @up_gate_bf16(%x: tensor<?x512xbf16>, %p: tensor<512x2752xbf16>, %pb: tensor<2752xbf16>, %w2: tensor<1376x512xbf16>) -> tensor<?x512xbf16> {
  %y = glu.ffn <swish> clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0> layout <up_gate> %x : tensor<?x512xbf16> packed(%p : tensor<512x2752xbf16>) packed_bias(%pb : tensor<2752xbf16>) down(%w2 : tensor<1376x512xbf16>) -> tensor<?x512xbf16>
  return %y : tensor<?x512xbf16>
}

// CHECK: kernel interleaved1_bf16_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 32, ld.global.v4 8, cp.async 8, spill stores 0 bytes
// CHECK: kernel interleaved1_bf16_down_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK: kernel interleaved1_bf16_down_tiled_sliced (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
func.func @interleaved1_bf16(%x: tensor<?x512xbf16>, %p: tensor<512x2752xbf16>, %pb: tensor<2752xbf16>, %w2: tensor<1376x512xbf16>) -> tensor<?x512xbf16> {
  %y = glu.ffn <swish> clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0> layout <interleaved, granularity = 1> %x : tensor<?x512xbf16> packed(%p : tensor<512x2752xbf16>) packed_bias(%pb : tensor<2752xbf16>) down(%w2 : tensor<1376x512xbf16>) -> tensor<?x512xbf16>
  return %y : tensor<?x512xbf16>
}

// CHECK: kernel interleaved2_bf16_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 32, ld.global.v4 8, cp.async 8, spill stores 0 bytes
// CHECK: kernel interleaved2_bf16_down_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK: kernel interleaved2_bf16_down_tiled_sliced (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
func.func @interleaved2_bf16(%x: tensor<?x512xbf16>, %p: tensor<512x2752xbf16>, %pb: tensor<2752xbf16>, %w2: tensor<1376x512xbf16>) -> tensor<?x512xbf16> {
  %y = glu.ffn <swish> clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0> layout <interleaved, granularity = 2> %x : tensor<?x512xbf16> packed(%p : tensor<512x2752xbf16>) packed_bias(%pb : tensor<2752xbf16>) down(%w2 : tensor<1376x512xbf16>) -> tensor<?x512xbf16>
  return %y : tensor<?x512xbf16>
}

// CHECK: kernel interleaved32_bf16_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK: kernel interleaved32_bf16_down_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
// CHECK: kernel interleaved32_bf16_down_tiled_sliced (.target sm_{{[89]}}0): ptxas ok, st.global 64, mma 32, ld.global.v4 0, cp.async 16, spill stores 0 bytes
func.func @interleaved32_bf16(%x: tensor<?x512xbf16>, %p: tensor<512x2752xbf16>, %pb: tensor<2752xbf16>, %w2: tensor<1376x512xbf16>) -> tensor<?x512xbf16> {
  %y = glu.ffn <swish> clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0> layout <interleaved, granularity = 32> %x : tensor<?x512xbf16> packed(%p : tensor<512x2752xbf16>) packed_bias(%pb : tensor<2752xbf16>) down(%w2 : tensor<1376x512xbf16>) -> tensor<?x512xbf16>
  return %y : tensor<?x512xbf16>
}

// A static result over dynamic operand sizes (checked at run time).
// CHECK: kernel static_result_gated_tiled (.target sm_{{[89]}}0): ptxas ok, st.global 32, mma 0, ld.global.v4 8, cp.async 0, spill stores 0 bytes
func.func @static_result(%x: tensor<?x3x512xf32>, %w: tensor<512x?xf32>, %v: tensor<512x?xf32>) -> tensor<2x3x1376xf32> {
  %y = glu.gated_proj <gelu> %x : tensor<?x3x512xf32> gate(%w : tensor<512x?xf32>) value(%v : tensor<512x?xf32>) -> tensor<2x3x1376xf32>
  return %y : tensor<2x3x1376xf32>
}

// CHECK: 306 kernels, 0 rejected by ptxas -arch=sm_{{[89]}}0 or spilling over 4 bytes
