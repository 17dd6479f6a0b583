// RUN: glu-opt %s --convert-glu-to-gpu='wgmma=true' --split-input-file | FileCheck %s
// RUN: glu-opt %s --convert-glu-to-gpu='wgmma=true mma-stages=2' --split-input-file | FileCheck %s --check-prefix=STAGES2
// RUN: glu-opt %s --convert-glu-to-gpu='wgmma=true wgmma-overlap=true mma-stages=3' --split-input-file | FileCheck %s --check-prefix=OVERLAP
// RUN: glu-opt %s --convert-glu-to-gpu='wgmma=true wgmma-columns=256' --split-input-file | FileCheck %s --check-prefix=WIDE
// RUN: not glu-opt %s --convert-glu-to-gpu='wgmma=true wgmma-columns=256 mma-stages=5' 2>&1 | FileCheck %s --check-prefix=WIDE-STAGES
// RUN: not glu-opt %s --convert-glu-to-gpu='wgmma-columns=256' 2>&1 | FileCheck %s --check-prefix=WIDE-STAGES-NO-WGMMA
// RUN: not glu-opt %s --convert-glu-to-gpu='wgmma=true wgmma-columns=192' 2>&1 | FileCheck %s --check-prefix=COLUMNS

// With wgmma, each 256-thread block of the f16 gated kernel (2 warpgroups)
// stages 64 depth elements per step in 4 buffers per tile: x's 128 x 64
// tile and each weight's 64 x 64 one, in blocks of 64 columns, 1024-byte
// aligned in the dynamic shared memory (the launch asks for 1008 bytes
// more, the most that aligning a 16-byte aligned address can skip). The
// cp.async copies go to their 16-byte chunk in the 128-byte swizzle (chunk
// XOR row % 8). Each depth step waits for its copies, orders them before
// the async proxy's reads (fence.proxy), synchronizes the block, issues
// the copies 3 steps ahead, then runs 4 m64n128k16 wgmma (64 rows of x by
// the gate's and value's 64 columns side by side, f32 accumulators in one
// struct carried by the loop) on descriptors: x's with LBO 16, SBO 1024,
// 128-byte swizzle (4611686293305360384 = 0x4000004000010000), the
// weights' with LBO 32768, the distance from the gate's tile to the value's
// (0x4000004008000000), each the shared address & (2^18 - 1), >> 4: x's
// stage at 16384 bytes a step, this warpgroup's rows 8192 bytes further
// for warpgroup 1, each weight's stage at 8192 bytes a step, and each
// 16-deep step 32 bytes further along x's rows and 2048 bytes (16 rows)
// down the weights' tiles; and waits for them. The epilogue reads the 32 sums of each weight out of the
// struct: element i of the gate's and element 32 + i of the value's.
// CHECK-LABEL: func @gated_f16
// CHECK-DAG:     %[[A_FIELDS:.*]] = arith.constant 4611686293305360384 : i64
// CHECK-DAG:     %[[B_FIELDS:.*]] = arith.constant 4611686293439512576 : i64
// CHECK:         gpu.launch {{.*}} threads({{.*}}) in (%{{.*}} = %c256, %{{.*}} = %c1, %{{.*}} = %c1) dynamic_shared_memory_size %c132080_i32 function(@gated_f16_gated_tiled) {
// CHECK:           %[[SHARED:.*]] = gpu.dynamic_shared_memory
// CHECK:           %[[ADDRESS:.*]] = memref.extract_aligned_pointer_as_index %[[SHARED]]
// CHECK:           %[[MISALIGNED:.*]] = arith.remui %[[ADDRESS]], %c1024
// CHECK:           %[[GAP:.*]] = arith.subi %c1024, %[[MISALIGNED]]
// CHECK:           %[[PAD:.*]] = arith.remui %[[GAP]], %c1024
// CHECK:           %[[XT:.*]] = memref.view %[[SHARED]][%[[PAD]]][] : {{.*}} to memref<4x1x128x64xf16, #gpu.address_space<workgroup>>
// CHECK:           memref.view %[[SHARED]][%{{.*}}][] : {{.*}} to memref<4x1x64x64xf16, #gpu.address_space<workgroup>>
// CHECK:           memref.view %[[SHARED]][%{{.*}}][] : {{.*}} to memref<4x1x64x64xf16, #gpu.address_space<workgroup>>
// CHECK:           %[[CHUNK:.*]] = arith.xori %{{.*}}, %{{.*}} : index
// CHECK:           %[[AT:.*]] = arith.muli %[[CHUNK]], %c8
// CHECK:           nvgpu.device_async_copy %{{.*}}, %[[XT]][%c0, %{{.*}}, %{{.*}}, %{{.*}}], 8 {bypassL1}
// CHECK:           scf.for %{{.*}} = %c0 to %c512 step %c64 iter_args(%[[ACC:.*]] = %{{.*}}) -> (!llvm.struct<(f32{{(, f32)+}})>) {
// CHECK:             nvgpu.device_async_wait %{{.*}} {numGroups = 2 : i32}
// CHECK-NEXT:        nvvm.fence.proxy {kind = #nvvm.proxy_kind<async.shared>, space = #nvvm.shared_space<cta>}
// CHECK-NEXT:        gpu.barrier
// CHECK:             nvgpu.device_async_copy
// CHECK:             %[[WARPGROUP:.*]] = arith.divui %{{.*}}, %c128 : index
// CHECK:             arith.muli %[[STAGE:.*]], %c16384 : index
// CHECK:             arith.muli %[[WARPGROUP]], %c8192 : index
// CHECK:             arith.muli %[[STAGE]], %c8192 : index
// CHECK:             nvvm.wgmma.fence.aligned
// CHECK:             %[[A0:.*]] = arith.andi %{{.*}}, %c262143 : index
// CHECK:             %[[A1:.*]] = arith.divui %[[A0]], %c16 : index
// CHECK:             %[[A2:.*]] = arith.index_cast %[[A1]] : index to i64
// CHECK:             %[[DESC_A:.*]] = arith.ori %[[A2]], %[[A_FIELDS]] : i64
// CHECK:             %[[DESC_B:.*]] = arith.ori %{{.*}}, %[[B_FIELDS]] : i64
// CHECK:             %[[D0:.*]] = nvvm.wgmma.mma_async %[[DESC_A]], %[[DESC_B]], %[[ACC]], <m = 64, n = 128, k = 16>, D[<f32>, <one>], A[<f16>, <one>, <row>], B[<f16>, <one>, <row>]
// CHECK:             arith.addi %[[A_BASE:.*]], %c32 : index
// CHECK:             arith.addi %[[B_BASE:.*]], %c2048 : index
// CHECK:             %[[D1:.*]] = nvvm.wgmma.mma_async %{{.*}}, %{{.*}}, %[[D0]], <m = 64, n = 128, k = 16>
// CHECK:             arith.addi %[[A_BASE]], %c64 : index
// CHECK:             arith.addi %[[B_BASE]], %c4096 : index
// CHECK:             %[[D2:.*]] = nvvm.wgmma.mma_async %{{.*}}, %{{.*}}, %[[D1]], <m = 64, n = 128, k = 16>
// CHECK:             arith.addi %[[A_BASE]], %c96 : index
// CHECK:             arith.addi %[[B_BASE]], %c6144 : index
// CHECK:             %[[D3:.*]] = nvvm.wgmma.mma_async %{{.*}}, %{{.*}}, %[[D2]], <m = 64, n = 128, k = 16>
// CHECK-NEXT:        nvvm.wgmma.commit.group.sync.aligned
// CHECK-NEXT:        nvvm.wgmma.wait.group.sync.aligned 0
// CHECK-NOT:         nvvm.wgmma.mma_async
// CHECK:             scf.yield %[[D3]]
// CHECK:           %[[G0:.*]] = llvm.extractvalue %[[SUMS:.*]][0]
// CHECK:           %[[V0:.*]] = llvm.extractvalue %[[SUMS]][32]
// CHECK:           arith.mulf %{{.*}}, %[[V0]]
// CHECK:           memref.store
// CHECK-NOT:       nvvm.mma.sync
// CHECK:           gpu.terminator
// STAGES2-LABEL: func @gated_f16
// STAGES2:         %[[B_FIELDS:.*]] = arith.constant 4611686293372403712 : i64
// STAGES2:         gpu.launch {{.*}} dynamic_shared_memory_size %c66544_i32 function(@gated_f16_gated_tiled) {
// STAGES2:           memref<2x1x128x64xf16, #gpu.address_space<workgroup>>
// STAGES2:           nvgpu.device_async_wait %{{.*}} {numGroups = 0 : i32}
// STAGES2:           arith.ori %{{.*}}, %[[B_FIELDS]] : i64
// With wgmma-columns=256 the block tile has 128 columns of each weight
// (grid 2 x 11 for F = 1376): x's tile as before, each weight's [4][2][64]
// [64] (16384 bytes a stage; 197616 bytes of shared memory with the
// alignment), and two m64n128k16 wgmma per 16 deep on the same x
// descriptor, one per weight, each on its own struct of 64 sums carried by
// the loop, the gate's tiles 65536 bytes after x's (4 x 16384), the
// value's 65536 after those; the weights' descriptors have LBO 8192 (from
// one 64-column block of the weight to the next: 0x4000004002000000),
// then 2048 bytes further per 16 deep. The epilogue reads
// the gate's sum i from the first struct, the value's from the second.
// WIDE-LABEL: func @gated_f16
// WIDE-DAG:     %[[A_FIELDS:.*]] = arith.constant 4611686293305360384 : i64
// WIDE-DAG:     %[[B_FIELDS:.*]] = arith.constant 4611686293338849280 : i64
// WIDE:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c2, %{{.*}} = %c11, %{{.*}} = %c1) threads({{.*}}) in (%{{.*}} = %c256, %{{.*}} = %c1, %{{.*}} = %c1) dynamic_shared_memory_size %c197616_i32 function(@gated_f16_gated_tiled) {
// WIDE:           memref.view {{.*}} to memref<4x1x128x64xf16, #gpu.address_space<workgroup>>
// WIDE:           memref.view {{.*}} to memref<4x2x64x64xf16, #gpu.address_space<workgroup>>
// WIDE:           memref.view {{.*}} to memref<4x2x64x64xf16, #gpu.address_space<workgroup>>
// WIDE:           %[[SUMS:.*]]:2 = scf.for %{{.*}} = %c0 to %c512 step %c64 iter_args(%[[GATE:.*]] = %{{.*}}, %[[VALUE:.*]] = %{{.*}}) -> (!llvm.struct<(f32{{(, f32)+}})>, !llvm.struct<(f32{{(, f32)+}})>) {
// WIDE:             arith.muli %[[W_STAGE:.*]], %c16384 : index
// WIDE:             arith.muli %[[W_STAGE]], %c16384 : index
// WIDE-NEXT:        %[[STAGE:.*]] = arith.addi %{{.*}}, %{{.*}} : index
// WIDE-NEXT:        %[[GATE_B:.*]] = arith.addi %[[STAGE]], %c65536 : index
// WIDE-NEXT:        %[[VALUE_B:.*]] = arith.addi %[[STAGE]], %c131072 : index
// WIDE:             %[[DESC_A:.*]] = arith.ori %{{.*}}, %[[A_FIELDS]] : i64
// WIDE:             %[[DESC_G:.*]] = arith.ori %{{.*}}, %[[B_FIELDS]] : i64
// WIDE-NEXT:        %[[G0:.*]] = nvvm.wgmma.mma_async %[[DESC_A]], %[[DESC_G]], %[[GATE]], <m = 64, n = 128, k = 16>
// WIDE:             %[[DESC_V:.*]] = arith.ori %{{.*}}, %[[B_FIELDS]] : i64
// WIDE-NEXT:        %[[V0:.*]] = nvvm.wgmma.mma_async %[[DESC_A]], %[[DESC_V]], %[[VALUE]], <m = 64, n = 128, k = 16>
// WIDE:             arith.addi %[[GATE_B]], %c2048 : index
// WIDE:             %[[G1:.*]] = nvvm.wgmma.mma_async %{{.*}}, %{{.*}}, %[[G0]],
// WIDE:             arith.addi %[[VALUE_B]], %c2048 : index
// WIDE:             %[[V1:.*]] = nvvm.wgmma.mma_async %{{.*}}, %{{.*}}, %[[V0]],
// WIDE:             %[[G2:.*]] = nvvm.wgmma.mma_async %{{.*}}, %{{.*}}, %[[G1]],
// WIDE:             %[[V2:.*]] = nvvm.wgmma.mma_async %{{.*}}, %{{.*}}, %[[V1]],
// WIDE:             %[[G3:.*]] = nvvm.wgmma.mma_async %{{.*}}, %{{.*}}, %[[G2]],
// WIDE:             %[[V3:.*]] = nvvm.wgmma.mma_async %{{.*}}, %{{.*}}, %[[V2]],
// WIDE-NEXT:        nvvm.wgmma.commit.group.sync.aligned
// WIDE-NEXT:        nvvm.wgmma.wait.group.sync.aligned 0
// WIDE-NEXT:        scf.yield %[[G3]], %[[V3]]
// WIDE:           %[[G:.*]] = llvm.extractvalue %[[SUMS]]#0[0]
// WIDE:           %[[V:.*]] = llvm.extractvalue %[[SUMS]]#1[0]
// WIDE:           arith.mulf %{{.*}}, %[[V]]
// WIDE-STAGES: error: convert-glu-to-gpu: wgmma-columns=256 needs wgmma and mma-stages <= 4 (48 KiB of shared memory per stage), got wgmma=true mma-stages=5
// WIDE-STAGES-NO-WGMMA: error: convert-glu-to-gpu: wgmma-columns=256 needs wgmma and mma-stages <= 4 (48 KiB of shared memory per stage), got wgmma=false mma-stages=4
// COLUMNS: error: convert-glu-to-gpu: wgmma-columns must be 128 or 256, got 192
// With wgmma-overlap and 3 buffers, the copies go one step ahead (the
// prologue issues step 0; each iteration waits until none is pending
// and issues the step after it into the buffer of the step before last);
// each step's wgmma waits for all groups but its own, the loop's end for
// all. The value's tile is 3 x 8192 bytes after the gate's.
// OVERLAP-LABEL: func @gated_f16
// OVERLAP:         %[[B_FIELDS:.*]] = arith.constant 4611686293405958144 : i64
// OVERLAP:         gpu.launch {{.*}} dynamic_shared_memory_size %c99312_i32 function(@gated_f16_gated_tiled) {
// OVERLAP:           nvgpu.device_async_create_group
// OVERLAP-NOT:       nvgpu.device_async_create_group
// OVERLAP:           scf.for
// OVERLAP:             nvgpu.device_async_wait %{{.*}} {numGroups = 0 : i32}
// OVERLAP:             nvgpu.device_async_create_group
// OVERLAP:             arith.ori %{{.*}}, %[[B_FIELDS]] : i64
// OVERLAP:             nvvm.wgmma.commit.group.sync.aligned
// OVERLAP-NEXT:        nvvm.wgmma.wait.group.sync.aligned 1
// OVERLAP:           }
// OVERLAP-NEXT:      nvvm.wgmma.wait.group.sync.aligned 0
// OVERLAP-NEXT:      llvm.extractvalue %{{.*}}[0]
func.func @gated_f16(%x: tensor<256x512xf16>, %w: tensor<512x1376xf16>, %v: tensor<512x1376xf16>) -> tensor<256x1376xf16> {
  %y = glu.gated_proj <swish> %x : tensor<256x512xf16> gate(%w : tensor<512x1376xf16>) value(%v : tensor<512x1376xf16>) -> tensor<256x1376xf16>
  return %y : tensor<256x1376xf16>
}

