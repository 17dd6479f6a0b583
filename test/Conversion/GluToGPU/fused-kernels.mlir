// RUN: glu-opt %s --convert-glu-to-gpu --split-input-file | FileCheck %s

// An f32 FFN becomes two launches on buffers. The gated kernel stages the x
// tile and the gate and value tiles (transposed, [column][depth]) in shared
// memory, every load of a depth step before the first store (so that their
// latencies overlap), accumulates both contractions with FMAs in registers,
// and its only global store is H = act(G) * V. The down kernel contracts H
// with W2 and adds b2. H is the only T x F buffer; the result goes back as a tensor.
// CHECK-LABEL: func @ffn_f32
// CHECK-DAG:     %[[X:.*]] = bufferization.to_buffer %{{.*}} read_only : tensor<?x64xf32> to memref<?x64xf32, strided<[?, 1], offset: ?>>
// CHECK-DAG:     %[[WV:.*]] = bufferization.to_buffer %arg2 read_only
// CHECK-DAG:     %[[H:.*]] = memref.alloc(%{{.*}}, %{{.*}}) : memref<?x?xf32>
// CHECK:         gpu.launch blocks({{.*}}) in ({{.*}}) threads({{.*}}) in (%{{.*}} = %c256{{.*}}) workgroup(%[[XT:.*]] : memref<64x33xf32, #gpu.address_space<workgroup>>, %[[GT:.*]] : memref<64x33xf32, #gpu.address_space<workgroup>>, %[[VT:.*]] : memref<64x33xf32, #gpu.address_space<workgroup>>)
// CHECK:           scf.for
// CHECK:             memref.load %[[X]]
// CHECK-NOT:         memref.store
// CHECK:             memref.load %[[WV]]
// CHECK:             memref.store %{{.*}}, %[[XT]]
// CHECK:             memref.store %{{.*}}, %[[GT]]
// CHECK:             memref.store %{{.*}}, %[[VT]]
// CHECK:             gpu.barrier
// CHECK:             math.fma
// CHECK:             gpu.barrier
// CHECK-NOT:       memref.store
// CHECK:           math.exp
// CHECK:           memref.store %{{.*}}, %[[H]]
// CHECK:           gpu.terminator
// CHECK:         %[[OUT:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?x40xf32>
// CHECK:         gpu.launch {{.*}} workgroup(%[[HT:.*]] : memref<64x33xf32, #gpu.address_space<workgroup>>, %[[WT:.*]] : memref<64x33xf32, #gpu.address_space<workgroup>>)
// CHECK:             memref.load %[[H]]
// CHECK:             memref.store %{{.*}}, %[[HT]]
// CHECK:             memref.store %{{.*}}, %[[WT]]
// CHECK:           memref.store %{{.*}}, %[[OUT]]
// CHECK:         bufferization.to_tensor %[[OUT]] restrict writable
// CHECK-NOT:     glu.
func.func @ffn_f32(%x: tensor<?x64xf32>, %wg: tensor<64x80xf32>,
                   %wv: tensor<64x80xf32>, %wd: tensor<80x40xf32>,
                   %bd: tensor<40xf32>) -> tensor<?x40xf32> {
  %y = glu.ffn <gelu> %x : tensor<?x64xf32>
      gate(%wg : tensor<64x80xf32>) value(%wv : tensor<64x80xf32>)
      down(%wd : tensor<80x40xf32>) down_bias(%bd : tensor<40xf32>)
      -> tensor<?x40xf32>
  return %y : tensor<?x40xf32>
}

// -----

// f16 and bf16 use the tensor cores: 128 threads (4 warps), mma.sync
// m16n8k16 with f32 accumulators on fragments read from the staged tiles
// (bf16 pairs as i32), the bias and gating in f32, one rounding to the
// element type at the store.
// CHECK-LABEL: func @gated_proj_bf16
// CHECK:         gpu.launch {{.*}} threads({{.*}}) in (%{{.*}} = %c128{{.*}}) workgroup({{.*}} : memref<64x40xbf16, #gpu.address_space<workgroup>>, {{.*}} : memref<64x40xbf16, #gpu.address_space<workgroup>>, {{.*}} : memref<64x40xbf16, #gpu.address_space<workgroup>>)
// CHECK:           vector.load {{.*}} : memref<64x40xbf16, #gpu.address_space<workgroup>>, vector<2xbf16>
// CHECK:           vector.bitcast {{.*}} : vector<2xbf16> to vector<1xi32>
// CHECK:           nvvm.mma.sync A[{{.*}}] B[{{.*}}] C[{{.*}}] {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>, multiplicandAPtxType = #nvvm.mma_type<bf16>, multiplicandBPtxType = #nvvm.mma_type<bf16>, shape = #nvvm.shape<m = 16, n = 8, k = 16>} : (i32, i32, f32) -> !llvm.struct<(f32, f32, f32, f32)>
// CHECK:           arith.extf {{.*}} : bf16 to f32
// CHECK:           arith.truncf {{.*}} : f32 to bf16
// CHECK:           memref.store {{.*}} : memref<8x128xbf16>
func.func @gated_proj_bf16(%x: tensor<8x64xbf16>, %p: tensor<64x256xbf16>,
                           %pb: tensor<256xbf16>) -> tensor<8x128xbf16> {
  %y = glu.gated_proj <swish> layout <gate_up> %x : tensor<8x64xbf16>
      packed(%p : tensor<64x256xbf16>) packed_bias(%pb : tensor<256xbf16>)
      -> tensor<8x128xbf16>
  return %y : tensor<8x128xbf16>
}

