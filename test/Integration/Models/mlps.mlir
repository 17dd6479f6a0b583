// Real-looking MLPs in the linalg-on-tensors style torch-mlir emits for
// HF modules (nn.Linear weights [out, in] transposed with linalg.transpose,
// zero-filled matmuls, one linalg.generic per elementwise op): raise + fuse
// turns each into one glu.ffn, and the fused module computes what the
// original computes (same seeded inputs, every dynamic size 6).
//
// RUN: glu-opt %s --pass-pipeline='builtin.module(glu-raise-activations,glu-fuse,canonicalize)' | FileCheck %s
// The named pipeline does the same.
// RUN: glu-opt %s --glu-raise-and-fuse | FileCheck %s
// RUN: rm -rf %t && mkdir -p %t
// RUN: glu-opt %s --pass-pipeline='builtin.module(glu-raise-activations,glu-fuse)' -o %t/fused.mlir
//
// RUN: %glu_run %s --entry=llama_mlp --seed=3 --dim=6 --scale=0.5 --output=%t/llama_a
// RUN: %glu_run %t/fused.mlir --entry=llama_mlp --seed=3 --dim=6 --scale=0.5 --output=%t/llama_b
// RUN: %python %glu_src_root/utils/compare_npy.py %t/llama_a0.npy %t/llama_b0.npy --tolerance 2e-6
// RUN: %glu_run %s --entry=gemma_mlp --seed=3 --dim=6 --scale=0.5 --output=%t/gemma_a
// RUN: %glu_run %t/fused.mlir --entry=gemma_mlp --seed=3 --dim=6 --scale=0.5 --output=%t/gemma_b
// RUN: %python %glu_src_root/utils/compare_npy.py %t/gemma_a0.npy %t/gemma_b0.npy --tolerance 2e-6
// RUN: %glu_run %s --entry=t5_mlp --seed=3 --dim=6 --scale=0.5 --output=%t/t5_a
// RUN: %glu_run %t/fused.mlir --entry=t5_mlp --seed=3 --dim=6 --scale=0.5 --output=%t/t5_b
// RUN: %python %glu_src_root/utils/compare_npy.py %t/t5_a0.npy %t/t5_b0.npy --tolerance 2e-6
// RUN: %glu_run %s --entry=packed_mlp --seed=3 --dim=6 --scale=0.5 --output=%t/packed_a
// RUN: %glu_run %t/fused.mlir --entry=packed_mlp --seed=3 --dim=6 --scale=0.5 --output=%t/packed_b
// RUN: %python %glu_src_root/utils/compare_npy.py %t/packed_a0.npy %t/packed_b0.npy --tolerance 2e-6
// RUN: %glu_run %s --entry=llama_mlp_3d --seed=3 --dim=6 --scale=0.5 --output=%t/llama3d_a
// RUN: %glu_run %t/fused.mlir --entry=llama_mlp_3d --seed=3 --dim=6 --scale=0.5 --output=%t/llama3d_b
// RUN: %python %glu_src_root/utils/compare_npy.py %t/llama3d_a0.npy %t/llama3d_b0.npy --tolerance 2e-6
// RUN: %glu_run %s --entry=gpt_oss_mlp --seed=3 --dim=6 --scale=0.5 --output=%t/gptoss_a
// RUN: %glu_run %t/fused.mlir --entry=gpt_oss_mlp --seed=3 --dim=6 --scale=0.5 --output=%t/gptoss_b
// RUN: %python %glu_src_root/utils/compare_npy.py %t/gptoss_a0.npy %t/gptoss_b0.npy --tolerance 2e-6

#id = affine_map<(d0, d1) -> (d0, d1)>

