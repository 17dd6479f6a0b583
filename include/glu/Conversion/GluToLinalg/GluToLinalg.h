//===- GluToLinalg.h - glu to linalg conversion -----------------*- C++ -*-===//

#ifndef GLU_CONVERSION_GLUTOLINALG_GLUTOLINALG_H
#define GLU_CONVERSION_GLUTOLINALG_GLUTOLINALG_H

#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;

namespace glu {

#define GEN_PASS_DECL_CONVERTGLUTOLINALG
#include "glu/Conversion/Passes.h.inc"

/// Adds the patterns that lower every glu op to linalg on tensors.
void populateGluToLinalgPatterns(RewritePatternSet &patterns);

} // namespace glu
} // namespace mlir

#endif // GLU_CONVERSION_GLUTOLINALG_GLUTOLINALG_H
