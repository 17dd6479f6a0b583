//===- GluToGPU.h - fused GPU kernels for glu projections -------*- C++ -*-===//

#ifndef GLU_CONVERSION_GLUTOGPU_GLUTOGPU_H
#define GLU_CONVERSION_GLUTOGPU_GLUTOGPU_H

#include "mlir/Pass/Pass.h"

namespace mlir {
class DialectRegistry;
class RewritePatternSet;

namespace glu {

#define GEN_PASS_DECL_CONVERTGLUTOGPU
#include "glu/Conversion/Passes.h.inc"

/// Adds the patterns that lower `glu.gated_proj` and `glu.ffn` with f32,
/// f16 or bf16 operands to fused `gpu.launch` kernels on buffers (tensor
/// cores for f16/bf16). Ops they do not handle are left alone. The options
/// are convert-glu-to-gpu's, which checks them (split-rows -1 or in [0, 256],
/// split-blocks positive, split-lanes a power of 2 up to 32,
/// gated-split-blocks not negative, mma-stages in [2, 6], wgmma-columns 128
/// or 256, the latter with wgmma and at most 4 stages, wgmma-overlap with
/// wgmma and at least 3).
void populateGluToGPUPatterns(RewritePatternSet &patterns,
                              const ConvertGluToGPUOptions &options = {});

/// Declares that `gpu.launch_func` reads and writes memory but neither
/// allocates nor frees it (upstream gives it no memory effects, which
/// ownership-based buffer deallocation rejects as unknown). With it,
/// `buffer-deallocation-pipeline` runs on host code whose kernels are
/// outlined: outline convert-glu-to-gpu's kernels (`gpu-kernel-outlining`)
/// before deallocating, as glu-lower-to-nvvm does. convert-glu-to-gpu
/// registers it itself.
void registerLaunchFuncMemoryEffects(DialectRegistry &registry);

} // namespace glu
} // namespace mlir

#endif // GLU_CONVERSION_GLUTOGPU_GLUTOGPU_H