// -----

// f16 fragments are vector<2xf16> registers.
// CHECK-LABEL: func @gated_proj_f16
// CHECK:         nvvm.mma.sync {{.*}} : (vector<2xf16>, vector<2xf16>, f32) -> !llvm.struct<(f32, f32, f32, f32)>
func.func @gated_proj_f16(%x: tensor<?x64xf16>, %w: tensor<64x96xf16>,
                          %v: tensor<64x96xf16>) -> tensor<?x96xf16> {
  %y = glu.gated_proj <gelu_tanh> %x : tensor<?x64xf16>
      gate(%w : tensor<64x96xf16>) value(%v : tensor<64x96xf16>)
      -> tensor<?x96xf16>
  return %y : tensor<?x96xf16>
}

// -----

// Packed layouts are read in place: the staging loads the gate and value
// columns of an interleaved weight (granularity 2) from their packed
// positions 4 * (j / 2) + j % 2 and that plus 2.
// CHECK-LABEL: func @interleaved
// CHECK:         gpu.launch
// CHECK:           scf.if
// CHECK:             %[[BLOCK:.*]] = arith.divui %{{.*}}, %c2
// CHECK:             %[[START:.*]] = arith.muli %[[BLOCK]], %c4
// CHECK:             %[[OFFSET:.*]] = arith.remui %{{.*}}, %c2
// CHECK:             %[[GATE:.*]] = arith.addi %[[START]], %[[OFFSET]]
// CHECK:             memref.load %{{.*}}[%{{.*}}, %[[GATE]]]
// CHECK:             %[[VALUE:.*]] = arith.addi %{{.*}}, %c2 :
// CHECK-NEXT:        memref.load %{{.*}}[%{{.*}}, %[[VALUE]]]
func.func @interleaved(%x: tensor<?x64xf32>, %p: tensor<64x256xf32>) -> tensor<?x128xf32> {
  %y = glu.gated_proj <swish> layout <interleaved, granularity = 2> %x : tensor<?x64xf32>
      packed(%p : tensor<64x256xf32>) -> tensor<?x128xf32>
  return %y : tensor<?x128xf32>
}

// -----

// Leading dimensions are folded into the rows: x through a
// tensor.collapse_shape, the [..., N] result buffer written through a
// memref.collapse_shape view.
// CHECK-LABEL: func @batched
// CHECK:         tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2]] : tensor<?x3x64xf32> into tensor<?x64xf32>
// CHECK:         %[[OUT:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?x3x128xf32>
// CHECK:         %[[ROWS:.*]] = memref.collapse_shape %[[OUT]] {{\[}}[0, 1], [2]] : memref<?x3x128xf32> into memref<?x128xf32>
// CHECK:         gpu.launch
// CHECK:           memref.store %{{.*}}, %[[ROWS]]
// CHECK:         %[[Y:.*]] = bufferization.to_tensor %[[OUT]] restrict writable : memref<?x3x128xf32> to tensor<?x3x128xf32>
// CHECK:         return %[[Y]]
func.func @batched(%x: tensor<?x3x64xf32>, %w: tensor<64x128xf32>, %v: tensor<64x128xf32>) -> tensor<?x3x128xf32> {
  %y = glu.gated_proj <relu> %x : tensor<?x3x64xf32>
      gate(%w : tensor<64x128xf32>) value(%v : tensor<64x128xf32>) -> tensor<?x3x128xf32>
  return %y : tensor<?x3x128xf32>
}

// -----

// Negative case, left for convert-glu-to-linalg: f64 has no fused GPU
// kernel.
// CHECK-LABEL: func @f64_not_lowered
// CHECK-NOT:     gpu.launch
// CHECK:         glu.gated_proj <gelu> %{{.*}} : tensor<4x8xf64>
// CHECK-NOT:     gpu.launch
func.func @f64_not_lowered(%x: tensor<4x8xf64>, %w: tensor<8x16xf64>)
    -> tensor<4x16xf64> {
  %0 = glu.gated_proj <gelu> %x : tensor<4x8xf64>
      gate(%w : tensor<8x16xf64>) value(%w : tensor<8x16xf64>) -> tensor<4x16xf64>
  return %0 : tensor<4x16xf64>
}
