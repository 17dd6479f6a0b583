//===- Passes.h - glu transformation passes ---------------------*- C++ -*-===//

#ifndef GLU_DIALECT_GLU_TRANSFORMS_PASSES_H
#define GLU_DIALECT_GLU_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::glu {

#define GEN_PASS_DECL
#include "glu/Dialect/Glu/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "glu/Dialect/Glu/Transforms/Passes.h.inc"

} // namespace mlir::glu

#endif // GLU_DIALECT_GLU_TRANSFORMS_PASSES_H
