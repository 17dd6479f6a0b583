//===- GpuAlignWorkgroupBuffers.cpp - glu-gpu-align-workgroup-buffers -----===//
//
// Raises the llvm.align of the workgroup attributions of gpu.func kernels,
// which convert-gpu-to-nvvm gives their shared-memory globals.
//
//===----------------------------------------------------------------------===//

#include "glu/Dialect/Glu/Transforms/Passes.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "llvm/Support/MathExtras.h"

namespace mlir::glu {
#define GEN_PASS_DEF_GLUGPUALIGNWORKGROUPBUFFERS
#include "glu/Dialect/Glu/Transforms/Passes.h.inc"
} // namespace mlir::glu

using namespace mlir;

namespace {
struct GluGpuAlignWorkgroupBuffersPass
    : glu::impl::GluGpuAlignWorkgroupBuffersBase<
          GluGpuAlignWorkgroupBuffersPass> {
  using Base::Base;

  void runOnOperation() override {
    if (alignment <= 0 || !llvm::isPowerOf2_64(alignment)) {
      getOperation()->emitError("glu-gpu-align-workgroup-buffers: alignment "
                                "must be a positive power of 2, got ")
          << static_cast<int64_t>(alignment);
      signalPassFailure();
      return;
    }
    StringRef name = LLVM::LLVMDialect::getAlignAttrName();
    getOperation()->walk([&](gpu::GPUFuncOp func) {
      for (unsigned i = 0, e = func.getNumWorkgroupAttributions(); i < e; ++i) {
        auto current = dyn_cast_or_null<IntegerAttr>(
            func.getWorkgroupAttributionAttr(i, name));
        if (current && current.getInt() >= alignment)
          continue;
        func.setWorkgroupAttributionAttr(
            i, name,
            IntegerAttr::get(IntegerType::get(&getContext(), 64), alignment));
      }
    });
  }
};
} // namespace
