// RUN: glu-opt %s --convert-glu-to-gpu='split-mma=true split-rows=64' --split-input-file | FileCheck %s

// With split-mma and split-rows > 8, the mma.sync split-depth kernel takes
// 16 rows (two weights) or 32 (one weight) at a time: one mma tile of 8 rows
// each, which share the weights' A fragments (loaded once per lane and
// step). Lane (g, t) loads x rows g and g + 8 of its block's rows (clamped to
// the last row) at depths k + 4t .. k + 4t + 3; tile n's C rows are
// 8n + 2t and 8n + 2t + 1. Sums [((w * 4 + j) * 2 + n) * 4 + r].
// CHECK-LABEL: func @gated_f16_16_rows
// CHECK:         %[[PARTIAL:.*]] = memref.alloc(%c1) : memref<?x2x16x128xf32>
// One block of 256 columns, one group of 16 rows.
// CHECK:         gpu.launch blocks(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %c1, %{{.*}} = %c1, %{{.*}} = %c1) threads(%[[TID:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %c128,
// CHECK-NEXT:      %[[LANE:.*]] = arith.remui %[[TID]], %c32
// CHECK-NEXT:      %[[G:.*]] = arith.divui %[[LANE]], %c4
// CHECK-NEXT:      %[[T:.*]] = arith.remui %[[LANE]], %c4
// CHECK:           %[[XROW0:.*]] = arith.minui %[[G]], %c15
// CHECK-NEXT:      %[[G8:.*]] = arith.addi %[[G]], %c8
// CHECK-NEXT:      %[[XROW1:.*]] = arith.minui %[[G8]], %c15
// CHECK:           scf.for %{{.*}} = %c0 to %{{.*}} step %c2 iter_args({{.*}}) -> (f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32)
// CHECK:             memref.load %[[X:.*]][%[[XROW0]], %[[K0:.*]]] : memref<16x64xf16
// CHECK-NEXT:        memref.load %[[X]][%[[XROW1]], %[[K0]]]
// CHECK:             %[[B00:.*]] = vector.from_elements
// CHECK-NEXT:        %[[B01:.*]] = vector.from_elements
// CHECK-NEXT:        %[[B10:.*]] = vector.from_elements
// CHECK-NEXT:        %[[B11:.*]] = vector.from_elements
// CHECK-NEXT:        %[[A0:.*]] = vector.from_elements
// CHECK-NEXT:        %[[A1:.*]] = vector.from_elements
// CHECK-NEXT:        %[[A2:.*]] = vector.from_elements
// CHECK-NEXT:        %[[A3:.*]] = vector.from_elements
// CHECK-NEXT:        nvvm.mma.sync A[%[[A0]], %[[A1]], %[[A2]], %[[A3]]]  B[%[[B00]], %[[B01]]]
// CHECK-COUNT-4:     llvm.extractvalue
// CHECK-NEXT:        nvvm.mma.sync A[%[[A0]], %[[A1]], %[[A2]], %[[A3]]]  B[%[[B10]], %[[B11]]]
// CHECK-COUNT-30:    nvvm.mma.sync
// CHECK:             scf.yield
// Tile 0: row tile 0's sums #0 to #3 (#32 to #35 of the value), then row
// tile 1's from row 8 + 2t on.
// CHECK:             memref.store %[[SUMS:.*]]#3, %[[PARTIAL]]
// CHECK:           %[[T2:.*]] = arith.muli %[[T]], %c2
// CHECK-NEXT:      %[[ROW8:.*]] = arith.addi %[[T2]], %c8
// CHECK-NEXT:      %[[IN:.*]] = arith.cmpi ult, %[[ROW8]], %c16
// CHECK:             memref.store %[[SUMS]]#4, %[[PARTIAL]][%{{.*}}, %c0, %[[ROW8]], %{{.*}}]
// CHECK-NEXT:        memref.store %[[SUMS]]#36, %[[PARTIAL]][%{{.*}}, %c1, %[[ROW8]], %{{.*}}]
// CHECK-COUNT-54:    memref.store %[[SUMS]]
// CHECK-NOT:         memref.store %[[SUMS]]
// CHECK:         gpu.terminator
func.func @gated_f16_16_rows(%x: tensor<16x64xf16>, %w: tensor<64x128xf16>, %v: tensor<64x128xf16>) -> tensor<16x128xf16> {
  %h = glu.gated_proj <gelu> %x : tensor<16x64xf16> gate(%w : tensor<64x128xf16>) value(%v : tensor<64x128xf16>) -> tensor<16x128xf16>
  return %h : tensor<16x128xf16>
}

// -----