// HF LlamaMLP: down_proj(silu(gate_proj(x)) * up_proj(x)).
// CHECK-LABEL: func.func @llama_mlp
// CHECK-SAME: (%[[X:.*]]: tensor<?x64xf32>, %[[WG:.*]]: tensor<128x64xf32>, %[[WU:.*]]: tensor<128x64xf32>, %[[WD:.*]]: tensor<64x128xf32>)
// CHECK-DAG: %[[G:.*]] = linalg.transpose ins(%[[WG]]
// CHECK-DAG: %[[U:.*]] = linalg.transpose ins(%[[WU]]
// CHECK-DAG: %[[D:.*]] = linalg.transpose ins(%[[WD]]
// CHECK: glu.ffn <swish> %[[X]] : tensor<?x64xf32> gate(%[[G]] : tensor<64x128xf32>) value(%[[U]] : tensor<64x128xf32>) down(%[[D]] : tensor<128x64xf32>) -> tensor<?x64xf32>
// CHECK-NOT: linalg.matmul
// CHECK-NOT: linalg.generic
func.func @llama_mlp(%x: tensor<?x64xf32>, %gate_w: tensor<128x64xf32>, %up_w: tensor<128x64xf32>, %down_w: tensor<64x128xf32>) -> tensor<?x64xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.000000e+00 : f32
  %t = tensor.dim %x, %c0 : tensor<?x64xf32>
  %e0 = tensor.empty() : tensor<64x128xf32>
  %gate_wt = linalg.transpose ins(%gate_w : tensor<128x64xf32>) outs(%e0 : tensor<64x128xf32>) permutation = [1, 0]
  %e1 = tensor.empty(%t) : tensor<?x128xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<?x128xf32>) -> tensor<?x128xf32>
  %g = linalg.matmul ins(%x, %gate_wt : tensor<?x64xf32>, tensor<64x128xf32>) outs(%z1 : tensor<?x128xf32>) -> tensor<?x128xf32>
  %silu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%g : tensor<?x128xf32>) outs(%e1 : tensor<?x128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %one = arith.constant 1.000000e+00 : f32
    %n = arith.negf %in : f32
    %ex = math.exp %n : f32
    %d = arith.addf %ex, %one : f32
    %s = arith.divf %one, %d : f32
    %r = arith.mulf %in, %s : f32
    linalg.yield %r : f32
  } -> tensor<?x128xf32>
  %e2 = tensor.empty() : tensor<64x128xf32>
  %up_wt = linalg.transpose ins(%up_w : tensor<128x64xf32>) outs(%e2 : tensor<64x128xf32>) permutation = [1, 0]
  %u = linalg.matmul ins(%x, %up_wt : tensor<?x64xf32>, tensor<64x128xf32>) outs(%z1 : tensor<?x128xf32>) -> tensor<?x128xf32>
  %h = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%silu, %u : tensor<?x128xf32>, tensor<?x128xf32>) outs(%e1 : tensor<?x128xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %m = arith.mulf %a, %b : f32
    linalg.yield %m : f32
  } -> tensor<?x128xf32>
  %e3 = tensor.empty() : tensor<128x64xf32>
  %down_wt = linalg.transpose ins(%down_w : tensor<64x128xf32>) outs(%e3 : tensor<128x64xf32>) permutation = [1, 0]
  %e4 = tensor.empty(%t) : tensor<?x64xf32>
  %z4 = linalg.fill ins(%zero : f32) outs(%e4 : tensor<?x64xf32>) -> tensor<?x64xf32>
  %y = linalg.matmul ins(%h, %down_wt : tensor<?x128xf32>, tensor<128x64xf32>) outs(%z4 : tensor<?x64xf32>) -> tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}

