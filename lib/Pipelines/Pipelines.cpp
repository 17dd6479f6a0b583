//===- Pipelines.cpp - glu's named pass pipelines ------------------------===//

#include "glu/Pipelines/Pipelines.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/ErrorHandling.h"

using namespace mlir;

/// The reference CPU lowering, as upstream pass names so that a user can
/// copy any prefix of it into their own pipeline.
static constexpr llvm::StringLiteral kLowerToLLVMCpu =
    // glu -> linalg on tensors (the reference semantics); elementwise
    // arith/math on tensors -> linalg.generic.
    "convert-glu-to-linalg,convert-elementwise-to-linalg,canonicalize,cse,"
    // Tensors -> buffers; function arguments and results become memrefs
    // with the identity layout (what a C caller passes).
    "one-shot-bufferize{bufferize-function-boundaries "
    "function-boundary-type-conversion=identity-layout-map},"
    "buffer-deallocation-pipeline,convert-bufferization-to-memref,"
    // Loops, then the transcendental functions as polynomials (f32) or
    // libm calls (f64).
    "convert-linalg-to-loops,glu-expand-math,convert-math-to-llvm,"
    "convert-math-to-libm,"
    // Everything to the LLVM dialect.
    "convert-scf-to-cf,expand-strided-metadata,lower-affine,"
    "finalize-memref-to-llvm,convert-to-llvm,reconcile-unrealized-casts";

/// Frontend linalg/arith/math IR to glu ops.
static constexpr llvm::StringLiteral kRaiseAndFuse =
    "glu-raise-activations,glu-fuse,canonicalize,cse";

void mlir::glu::buildLowerToLLVMCpuPipeline(OpPassManager &pm) {
  if (failed(parsePassPipeline(kLowerToLLVMCpu, pm)))
    llvm::report_fatal_error("glu-lower-to-llvm-cpu: invalid pass pipeline");
}

void mlir::glu::buildRaiseAndFusePipeline(OpPassManager &pm) {
  if (failed(parsePassPipeline(kRaiseAndFuse, pm)))
    llvm::report_fatal_error("glu-raise-and-fuse: invalid pass pipeline");
}

void mlir::glu::registerGluPipelines() {
  PassPipelineRegistration<>(
      "glu-raise-and-fuse",
      "Raise frontend activations and fuse gated FFN blocks into glu ops "
      "(glu-raise-activations, glu-fuse, canonicalize, cse)",
      buildRaiseAndFusePipeline);
  PassPipelineRegistration<>(
      "glu-lower-to-llvm-cpu",
      "Lower glu and linalg on tensors to the LLVM dialect for the host CPU "
      "(reference lowering: convert-glu-to-linalg, bufferization, loops, "
      "glu-expand-math, convert-to-llvm)",
      buildLowerToLLVMCpuPipeline);
}
