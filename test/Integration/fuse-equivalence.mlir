// The fused module computes what the original computes: each function runs
// before and after glu-fuse on the same seeded inputs (every dynamic size 5)
// and the results agree to f32 accumulation accuracy.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: glu-opt %s -glu-fuse | FileCheck %s --check-prefix=FUSED
//
// RUN: %glu_run %s --entry=separate_biased --seed=7 --dim=5 --output=%t/a
// RUN: glu-opt %s -glu-fuse | %glu_run - --entry=separate_biased --seed=7 --dim=5 --output=%t/b
// RUN: %python %glu_src_root/utils/compare_npy.py %t/a0.npy %t/b0.npy --tolerance 1e-6
//
// RUN: %glu_run %s --entry=packed_up_gate --seed=7 --dim=5 --output=%t/a
// RUN: glu-opt %s -glu-fuse | %glu_run - --entry=packed_up_gate --seed=7 --dim=5 --output=%t/b
// RUN: %python %glu_src_root/utils/compare_npy.py %t/a0.npy %t/b0.npy --tolerance 1e-6
//
// RUN: %glu_run %s --entry=interleaved_ffn --seed=7 --dim=5 --output=%t/a
// RUN: glu-opt %s -glu-fuse | %glu_run - --entry=interleaved_ffn --seed=7 --dim=5 --output=%t/b
// RUN: %python %glu_src_root/utils/compare_npy.py %t/a0.npy %t/b0.npy --tolerance 1e-6

// RUN: %glu_run %s --entry=interleaved_blocks --seed=7 --dim=5 --output=%t/a
// RUN: glu-opt %s -glu-fuse | %glu_run - --entry=interleaved_blocks --seed=7 --dim=5 --output=%t/b
// RUN: %python %glu_src_root/utils/compare_npy.py %t/a0.npy %t/b0.npy --tolerance 1e-6

// FUSED-LABEL: func.func @separate_biased
// FUSED: glu.gated_proj <gelu>
// FUSED-LABEL: func.func @packed_up_gate
// FUSED: glu.gated_proj <sigmoid> layout <up_gate>
// FUSED-LABEL: func.func @interleaved_ffn
// FUSED: glu.ffn <swish> layout <interleaved>
// FUSED-NOT: linalg.matmul
// FUSED-LABEL: func.func @interleaved_blocks
// FUSED: glu.gated_proj <relu_squared> layout <interleaved, granularity = 4>

#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>

func.func @separate_biased(%x: tensor<?x16xf32>, %w: tensor<16x32xf32>, %v: tensor<16x32xf32>, %b: tensor<32xf32>, %c: tensor<32xf32>) -> tensor<?x32xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %m = tensor.dim %x, %c0 : tensor<?x16xf32>
  %e = tensor.empty(%m) : tensor<?x32xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<?x32xf32>) -> tensor<?x32xf32>
  %g = linalg.matmul ins(%x, %w : tensor<?x16xf32>, tensor<16x32xf32>) outs(%z : tensor<?x32xf32>) -> tensor<?x32xf32>
  %gb = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%g, %b : tensor<?x32xf32>, tensor<32xf32>) outs(%e : tensor<?x32xf32>) {
  ^bb0(%p: f32, %q: f32, %o: f32):
    %s = arith.addf %p, %q : f32
    linalg.yield %s : f32
  } -> tensor<?x32xf32>
  %u = linalg.matmul ins(%x, %v : tensor<?x16xf32>, tensor<16x32xf32>) outs(%z : tensor<?x32xf32>) -> tensor<?x32xf32>
  %uc = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%u, %c : tensor<?x32xf32>, tensor<32xf32>) outs(%e : tensor<?x32xf32>) {
  ^bb0(%p: f32, %q: f32, %o: f32):
    %s = arith.addf %p, %q : f32
    linalg.yield %s : f32
  } -> tensor<?x32xf32>
  %a = glu.activation <gelu> %gb : tensor<?x32xf32>
  %h = arith.mulf %a, %uc : tensor<?x32xf32>
  return %h : tensor<?x32xf32>
}

