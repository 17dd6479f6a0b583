//===- GluToVector.h - fused vector lowering of glu projections -*- C++ -*-===//

#ifndef GLU_CONVERSION_GLUTOVECTOR_GLUTOVECTOR_H
#define GLU_CONVERSION_GLUTOVECTOR_GLUTOVECTOR_H

#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;

namespace glu {

#define GEN_PASS_DECL_CONVERTGLUTOVECTOR
#include "glu/Conversion/Passes.h.inc"

/// Adds the patterns that lower f32, f16 and bf16 `glu.ffn` and
/// `glu.gated_proj` to fused, tiled, multi-threaded (`scf.parallel`) vector
/// loops on buffers. Ops they do not handle are left alone.
void populateGluToVectorPatterns(RewritePatternSet &patterns,
                                 const ConvertGluToVectorOptions &options);

} // namespace glu
} // namespace mlir

#endif // GLU_CONVERSION_GLUTOVECTOR_GLUTOVECTOR_H
