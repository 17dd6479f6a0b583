// RUN: glu-opt %s --split-input-file --glu-gpu-device-buffers | FileCheck %s

// Kernels get device buffers. An allocation that only kernels use becomes a
// device allocation; the arguments get device mirrors, copied in before the
// first kernel; only the argument that a kernel writes is copied back.

module attributes {gpu.container_module} {

gpu.module @kernels {
  gpu.func @read(%m: memref<?xf32>) kernel {
    %c0 = arith.constant 0 : index
    %v = memref.load %m[%c0] : memref<?xf32>
    gpu.return
  }
  gpu.func @copy(%from: memref<?xf32>, %to: memref<?xf32>) kernel {
    %c0 = arith.constant 0 : index
    %v = memref.load %from[%c0] : memref<?xf32>
    memref.store %v, %to[%c0] : memref<?xf32>
    gpu.return
  }
}

// CHECK-LABEL: func @kernel_only_allocation
// CHECK-SAME: (%[[IN:.*]]: memref<?xf32>, %[[OUT:.*]]: memref<?xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[IN_SIZE:.*]] = memref.dim %[[IN]], %[[C0]]
// CHECK: %[[IN_DEV:.*]] = gpu.alloc (%[[IN_SIZE]]) : memref<?xf32>
// CHECK: %[[OUT_SIZE:.*]] = memref.dim %[[OUT]], %[[C0]]
// CHECK: %[[OUT_DEV:.*]] = gpu.alloc (%[[OUT_SIZE]]) : memref<?xf32>
// CHECK: %[[TMP:.*]] = gpu.alloc (%{{.*}}) : memref<?xf32>
// CHECK-NOT: memref.alloc
// CHECK: gpu.memcpy %[[IN_DEV]], %[[IN]]
// CHECK-NEXT: gpu.launch_func @kernels::@copy {{.*}} args(%[[IN_DEV]] : memref<?xf32>, %[[TMP]] : memref<?xf32>)
// CHECK-NEXT: gpu.memcpy %[[OUT_DEV]], %[[OUT]]
// CHECK-NEXT: gpu.launch_func @kernels::@copy {{.*}} args(%[[TMP]] : memref<?xf32>, %[[OUT_DEV]] : memref<?xf32>)
// CHECK-NEXT: gpu.dealloc %[[TMP]]
// CHECK-NOT: memref.dealloc
// CHECK-NEXT: gpu.memcpy %[[OUT]], %[[OUT_DEV]]
// CHECK-NEXT: gpu.dealloc %[[IN_DEV]]
// CHECK-NEXT: gpu.dealloc %[[OUT_DEV]]
// CHECK-NEXT: return
func.func @kernel_only_allocation(%in: memref<?xf32>, %out: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %in, %c0 : memref<?xf32>
  %tmp = memref.alloc(%n) : memref<?xf32>
  gpu.launch_func @kernels::@copy blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%in : memref<?xf32>, %tmp : memref<?xf32>)
  gpu.launch_func @kernels::@copy blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%tmp : memref<?xf32>, %out : memref<?xf32>)
  memref.dealloc %tmp : memref<?xf32>
  return
}

}

// -----

module attributes {gpu.container_module} {

gpu.module @kernels {
  gpu.func @write_2d(%m: memref<2x?xf32>) kernel {
    %c0 = arith.constant 0 : index
    %cst = arith.constant 1.0 : f32
    memref.store %cst, %m[%c0, %c0] : memref<2x?xf32>
    gpu.return
  }
}

// A returned allocation keeps its host buffer. The kernel writes its mirror
// through the same view (rebuilt on the mirror), and the result is copied
// back before the return; nothing is copied in, since the allocation held
// no data.

// CHECK-LABEL: func @returned_allocation
// CHECK: %[[HOST:.*]] = memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK: %[[SIZE:.*]] = memref.dim %[[HOST]]
// CHECK-NEXT: %[[DEV:.*]] = gpu.alloc (%[[SIZE]]) : memref<?xf32>
// CHECK-NOT: gpu.memcpy
// CHECK: %[[VIEW:.*]] = memref.expand_shape %[[DEV]] {{\[}}[0, 1]] output_shape [2, %{{.*}}] : memref<?xf32> into memref<2x?xf32>
// CHECK-NEXT: gpu.launch_func @kernels::@write_2d {{.*}} args(%[[VIEW]] : memref<2x?xf32>)
// CHECK-NEXT: gpu.memcpy %[[HOST]], %[[DEV]]
// CHECK-NEXT: gpu.dealloc %[[DEV]]
// CHECK-NEXT: return %[[HOST]]
func.func @returned_allocation(%n: index, %half: index) -> memref<?xf32> {
  %c1 = arith.constant 1 : index
  %buffer = memref.alloc(%n) : memref<?xf32>
  %view = memref.expand_shape %buffer [[0, 1]] output_shape [2, %half] : memref<?xf32> into memref<2x?xf32>
  gpu.launch_func @kernels::@write_2d blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%view : memref<2x?xf32>)
  return %buffer : memref<?xf32>
}

}

// -----

module attributes {gpu.container_module} {

gpu.module @kernels {
  gpu.func @copy(%from: memref<4xf32>, %to: memref<4xf32>) kernel {
    %c0 = arith.constant 0 : index
    %v = memref.load %from[%c0] : memref<4xf32>
    memref.store %v, %to[%c0] : memref<4xf32>
    gpu.return
  }
}

memref.global "private" constant @weights : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]>

// Host code between kernels sees their data, and they see its data: the
// written buffer comes back before the host copy reads it, the buffer that
// the host copy writes goes to the device before the next kernel reads it.
// A global is copied in like an argument.