// Gemma MLP: down_proj(gelu(gate_proj(x), approximate="tanh") * up_proj(x)),
// the tanh GELU with the exact sqrt(2/pi).
// CHECK-LABEL: func.func @gemma_mlp
// CHECK: glu.ffn <gelu_tanh>
// CHECK-NOT: linalg.generic
func.func @gemma_mlp(%x: tensor<?x64xf32>, %gate_w: tensor<128x64xf32>, %up_w: tensor<128x64xf32>, %down_w: tensor<64x128xf32>) -> tensor<?x64xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.000000e+00 : f32
  %t = tensor.dim %x, %c0 : tensor<?x64xf32>
  %e0 = tensor.empty() : tensor<64x128xf32>
  %gate_wt = linalg.transpose ins(%gate_w : tensor<128x64xf32>) outs(%e0 : tensor<64x128xf32>) permutation = [1, 0]
  %e1 = tensor.empty(%t) : tensor<?x128xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<?x128xf32>) -> tensor<?x128xf32>
  %g = linalg.matmul ins(%x, %gate_wt : tensor<?x64xf32>, tensor<64x128xf32>) outs(%z1 : tensor<?x128xf32>) -> tensor<?x128xf32>
  %gelu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%g : tensor<?x128xf32>) outs(%e1 : tensor<?x128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %half = arith.constant 5.000000e-01 : f32
    %one = arith.constant 1.000000e+00 : f32
    %k = arith.constant 0.797884583 : f32
    %a = arith.constant 4.471500e-02 : f32
    %three = arith.constant 3.000000e+00 : f32
    %cube = math.powf %in, %three : f32
    %ac = arith.mulf %cube, %a : f32
    %inner = arith.addf %in, %ac : f32
    %u0 = arith.mulf %inner, %k : f32
    %th = math.tanh %u0 : f32
    %s = arith.addf %th, %one : f32
    %hs = arith.mulf %s, %half : f32
    %r = arith.mulf %in, %hs : f32
    linalg.yield %r : f32
  } -> tensor<?x128xf32>
  %e2 = tensor.empty() : tensor<64x128xf32>
  %up_wt = linalg.transpose ins(%up_w : tensor<128x64xf32>) outs(%e2 : tensor<64x128xf32>) permutation = [1, 0]
  %u = linalg.matmul ins(%x, %up_wt : tensor<?x64xf32>, tensor<64x128xf32>) outs(%z1 : tensor<?x128xf32>) -> tensor<?x128xf32>
  %h = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%gelu, %u : tensor<?x128xf32>, tensor<?x128xf32>) outs(%e1 : tensor<?x128xf32>) {
  ^bb0(%p: f32, %q: f32, %out: f32):
    %m = arith.mulf %p, %q : f32
    linalg.yield %m : f32
  } -> tensor<?x128xf32>
  %e3 = tensor.empty() : tensor<128x64xf32>
  %down_wt = linalg.transpose ins(%down_w : tensor<64x128xf32>) outs(%e3 : tensor<128x64xf32>) permutation = [1, 0]
  %e4 = tensor.empty(%t) : tensor<?x64xf32>
  %z4 = linalg.fill ins(%zero : f32) outs(%e4 : tensor<?x64xf32>) -> tensor<?x64xf32>
  %y = linalg.matmul ins(%h, %down_wt : tensor<?x128xf32>, tensor<128x64xf32>) outs(%z4 : tensor<?x64xf32>) -> tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}

// T5 v1.1 DenseGatedActDense: wo(gelu(wi_0(x)) * wi_1(x)), erf GELU the way
// torch-mlir lowers aten.gelu.
// CHECK-LABEL: func.func @t5_mlp
// CHECK: glu.ffn <gelu>
// CHECK-NOT: linalg.generic
func.func @t5_mlp(%x: tensor<?x64xf32>, %wi0: tensor<128x64xf32>, %wi1: tensor<128x64xf32>, %wo: tensor<64x128xf32>) -> tensor<?x64xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.000000e+00 : f32
  %t = tensor.dim %x, %c0 : tensor<?x64xf32>
  %e0 = tensor.empty() : tensor<64x128xf32>
  %wi0t = linalg.transpose ins(%wi0 : tensor<128x64xf32>) outs(%e0 : tensor<64x128xf32>) permutation = [1, 0]
  %e1 = tensor.empty(%t) : tensor<?x128xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<?x128xf32>) -> tensor<?x128xf32>
  %g = linalg.matmul ins(%x, %wi0t : tensor<?x64xf32>, tensor<64x128xf32>) outs(%z1 : tensor<?x128xf32>) -> tensor<?x128xf32>
  %gelu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%g : tensor<?x128xf32>) outs(%e1 : tensor<?x128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %half = arith.constant 5.000000e-01 : f32
    %one = arith.constant 1.000000e+00 : f32
    %rsqrt2 = arith.constant 0.707106769 : f32
    %mean = arith.constant 0.000000e+00 : f32
    %xm = arith.subf %in, %mean : f32
    %sc = arith.mulf %xm, %rsqrt2 : f32
    %arg = arith.divf %sc, %one : f32
    %erf = math.erf %arg : f32
    %s = arith.addf %erf, %one : f32
    %cdf = arith.mulf %s, %half : f32
    %r = arith.mulf %in, %cdf : f32
    linalg.yield %r : f32
  } -> tensor<?x128xf32>
  %e2 = tensor.empty() : tensor<64x128xf32>
  %wi1t = linalg.transpose ins(%wi1 : tensor<128x64xf32>) outs(%e2 : tensor<64x128xf32>) permutation = [1, 0]
  %u = linalg.matmul ins(%x, %wi1t : tensor<?x64xf32>, tensor<64x128xf32>) outs(%z1 : tensor<?x128xf32>) -> tensor<?x128xf32>
  %h = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%gelu, %u : tensor<?x128xf32>, tensor<?x128xf32>) outs(%e1 : tensor<?x128xf32>) {
  ^bb0(%p: f32, %q: f32, %out: f32):
    %m = arith.mulf %p, %q : f32
    linalg.yield %m : f32
  } -> tensor<?x128xf32>
  %e3 = tensor.empty() : tensor<128x64xf32>
  %wot = linalg.transpose ins(%wo : tensor<64x128xf32>) outs(%e3 : tensor<128x64xf32>) permutation = [1, 0]
  %e4 = tensor.empty(%t) : tensor<?x64xf32>
  %z4 = linalg.fill ins(%zero : f32) outs(%e4 : tensor<?x64xf32>) -> tensor<?x64xf32>
  %y = linalg.matmul ins(%h, %wot : tensor<?x128xf32>, tensor<128x64xf32>) outs(%z4 : tensor<?x64xf32>) -> tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}

