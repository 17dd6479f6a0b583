// RUN: glu-opt %s --glu-test-gpu-launch-to-loops --split-input-file | FileCheck %s
// RUN: glu-opt %s --glu-test-gpu-launch-to-loops=emulate-mma=false --split-input-file | FileCheck %s --check-prefix=NOMMA

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
// CHECK:               %[[TILE:.*]] = memref.alloc() {alignment = 16 : i64} : memref<64xf32>
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

// An nvvm.mma.sync (m16n8k16, f16 or bf16 pairs, f32 accumulators) runs as
// a call of a function (not inlined) of what each thread computes of its
// warp's product: the threads store their fragments of A and B into their
// warp's slices of two block-wide buffers (the PTX ISA's m16n8k16 layout:
// lane = thread % 32, group = lane / 4, 2 * (lane % 4) the first column of
// the thread's pairs), meet at a barrier, and each computes its 4 elements
// of D = A B + C in one loop over the 16 depth steps. Each buffer has two
// slices per warp, which a thread's mma.sync take in turn (the thread
// counts them), so that no barrier is needed after the loop. bf16 pairs
// held in i32 are bitcast first.
// CHECK-LABEL: func @mma
// CHECK:         %[[WARPS:.*]] = arith.ceildivui %{{.*}}, %c32
// CHECK:         %[[SLICES:.*]] = arith.muli %[[WARPS]], %c2
// CHECK:         %[[TILE_A:.*]] = memref.alloc(%[[SLICES]]) : memref<?x16x16xf32>
// CHECK:         %[[TILE_B:.*]] = memref.alloc(%[[SLICES]]) : memref<?x16x8xf32>
// CHECK:         %[[USES:.*]] = memref.alloc(%{{.*}}) : memref<?xindex>
// CHECK:         omp.parallel
// CHECK:           %[[THREAD:.*]] = arith.index_cast %{{.*}} : i32 to index
// CHECK:           memref.store %c0{{.*}}, %[[USES]][%[[THREAD]]]
// CHECK:           %[[D:.*]] = func.call @glu_test_emulated_nvvm_mma_sync(%[[THREAD]], %[[USES]], %[[TILE_A]], %[[TILE_B]], %arg1, %arg1, %arg1, %arg1, %arg2, %arg2, %cst, %cst, %cst, %cst)
// CHECK:           llvm.extractvalue %[[D]][0]
// CHECK-NOT:       nvvm.
// CHECK:       func.func private @glu_test_emulated_nvvm_mma_sync(%[[THREAD:.*]]: index, %[[USES:.*]]: memref<?xindex>, %[[TILE_A:.*]]: memref<?x16x16xf32>, %[[TILE_B:.*]]: memref<?x16x8xf32>, %[[A0:[^:]*]]: i32, {{.*}}) -> !llvm.struct<(f32, f32, f32, f32)> attributes {passthrough = ["noinline"]}
// CHECK:         %[[LANE:.*]] = arith.remui %[[THREAD]], %c32
// CHECK:         %[[WARP:.*]] = arith.divui %[[THREAD]], %c32
// CHECK:         %[[GROUP:.*]] = arith.divui %[[LANE]], %c4
// CHECK:         %[[T:.*]] = arith.remui %[[LANE]], %c4
// CHECK:         %[[PAIR:.*]] = arith.muli %[[T]], %c2
// CHECK:         %[[COUNT:.*]] = memref.load %[[USES]][%[[THREAD]]]
// CHECK:         %[[NEXT:.*]] = arith.addi %[[COUNT]], %c1
// CHECK:         memref.store %[[NEXT]], %[[USES]][%[[THREAD]]]
// CHECK:         %[[SIZE:.*]] = memref.dim %[[TILE_A]], %c0
// CHECK:         %[[HALF_SIZE:.*]] = arith.divui %[[SIZE]], %c2
// CHECK:         %[[HALF:.*]] = arith.remui %[[COUNT]], %c2
// CHECK:         %[[FIRST:.*]] = arith.muli %[[HALF]], %[[HALF_SIZE]]
// CHECK:         %[[SLICE:.*]] = arith.addi %[[FIRST]], %[[WARP]]
// CHECK:         %[[BITS:.*]] = vector.broadcast %[[A0]] : i32 to vector<1xi32>
// CHECK:         %[[A0_PAIR:.*]] = vector.bitcast %[[BITS]] : vector<1xi32> to vector<2xbf16>
// CHECK:         %[[A00:.*]] = vector.extract %[[A0_PAIR]][0]
// CHECK:         %[[A00_F32:.*]] = arith.extf %[[A00]] : bf16 to f32
// CHECK:         memref.store %[[A00_F32]], %[[TILE_A]][%[[SLICE]], %[[GROUP]], %[[PAIR]]]
// CHECK-COUNT-7: memref.store %{{.*}}, %[[TILE_A]][%[[SLICE]],
// CHECK-COUNT-4: memref.store %{{.*}}, %[[TILE_B]][%[[SLICE]],
// CHECK:         call @GOMP_barrier()
// CHECK-NOT:     GOMP_barrier
// CHECK:         %[[SUMS:.*]]:4 = scf.for %[[K:.*]] = %c0{{.*}} to %c16 step %c1{{.*}} iter_args(
// CHECK-NOT:     GOMP_barrier
// CHECK:           memref.load %[[TILE_A]][%[[SLICE]], %[[GROUP]], %[[K]]]
// CHECK-NOT:     GOMP_barrier
// CHECK:           memref.load %[[TILE_B]][%[[SLICE]], %[[K]], %[[PAIR]]]
// CHECK-COUNT-4:   math.fma
// CHECK-NOT:     GOMP_barrier
// CHECK:         llvm.mlir.undef : !llvm.struct<(f32, f32, f32, f32)>
// CHECK:         llvm.insertvalue %[[SUMS]]#0, %{{.*}}[0]
// CHECK:         %[[RESULT:.*]] = llvm.insertvalue %[[SUMS]]#3, %{{.*}}[3]
// CHECK-NEXT:    return %[[RESULT]]
// With emulate-mma=false, it is left to an assertion that it has no blocks.
// NOMMA-LABEL: func @mma
// NOMMA:         cf.assert %{{.*}}, "glu-test-gpu-launch-to-loops: this kernel uses warp-level or other GPU operations; it cannot run on the host"
// NOMMA-NOT:     omp.parallel
func.func @mma(%out: memref<?xf32>, %a: i32, %b: i32, %blocks: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant 0.0 : f32
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %blocks, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c64, %sy = %c1, %sz = %c1) {
    %d = nvvm.mma.sync A[%a, %a, %a, %a] B[%b, %b] C[%zero, %zero, %zero, %zero]
        {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>,
         multiplicandAPtxType = #nvvm.mma_type<bf16>,
         multiplicandBPtxType = #nvvm.mma_type<bf16>,
         shape = #nvvm.shape<m = 16, n = 8, k = 16>}
        : (i32, i32, f32) -> !llvm.struct<(f32, f32, f32, f32)>
    %d0 = llvm.extractvalue %d[0] : !llvm.struct<(f32, f32, f32, f32)>
    memref.store %d0, %out[%tx] : memref<?xf32>
    gpu.terminator
  }
  return
}

