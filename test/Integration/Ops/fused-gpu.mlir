// Executes the fused GPU kernels of glu.ffn and glu.gated_proj
// (convert-glu-to-gpu, through glu-run --target=nvvm and libglu_cuda_runtime)
// for every activation and layout, with and without biases, GPT-OSS clamps,
// and T = 0, 1, 2, 4, 5, 7, 8, 9, 17 (split-depth kernels, T = 9 and 17
// in groups of 8 rows; in f16 and bf16 T = 17 tiled), 64, 65, 131 (tiled
// kernels: FMA in f32, tensor cores in f16 and bf16) with dynamic T, in
// f32, f16 and bf16 (the tiled down kernel on depth slices, and, with
// split-blocks=1, on the whole depth; with split-rows=64, T = 64 on the
// 8-row split-depth kernel in groups of 8 rows; in f16, the T sweep
// also with 2 and 6 shared buffers per tile (mma-stages) and with the
// registers left to ptxas, min-blocks-per-sm=0, instead of the default 2;
// with split-mma, T = 5 to 64 on the mma.sync split-depth kernels of 8, 16
// and 32 rows, f16 and bf16, and in f32 with 3xTF32 of 8, 16, 32 and, for
// the down projection, 64 rows, with split-rows=256 every T up to 131 in
// groups; with f32-mma and split-rows=0, every T on the f32 tiled kernels
// in 3xTF32 on mma.sync; with gated-split-blocks, the T that take the
// tiled kernels, 64 to 131 in f32 and 17 to 131 in f16, on the gated
// kernel's depth slices; with split-lanes, the split-depth FMA kernels'
// blocks splitting their depth between lanes), against the float64 NumPy
// reference;
// check_fused.py states the cases and tolerances; each run checks 4 cases
// at once (--jobs 4). Only where a GPU and its driver are present.
//
// REQUIRES: cuda-driver
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op ffn --dtype f32 --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op ffn --dtype f32 --tokens-only --split-blocks 1 --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op ffn --dtype f32 --tokens-only --split-rows 64 --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op ffn --dtype f16 --tokens-only --split-rows 64 --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op ffn --dtype f16 --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op ffn --dtype bf16 --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op ffn --dtype f16 --tokens-only --mma-stages 2 --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op ffn --dtype f16 --tokens-only --mma-stages 6 --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op ffn --dtype f16 --tokens-only --min-blocks-per-sm 0 --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op ffn --dtype f16 --tokens-only --split-mma --split-rows 64 --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op gated_proj --dtype bf16 --split-mma --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op ffn --dtype f32 --tokens-only --split-mma --split-rows 256 --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op gated_proj --dtype f32 --split-mma --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op gated_proj --dtype f32 --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op ffn --dtype f32 --split-rows 0 --f32-mma --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op gated_proj --dtype f32 --split-rows 0 --f32-mma --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op ffn --dtype f32 --tokens-only --gated-split-blocks 264 --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op ffn --dtype f16 --tokens-only --gated-split-blocks 264 --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op gated_proj --dtype f16 --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op gated_proj --dtype bf16 --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op ffn --dtype f32 --tokens-only --split-lanes 32 --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op gated_proj --dtype f16 --split-lanes 8 --jobs 4