// A packed gate_up_proj (Phi-3 style): gate, up = gate_up_proj(x).chunk(2).
// CHECK-LABEL: func.func @packed_mlp
// CHECK: glu.ffn <swish> layout <gate_up>
// CHECK-NOT: tensor.extract_slice
func.func @packed_mlp(%x: tensor<?x64xf32>, %gate_up_w: tensor<256x64xf32>, %down_w: tensor<64x128xf32>) -> tensor<?x64xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.000000e+00 : f32
  %t = tensor.dim %x, %c0 : tensor<?x64xf32>
  %e0 = tensor.empty() : tensor<64x256xf32>
  %wt = linalg.transpose ins(%gate_up_w : tensor<256x64xf32>) outs(%e0 : tensor<64x256xf32>) permutation = [1, 0]
  %e1 = tensor.empty(%t) : tensor<?x256xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<?x256xf32>) -> tensor<?x256xf32>
  %gu = linalg.matmul ins(%x, %wt : tensor<?x64xf32>, tensor<64x256xf32>) outs(%z1 : tensor<?x256xf32>) -> tensor<?x256xf32>
  %g = tensor.extract_slice %gu[0, 0] [%t, 128] [1, 1] : tensor<?x256xf32> to tensor<?x128xf32>
  %u = tensor.extract_slice %gu[0, 128] [%t, 128] [1, 1] : tensor<?x256xf32> to tensor<?x128xf32>
  %e2 = tensor.empty(%t) : tensor<?x128xf32>
  %h = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%g, %u : tensor<?x128xf32>, tensor<?x128xf32>) outs(%e2 : tensor<?x128xf32>) {
  ^bb0(%in: f32, %up: f32, %out: f32):
    %one = arith.constant 1.000000e+00 : f32
    %n = arith.negf %in : f32
    %ex = math.exp %n : f32
    %d = arith.addf %ex, %one : f32
    %s = arith.divf %in, %d : f32
    %r = arith.mulf %s, %up : f32
    linalg.yield %r : f32
  } -> tensor<?x128xf32>
  %e3 = tensor.empty() : tensor<128x64xf32>
  %down_wt = linalg.transpose ins(%down_w : tensor<64x128xf32>) outs(%e3 : tensor<128x64xf32>) permutation = [1, 0]
  %e4 = tensor.empty(%t) : tensor<?x64xf32>
  %z4 = linalg.fill ins(%zero : f32) outs(%e4 : tensor<?x64xf32>) -> tensor<?x64xf32>
  %y = linalg.matmul ins(%h, %down_wt : tensor<?x128xf32>, tensor<128x64xf32>) outs(%z4 : tensor<?x64xf32>) -> tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}

#col = affine_map<(d0, d1) -> (d1)>

