//===- TestGpuLaunchToLoops.cpp - gpu.launch bodies as host loops --------===//
//
// A test pass that runs GPU kernels on the CPU:
// - a gpu.launch whose threads do not communicate (no barrier, no workgroup
//   or private buffer, no op of the gpu or nvvm dialects in its body but its
//   terminator) becomes an scf.parallel over its blocks and threads, which
//   the CPU pipeline lowers like any other loop. Such a kernel computes the
//   same thing in any order of its threads, so executing the loops checks
//   its index arithmetic, bounds and data flow without a GPU;
// - one whose threads synchronize with gpu.barrier and share workgroup
//   buffers (and use no other gpu or nvvm op) becomes a loop over its
//   blocks, each running its threads as the threads of an omp.parallel:
//   the workgroup buffers are allocated per block, gpu.barrier becomes a
//   call of the OpenMP runtime's barrier. The runtime must give the
//   omp.parallel all the threads it asks for (an assertion checks it); with
//   more threads than cores, run it with OMP_WAIT_POLICY=passive, or each
//   barrier spins;
// - any other launch (warp-level nvvm ops such as mma.sync) becomes a
//   cf.assert that fails if the launch has blocks (a launch of none does
//   nothing): a test must not run such a kernel.
//
//===----------------------------------------------------------------------===//

#include "TestPasses.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;

namespace {

/// How the threads of a launch can run on the host.
enum class Threads { Independent, Synchronizing, Unsupported };

/// Independent if no op of its body but the terminator is of the gpu or
/// nvvm dialects and it has no workgroup buffer; Synchronizing if those
/// are gpu.barrier and workgroup buffers only.
Threads classify(gpu::LaunchOp launch) {
  if (!launch.getPrivateAttributions().empty() || launch.hasClusterSize() ||
      launch.getAsyncToken() || !launch.getAsyncDependencies().empty() ||
      launch.getDynamicSharedMemorySize() || !launch.getBody().hasOneBlock())
    return Threads::Unsupported;
  Block &body = launch.getBody().front();
  bool barriers = false;
  WalkResult result = body.walk([&](Operation *op) {
    if (op == body.getTerminator())
      return WalkResult::advance();
    if (isa<gpu::BarrierOp>(op)) {
      barriers = true;
      return WalkResult::advance();
    }
    StringRef dialect = op->getDialect()->getNamespace();
    return dialect == "gpu" || dialect == "nvvm" ? WalkResult::interrupt()
                                                 : WalkResult::advance();
  });
  if (result.wasInterrupted())
    return Threads::Unsupported;
  return barriers || !launch.getWorkgroupAttributions().empty()
             ? Threads::Synchronizing
             : Threads::Independent;
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

/// The declaration of the OpenMP runtime's `name`, () -> i32 (or () if not
/// `returnsInt`), in the symbol table above `op`.
func::FuncOp getRuntimeFunction(Operation *op, StringRef name,
                                bool returnsInt = true) {
  Operation *table = SymbolTable::getNearestSymbolTable(op->getParentOp());
  if (auto func = dyn_cast_or_null<func::FuncOp>(
          SymbolTable::lookupSymbolIn(table, name)))
    return func;
  OpBuilder b = OpBuilder::atBlockBegin(&table->getRegion(0).front());
  SmallVector<Type> results;
  if (returnsInt)
    results.push_back(b.getI32Type());
  auto func = func::FuncOp::create(b, op->getLoc(), name,
                                   b.getFunctionType(TypeRange(), results));
  func.setPrivate();
  return func;
}

/// Replaces `launch` by a loop over its blocks, each an omp.parallel of its
/// threads (see the file comment).
void emulateWithThreads(gpu::LaunchOp launch) {
  OpBuilder b(launch);
  Location loc = launch.getLoc();
  gpu::KernelDim3 gridSize = launch.getGridSizeOperandValues();
  gpu::KernelDim3 blockSize = launch.getBlockSizeOperandValues();
  func::FuncOp threadNum = getRuntimeFunction(launch, "omp_get_thread_num");
  func::FuncOp numThreads = getRuntimeFunction(launch, "omp_get_num_threads");
  func::FuncOp barrierFunction =
      getRuntimeFunction(launch, "GOMP_barrier", /*returnsInt=*/false);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value planeSize = arith::MulIOp::create(b, loc, blockSize.x, blockSize.y);
  Value threads = arith::MulIOp::create(b, loc, planeSize, blockSize.z);
  Value threadsI32 =
      arith::IndexCastOp::create(b, loc, b.getI32Type(), threads);
  scf::buildLoopNest(
      b, loc, {zero, zero, zero}, {gridSize.z, gridSize.y, gridSize.x},
      {one, one, one}, [&](OpBuilder &nested, Location, ValueRange zyx) {
        IRMapping mapping;
        gpu::KernelDim3 blockIds = launch.getBlockIds();
        mapping.map(blockIds.z, zyx[0]);
        mapping.map(blockIds.y, zyx[1]);
        mapping.map(blockIds.x, zyx[2]);
        auto map = [&](gpu::KernelDim3 from, gpu::KernelDim3 to) {
          mapping.map(from.x, to.x);
          mapping.map(from.y, to.y);
          mapping.map(from.z, to.z);
        };
        map(launch.getGridSize(), gridSize);
        map(launch.getBlockSize(), blockSize);
        // The block's workgroup buffers, in host memory (freed by the
        // buffer deallocation of the CPU pipeline).
        for (BlockArgument buffer : launch.getWorkgroupAttributions()) {
          auto type = cast<MemRefType>(buffer.getType());
          mapping.map(buffer, memref::AllocOp::create(
                                  nested, loc,
                                  MemRefType::get(type.getShape(),
                                                  type.getElementType())));
        }
        auto parallel = omp::ParallelOp::create(nested, loc);
        parallel.getNumThreadsMutable().assign(threadsI32);
        Block *block = new Block();
        parallel.getRegion().push_back(block);
        OpBuilder inner = OpBuilder::atBlockBegin(block);
        auto call = [&](func::FuncOp func) {
          return func::CallOp::create(inner, loc, func, ValueRange())
              .getResult(0);
        };
        cf::AssertOp::create(
            inner, loc,
            arith::CmpIOp::create(inner, loc, arith::CmpIPredicate::eq,
                                  call(numThreads), threadsI32),
            "glu-test-gpu-launch-to-loops: the OpenMP runtime did not give "
            "a block all its threads");
        Value thread = arith::IndexCastOp::create(
            inner, loc, inner.getIndexType(), call(threadNum));
        gpu::KernelDim3 threadIds = launch.getThreadIds();
        mapping.map(threadIds.x,
                    arith::RemUIOp::create(inner, loc, thread, blockSize.x));
        mapping.map(threadIds.y,
                    arith::RemUIOp::create(
                        inner, loc,
                        arith::DivUIOp::create(inner, loc, thread, blockSize.x),
                        blockSize.y));
        mapping.map(threadIds.z,
                    arith::DivUIOp::create(inner, loc, thread, planeSize));
        for (Operation &op : launch.getBody().front().without_terminator())
          inner.clone(op, mapping);
        omp::TerminatorOp::create(inner, loc);
        // GOMP_barrier (libomp's entry for GCC's `#pragma omp barrier`)
        // rather than omp.barrier, which declares no memory effects and
        // which buffer deallocation therefore rejects.
        parallel.walk([&](gpu::BarrierOp barrier) {
          OpBuilder before(barrier);
          func::CallOp::create(before, barrier.getLoc(), barrierFunction);
          barrier.erase();
        });
      });
  launch.erase();
}

struct TestGpuLaunchToLoopsPass
    : PassWrapper<TestGpuLaunchToLoopsPass, OperationPass<>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TestGpuLaunchToLoopsPass)

