// RUN: glu-opt %s --convert-glu-to-gpu='split-rows=0 f32-mma=true' --split-input-file | FileCheck %s
// RUN: glu-opt %s --convert-glu-to-gpu='split-rows=0 f32-mma=true wgmma=true' --split-input-file | FileCheck %s
// RUN: glu-opt %s --convert-glu-to-gpu='split-rows=0' --split-input-file | FileCheck %s --check-prefix=FMA

// With f32-mma, the f32 tiled kernels take the f16 kernels' tiles on the
// tensor cores: 8 warps on a 128-row block tile, 64 columns of each of the
// gated kernel's weights, 4 shared buffers of 64 bytes of depth (16 f32)
// per tile (x's rows padded by 16 bytes, the weights' by 8 f32), filled
// with cp.async (4 f32 per copy), and one more buffer of each tile for the
// small tf32 parts (97280 bytes in all). Each step, after its barrier and
// the next copies, every thread splits its share of each of the step's
// tiles (16-byte vectors, as it copies them): the big parts in place, the
// small ones into the small tiles; then a second barrier. Per 8 deep (two
// per step: k = 0, 8), a warp reads its two A fragments (x, rows warpRow +
// 16m) of big and of small parts with ldmatrix x4 (lane l addresses row
// l % 8 + 8 ((l / 8) % 2), k + 4 ((l / 8) / 2) deep: matrices 2 and 3 are
// depth + 4), and for each weight and n tile its B elements one at a time,
// lane (g, t) at depth k + t and k + t + 4 of column warpCol + 8n + g, big
// and small; finiteBig is big where big is finite, else 0; three m16n8k8
// mma.sync per (m, n) tile pair on one accumulator chain, small(x)
// finiteBig(W), finiteBig(x) small(W), big(x) big(W): 2 depth halves x 2
// weights x 4 n tiles x 2 m tiles x 3 = 96 per step. wgmma is
// for f16 and bf16 only: with it, f32 stays on mma.sync. Without f32-mma
// (FMA) the kernel has no mma.sync and x's tile is staged transposed.
// CHECK-LABEL: func @gated_proj_f32
// CHECK:         gpu.launch {{.*}} threads(%[[TID:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %c256{{.*}}) dynamic_shared_memory_size %c97280_i32 function(@gated_proj_f32_gated_tiled) {
// CHECK:           %[[SHARED:.*]] = gpu.dynamic_shared_memory
// CHECK-NEXT:      %[[XT:.*]] = memref.view %[[SHARED]][%c0][] : {{.*}} to memref<4x128x20xf32, #gpu.address_space<workgroup>>
// CHECK-NEXT:      %[[GT:.*]] = memref.view %[[SHARED]][%c40960][] : {{.*}} to memref<4x16x72xf32, #gpu.address_space<workgroup>>
// CHECK-NEXT:      %[[VT:.*]] = memref.view %[[SHARED]][%c59392][] : {{.*}} to memref<4x16x72xf32, #gpu.address_space<workgroup>>
// CHECK-NEXT:      %[[XS:.*]] = memref.view %[[SHARED]][%c77824][] : {{.*}} to memref<1x128x20xf32, #gpu.address_space<workgroup>>
// CHECK-NEXT:      %[[GS:.*]] = memref.view %[[SHARED]][%c88064][] : {{.*}} to memref<1x16x72xf32, #gpu.address_space<workgroup>>
// CHECK-NEXT:      %[[VS:.*]] = memref.view %[[SHARED]][%c92672][] : {{.*}} to memref<1x16x72xf32, #gpu.address_space<workgroup>>
// CHECK:           nvgpu.device_async_copy %{{.*}}[%{{.*}}, %{{.*}}], %[[XT]][%c0, %{{.*}}, %{{.*}}], 4 {bypassL1}
// CHECK:           nvgpu.device_async_copy %{{.*}}[%{{.*}}, %{{.*}}], %[[GT]][%c0, %{{.*}}, %{{.*}}], 4 {bypassL1}
// CHECK-NEXT:      nvgpu.device_async_copy %{{.*}}[%{{.*}}, %{{.*}}], %[[VT]][%c0, %{{.*}}, %{{.*}}], 4 {bypassL1}
// CHECK:           scf.for %[[K:.*]] = %c0 to %c64 step %c16
// CHECK-NEXT:        %[[DONE:.*]] = arith.divui %[[K]], %c16
// CHECK-NEXT:        nvgpu.device_async_wait %{{.*}} {numGroups = 2 : i32}
// CHECK-NEXT:        gpu.barrier
// CHECK:             nvgpu.device_async_create_group
// CHECK-NEXT:        %[[STAGE:.*]] = arith.remui %[[DONE]], %c4
// CHECK-NEXT:        %[[SROW:.*]] = arith.divui %[[TID]], %c4
// CHECK-NEXT:        %[[SVEC:.*]] = arith.remui %[[TID]], %c4
// CHECK-NEXT:        %[[SCOL:.*]] = arith.muli %[[SVEC]], %c4
// CHECK-NEXT:        %[[X4:.*]] = vector.load %[[XT]][%[[STAGE]], %[[SROW]], %[[SCOL]]] {alignment = 16 : i64} : {{.*}}, vector<4xf32>
// CHECK-NEXT:        %[[X0:.*]] = vector.extract %[[X4]][0]
// CHECK-NEXT:        arith.bitcast %[[X0]] : f32 to i32
// CHECK:             %[[BIGS:.*]] = vector.from_elements {{.*}} : vector<4xf32>
// CHECK-NEXT:        vector.store %[[BIGS]], %[[XT]][%[[STAGE]], %[[SROW]], %[[SCOL]]] {alignment = 16 : i64}
// CHECK-NEXT:        %[[SMALLS:.*]] = vector.from_elements {{.*}} : vector<4xf32>
// CHECK-NEXT:        vector.store %[[SMALLS]], %[[XS]][%c0, %[[SROW]], %[[SCOL]]] {alignment = 16 : i64}
// CHECK:             vector.store %{{.*}}, %[[XS]][%c0,
// CHECK:             vector.store %{{.*}}, %[[GT]][%[[STAGE]],
// CHECK-NEXT:        vector.from_elements
// CHECK-NEXT:        vector.store %{{.*}}, %[[GS]][%c0,
// CHECK:             vector.store %{{.*}}, %[[VT]][%[[STAGE]],
// CHECK-NEXT:        vector.from_elements
// CHECK-NEXT:        vector.store %{{.*}}, %[[VS]][%c0,
// CHECK-NEXT:        gpu.barrier
// CHECK-NEXT:        %[[LANE:.*]] = arith.remui %[[TID]], %c32
// CHECK-NEXT:        %[[WARP:.*]] = arith.divui %[[TID]], %c32
// CHECK-NEXT:        %[[WARPROWS:.*]] = arith.divui %[[WARP]], %c2
// CHECK-NEXT:        %[[WARPROW:.*]] = arith.muli %[[WARPROWS]], %c32
// CHECK-NEXT:        %[[WARPCOLS:.*]] = arith.remui %[[WARP]], %c2
// CHECK-NEXT:        %[[WARPCOL:.*]] = arith.muli %[[WARPCOLS]], %c32
// CHECK-NEXT:        %[[MROW:.*]] = arith.remui %[[LANE]], %c8
// CHECK-NEXT:        %[[MATRIX:.*]] = arith.divui %[[LANE]], %c8
// CHECK-NEXT:        %[[ODD:.*]] = arith.remui %[[MATRIX]], %c2
// CHECK-NEXT:        %[[ODD8:.*]] = arith.muli %[[ODD]], %c8
// CHECK-NEXT:        %[[ROW:.*]] = arith.addi %[[MROW]], %[[ODD8]]
// CHECK-NEXT:        %[[HALF:.*]] = arith.divui %[[MATRIX]], %c2
// CHECK-NEXT:        %[[COL:.*]] = arith.muli %[[HALF]], %c4
// CHECK-NEXT:        %[[AROW0:.*]] = arith.addi %[[WARPROW]], %[[ROW]]
// CHECK-NEXT:        nvgpu.ldmatrix %[[XT]][%[[STAGE]], %[[AROW0]], %[[COL]]] {numTiles = 4 : i32, transpose = false} : memref<4x128x20xf32, #gpu.address_space<workgroup>> -> vector<4x1xf32>
// CHECK:             %[[ROW16:.*]] = arith.addi %[[ROW]], %c16
// CHECK-NEXT:        %[[AROW1:.*]] = arith.addi %[[WARPROW]], %[[ROW16]]
// CHECK-NEXT:        nvgpu.ldmatrix %[[XT]][%[[STAGE]], %[[AROW1]], %[[COL]]] {{.*}} -> vector<4x1xf32>
// CHECK:             %[[SMALL0:.*]] = nvgpu.ldmatrix %[[XS]][%c0, %{{.*}}, %[[COL]]] {{.*}} -> vector<4x1xf32>
// CHECK-NEXT:        %[[SMALL00:.*]] = vector.extract %[[SMALL0]][0, 0]
// CHECK:             %[[A0SMALL:.*]] = arith.bitcast %[[SMALL00]] : f32 to i32
// CHECK:             %[[G:.*]] = arith.divui %{{.*}}, %c4
// CHECK-NEXT:        %[[T:.*]] = arith.remui %{{.*}}, %c4
// CHECK-NEXT:        %[[N0:.*]] = arith.addi %[[WARPCOL]], %[[G]]
// CHECK-NEXT:        %[[B0:.*]] = memref.load %[[GT]][%[[STAGE]], %[[T]], %[[N0]]]
// CHECK-NEXT:        %[[B0S:.*]] = memref.load %[[GS]][%c0, %[[T]], %[[N0]]]
// CHECK-NEXT:        %[[B0BITS:.*]] = arith.bitcast %[[B0]] : f32 to i32
// CHECK-NEXT:        %[[B0MAG:.*]] = arith.andi %[[B0BITS]], %c2147483647_i32
// CHECK-NEXT:        %[[B0FINITE:.*]] = arith.cmpi ult, %[[B0MAG]], %c2139095040_i32
// CHECK-NEXT:        %[[B0SMALL:.*]] = arith.bitcast %[[B0S]] : f32 to i32
// CHECK-NEXT:        %[[B0FINITEBIG:.*]] = arith.select %[[B0FINITE]], %[[B0BITS]], %c0_i32
// CHECK-NEXT:        %[[T4:.*]] = arith.addi %[[T]], %c4
// CHECK-NEXT:        memref.load %[[GT]][%[[STAGE]], %[[T4]], %[[N0]]]
// CHECK-NEXT:        memref.load %[[GS]][%c0, %[[T4]], %[[N0]]]
// CHECK:             %[[S0:.*]] = nvvm.mma.sync A[%[[A0SMALL]], {{.*}}] B[%[[B0FINITEBIG]], {{.*}}] C[%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>, multiplicandAPtxType = #nvvm.mma_type<tf32>, multiplicandBPtxType = #nvvm.mma_type<tf32>, shape = #nvvm.shape<m = 16, n = 8, k = 8>} : (i32, i32, f32) -> !llvm.struct<(f32, f32, f32, f32)>
// CHECK-NEXT:        %[[S00:.*]] = llvm.extractvalue %[[S0]][0]
// CHECK:             nvvm.mma.sync A[{{.*}}] B[%[[B0SMALL]], {{.*}}] C[%[[S00]], {{.*}}]
// CHECK:             nvvm.mma.sync A[{{.*}}] B[%[[B0BITS]], {{.*}}]
// CHECK-COUNT-45:    nvvm.mma.sync {{.*}} shape = #nvvm.shape<m = 16, n = 8, k = 8>
// CHECK-NOT:         nvvm.mma.sync
// CHECK:             %[[COL8:.*]] = arith.addi %[[COL]], %c8
// CHECK-NEXT:        nvgpu.ldmatrix %[[XT]][%[[STAGE]], %{{.*}}, %[[COL8]]]
// CHECK:             nvgpu.ldmatrix %[[XS]][%c0, %{{.*}}, %{{.*}}]
// CHECK:             %[[T2:.*]] = arith.remui %{{.*}}, %c4
// CHECK-NEXT:        %[[N0B:.*]] = arith.addi %[[WARPCOL]], %{{.*}}
// CHECK-NEXT:        %[[T8:.*]] = arith.addi %[[T2]], %c8
// CHECK-NEXT:        memref.load %[[GT]][%[[STAGE]], %[[T8]], %[[N0B]]]
// CHECK-NEXT:        memref.load %[[GS]][%c0, %[[T8]], %[[N0B]]]
// CHECK:             %[[T12:.*]] = arith.addi %[[T2]], %c12
// CHECK-NEXT:        memref.load %[[GT]][%[[STAGE]], %[[T12]], %[[N0B]]]
// CHECK-COUNT-48:    nvvm.mma.sync {{.*}} shape = #nvvm.shape<m = 16, n = 8, k = 8>
// CHECK-NOT:         nvvm.mma.sync
// CHECK:             scf.yield
// CHECK-NOT:       nvvm.mma.sync
// CHECK:           math.fma
// CHECK:           gpu.terminator
// FMA-LABEL: func @gated_proj_f32
// FMA:         gpu.launch {{.*}} dynamic_shared_memory_size %c33280_i32 function(@gated_proj_f32_gated_tiled) {
// FMA:           memref.view {{.*}} to memref<2x16x132xf32, #gpu.address_space<workgroup>>
// FMA-NOT:       nvvm.mma.sync
// FMA:           gpu.terminator
func.func @gated_proj_f32(%x: tensor<17x64xf32>, %w: tensor<64x96xf32>,
                          %v: tensor<64x96xf32>) -> tensor<17x96xf32> {
  %y = glu.gated_proj <gelu> %x : tensor<17x64xf32>
      gate(%w : tensor<64x96xf32>) value(%v : tensor<64x96xf32>)
      -> tensor<17x96xf32>
  return %y : tensor<17x96xf32>
}

