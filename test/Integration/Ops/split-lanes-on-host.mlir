// Executes convert-glu-to-gpu's split-depth kernels with depth lanes
// (split-lanes) on the CPU, where no GPU is present: glu-opt
// --glu-test-gpu-launch-to-loops runs each block's 128 threads as OpenMP
// threads (the depth lanes' sums meet in the block's shared memory between
// barriers), against the float64 NumPy reference (check_fused.py --target
// host-gpu). At the cases' sizes (D = 203, F = 300, E = 70; D = 43, F =
// 16500 at T = 3), 32 lanes leave the products on one depth slice (at
// least 64 x 32 rows each; the product kernels run the epilogue and the
// reductions have no blocks) except the down projection at F = 16500 (9
// slices); 2 lanes (slices of at least 128 rows: 2 for the gated product,
// 3 for the down projection) store the blocks' sums as partial sums that
// the reduction adds, in f32 and, for every layout, with and without
// biases, GPT-OSS clamps and weights as aligned and misaligned views, in
// f16. With split-mma the kernels of more than 4 rows (mma.sync, without
// depth lanes, sliced as without split-lanes) store partial sums where
// the FMA kernels of 1 to 4 rows run the epilogue: the reduction runs for
// those T only. T is dynamic, so whether the depth is one slice (which
// depends on T's row groups) is decided in the kernels.
// fused-gpu.mlir runs such kernels on a GPU.
//
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype f32 --tokens-only --split-lanes 32
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype f32 --tokens-only --split-lanes 2
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op gated_proj --dtype f16 --split-lanes 2
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype f16 --tokens-only --split-mma --split-lanes 32