// GPT-OSS MLP (dense): mlp1 with bias on an interleaved [gate, up] weight,
// g = x[..., ::2], l = x[..., 1::2], g = min(g, 7), l = clamp(l, -7, 7),
// out = g * sigmoid(1.702 g) * (l + 1), then mlp2 with bias.
// CHECK-LABEL: func.func @gpt_oss_mlp
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<?x64xf32>, %[[W1:[a-z0-9]+]]: tensor<256x64xf32>, %[[B1:[a-z0-9]+]]: tensor<256xf32>, %[[W2:[a-z0-9]+]]: tensor<64x128xf32>, %[[B2:[a-z0-9]+]]: tensor<64xf32>)
// CHECK: glu.ffn <quick_gelu> clamp <gate_limit = 7.000000e+00, value_limit = 7.000000e+00, value_offset = 1.000000e+00> layout <interleaved> %[[X]] : tensor<?x64xf32> packed(%{{.*}} : tensor<64x256xf32>) packed_bias(%[[B1]] : tensor<256xf32>) down(%{{.*}} : tensor<128x64xf32>) down_bias(%[[B2]] : tensor<64xf32>) -> tensor<?x64xf32>
// CHECK-NOT: linalg.generic
func.func @gpt_oss_mlp(%x: tensor<?x64xf32>, %w1: tensor<256x64xf32>, %b1: tensor<256xf32>, %w2: tensor<64x128xf32>, %b2: tensor<64xf32>) -> tensor<?x64xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.000000e+00 : f32
  %t = tensor.dim %x, %c0 : tensor<?x64xf32>
  %e0 = tensor.empty() : tensor<64x256xf32>
  %w1t = linalg.transpose ins(%w1 : tensor<256x64xf32>) outs(%e0 : tensor<64x256xf32>) permutation = [1, 0]
  %e1 = tensor.empty(%t) : tensor<?x256xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<?x256xf32>) -> tensor<?x256xf32>
  %mm = linalg.matmul ins(%x, %w1t : tensor<?x64xf32>, tensor<64x256xf32>) outs(%z1 : tensor<?x256xf32>) -> tensor<?x256xf32>
  %gl = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%mm, %b1 : tensor<?x256xf32>, tensor<256xf32>) outs(%e1 : tensor<?x256xf32>) {
  ^bb0(%p: f32, %q: f32, %out: f32):
    %s = arith.addf %p, %q : f32
    linalg.yield %s : f32
  } -> tensor<?x256xf32>
  %g = tensor.extract_slice %gl[0, 0] [%t, 128] [1, 2] : tensor<?x256xf32> to tensor<?x128xf32>
  %l = tensor.extract_slice %gl[0, 1] [%t, 128] [1, 2] : tensor<?x256xf32> to tensor<?x128xf32>
  %e2 = tensor.empty(%t) : tensor<?x128xf32>
  %gc = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%g : tensor<?x128xf32>) outs(%e2 : tensor<?x128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %limit = arith.constant 7.000000e+00 : f32
    %r = arith.minimumf %in, %limit : f32
    linalg.yield %r : f32
  } -> tensor<?x128xf32>
  %lc = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%l : tensor<?x128xf32>) outs(%e2 : tensor<?x128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %limit = arith.constant 7.000000e+00 : f32
    %nlimit = arith.constant -7.000000e+00 : f32
    %one = arith.constant 1.000000e+00 : f32
    %lo = arith.maximumf %in, %nlimit : f32
    %hi = arith.minimumf %lo, %limit : f32
    %r = arith.addf %hi, %one : f32
    linalg.yield %r : f32
  } -> tensor<?x128xf32>
  %glu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%gc : tensor<?x128xf32>) outs(%e2 : tensor<?x128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %one = arith.constant 1.000000e+00 : f32
    %alpha = arith.constant 1.702000e+00 : f32
    %z = arith.mulf %in, %alpha : f32
    %n = arith.negf %z : f32
    %ex = math.exp %n : f32
    %d = arith.addf %one, %ex : f32
    %s = arith.divf %one, %d : f32
    %r = arith.mulf %in, %s : f32
    linalg.yield %r : f32
  } -> tensor<?x128xf32>
  %h = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%glu, %lc : tensor<?x128xf32>, tensor<?x128xf32>) outs(%e2 : tensor<?x128xf32>) {
  ^bb0(%p: f32, %q: f32, %out: f32):
    %m = arith.mulf %p, %q : f32
    linalg.yield %m : f32
  } -> tensor<?x128xf32>
  %e3 = tensor.empty() : tensor<128x64xf32>
  %w2t = linalg.transpose ins(%w2 : tensor<64x128xf32>) outs(%e3 : tensor<128x64xf32>) permutation = [1, 0]
  %e4 = tensor.empty(%t) : tensor<?x64xf32>
  %z4 = linalg.fill ins(%zero : f32) outs(%e4 : tensor<?x64xf32>) -> tensor<?x64xf32>
  %mm2 = linalg.matmul ins(%h, %w2t : tensor<?x128xf32>, tensor<128x64xf32>) outs(%z4 : tensor<?x64xf32>) -> tensor<?x64xf32>
  %y = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%mm2, %b2 : tensor<?x64xf32>, tensor<64xf32>) outs(%e4 : tensor<?x64xf32>) {
  ^bb0(%p: f32, %q: f32, %out: f32):
    %s = arith.addf %p, %q : f32
    linalg.yield %s : f32
  } -> tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}

