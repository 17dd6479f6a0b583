// RUN: glu-opt %s --convert-glu-to-vector=num-threads=2 --split-input-file | FileCheck %s

// An f32 FFN becomes one scf.parallel over (workers, hidden splits) on
// buffers: per-worker scratch, packed weight tiles, 16-lane FMAs, the
// gating on vectors, and a result handed back as a tensor. No T x F buffer
// is allocated: the only allocations are the [workers, ...] scratch slots
// (G, V, the packed gate/value tile, the W2 panel, and the streamed G, V
// of at most 8 rows, in one buffer with each row padded by 16 floats), the
// [splits - 1, T, E] partial outputs and the result.
// CHECK-LABEL: func @ffn
// CHECK-DAG:     bufferization.to_buffer %{{.*}} read_only : tensor<?x64xf32> to memref<?x64xf32, strided<[?, 1], offset: ?>>
// CHECK-DAG:     %[[OUT:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?x40xf32>
// CHECK-DAG:     memref.alloc(%{{.*}}, %{{.*}}, %{{.*}}) {alignment = 64 : i64} : memref<?x?x?xf32>
// CHECK-DAG:     memref.alloc() {alignment = 64 : i64} : memref<2x516x128xf32>
// CHECK-DAG:     memref.alloc() {alignment = 64 : i64} : memref<2x516x128xf32>
// CHECK-DAG:     memref.alloc() {alignment = 64 : i64} : memref<2x4x128x64xf32>
// CHECK-DAG:     memref.alloc() {alignment = 64 : i64} : memref<2x128x64xf32>
// CHECK-DAG:     memref.alloc() {alignment = 64 : i64} : memref<2x2x8x8208xf32>
// CHECK-NOT:     memref.alloc
// CHECK:         scf.parallel
// CHECK:           vector.fma {{.*}} : vector<16xf32>
// CHECK:           math.exp {{.*}} : vector<16xf32>
// CHECK:         bufferization.to_tensor %[[OUT]] restrict writable
// CHECK-NOT:     glu.
func.func @ffn(%x: tensor<?x64xf32>, %wg: tensor<64x80xf32>,
               %wv: tensor<64x80xf32>, %wd: tensor<80x40xf32>,
               %bd: tensor<40xf32>) -> tensor<?x40xf32> {
  %y = glu.ffn <gelu> %x : tensor<?x64xf32>
      gate(%wg : tensor<64x80xf32>) value(%wv : tensor<64x80xf32>)
      down(%wd : tensor<80x40xf32>) down_bias(%bd : tensor<40xf32>)
      -> tensor<?x40xf32>
  return %y : tensor<?x40xf32>
}

// -----

// The streamed rows (at most 8) prefetch every gate, value and W2 row they
// load 512 columns ahead of the load, clamped to the row's last column.
// CHECK-LABEL: func @ffn_streamed_prefetch
// CHECK-SAME:    (%{{[^:]*}}: tensor<?x64xf32>, %[[WG:[^:]*]]: tensor<64x80xf32>, %[[WV:[^:]*]]: tensor<64x80xf32>, %[[WD:[^:]*]]: tensor<80x40xf32>)
// CHECK-DAG:     %[[G:.*]] = bufferization.to_buffer %[[WG]]
// CHECK-DAG:     %[[V:.*]] = bufferization.to_buffer %[[WV]]
// CHECK-DAG:     %[[D:.*]] = bufferization.to_buffer %[[WD]]
// CHECK:         scf.parallel
// CHECK:           vector.maskedload %[[G]][%[[ROW:[0-9a-z_]+]], %[[COL:[0-9a-z_]+]]],
// CHECK:           vector.maskedload %[[V]][%[[ROW]], %[[COL]]],
// CHECK:           %[[AHEAD:.*]] = arith.addi %{{.*}}, %c512 : index
// CHECK:           %[[CLAMPED:.*]] = arith.minsi %[[AHEAD]], %c79 : index
// CHECK:           memref.prefetch %[[G]][%[[ROW]], %[[CLAMPED]]], read, locality<2>, data
// CHECK:           memref.prefetch %[[V]][%[[ROW]], %{{.*}}], read, locality<2>, data
// CHECK:           vector.load %[[D]][%{{[0-9a-z_]+}}, %[[W2COL:[0-9a-z_]+]]]
// CHECK:           %[[W2AHEAD:.*]] = arith.addi %[[W2COL]], %c512 : index
// CHECK:           %[[W2CLAMPED:.*]] = arith.minsi %[[W2AHEAD]], %c39 : index
// CHECK:           memref.prefetch %[[D]][%{{.*}}, %[[W2CLAMPED]]], read, locality<2>, data
func.func @ffn_streamed_prefetch(%x: tensor<?x64xf32>, %wg: tensor<64x80xf32>,
                                 %wv: tensor<64x80xf32>,
                                 %wd: tensor<80x40xf32>) -> tensor<?x40xf32> {
  %y = glu.ffn <swish> %x : tensor<?x64xf32>
      gate(%wg : tensor<64x80xf32>) value(%wv : tensor<64x80xf32>)
      down(%wd : tensor<80x40xf32>) -> tensor<?x40xf32>
  return %y : tensor<?x40xf32>
}

