// glu-lower-to-nvvm compiles every activation and every weight layout to
// kernels that ptxas accepts for sm_80 and sm_90, with host code that
// allocates device buffers, copies and launches, and that mlir-translate
// turns into LLVM IR; format=bin runs ptxas itself. With
// fused=false the projections take the reference path too (one kernel per
// linalg op); lower-to-nvvm-fused.mlir checks the fused kernels. They
// assemble with min-blocks-per-sm=0 too.
//
// ptxas is the CUDA toolkit's (/usr/local/cuda/bin/ptxas, which every
// machine of this project has; lit.cfg.py sets the feature when it exists).
// REQUIRES: ptxas
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_90' -o %t.sm90.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.sm90.mlir --ptxas %ptxas --arch sm_90 | FileCheck %s --check-prefix=SM90
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_90 fused=false' -o %t.unfused.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.unfused.mlir --ptxas %ptxas --arch sm_90 | FileCheck %s --check-prefix=SM90
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_80' -o %t.sm80.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.sm80.mlir --ptxas %ptxas --arch sm_80 | FileCheck %s --check-prefix=SM80
// RUN: mlir-translate --mlir-to-llvmir %t.sm90.mlir | FileCheck %s --check-prefix=HOST
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_90 format=bin' | FileCheck %s --check-prefix=BIN
// RUN: FileCheck %s --check-prefix=BLOCKS < %t.sm90.mlir
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_90 min-blocks-per-sm=0' -o %t.free.mlir
// RUN: %python %glu_src_root/utils/check_ptx.py %t.free.mlir --ptxas %ptxas --arch sm_90 | FileCheck %s --check-prefix=SM90
// RUN: FileCheck %s --check-prefix=FREE < %t.free.mlir

// SM90: (.target sm_90): ptxas ok
// SM90-NOT: REJECTED
// SM90: kernels, 0 rejected by ptxas -arch=sm_90
// SM80: (.target sm_80): ptxas ok
// SM80-NOT: REJECTED
// SM80: kernels, 0 rejected by ptxas -arch=sm_80
// HOST-DAG: call ptr @mgpuModuleLoad{{(JIT)?}}(
// HOST-DAG: call void @mgpuLaunchKernel
// HOST-DAG: call ptr @mgpuMemAlloc
// HOST-DAG: call void @mgpuMemcpy
// HOST-DAG: call void @mgpuMemFree
// By default (min-blocks-per-sm=2) every kernel asks ptxas for room for 2
// blocks per multiprocessor; with min-blocks-per-sm=0 none does.
// BLOCKS: .minnctapersm 2
// FREE-NOT: .minnctapersm
// BIN: gpu.binary @{{.*}} [#gpu.object<#nvvm.target<O = 3, chip = "sm_90", link = ["/usr/local/cuda/nvvm/libdevice/libdevice.10.bc"]>, properties = {ISAToBinaryTimeInMs

func.func @activations(%x: tensor<?x64xf32>) -> (tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32>) {
  %0 = glu.activation <identity> %x : tensor<?x64xf32>
  %1 = glu.activation <sigmoid> %x : tensor<?x64xf32>
  %2 = glu.activation <relu> %x : tensor<?x64xf32>
  %3 = glu.activation <relu_squared> %x : tensor<?x64xf32>
  %4 = glu.activation <gelu> %x : tensor<?x64xf32>
  %5 = glu.activation <gelu_tanh> %x : tensor<?x64xf32>
  %6 = glu.activation <quick_gelu> %x : tensor<?x64xf32>
  %7 = glu.activation <swish, beta = 0.5> %x : tensor<?x64xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32>, tensor<?x64xf32>
}

// f64 GELU goes through libdevice's erfc.
func.func @gelu_f64(%x: tensor<8x64xf64>) -> tensor<8x64xf64> {
  %0 = glu.activation <gelu> %x : tensor<8x64xf64>
  return %0 : tensor<8x64xf64>
}

func.func @separate(%x: tensor<?x3x64xf32>, %w: tensor<64x128xf32>, %v: tensor<64x128xf32>, %w2: tensor<128x64xf32>, %b2: tensor<64xf32>) -> tensor<?x3x64xf32> {
  %y = glu.ffn <gelu> %x : tensor<?x3x64xf32> gate(%w : tensor<64x128xf32>) value(%v : tensor<64x128xf32>) down(%w2 : tensor<128x64xf32>) down_bias(%b2 : tensor<64xf32>) -> tensor<?x3x64xf32>
  return %y : tensor<?x3x64xf32>
}

func.func @gate_up(%x: tensor<?x64xf32>, %p: tensor<64x256xf32>, %w2: tensor<128x64xf32>) -> tensor<?x64xf32> {
  %y = glu.ffn <swish> layout <gate_up> %x : tensor<?x64xf32> packed(%p : tensor<64x256xf32>) down(%w2 : tensor<128x64xf32>) -> tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}

func.func @up_gate(%x: tensor<?x64xf32>, %p: tensor<64x256xf32>) -> tensor<?x128xf32> {
  %y = glu.gated_proj <gelu_tanh> layout <up_gate> %x : tensor<?x64xf32> packed(%p : tensor<64x256xf32>) -> tensor<?x128xf32>
  return %y : tensor<?x128xf32>
}

func.func @interleaved_clamped(%x: tensor<?x64xf32>, %p: tensor<64x256xf32>, %pb: tensor<256xf32>, %w2: tensor<128x64xf32>) -> tensor<?x64xf32> {
  %y = glu.ffn <quick_gelu> clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0> layout <interleaved, granularity = 2> %x : tensor<?x64xf32> packed(%p : tensor<64x256xf32>) packed_bias(%pb : tensor<256xf32>) down(%w2 : tensor<128x64xf32>) -> tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}

func.func @bf16(%x: tensor<?x64xbf16>, %w: tensor<64x128xbf16>, %v: tensor<64x128xbf16>, %w2: tensor<128x64xbf16>) -> tensor<?x64xbf16> {
  %y = glu.ffn <relu_squared> %x : tensor<?x64xbf16> gate(%w : tensor<64x128xbf16>) value(%v : tensor<64x128xbf16>) down(%w2 : tensor<128x64xbf16>) -> tensor<?x64xbf16>
  return %y : tensor<?x64xbf16>
}
