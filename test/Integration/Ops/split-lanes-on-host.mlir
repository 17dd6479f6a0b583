// Executes convert-glu-to-gpu's split-depth kernels with depth lanes
// (split-lanes) on the CPU, where no GPU is present: glu-opt
// --glu-test-gpu-launch-to-loops runs each block's 128 threads as OpenMP
// threads (the lanes' sums meet in the block's shared memory between
// barriers), against the float64 NumPy reference (check_fused.py --target
// host-gpu). At the cases' sizes (D = 203, F = 300, E = 70; F = 16500 at
// T = 3), 32 lanes leave every product on one depth slice (at least 64 x
// 32 rows each): the product kernels run the epilogue and the reductions
// have no blocks; 2 lanes (slices of at least 128 rows: 2 for the gated
// product, 3 for the down projection) store the blocks' sums as partial
// sums that the reduction adds; 8 lanes in f16 for every layout, with and
// without biases, GPT-OSS clamps and weights as aligned and misaligned
// views. With split-mma the kernels of more than 4 rows (mma.sync, no
// lanes) store partial sums even where the depth is one slice: the
// reduction runs for those T only. T is dynamic, so whether the depth is
// one slice (which depends on T's row groups) is decided in the kernels.
// fused-gpu.mlir runs the same kernels on a GPU.
//
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype f32 --tokens-only --split-lanes 32
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype f32 --tokens-only --split-lanes 2
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op gated_proj --dtype f16 --split-lanes 8
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype f16 --tokens-only --split-mma --split-lanes 32
