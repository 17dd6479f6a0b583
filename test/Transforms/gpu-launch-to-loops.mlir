// RUN: glu-opt %s --glu-test-gpu-launch-to-loops --split-input-file | FileCheck %s

// A launch whose threads do not communicate becomes an scf.parallel over
// (block x, y, z, thread x, y, z), its body with the block and thread ids
// (and sizes) replaced by the loop's indices (and bounds).
// CHECK-LABEL: func @independent
// CHECK-SAME:    (%[[OUT:.*]]: memref<?xf32>, %[[BLOCKS:.*]]: index)
// CHECK:         scf.parallel (%[[BX:.*]], %[[BY:.*]], %[[BZ:.*]], %[[TX:.*]], %[[TY:.*]], %[[TZ:.*]]) = (%c0, %c0, %c0, %c0, %c0, %c0) to (%[[BLOCKS]], %c1, %c1, %c32, %c1, %c1) step (%{{.*}}) {
// CHECK:           %[[BASE:.*]] = arith.muli %[[BX]], %c32
// CHECK:           %[[I:.*]] = arith.addi %[[BASE]], %[[TX]]
// CHECK:           memref.store %{{.*}}, %[[OUT]][%[[I]]]
// CHECK:           scf.reduce
// CHECK-NOT:     gpu.
func.func @independent(%out: memref<?xf32>, %blocks: index) {
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  %one = arith.constant 1.0 : f32
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %blocks, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1) {
    %base = arith.muli %bx, %sx : index
    %i = arith.addi %base, %tx : index
    memref.store %one, %out[%i] : memref<?xf32>
    gpu.terminator
  }
  return
}

// -----

// A launch with a barrier or shared memory needs threads that run at once:
// it becomes an assertion that it has no blocks (a launch of none does
// nothing).
// CHECK-LABEL: func @barrier
// CHECK-SAME:    (%{{.*}}: memref<?xf32>, %[[BLOCKS:.*]]: index)
// CHECK:         %[[X:.*]] = arith.cmpi eq, %[[BLOCKS]], %[[ZERO:.*]] : index
// CHECK:         %[[ANY:.*]] = arith.ori %{{.*}}, %[[X]]
// CHECK:         %[[Y:.*]] = arith.cmpi eq, %c1, %[[ZERO]]
// CHECK:         %[[ANY2:.*]] = arith.ori %[[ANY]], %[[Y]]
// CHECK:         %[[Z:.*]] = arith.cmpi eq, %c1, %[[ZERO]]
// CHECK:         %[[NONE:.*]] = arith.ori %[[ANY2]], %[[Z]]
// CHECK:         cf.assert %[[NONE]], "glu-test-gpu-launch-to-loops: this kernel's threads communicate (barriers or shared memory); it cannot run on the host"
// CHECK-NOT:     gpu.launch
// CHECK-NOT:     scf.parallel
func.func @barrier(%out: memref<?xf32>, %blocks: index) {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %blocks, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    gpu.barrier
    gpu.terminator
  }
  return
}

// -----

// CHECK-LABEL: func @shared_memory
// CHECK:         cf.assert
// CHECK-NOT:     gpu.launch
func.func @shared_memory(%out: memref<?xf32>) {
  %c1 = arith.constant 1 : index
  %c0 = arith.constant 0 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1)
             workgroup(%tile : memref<4xf32, #gpu.address_space<workgroup>>) {
    %v = memref.load %tile[%c0] : memref<4xf32, #gpu.address_space<workgroup>>
    memref.store %v, %out[%c0] : memref<?xf32>
    gpu.terminator
  }
  return
}