// -----

// A tf32 nvvm.mma.sync (m16n8k8) the same way, in the PTX ISA's m16n8k8
// layout (t = lane % 4): A's element r of 4 at row group + 8 (r % 2),
// column t + 4 (r / 2), B's element r of 2 at row t + 4 r, column group,
// each register an f32 whose lower 13 bits must be zero (a tf32), and a
// loop over 8 depth steps.
// CHECK-LABEL: func @mma_tf32
// CHECK:         omp.parallel
// CHECK:           func.call @glu_test_emulated_nvvm_mma_sync(
// CHECK:       func.func private @glu_test_emulated_nvvm_mma_sync(%{{.*}}: index, %{{.*}}: memref<?xindex>, %{{.*}}: memref<?x16x16xf32>, %{{.*}}: memref<?x16x8xf32>, %[[A:[^:]*]]: i32, {{.*}}) -> !llvm.struct<(f32, f32, f32, f32)> attributes {passthrough = ["noinline"]}
// CHECK:         %[[LANE:.*]] = arith.remui %{{.*}}, %c32
// CHECK:         %[[WARP:.*]] = arith.divui %{{.*}}, %c32
// CHECK:         %[[GROUP:.*]] = arith.divui %[[LANE]], %c4
// CHECK:         %[[T:.*]] = arith.remui %[[LANE]], %c4
// CHECK:         %[[SLICE:.*]] = arith.addi %{{.*}}, %[[WARP]]
// CHECK:         %[[LOW:.*]] = arith.andi %[[A]], %c8191_i32
// CHECK:         %[[EXACT:.*]] = arith.cmpi eq, %[[LOW]], %c0_i32
// CHECK:         cf.assert %[[EXACT]], "mma.sync tf32 operand with its lower 13 bits set"
// CHECK:         %[[A0:.*]] = arith.bitcast %[[A]] : i32 to f32
// CHECK:         memref.store %[[A0]], %[[TILE_A:.*]][%[[SLICE]], %[[GROUP]], %[[T]]]
// CHECK:         %[[ROW8:.*]] = arith.addi %[[GROUP]], %c8
// CHECK:         memref.store %{{.*}}, %[[TILE_A]][%[[SLICE]], %[[ROW8]], %[[T]]]
// CHECK:         %[[T4:.*]] = arith.addi %[[T]], %c4
// CHECK:         memref.store %{{.*}}, %[[TILE_A]][%[[SLICE]], %[[GROUP]], %[[T4]]]
// CHECK:         %[[ROW8B:.*]] = arith.addi %[[GROUP]], %c8
// CHECK:         %[[T4B:.*]] = arith.addi %[[T]], %c4
// CHECK:         memref.store %{{.*}}, %[[TILE_A]][%[[SLICE]], %[[ROW8B]], %[[T4B]]]
// CHECK:         memref.store %{{.*}}, %[[TILE_B:.*]][%[[SLICE]], %[[T]], %[[GROUP]]]
// CHECK:         %[[K4:.*]] = arith.addi %[[T]], %c4
// CHECK:         memref.store %{{.*}}, %[[TILE_B]][%[[SLICE]], %[[K4]], %[[GROUP]]]
// CHECK:         call @GOMP_barrier()
// CHECK-NOT:     GOMP_barrier
// CHECK:         scf.for %{{.*}} = %c0{{.*}} to %c8{{(_[0-9]+)?}} step %c1{{.*}} iter_args(
// CHECK-COUNT-4:   math.fma
// CHECK-NOT:     GOMP_barrier
// CHECK:         return
// NOMMA-LABEL: func @mma_tf32
// NOMMA:         cf.assert %{{.*}}, "glu-test-gpu-launch-to-loops: this kernel uses warp-level or other GPU operations; it cannot run on the host"
// NOMMA-NOT:     omp.parallel
func.func @mma_tf32(%out: memref<?xf32>, %a: i32, %b: i32, %blocks: index) {
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant 0.0 : f32
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %blocks, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c64, %sy = %c1, %sz = %c1) {
    %d = nvvm.mma.sync A[%a, %a, %a, %a] B[%b, %b] C[%zero, %zero, %zero, %zero]
        {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>,
         multiplicandAPtxType = #nvvm.mma_type<tf32>,
         multiplicandBPtxType = #nvvm.mma_type<tf32>,
         shape = #nvvm.shape<m = 16, n = 8, k = 8>}
        : (i32, i32, f32) -> !llvm.struct<(f32, f32, f32, f32)>
    %d0 = llvm.extractvalue %d[0] : !llvm.struct<(f32, f32, f32, f32)>
    memref.store %d0, %out[%tx] : memref<?xf32>
    gpu.terminator
  }
  return
}