// -----

// The down kernel of bf16 W2 (one weight): 128 columns of W2 per block as
// two 64-column blocks of its tile ([4][2][64][64]), 8192 bytes apart (LBO
// 8192: 0x4000004002000000), and all 64 sums of the struct to the
// epilogue. Its form on depth slices is the same product.
// CHECK-LABEL: func @ffn_bf16
// CHECK:         gpu.launch {{.*}} dynamic_shared_memory_size %c132080_i32 function(@ffn_bf16_gated_tiled) {
// CHECK:           nvvm.wgmma.mma_async {{.*}} A[<bf16>, <one>, <row>], B[<bf16>, <one>, <row>]
// CHECK:         gpu.launch {{.*}} dynamic_shared_memory_size %c132080_i32 function(@ffn_bf16_down_tiled) {
// CHECK:           memref.view {{.*}} to memref<4x2x64x64xbf16, #gpu.address_space<workgroup>>
// CHECK:           arith.ori %{{.*}}, %c4611686293338849280_i64 : i64
// CHECK:           nvvm.wgmma.mma_async {{.*}} <m = 64, n = 128, k = 16>, D[<f32>, <one>], A[<bf16>, <one>, <row>], B[<bf16>, <one>, <row>]
// CHECK:           llvm.extractvalue %{{.*}}[63]
// CHECK:         gpu.launch {{.*}} dynamic_shared_memory_size %c132080_i32 function(@ffn_bf16_down_tiled_sliced) {
// CHECK:           nvvm.wgmma.mma_async
// With wgmma-columns=256, W2's tile is [4][4][64][64] (32768 bytes a
// stage, after x's 4 x 16384) and each 16 deep has two wgmma: on its
// 64-column blocks 0-1 and 2-3 (16384 bytes further), LBO 8192 each; all
// 128 sums of the two structs go to the epilogue.
// WIDE-LABEL: func @ffn_bf16
// WIDE:         gpu.launch {{.*}} dynamic_shared_memory_size %c197616_i32 function(@ffn_bf16_gated_tiled) {
// WIDE:         gpu.launch {{.*}} dynamic_shared_memory_size %c197616_i32 function(@ffn_bf16_down_tiled) {
// WIDE:           memref.view {{.*}} to memref<4x4x64x64xbf16, #gpu.address_space<workgroup>>
// WIDE:           %[[SUMS:.*]]:2 = scf.for
// WIDE:             arith.muli %{{.*}}, %c32768 : index
// WIDE-NEXT:        %[[STAGE:.*]] = arith.addi %{{.*}}, %{{.*}} : index
// WIDE-NEXT:        %[[B0:.*]] = arith.addi %[[STAGE]], %c65536 : index
// WIDE-NEXT:        %[[B1:.*]] = arith.addi %[[STAGE]], %c81920 : index
// WIDE:             arith.ori %{{.*}}, %c4611686293338849280_i64 : i64
// WIDE-NEXT:        nvvm.wgmma.mma_async
// WIDE:             arith.ori %{{.*}}, %c4611686293338849280_i64 : i64
// WIDE-NEXT:        nvvm.wgmma.mma_async
// WIDE:             arith.addi %[[B0]], %c2048 : index
// WIDE:             nvvm.wgmma.mma_async
// WIDE:             arith.addi %[[B1]], %c2048 : index
// WIDE:             nvvm.wgmma.mma_async
// WIDE:           llvm.extractvalue %[[SUMS]]#0[63]
// WIDE:           llvm.extractvalue %[[SUMS]]#1[63]
func.func @ffn_bf16(%x: tensor<256x512xbf16>, %w: tensor<512x1376xbf16>, %v: tensor<512x1376xbf16>, %w2: tensor<1376x512xbf16>) -> tensor<256x512xbf16> {
  %y = glu.ffn <gelu> %x : tensor<256x512xbf16> gate(%w : tensor<512x1376xbf16>) value(%v : tensor<512x1376xbf16>) down(%w2 : tensor<1376x512xbf16>) -> tensor<256x512xbf16>
  return %y : tensor<256x512xbf16>
}

