//===- TestGpuLaunchToLoops.cpp - gpu.launch bodies as host loops --------===//
//
// A test pass that runs GPU kernels on the CPU: each gpu.launch whose
// threads do not communicate (no barrier, no workgroup or private buffer,
// no op of the gpu or nvvm dialects in its body but its terminator) becomes
// an scf.parallel over its blocks and threads, which the CPU pipeline
// lowers like any other loop. Such a kernel computes the same thing in any
// order of its threads, so executing the loops checks its index arithmetic,
// bounds and data flow without a GPU. Any other launch becomes a cf.assert
// that fails if the launch has blocks (a launch of none does nothing): a
// test must not run such a kernel.
//
//===----------------------------------------------------------------------===//

#include "TestPasses.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;

namespace {

/// Whether the threads of `launch` run independently of each other.
bool hasIndependentThreads(gpu::LaunchOp launch) {
  if (!launch.getWorkgroupAttributions().empty() ||
      !launch.getPrivateAttributions().empty() || launch.hasClusterSize() ||
      launch.getAsyncToken() || !launch.getAsyncDependencies().empty() ||
      launch.getDynamicSharedMemorySize() || !launch.getBody().hasOneBlock())
    return false;
  Block &body = launch.getBody().front();
  WalkResult result = body.walk([&](Operation *op) {
    if (op == body.getTerminator())
      return WalkResult::advance();
    StringRef dialect = op->getDialect()->getNamespace();
    return dialect == "gpu" || dialect == "nvvm" ? WalkResult::interrupt()
                                                 : WalkResult::advance();
  });
  return !result.wasInterrupted();
}

/// Replaces `launch` by an scf.parallel over (block x, y, z, thread x, y,
/// z) that runs its body.
void emulate(gpu::LaunchOp launch) {
  OpBuilder b(launch);
  Location loc = launch.getLoc();
  gpu::KernelDim3 gridSize = launch.getGridSizeOperandValues();
  gpu::KernelDim3 blockSize = launch.getBlockSizeOperandValues();
  SmallVector<Value> upper = {gridSize.x,  gridSize.y,  gridSize.z,
                              blockSize.x, blockSize.y, blockSize.z};
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  SmallVector<Value> lower(upper.size(), zero), steps(upper.size(), one);
  scf::ParallelOp::create(
      b, loc, lower, upper, steps,
      [&](OpBuilder &nested, Location, ValueRange ivs) {
        IRMapping mapping;
        auto map = [&](gpu::KernelDim3 from, ValueRange to) {
          mapping.map(from.x, to[0]);
          mapping.map(from.y, to[1]);
          mapping.map(from.z, to[2]);
        };
        map(launch.getBlockIds(), ivs.take_front(3));
        map(launch.getThreadIds(), ivs.drop_front(3));
        map(launch.getGridSize(), ValueRange(upper).take_front(3));
        map(launch.getBlockSize(), ValueRange(upper).drop_front(3));
        for (Operation &op : launch.getBody().front().without_terminator())
          nested.clone(op, mapping);
        scf::ReduceOp::create(nested, loc);
      });
  launch.erase();
}

struct TestGpuLaunchToLoopsPass
    : PassWrapper<TestGpuLaunchToLoopsPass, OperationPass<>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TestGpuLaunchToLoopsPass)

  StringRef getArgument() const final { return "glu-test-gpu-launch-to-loops"; }
  StringRef getDescription() const final {
    return "Run gpu.launch kernels whose threads do not communicate as host "
           "loops over their blocks and threads (any other launch becomes a "
           "cf.assert that it has no blocks)";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry
        .insert<arith::ArithDialect, cf::ControlFlowDialect, scf::SCFDialect>();
  }

  void runOnOperation() override {
    SmallVector<gpu::LaunchOp> launches;
    getOperation()->walk(
        [&](gpu::LaunchOp launch) { launches.push_back(launch); });
    for (gpu::LaunchOp launch : launches) {
      if (hasIndependentThreads(launch)) {
        emulate(launch);
        continue;
      }
      // A launch of no blocks does nothing, as libglu_cuda_runtime runs it.
      OpBuilder b(launch);
      Location loc = launch.getLoc();
      gpu::KernelDim3 gridSize = launch.getGridSizeOperandValues();
      Value zero = arith::ConstantIndexOp::create(b, loc, 0);
      Value noBlocks = arith::ConstantIntOp::create(b, loc, 0, 1);
      for (Value size : {gridSize.x, gridSize.y, gridSize.z})
        noBlocks = arith::OrIOp::create(
            b, loc, noBlocks,
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, size,
                                  zero));
      cf::AssertOp::create(
          b, loc, noBlocks,
          "glu-test-gpu-launch-to-loops: this kernel's threads communicate "
          "(barriers or shared memory); it cannot run on the host");
      launch.erase();
    }
  }
};

} // namespace

void mlir::glu::test::registerTestGpuLaunchToLoopsPass() {
  PassRegistration<TestGpuLaunchToLoopsPass>();
}
