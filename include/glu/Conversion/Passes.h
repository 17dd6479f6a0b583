//===- Passes.h - glu conversion passes -------------------------*- C++ -*-===//

#ifndef GLU_CONVERSION_PASSES_H
#define GLU_CONVERSION_PASSES_H

#include "glu/Conversion/GluToGPU/GluToGPU.h"
#include "glu/Conversion/GluToLinalg/GluToLinalg.h"
#include "glu/Conversion/GluToVector/GluToVector.h"
#include "mlir/Pass/Pass.h"

namespace mlir::glu {

#define GEN_PASS_REGISTRATION
#include "glu/Conversion/Passes.h.inc"

} // namespace mlir::glu

#endif // GLU_CONVERSION_PASSES_H
