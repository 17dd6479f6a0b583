// Bad glu-lower-to-nvvm options get a clear error, not a crash.
// RUN: not glu-opt %s --glu-lower-to-nvvm='chip=foo' 2>&1 | FileCheck %s --check-prefix=CHIP
// RUN: not glu-opt %s --glu-lower-to-nvvm='format=ptx' 2>&1 | FileCheck %s --check-prefix=FORMAT
// RUN: not glu-opt %s --glu-lower-to-nvvm='toolkit=/nonexistent/cuda' 2>&1 | FileCheck %s --check-prefix=TOOLKIT
// RUN: not glu-opt %s --glu-lower-to-nvvm='split-rows=257' 2>&1 | FileCheck %s --check-prefix=SPLIT-ROWS
// RUN: not glu-opt %s --glu-lower-to-nvvm='split-blocks=-2' 2>&1 | FileCheck %s --check-prefix=SPLIT-BLOCKS
// RUN: not glu-opt %s --glu-lower-to-nvvm='split-rows=-3' 2>&1 | FileCheck %s --check-prefix=SPLIT-DEFAULT
// RUN: not glu-opt %s --glu-lower-to-nvvm='gated-split-blocks=-1' 2>&1 | FileCheck %s --check-prefix=GATED-BLOCKS
// RUN: not glu-opt %s --glu-lower-to-nvvm='split-lanes=3' 2>&1 | FileCheck %s --check-prefix=LANES-3
// RUN: not glu-opt %s --glu-lower-to-nvvm='split-lanes=64' 2>&1 | FileCheck %s --check-prefix=LANES-64
// RUN: not glu-opt %s --convert-glu-to-gpu='split-lanes=0' 2>&1 | FileCheck %s --check-prefix=LANES-0
// RUN: not glu-opt %s --glu-lower-to-nvvm='mma-stages=7' 2>&1 | FileCheck %s --check-prefix=STAGES-7
// RUN: not glu-opt %s --glu-lower-to-nvvm='mma-stages=1' 2>&1 | FileCheck %s --check-prefix=STAGES-1
// RUN: not glu-opt %s --glu-lower-to-nvvm='min-blocks-per-sm=-1' 2>&1 | FileCheck %s --check-prefix=BLOCKS
// RUN: not glu-opt %s --glu-lower-to-nvvm='wgmma=true' 2>&1 | FileCheck %s --check-prefix=WGMMA
// RUN: not glu-opt %s --glu-lower-to-nvvm='chip=sm_90a wgmma=true wgmma-overlap=true mma-stages=2' 2>&1 | FileCheck %s --check-prefix=OVERLAP-STAGES
// RUN: not glu-opt %s --glu-lower-to-nvvm='wgmma-overlap=true' 2>&1 | FileCheck %s --check-prefix=OVERLAP

// CHIP: error: glu-lower-to-nvvm: chip must be an NVIDIA architecture such as sm_80 or sm_90, got 'foo'
// FORMAT: error: glu-lower-to-nvvm: format must be isa, bin or fatbin, got 'ptx'
// TOOLKIT: error: CUDA path: /nonexistent/cuda does not exist or is not a directory
// SPLIT-ROWS: error: convert-glu-to-gpu: split-rows must be -1 (by element type) or in [0, 256], got 257
// SPLIT-BLOCKS: error: convert-glu-to-gpu: split-blocks must be positive, got -2
// GATED-BLOCKS: error: convert-glu-to-gpu: gated-split-blocks must be 0 (no slices) or positive, got -1
// LANES-3: error: convert-glu-to-gpu: split-lanes must be 1, 2, 4, 8, 16 or 32, got 3
// LANES-64: error: convert-glu-to-gpu: split-lanes must be 1, 2, 4, 8, 16 or 32, got 64
// LANES-0: error: convert-glu-to-gpu: split-lanes must be 1, 2, 4, 8, 16 or 32, got 0
// SPLIT-DEFAULT: error: glu-lower-to-nvvm: split-rows must be -1 (convert-glu-to-gpu's default) or at least 0, got -3
// STAGES-7: error: convert-glu-to-gpu: mma-stages must be in [2, 6], got 7
// STAGES-1: error: convert-glu-to-gpu: mma-stages must be in [2, 6], got 1
// BLOCKS: error: glu-lower-to-nvvm: min-blocks-per-sm must be at least 0 (0: as ptxas decides), got -1
// WGMMA: error: glu-lower-to-nvvm: wgmma needs chip=sm_90a (the architecture-specific features of sm_90), got chip 'sm_90'
// OVERLAP-STAGES: error: convert-glu-to-gpu: wgmma-overlap needs wgmma and mma-stages >= 3, got wgmma=true mma-stages=2
// OVERLAP: error: convert-glu-to-gpu: wgmma-overlap needs wgmma and mma-stages >= 3, got wgmma=false mma-stages=4

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = glu.activation <relu> %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
