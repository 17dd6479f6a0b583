// Executes convert-glu-to-gpu's split-depth kernels (T <= 8) of glu.ffn and
// glu.gated_proj on the CPU, where no GPU is present: glu-opt
// --glu-test-gpu-launch-to-loops turns each of their launches into host
// loops over its blocks and threads (their threads do not communicate), so
// the kernels' indexing, bounds, depth slices and reduction are checked for
// every activation and layout, with and without biases, GPT-OSS clamps, and
// T = 0, 1, 2, 4, 5, 7, 8 with dynamic T, in f32, f16 and bf16, against the
// float64 NumPy reference (check_fused.py --target host-gpu; a case that
// reached a tiled kernel would fail its assertion). fused-gpu.mlir runs the
// same kernels on a GPU.
//
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype f32
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype f16
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype bf16
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op gated_proj --dtype f32
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op gated_proj --dtype f16
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op gated_proj --dtype bf16
