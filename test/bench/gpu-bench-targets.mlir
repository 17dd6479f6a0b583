// bench/gpu_bench.py's table of the fastest glu variant of each shape and
// type, rendered for canned records (Inputs/render_targets.py): the
// fastest variant that ran (by its events time), and the target it meets
// by torch's events time over glu's (above 1: faster; at least 1 / 1.5:
// within 1.5x; else not within 1.5x; "-" without a torch time), whatever
// the wall times (here 1.25 and 2 times the events ones).
//
// RUN: %python %S/Inputs/render_targets.py %glu_src_root/bench | FileCheck %s

// CHECK:      Fastest glu variant of each shape and type
// CHECK:      | T | d | f | dtype | fastest glu options | glu events ms | events torch / glu | wall torch / glu | target |
// CHECK-NEXT: |---|---|---|---|---|---|---|---|---|
// CHECK-NEXT: | 1 | 64 | 96 | f16 | split-blocks=528 | 0.400 | 1.25 | 2.00 | faster |
// CHECK-NEXT: | 8 | 64 | 96 | f16 | (defaults) | 0.700 | 0.71 | 1.14 | within 1.5x |
// CHECK-NEXT: | 16 | 64 | 96 | f16 | split-blocks=528 | 0.800 | 0.62 | 1.00 | not within 1.5x |
// CHECK-NEXT: | 32 | 64 | 96 | f16 | (defaults) | 0.300 | - | - | - |
// CHECK-EMPTY:
