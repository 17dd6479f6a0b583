// RUN: glu-opt %s --split-input-file --verify-diagnostics --glu-gpu-device-buffers=device-arguments=true

// With device-arguments, host code may not touch the arguments' data, and
// every result must be device memory.

module attributes {gpu.container_module} {
gpu.module @kernels {
  gpu.func @write(%m: memref<4xf32>) kernel {
    %c0 = arith.constant 0 : index
    %cst = arith.constant 1.0 : f32
    memref.store %cst, %m[%c0] : memref<4xf32>
    gpu.return
  }
}

func.func @host_reads_argument(%a: memref<4xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  gpu.launch_func @kernels::@write blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%a : memref<4xf32>)
  // expected-error @+1 {{'memref.load' op uses argument #0 on the host, but with device-arguments it is device memory}}
  %v = memref.load %a[%c0] : memref<4xf32>
  return %v : f32
}
}

// -----

module attributes {gpu.container_module} {
gpu.module @kernels {
  gpu.func @write(%m: memref<4xf32>) kernel {
    %c0 = arith.constant 0 : index
    %cst = arith.constant 1.0 : f32
    memref.store %cst, %m[%c0] : memref<4xf32>
    gpu.return
  }
}

func.func @host_result(%x: f32) -> memref<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %b = memref.alloc() : memref<4xf32>
  gpu.launch_func @kernels::@write blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%b : memref<4xf32>)
  memref.store %x, %b[%c0] : memref<4xf32>
  // expected-error @+1 {{'func.return' op returns result #0 in host memory, but with device-arguments results are device memory (only buffers that kernels alone use can be)}}
  return %b : memref<4xf32>
}
}
