// Executes the fused CPU kernels of glu.ffn and glu.gated_proj
// (convert-glu-to-vector) for every activation and layout, with and without
// biases, GPT-OSS clamps, and T = 0, 1, 2, 4, 5, 7, 8, 9, 17, 64, 65, 131 with
// dynamic T and D, F, E that are multiples of no tile size, T = 40 with
// weights over 4 MiB and several of every tile, on 2 threads (and
// the T sweep on 1 thread, and with 18-row blocks; the T sweep in bf16 and
// f16), and with constant weights packed at compile time (every case of
// glu.gated_proj, which has every layout, and the T sweep of glu.ffn in f32
// and bf16, which adds the panels of W2), against the float64 NumPy
// reference; check_fused.py states the cases and tolerance.
//
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --op ffn --threads 2
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --op ffn --threads 1 --tokens-only
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --op ffn --threads 2 --tokens-only --row-tile 18
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --op gated_proj --threads 2
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --op gated_proj --threads 1 --tokens-only
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --op gated_proj --threads 2 --tokens-only --row-tile 18
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --op ffn --threads 2 --tokens-only --dtype bf16
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --op ffn --threads 2 --tokens-only --dtype f16
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --op gated_proj --threads 2 --tokens-only --dtype bf16
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --op gated_proj --threads 2 --tokens-only --dtype f16
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --op gated_proj --threads 2 --constant-weights
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --op ffn --threads 2 --tokens-only --constant-weights
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --op ffn --threads 2 --tokens-only --dtype bf16 --constant-weights
