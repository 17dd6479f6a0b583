// bench/gpu_bench.py, run here on the stand-in CUDA driver
// (test/lib/MockCudaDriver), whose kernels do not run: what is checked is
// the harness that a GPU session relies on. Each --glu-options variant
// (an empty one: the pipeline's defaults; options separated by a comma, as
// gpu-check.sh --bench-args splits at spaces) is compiled and timed on the
// same module and inputs and gets its own row; a peer that cannot run (Debian's
// PyTorch has no CUDA) is reported as failed, not dropped. With a peer
// (the stand-in Inputs/fake_torch_python.py, 0.5 ms by CUDA events and 0.75
// ms by the host clock) each row has both torch times, the ratio of each to
// glu's time, and the difference of the results; the device is the peer's.
// With several variants, a second table gives the fastest of each shape
// and type and where it stands against the targets (gpu-bench-targets.mlir
// checks which); without a peer, "-".
//
// RUN: rm -rf %t
// RUN: env LD_LIBRARY_PATH=%mock_cuda_driver_dir %python %glu_src_root/bench/gpu_bench.py --glu-run %glu_run --torch-python %python --repeat 2 --shapes 1x64x96 --dtypes f32 --glu-options= --glu-options=split-blocks=528 --glu-options=split-blocks=528,split-rows=0 --out-dir %t > %t.log
// RUN: FileCheck %s < %t/gpu-results.md
// RUN: printf '#!/bin/sh\nexec %python %S/Inputs/fake_torch_python.py "$@"\n' > %t.torch && chmod +x %t.torch
// RUN: env LD_LIBRARY_PATH=%mock_cuda_driver_dir %python %glu_src_root/bench/gpu_bench.py --glu-run %glu_run --torch-python %t.torch --repeat 2 --shapes 1x64x96 --dtypes f32 --glu-options= --glu-options=split-rows=0 --out-dir %t/peer > %t.log
// RUN: FileCheck %s --check-prefix=PEER < %t/peer/gpu-results.md

// CHECK:      | T | d | f | dtype | glu options | glu ms | torch events ms | torch events / glu | torch wall ms | torch wall / glu | difference |
// CHECK-NEXT: |---|---|---|---|---|---|---|---|---|---|---|
// CHECK-NEXT: | 1 | 64 | 96 | f32 | (defaults) | {{[0-9]+\.[0-9]+}} | failed: [[ERROR:.+]] | - | failed: [[ERROR]] | - | - |
// CHECK-NEXT: | 1 | 64 | 96 | f32 | split-blocks=528 | {{[0-9]+\.[0-9]+}} | failed: [[ERROR]] | - | failed: [[ERROR]] | - | - |
// CHECK-NEXT: | 1 | 64 | 96 | f32 | split-blocks=528,split-rows=0 | {{[0-9]+\.[0-9]+}} | failed: [[ERROR]] | - | failed: [[ERROR]] | - | - |
// CHECK-EMPTY:
// CHECK-NEXT: Fastest glu variant of each shape and type, against the targets (torch events / glu: at least 0.67 is within 1.5x, above 1 faster):
// CHECK-EMPTY:
// CHECK-NEXT: | T | d | f | dtype | fastest glu options | glu ms | torch events / glu | torch wall / glu | target |
// CHECK-NEXT: |---|---|---|---|---|---|---|---|---|
// CHECK-NEXT: | 1 | 64 | 96 | f32 | {{.+}} | {{[0-9]+\.[0-9]+}} | - | - | - |
// CHECK-EMPTY:

// PEER:      Device: stand-in GPU.
// PEER:      | T | d | f | dtype | glu options | glu ms | torch events ms | torch events / glu | torch wall ms | torch wall / glu | difference |
// PEER-NEXT: |---|---|---|---|---|---|---|---|---|---|---|
// PEER-NEXT: | 1 | 64 | 96 | f32 | (defaults) | {{[0-9]+\.[0-9]+}} | 0.500 | {{[0-9]+\.[0-9]+}} | 0.750 | {{[0-9]+\.[0-9]+}} | {{[0-9.e+-]+}} |
// PEER-NEXT: | 1 | 64 | 96 | f32 | split-rows=0 | {{[0-9]+\.[0-9]+}} | 0.500 | {{[0-9]+\.[0-9]+}} | 0.750 | {{[0-9]+\.[0-9]+}} | {{[0-9.e+-]+}} |
// PEER-EMPTY:
// PEER-NEXT: Fastest glu variant
// PEER:      |---|---|---|---|---|---|---|---|---|
// PEER-NEXT: | 1 | 64 | 96 | f32 | {{.+}} | {{[0-9]+\.[0-9]+}} | {{[0-9]+\.[0-9]+}} | {{[0-9]+\.[0-9]+}} | {{faster|within 1.5x|not within 1.5x}} |
// PEER-EMPTY:
