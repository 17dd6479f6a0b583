// RUN: glu-opt %s --convert-glu-to-gpu='split-lanes=32' --canonicalize --cse | FileCheck %s
// RUN: glu-opt %s --convert-glu-to-gpu='split-lanes=2' --canonicalize --cse | FileCheck %s --check-prefix=SLICES
// RUN: glu-opt %s --convert-glu-to-gpu --canonicalize --cse | FileCheck %s --check-prefix=DEFAULT
// RUN: glu-opt %s --convert-glu-to-gpu='split-lanes=32 split-mma=true' --canonicalize --cse | FileCheck %s --check-prefix=MMA

// split-lanes=32: the 128 threads of a split-depth FMA block are 4 column
// threads (4 f32 columns each: 16 columns per block) by 32 depth lanes,
// thread t at columns 4 (t % 4) of its block and depth lane t / 4. Gated
// product: 512 / 16 = 32 column blocks, few enough for split-blocks (264)
// to want 9 slices, but a slice is at least 64 x 32 rows deep: D = 1024
// is one slice, 32 rows per depth lane. Each thread's 4 sums of a weight
// go to shared memory ([32 depth lanes, 16 outputs + 4 of padding] f32,
// 2.5 KiB; sum j of column thread c is output 4 j + c), one weight at a
// time; threads 0 to 15 add the 16 outputs of the block in depth-lane
// order (output u: row u / 4 / 4, column 16 x block + 4 (u % 4) + (u / 4)
// % 4), and with one slice the product kernel runs the epilogue (swish)
// and stores H itself: no partial sums (a buffer of 0 slices) and a
// reduction kernel of 0 blocks. The down projection likewise (256 / 16
// blocks, F = 512: one slice).
// CHECK-LABEL: func @ffn_one_slice
// CHECK:         %[[H:.*]] = memref.alloc() : memref<1x512xf32>
// CHECK-NEXT:    %[[P:.*]] = memref.alloc() : memref<0x2x1x512xf32>
// CHECK-NEXT:    gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %c32, %{{.*}} = %c1, %{{.*}} = %c1) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %c128, %{{.*}} = %c1, %{{.*}} = %c1) dynamic_shared_memory_size %c2560_i32
// CHECK-NEXT:      %[[CT:.*]] = arith.remui %[[TX]], %c4
// CHECK-NEXT:      %[[LANE:.*]] = arith.divui %[[TX]], %c4
// CHECK:           %[[LANEBEGIN:.*]] = arith.muli %[[LANE]], %c32
// CHECK-NEXT:      %[[BEGIN:.*]] = arith.minui %[[LANEBEGIN]], %c1024
// CHECK-NEXT:      %[[NEXT:.*]] = arith.addi %[[BEGIN]], %c32
// CHECK-NEXT:      %[[END:.*]] = arith.minui %[[NEXT]], %c1024
// CHECK:           %[[SUMS:.*]]:8 = scf.if
// CHECK:             scf.for %{{.*}} = %[[BEGIN]] to %{{.*}} step %c4
// CHECK:           %[[SMEM:.*]] = gpu.dynamic_shared_memory
// CHECK-NEXT:      %[[LANESUMS:.*]] = memref.view %[[SMEM]][%c0][] : {{.*}} to memref<32x20xf32, #gpu.address_space<workgroup>>
// CHECK-NEXT:      %[[FIRSTCOL:.*]] = arith.muli %[[BX]], %c16
// CHECK-NEXT:      memref.store %[[SUMS]]#0, %[[LANESUMS]][%[[LANE]], %[[CT]]]
// CHECK-NEXT:      %[[J1:.*]] = arith.addi %[[CT]], %c4
// CHECK-NEXT:      memref.store %[[SUMS]]#1, %[[LANESUMS]][%[[LANE]], %[[J1]]]
// CHECK-NEXT:      %[[J2:.*]] = arith.addi %[[CT]], %c8
// CHECK-NEXT:      memref.store %[[SUMS]]#2, %[[LANESUMS]][%[[LANE]], %[[J2]]]
// CHECK-NEXT:      %[[J3:.*]] = arith.addi %[[CT]], %c12
// CHECK-NEXT:      memref.store %[[SUMS]]#3, %[[LANESUMS]][%[[LANE]], %[[J3]]]
// CHECK-NEXT:      gpu.barrier
// CHECK-NEXT:      %[[U:.*]] = arith.minui %[[TX]], %c15
// CHECK-NEXT:      %[[G0:.*]] = memref.load %[[LANESUMS]][%c0, %[[U]]]
// CHECK-NEXT:      %[[G1:.*]] = memref.load %[[LANESUMS]][%c1, %[[U]]]
// CHECK:           %[[G31:.*]] = memref.load %[[LANESUMS]][%c31, %[[U]]]
// CHECK-NEXT:      arith.addf %[[G0]], %[[G1]]
// CHECK:           %[[GATE:.*]] = arith.addf %{{.*}}, %[[G31]]
// CHECK-NEXT:      gpu.barrier
// CHECK-NEXT:      memref.store %[[SUMS]]#4, %[[LANESUMS]][%[[LANE]], %[[CT]]]
// CHECK-NEXT:      memref.store %[[SUMS]]#5, %[[LANESUMS]][%[[LANE]], %[[J1]]]
// CHECK-NEXT:      memref.store %[[SUMS]]#6, %[[LANESUMS]][%[[LANE]], %[[J2]]]
// CHECK-NEXT:      memref.store %[[SUMS]]#7, %[[LANESUMS]][%[[LANE]], %[[J3]]]
// CHECK-NEXT:      gpu.barrier
// CHECK:           %[[V31:.*]] = memref.load %[[LANESUMS]][%c31, %[[U]]]
// CHECK:           %[[VALUE:.*]] = arith.addf %{{.*}}, %[[V31]]
// CHECK-NEXT:      %[[OUTPUT:.*]] = arith.cmpi ult, %[[TX]], %c16
// CHECK-NEXT:      scf.if %[[OUTPUT]] {
// CHECK-NEXT:        %[[OWNERCOL:.*]] = arith.muli %[[CT]], %c4
// CHECK-NEXT:        %[[BLOCKCOL:.*]] = arith.addi %[[FIRSTCOL]], %[[OWNERCOL]]
// CHECK-NEXT:        %[[I:.*]] = arith.remui %[[LANE]], %c4
// CHECK-NEXT:        %[[COL:.*]] = arith.addi %[[BLOCKCOL]], %[[I]]
// CHECK-NEXT:        %[[ROW:.*]] = arith.divui %[[LANE]], %c4
// CHECK:             math.absf %[[GATE]]
// CHECK:             math.exp
// CHECK:             arith.mulf %{{.*}}, %[[VALUE]] : f32
// CHECK-NEXT:        memref.store %{{.*}}, %[[H]][%[[ROW]], %[[COL]]]
// CHECK-NOT:       memref.store %{{.*}}, %[[P]]
// CHECK:           gpu.terminator
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c0, %{{.*}} = %c1, %{{.*}} = %c1) threads({{.*}}) in (%{{.*}} = %c256,
// CHECK:         memref.alloc() : memref<0x1x1x256xf32>
// CHECK-NEXT:    gpu.launch blocks({{.*}}) in (%{{.*}} = %c16, %{{.*}} = %c1, %{{.*}} = %c1) threads({{.*}}) in (%{{.*}} = %c128, %{{.*}} = %c1, %{{.*}} = %c1) dynamic_shared_memory_size %c2560_i32
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c0, %{{.*}} = %c1, %{{.*}} = %c1) threads({{.*}}) in (%{{.*}} = %c256,

// split-lanes=2: 64 column threads by 2 lanes, 256 columns per block: the
// gated product has 2 column blocks and 8 depth slices (one per 64 x 2
// rows), 64 rows per depth lane; each block adds its lanes' sums ([2, 256
// + 64] in shared memory: 256 outputs per weight, 2 per thread) and stores
// them as
// the slice's partial sums, which the reduction kernel adds (2 blocks of
// 256 threads) and gates.
// SLICES-LABEL: func @ffn_one_slice
// SLICES:         %[[H:.*]] = memref.alloc() : memref<1x512xf32>
// SLICES-NEXT:    %[[P:.*]] = memref.alloc() : memref<8x2x1x512xf32>
// SLICES-NEXT:    gpu.launch blocks(%{{.*}}, %[[SLICE:.*]], %{{.*}}) in (%{{.*}} = %c2, %{{.*}} = %c8, %{{.*}} = %c1) threads({{.*}}) in (%{{.*}} = %c128, %{{.*}} = %c1, %{{.*}} = %c1) dynamic_shared_memory_size %c2560_i32
// SLICES:           memref.view {{.*}} to memref<2x320xf32, #gpu.address_space<workgroup>>
// SLICES-NOT:       memref.store %{{.*}}, %[[H]]
// SLICES:           memref.store %{{.*}}, %[[P]][%[[SLICE]], %c0, %[[ROW:.*]], %[[COL:.*]]]
// SLICES-NEXT:      memref.store %{{.*}}, %[[P]][%[[SLICE]], %c1, %[[ROW]], %[[COL]]]
// SLICES:           memref.store %{{.*}}, %[[P]][%[[SLICE]], %c0, %[[ROW2:.*]], %[[COL2:.*]]]
// SLICES-NEXT:      memref.store %{{.*}}, %[[P]][%[[SLICE]], %c1, %[[ROW2]], %[[COL2]]]
// SLICES-NOT:       memref.store %{{.*}}, %[[H]]
// SLICES:           gpu.terminator
// SLICES:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c2, %{{.*}} = %c1, %{{.*}} = %c1) threads({{.*}}) in (%{{.*}} = %c256,
// SLICES:           math.exp
// SLICES:           memref.store %{{.*}}, %[[H]][

// Without split-lanes: no shared memory, 128 column threads on 1024
// columns: one column block and 16 slices (one per 64 rows), whose partial
// sums the reduction kernel adds.
// DEFAULT-LABEL: func @ffn_one_slice
// DEFAULT:         memref.alloc() : memref<16x2x1x512xf32>
// DEFAULT-NEXT:    gpu.launch blocks({{.*}}) in (%{{.*}} = %c1, %{{.*}} = %c16, %{{.*}} = %c1) threads({{.*}}) in (%{{.*}} = %c128, %{{.*}} = %c1, %{{.*}} = %c1) function(@ffn_one_slice_gated_split_1row) {
// DEFAULT-NOT:       gpu.barrier
// DEFAULT:           gpu.terminator
func.func @ffn_one_slice(%x: tensor<1x1024xf32>, %w: tensor<1024x512xf32>,
                         %v: tensor<1024x512xf32>, %w2: tensor<512x256xf32>)
    -> tensor<1x256xf32> {
  %y = glu.ffn <swish> %x : tensor<1x1024xf32>
      gate(%w : tensor<1024x512xf32>) value(%v : tensor<1024x512xf32>)
      down(%w2 : tensor<512x256xf32>) -> tensor<1x256xf32>
  return %y : tensor<1x256xf32>
}

// With split-mma, T = 5 takes the mma.sync kernels, which have no depth
// lanes: sliced as without split-lanes (gated: 512 / 256 column blocks, 16
// slices of 64 rows; down: 8 slices), their partial sums added by the
// reduction kernels (5 x 512 / 256 = 10 and 5 blocks).
// MMA-LABEL: func @ffn_mma
// MMA:         memref.alloc() : memref<16x2x5x512xf32>
// MMA-NEXT:    gpu.launch blocks({{.*}}) in (%{{.*}} = %c2, %{{.*}} = %c16, %{{.*}} = %c1) threads({{.*}}) in (%{{.*}} = %c128, %{{.*}} = %c1, %{{.*}} = %c1) function(@ffn_mma_gated_split_mma_8rows) {
// MMA:           nvvm.mma.sync
// MMA:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c10, %{{.*}} = %c1, %{{.*}} = %c1) threads({{.*}}) in (%{{.*}} = %c256,
// MMA:         memref.alloc() : memref<8x1x5x256xf32>
// MMA-NEXT:    gpu.launch blocks({{.*}}) in (%{{.*}} = %c1, %{{.*}} = %c8, %{{.*}} = %c1) threads({{.*}}) in (%{{.*}} = %c128, %{{.*}} = %c1, %{{.*}} = %c1) function(@ffn_mma_down_split_mma_8rows) {
// MMA:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c5, %{{.*}} = %c1, %{{.*}} = %c1) threads({{.*}}) in (%{{.*}} = %c256,
func.func @ffn_mma(%x: tensor<5x1024xf16>, %w: tensor<1024x512xf16>,
                   %v: tensor<1024x512xf16>, %w2: tensor<512x256xf16>)
    -> tensor<5x256xf16> {
  %y = glu.ffn <swish> %x : tensor<5x1024xf16>
      gate(%w : tensor<1024x512xf16>) value(%v : tensor<1024x512xf16>)
      down(%w2 : tensor<512x256xf16>) -> tensor<5x256xf16>
  return %y : tensor<5x256xf16>
}
