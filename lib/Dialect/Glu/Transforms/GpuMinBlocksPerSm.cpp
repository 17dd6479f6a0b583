//===- GpuMinBlocksPerSm.cpp - glu-gpu-min-blocks-per-sm -----------------===//
//
// Sets nvvm.minctasm on the kernels of a gpu.module, so that ptxas limits
// their registers to fit that many blocks on a multiprocessor.
//
//===----------------------------------------------------------------------===//

#include "glu/Dialect/Glu/Transforms/Passes.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"

namespace mlir::glu {
#define GEN_PASS_DEF_GLUGPUMINBLOCKSPERSM
#include "glu/Dialect/Glu/Transforms/Passes.h.inc"
} // namespace mlir::glu

using namespace mlir;

namespace {
struct GluGpuMinBlocksPerSmPass
    : glu::impl::GluGpuMinBlocksPerSmBase<GluGpuMinBlocksPerSmPass> {
  using Base::Base;

  void runOnOperation() override {
    if (blocks < 1) {
      getOperation()->emitError("glu-gpu-min-blocks-per-sm: blocks must be "
                                "at least 1, got ")
          << static_cast<int64_t>(blocks);
      signalPassFailure();
      return;
    }
    StringRef name = NVVM::NVVMDialect::getMinctasmAttrName();
    auto value = IntegerAttr::get(IntegerType::get(&getContext(), 32), blocks);
    getOperation()->walk([&](gpu::GPUFuncOp func) {
      if (func.isKernel() && !func->hasAttr(name))
        func->setAttr(name, value);
    });
  }
};
} // namespace