// -----

// Weights packed at run time come from memory. The first register tile of
// each block reads the gate and value weights in place and packs them as it
// goes; the other row tiles read the packed tile. Every tile prefetches what
// the next packing tile reads: at depth step k, weight row nextDepth + k
// (clamped to the last row) at its gate and value columns from nextHidden,
// the next depth tile of this hidden tile, or after the last one (here the
// only one: D = 64 < 128) the first depth tile of the next hidden tile. The
// first down tile of each W2 panel copies it likewise as it reads W2, and
// the down tiles prefetch W2 row nextRow + k of the next panel (here E = 64,
// one panel: column 0 of the next hidden tile).
// CHECK-LABEL: func @ffn_tiled_prefetch
// CHECK-SAME:    (%{{[^:]*}}: tensor<?x64xf32>, %[[WG:[^:]*]]: tensor<64x80xf32>, %[[WV:[^:]*]]: tensor<64x80xf32>, %[[WD:[^:]*]]: tensor<80x64xf32>)
// CHECK-DAG:     %[[G:.*]] = bufferization.to_buffer %[[WG]]
// CHECK-DAG:     %[[V:.*]] = bufferization.to_buffer %[[WV]]
// CHECK-DAG:     %[[D:.*]] = bufferization.to_buffer %[[WD]]
// CHECK:         scf.parallel
// CHECK:           %[[PACKED:.*]] = memref.subview {{.*}} to memref<4x128x64xf32
// CHECK:           %[[PANEL:.*]] = memref.subview {{.*}} to memref<128x64xf32
// CHECK:           %[[WRAPS:.*]] = arith.cmpi sge, %{{.*}}, %c64 : index
// CHECK-NEXT:      %[[NEXT_HIDDEN_TILE:.*]] = arith.addi %[[HIDDEN:[0-9a-z_]+]], %c128 : index
// CHECK-NEXT:      %[[NEXT_HIDDEN:.*]] = arith.select %[[WRAPS]], %[[NEXT_HIDDEN_TILE]], %[[HIDDEN]] : index
// CHECK-NEXT:      %[[NEXT_DEPTH:.*]] = arith.select %[[WRAPS]], %c0, %{{.*}} : index
// CHECK:           scf.for %[[PK:[0-9a-z_]+]] = %c0 to {{.*}} step %c2 iter_args
// CHECK:             %[[GW:.*]] = vector.maskedload %[[G]]
// CHECK-NEXT:        %[[VW:.*]] = vector.maskedload %[[V]]
// CHECK-NEXT:        vector.store %[[GW]], %[[PACKED]][%{{.*}}, %[[PK]], %c0]
// CHECK-NEXT:        vector.store %[[VW]], %[[PACKED]][%{{.*}}, %[[PK]], %c32]
// CHECK:             vector.store %{{.*}}, %[[PACKED]][%{{.*}}, %[[PK]], %c48]
// CHECK:             memref.prefetch %[[G]]
// CHECK:             vector.fma
// CHECK:           scf.for %[[K:[0-9a-z_]+]] = %c0 to {{.*}} step %c2 iter_args
// CHECK-NOT:         vector.maskedload %[[G]]
// CHECK:             vector.load %[[PACKED]][%{{.*}}, %[[K]], %c48] : memref<4x128x64xf32
// CHECK-NEXT:        %[[ROW:.*]] = arith.addi %[[NEXT_DEPTH]], %[[K]] : index
// CHECK-NEXT:        %[[CLAMPED_ROW:.*]] = arith.minsi %[[ROW]], %c63 : index
// CHECK-NEXT:        %[[J:.*]] = arith.addi %[[NEXT_HIDDEN]], %{{.*}} : index
// CHECK-NEXT:        %[[CLAMPED_J:.*]] = arith.minsi %[[J]], %c79 : index
// CHECK-NEXT:        memref.prefetch %[[G]][%[[CLAMPED_ROW]], %[[CLAMPED_J]]], read, locality<2>, data
// CHECK-NEXT:        arith.minsi %[[J]], %c79 : index
// CHECK-NEXT:        memref.prefetch %[[V]][%[[CLAMPED_ROW]], %{{.*}}], read, locality<2>, data
// CHECK:             memref.prefetch %[[G]][%[[CLAMPED_ROW]], %{{.*}}], read, locality<2>, data
// CHECK:             memref.prefetch %[[V]][%[[CLAMPED_ROW]], %{{.*}}], read, locality<2>, data
// CHECK:             vector.fma
// CHECK:           %[[LAST_PANEL:.*]] = arith.cmpi sge, %{{.*}}, %c64 : index
// CHECK-NEXT:      %[[NEXT_PANEL_TILE:.*]] = arith.addi %[[PANEL_HIDDEN:[0-9a-z_]+]], %c128 : index
// CHECK-NEXT:      %[[NEXT_ROW:.*]] = arith.select %[[LAST_PANEL]], %[[NEXT_PANEL_TILE]], %[[PANEL_HIDDEN]] : index
// CHECK-NEXT:      %[[NEXT_COLUMN:.*]] = arith.select %[[LAST_PANEL]], %c0, %{{.*}} : index
// CHECK:           scf.for %[[CK:[0-9a-z_]+]] = %c0 to {{.*}} step %c2 iter_args
// CHECK:             %[[DW:.*]] = vector.load %[[D]]
// CHECK-NEXT:        vector.store %[[DW]], %[[PANEL]][%[[CK]], %c0]
// CHECK:             vector.store %{{.*}}, %[[PANEL]][%[[CK]], %c48]
// CHECK:             memref.prefetch %[[D]]
// CHECK:             vector.fma
// CHECK:           scf.for %[[K2:[0-9a-z_]+]] = %c0 to {{.*}} step %c2 iter_args
// CHECK-NOT:         vector.load %[[D]]
// CHECK:             vector.load %[[PANEL]][%[[K2]], %c48] : memref<128x64xf32
// CHECK-NEXT:        %[[W2ROW:.*]] = arith.addi %[[NEXT_ROW]], %[[K2]] : index
// CHECK-NEXT:        %[[CLAMPED_W2ROW:.*]] = arith.minsi %[[W2ROW]], %c79 : index
// CHECK-NEXT:        %[[CLAMPED_COLUMN:.*]] = arith.minsi %[[NEXT_COLUMN]], %c63 : index
// CHECK-NEXT:        memref.prefetch %[[D]][%[[CLAMPED_W2ROW]], %[[CLAMPED_COLUMN]]], read, locality<2>, data
func.func @ffn_tiled_prefetch(%x: tensor<?x64xf32>, %wg: tensor<64x80xf32>,
                              %wv: tensor<64x80xf32>,
                              %wd: tensor<80x64xf32>) -> tensor<?x64xf32> {
  %y = glu.ffn <swish> %x : tensor<?x64xf32>
      gate(%wg : tensor<64x80xf32>) value(%wv : tensor<64x80xf32>)
      down(%wd : tensor<80x64xf32>) -> tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}