// -----

// wgmma is for f16 and bf16: f32 keeps its FMA kernels, and few rows
// (T <= split-rows) the split-depth kernels.
// CHECK-LABEL: func @not_f32
// CHECK-NOT:     nvvm.wgmma
// CHECK:         math.fma
// CHECK-NOT:     nvvm.wgmma
// CHECK:         return
func.func @not_f32(%x: tensor<256x64xf32>, %w: tensor<64x96xf32>, %v: tensor<64x96xf32>) -> tensor<256x96xf32> {
  %y = glu.gated_proj <swish> %x : tensor<256x64xf32> gate(%w : tensor<64x96xf32>) value(%v : tensor<64x96xf32>) -> tensor<256x96xf32>
  return %y : tensor<256x96xf32>
}

// -----

// CHECK-LABEL: func @few_rows
// CHECK-NOT:     nvvm.wgmma
// CHECK:         return
func.func @few_rows(%x: tensor<8x64xf16>, %w: tensor<64x96xf16>, %v: tensor<64x96xf16>) -> tensor<8x96xf16> {
  %y = glu.gated_proj <swish> %x : tensor<8x64xf16> gate(%w : tensor<64x96xf16>) value(%v : tensor<64x96xf16>) -> tensor<8x96xf16>
  return %y : tensor<8x96xf16>
}
