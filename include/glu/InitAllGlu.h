//===- InitAllGlu.h - register glu dialects and passes ----------*- C++ -*-===//

#ifndef GLU_INITALLGLU_H
#define GLU_INITALLGLU_H

#include "glu/Conversion/Passes.h"
#include "glu/Dialect/Glu/IR/GluDialect.h"
#include "glu/Dialect/Glu/Transforms/Passes.h"
#include "glu/Pipelines/Pipelines.h"
#include "mlir/IR/DialectRegistry.h"

namespace mlir::glu {

/// The glu dialect and the external models that glu's lowerings rely on
/// (registerLaunchFuncMemoryEffects).
inline void registerAllGluDialects(DialectRegistry &registry) {
  registry.insert<GluDialect>();
  registerLaunchFuncMemoryEffects(registry);
}

inline void registerAllGluPasses() {
  registerGluConversionPasses();
  registerGluTransformsPasses();
  registerGluPipelines();
}

} // namespace mlir::glu

#endif // GLU_INITALLGLU_H
