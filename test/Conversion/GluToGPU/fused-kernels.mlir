// RUN: glu-opt %s --convert-glu-to-gpu --split-input-file | FileCheck %s
// RUN: glu-opt %s --convert-glu-to-gpu='split-rows=0' --split-input-file | FileCheck %s --check-prefix=NOSPLIT
// RUN: glu-opt %s --convert-glu-to-gpu='split-rows=2 split-blocks=2' --split-input-file | FileCheck %s --check-prefix=SPLIT2
// RUN: glu-opt %s --convert-glu-to-gpu='split-blocks=1' --split-input-file | FileCheck %s --check-prefix=ONESLICE
// RUN: glu-opt %s --convert-glu-to-gpu='split-rows=16' --split-input-file | FileCheck %s --check-prefix=ROWS16
// RUN: glu-opt %s --convert-glu-to-gpu='mma-stages=2' --split-input-file | FileCheck %s --check-prefix=STAGES2
// RUN: glu-opt %s --convert-glu-to-gpu='mma-stages=6' --split-input-file | FileCheck %s --check-prefix=STAGES6

// An f32 FFN of more than 32 rows (split-rows' default in f32) becomes two
// tiled launches on buffers (with a dynamic T, as here, each comes after
// the split-depth launches of @ffn_one_row and @dynamic_rows below, which
// have no blocks for T > 32).
// Each 256-thread block of the gated kernel computes a 128-row tile of G and
// V, 64 columns each, 16 depth elements per step, staged in its dynamic
// shared memory with two buffers per tile (x transposed, [depth][row]): the
// 16-byte loads of the next depth step (element loads where the operands'
// alignment does not allow them, zeros past the edges) are issued after the
// step's barrier and before the FMAs on the current one (64 per thread and
// depth element: 8 rows x 4 columns x 2 weights, read with 4 16-byte shared
// loads) and stored into the other buffer after them. The only global store
// is H = act(G) * V. The down kernel contracts H with W2 (128 x 128 tiles)
// and adds b2; when its tiles are too few for split-blocks blocks (decided
// at run time here, T being dynamic), a second form of it, whose blocks
// along z take slices of F, runs instead: each block stores its partial sums
// and a reduction kernel adds them and b2.
// H is the only T x F buffer; the result goes back as a tensor.
// CHECK-LABEL: func @ffn_f32
// CHECK-DAG:     %[[X:.*]] = bufferization.to_buffer %{{.*}} read_only : tensor<?x64xf32> to memref<?x64xf32, strided<[?, 1], offset: ?>>
// CHECK-DAG:     %[[WG:.*]] = bufferization.to_buffer %arg1 read_only
// CHECK-DAG:     %[[WV:.*]] = bufferization.to_buffer %arg2 read_only
// CHECK-DAG:     %[[H:.*]] = memref.alloc(%{{.*}}) : memref<?x80xf32>
// CHECK:         gpu.launch blocks({{.*}}) in ({{.*}}, %{{.*}} = %c1) threads({{.*}}) in (%{{.*}} = %c256{{.*}}) dynamic_shared_memory_size %c33280_i32 function(@ffn_f32_gated_tiled) {
// CHECK:           %[[SHARED:.*]] = gpu.dynamic_shared_memory : memref<?xi8, #gpu.address_space<workgroup>>
// CHECK-NEXT:      %[[XT:.*]] = memref.view %[[SHARED]][%c0][] : {{.*}} to memref<2x16x132xf32, #gpu.address_space<workgroup>>
// CHECK-NEXT:      %[[GT:.*]] = memref.view %[[SHARED]][%c16896][] : {{.*}} to memref<2x16x64xf32, #gpu.address_space<workgroup>>
// CHECK-NEXT:      %[[VT:.*]] = memref.view %[[SHARED]][%c25088][] : {{.*}} to memref<2x16x64xf32, #gpu.address_space<workgroup>>
// CHECK:           vector.load %[[X]][{{.*}}] {alignment = 16 : i64}
// CHECK:           vector.load %[[X]][{{.*}}] : {{.*}}, vector<1xf32>
// CHECK:           vector.from_elements {{.*}} : vector<4xf32>
// CHECK:           vector.load %[[WG]][{{.*}}] {alignment = 16 : i64}
// CHECK-NEXT:      vector.load %[[WV]][{{.*}}] {alignment = 16 : i64}
// CHECK-COUNT-4:   memref.store %{{.*}}, %[[XT]][%c0,
// CHECK:           vector.store %{{.*}}, %[[GT]][%c0, {{.*}}] {alignment = 16 : i64}
// CHECK:           vector.store %{{.*}}, %[[VT]][%c0, {{.*}}] {alignment = 16 : i64}
// CHECK-NOT:       gpu.barrier
// CHECK:           scf.for
// CHECK-NOT:         nvgpu.device_async
// CHECK:             gpu.barrier
// CHECK:             vector.load %[[X]]
// CHECK:             vector.load %[[WG]]
// CHECK:             scf.for %{{.*}} = %c0 to %c16 step %c1
// CHECK-COUNT-2:       vector.load %[[XT]][{{.*}}] {alignment = 16 : i64}
// CHECK:               vector.load %[[GT]][{{.*}}] {alignment = 16 : i64}
// CHECK-COUNT-32:      math.fma
// CHECK:               vector.load %[[VT]][{{.*}}] {alignment = 16 : i64}
// CHECK-COUNT-32:      math.fma
// CHECK:             memref.store %{{.*}}, %[[XT]]
// CHECK:             vector.store %{{.*}}, %[[GT]]
// CHECK:             vector.store %{{.*}}, %[[VT]]
// CHECK-NEXT:        scf.yield
// CHECK-NOT:       memref.store
// CHECK:           math.exp
// CHECK:           memref.store %{{.*}}, %[[H]]
// CHECK:           gpu.terminator
// CHECK:         %[[OUT:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?x40xf32>
// CHECK:         %[[SPLIT:.*]] = arith.cmpi ugt, %[[SLICES:[0-9]+]], %c1 : index
// CHECK:         arith.cmpi ult, %[[SLICES]], %c2 : index
// CHECK:         %[[PARTIAL:.*]] = memref.alloc(%{{.*}}, %{{.*}}) : memref<?x1x?x40xf32>
// CHECK:         gpu.launch blocks({{.*}}) in ({{.*}}, %{{.*}} = %c1) {{.*}} dynamic_shared_memory_size %c33280_i32 function(@ffn_f32_down_tiled) {
// CHECK:           %[[DOWN_SHARED:.*]] = gpu.dynamic_shared_memory
// CHECK-NEXT:      %[[HT:.*]] = memref.view %[[DOWN_SHARED]][%c0][] : {{.*}} to memref<2x16x132xf32, #gpu.address_space<workgroup>>
// CHECK-NEXT:      %[[WT:.*]] = memref.view %[[DOWN_SHARED]][%c16896][] : {{.*}} to memref<2x16x128xf32, #gpu.address_space<workgroup>>
// CHECK:             vector.load %[[H]]
// CHECK:             memref.store %{{.*}}, %[[HT]]
// CHECK:             vector.store %{{.*}}, %[[WT]]
// CHECK-NOT:       memref.store %{{.*}}, %[[PARTIAL]]
// CHECK:           memref.store %{{.*}}, %[[OUT]]
// CHECK-NOT:       memref.store %{{.*}}, %[[PARTIAL]]
// CHECK:           gpu.terminator
// CHECK:         gpu.launch blocks({{.*}}) in ({{.*}}, %{{.*}} = %[[SLICES]]) {{.*}} dynamic_shared_memory_size %c33280_i32 function(@ffn_f32_down_tiled_sliced) {
// CHECK-NOT:       memref.store %{{.*}}, %[[OUT]]
// CHECK:           memref.store %{{.*}}, %[[PARTIAL]][%{{.*}}, %c0, %{{.*}}, %{{.*}}]
// CHECK-NOT:       memref.store %{{.*}}, %[[OUT]]
// CHECK:           gpu.terminator
// CHECK:         gpu.launch {{.*}} threads({{.*}}) in (%{{.*}} = %c256
// CHECK:           %[[GROUPS:.*]] = arith.divui %[[SLICES]], %c32
// CHECK:           %[[GROUPED:.*]] = arith.muli %[[GROUPS]], %c32
// CHECK:           scf.for %{{.*}} = %c0 to %[[GROUPED]] step %c32
// CHECK-COUNT-32:    memref.load %[[PARTIAL]]
// CHECK:           %[[LEFT:.*]] = arith.subi %[[SLICES]], %[[GROUPED]]
// CHECK-NEXT:      %[[GROUPS16:.*]] = arith.divui %[[LEFT]], %c16
// CHECK-NEXT:      %[[GROUP16:.*]] = arith.muli %[[GROUPS16]], %c16
// CHECK-NEXT:      %[[GROUPED16:.*]] = arith.addi %[[GROUPED]], %[[GROUP16]]
// CHECK-NEXT:      scf.for %{{.*}} = %[[GROUPED]] to %[[GROUPED16]] step %c16
// CHECK-COUNT-16:    memref.load %[[PARTIAL]]
// CHECK:           scf.for %{{.*}} step %c8
// CHECK:           scf.for %{{.*}} step %c4
// CHECK:           scf.for %{{.*}} step %c2
// CHECK:           scf.for %{{.*}} to %[[SLICES]] step %c1
// CHECK:             memref.load %[[PARTIAL]]
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

