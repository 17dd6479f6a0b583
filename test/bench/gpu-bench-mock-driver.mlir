// bench/gpu_bench.py, run here on the stand-in CUDA driver
// (test/lib/MockCudaDriver), whose kernels do not run: what is checked is the
// harness that a GPU session relies on. Each --glu-options variant (an empty
// one: the pipeline's defaults; options separated by a comma, as gpu-check.sh
// --bench-args splits at spaces) is compiled and timed on the same module and
// inputs and gets its own row, except a variant that lowers to the same kernels
// as an earlier one (split-blocks=528: depths of 64 and 96 are too short to be
// cut into more slices than with the default 264): its row names that one and
// it is not timed; a peer that cannot run (Debian's PyTorch has no CUDA) is
// reported as failed, not dropped. glu's events time is glu-run --gpu-time's,
// which the stand-in driver counts in kernels, 0.125 ms each (T = 1: 4 with the
// split-depth kernels, 3 with the tiled ones, the down projection's on depth
// slices). With a peer (the stand-in Inputs/fake_torch_python.py, 0.5 ms by
// CUDA events and 0.75 ms by the host clock) each row has both torch times, the
// ratios torch / glu of the events and of the wall times, and the difference of
// the results; the device is the peer's. With several variants, a second table
// gives the fastest of each shape and type by events and where it stands
// against the targets by the events times (gpu-bench-targets.mlir checks
// which); without a peer, "-". A third table gives each timed variant's kernel
// launches in order (glu-run --gpu-kernel-times), named after their product and
// kind, with their grids and times (one launch each here: 0.125 ms;
// split-blocks=528,split-rows=0 cuts the tiled down kernel into 2 depth
// slices). The tables are written after each shape and type; with
// --deadline-seconds a variant that would start past the deadline, counted from
// the first variant's start, is not run and its row says so (the DEADLINE
// lines: the first variant runs, the others start after its compilation, more
// than 0.01 s later).
//
// RUN: rm -rf %t
// RUN: env LD_LIBRARY_PATH=%mock_cuda_driver_dir %python %glu_src_root/bench/gpu_bench.py --glu-run %glu_run --torch-python %python --repeat 2 --shapes 1x64x96 --dtypes f32 --glu-options= --glu-options=split-blocks=528 --glu-options=split-blocks=528,split-rows=0 --out-dir %t > %t.log
// RUN: FileCheck %s < %t/gpu-results.md
// RUN: printf '#!/bin/sh\nexec %python %S/Inputs/fake_torch_python.py "$@"\n' > %t.torch && chmod +x %t.torch
// RUN: env LD_LIBRARY_PATH=%mock_cuda_driver_dir %python %glu_src_root/bench/gpu_bench.py --glu-run %glu_run --torch-python %t.torch --repeat 2 --shapes 1x64x96 --dtypes f32 --glu-options= --glu-options=split-rows=0 --out-dir %t/peer > %t.log
// RUN: FileCheck %s --check-prefix=PEER < %t/peer/gpu-results.md
// RUN: env LD_LIBRARY_PATH=%mock_cuda_driver_dir %python %glu_src_root/bench/gpu_bench.py --glu-run %glu_run --torch-python %t.torch --repeat 2 --shapes 1x64x96,2x64x96 --dtypes f32 --glu-options= --glu-options=split-rows=0 --deadline-seconds 0.01 --out-dir %t/deadline > %t.log
// RUN: FileCheck %s --check-prefix=DEADLINE < %t/deadline/gpu-results.md

