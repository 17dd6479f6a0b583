// glu-lower-to-llvm-cpu takes glu ops on tensors all the way to the LLVM
// dialect (no glu, linalg, tensor, memref, scf or math ops remain) and the
// result translates to LLVM IR. The f32 FFN goes through the fused kernels,
// whose parallel loop runs on OpenMP threads; fused=false keeps the
// reference lowering, which has no threads.
// RUN: glu-opt %s --glu-lower-to-llvm-cpu | FileCheck %s
// RUN: glu-opt %s --glu-lower-to-llvm-cpu | FileCheck %s --check-prefix=FUSED
// RUN: glu-opt %s '--glu-lower-to-llvm-cpu=fused=false num-threads=1' | FileCheck %s --check-prefix=REF
// RUN: glu-opt %s --glu-lower-to-llvm-cpu | mlir-translate --mlir-to-llvmir | FileCheck %s --check-prefix=LLVMIR

// FUSED-LABEL: llvm.func @ffn
// FUSED: omp.parallel
// FUSED: llvm.intr.fma{{.*}} : (vector<16xf32>, vector<16xf32>, vector<16xf32>)
// REF-LABEL: llvm.func @ffn
// REF-NOT: omp.parallel
// REF-NOT: vector<16xf32>
// REF-LABEL: llvm.func @gelu_f64

// CHECK-LABEL: llvm.func @ffn
// CHECK-NOT: glu.
// CHECK-NOT: linalg.
// CHECK-NOT: tensor.
// CHECK-NOT: math.
// CHECK-NOT: scf.
// LLVMIR: define { ptr, ptr, i64, [2 x i64], [2 x i64] } @ffn(
// LLVMIR: call void {{.*}}@__kmpc_fork_call(
func.func @ffn(%x: tensor<?x16xf32>, %p: tensor<16x64xf32>, %pb: tensor<64xf32>,
               %w2: tensor<32x16xf32>, %b2: tensor<16xf32>) -> tensor<?x16xf32> {
  %y = glu.ffn <swish, beta = 1.702>
         clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0>
         layout <interleaved> %x : tensor<?x16xf32>
         packed(%p : tensor<16x64xf32>) packed_bias(%pb : tensor<64xf32>)
         down(%w2 : tensor<32x16xf32>) down_bias(%b2 : tensor<16xf32>)
         -> tensor<?x16xf32>
  return %y : tensor<?x16xf32>
}

// f64 keeps libm's erfc (the polynomials are f32-only); bf16 is evaluated
// in f32.
// CHECK-LABEL: llvm.func @gelu_f64
// CHECK: llvm.call @erfc(
// CHECK-LABEL: llvm.func @gelu_bf16
// CHECK-NOT: llvm.call @erfc
// CHECK: llvm.fptrunc %{{.*}} : f32 to bf16
func.func @gelu_f64(%x: tensor<4xf64>) -> tensor<4xf64> {
  %y = glu.activation <gelu> %x : tensor<4xf64>
  return %y : tensor<4xf64>
}
func.func @gelu_bf16(%x: tensor<4xbf16>) -> tensor<4xbf16> {
  %y = glu.activation <gelu> %x : tensor<4xbf16>
  return %y : tensor<4xbf16>
}