// CHECK-LABEL: func @host_code_between_kernels
// CHECK-SAME: (%[[A:.*]]: memref<4xf32>, %[[B:.*]]: memref<4xf32>)
// CHECK: %[[A_DEV:.*]] = gpu.alloc () : memref<4xf32>
// CHECK: %[[B_DEV:.*]] = gpu.alloc () : memref<4xf32>
// CHECK: %[[W:.*]] = memref.get_global @weights
// CHECK-NEXT: %[[W_DEV:.*]] = gpu.alloc () : memref<4xf32>
// CHECK-NEXT: gpu.memcpy %[[W_DEV]], %[[W]]
// CHECK-NEXT: gpu.memcpy %[[A_DEV]], %[[A]]
// CHECK-NEXT: gpu.launch_func @kernels::@copy {{.*}} args(%[[W_DEV]] : memref<4xf32>, %[[A_DEV]] : memref<4xf32>)
// CHECK-NEXT: gpu.memcpy %[[A]], %[[A_DEV]]
// CHECK-NEXT: memref.copy %[[A]], %[[B]]
// CHECK-NEXT: gpu.memcpy %[[B_DEV]], %[[B]]
// CHECK-NEXT: gpu.launch_func @kernels::@copy {{.*}} args(%[[B_DEV]] : memref<4xf32>, %[[A_DEV]] : memref<4xf32>)
// CHECK-NEXT: gpu.memcpy %[[A]], %[[A_DEV]]
// CHECK-NEXT: gpu.dealloc %[[W_DEV]]
// CHECK-NEXT: gpu.dealloc %[[A_DEV]]
// CHECK-NEXT: gpu.dealloc %[[B_DEV]]
// CHECK-NEXT: return
func.func @host_code_between_kernels(%a: memref<4xf32>, %b: memref<4xf32>) {
  %c1 = arith.constant 1 : index
  %w = memref.get_global @weights : memref<4xf32>
  gpu.launch_func @kernels::@copy blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%w : memref<4xf32>, %a : memref<4xf32>)
  memref.copy %a, %b : memref<4xf32> to memref<4xf32>
  gpu.launch_func @kernels::@copy blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%b : memref<4xf32>, %a : memref<4xf32>)
  return
}

// Functions that launch nothing, and device buffers, are left alone.

// CHECK-LABEL: func @no_kernels
// CHECK-NEXT: memref.copy
// CHECK-NEXT: return
func.func @no_kernels(%a: memref<4xf32>, %b: memref<4xf32>) {
  memref.copy %a, %b : memref<4xf32> to memref<4xf32>
  return
}

// CHECK-LABEL: func @already_on_device
// CHECK-NEXT: arith.constant
// CHECK-NEXT: gpu.alloc
// CHECK-NEXT: gpu.alloc
// CHECK-NEXT: gpu.launch_func
// CHECK-NEXT: return
func.func @already_on_device() -> (memref<4xf32>, memref<4xf32>) {
  %c1 = arith.constant 1 : index
  %a = gpu.alloc () : memref<4xf32>
  %b = gpu.alloc () : memref<4xf32>
  gpu.launch_func @kernels::@copy blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%a : memref<4xf32>, %b : memref<4xf32>)
  return %a, %b : memref<4xf32>, memref<4xf32>
}

}

// -----

// A kernel that takes a buffer's address only to test its alignment (arith
// ops down to an i1) reads through the buffer, it does not write: the
// buffer is not copied back. One whose address reaches another op (here
// llvm.inttoptr, through arith ops) may write through it: that buffer is
// copied back.

module attributes {gpu.container_module} {

gpu.module @kernels {
  gpu.func @test_alignment(%m: memref<?xf32>) kernel {
    %c0 = arith.constant 0 : index
    %c16 = arith.constant 16 : index
    %address = memref.extract_aligned_pointer_as_index %m : memref<?xf32> -> index
    %rem = arith.remui %address, %c16 : index
    %aligned = arith.cmpi eq, %rem, %c0 : index
    scf.if %aligned {
      %v = memref.load %m[%c0] : memref<?xf32>
    }
    gpu.return
  }
  gpu.func @escape_address(%m: memref<?xf32>) kernel {
    %c4 = arith.constant 4 : index
    %address = memref.extract_aligned_pointer_as_index %m : memref<?xf32> -> index
    %next = arith.addi %address, %c4 : index
    %integer = arith.index_cast %next : index to i64
    %pointer = llvm.inttoptr %integer : i64 to !llvm.ptr
    gpu.return
  }
}

// CHECK-LABEL: func @address_tests
// CHECK-SAME: (%[[TESTED:.*]]: memref<?xf32>, %[[ESCAPED:.*]]: memref<?xf32>)
// CHECK: %[[TESTED_DEV:.*]] = gpu.alloc
// CHECK: %[[ESCAPED_DEV:.*]] = gpu.alloc
// CHECK: gpu.memcpy %[[TESTED_DEV]], %[[TESTED]]
// CHECK-NEXT: gpu.launch_func @kernels::@test_alignment
// CHECK-NEXT: gpu.memcpy %[[ESCAPED_DEV]], %[[ESCAPED]]
// CHECK-NEXT: gpu.launch_func @kernels::@escape_address
// CHECK-NEXT: gpu.memcpy %[[ESCAPED]], %[[ESCAPED_DEV]]
// CHECK-NOT: gpu.memcpy
// CHECK: return
func.func @address_tests(%tested: memref<?xf32>, %escaped: memref<?xf32>) {
  %c1 = arith.constant 1 : index
  gpu.launch_func @kernels::@test_alignment blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%tested : memref<?xf32>)
  gpu.launch_func @kernels::@escape_address blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%escaped : memref<?xf32>)
  return
}

}