// CHECK:      | T | d | f | dtype | glu options | glu events ms | torch events ms | events torch / glu | glu wall ms | torch wall ms | wall torch / glu | difference |
// CHECK-NEXT: |---|---|---|---|---|---|---|---|---|---|---|---|
// CHECK-NEXT: | 1 | 64 | 96 | f32 | (defaults) | 0.500 | failed: [[ERROR:.+]] | - | {{[0-9]+\.[0-9]+}} | failed: [[ERROR]] | - | - |
// CHECK-NEXT: | 1 | 64 | 96 | f32 | split-blocks=528 | same kernels as (defaults) | failed: [[ERROR]] | - | same kernels as (defaults) | failed: [[ERROR]] | - | - |
// CHECK-NEXT: | 1 | 64 | 96 | f32 | split-blocks=528,split-rows=0 | 0.375 | failed: [[ERROR]] | - | {{[0-9]+\.[0-9]+}} | failed: [[ERROR]] | - | - |
// CHECK-EMPTY:
// CHECK-NEXT: Fastest glu variant of each shape and type, against the targets (events torch / glu: at least 0.67 is within 1.5x, above 1 faster):
// CHECK-EMPTY:
// CHECK-NEXT: | T | d | f | dtype | fastest glu options | glu events ms | events torch / glu | wall torch / glu | target |
// CHECK-NEXT: |---|---|---|---|---|---|---|---|---|
// CHECK-NEXT: | 1 | 64 | 96 | f32 | split-blocks=528,split-rows=0 | 0.375 | - | - | - |
// CHECK-EMPTY:
// CHECK-NEXT: Kernels of each glu call, in launch order
// CHECK-EMPTY:
// CHECK-NEXT: | T | d | f | dtype | glu options | kernel | grid | events ms |
// CHECK-NEXT: |---|---|---|---|---|---|---|---|
// CHECK-NEXT: | 1 | 64 | 96 | f32 | (defaults) | ffn_gated_split_1row | 1 x 1 x 1 | 0.125 |
// CHECK-NEXT: | 1 | 64 | 96 | f32 | (defaults) | ffn_gated_split_reduce | 1 x 1 x 1 | 0.125 |
// CHECK-NEXT: | 1 | 64 | 96 | f32 | (defaults) | ffn_down_split_1row | 1 x 2 x 1 | 0.125 |
// CHECK-NEXT: | 1 | 64 | 96 | f32 | (defaults) | ffn_down_split_reduce | 1 x 1 x 1 | 0.125 |
// CHECK-NEXT: | 1 | 64 | 96 | f32 | split-blocks=528,split-rows=0 | ffn_gated_tiled | 1 x 2 x 1 | 0.125 |
// CHECK-NEXT: | 1 | 64 | 96 | f32 | split-blocks=528,split-rows=0 | ffn_down_tiled_sliced | 1 x 1 x 2 | 0.125 |
// CHECK-NEXT: | 1 | 64 | 96 | f32 | split-blocks=528,split-rows=0 | ffn_down_tiled_reduce | 1 x 1 x 1 | 0.125 |
// CHECK-EMPTY:

// PEER:      Device: stand-in GPU.
// PEER:      | T | d | f | dtype | glu options | glu events ms | torch events ms | events torch / glu | glu wall ms | torch wall ms | wall torch / glu | difference |
// PEER-NEXT: |---|---|---|---|---|---|---|---|---|---|---|---|
// PEER-NEXT: | 1 | 64 | 96 | f32 | (defaults) | 0.500 | 0.500 | 1.00 | {{[0-9]+\.[0-9]+}} | 0.750 | {{[0-9]+\.[0-9]+}} | {{[0-9.e+-]+}} |
// PEER-NEXT: | 1 | 64 | 96 | f32 | split-rows=0 | 0.375 | 0.500 | 1.33 | {{[0-9]+\.[0-9]+}} | 0.750 | {{[0-9]+\.[0-9]+}} | {{[0-9.e+-]+}} |
// PEER-EMPTY:
// PEER-NEXT: Fastest glu variant
// PEER:      |---|---|---|---|---|---|---|---|---|
// PEER-NEXT: | 1 | 64 | 96 | f32 | split-rows=0 | 0.375 | 1.33 | {{[0-9]+\.[0-9]+}} | faster |
// PEER-EMPTY:

// DEADLINE:      |---|---|---|---|---|---|---|---|---|---|---|---|
// DEADLINE-NEXT: | 1 | 64 | 96 | f32 | (defaults) | 0.500 | 0.500 | 1.00 |
// DEADLINE-NEXT: | 1 | 64 | 96 | f32 | split-rows=0 | not run: past --deadline-seconds 0.01 | 0.500 | - | not run: past --deadline-seconds 0.01 | 0.750 | - | - |
// DEADLINE-NEXT: | 2 | 64 | 96 | f32 | (defaults) | not run: past --deadline-seconds 0.01 | not run | - | not run: past --deadline-seconds 0.01 | not run | - | - |
// DEADLINE-NEXT: | 2 | 64 | 96 | f32 | split-rows=0 | not run: past --deadline-seconds 0.01 | not run | - | not run: past --deadline-seconds 0.01 | not run | - | - |
// DEADLINE-EMPTY:
// DEADLINE-NEXT: Fastest glu variant
// DEADLINE:      |---|---|---|---|---|---|---|---|---|
// DEADLINE-NEXT: | 1 | 64 | 96 | f32 | (defaults) | 0.500 | 1.00 | {{[0-9]+\.[0-9]+}} | within 1.5x |
// DEADLINE-EMPTY:
