// RUN: glu-opt %s --split-input-file --verify-diagnostics --glu-gpu-device-buffers

// Data movement that glu-gpu-device-buffers cannot prove right is an error,
// not a guess.

module attributes {gpu.container_module} {
gpu.module @kernels {
  gpu.func @read(%m: memref<4xf32>) kernel {
    %c0 = arith.constant 0 : index
    %v = memref.load %m[%c0] : memref<4xf32>
    gpu.return
  }
}

func.func @launch_in_loop(%a: memref<4xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    // expected-error @+1 {{'gpu.launch_func' op is not in the straight-line body of its function: glu-gpu-device-buffers cannot place its buffers in device memory}}
    gpu.launch_func @kernels::@read blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%a : memref<4xf32>)
  }
  return
}
}

// -----

module attributes {gpu.container_module} {
gpu.module @kernels {
  gpu.func @read(%m: memref<4xf32>) kernel {
    %c0 = arith.constant 0 : index
    %v = memref.load %m[%c0] : memref<4xf32>
    gpu.return
  }
}

func.func @asynchronous_launch(%a: memref<4xf32>) {
  %c1 = arith.constant 1 : index
  %token = gpu.wait async
  // expected-error @+1 {{'gpu.launch_func' op is asynchronous: glu-gpu-device-buffers expects synchronous launches (run it before gpu-async-region)}}
  %done = gpu.launch_func async [%token] @kernels::@read blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%a : memref<4xf32>)
  gpu.wait [%done]
  return
}
}

// -----

module attributes {gpu.container_module} {
gpu.module @kernels {
  gpu.func @read(%m: memref<4xf32, strided<[2]>>) kernel {
    %c0 = arith.constant 0 : index
    %v = memref.load %m[%c0] : memref<4xf32, strided<[2]>>
    gpu.return
  }
}

// expected-error @+1 {{glu-gpu-device-buffers: cannot mirror a buffer of type 'memref<4xf32, strided<[2]>>' in device memory (identity layout and default memory space expected)}}
func.func @strided_argument(%a: memref<4xf32, strided<[2]>>) {
  %c1 = arith.constant 1 : index
  gpu.launch_func @kernels::@read blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%a : memref<4xf32, strided<[2]>>)
  return
}
}

// -----

module attributes {gpu.container_module} {
gpu.module @kernels {
  gpu.func @read(%m: memref<4xf32>) kernel {
    %c0 = arith.constant 0 : index
    %v = memref.load %m[%c0] : memref<4xf32>
    gpu.return
  }
}

func.func @escaping_buffer(%a: memref<4xf32>, %b: memref<4xf32>, %cond: i1) -> memref<4xf32> {
  %c1 = arith.constant 1 : index
  gpu.launch_func @kernels::@read blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%a : memref<4xf32>)
  %r = scf.if %cond -> memref<4xf32> {
    // expected-error @+1 {{'scf.yield' op lets a buffer that kernels use escape: glu-gpu-device-buffers cannot keep its device copy coherent}}
    scf.yield %a : memref<4xf32>
  } else {
    scf.yield %b : memref<4xf32>
  }
  return %r : memref<4xf32>
}
}
