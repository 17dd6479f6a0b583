// RUN: glu-opt %s --glu-gpu-device-buffers=device-arguments=true | FileCheck %s

// With device-arguments the caller's buffers are already on the device: the
// kernels use the arguments in place, the returned allocation becomes a
// device allocation that the caller frees, and nothing is copied.

module attributes {gpu.container_module} {

gpu.module @kernels {
  gpu.func @copy(%from: memref<?xf32>, %to: memref<?xf32>) kernel {
    %c0 = arith.constant 0 : index
    %v = memref.load %from[%c0] : memref<?xf32>
    memref.store %v, %to[%c0] : memref<?xf32>
    gpu.return
  }
}

// CHECK-LABEL: func @device_resident
// CHECK-SAME: (%[[IN:.*]]: memref<?xf32>, %[[W:.*]]: memref<?xf32>)
// CHECK-NOT: gpu.memcpy
// CHECK: %[[TMP:.*]] = gpu.alloc (%{{.*}}) : memref<?xf32>
// CHECK: %[[OUT:.*]] = gpu.alloc (%{{.*}}) : memref<?xf32>
// CHECK-NEXT: gpu.launch_func @kernels::@copy {{.*}} args(%[[IN]] : memref<?xf32>, %[[TMP]] : memref<?xf32>)
// CHECK-NEXT: gpu.launch_func @kernels::@copy {{.*}} args(%[[TMP]] : memref<?xf32>, %[[W]] : memref<?xf32>)
// CHECK-NEXT: gpu.launch_func @kernels::@copy {{.*}} args(%[[W]] : memref<?xf32>, %[[OUT]] : memref<?xf32>)
// CHECK-NEXT: gpu.dealloc %[[TMP]]
// CHECK-NOT: gpu.dealloc
// CHECK-NOT: gpu.memcpy
// CHECK: return %[[OUT]]
func.func @device_resident(%in: memref<?xf32>, %w: memref<?xf32>) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %in, %c0 : memref<?xf32>
  %tmp = memref.alloc(%n) : memref<?xf32>
  %out = memref.alloc(%n) : memref<?xf32>
  gpu.launch_func @kernels::@copy blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%in : memref<?xf32>, %tmp : memref<?xf32>)
  gpu.launch_func @kernels::@copy blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%tmp : memref<?xf32>, %w : memref<?xf32>)
  gpu.launch_func @kernels::@copy blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%w : memref<?xf32>, %out : memref<?xf32>)
  memref.dealloc %tmp : memref<?xf32>
  return %out : memref<?xf32>
}

}
