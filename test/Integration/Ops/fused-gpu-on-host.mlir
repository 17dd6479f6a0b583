// Executes convert-glu-to-gpu's kernels of glu.ffn and glu.gated_proj on
// the CPU, where no GPU is present: glu-opt --glu-test-gpu-launch-to-loops
// turns the launches of the split-depth kernels (T <= 32 in f32, 16 in f16
// and bf16; their threads do not communicate) into host loops over their
// blocks and threads, and those of the tiled kernels (barriers, shared
// memory and, in f16 and
// bf16, mma.sync) into a loop over their blocks, each an OpenMP parallel
// region of its threads. So the kernels' indexing, bounds, tiles, depth
// slices and reductions are checked for every activation and layout, with
// and without biases, GPT-OSS clamps, and every T of check_fused.py with
// dynamic T in f32 (in f16 and bf16: T <= 16, and T = 17 and 140 at small
// sizes, as each emulated mma.sync costs a barrier of 256 threads),
// against the float64 NumPy reference (check_fused.py --target host-gpu).
// With the default split-blocks the tiled down kernel of these small sizes
// runs on depth slices; with split-blocks=1 (T sweep, f32) on the whole
// depth. With split-rows=64 (T sweep, f32 and f16) T = 64 also takes the
// 8-row split-depth kernel in groups of 8 rows (T = 9 to 32 in f32 and 9
// to 16 in f16 do by default). With mma-stages=3 (f16)
// the tiled kernels keep 3 depth steps in shared memory instead of 4 (a
// buffer count that is not a power of 2). The emulated cp.async copies land
// in shared memory only at the wait that needs them. With split-mma (T
// sweep of f16 with split-rows=64; every case of bf16 gated_proj: every
// layout, misaligned weights) T = 5 to 8 take the mma.sync split-depth
// kernel of 8 rows, T = 9 to 16 that of 16 rows, and with split-rows=64 T
// = 17 to 64 that of 16 rows in groups (gate and value) and of 32 rows
// (the down projection), their mma.sync emulated as in the tiled ones.
// In f32 split-mma multiplies with 3xTF32 on mma.sync m16n8k8 (emulated
// likewise; --tokens keeps the T sweep to the kernels of 8 (T = 5), 16
// (T = 9) and 32 rows (T = 17), and, with split-rows=256, of 32 rows in 2
// and 5 groups for gate and value and 64 rows in 1 and 3 for the down
// projection (T = 64, 131), whose emulation compiles slowly). With f32-mma
// and split-rows=0 every f32 T takes the tiled kernels on mma.sync
// m16n8k8 (3xTF32; each step's tiles split in shared memory, x's fragments
// read with 32-bit ldmatrix), emulated as in f16, so at the sizes of the
// f16 cases (glu.gated_proj with 2 shared buffers per tile, mma-stages=2,
// glu.ffn with the default 4). With gated-split-blocks the gated tiled
// kernel runs on depth slices (D = 203: 4 of 64 in f32; D = 200: 2 of 128
// in f16, 4 of 64 with f32-mma), its activation in the reduction kernel:
// the f32 T sweep of glu.ffn, the cases of f16 glu.gated_proj (those at
// D = 200 on 2 slices; D = 40 is one), T = 17 of f32 glu.gated_proj with
// f32-mma. fused-gpu.mlir runs the same
// kernels on a GPU; split-mma-f32-special-values.mlir feeds them
// infinities, NaN and values near the largest f32.
//
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype f32
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype f32 --tokens-only --split-blocks 1
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype f32 --tokens-only --split-rows 64
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype f16 --tokens-only --split-rows 64
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype f16
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype bf16
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype f16 --mma-stages 3
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype f16 --tokens-only --split-mma --split-rows 64
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype f32 --tokens-only --split-mma --split-rows 256 --tokens 5,9,17,64,131
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op gated_proj --dtype f32
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype f32 --split-rows 0 --f32-mma
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op gated_proj --dtype f32 --split-rows 0 --f32-mma --mma-stages 2
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype f32 --tokens-only --gated-split-blocks 264
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op gated_proj --dtype f16 --gated-split-blocks 264
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op gated_proj --dtype f32 --split-rows 0 --f32-mma --gated-split-blocks 264 --tokens 17
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op gated_proj --dtype f16
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op gated_proj --dtype bf16
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op gated_proj --dtype bf16 --split-mma
