// Executes convert-glu-to-gpu's f16 and bf16 tiled kernels with wgmma
// (wgmma=true) on the CPU, where no sm_90 GPU is present: glu-opt
// --glu-test-gpu-launch-to-loops runs each block's 256 threads as OpenMP
// threads, its cp.async copies landing at the wait that needs them, and
// each nvvm.wgmma.mma_async as the PTX ISA defines it: both operands read
// from shared memory through their descriptors (start address, leading and
// stride byte offsets, the 128-byte swizzle) and each thread's accumulators
// where the m64nNk16 fragment layout puts them. So the kernels' swizzled
// stores, descriptors, the alignment of their tiles and the epilogue's
// reading of the accumulators are checked against the float64 NumPy
// reference without a GPU (check_fused.py --target host-gpu --wgmma; with
// split-rows=0 every case takes the tiled kernels, at the sizes whose
// emulation is fast enough: one partial row block (T = 17, also with
// misaligned weights) and two (T = 140), the down kernel on depth slices,
// more depth steps than shared buffers, weights copied with cp.async
// (separate, gate_up) and through registers (interleaved, granularity 1)),
// with 4 shared buffers per tile (the default), 3 and 2, and with one
// step's wgmma in flight while the next is issued (wgmma-overlap, 3 and 4
// buffers; the emulation checks at each wgmma.wait_group that the
// operands of the wgmma it completes were not overwritten), and with
// block tiles of 256 columns (wgmma-columns=256: two wgmma per 16 deep, on
// 128 columns of each gated weight or on W2's columns 0-127 and 128-255).
// utils/probe_tiled_layout.py checks with inputs that make each output
// element name the depth row and column it read (at 256, the down
// kernel's second 128 columns too).
// fused-wgmma-gpu.mlir runs the same kernels on an sm_90 GPU.
//
// RUN: %python %S/../../../utils/probe_tiled_layout.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --options wgmma=true
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype f16 --wgmma --split-rows 0
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype bf16 --wgmma --split-rows 0 --mma-stages 3
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op gated_proj --dtype f16 --wgmma --split-rows 0 --mma-stages 2
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op gated_proj --dtype bf16 --wgmma --split-rows 0
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype f16 --wgmma --wgmma-overlap --split-rows 0 --mma-stages 3
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op gated_proj --dtype bf16 --wgmma --wgmma-overlap --split-rows 0
// RUN: %python %S/../../../utils/probe_tiled_layout.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --options "wgmma=true wgmma-columns=256" --size 256
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op ffn --dtype f16 --wgmma --wgmma-columns 256 --split-rows 0
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target host-gpu --op gated_proj --dtype bf16 --wgmma --wgmma-columns 256 --wgmma-overlap --split-rows 0 --mma-stages 3