// 32 rows: the gated kernel (two weights) in 2 groups of 16 rows, neighbour
// blocks along x; the down kernel (one weight) all 32 rows in 4 row tiles.
// CHECK-LABEL: func @ffn_bf16_32_rows
// CHECK:         gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %c2, %{{.*}} = %c1, %{{.*}} = %c1) threads(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %c128,
// CHECK:           %[[GROUP:.*]] = arith.remui %[[BX]], %c2
// CHECK-NEXT:      %[[FIRST:.*]] = arith.muli %[[GROUP]], %c16
// CHECK:           arith.minui %{{.*}}, %c31
// CHECK:           arith.minui %{{.*}}, %c31
// CHECK-NOT:       arith.minui %{{.*}}, %c31
// CHECK:           nvvm.mma.sync
// CHECK:         gpu.terminator
// The reduction kernel of the gated product.
// CHECK:         gpu.launch
// CHECK:         gpu.launch blocks(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %c1, %{{.*}} = %c2, %{{.*}} = %c1) threads(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %c128,
// CHECK:           arith.minui %{{.*}}, %c31
// CHECK:           arith.minui %{{.*}}, %c31
// CHECK:           arith.minui %{{.*}}, %c31
// CHECK:           arith.minui %{{.*}}, %c31
// CHECK-NOT:       arith.minui %{{.*}}, %c31
// CHECK:           nvvm.mma.sync {{.*}} : (i32, i32, f32)
// CHECK:         gpu.terminator
func.func @ffn_bf16_32_rows(%x: tensor<32x64xbf16>, %w: tensor<64x128xbf16>, %v: tensor<64x128xbf16>, %w2: tensor<128x64xbf16>) -> tensor<32x64xbf16> {
  %y = glu.ffn <swish> %x : tensor<32x64xbf16> gate(%w : tensor<64x128xbf16>) value(%v : tensor<64x128xbf16>) down(%w2 : tensor<128x64xbf16>) -> tensor<32x64xbf16>
  return %y : tensor<32x64xbf16>
}

// -----

// A dynamic T launches the FMA kernels of 1, 2 and 3-4 rows (1024 columns per
// block) and the mma.sync kernels of 5-8 and 9-64 rows (256 columns per
// block; the latter in groups of 16 rows), each without blocks unless T is
// its own. The depth slices are as many as give about split-blocks (264)
// blocks of the kernel that T takes: 11 or 43 column blocks per slice, times
// the row groups.
// CHECK-LABEL: func @gated_f16_dynamic
// CHECK:         %[[T:.*]] = memref.dim %{{.*}}, %c0
// CHECK:         %[[FEW:.*]] = arith.minui %[[T]], %c64
// CHECK-NEXT:    %[[GROUPS16:.*]] = arith.ceildivui %[[FEW]], %c16
// CHECK-NEXT:    %[[GROUPS:.*]] = arith.maxui %[[GROUPS16]], %c1
// CHECK-NEXT:    %[[MMA:.*]] = arith.cmpi ugt, %[[T]], %c4
// CHECK-NEXT:    %[[COLUMNBLOCKS:.*]] = arith.select %[[MMA]], %c43, %c11
// CHECK-NEXT:    %[[BLOCKS:.*]] = arith.muli %[[COLUMNBLOCKS]], %[[GROUPS]]
// CHECK-NEXT:    %[[ATLEAST1:.*]] = arith.maxui %[[BLOCKS]], %c1
// CHECK-NEXT:    arith.ceildivui %c264, %[[ATLEAST1]]
// CHECK:         %[[SLICES:.*]] = arith.select %{{.*}}, %{{.*}}, %c0
// CHECK-NEXT:    memref.alloc(%[[SLICES]], %[[T]]) : memref<?x2x?x11008xf32>
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %{{.*}}, %{{.*}} = %[[SLICES]], %{{.*}} = %c1)
// CHECK-NOT:       nvvm.mma.sync
// CHECK:         gpu.terminator
// CHECK:         gpu.launch
// CHECK-NOT:       nvvm.mma.sync
// CHECK:         gpu.terminator
// CHECK:         gpu.launch
// CHECK-NOT:       nvvm.mma.sync
// CHECK:         gpu.terminator
// CHECK:         %[[ABOVE4:.*]] = arith.cmpi ugt, %[[T]], %c4
// CHECK-NEXT:    %[[UPTO8:.*]] = arith.cmpi ult, %[[T]], %c9
// CHECK-NEXT:    %[[OWN8:.*]] = arith.andi %[[ABOVE4]], %[[UPTO8]]
// CHECK-NEXT:    %[[BLOCKS8:.*]] = arith.select %[[OWN8]], %c43, %c0
// CHECK-NEXT:    gpu.launch blocks({{.*}}) in (%{{.*}} = %[[BLOCKS8]], %{{.*}} = %[[SLICES]], %{{.*}} = %c1)
// CHECK:           nvvm.mma.sync
// CHECK:         gpu.terminator
// CHECK:         %[[ABOVE8:.*]] = arith.cmpi ugt, %[[T]], %c8
// CHECK-NEXT:    %[[UPTO64:.*]] = arith.cmpi ult, %[[T]], %c65
// CHECK-NEXT:    %[[OWN16:.*]] = arith.andi %[[ABOVE8]], %[[UPTO64]]
// CHECK-NEXT:    %[[COLUMNS16:.*]] = arith.select %[[OWN16]], %c43, %c0
// CHECK-NEXT:    %[[BLOCKS16:.*]] = arith.muli %[[COLUMNS16]], %[[GROUPS]]
// CHECK-NEXT:    gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[BLOCKS16]], %{{.*}} = %[[SLICES]], %{{.*}} = %c1)
// CHECK:           %[[GROUP:.*]] = arith.remui %[[BX]], %[[GROUPS]]
// CHECK-NEXT:      arith.muli %[[GROUP]], %c16
// CHECK:           nvvm.mma.sync
// CHECK:         gpu.terminator
func.func @gated_f16_dynamic(%x: tensor<?x4096xf16>, %w: tensor<4096x11008xf16>, %v: tensor<4096x11008xf16>) -> tensor<?x11008xf16> {
  %h = glu.gated_proj <gelu> %x : tensor<?x4096xf16> gate(%w : tensor<4096x11008xf16>) value(%v : tensor<4096x11008xf16>) -> tensor<?x11008xf16>
  return %h : tensor<?x11008xf16>
}

