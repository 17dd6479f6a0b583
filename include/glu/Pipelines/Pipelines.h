//===- Pipelines.h - glu's named pass pipelines -----------------*- C++ -*-===//

#ifndef GLU_PIPELINES_PIPELINES_H
#define GLU_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"

namespace mlir::glu {

/// Adds `glu-lower-to-llvm-cpu` to `pm` (anchored on builtin.module): glu and
/// linalg on tensors down to the LLVM dialect for the host CPU.
void buildLowerToLLVMCpuPipeline(OpPassManager &pm);

/// Adds `glu-raise-and-fuse` to `pm`: frontend linalg/arith/math IR to glu
/// ops (glu-raise-activations, glu-fuse, canonicalize, cse).
void buildRaiseAndFusePipeline(OpPassManager &pm);

/// Registers glu's named pipelines with the global pass registry.
void registerGluPipelines();

} // namespace mlir::glu

#endif // GLU_PIPELINES_PIPELINES_H