// f16 and bf16 use the tensor cores: 256 threads (8 warps), mma.sync
// m16n8k16 with f32 accumulators on fragments read from the staged tiles
// with ldmatrix (4 registers per ldmatrix: an A fragment, or, transposed
// from the weight tiles as they are staged ([depth][column]), the B
// fragments of two n tiles; bf16 pairs as i32), the bias and gating in f32,
// one rounding to the element type at the store. The tiles have 4 buffers
// (77824 bytes of dynamic shared memory), filled with cp.async
// (nvgpu.device_async_copy of 8 elements, L1 bypassed): depth steps 0 to 2
// before the loop, one group each; each iteration waits until at most 2
// groups are pending (its step's copies done), synchronizes the block,
// issues the copies of the step 3 ahead into the buffer of the step before
// (a 16-byte copy per x and weight vector where the operands are aligned,
// element loads and a shared store otherwise, zeros past the edges) and
// multiplies on its step's buffer. The packed gate_up weight's gate and
// value columns are copied from columns j and F + j.
// CHECK-LABEL: func @gated_proj_bf16
// CHECK:         %[[X:.*]] = bufferization.to_buffer %arg0
// CHECK:         %[[P:.*]] = bufferization.to_buffer %arg1
// CHECK:         gpu.launch {{.*}} threads({{.*}}) in (%{{.*}} = %c256{{.*}}) dynamic_shared_memory_size %c77824_i32 function(@gated_proj_bf16_gated_tiled) {
// CHECK:           %[[SHARED:.*]] = gpu.dynamic_shared_memory
// CHECK-NEXT:      %[[XT:.*]] = memref.view %[[SHARED]][%c0][] : {{.*}} to memref<4x128x40xbf16, #gpu.address_space<workgroup>>
// CHECK-NEXT:      %[[GT:.*]] = memref.view %[[SHARED]][%c40960][] : {{.*}} to memref<4x32x72xbf16, #gpu.address_space<workgroup>>
// CHECK-NEXT:      %[[VT:.*]] = memref.view %[[SHARED]][%c59392][] : {{.*}} to memref<4x32x72xbf16, #gpu.address_space<workgroup>>
// CHECK:           scf.if
// CHECK-NEXT:        scf.if
// CHECK-NEXT:          nvgpu.device_async_copy %[[X]][%{{.*}}, %{{.*}}], %[[XT]][%c0, %{{.*}}, %{{.*}}], 8 {bypassL1}
// CHECK-NEXT:        } else {
// CHECK:               vector.store %{{.*}}, %[[XT]][%c0,
// CHECK:             } else {
// CHECK-NEXT:          vector.store %cst{{.*}}, %[[XT]][%c0,
// CHECK:               nvgpu.device_async_copy %[[P]][%[[ROW:.*]], %[[COLUMN:.*]]], %[[GT]][%c0, %{{.*}}, %{{.*}}], 8 {bypassL1}
// CHECK-NEXT:          %[[VALUE_COLUMN:.*]] = arith.addi %[[COLUMN]], %c128
// CHECK-NEXT:          nvgpu.device_async_copy %[[P]][%[[ROW]], %[[VALUE_COLUMN]]], %[[VT]][%c0, %{{.*}}, %{{.*}}], 8 {bypassL1}
// CHECK:           nvgpu.device_async_create_group
// CHECK:           nvgpu.device_async_copy %[[X]][{{.*}}], %[[XT]][%c1,
// CHECK:           nvgpu.device_async_create_group
// CHECK:           nvgpu.device_async_copy %[[X]][{{.*}}], %[[XT]][%c2,
// CHECK:           %[[GROUP:.*]] = nvgpu.device_async_create_group
// CHECK-NEXT:      scf.for %[[K:.*]] = %c0 to %c64 step %c32
// CHECK-NEXT:        %[[DONE:.*]] = arith.divui %[[K]], %c32
// CHECK-NEXT:        nvgpu.device_async_wait %[[GROUP]] {numGroups = 2 : i32}
// CHECK-NEXT:        gpu.barrier
// CHECK-NEXT:        %[[NEXT:.*]] = arith.addi %[[DONE]], %c3
// CHECK-NEXT:        %[[AHEAD:.*]] = arith.remui %[[NEXT]], %c4
// CHECK:             nvgpu.device_async_copy %[[X]][{{.*}}], %[[XT]][%[[AHEAD]],
// CHECK:             nvgpu.device_async_copy %[[P]][{{.*}}], %[[GT]][%[[AHEAD]],
// CHECK:             nvgpu.device_async_copy %[[P]][{{.*}}], %[[VT]][%[[AHEAD]],
// CHECK:             nvgpu.device_async_create_group
// CHECK-NEXT:        %[[STAGE:.*]] = arith.remui %[[DONE]], %c4
// CHECK:             %[[PAIRS:.*]] = nvgpu.ldmatrix %[[XT]][%[[STAGE]], {{.*}}] {numTiles = 4 : i32, transpose = false} : memref<4x128x40xbf16, #gpu.address_space<workgroup>> -> vector<4x2xbf16>
// CHECK:           %[[PAIR:.*]] = vector.extract %[[PAIRS]][0] : vector<2xbf16> from vector<4x2xbf16>
// CHECK:           vector.bitcast %[[PAIR]] : vector<2xbf16> to vector<1xi32>
// CHECK:             nvgpu.ldmatrix %[[GT]][%[[STAGE]], {{.*}}] {numTiles = 4 : i32, transpose = true} : memref<4x32x72xbf16, #gpu.address_space<workgroup>> -> vector<4x2xbf16>
// CHECK:           nvvm.mma.sync A[{{.*}}] B[{{.*}}] C[{{.*}}] {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>, multiplicandAPtxType = #nvvm.mma_type<bf16>, multiplicandBPtxType = #nvvm.mma_type<bf16>, shape = #nvvm.shape<m = 16, n = 8, k = 16>} : (i32, i32, f32) -> !llvm.struct<(f32, f32, f32, f32)>
// CHECK:           arith.extf {{.*}} : bf16 to f32
// CHECK:           arith.truncf {{.*}} : f32 to bf16
// CHECK:           memref.store {{.*}} : memref<17x128xbf16>
// mma-stages=2: 2 buffers, step 0 before the loop, each iteration waiting
// for all its copies (at most 0 groups pending) and issuing the next step
// into the other buffer; mma-stages=6: 6 buffers, 5 steps before the
// loop, at most 4 groups pending.
// STAGES2-LABEL: func @gated_proj_bf16
// STAGES2:         gpu.launch {{.*}} dynamic_shared_memory_size %c38912_i32
// STAGES2:           memref.view %{{.*}}[%c0][] : {{.*}} to memref<2x128x40xbf16, #gpu.address_space<workgroup>>
// STAGES2-COUNT-1:   nvgpu.device_async_create_group
// STAGES2-NEXT:      scf.for
// STAGES2-NEXT:        arith.divui
// STAGES2-NEXT:        nvgpu.device_async_wait %{{.*}} {numGroups = 0 : i32}
// STAGES2-NEXT:        gpu.barrier
// STAGES2-NEXT:        %[[NEXT:.*]] = arith.addi %{{.*}}, %c1
// STAGES2-NEXT:        arith.remui %[[NEXT]], %c2
// STAGES6-LABEL: func @gated_proj_bf16
// STAGES6:         gpu.launch {{.*}} dynamic_shared_memory_size %c116736_i32
// STAGES6:           memref.view %{{.*}}[%c0][] : {{.*}} to memref<6x128x40xbf16, #gpu.address_space<workgroup>>
// STAGES6-COUNT-5:   nvgpu.device_async_create_group
// STAGES6-NEXT:      scf.for
// STAGES6-NEXT:        arith.divui
// STAGES6-NEXT:        nvgpu.device_async_wait %{{.*}} {numGroups = 4 : i32}
// STAGES6-NEXT:        gpu.barrier
// STAGES6-NEXT:        %[[NEXT:.*]] = arith.addi %{{.*}}, %c5
// STAGES6-NEXT:        arith.remui %[[NEXT]], %c6
func.func @gated_proj_bf16(%x: tensor<17x64xbf16>, %p: tensor<64x256xbf16>,
                           %pb: tensor<256xbf16>) -> tensor<17x128xbf16> {
  %y = glu.gated_proj <swish> layout <gate_up> %x : tensor<17x64xbf16>
      packed(%p : tensor<64x256xbf16>) packed_bias(%pb : tensor<256xbf16>)
      -> tensor<17x128xbf16>
  return %y : tensor<17x128xbf16>
}

