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

// A launch whose threads share a workgroup buffer and synchronize needs
// threads that run at once: a loop over its blocks (z, y, x), each with its
// own host copy of the buffer and an omp.parallel of all the block's
// threads (asserted: the runtime must not give fewer), whose ids come from
// the OpenMP thread number; gpu.barrier becomes a call of the runtime's
// barrier.
// CHECK-DAG:   func.func private @omp_get_thread_num() -> i32
// CHECK-DAG:   func.func private @omp_get_num_threads() -> i32
// CHECK-DAG:   func.func private @GOMP_barrier()
// CHECK-LABEL: func @shared_memory
// CHECK-SAME:    (%[[OUT:.*]]: memref<?xf32>, %[[BLOCKS:.*]]: index)
// CHECK:         %[[PLANE:.*]] = arith.muli %c32, %c2
// CHECK:         %[[THREADS:.*]] = arith.muli %[[PLANE]], %c1
// CHECK:         %[[THREADS_I32:.*]] = arith.index_cast %[[THREADS]] : index to i32
// CHECK:         scf.for %{{.*}} = %{{.*}} to %c1
// CHECK:           scf.for %{{.*}} = %{{.*}} to %c1
// CHECK:             scf.for %[[BX:.*]] = %{{.*}} to %[[BLOCKS]]
// CHECK:               %[[TILE:.*]] = memref.alloc() : memref<64xf32>
// CHECK:               omp.parallel num_threads(%[[THREADS_I32]] : i32) {
// CHECK:                 %[[COUNT:.*]] = func.call @omp_get_num_threads()
// CHECK:                 %[[ALL:.*]] = arith.cmpi eq, %[[COUNT]], %[[THREADS_I32]]
// CHECK:                 cf.assert %[[ALL]], "glu-test-gpu-launch-to-loops: the OpenMP runtime did not give a block all its threads"
// CHECK:                 %[[NUM:.*]] = func.call @omp_get_thread_num()
// CHECK:                 %[[THREAD:.*]] = arith.index_cast %[[NUM]] : i32 to index
// CHECK:                 %[[TX:.*]] = arith.remui %[[THREAD]], %c32
// CHECK:                 %[[ROW:.*]] = arith.divui %[[THREAD]], %c32
// CHECK:                 %[[TY:.*]] = arith.remui %[[ROW]], %c2
// CHECK:                 %[[TZ:.*]] = arith.divui %[[THREAD]], %[[PLANE]]
// CHECK:                 memref.store %{{.*}}, %[[TILE]][%{{.*}}] : memref<64xf32>
// CHECK-NEXT:            func.call @GOMP_barrier() : () -> ()
// CHECK:                 memref.load %[[TILE]]
// CHECK:                 memref.store %{{.*}}, %[[OUT]]
// CHECK:                 omp.terminator
// CHECK-NOT:     gpu.
func.func @shared_memory(%out: memref<?xf32>, %blocks: index) {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c32 = arith.constant 32 : index
  %c63 = arith.constant 63 : index
  %one = arith.constant 1.0 : f32
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %blocks, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c32, %sy = %c2, %sz = %c1)
             workgroup(%tile : memref<64xf32, #gpu.address_space<workgroup>>) {
    // Thread t writes element t and reads element 63 - t, which another
    // thread wrote.
    %row = arith.muli %ty, %sx : index
    %t = arith.addi %row, %tx : index
    memref.store %one, %tile[%t] : memref<64xf32, #gpu.address_space<workgroup>>
    gpu.barrier
    %other = arith.subi %c63, %t : index
    %v = memref.load %tile[%other] : memref<64xf32, #gpu.address_space<workgroup>>
    %base = arith.muli %bx, %c32 : index
    %i = arith.addi %base, %t : index
    memref.store %v, %out[%i] : memref<?xf32>
    gpu.terminator
  }
  return
}

// -----

// A launch with a warp-level or other GPU op (here nvvm.read.ptx.sreg.laneid)
// cannot run on the host: it becomes an assertion that it has no blocks (a
// launch of none does nothing).
// CHECK-LABEL: func @warp_level
// CHECK-SAME:    (%{{.*}}: memref<?xi32>, %[[BLOCKS:.*]]: index)
// CHECK:         %[[X:.*]] = arith.cmpi eq, %[[BLOCKS]], %[[ZERO:.*]] : index
// CHECK:         %[[ANY:.*]] = arith.ori %{{.*}}, %[[X]]
// CHECK:         %[[Y:.*]] = arith.cmpi eq, %c1, %[[ZERO]]
// CHECK:         %[[ANY2:.*]] = arith.ori %[[ANY]], %[[Y]]
// CHECK:         %[[Z:.*]] = arith.cmpi eq, %c1, %[[ZERO]]
// CHECK:         %[[NONE:.*]] = arith.ori %[[ANY2]], %[[Z]]
// CHECK:         cf.assert %[[NONE]], "glu-test-gpu-launch-to-loops: this kernel uses warp-level or other GPU operations; it cannot run on the host"
// CHECK-NOT:     gpu.launch
// CHECK-NOT:     scf.parallel
// CHECK-NOT:     omp.parallel
func.func @warp_level(%out: memref<?xi32>, %blocks: index) {
  %c1 = arith.constant 1 : index
  %c0 = arith.constant 0 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %blocks, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %lane = nvvm.read.ptx.sreg.laneid : i32
    memref.store %lane, %out[%c0] : memref<?xi32>
    gpu.terminator
  }
  return
}
