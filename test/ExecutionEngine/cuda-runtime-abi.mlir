// libglu_cuda_runtime.so exports every mgpu* function that host code calls:
// glu-lower-to-nvvm's (modules, kernels, streams) and gpu-to-llvm's for
// device memory (gpu.alloc, memcpy, memset, dealloc, host_register).
// RUN: split-file %s %t
// RUN: glu-opt %t/kernels.mlir --glu-lower-to-nvvm='chip=sm_80' | mlir-translate --mlir-to-llvmir -o %t/kernels.ll
// RUN: glu-opt %t/memory.mlir --gpu-to-llvm --convert-to-llvm --reconcile-unrealized-casts | mlir-translate --mlir-to-llvmir -o %t/memory.ll
// RUN: %python %glu_src_root/utils/check_runtime_abi.py --library %glu_cuda_runtime %t/kernels.ll %t/memory.ll | FileCheck %s

// CHECK-DAG: mgpuLaunchKernel: exported
// CHECK-DAG: mgpuMemAlloc: exported
// CHECK-DAG: mgpuMemcpy: exported
// CHECK-DAG: mgpuMemset32: exported
// CHECK-DAG: mgpuMemFree: exported
// CHECK-DAG: mgpuMemHostRegisterMemRef: exported
// CHECK-DAG: mgpuMemHostUnregisterMemRef: exported
// CHECK-DAG: mgpuModuleGetFunction: exported
// CHECK-DAG: mgpuModuleLoadJIT: exported
// CHECK-DAG: mgpuModuleUnload: exported
// CHECK-DAG: mgpuStreamCreate: exported
// CHECK-DAG: mgpuStreamSynchronize: exported
// CHECK-DAG: mgpuStreamDestroy: exported
// CHECK-NOT: MISSING
// CHECK: 13 mgpu functions called, 0 missing

//--- kernels.mlir
func.func @gated(%x: tensor<?x64xf16>, %w: tensor<64x96xf16>, %v: tensor<64x96xf16>) -> tensor<?x96xf16> {
  %y = glu.gated_proj <gelu> %x : tensor<?x64xf16> gate(%w : tensor<64x96xf16>) value(%v : tensor<64x96xf16>) -> tensor<?x96xf16>
  return %y : tensor<?x96xf16>
}

//--- memory.mlir
func.func @device_memory(%h: memref<16xf32>) {
  %t0 = gpu.wait async
  %d, %t1 = gpu.alloc async [%t0] () : memref<16xf32>
  %t2 = gpu.memcpy async [%t1] %d, %h : memref<16xf32>, memref<16xf32>
  %one = arith.constant 1.0 : f32
  %t3 = gpu.memset async [%t2] %d, %one : memref<16xf32>, f32
  %t4 = gpu.dealloc async [%t3] %d : memref<16xf32>
  gpu.wait [%t4]
  %cast = memref.cast %h : memref<16xf32> to memref<*xf32>
  gpu.host_register %cast : memref<*xf32>
  gpu.host_unregister %cast : memref<*xf32>
  return
}