// -----

// f16 fragments are vector<2xf16> registers. In f16 (and bf16) T <= 16
// take the split-depth kernels by default (split-rows), the tiled ones T >
// 16.
// CHECK-LABEL: func @gated_proj_f16
// CHECK:         %[[T:.*]] = memref.dim %{{.*}}, %c0
// CHECK:         arith.cmpi ule, %[[T]], %c16
// CHECK-NEXT:    arith.cmpi ugt, %[[T]], %c16
// CHECK:         nvvm.mma.sync {{.*}} : (vector<2xf16>, vector<2xf16>, f32) -> !llvm.struct<(f32, f32, f32, f32)>
func.func @gated_proj_f16(%x: tensor<?x64xf16>, %w: tensor<64x96xf16>,
                          %v: tensor<64x96xf16>) -> tensor<?x96xf16> {
  %y = glu.gated_proj <gelu_tanh> %x : tensor<?x64xf16>
      gate(%w : tensor<64x96xf16>) value(%v : tensor<64x96xf16>)
      -> tensor<?x96xf16>
  return %y : tensor<?x96xf16>
}

// -----

// The f16/bf16 down kernel contracts with one weight: 128 x 128 tiles (E =
// 200: 2 column blocks), each warp 32 x 64 of the output, W2's staged tiles
// 32 x 136 (128 columns padded by 8), 32 mma.sync per depth step as in the
// gated kernel's 2 x 16.
// CHECK-LABEL: func @ffn_f16
// CHECK:         gpu.launch {{.*}} in (%{{.*}} = %c1, %{{.*}} = %c2, %{{.*}} = %c1) {{.*}} dynamic_shared_memory_size %c77824_i32
// CHECK-COUNT-32:  nvvm.mma.sync
// CHECK-NOT:       nvvm.mma.sync
// CHECK:         gpu.launch {{.*}} in (%{{.*}} = %c1, %{{.*}} = %c2, %{{.*}} = %c1) {{.*}} dynamic_shared_memory_size %c75776_i32
// CHECK:           memref.view %{{.*}}[%c0][] : {{.*}} to memref<4x128x40xf16, #gpu.address_space<workgroup>>
// CHECK-NEXT:      memref.view %{{.*}}[%c40960][] : {{.*}} to memref<4x32x136xf16, #gpu.address_space<workgroup>>
// CHECK-COUNT-32:  nvvm.mma.sync
// CHECK-NOT:       nvvm.mma.sync
// CHECK:           gpu.terminator
func.func @ffn_f16(%x: tensor<17x64xf16>, %w: tensor<64x96xf16>,
                   %v: tensor<64x96xf16>, %w2: tensor<96x200xf16>)
    -> tensor<17x200xf16> {
  %y = glu.ffn <gelu> %x : tensor<17x64xf16>
      gate(%w : tensor<64x96xf16>) value(%v : tensor<64x96xf16>)
      down(%w2 : tensor<96x200xf16>) -> tensor<17x200xf16>
  return %y : tensor<17x200xf16>
}