func.func @packed_up_gate(%x: tensor<?x16xf32>, %p: tensor<16x64xf32>) -> tensor<?x32xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %m = tensor.dim %x, %c0 : tensor<?x16xf32>
  %e = tensor.empty(%m) : tensor<?x64xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<?x64xf32>) -> tensor<?x64xf32>
  %gu = linalg.matmul ins(%x, %p : tensor<?x16xf32>, tensor<16x64xf32>) outs(%z : tensor<?x64xf32>) -> tensor<?x64xf32>
  %u = tensor.extract_slice %gu[0, 0] [%m, 32] [1, 1] : tensor<?x64xf32> to tensor<?x32xf32>
  %g = tensor.extract_slice %gu[0, 32] [%m, 32] [1, 1] : tensor<?x64xf32> to tensor<?x32xf32>
  %a = glu.activation <sigmoid> %g : tensor<?x32xf32>
  %h = arith.mulf %u, %a : tensor<?x32xf32>
  return %h : tensor<?x32xf32>
}

func.func @interleaved_ffn(%x: tensor<?x16xf32>, %p: tensor<16x64xf32>, %pb: tensor<64xf32>, %w2: tensor<32x16xf32>, %b2: tensor<16xf32>) -> tensor<?x16xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %m = tensor.dim %x, %c0 : tensor<?x16xf32>
  %e = tensor.empty(%m) : tensor<?x64xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<?x64xf32>) -> tensor<?x64xf32>
  %gu = linalg.matmul ins(%x, %p : tensor<?x16xf32>, tensor<16x64xf32>) outs(%z : tensor<?x64xf32>) -> tensor<?x64xf32>
  %gub = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%gu, %pb : tensor<?x64xf32>, tensor<64xf32>) outs(%e : tensor<?x64xf32>) {
  ^bb0(%p0: f32, %q: f32, %o: f32):
    %s = arith.addf %p0, %q : f32
    linalg.yield %s : f32
  } -> tensor<?x64xf32>
  %g = tensor.extract_slice %gub[0, 0] [%m, 32] [1, 2] : tensor<?x64xf32> to tensor<?x32xf32>
  %u = tensor.extract_slice %gub[0, 1] [%m, 32] [1, 2] : tensor<?x64xf32> to tensor<?x32xf32>
  %a = glu.activation <swish> %g : tensor<?x32xf32>
  %h = arith.mulf %a, %u : tensor<?x32xf32>
  %e2 = tensor.empty(%m) : tensor<?x16xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<?x16xf32>) -> tensor<?x16xf32>
  %d = linalg.matmul ins(%h, %w2 : tensor<?x32xf32>, tensor<32x16xf32>) outs(%z2 : tensor<?x16xf32>) -> tensor<?x16xf32>
  %y = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%d, %b2 : tensor<?x16xf32>, tensor<16xf32>) outs(%e2 : tensor<?x16xf32>) {
  ^bb0(%p1: f32, %q: f32, %o: f32):
    %s = arith.addf %p1, %q : f32
    linalg.yield %s : f32
  } -> tensor<?x16xf32>
  return %y : tensor<?x16xf32>
}

func.func @interleaved_blocks(%x: tensor<?x16xf32>, %p: tensor<16x64xf32>) -> tensor<?x32xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %m = tensor.dim %x, %c0 : tensor<?x16xf32>
  %e = tensor.empty(%m) : tensor<?x64xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<?x64xf32>) -> tensor<?x64xf32>
  %gu = linalg.matmul ins(%x, %p : tensor<?x16xf32>, tensor<16x64xf32>) outs(%z : tensor<?x64xf32>) -> tensor<?x64xf32>
  %blocks = tensor.expand_shape %gu [[0], [1, 2, 3]] output_shape [%m, 8, 2, 4] : tensor<?x64xf32> into tensor<?x8x2x4xf32>
  %gs = tensor.extract_slice %blocks[0, 0, 0, 0] [%m, 8, 1, 4] [1, 1, 1, 1] : tensor<?x8x2x4xf32> to tensor<?x8x4xf32>
  %us = tensor.extract_slice %blocks[0, 0, 1, 0] [%m, 8, 1, 4] [1, 1, 1, 1] : tensor<?x8x2x4xf32> to tensor<?x8x4xf32>
  %g = tensor.collapse_shape %gs [[0], [1, 2]] : tensor<?x8x4xf32> into tensor<?x32xf32>
  %u = tensor.collapse_shape %us [[0], [1, 2]] : tensor<?x8x4xf32> into tensor<?x32xf32>
  %a = glu.activation <relu_squared> %g : tensor<?x32xf32>
  %h = arith.mulf %a, %u : tensor<?x32xf32>
  return %h : tensor<?x32xf32>
}
