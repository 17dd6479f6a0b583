// RUN: glu-opt %s --pass-pipeline='builtin.module(gpu.module(glu-gpu-min-blocks-per-sm{blocks=2}))' | FileCheck %s
// RUN: glu-opt %s --pass-pipeline='builtin.module(gpu.module(glu-gpu-min-blocks-per-sm{blocks=2}),gpu.module(convert-gpu-to-nvvm))' | FileCheck %s --check-prefix=NVVM
// RUN: glu-opt %s --pass-pipeline='builtin.module(gpu.module(glu-gpu-min-blocks-per-sm{blocks=0}))' -verify-diagnostics

// Every kernel gets nvvm.minctasm = blocks, which convert-gpu-to-nvvm keeps
// (PTX .minnctapersm); a kernel that has one keeps it; a function that is
// not a kernel gets none.
// CHECK-LABEL: gpu.func @tiled
// CHECK-SAME:    kernel attributes {known_block_size = array<i32: 256, 1, 1>, nvvm.minctasm = 2 : i32}
// CHECK-LABEL: gpu.func @chosen
// CHECK-SAME:    kernel attributes {nvvm.minctasm = 4 : i32}
// CHECK-LABEL: gpu.func @helper
// CHECK-NOT:     minctasm
// NVVM:        llvm.func @tiled
// NVVM-SAME:     nvvm.kernel, nvvm.maxntid = array<i32: 256, 1, 1>, nvvm.minctasm = 2 : i32
// expected-error@+1 {{glu-gpu-min-blocks-per-sm: blocks must be at least 1, got 0}}
gpu.module @kernels {
  gpu.func @tiled() kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
    gpu.return
  }
  gpu.func @chosen() kernel attributes {nvvm.minctasm = 4 : i32} {
    gpu.return
  }
  gpu.func @helper() {
    gpu.return
  }
}