// -----

// Packed layouts are read in place. The tiled kernel's staging reads a
// thread's 4 gate columns j of an interleaved weight (granularity 2) as
// elements 0, 1, 4, 5 and its value columns as elements 2, 3, 6, 7 of the
// two 16-byte loads from packed column 2 j; where the weight is misaligned,
// one element at a time from the packed positions 4 * (j / 2) + j % 2 and
// that plus 2 (j clamped to the last column: F - 1 = 127).
// CHECK-LABEL: func @interleaved
// CHECK:         %[[P:.*]] = bufferization.to_buffer %arg1
// CHECK:         gpu.launch {{.*}} dynamic_shared_memory_size
// CHECK:           %[[VECTOR:.*]] = arith.remui %arg{{[0-9]+}}, %c16 :
// CHECK-NEXT:      %[[COLUMN:.*]] = arith.muli %[[VECTOR]], %c4
// CHECK:           %[[FIRST:.*]] = arith.addi %{{.*}}, %[[COLUMN]]
// CHECK:           scf.if %{{.*}} -> (vector<4xf32>, vector<4xf32>) {
// CHECK-NEXT:        scf.if %{{.*}} -> (vector<4xf32>, vector<4xf32>) {
// CHECK-NEXT:          %[[GATE0:.*]] = arith.muli %[[FIRST]], %c2
// CHECK-NEXT:          %[[LOW:.*]] = vector.load %[[P]][%{{.*}}, %[[GATE0]]] {alignment = 16 : i64}
// CHECK-NEXT:          %[[GATE4:.*]] = arith.addi %[[GATE0]], %c4
// CHECK-NEXT:          %[[HIGH:.*]] = vector.load %[[P]][%{{.*}}, %[[GATE4]]] {alignment = 16 : i64}
// CHECK-NEXT:          %[[GATES:.*]] = vector.shuffle %[[LOW]], %[[HIGH]] [0, 1, 4, 5]
// CHECK-NEXT:          %[[VALUES:.*]] = vector.shuffle %[[LOW]], %[[HIGH]] [2, 3, 6, 7]
// CHECK-NEXT:          scf.yield %[[GATES]], %[[VALUES]]
// CHECK-NEXT:        } else {
// CHECK:               %[[CLAMPED:.*]] = arith.minui %[[FIRST]], %c127
// CHECK-NEXT:          %[[BLOCK:.*]] = arith.divui %[[CLAMPED]], %c2
// CHECK-NEXT:          %[[START:.*]] = arith.muli %[[BLOCK]], %c4
// CHECK-NEXT:          %[[OFFSET:.*]] = arith.remui %[[CLAMPED]], %c2
// CHECK-NEXT:          %[[GATE:.*]] = arith.addi %[[START]], %[[OFFSET]]
// CHECK:               arith.minui %[[FIRST]], %c127
// CHECK-NEXT:          arith.divui
// CHECK-NEXT:          arith.muli
// CHECK-NEXT:          arith.remui
// CHECK-NEXT:          %[[SAME_GATE:.*]] = arith.addi
// CHECK-NEXT:          %[[VALUE:.*]] = arith.addi %[[SAME_GATE]], %c2 :
// CHECK:               vector.load %[[P]][%{{.*}}, %[[GATE]]] : {{.*}}, vector<1xf32>
// CHECK:               vector.load %[[P]][%{{.*}}, %[[VALUE]]] : {{.*}}, vector<1xf32>
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

