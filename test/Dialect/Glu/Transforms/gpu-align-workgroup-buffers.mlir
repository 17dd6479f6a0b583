// RUN: glu-opt %s --pass-pipeline='builtin.module(gpu.module(glu-gpu-align-workgroup-buffers))' | FileCheck %s
// RUN: glu-opt %s --pass-pipeline='builtin.module(gpu.module(glu-gpu-align-workgroup-buffers{alignment=64}))' | FileCheck %s --check-prefix=A64
// RUN: glu-opt %s --pass-pipeline='builtin.module(gpu.module(glu-gpu-align-workgroup-buffers),gpu.module(convert-gpu-to-nvvm))' | FileCheck %s --check-prefix=NVVM
// RUN: glu-opt %s --pass-pipeline='builtin.module(gpu.module(glu-gpu-align-workgroup-buffers{alignment=12}))' -verify-diagnostics

// Every workgroup attribution gets at least the alignment; one that has
// more keeps it; private attributions are left alone.
// CHECK-LABEL: gpu.func @tiles
// CHECK-SAME:    workgroup(%{{.*}} : memref<2x16x132xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64},
// CHECK-SAME:              %{{.*}} : memref<8xf16, #gpu.address_space<workgroup>> {llvm.align = 16 : i64},
// CHECK-SAME:              %{{.*}} : memref<4xf32, #gpu.address_space<workgroup>> {llvm.align = 128 : i64})
// CHECK-SAME:    private(%{{.*}} : memref<4xf32, #gpu.address_space<private>>)
// A64-LABEL:   gpu.func @tiles
// A64-SAME:      {llvm.align = 64 : i64}, %{{.*}} : memref<8xf16, #gpu.address_space<workgroup>> {llvm.align = 64 : i64}, %{{.*}} : memref<4xf32, #gpu.address_space<workgroup>> {llvm.align = 128 : i64})
// convert-gpu-to-nvvm gives the shared-memory globals that alignment.
// NVVM-DAG:    llvm.mlir.global internal @__wg_tiles_0() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<4224 x f32>
// NVVM-DAG:    llvm.mlir.global internal @__wg_tiles_1() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<8 x f16>
// NVVM-DAG:    llvm.mlir.global internal @__wg_tiles_2() {addr_space = 3 : i32, alignment = 128 : i64} : !llvm.array<4 x f32>
// A kernel without workgroup buffers is unchanged.
// CHECK-LABEL: gpu.func @none() kernel
// expected-error@+1 {{glu-gpu-align-workgroup-buffers: alignment must be a positive power of 2, got 12}}
gpu.module @kernels {
  gpu.func @tiles(%i: index)
      workgroup(%a : memref<2x16x132xf32, #gpu.address_space<workgroup>>,
                %b : memref<8xf16, #gpu.address_space<workgroup>> {llvm.align = 4 : i64},
                %c : memref<4xf32, #gpu.address_space<workgroup>> {llvm.align = 128 : i64})
      private(%p : memref<4xf32, #gpu.address_space<private>>) kernel {
    %c0 = arith.constant 0 : index
    %v = vector.load %a[%c0, %i, %c0] : memref<2x16x132xf32, #gpu.address_space<workgroup>>, vector<4xf32>
    vector.store %v, %a[%c0, %c0, %i] {alignment = 16 : i64} : memref<2x16x132xf32, #gpu.address_space<workgroup>>, vector<4xf32>
    gpu.return
  }
  gpu.func @none() kernel {
    gpu.return
  }
}
