//===- Passes.h - glu transformation passes ---------------------*- C++ -*-===//

#ifndef GLU_DIALECT_GLU_TRANSFORMS_PASSES_H
#define GLU_DIALECT_GLU_TRANSFORMS_PASSES_H

#include "glu/Dialect/Glu/IR/GluDialect.h"
#include "mlir/Pass/Pass.h"

namespace mlir::glu {

#define GEN_PASS_DECL
#include "glu/Dialect/Glu/Transforms/Passes.h.inc"

/// Adds the glu-fuse patterns up to `level` (1 = gate, 2 = gated
/// projection, 3 = FFN).
void populateGluFusePatterns(RewritePatternSet &patterns, int level);

/// Adds the glu-raise-activations patterns.
void populateGluRaiseActivationsPatterns(RewritePatternSet &patterns);

#define GEN_PASS_REGISTRATION
#include "glu/Dialect/Glu/Transforms/Passes.h.inc"

} // namespace mlir::glu

#endif // GLU_DIALECT_GLU_TRANSFORMS_PASSES_H