// With at most split-rows rows (here a static 1), the contraction's depth
// is split across blocks instead of tiled: no shared memory, no barrier. The
// product kernel runs on (F / 1024 = 1 column block) x (D / 64 = 4 depth
// slices) blocks of 128 threads, each thread the 8 consecutive columns
// from 8 * thread of each weight for each row (1 here), and stores its
// partial sums to a [slices, 2, T, F] f32 buffer. It first tests, once,
// whether both weights can be read with 16-byte loads (first element at a
// 16-byte address, row stride a multiple of 8; F = 1000 is a multiple of 8):
// if so, each iteration issues the loads of 4 depth steps (per step an
// element of x and one vector<8xf16> of each weight) before their 64 FMAs,
// the threads past the last column (which store nothing) loading the last
// 8 columns (F - 8 = 992);
// if not, each depth step loads the 16 weight elements one at a time, at
// columns clamped into the weights. The reduction kernel (256 threads, one
// output element each) adds the slices in order, loading 32 partial sums
// before it adds them (16 slices of the 2 weights), the slices past the
// last whole group in groups of 8, 4 and 2, then one at a time (the 4 here
// in a group of 4), and applies the epilogue: the gating, rounded to f16,
// into H. The down projection likewise, with 16 slices of F = 1000 (one
// group of 16 after none of 32), the loads of 8 depth steps (one weight)
// before their FMAs, and the result as its epilogue.
// CHECK-LABEL: func @ffn_one_row
// CHECK:         %[[WG:.*]] = bufferization.to_buffer %arg1
// CHECK:         %[[WV:.*]] = bufferization.to_buffer %arg2
// CHECK:         %[[H:.*]] = memref.alloc() : memref<1x1000xf16>
// CHECK:         %[[GV:.*]] = memref.alloc(%c4) : memref<?x2x1x1000xf32>
// CHECK:         gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %c1, %{{.*}} = %c4, %{{.*}} = %c1) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %c128, %{{.*}} = %c1, %{{.*}} = %c1) function(@ffn_one_row_gated_split_1row) {
// CHECK-NOT:       gpu.barrier
// CHECK:           %[[BASE:.*]] = arith.muli %[[BX]], %c128
// CHECK:           %[[THREAD:.*]] = arith.addi %[[BASE]], %[[TX]]
// CHECK:           %[[FIRST:.*]] = arith.muli %[[THREAD]], %c8
// CHECK:           %{{.*}}, %[[OFFSET:.*]], %{{.*}}:2, %[[STRIDES:.*]]:2 = memref.extract_strided_metadata %[[WG]]
// CHECK:           %[[POINTER:.*]] = memref.extract_aligned_pointer_as_index %[[WG]]
// CHECK:           %[[BYTES:.*]] = arith.muli %[[OFFSET]], %c2
// CHECK:           %[[ADDRESS:.*]] = arith.addi %[[POINTER]], %[[BYTES]]
// CHECK:           %[[ADDRESS_REM:.*]] = arith.remui %[[ADDRESS]], %c16
// CHECK:           %[[STRIDE_REM:.*]] = arith.remui %[[STRIDES]]#0, %c8
// CHECK:           %[[REMS:.*]] = arith.ori %[[ADDRESS_REM]], %[[STRIDE_REM]]
// CHECK:           %[[GATE_ALIGNED:.*]] = arith.cmpi eq, %[[REMS]], %c0
// CHECK:           memref.extract_strided_metadata %[[WV]]
// CHECK:           memref.extract_aligned_pointer_as_index %[[WV]]
// CHECK:           %[[VALUE_ALIGNED:.*]] = arith.cmpi eq
// CHECK:           %[[ALIGNED:.*]] = arith.andi %[[GATE_ALIGNED]], %[[VALUE_ALIGNED]]
// CHECK:           %[[SUMS:.*]]:16 = scf.if %[[ALIGNED]] -> (f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32) {
// CHECK-NEXT:        %[[LOADED:.*]] = arith.minui %[[FIRST]], %c992
// CHECK:             scf.for %[[K:.*]] = {{.*}} step %c4 iter_args
// CHECK:               memref.load %{{.*}}[%c0, %[[K]]] : memref<1x256xf16
// CHECK-NEXT:          vector.load %[[WG]][%[[K]], %[[LOADED]]] {alignment = 16 : i64} : memref<256x1000xf16, strided<[?, 1], offset: ?>>, vector<8xf16>
// CHECK-NEXT:          vector.load %[[WV]][%[[K]], %[[LOADED]]] {alignment = 16 : i64} : memref<256x1000xf16, strided<[?, 1], offset: ?>>, vector<8xf16>
// CHECK-COUNT-16:      vector.extract
// CHECK-COUNT-3:       vector.load %[[WG]]
// CHECK:               vector.load %[[WV]]
// CHECK-NOT:           load
// CHECK:               arith.extf {{.*}} : f16 to f32
// CHECK-COUNT-64:      math.fma
// CHECK-NOT:           math.fma
// CHECK:               scf.yield
// CHECK:             scf.for {{.*}} step %c1 iter_args
// CHECK:           } else {
// CHECK-NOT:         alignment
// CHECK:             scf.for {{.*}} step %c1 iter_args
// CHECK:               memref.load %{{.*}}[%c0, %{{.*}}] : memref<1x256xf16
// CHECK-COUNT-8:       vector.load %[[WG]][%{{.*}}, %{{.*}}] : memref<256x1000xf16, strided<[?, 1], offset: ?>>, vector<1xf16>
// CHECK-COUNT-8:       vector.load %[[WV]][%{{.*}}, %{{.*}}] : memref<256x1000xf16, strided<[?, 1], offset: ?>>, vector<1xf16>
// CHECK:           }
// CHECK:           memref.store %[[SUMS]]#0, %[[GV]][%{{.*}}, %c0, %c0, %[[FIRST]]]
// CHECK-NEXT:      memref.store %[[SUMS]]#8, %[[GV]][%{{.*}}, %c1, %c0, %[[FIRST]]]
// CHECK:           gpu.terminator
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c4, %{{.*}} = %c1, %{{.*}} = %c1) threads({{.*}}) in (%{{.*}} = %c256, %{{.*}} = %c1, %{{.*}} = %c1) function(@ffn_one_row_gated_split_reduce) {
// CHECK:           scf.for %{{.*}} = %c0 to %c0 step %c16 iter_args
// CHECK:           scf.for %{{.*}} = %c0 to %c0 step %c8 iter_args
// CHECK:           scf.for %{{.*}} = %c0 to %c4 step %c4 iter_args
// CHECK-COUNT-8:     memref.load %[[GV]]
// CHECK-COUNT-8:     arith.addf
// CHECK:           scf.for %{{.*}} = %c4 to %c4 step %c2 iter_args
// CHECK:           scf.for %{{.*}} = %c4 to %c4 step %c1 iter_args
// CHECK:           math.exp
// CHECK:           arith.truncf {{.*}} : f32 to f16
// CHECK:           memref.store %{{.*}}, %[[H]]
// CHECK:           gpu.terminator
// CHECK:         %[[OUT:.*]] = memref.alloc() {alignment = 64 : i64} : memref<1x48xf16>
// CHECK:         %[[PARTIAL:.*]] = memref.alloc(%c16) : memref<?x1x1x48xf32>
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c1, %{{.*}} = %c16, %{{.*}} = %c1)
// CHECK:           scf.if
// CHECK:             scf.for {{.*}} step %c8 iter_args
// CHECK-COUNT-8:       vector.load %{{.*}} {alignment = 16 : i64} : memref<1000x48xf16, strided<[?, 1], offset: ?>>, vector<8xf16>
// CHECK-NOT:           load
// CHECK:               math.fma
// CHECK:             scf.for {{.*}} step %c1 iter_args
// CHECK:             memref.load %[[H]]
// CHECK:           memref.store %{{.*}}, %[[PARTIAL]]
// CHECK:         gpu.launch
// CHECK:           scf.for %{{.*}} = %c0 to %c0 step %c32 iter_args
// CHECK:           scf.for %{{.*}} = %c0 to %c16 step %c16 iter_args
// CHECK:           memref.store %{{.*}}, %[[OUT]]
// CHECK-NOT:     gpu.launch
// CHECK:         bufferization.to_tensor %[[OUT]]
// split-blocks=2: F = 1000 is 1 column block, so D = 256 is split into 2
// slices.
// SPLIT2-LABEL: func @ffn_one_row
// SPLIT2:         memref.alloc(%c2) : memref<?x2x1x1000xf32>
// SPLIT2:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c1, %{{.*}} = %c2, %{{.*}} = %c1)
func.func @ffn_one_row(%x: tensor<1x256xf16>, %wg: tensor<256x1000xf16>,
                       %wv: tensor<256x1000xf16>, %wd: tensor<1000x48xf16>)
    -> tensor<1x48xf16> {
  %y = glu.ffn <swish> %x : tensor<1x256xf16>
      gate(%wg : tensor<256x1000xf16>) value(%wv : tensor<256x1000xf16>)
      down(%wd : tensor<1000x48xf16>) -> tensor<1x48xf16>
  return %y : tensor<1x48xf16>
}

