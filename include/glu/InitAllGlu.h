//===- InitAllGlu.h - register glu dialects and passes ----------*- C++ -*-===//

#ifndef GLU_INITALLGLU_H
#define GLU_INITALLGLU_H

#include "glu/Conversion/Passes.h"
#include "glu/Dialect/Glu/IR/GluDialect.h"
#include "mlir/IR/DialectRegistry.h"

namespace mlir::glu {

inline void registerAllGluDialects(DialectRegistry &registry) {
  registry.insert<GluDialect>();
}

inline void registerAllGluPasses() { registerGluConversionPasses(); }

} // namespace mlir::glu

#endif // GLU_INITALLGLU_H