// -----

// One function per kind of mma.sync (its attributes and types), called
// wherever one is: two bf16 mma.sync share one, a tf32 one has its own; a
// function is renamed rather than take the name of a symbol of the module.
// CHECK-LABEL: func.func private @glu_test_emulated_nvvm_mma_sync()
// CHECK-LABEL: func @mma_kinds
// CHECK:         omp.parallel
// CHECK:           %[[D:.*]] = func.call @glu_test_emulated_nvvm_mma_sync_0(%[[THREAD:[^,]*]], %[[USES:[^,]*]], %[[TILE_A:[^,]*]], %[[TILE_B:[^,]*]], %arg1, %arg1, %arg1, %arg1, %arg2, %arg2, %cst, %cst, %cst, %cst)
// CHECK:           %[[D0:.*]] = llvm.extractvalue %[[D]][0]
// CHECK:           %[[E:.*]] = func.call @glu_test_emulated_nvvm_mma_sync_0(%[[THREAD]], %[[USES]], %[[TILE_A]], %[[TILE_B]], %arg1, %arg1, %arg1, %arg1, %arg2, %arg2, %[[D0]], %[[D0]], %[[D0]], %[[D0]])
// CHECK:           %[[E0:.*]] = llvm.extractvalue %[[E]][0]
// CHECK:           func.call @glu_test_emulated_nvvm_mma_sync_1(%[[THREAD]], %[[USES]], %[[TILE_A]], %[[TILE_B]], %arg1, %arg1, %arg1, %arg1, %arg2, %arg2, %[[E0]], %[[E0]], %[[E0]], %[[E0]])
// CHECK:       func.func private @glu_test_emulated_nvvm_mma_sync_0(
// CHECK-SAME:      attributes {passthrough = ["noinline"]}
// CHECK-NOT:     arith.andi
// CHECK:         vector.bitcast %{{.*}} : vector<1xi32> to vector<2xbf16>
// CHECK:       func.func private @glu_test_emulated_nvvm_mma_sync_1(
// CHECK-SAME:      attributes {passthrough = ["noinline"]}
// CHECK:         cf.assert %{{.*}}, "mma.sync tf32 operand with its lower 13 bits set"
// CHECK-NOT:   func.func
// CHECK:       // -----
func.func private @glu_test_emulated_nvvm_mma_sync()