// -----

// The 16-byte loads of an interleaved weight whose granularity (1) divides
// their 4 f32 elements: a thread's 4 gate columns and their 4 value columns
// are the 8 packed elements from 2 * (its first column), which two loads per
// depth step read for both: the gate columns are elements 0 and 2 of each,
// the value columns 1 and 3.
// CHECK-LABEL: func @split_interleaved
// CHECK:         %[[P:.*]] = bufferization.to_buffer %arg1
// CHECK:         gpu.launch
// CHECK:           %[[FIRST:.*]] = arith.muli %{{.*}}, %c4
// CHECK:           memref.extract_aligned_pointer_as_index %[[P]]
// CHECK-NOT:       memref.extract_aligned_pointer_as_index
// CHECK:           scf.if
// CHECK-NEXT:        %[[LOADED:.*]] = arith.minui %[[FIRST]], %c124
// CHECK:             scf.for %[[K:.*]] = {{.*}} step %c4 iter_args
// CHECK:               %[[GATE0:.*]] = arith.muli %[[LOADED]], %c2
// CHECK-NEXT:          %[[LOW:.*]] = vector.load %[[P]][%[[K]], %[[GATE0]]] {alignment = 16 : i64} : {{.*}}, vector<4xf32>
// CHECK-NEXT:          %[[GATE4:.*]] = arith.addi %[[GATE0]], %c4
// CHECK-NEXT:          %[[HIGH:.*]] = vector.load %[[P]][%[[K]], %[[GATE4]]] {alignment = 16 : i64} : {{.*}}, vector<4xf32>
// CHECK-NEXT:          vector.extract %[[LOW]][0]
// CHECK-NEXT:          vector.extract %[[LOW]][2]
// CHECK-NEXT:          vector.extract %[[HIGH]][0]
// CHECK-NEXT:          vector.extract %[[HIGH]][2]
// CHECK-NEXT:          vector.extract %[[LOW]][1]
// CHECK-NEXT:          vector.extract %[[LOW]][3]
// CHECK-NEXT:          vector.extract %[[HIGH]][1]
// CHECK-NEXT:          vector.extract %[[HIGH]][3]
// CHECK-COUNT-6:       vector.load %[[P]]
// CHECK-NOT:           vector.load
// CHECK:               math.fma
// CHECK:           } else {
func.func @split_interleaved(%x: tensor<1x64xf32>, %p: tensor<64x256xf32>) -> tensor<1x128xf32> {
  %y = glu.gated_proj <swish> layout <interleaved, granularity = 1> %x : tensor<1x64xf32>
      packed(%p : tensor<64x256xf32>) -> tensor<1x128xf32>
  return %y : tensor<1x128xf32>
}

// -----