// LlamaMLP on a [B, T, D] input, the way torch-mlir lowers nn.Linear there:
// the transposed weight broadcast along the batch and a batch_matmul.
// CHECK-LABEL: func.func @llama_mlp_3d
// CHECK: glu.ffn <swish> %{{.*}} : tensor<?x?x64xf32>
// CHECK-NOT: linalg.batch_matmul
func.func @llama_mlp_3d(%x: tensor<?x?x64xf32>, %gate_w: tensor<128x64xf32>, %up_w: tensor<128x64xf32>, %down_w: tensor<64x128xf32>) -> tensor<?x?x64xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.000000e+00 : f32
  %b = tensor.dim %x, %c0 : tensor<?x?x64xf32>
  %t = tensor.dim %x, %c1 : tensor<?x?x64xf32>
  %e0 = tensor.empty() : tensor<64x128xf32>
  %gate_wt = linalg.transpose ins(%gate_w : tensor<128x64xf32>) outs(%e0 : tensor<64x128xf32>) permutation = [1, 0]
  %up_wt = linalg.transpose ins(%up_w : tensor<128x64xf32>) outs(%e0 : tensor<64x128xf32>) permutation = [1, 0]
  %eb = tensor.empty(%b) : tensor<?x64x128xf32>
  %gate_wb = linalg.broadcast ins(%gate_wt : tensor<64x128xf32>) outs(%eb : tensor<?x64x128xf32>) dimensions = [0]
  %up_wb = linalg.broadcast ins(%up_wt : tensor<64x128xf32>) outs(%eb : tensor<?x64x128xf32>) dimensions = [0]
  %e1 = tensor.empty(%b, %t) : tensor<?x?x128xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<?x?x128xf32>) -> tensor<?x?x128xf32>
  %g = linalg.batch_matmul ins(%x, %gate_wb : tensor<?x?x64xf32>, tensor<?x64x128xf32>) outs(%z1 : tensor<?x?x128xf32>) -> tensor<?x?x128xf32>
  %u = linalg.batch_matmul ins(%x, %up_wb : tensor<?x?x64xf32>, tensor<?x64x128xf32>) outs(%z1 : tensor<?x?x128xf32>) -> tensor<?x?x128xf32>
  %h = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%g, %u : tensor<?x?x128xf32>, tensor<?x?x128xf32>) outs(%e1 : tensor<?x?x128xf32>) {
  ^bb0(%in: f32, %up: f32, %out: f32):
    %one = arith.constant 1.000000e+00 : f32
    %n = arith.negf %in : f32
    %ex = math.exp %n : f32
    %d = arith.addf %ex, %one : f32
    %s = arith.divf %one, %d : f32
    %a = arith.mulf %in, %s : f32
    %r = arith.mulf %a, %up : f32
    linalg.yield %r : f32
  } -> tensor<?x?x128xf32>
  %e3 = tensor.empty() : tensor<128x64xf32>
  %down_wt = linalg.transpose ins(%down_w : tensor<64x128xf32>) outs(%e3 : tensor<128x64xf32>) permutation = [1, 0]
  %eb2 = tensor.empty(%b) : tensor<?x128x64xf32>
  %down_wb = linalg.broadcast ins(%down_wt : tensor<128x64xf32>) outs(%eb2 : tensor<?x128x64xf32>) dimensions = [0]
  %e4 = tensor.empty(%b, %t) : tensor<?x?x64xf32>
  %z4 = linalg.fill ins(%zero : f32) outs(%e4 : tensor<?x?x64xf32>) -> tensor<?x?x64xf32>
  %y = linalg.batch_matmul ins(%h, %down_wb : tensor<?x?x128xf32>, tensor<?x128x64xf32>) outs(%z4 : tensor<?x?x64xf32>) -> tensor<?x?x64xf32>
  return %y : tensor<?x?x64xf32>
}