func.func @mma_kinds(%out: memref<?xf32>, %a: i32, %b: i32, %blocks: index) {
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant 0.0 : f32
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %blocks, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c64, %sy = %c1, %sz = %c1) {
    %d = nvvm.mma.sync A[%a, %a, %a, %a] B[%b, %b] C[%zero, %zero, %zero, %zero]
        {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>,
         multiplicandAPtxType = #nvvm.mma_type<bf16>,
         multiplicandBPtxType = #nvvm.mma_type<bf16>,
         shape = #nvvm.shape<m = 16, n = 8, k = 16>}
        : (i32, i32, f32) -> !llvm.struct<(f32, f32, f32, f32)>
    %d0 = llvm.extractvalue %d[0] : !llvm.struct<(f32, f32, f32, f32)>
    %e = nvvm.mma.sync A[%a, %a, %a, %a] B[%b, %b] C[%d0, %d0, %d0, %d0]
        {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>,
         multiplicandAPtxType = #nvvm.mma_type<bf16>,
         multiplicandBPtxType = #nvvm.mma_type<bf16>,
         shape = #nvvm.shape<m = 16, n = 8, k = 16>}
        : (i32, i32, f32) -> !llvm.struct<(f32, f32, f32, f32)>
    %e0 = llvm.extractvalue %e[0] : !llvm.struct<(f32, f32, f32, f32)>
    %f = nvvm.mma.sync A[%a, %a, %a, %a] B[%b, %b] C[%e0, %e0, %e0, %e0]
        {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>,
         multiplicandAPtxType = #nvvm.mma_type<tf32>,
         multiplicandBPtxType = #nvvm.mma_type<tf32>,
         shape = #nvvm.shape<m = 16, n = 8, k = 8>}
        : (i32, i32, f32) -> !llvm.struct<(f32, f32, f32, f32)>
    %f0 = llvm.extractvalue %f[0] : !llvm.struct<(f32, f32, f32, f32)>
    memref.store %f0, %out[%tx] : memref<?xf32>
    gpu.terminator
  }
  return
}

// -----

// An nvgpu.ldmatrix (16-bit elements) runs as a call of a function (not
// inlined) of an exchange of addresses: each thread stores the indices that
// it addresses into its warp's slice of a block-wide table (of two per
// warp, taken in turn as mma.sync's buffers are), they meet at a barrier,
// and each loads its pair of matrix i from the row that lane 8 i + lane / 4
// addresses, at column 2 * (lane % 4) from there (PTX ISA, ldmatrix).
// CHECK-LABEL: func @ldmatrix
// CHECK:         %[[WARPS:.*]] = arith.ceildivui %{{.*}}, %c32
// CHECK:         %[[SLICES:.*]] = arith.muli %[[WARPS]], %c2
// CHECK:         %[[TABLE:.*]] = memref.alloc(%[[SLICES]]) : memref<?x32x2xindex>
// CHECK:         %[[USES:.*]] = memref.alloc(%{{.*}}) : memref<?xindex>
// CHECK:         omp.parallel
// CHECK:           %[[THREAD:.*]] = arith.index_cast %{{.*}} : i32 to index
// CHECK:           memref.store %c0{{.*}}, %[[USES]][%[[THREAD]]]
// CHECK:           %[[PAIRS:.*]] = func.call @glu_test_emulated_nvgpu_ldmatrix(%[[THREAD]], %[[USES]], %[[TABLE]], %alloc, %{{.*}}, %{{.*}}) : (index, memref<?xindex>, memref<?x32x2xindex>, memref<16x16xf16>, index, index) -> vector<2x2xf16>
// CHECK:           vector.store %[[PAIRS]]
// CHECK-NOT:       nvgpu.
// CHECK:       func.func private @glu_test_emulated_nvgpu_ldmatrix(%[[THREAD:.*]]: index, %[[USES:.*]]: memref<?xindex>, %[[TABLE:.*]]: memref<?x32x2xindex>, %[[MATRIX:.*]]: memref<16x16xf16>, %[[ROW:.*]]: index, %[[COLUMN:.*]]: index) -> vector<2x2xf16> attributes {passthrough = ["noinline"]}
// CHECK:         %[[LANE:.*]] = arith.remui %[[THREAD]], %c32
// CHECK:         %[[WARP:.*]] = arith.divui %[[THREAD]], %c32
// CHECK:         %[[ROW_LANE:.*]] = arith.divui %[[LANE]], %c4
// CHECK:         %[[T:.*]] = arith.remui %[[LANE]], %c4
// CHECK:         %[[PAIR_COLUMN:.*]] = arith.muli %[[T]], %c2
// CHECK:         %[[COUNT:.*]] = memref.load %[[USES]][%[[THREAD]]]
// CHECK:         %[[SIZE:.*]] = memref.dim %[[TABLE]], %c0
// CHECK:         %[[SLICE:.*]] = arith.addi %{{.*}}, %[[WARP]]
// CHECK:         memref.store %[[ROW]], %[[TABLE]][%[[SLICE]], %[[LANE]], %c0{{.*}}]
// CHECK:         memref.store %[[COLUMN]], %[[TABLE]][%[[SLICE]], %[[LANE]], %c1{{.*}}]
// CHECK-NEXT:    call @GOMP_barrier()
// CHECK-NOT:     GOMP_barrier
// CHECK:         %[[SOURCE1:.*]] = arith.addi %[[ROW_LANE]], %c8
// CHECK:         %[[ROW1:.*]] = memref.load %[[TABLE]][%[[SLICE]], %[[SOURCE1]], %c0{{.*}}]
// CHECK:         %[[COLUMN1:.*]] = memref.load %[[TABLE]][%[[SLICE]], %[[SOURCE1]], %c1{{.*}}]
// CHECK:         %[[AT:.*]] = arith.addi %[[COLUMN1]], %[[PAIR_COLUMN]]
// CHECK:         %[[PAIR1:.*]] = vector.load %[[MATRIX]][%[[ROW1]], %[[AT]]] : memref<16x16xf16>, vector<2xf16>
// CHECK:         %[[RESULT:.*]] = vector.insert %[[PAIR1]], %{{.*}} [1] : vector<2xf16> into vector<2x2xf16>
// CHECK-NEXT:    return %[[RESULT]]
// NOMMA-LABEL: func @ldmatrix
// NOMMA:         cf.assert %{{.*}}, "glu-test-gpu-launch-to-loops: this kernel uses warp-level or other GPU operations; it cannot run on the host"
func.func @ldmatrix(%out: memref<?x2x2xf16>, %blocks: index) {
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %blocks, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1)
             workgroup(%tile : memref<16x16xf16, #gpu.address_space<workgroup>>) {
    %c0 = arith.constant 0 : index
    %c8 = arith.constant 8 : index
    %row = arith.remui %tx, %c8 : index
    %matrix = arith.divui %tx, %c8 : index
    %column = arith.muli %matrix, %c8 : index
    %pairs = nvgpu.ldmatrix %tile[%row, %column] {numTiles = 2 : i32, transpose = false}
        : memref<16x16xf16, #gpu.address_space<workgroup>> -> vector<2x2xf16>
    vector.store %pairs, %out[%tx, %c0, %c0] : memref<?x2x2xf16>, vector<2x2xf16>
    gpu.terminator
  }
  return
}

// -----

// Transposed, lane l's pair of matrix i is column l / 4 of the rows that
// lanes 8 i + 2 (l % 4) and that plus 1 address.
// CHECK-LABEL: func @ldmatrix_transposed
// CHECK:         omp.parallel
// CHECK:           func.call @glu_test_emulated_nvgpu_ldmatrix(
// CHECK:       func.func private @glu_test_emulated_nvgpu_ldmatrix(
// CHECK:         %[[LANE:.*]] = arith.remui %{{.*}}, %c32
// CHECK:         %[[GROUP:.*]] = arith.divui %[[LANE]], %c4
// CHECK:         %[[T:.*]] = arith.remui %[[LANE]], %c4
// CHECK:         %[[PAIR_ROW:.*]] = arith.muli %[[T]], %c2
// CHECK:         memref.store %{{.*}}, %[[TABLE:.*]][%[[SLICE:.*]], %[[LANE]], %c1{{.*}}]
// CHECK-NEXT:    call @GOMP_barrier()
// CHECK-NOT:     GOMP_barrier
// CHECK:         %[[SOURCE:.*]] = arith.addi %[[PAIR_ROW]], %c9
// CHECK:         %[[ROW:.*]] = memref.load %[[TABLE]][%[[SLICE]], %[[SOURCE]], %c0{{.*}}]
// CHECK:         %[[COLUMN:.*]] = memref.load %[[TABLE]][%[[SLICE]], %[[SOURCE]], %c1{{.*}}]
// CHECK:         %[[AT:.*]] = arith.addi %[[COLUMN]], %[[GROUP]]
// CHECK:         %[[SECOND:.*]] = memref.load %{{.*}}[%[[ROW]], %[[AT]]] : memref<16x16xf16>
// CHECK:         %[[PAIR:.*]] = vector.from_elements %{{.*}}, %[[SECOND]] : vector<2xf16>
// CHECK:         %[[RESULT:.*]] = vector.insert %[[PAIR]], %{{.*}} [1] : vector<2xf16> into vector<2x2xf16>
// CHECK-NEXT:    return %[[RESULT]]
func.func @ldmatrix_transposed(%out: memref<?x2x2xf16>, %blocks: index) {
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %blocks, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1)
             workgroup(%tile : memref<16x16xf16, #gpu.address_space<workgroup>>) {
    %c0 = arith.constant 0 : index
    %c16 = arith.constant 16 : index
    %row = arith.remui %tx, %c16 : index
    %pairs = nvgpu.ldmatrix %tile[%row, %c0] {numTiles = 2 : i32, transpose = true}
        : memref<16x16xf16, #gpu.address_space<workgroup>> -> vector<2x2xf16>
    vector.store %pairs, %out[%tx, %c0, %c0] : memref<?x2x2xf16>, vector<2x2xf16>
    gpu.terminator
  }
  return
}