// Negative case: with granularity 3, neither dividing nor a multiple of the
// 4 f32 elements of a 16-byte load, a thread's 4 gate columns are not at
// constant offsets from one load: the split-depth kernel has no alignment
// test and no 16-byte loads, only element loads, as many depth steps at a
// time as the 16-byte loads would be.
// CHECK-LABEL: func @split_granularity_3
// CHECK:         gpu.launch
// CHECK-NOT:       memref.extract_aligned_pointer_as_index
// CHECK-NOT:       vector<4xf32>
// CHECK:           scf.for {{.*}} step %c4 iter_args
// CHECK-COUNT-32:    vector.load {{.*}} vector<1xf32>
// CHECK:         gpu.launch
func.func @split_granularity_3(%x: tensor<1x64xf32>, %p: tensor<64x192xf32>) -> tensor<1x96xf32> {
  %y = glu.gated_proj <swish> layout <interleaved, granularity = 3> %x : tensor<1x64xf32>
      packed(%p : tensor<64x192xf32>) -> tensor<1x96xf32>
  return %y : tensor<1x96xf32>
}

// -----

// A dynamic T launches both ways, each of whose launches has no blocks
// unless T is its own (the launches stay in straight-line code): the
// split-depth kernels for T <= 32 (split-rows' default in f32; the product
// for 1 row only when T = 1, for 2 when T = 2, 4 for 3-4, 8 for 5-32, in
// ceil(min(T, 32) / 8) row groups, which also divide the depth slices'
// target; no partial sums for T > 32) and the tiled kernel for T > 32.
// CHECK-LABEL: func @dynamic_rows
// CHECK:         %[[T:.*]] = memref.dim %{{.*}}, %c0
// CHECK:         %[[FEW:.*]] = arith.cmpi ule, %[[T]], %c32
// CHECK:         %[[MANY:.*]] = arith.cmpi ugt, %[[T]], %c32
// CHECK:         %[[CAPPED:.*]] = arith.minui %[[T]], %c32
// CHECK-NEXT:    %[[GROUPS0:.*]] = arith.ceildivui %[[CAPPED]], %c8
// CHECK-NEXT:    %[[GROUPS:.*]] = arith.maxui %[[GROUPS0]], %c1
// CHECK:         %[[SLICES:.*]] = arith.select %[[FEW]], %{{.*}}, %c0
// CHECK:         memref.alloc(%[[SLICES]], %[[T]]) : memref<?x2x?x96xf32>
// CHECK:         %[[ONE:.*]] = arith.cmpi ult, %[[T]], %c2
// CHECK:         %[[ONLY1:.*]] = arith.andi %{{.*}}, %[[ONE]]
// CHECK:         %[[BLOCKS1:.*]] = arith.select %[[ONLY1]], %c1, %c0
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %[[BLOCKS1]], %{{.*}} = %[[SLICES]], %{{.*}} = %c1)
// CHECK:         arith.cmpi ugt, %[[T]], %c1
// CHECK:         gpu.launch
// CHECK:         arith.cmpi ugt, %[[T]], %c2
// CHECK:         gpu.launch
// CHECK:         arith.cmpi ugt, %[[T]], %c4
// CHECK:         arith.cmpi ult, %[[T]], %c33
// CHECK:         gpu.launch blocks(%[[BX:[^,]+]], %{{.*}}, %{{.*}}) in
// CHECK:           arith.remui %[[BX]], %[[GROUPS]]
// CHECK:         %[[ELEMENTS:.*]] = arith.ceildivui
// CHECK:         %[[REDUCE:.*]] = arith.select %[[FEW]], %[[ELEMENTS]], %c0
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %[[REDUCE]], %{{.*}} = %c1, %{{.*}} = %c1)
// CHECK:         %[[TILES:.*]] = arith.select %[[MANY]], %{{.*}}, %c0
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %[[TILES]], %{{.*}} = %c2, %{{.*}} = %c1) {{.*}} dynamic_shared_memory_size
// CHECK:           gpu.barrier
// split-rows=0: the tiled kernel for every T, launched unconditionally.
// NOSPLIT-LABEL: func @dynamic_rows
// NOSPLIT-NOT:     arith.cmpi ule
// NOSPLIT:         %[[T:.*]] = memref.dim %{{.*}}, %c0
// NOSPLIT:         %[[TILES:.*]] = arith.maxui %{{.*}}, %c1
// NOSPLIT-NEXT:    gpu.launch blocks({{.*}}) in (%{{.*}} = %[[TILES]], %{{.*}} = %c2, %{{.*}} = %c1) {{.*}} dynamic_shared_memory_size
// NOSPLIT-NOT:     gpu.launch
// split-rows=2: products for 1 and 2 rows only.
// SPLIT2-LABEL: func @dynamic_rows
// SPLIT2:         %[[T:.*]] = memref.dim %{{.*}}, %c0
// SPLIT2:         %[[FEW:.*]] = arith.cmpi ule, %[[T]], %c2
// SPLIT2:         %[[SLICES:.*]] = arith.select %[[FEW]], %c1, %c0
// SPLIT2-COUNT-2: gpu.launch blocks({{.*}}) in (%{{.*}} = %{{.*}}, %{{.*}} = %[[SLICES]], %{{.*}} = %c1) threads({{.*}}) in (%{{.*}} = %c128
// SPLIT2:         gpu.launch {{.*}} threads({{.*}}) in (%{{.*}} = %c256
// SPLIT2:         gpu.launch {{.*}} dynamic_shared_memory_size
// SPLIT2-NOT:     gpu.launch
func.func @dynamic_rows(%x: tensor<?x64xf32>, %w: tensor<64x96xf32>,
                        %v: tensor<64x96xf32>) -> tensor<?x96xf32> {
  %y = glu.gated_proj <relu> %x : tensor<?x64xf32>
      gate(%w : tensor<64x96xf32>) value(%v : tensor<64x96xf32>)
      -> tensor<?x96xf32>
  return %y : tensor<?x96xf32>
}

// -----