// -----

// The down kernel's one weight: W2's tiles 16 x 136 (128 columns padded by
// 8: lanes (g, t) at t 136 + g, distinct banks), each warp 64 of its
// columns, 8 n tiles: 2 x 8 x 2 x 3 = 96 mma.sync per step, as in the
// gated kernel; on the whole depth (no blocks here) or, as here, on depth
// slices (F = 96: 2 of at most 4 steps of 16), whose partial sums the
// reduction kernel adds.
// CHECK-LABEL: func @ffn_f32
// CHECK:         gpu.launch {{.*}} dynamic_shared_memory_size %c97280_i32
// CHECK-COUNT-96:  nvvm.mma.sync
// CHECK-NOT:       nvvm.mma.sync
// CHECK:         gpu.launch {{.*}} in (%{{.*}} = %c0, %{{.*}} = %c2, %{{.*}} = %c1) {{.*}} dynamic_shared_memory_size %c94720_i32
// CHECK:           memref.view %{{.*}}[%c0][] : {{.*}} to memref<4x128x20xf32, #gpu.address_space<workgroup>>
// CHECK-NEXT:      %[[W2T:.*]] = memref.view %{{.*}}[%c40960][] : {{.*}} to memref<4x16x136xf32, #gpu.address_space<workgroup>>
// CHECK:           memref.load %[[W2T]]
// CHECK-COUNT-96:  nvvm.mma.sync {{.*}} shape = #nvvm.shape<m = 16, n = 8, k = 8>
// CHECK-NOT:       nvvm.mma.sync
// CHECK:         gpu.launch {{.*}} in (%{{.*}} = %c1, %{{.*}} = %c2, %{{.*}} = %c2) {{.*}} dynamic_shared_memory_size %c94720_i32
// CHECK-COUNT-96:  nvvm.mma.sync {{.*}} shape = #nvvm.shape<m = 16, n = 8, k = 8>
// CHECK-NOT:       nvvm.mma.sync
// CHECK:         gpu.launch
// CHECK-NOT:       nvvm.mma.sync
// CHECK:         return
// FMA-LABEL: func @ffn_f32
// FMA-NOT:     nvvm.mma.sync
// FMA:         return
func.func @ffn_f32(%x: tensor<17x64xf32>, %w: tensor<64x96xf32>,
                   %v: tensor<64x96xf32>, %w2: tensor<96x200xf32>)
    -> tensor<17x200xf32> {
  %y = glu.ffn <gelu> %x : tensor<17x64xf32>
      gate(%w : tensor<64x96xf32>) value(%v : tensor<64x96xf32>)
      down(%w2 : tensor<96x200xf32>) -> tensor<17x200xf32>
  return %y : tensor<17x200xf32>
}
