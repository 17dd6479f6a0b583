// RUN: glu-opt %s --glu-gpu-min-blocks-per-sm='blocks=2' | FileCheck %s
// RUN: glu-opt %s --glu-gpu-min-blocks-per-sm='blocks=2 shared-memory-per-sm=233472' | FileCheck %s --check-prefix=SM90
// RUN: glu-opt %s --glu-gpu-min-blocks-per-sm='blocks=3 shared-memory-per-sm=167936' | FileCheck %s --check-prefix=SM80
// RUN: glu-opt %s --pass-pipeline='builtin.module(glu-gpu-min-blocks-per-sm{blocks=2},gpu.module(convert-gpu-to-nvvm))' | FileCheck %s --check-prefix=NVVM
// RUN: not glu-opt %s --glu-gpu-min-blocks-per-sm='blocks=0' 2>&1 | FileCheck %s --check-prefix=BLOCKS
// RUN: not glu-opt %s --glu-gpu-min-blocks-per-sm='shared-memory-per-sm=-1' 2>&1 | FileCheck %s --check-prefix=SHARED

// Every kernel gets nvvm.minctasm = blocks, which convert-gpu-to-nvvm keeps
// (PTX .minnctapersm); a kernel that has one keeps it; a function that is
// not a kernel gets none. Without shared-memory-per-sm, shared memory
// bounds nothing.
// CHECK-LABEL: gpu.module @kernels
// CHECK-LABEL: gpu.func @tiled
// CHECK-SAME:    kernel attributes {known_block_size = array<i32: 256, 1, 1>, nvvm.minctasm = 2 : i32}
// CHECK-LABEL: gpu.func @big
// CHECK-SAME:    nvvm.minctasm = 2 : i32
// CHECK-LABEL: gpu.func @varying
// CHECK-SAME:    nvvm.minctasm = 2 : i32
// CHECK-LABEL: gpu.func @unknown
// CHECK-SAME:    nvvm.minctasm = 2 : i32
// CHECK-LABEL: gpu.func @chosen
// CHECK-SAME:    kernel attributes {nvvm.minctasm = 4 : i32}
// CHECK-LABEL: gpu.func @helper
// CHECK-NOT:     minctasm
// CHECK-LABEL: gpu.module @other
// CHECK:         gpu.func @big() kernel attributes {nvvm.minctasm = 2 : i32}
// With 228 KiB per multiprocessor (sm_90), each kernel's largest launch
// plus its workgroup buffers and 1 KiB: @tiled (77824) fits 2; @big
// (132080, wgmma's 4 stages) 1; @varying's larger launch (98304; it also
// has one of 1024) 2; @unknown, launched once with a size that is not a
// constant and once with a constant one, blocks; @buffers (no size, 120000
// bytes of workgroup buffers) 1; @big in @other, the same name in another
// module launched without a size, 2.
// SM90-LABEL: gpu.func @tiled
// SM90-SAME:    nvvm.minctasm = 2 : i32
// SM90-LABEL: gpu.func @big
// SM90-SAME:    nvvm.minctasm = 1 : i32
// SM90-LABEL: gpu.func @varying
// SM90-SAME:    nvvm.minctasm = 2 : i32
// SM90-LABEL: gpu.func @unknown
// SM90-SAME:    nvvm.minctasm = 2 : i32
// SM90-LABEL: gpu.func @buffers
// SM90-SAME:    nvvm.minctasm = 1 : i32
// SM90-LABEL: gpu.func @chosen
// SM90-SAME:    nvvm.minctasm = 4 : i32
// SM90-LABEL: gpu.module @other
// SM90-LABEL: gpu.func @big
// SM90-SAME:    nvvm.minctasm = 2 : i32
// With 164 KiB (sm_80) and blocks = 3: @tiled 2 (not 3), @big 1, @varying
// 1 (its larger launch), @unknown 3, @buffers 1, @other's @big 3.
// SM80-LABEL: gpu.func @tiled
// SM80-SAME:    nvvm.minctasm = 2 : i32
// SM80-LABEL: gpu.func @big
// SM80-SAME:    nvvm.minctasm = 1 : i32
// SM80-LABEL: gpu.func @varying
// SM80-SAME:    nvvm.minctasm = 1 : i32
// SM80-LABEL: gpu.func @unknown
// SM80-SAME:    nvvm.minctasm = 3 : i32
// SM80-LABEL: gpu.func @buffers
// SM80-SAME:    nvvm.minctasm = 1 : i32
// SM80-LABEL: gpu.module @other
// SM80-LABEL: gpu.func @big
// SM80-SAME:    nvvm.minctasm = 3 : i32
// NVVM:        llvm.func @tiled
// NVVM-SAME:     nvvm.kernel, nvvm.maxntid = array<i32: 256, 1, 1>, nvvm.minctasm = 2 : i32
// BLOCKS: error: glu-gpu-min-blocks-per-sm: blocks must be at least 1, got 0
// SHARED: error: glu-gpu-min-blocks-per-sm: shared-memory-per-sm must be at least 0, got -1
module attributes {gpu.container_module} {
  func.func @host(%size: i32) {
    %c1 = arith.constant 1 : index
    %tiled = arith.constant 77824 : i32
    %big = arith.constant 132080 : i32
    %small = arith.constant 1024 : i32
    %large = arith.constant 98304 : i32
    gpu.launch_func @kernels::@tiled blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) dynamic_shared_memory_size %tiled
    gpu.launch_func @kernels::@big blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) dynamic_shared_memory_size %big
    gpu.launch_func @kernels::@varying blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) dynamic_shared_memory_size %large
    gpu.launch_func @kernels::@varying blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) dynamic_shared_memory_size %small
    gpu.launch_func @kernels::@unknown blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) dynamic_shared_memory_size %size
    gpu.launch_func @kernels::@unknown blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) dynamic_shared_memory_size %small
    gpu.launch_func @kernels::@buffers blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
    gpu.launch_func @kernels::@chosen blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) dynamic_shared_memory_size %big
    gpu.launch_func @other::@big blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
    return
  }
  gpu.module @kernels {
    gpu.func @tiled() kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
      gpu.return
    }
    gpu.func @big() kernel {
      gpu.return
    }
    gpu.func @varying() kernel {
      gpu.return
    }
    gpu.func @unknown() kernel {
      gpu.return
    }
    gpu.func @buffers() workgroup(%tile : memref<30000xf32, #gpu.address_space<workgroup>>) kernel {
      gpu.return
    }
    gpu.func @chosen() kernel attributes {nvvm.minctasm = 4 : i32} {
      gpu.return
    }
    gpu.func @helper() {
      gpu.return
    }
  }
  gpu.module @other {
    gpu.func @big() kernel {
      gpu.return
    }
  }
}