// -----

// In f32 (3xTF32, 2 mma tiles of 16 columns per warp) the kernels take
// twice the rows for the same 64 sums per lane: T = 16 the 16-row kernel
// (32 sums: rows g and g + 8, 2 weights x 2 tiles x 2 row tiles x 4), one
// block of 128 columns, 2 steps x 2 m16n8k8 x 2 weights x 2 tiles x 2 row
// tiles x 3 = 96 mma.sync in the 2-step loop; T = 64 the widest gated
// kernel, 32 rows, in 2 groups (block x = 2 per column block).
// CHECK-LABEL: func @gated_f32_16_rows
// CHECK:         memref.alloc(%c1) : memref<?x2x16x128xf32>
// CHECK:         gpu.launch blocks(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %c1,
// CHECK:           %[[LANE:.*]] = arith.remui %{{.*}}, %c32
// CHECK:           %[[G:.*]] = arith.divui %[[LANE]], %c4
// CHECK:           arith.minui %[[G]], %c15
// CHECK:           %[[G8:.*]] = arith.addi %[[G]], %c8
// CHECK-NEXT:      arith.minui %[[G8]], %c15
// CHECK:           scf.for %{{.*}} step %c2 iter_args({{.*}}) -> ({{(f32, ){31}f32}})
// CHECK-COUNT-96:    nvvm.mma.sync {{.*}}multiplicandAPtxType = #nvvm.mma_type<tf32>
// CHECK-NOT:         nvvm.mma.sync
// CHECK:             scf.yield
func.func @gated_f32_16_rows(%x: tensor<16x64xf32>, %w: tensor<64x128xf32>, %v: tensor<64x128xf32>) -> tensor<16x128xf32> {
  %h = glu.gated_proj <gelu> %x : tensor<16x64xf32> gate(%w : tensor<64x128xf32>) value(%v : tensor<64x128xf32>) -> tensor<16x128xf32>
  return %h : tensor<16x128xf32>
}

// -----

// CHECK-LABEL: func @gated_f32_64_rows
// CHECK:         memref.alloc(%c1) : memref<?x2x64x128xf32>
// CHECK:         gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %c2,
// CHECK:           arith.remui %[[BX]], %c2
// CHECK:           arith.divui %[[BX]], %c2
// CHECK:           scf.for %{{.*}} step %c2 iter_args({{.*}}) -> ({{(f32, ){63}f32}})
func.func @gated_f32_64_rows(%x: tensor<64x64xf32>, %w: tensor<64x128xf32>, %v: tensor<64x128xf32>) -> tensor<64x128xf32> {
  %h = glu.gated_proj <gelu> %x : tensor<64x64xf32> gate(%w : tensor<64x128xf32>) value(%v : tensor<64x128xf32>) -> tensor<64x128xf32>
  return %h : tensor<64x128xf32>
}
