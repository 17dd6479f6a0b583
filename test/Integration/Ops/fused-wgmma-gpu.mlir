// Executes convert-glu-to-gpu's f16 and bf16 tiled kernels with wgmma on an
// sm_90 GPU (glu-run --target=nvvm, PTX for sm_90a) for every case of
// check_fused.py: every activation and layout, with and without biases,
// GPT-OSS clamps, T = 17 to 131 on the tiled kernels (T <= 16 on the
// split-depth kernels, which wgmma leaves as they are; with split-rows=0
// every T on the tiled ones), with 4 shared buffers per tile (the default)
// and 3, with one step's wgmma in flight (wgmma-overlap), and on block
// tiles of 256 columns (wgmma-columns=256), against the float64 NumPy
// reference. Only where device 0 is an
// sm_90 GPU (lit feature cuda-sm90). fused-wgmma-on-host.mlir emulates
// the same kernels on the CPU.
//
// utils/probe_tiled_layout.py runs first: where the kernels are wrong, it
// says which depth row and column each wrong element read.
//
// REQUIRES: cuda-driver, cuda-sm90
// RUN: %python %S/../../../utils/probe_tiled_layout.py --glu-run %glu_run --target nvvm --options "chip=sm_90a wgmma=true"
// RUN: %python %S/../../../utils/probe_tiled_layout.py --glu-run %glu_run --target nvvm --options "chip=sm_90a wgmma=true wgmma-columns=256" --size 256
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op ffn --dtype f16 --wgmma --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op ffn --dtype f16 --wgmma --wgmma-columns 256 --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op ffn --dtype bf16 --wgmma --mma-stages 3 --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op ffn --dtype f16 --wgmma --tokens-only --split-rows 0 --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op gated_proj --dtype f16 --wgmma --jobs 4
// RUN: %python %S/check_fused.py --glu-run %glu_run --glu-opt glu-opt --target nvvm --op ffn --dtype f16 --wgmma --wgmma-overlap --mma-stages 3 --jobs 4