// -----

// A gated projection stores the hidden tile (masked past F) instead of
// contracting it; even/odd interleaved weights are split with shuffles.
// CHECK-LABEL: func @gated_proj_interleaved
// CHECK:         scf.parallel
// CHECK:           vector.shuffle
// CHECK:           vector.maskedstore
// CHECK-NOT:     glu.
func.func @gated_proj_interleaved(%x: tensor<8x64xf32>,
                                  %w: tensor<64x160xf32>) -> tensor<8x80xf32> {
  %y = glu.gated_proj <swish> layout <interleaved> %x : tensor<8x64xf32>
      packed(%w : tensor<64x160xf32>) -> tensor<8x80xf32>
  return %y : tensor<8x80xf32>
}

// -----

// Batch dimensions are collapsed into the rows: x through a
// tensor.collapse_shape, the result written through a memref.collapse_shape
// of the [..., F] result buffer.
// CHECK-LABEL: func @gated_proj_batched
// CHECK-SAME:    %[[X:[^:]*]]: tensor<?x3x64xf32>
// CHECK:         %[[OUT:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?x3x80xf32>
// CHECK:         %[[OUT_ROWS:.*]] = memref.collapse_shape %[[OUT]] {{\[}}[0, 1], [2]] : memref<?x3x80xf32> into memref<?x80xf32>
// CHECK:         %[[ROWS:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1], [2]] : tensor<?x3x64xf32> into tensor<?x64xf32>
// CHECK:         bufferization.to_buffer %[[ROWS]]
// CHECK:         scf.parallel
// CHECK:           vector.maskedstore %[[OUT_ROWS]]
// CHECK:         %[[Y:.*]] = bufferization.to_tensor %[[OUT]] restrict writable : memref<?x3x80xf32> to tensor<?x3x80xf32>
// CHECK:         return %[[Y]]
// CHECK-NOT:     glu.
func.func @gated_proj_batched(%x: tensor<?x3x64xf32>, %wg: tensor<64x80xf32>,
                              %wv: tensor<64x80xf32>) -> tensor<?x3x80xf32> {
  %y = glu.gated_proj <gelu> %x : tensor<?x3x64xf32>
      gate(%wg : tensor<64x80xf32>) value(%wv : tensor<64x80xf32>)
      -> tensor<?x3x80xf32>
  return %y : tensor<?x3x80xf32>
}