// -----

// An ldmatrix of 8-bit elements is not emulated: the launch becomes an
// assertion that it has no blocks.
// CHECK-LABEL: func @ldmatrix_bytes
// CHECK:         cf.assert %{{.*}}, "glu-test-gpu-launch-to-loops: this kernel uses warp-level or other GPU operations; it cannot run on the host"
// CHECK-NOT:     omp.parallel
func.func @ldmatrix_bytes(%out: memref<?x2x4xi8>, %blocks: index) {
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %blocks, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1)
             workgroup(%tile : memref<16x32xi8, #gpu.address_space<workgroup>>) {
    %c0 = arith.constant 0 : index
    %pairs = nvgpu.ldmatrix %tile[%c0, %c0] {numTiles = 2 : i32, transpose = false}
        : memref<16x32xi8, #gpu.address_space<workgroup>> -> vector<2x4xi8>
    vector.store %pairs, %out[%tx, %c0, %c0] : memref<?x2x4xi8>, vector<2x4xi8>
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

// -----

// Dynamic shared memory is a host buffer per block, its views views of that
// buffer. An asynchronous copy loads its 16 bytes when issued and queues
// them, with the byte they go to (the view's 64 plus 16 per row) and the
// thread's current group, and fills the destination with 0xff bytes (no
// defined value until the wait); a group counts one more for the thread;
// a wait for at most 1 pending group writes, in the order they were
// issued, the queued copies of the groups before the thread's last one
// into the shared buffer and keeps the others at the front of the queue.
// Here that leaves the only group pending, as the PTX ISA allows: the load
// after the barrier reads the 0xff bytes (NaN), not the copy.
// CHECK-LABEL: func @async_copy
// CHECK-SAME:    (%[[OUT:.*]]: memref<?x8xf16>, %[[IN:.*]]: memref<?x8xf16>, %[[BLOCKS:.*]]: index)
// CHECK:             scf.for %[[BX:.*]] = %{{.*}} to %[[BLOCKS]]
// CHECK:               %[[BYTES:.*]] = arith.index_cast %c1088_i32 : i32 to index
// CHECK:               %[[SHARED:.*]] = memref.alloc(%[[BYTES]]) {alignment = 16 : i64} : memref<?xi8>
// CHECK:               %[[DATA:.*]] = memref.alloc(%{{.*}}) : memref<?x64x16xi8>
// CHECK:               %[[OFFSETS:.*]] = memref.alloc(%{{.*}}) : memref<?x64xindex>
// CHECK:               %[[GROUPS:.*]] = memref.alloc(%{{.*}}) : memref<?x64xindex>
// CHECK:               %[[COUNT:.*]] = memref.alloc(%{{.*}}) : memref<?xindex>
// CHECK:               %[[COMMITTED:.*]] = memref.alloc(%{{.*}}) : memref<?xindex>
// CHECK:               omp.parallel
// CHECK:                 %[[THREAD:.*]] = arith.index_cast %{{.*}} : i32 to index
// CHECK:                 memref.store %c0{{(_[0-9]+)?}}, %[[COUNT]][%[[THREAD]]]
// CHECK:                 memref.store %c0{{(_[0-9]+)?}}, %[[COMMITTED]][%[[THREAD]]]
// CHECK:                 %[[TILE:.*]] = memref.view %[[SHARED]][%c64{{(_[0-9]+)?}}][] : memref<?xi8> to memref<64x8xf16>
// CHECK:                 %[[ROW_BYTE:.*]] = arith.muli %{{.*}}, %c16{{(_[0-9]+)?}}
// CHECK:                 %[[AT:.*]] = arith.addi %c64{{(_[0-9]+)?}}, %[[ROW_BYTE]]
// CHECK:                 %[[COLUMN_BYTE:.*]] = arith.muli %c0{{(_[0-9]+)?}}, %c2{{(_[0-9]+)?}}
// CHECK:                 %[[BYTE:.*]] = arith.addi %[[AT]], %[[COLUMN_BYTE]]
// CHECK:                 %[[LOADED:.*]] = vector.load %[[IN]][{{.*}}] : memref<?x8xf16>, vector<8xf16>
// CHECK:                 %[[COPIED:.*]] = vector.bitcast %[[LOADED]] : vector<8xf16> to vector<16xi8>
// CHECK:                 %[[N:.*]] = memref.load %[[COUNT]][%[[THREAD]]]
// CHECK:                 %[[ROOM:.*]] = arith.cmpi ult, %[[N]], %c64{{(_[0-9]+)?}}
// CHECK:                 cf.assert %[[ROOM]], "glu-test-gpu-launch-to-loops: a thread has too many asynchronous copies pending"
// CHECK:                 vector.store %[[COPIED]], %[[DATA]][%[[THREAD]], %[[N]], %c0{{(_[0-9]+)?}}]
// CHECK:                 memref.store %[[BYTE]], %[[OFFSETS]][%[[THREAD]], %[[N]]]
// CHECK:                 %[[GROUP:.*]] = memref.load %[[COMMITTED]][%[[THREAD]]]
// CHECK:                 memref.store %[[GROUP]], %[[GROUPS]][%[[THREAD]], %[[N]]]
// CHECK:                 %[[N1:.*]] = arith.addi %[[N]], %c1{{(_[0-9]+)?}}
// CHECK:                 memref.store %[[N1]], %[[COUNT]][%[[THREAD]]]
// CHECK:                 %[[UNDEFINED:.*]] = arith.constant dense<-1> : vector<16xi8>
// CHECK:                 vector.store %[[UNDEFINED]], %[[SHARED]][%[[BYTE]]] : memref<?xi8>, vector<16xi8>
// CHECK:                 %[[C:.*]] = memref.load %[[COMMITTED]][%[[THREAD]]]
// CHECK:                 %[[C1:.*]] = arith.addi %[[C]], %c1{{(_[0-9]+)?}}
// CHECK:                 memref.store %[[C1]], %[[COMMITTED]][%[[THREAD]]]
// CHECK:                 %[[NOW:.*]] = memref.load %[[COMMITTED]][%[[THREAD]]]
// CHECK:                 %[[LIMIT:.*]] = arith.subi %[[NOW]], %c1{{(_[0-9]+)?}}
// CHECK:                 %[[PENDING:.*]] = memref.load %[[COUNT]][%[[THREAD]]]
// CHECK:                 %[[KEPT:.*]] = scf.for %[[I:.*]] = %c0{{(_[0-9]+)?}} to %[[PENDING]] step %c1{{(_[0-9]+)?}} iter_args(%[[J:.*]] = %c0{{(_[0-9]+)?}}) -> (index) {
// CHECK:                   %[[G:.*]] = memref.load %[[GROUPS]][%[[THREAD]], %[[I]]]
// CHECK:                   %[[DONE:.*]] = arith.cmpi slt, %[[G]], %[[LIMIT]]
// CHECK:                   scf.if %[[DONE]] -> (index) {
// CHECK:                     %[[D:.*]] = vector.load %[[DATA]][%[[THREAD]], %[[I]], %c0{{(_[0-9]+)?}}] : memref<?x64x16xi8>, vector<16xi8>
// CHECK:                     %[[O:.*]] = memref.load %[[OFFSETS]][%[[THREAD]], %[[I]]]
// CHECK:                     vector.store %[[D]], %[[SHARED]][%[[O]]] : memref<?xi8>, vector<16xi8>
// CHECK:                     scf.yield %[[J]]
// CHECK:                   } else {
// CHECK:                     %[[KEEP_D:.*]] = vector.load %[[DATA]][%[[THREAD]], %[[I]], %c0{{(_[0-9]+)?}}]
// CHECK:                     vector.store %[[KEEP_D]], %[[DATA]][%[[THREAD]], %[[J]], %c0{{(_[0-9]+)?}}]
// CHECK:                     %[[KEEP_O:.*]] = memref.load %[[OFFSETS]][%[[THREAD]], %[[I]]]
// CHECK:                     memref.store %[[KEEP_O]], %[[OFFSETS]][%[[THREAD]], %[[J]]]
// CHECK:                     memref.store %[[G]], %[[GROUPS]][%[[THREAD]], %[[J]]]
// CHECK:                     arith.addi %[[J]], %c1{{(_[0-9]+)?}}
// CHECK:                 memref.store %[[KEPT]], %[[COUNT]][%[[THREAD]]]
// CHECK:                 func.call @GOMP_barrier()
// CHECK:                 vector.load %[[TILE]]
// CHECK-NOT:     gpu.
// CHECK-NOT:     nvgpu.
func.func @async_copy(%out: memref<?x8xf16>, %in: memref<?x8xf16>, %blocks: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %bytes = arith.constant 1088 : i32
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %blocks, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c64, %sy = %c1, %sz = %c1)
             dynamic_shared_memory_size %bytes {
    %shared = gpu.dynamic_shared_memory : memref<?xi8, #gpu.address_space<workgroup>>
    %tile = memref.view %shared[%c64][] : memref<?xi8, #gpu.address_space<workgroup>> to memref<64x8xf16, #gpu.address_space<workgroup>>
    %row = arith.muli %bx, %sx : index
    %i = arith.addi %row, %tx : index
    %copy = nvgpu.device_async_copy %in[%i, %c0], %tile[%tx, %c0], 8 {bypassL1} : memref<?x8xf16> to memref<64x8xf16, #gpu.address_space<workgroup>>
    %group = nvgpu.device_async_create_group
    nvgpu.device_async_wait %group {numGroups = 1 : i32}
    gpu.barrier
    %other = arith.subi %c64, %tx : index
    %last = arith.subi %other, %c1 : index
    %v = vector.load %tile[%last, %c0] : memref<64x8xf16, #gpu.address_space<workgroup>>, vector<8xf16>
    vector.store %v, %out[%i, %c0] : memref<?x8xf16>, vector<8xf16>
    gpu.terminator
  }
  return
}

