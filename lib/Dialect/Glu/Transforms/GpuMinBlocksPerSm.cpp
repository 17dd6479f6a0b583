//===- GpuMinBlocksPerSm.cpp - glu-gpu-min-blocks-per-sm -----------------===//
//
// Sets nvvm.minctasm on the kernels of the gpu.modules of a module, so that
// ptxas limits their registers to fit that many blocks on a
// multiprocessor, or fewer where their shared memory does not fit more.
//
//===----------------------------------------------------------------------===//

#include "glu/Dialect/Glu/Transforms/Passes.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/IR/Matchers.h"

namespace mlir::glu {
#define GEN_PASS_DEF_GLUGPUMINBLOCKSPERSM
#include "glu/Dialect/Glu/Transforms/Passes.h.inc"
} // namespace mlir::glu

using namespace mlir;

namespace {
/// Shared memory that CUDA reserves for each block on a multiprocessor of
/// compute capability 8.0 and later.
constexpr int64_t kReservedSharedBytesPerBlock = 1024;

/// The bytes of the workgroup buffers that `func` declares.
int64_t staticSharedBytes(gpu::GPUFuncOp func) {
  int64_t bytes = 0;
  for (BlockArgument buffer : func.getWorkgroupAttributions()) {
    auto type = cast<MemRefType>(buffer.getType());
    bytes += type.getNumElements() *
             llvm::divideCeil(type.getElementTypeBitWidth(), 8);
  }
  return bytes;
}

struct GluGpuMinBlocksPerSmPass
    : glu::impl::GluGpuMinBlocksPerSmBase<GluGpuMinBlocksPerSmPass> {
  using Base::Base;

  void runOnOperation() override {
    if (blocks < 1 || sharedMemoryPerSm < 0) {
      InFlightDiagnostic diag =
          getOperation()->emitError("glu-gpu-min-blocks-per-sm: ");
      if (blocks < 1)
        diag << "blocks must be at least 1, got "
             << static_cast<int64_t>(blocks);
      else
        diag << "shared-memory-per-sm must be at least 0, got "
             << static_cast<int64_t>(sharedMemoryPerSm);
      signalPassFailure();
      return;
    }
    // The most dynamic shared memory that a launch of each kernel asks for,
    // where every launch asks for a constant amount.
    llvm::DenseMap<SymbolRefAttr, std::optional<int64_t>> sharedBytes;
    getOperation()->walk([&](gpu::LaunchFuncOp launch) {
      APInt bytes(32, 0);
      Value size = launch.getDynamicSharedMemorySize();
      std::optional<int64_t> known;
      if (!size || matchPattern(size, m_ConstantInt(&bytes)))
        known = bytes.getZExtValue(); // without a size, 0
      auto [it, inserted] = sharedBytes.try_emplace(launch.getKernel(), known);
      if (!inserted)
        it->second = it->second && known
                         ? std::optional(std::max(*it->second, *known))
                         : std::nullopt;
    });
    StringRef name = NVVM::NVVMDialect::getMinctasmAttrName();
    getOperation()->walk([&](gpu::GPUModuleOp module) {
      for (auto func : module.getOps<gpu::GPUFuncOp>()) {
        if (!func.isKernel() || func->hasAttr(name))
          continue;
        int64_t count = blocks;
        auto symbol = SymbolRefAttr::get(
            module.getNameAttr(), {FlatSymbolRefAttr::get(func.getNameAttr())});
        auto it = sharedBytes.find(symbol);
        std::optional<int64_t> dynamicBytes =
            it == sharedBytes.end() ? 0 : it->second;
        if (sharedMemoryPerSm > 0 && dynamicBytes)
          count = std::clamp<int64_t>(
              sharedMemoryPerSm / (*dynamicBytes + staticSharedBytes(func) +
                                   kReservedSharedBytesPerBlock),
              1, count);
        func->setAttr(
            name, IntegerAttr::get(IntegerType::get(&getContext(), 32), count));
      }
    });
  }
};
} // namespace