// -----

// bf16 (and f16): loads widened to f32, f32 accumulation (the FFN's output
// in an f32 [T, E] buffer), the result rounded once.
// CHECK-LABEL: func @ffn_bf16
// CHECK-DAG:     %[[OUT:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?x40xbf16>
// CHECK-DAG:     %[[ACC:.*]] = memref.alloc(%{{.*}}, %{{.*}}) {alignment = 64 : i64} : memref<?x?xf32>
// CHECK:         scf.parallel
// CHECK:           %[[W:.*]] = vector.maskedload {{.*}} : memref<64x80xbf16, {{.*}}>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
// CHECK-NEXT:      arith.extf %[[W]] : vector<16xbf16> to vector<16xf32>
// CHECK:           vector.fma {{.*}} : vector<16xf32>
// CHECK:         scf.reduce
// CHECK:         vector.load %[[ACC]]
// CHECK:         %[[ROUNDED:.*]] = arith.truncf %{{.*}} : vector<16xf32> to vector<16xbf16>
// CHECK-NEXT:    vector.store %[[ROUNDED]], %[[OUT]]
// CHECK:         bufferization.to_tensor %[[OUT]] restrict writable : memref<?x40xbf16> to tensor<?x40xbf16>
// CHECK-NOT:     glu.
func.func @ffn_bf16(%x: tensor<?x64xbf16>, %wg: tensor<64x80xbf16>,
                    %wv: tensor<64x80xbf16>, %wd: tensor<80x40xbf16>)
    -> tensor<?x40xbf16> {
  %y = glu.ffn <gelu> %x : tensor<?x64xbf16>
      gate(%wg : tensor<64x80xbf16>) value(%wv : tensor<64x80xbf16>)
      down(%wd : tensor<80x40xbf16>) -> tensor<?x40xbf16>
  return %y : tensor<?x40xbf16>
}

// -----

// Not handled (left for convert-glu-to-linalg): f64, and a granularity that
// neither divides nor is a multiple of 16.
// CHECK-LABEL: func @not_lowered
// CHECK-NOT:     scf.parallel
// CHECK:         glu.ffn <gelu> %{{.*}} : tensor<4x64xf64>
// CHECK:         glu.gated_proj <gelu> layout <interleaved, granularity = 3>
func.func @not_lowered(%xd: tensor<4x64xf64>, %wgd: tensor<64x80xf64>,
                       %wvd: tensor<64x80xf64>, %wdd: tensor<80x40xf64>,
                       %x: tensor<4x64xf32>, %p3: tensor<64x12xf32>)
    -> (tensor<4x40xf64>, tensor<4x6xf32>) {
  %a = glu.ffn <gelu> %xd : tensor<4x64xf64>
      gate(%wgd : tensor<64x80xf64>) value(%wvd : tensor<64x80xf64>)
      down(%wdd : tensor<80x40xf64>) -> tensor<4x40xf64>
  %c = glu.gated_proj <gelu> layout <interleaved, granularity = 3>
      %x : tensor<4x64xf32> packed(%p3 : tensor<64x12xf32>) -> tensor<4x6xf32>
  return %a, %c : tensor<4x40xf64>, tensor<4x6xf32>
}