// Too few tiles of the down kernel for split-blocks blocks (264; here
// 1 x 1): its tiled kernel also cuts the depth (F) into slices, each a
// multiple of the depth step, at most one per 4 steps, as many as give
// about that many blocks (here at most 1000 / 64: 16 slices of 64, the last
// 40),
// one per block along z. Each block stores its partial sums; a reduction
// kernel adds the 16 slices of each element in order, and b2, each thread
// loading 32 slices before adding them (then the slices past the last
// whole group in groups of 16, 8, 4 and 2 and one at a time: here one group
// of 16). The kernel on
// the whole depth has no blocks. The gated kernel is not sliced (2 tiles
// for a depth of 64 here).
// CHECK-LABEL: func @tiled_depth_slices
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c1, %{{.*}} = %c16, %{{.*}} = %c1) {{.*}} dynamic_shared_memory_size
// CHECK:         %[[PARTIAL:.*]] = memref.alloc(%c16) : memref<?x1x33x64xf32>
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c0, %{{.*}} = %c1, %{{.*}} = %c1) {{.*}} dynamic_shared_memory_size
// CHECK:         gpu.launch blocks(%{{.*}}, %{{.*}}, %[[SLICE:.*]]) in (%{{.*}} = %c1, %{{.*}} = %c1, %{{.*}} = %c16) {{.*}} dynamic_shared_memory_size
// CHECK:           %[[BEGIN:.*]] = arith.muli %[[SLICE]], %c64
// CHECK-NEXT:      %[[NEXT:.*]] = arith.addi %[[BEGIN]], %c64
// CHECK-NEXT:      %[[END:.*]] = arith.minui %[[NEXT]], %c1000
// CHECK:           scf.for %{{.*}} = %[[BEGIN]] to %[[END]] step %c16
// CHECK:           memref.store %{{.*}}, %[[PARTIAL]][%[[SLICE]], %c0, %{{.*}}, %{{.*}}]
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c9, %{{.*}} = %c1, %{{.*}} = %c1) threads({{.*}}) in (%{{.*}} = %c256
// CHECK:           scf.for %{{.*}} = %c0 to %c0 step %c32
// CHECK:           scf.for %{{.*}} = %c0 to %c16 step %c16
// CHECK-COUNT-16:    memref.load %[[PARTIAL]]
// CHECK-NOT:         memref.load
// CHECK-COUNT-16:    arith.addf
// CHECK-NOT:         memref.load
// CHECK:             scf.yield
// CHECK:           scf.for %{{.*}} = %c16 to %c16 step %c1
// CHECK:             memref.load %[[PARTIAL]]
// NOSPLIT-LABEL: func @tiled_depth_slices
// NOSPLIT:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c1, %{{.*}} = %c1, %{{.*}} = %c16) {{.*}} dynamic_shared_memory_size
// With split-blocks = 2 the one tile of the down kernel is cut in 2 slices
// of 512.
// SPLIT2-LABEL: func @tiled_depth_slices
// SPLIT2:         memref.alloc(%c2) : memref<?x1x33x64xf32>
// SPLIT2:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c1, %{{.*}} = %c1, %{{.*}} = %c2) {{.*}} dynamic_shared_memory_size
// SPLIT2:           arith.muli %{{.*}}, %c512
// With split-blocks = 1: one slice, on the kernel with the epilogue; no
// partial sums, and the other kernels have no blocks.
// ONESLICE-LABEL: func @tiled_depth_slices
// ONESLICE:         memref.alloc(%c0) : memref<?x1x33x64xf32>
// ONESLICE:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c1, %{{.*}} = %c1, %{{.*}} = %c1) {{.*}} dynamic_shared_memory_size
// ONESLICE:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c0, %{{.*}} = %c1, %{{.*}} = %c1) {{.*}} dynamic_shared_memory_size
// ONESLICE:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c0, %{{.*}} = %c1, %{{.*}} = %c1)
func.func @tiled_depth_slices(%x: tensor<33x64xf32>, %w: tensor<64x1000xf32>,
                              %v: tensor<64x1000xf32>, %w2: tensor<1000x64xf32>,
                              %b2: tensor<64xf32>) -> tensor<33x64xf32> {
  %y = glu.ffn <relu> %x : tensor<33x64xf32>
      gate(%w : tensor<64x1000xf32>) value(%v : tensor<64x1000xf32>)
      down(%w2 : tensor<1000x64xf32>) down_bias(%b2 : tensor<64xf32>)
      -> tensor<33x64xf32>
  return %y : tensor<33x64xf32>
}

// -----

// T = 20 takes, in f32 (split-rows 32 by default), the 8-row split-depth
// kernel in 3 groups of 8 rows (the last with 4), which count as blocks for
// the depth slices (here one: D = 64). Blocks 3 c + g of a launch of 3 x 1
// (F = 96 is one column block): group g = x mod 3 owns rows 8 g to 8 g + 7,
// loads rows clamped to 19 and stores only those below 20. With
// split-rows=16, the tiled kernel.
// CHECK-LABEL: func @row_groups
// CHECK:         %[[PARTIAL:.*]] = memref.alloc(%c1) : memref<?x2x20x96xf32>
// CHECK:         gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %c3, %{{.*}} = %c1, %{{.*}} = %c1) threads({{.*}}) in (%{{.*}} = %c128
// CHECK:           %[[GROUP:.*]] = arith.remui %[[BX]], %c3
// CHECK:           %[[FIRST:.*]] = arith.muli %[[GROUP]], %c8
// CHECK:           %[[COLUMNS:.*]] = arith.divui %[[BX]], %c3
// CHECK:           arith.muli %[[COLUMNS]], %c128
// CHECK:           %[[ROW7:.*]] = arith.addi %[[FIRST]], %c7
// CHECK-NEXT:      arith.minui %[[ROW7]], %c19
// CHECK:           arith.cmpi ult, %[[ROW7]], %c20
// CHECK:           memref.store %{{.*}}, %[[PARTIAL]][%{{.*}}, %c0, %[[ROW7]], %{{.*}}]
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c8, %{{.*}} = %c1, %{{.*}} = %c1) threads({{.*}}) in (%{{.*}} = %c256
// CHECK-NOT:     gpu.launch
// ROWS16-LABEL: func @row_groups
// ROWS16-NOT:     threads({{.*}}) in (%{{.*}} = %c128
// ROWS16:         gpu.launch {{.*}} dynamic_shared_memory_size
func.func @row_groups(%x: tensor<20x64xf32>, %w: tensor<64x96xf32>,
                      %v: tensor<64x96xf32>) -> tensor<20x96xf32> {
  %y = glu.gated_proj <relu> %x : tensor<20x64xf32>
      gate(%w : tensor<64x96xf32>) value(%v : tensor<64x96xf32>)
      -> tensor<20x96xf32>
  return %y : tensor<20x96xf32>
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
