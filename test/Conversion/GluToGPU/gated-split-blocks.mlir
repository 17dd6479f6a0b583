// RUN: glu-opt %s --convert-glu-to-gpu='gated-split-blocks=264' --split-input-file | FileCheck %s
// RUN: glu-opt %s --convert-glu-to-gpu --split-input-file | FileCheck %s --check-prefix=DEFAULT
// RUN: glu-opt %s --convert-glu-to-gpu='gated-split-blocks=2' --split-input-file | FileCheck %s --check-prefix=ONESLICE
// RUN: glu-opt %s --convert-glu-to-gpu='gated-split-blocks=264 wgmma=true' --split-input-file | FileCheck %s --check-prefix=WGMMA

// gated-split-blocks: the gated tiled kernel, when its tiles are fewer than
// that (264; here 1 x 2 of 128 rows x 64 columns of each weight), cuts its
// depth (D = 256) into slices as the down kernel does for split-blocks: as
// many as give about that many blocks, at most one per 4 steps of 16
// (f32), so 4 slices of 64, one per block along z.
// Each block stores its f32 partial sums of G (weight 0) and V (weight 1)
// into a [slices, 2, T, F] buffer, and H only in the reduction kernel
// (one thread per element of H: 33 x 128 in 17 blocks of 256), which adds
// the slices of both in order and applies the activation (sigmoid) and the
// product. The kernel on the whole depth has no blocks. The down kernel
// follows as without the option (here on 2 slices of F = 128).
// CHECK-LABEL: func @ffn_sliced
// CHECK:         %[[H:.*]] = memref.alloc() : memref<33x128xf32>
// CHECK-NEXT:    %[[P:.*]] = memref.alloc(%c4) : memref<?x2x33x128xf32>
// CHECK-NEXT:    gpu.launch blocks({{.*}}) in (%{{.*}} = %c0, %{{.*}} = %c2, %{{.*}} = %c1) {{.*}} dynamic_shared_memory_size
// CHECK:           memref.store %{{.*}}, %[[H]][
// CHECK:         gpu.launch blocks(%{{.*}}, %{{.*}}, %[[SLICE:.*]]) in (%{{.*}} = %c1, %{{.*}} = %c2, %{{.*}} = %c4) {{.*}} dynamic_shared_memory_size
// CHECK:           %[[BEGIN:.*]] = arith.muli %[[SLICE]], %c64
// CHECK-NEXT:      %[[NEXT:.*]] = arith.addi %[[BEGIN]], %c64
// CHECK-NEXT:      %[[END:.*]] = arith.minui %[[NEXT]], %c256
// CHECK:           scf.for %{{.*}} = %[[BEGIN]] to %[[END]] step %c16
// CHECK-NOT:       memref.store %{{.*}}, %[[H]][
// CHECK:           memref.store %{{.*}}, %[[P]][%[[SLICE]], %c0, %[[ROW:.*]], %[[COL:.*]]]
// CHECK-NEXT:      memref.store %{{.*}}, %[[P]][%[[SLICE]], %c1, %[[ROW]], %[[COL]]]
// CHECK-NOT:       memref.store %{{.*}}, %[[H]][
// CHECK:           gpu.terminator
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c17, %{{.*}} = %c1, %{{.*}} = %c1) threads({{.*}}) in (%{{.*}} = %c256
// CHECK:           memref.load %[[P]][%{{.*}}, %c0, %[[R:.*]], %[[C:.*]]]
// CHECK-NEXT:      memref.load %[[P]][%{{.*}}, %c1, %[[R]], %[[C]]]
// CHECK:           math.exp
// CHECK:           %[[GATE:.*]] = arith.divf
// CHECK-NEXT:      %[[HV:.*]] = arith.mulf %[[GATE]], %{{.*}} : f32
// CHECK-NEXT:      memref.store %[[HV]], %[[H]][%[[R]], %[[C]]]
// CHECK:         memref.alloc(%c2) : memref<?x1x33x64xf32>
// Without gated-split-blocks the gated kernel is never sliced: no partial sums of
// two weights, H stored by the one gated kernel.
// DEFAULT-LABEL: func @ffn_sliced
// DEFAULT-NOT:     memref<?x2x33x128xf32>
// DEFAULT:         %[[H:.*]] = memref.alloc() : memref<33x128xf32>
// DEFAULT-NEXT:    gpu.launch blocks({{.*}}) in (%{{.*}} = %c1, %{{.*}} = %c2, %{{.*}} = %c1) {{.*}} dynamic_shared_memory_size
// DEFAULT:           memref.store %{{.*}}, %[[H]][
// DEFAULT-NOT:     memref<?x2x33x128xf32>
// With gated-split-blocks = 2 the gated kernel's 2 tiles are enough: one
// slice,
// on the kernel with the epilogue; the sliced kernel and the reduction
// have no blocks.
// ONESLICE-LABEL: func @ffn_sliced
// ONESLICE:         %[[H:.*]] = memref.alloc() : memref<33x128xf32>
// ONESLICE-NEXT:    memref.alloc(%c0) : memref<?x2x33x128xf32>
// ONESLICE-NEXT:    gpu.launch blocks({{.*}}) in (%{{.*}} = %c1, %{{.*}} = %c2, %{{.*}} = %c1) {{.*}} dynamic_shared_memory_size
// ONESLICE:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c0, %{{.*}} = %c2, %{{.*}} = %c1) {{.*}} dynamic_shared_memory_size
// ONESLICE:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c0, %{{.*}} = %c1, %{{.*}} = %c1) threads({{.*}}) in (%{{.*}} = %c256
func.func @ffn_sliced(%x: tensor<33x256xf32>, %w: tensor<256x128xf32>,
                      %v: tensor<256x128xf32>, %w2: tensor<128x64xf32>)
    -> tensor<33x64xf32> {
  %y = glu.ffn <sigmoid> %x : tensor<33x256xf32>
      gate(%w : tensor<256x128xf32>) value(%v : tensor<256x128xf32>)
      down(%w2 : tensor<128x64xf32>) -> tensor<33x64xf32>
  return %y : tensor<33x64xf32>
}

// -----

// glu.gated_proj in f16 (mma.sync tiles, 32 deep per step: at most one
// slice per 4 steps, so 2 slices of 128 for D = 256) with packed weights
// and biases: the partial sums are f32, and the reduction adds the gate's
// and the value's bias (columns c and F + c of the packed bias) before the
// activation, and stores the f16 result.
// CHECK-LABEL: func @gated_proj_sliced_f16
// CHECK:         %[[B:.*]] = bufferization.to_buffer %arg2 read_only
// CHECK:         %[[Y:.*]] = memref.alloc() {{.*}} : memref<40x96xf16>
// CHECK:         %[[P:.*]] = memref.alloc(%c2) : memref<?x2x40x96xf32>
// CHECK:         gpu.launch blocks(%{{.*}}, %{{.*}}, %[[SLICE:.*]]) in (%{{.*}} = %c1, %{{.*}} = %c2, %{{.*}} = %c2) {{.*}} dynamic_shared_memory_size
// CHECK:           nvgpu.device_async_copy
// CHECK:           nvvm.mma.sync
// CHECK:           memref.store %{{.*}}, %[[P]][%[[SLICE]], %c0,
// CHECK:           memref.store %{{.*}}, %[[P]][%[[SLICE]], %c1,
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c15, %{{.*}} = %c1, %{{.*}} = %c1) threads({{.*}}) in (%{{.*}} = %c256
// CHECK:           %[[ROW:.*]] = arith.divui %{{.*}}, %c96
// CHECK-NEXT:      %[[COL:.*]] = arith.remui %{{.*}}, %c96
// CHECK:           memref.load %[[P]][%{{.*}}, %c0, %[[ROW]], %[[COL]]]
// CHECK:           memref.load %[[B]][%[[COL]]]
// CHECK:           %[[VALUE_COL:.*]] = arith.addi %[[COL]], %c96
// CHECK-NEXT:      memref.load %[[B]][%[[VALUE_COL]]]
// CHECK:           arith.truncf %{{.*}} : f32 to f16
// CHECK-NEXT:      memref.store %{{.*}}, %[[Y]][%[[ROW]], %[[COL]]]
func.func @gated_proj_sliced_f16(%x: tensor<40x256xf16>,
                                 %wp: tensor<256x192xf16>,
                                 %bp: tensor<192xf16>) -> tensor<40x96xf16> {
  %h = glu.gated_proj <gelu> layout <gate_up> %x : tensor<40x256xf16>
      packed(%wp : tensor<256x192xf16>) packed_bias(%bp : tensor<192xf16>)
      -> tensor<40x96xf16>
  return %h : tensor<40x96xf16>
}

// -----

// With wgmma (bf16, 64 deep per step: at most one slice per 4 steps, so 2
// slices of 256 for D = 512; 2 column blocks of 64 per weight for F =
// 96), the sliced gated kernel stores the sums of the wgmma accumulators,
// G's (struct elements 0 to 31) and V's (32 to 63), as partial sums.
// WGMMA-LABEL: func @gated_proj_sliced_wgmma
// WGMMA:         %[[P:.*]] = memref.alloc(%c2) : memref<?x2x64x96xf32>
// WGMMA:         gpu.launch blocks(%{{.*}}, %{{.*}}, %[[SLICE:.*]]) in (%{{.*}} = %c1, %{{.*}} = %c2, %{{.*}} = %c2) {{.*}} dynamic_shared_memory_size
// WGMMA:           %[[BEGIN:.*]] = arith.muli %[[SLICE]], %c256
// WGMMA:           nvvm.wgmma.mma_async
// WGMMA:           %[[G:.*]] = llvm.extractvalue %{{.*}}[0]
// WGMMA:           %[[V:.*]] = llvm.extractvalue %{{.*}}[32]
// WGMMA:           memref.store %[[G]], %[[P]][%[[SLICE]], %c0, %[[ROW:.*]], %[[COL:.*]]]
// WGMMA-NEXT:      memref.store %[[V]], %[[P]][%[[SLICE]], %c1, %[[ROW]], %[[COL]]]
// WGMMA:         gpu.launch blocks({{.*}}) in (%{{.*}} = %c24, %{{.*}} = %c1, %{{.*}} = %c1) threads({{.*}}) in (%{{.*}} = %c256
// WGMMA:           memref.load %[[P]]
func.func @gated_proj_sliced_wgmma(%x: tensor<64x512xbf16>,
                                   %w: tensor<512x96xbf16>,
                                   %v: tensor<512x96xbf16>)
    -> tensor<64x96xbf16> {
  %h = glu.gated_proj <swish> %x : tensor<64x512xbf16>
      gate(%w : tensor<512x96xbf16>) value(%v : tensor<512x96xbf16>)
      -> tensor<64x96xbf16>
  return %h : tensor<64x96xbf16>
}