// -----

// A copy of fewer bytes than it writes (srcElements) is not emulated.
// CHECK-LABEL: func @partial_async_copy
// CHECK:         cf.assert %{{.*}}, "glu-test-gpu-launch-to-loops: this kernel uses warp-level or other GPU operations; it cannot run on the host"
// CHECK-NOT:     omp.parallel
func.func @partial_async_copy(%in: memref<?x8xf16>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %bytes = arith.constant 1024 : i32
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1)
             dynamic_shared_memory_size %bytes {
    %shared = gpu.dynamic_shared_memory : memref<?xi8, #gpu.address_space<workgroup>>
    %tile = memref.view %shared[%c0][] : memref<?xi8, #gpu.address_space<workgroup>> to memref<64x8xf16, #gpu.address_space<workgroup>>
    %copy = nvgpu.device_async_copy %in[%c0, %c0], %tile[%c0, %c0], 8, %n : memref<?x8xf16> to memref<64x8xf16, #gpu.address_space<workgroup>>
    %group = nvgpu.device_async_create_group
    nvgpu.device_async_wait %group
    gpu.terminator
  }
  return
}

// -----

// Dynamic shared memory in a launch that gives it no size is not emulated.
// CHECK-LABEL: func @unsized_shared_memory
// CHECK:         cf.assert %{{.*}}, "glu-test-gpu-launch-to-loops: this kernel uses warp-level or other GPU operations; it cannot run on the host"
// CHECK-NOT:     omp.parallel
func.func @unsized_shared_memory(%out: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %shared = gpu.dynamic_shared_memory : memref<?xi8, #gpu.address_space<workgroup>>
    %tile = memref.view %shared[%c0][] : memref<?xi8, #gpu.address_space<workgroup>> to memref<4xf32, #gpu.address_space<workgroup>>
    %v = memref.load %tile[%c0] : memref<4xf32, #gpu.address_space<workgroup>>
    memref.store %v, %out[%c0] : memref<?xf32>
    gpu.barrier
    gpu.terminator
  }
  return
}

