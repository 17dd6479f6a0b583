// Without an NVIDIA driver, running GPU code through mlir-runner stops at the
// first runtime call with a message that says so (exit status 1), not a
// crash; glu-run --target=nvvm says so before it compiles.
// UNSUPPORTED: cuda-driver
// RUN: glu-opt %s --glu-lower-to-nvvm='chip=sm_80' \
// RUN:   | not mlir-runner -e main -entry-point-result=void \
// RUN:       -shared-libs=%glu_cuda_runtime,%mlir_lib_dir/libmlir_c_runner_utils.so 2>&1 \
// RUN:   | FileCheck %s
// RUN: not %glu_run %s --target=nvvm --lowering-options=chip=sm_80 2>&1 | FileCheck %s --check-prefix=NVVM-TARGET

// CHECK: glu-cuda-runtime: cannot load the CUDA driver (libcuda.so.1; is there an NVIDIA GPU and driver on this machine?)
// NVVM-TARGET: glu-run: cannot load the CUDA driver (libcuda.so.1; is there an NVIDIA GPU and driver on this machine?)

func.func @main() {
  %x = arith.constant dense<1.0> : tensor<4x64xf32>
  %w = arith.constant dense<0.5> : tensor<64x32xf32>
  %y = glu.gated_proj <relu> %x : tensor<4x64xf32> gate(%w : tensor<64x32xf32>) value(%w : tensor<64x32xf32>) -> tensor<4x32xf32>
  %c0 = arith.constant 0 : index
  %e = tensor.extract %y[%c0, %c0] : tensor<4x32xf32>
  vector.print %e : f32
  return
}