  StringRef getArgument() const final { return "glu-test-gpu-launch-to-loops"; }
  StringRef getDescription() const final {
    return "Run gpu.launch kernels on the host: threads that do not "
           "communicate as loops over their blocks and threads, threads "
           "with barriers and workgroup buffers as OpenMP threads, block "
           "by block (any other launch becomes a cf.assert that it has no "
           "blocks)";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry
        .insert<arith::ArithDialect, cf::ControlFlowDialect, func::FuncDialect,
                memref::MemRefDialect, omp::OpenMPDialect, scf::SCFDialect>();
  }

  void runOnOperation() override {
    SmallVector<gpu::LaunchOp> launches;
    getOperation()->walk(
        [&](gpu::LaunchOp launch) { launches.push_back(launch); });
    for (gpu::LaunchOp launch : launches) {
      Threads threads = classify(launch);
      if (threads == Threads::Independent) {
        emulate(launch);
        continue;
      }
      if (threads == Threads::Synchronizing) {
        emulateWithThreads(launch);
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
          "glu-test-gpu-launch-to-loops: this kernel uses warp-level or "
          "other GPU operations; it cannot run on the host");
      launch.erase();
    }
  }
};

} // namespace

void mlir::glu::test::registerTestGpuLaunchToLoopsPass() {
  PassRegistration<TestGpuLaunchToLoopsPass>();
}