// -----

// A warpgroup MMA from shared memory becomes each thread's share of the
// product: the dynamic shared memory's address is 16 (16-byte aligned, not
// 1024-byte aligned); the descriptors' start address, LBO and SBO are
// decoded (<< 4) and their swizzle checked (128 bytes); for each of the
// thread's 4 accumulators, a loop over the 16 depth elements loads A's
// (K-major: row / 8 atoms of SBO bytes, row % 8 rows of 128 bytes, 2 bytes
// per element) and B's (MN-major with layout row: column / 64 blocks of LBO
// bytes, depth / 8 atoms of SBO bytes, depth % 8 rows of 128 bytes) element
// from the shared buffer at the swizzled address (bits 4-6 XOR bits 7-9)
// less 16, and adds their product; the wgmma is queued with its
// descriptors, its group and the sum of what it read. The commit counts a
// group; the wait rereads what each wgmma of a completed group read and
// asserts that it did not change; at the end no wgmma may be pending. The
// descriptors' reserved and base offset bits must be zero. The fences do
// nothing.
// CHECK-LABEL: func @wgmma
// CHECK:         omp.parallel
// CHECK:           %[[THREAD:.*]] = arith.index_cast %{{.*}} : i32 to index
// CHECK:           %[[TX:.*]] = arith.remui %[[THREAD]], %c128
// CHECK:           %[[SUMS:.*]] = memref.alloca() : memref<4xf32>
// CHECK:           %[[ADDRESS:.*]] = arith.index_cast %c16{{(_[0-9]+)?}} : index to i64
// CHECK:           %[[DESC:.*]] = arith.ori %{{.*}}, %{{.*}} : i64
// CHECK:           memref.store %{{.*}}, %[[SUMS]]
// CHECK:           %[[SWIZZLE:.*]] = arith.shrui %[[DESC]], %c62_i64
// CHECK:           %[[IS128:.*]] = arith.cmpi eq, %[[SWIZZLE]], %c1_i64
// CHECK:           cf.assert %[[IS128]], "glu-test-gpu-launch-to-loops: wgmma emulates the 128-byte swizzle only"
// CHECK:           %[[RESERVED:.*]] = arith.andi %[[DESC]], %c4611615652904484864_i64
// CHECK:           %[[CLEAR:.*]] = arith.cmpi eq, %[[RESERVED]], %c0_i64
// CHECK:           cf.assert %[[CLEAR]], "glu-test-gpu-launch-to-loops: a wgmma descriptor has reserved or base offset bits set"
// CHECK:           scf.for %[[I:.*]] = %c0{{(_[0-9]+)?}} to %c4{{(_[0-9]+)?}} step %c1{{(_[0-9]+)?}} iter_args(%{{.*}} = %{{.*}}) -> (f32) {
// CHECK:             scf.for %[[K:.*]] = %c0{{(_[0-9]+)?}} to %c16{{(_[0-9]+)?}} step %c1{{(_[0-9]+)?}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (f32, f32) {
// CHECK:               %[[HIGH:.*]] = arith.shrui %[[A_AT:.*]], %c3
// CHECK:               %[[BITS:.*]] = arith.andi %[[HIGH]], %c112
// CHECK:               %[[SWIZZLED:.*]] = arith.xori %[[A_AT]], %[[BITS]]
// CHECK:               %[[OFFSET:.*]] = arith.subi %[[SWIZZLED]], %c16
// CHECK:               %[[BYTES:.*]] = vector.load %[[SHARED:.*]][%[[OFFSET]]] : memref<?xi8>, vector<2xi8>
// CHECK:               vector.bitcast %[[BYTES]] : vector<2xi8> to vector<1xf16>
// CHECK:               arith.xori
// CHECK:               vector.load %[[SHARED]]
// CHECK:               math.fma
// CHECK:           cf.assert %{{.*}}, "glu-test-gpu-launch-to-loops: a thread has too many wgmma pending"
// CHECK:           llvm.insertvalue
// CHECK:           scf.for {{.*}} -> (index) {
// CHECK:             scf.if
// CHECK:               scf.for {{.*}} -> (f32) {
// CHECK:               cf.assert %{{.*}}, "glu-test-gpu-launch-to-loops: a wgmma's operands changed before the wait that completes it"
// CHECK:           memref.store %{{.*}}, %{{.*}}[%[[TX]]]
// CHECK:           cf.assert %{{.*}}, "glu-test-gpu-launch-to-loops: a thread ends with wgmma not waited for"
// CHECK:           omp.terminator
// CHECK-NOT:     nvvm.
// CHECK-NOT:     gpu.
// NOMMA-LABEL: func @wgmma
// NOMMA:         cf.assert %{{.*}}, "glu-test-gpu-launch-to-loops: this kernel uses warp-level or other GPU operations; it cannot run on the host"
func.func @wgmma(%out: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c128 = arith.constant 128 : index
  %bytes = arith.constant 4096 : i32
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c128, %sy = %c1, %sz = %c1)
             dynamic_shared_memory_size %bytes {
    %shared = gpu.dynamic_shared_memory : memref<?xi8, #gpu.address_space<workgroup>>
    %address = memref.extract_aligned_pointer_as_index %shared : memref<?xi8, #gpu.address_space<workgroup>> -> index
    %a64 = arith.index_cast %address : index to i64
    %c4 = arith.constant 4 : i64
    %start = arith.shrui %a64, %c4 : i64
    // LBO 16, SBO 1024, 128-byte swizzle.
    %fields = arith.constant 4611686293305360384 : i64
    %desc = arith.ori %start, %fields : i64
    %zero = llvm.mlir.zero : !llvm.struct<(f32, f32, f32, f32)>
    nvvm.fence.proxy {kind = #nvvm.proxy_kind<async.shared>, space = #nvvm.shared_space<cta>}
    gpu.barrier
    nvvm.wgmma.fence.aligned
    %d = nvvm.wgmma.mma_async %desc, %desc, %zero, #nvvm.shape<m = 64, n = 8, k = 16>, D [<f32>, #nvvm.wgmma_scale_out<one>], A [<f16>, #nvvm.wgmma_scale_in<one>, <row>], B [<f16>, #nvvm.wgmma_scale_in<one>, <row>] : !llvm.struct<(f32, f32, f32, f32)> -> !llvm.struct<(f32, f32, f32, f32)>
    nvvm.wgmma.commit.group.sync.aligned
    nvvm.wgmma.wait.group.sync.aligned 0
    %sum = llvm.extractvalue %d[0] : !llvm.struct<(f32, f32, f32, f32)>
    memref.store %sum, %out[%tx] : memref<?xf32>
    gpu.terminator
  }
  return
}

// -----

// A negated operand is not emulated.
// CHECK-LABEL: func @negated_wgmma
// CHECK:         cf.assert %{{.*}}, "glu-test-gpu-launch-to-loops: this kernel uses warp-level or other GPU operations; it cannot run on the host"
// CHECK-NOT:     omp.parallel
func.func @negated_wgmma(%desc: i64) {
  %c1 = arith.constant 1 : index
  %c128 = arith.constant 128 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c128, %sy = %c1, %sz = %c1) {
    %zero = llvm.mlir.zero : !llvm.struct<(f32, f32, f32, f32)>
    %d = nvvm.wgmma.mma_async %desc, %desc, %zero, #nvvm.shape<m = 64, n = 8, k = 16>, D [<f32>, #nvvm.wgmma_scale_out<one>], A [<f16>, #nvvm.wgmma_scale_in<neg>, <row>], B [<f16>, #nvvm.wgmma_scale_in<one>, <row>] : !llvm.struct<(f32, f32, f32, f32)> -> !llvm.struct<(f32, f32, f32, f32)>
    gpu.terminator
  }
  return
}
