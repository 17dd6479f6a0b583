//===- TestGpuLaunchToLoops.cpp - gpu.launch bodies as host loops --------===//
//
// A test pass that runs GPU kernels on the CPU:
// - a gpu.launch whose threads do not communicate (no barrier, no workgroup
//   or private buffer, no op of the gpu or nvvm dialects in its body but its
//   terminator) becomes an scf.parallel over its blocks and threads, which
//   the CPU pipeline lowers like any other loop. Such a kernel computes the
//   same thing in any order of its threads, so executing the loops checks
//   its index arithmetic, bounds and data flow without a GPU;
// - one whose threads synchronize with gpu.barrier, share workgroup
//   buffers or multiply with nvvm.mma.sync m16n8k16 (f16 or bf16, f32
//   accumulators) on operands from nvgpu.ldmatrix (16-bit elements), and
//   use no other gpu, nvgpu or nvvm op, becomes a loop over its
//   blocks, each running its threads as the threads of an omp.parallel:
//   the workgroup buffers are allocated per block, gpu.barrier becomes a
//   call of the OpenMP runtime's barrier, and each mma.sync (ldmatrix) an
//   exchange of the warp's fragments (addresses) through block-wide
//   buffers between two such barriers (emulateMma, emulateLdMatrix), so
//   every thread of the block must reach each of them, not only every
//   thread of its warp. The runtime must give the
//   omp.parallel all the threads it asks for (an assertion checks it); with
//   more threads than cores, run it with OMP_WAIT_POLICY=passive, or each
//   barrier spins;
// - any other launch (other warp-level or GPU ops) becomes a cf.assert that
//   fails if the launch has blocks (a launch of none does nothing): a test
//   must not run such a kernel.
//
//===----------------------------------------------------------------------===//

#include "TestPasses.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;

namespace {

/// Whether `type` is a register of two f16 or bf16 elements: a vector of
/// them, or an i32 that holds them.
bool isPairRegister(Type type) {
  auto vector = dyn_cast<VectorType>(type);
  if (!vector)
    return type.isInteger(32);
  return vector.getShape() == ArrayRef<int64_t>{2} &&
         (vector.getElementType().isF16() || vector.getElementType().isBF16());
}

/// Whether `op` is an nvvm.mma.sync that emulateMma handles: m16n8k16, A
/// row-major and B column-major in f16 or bf16 pairs (4 and 2 registers),
/// 4 f32 accumulators.
bool isEmulatedMma(Operation *op) {
  auto mma = dyn_cast<NVVM::MmaOp>(op);
  if (!mma)
    return false;
  NVVM::MMAShapeAttr shape = mma.getShape();
  auto f32 = [](Type type) { return type.isF32(); };
  std::optional<NVVM::MMATypes> multiplicand = mma.getMultiplicandAPtxType();
  return (!multiplicand || *multiplicand == NVVM::MMATypes::f16 ||
          *multiplicand == NVVM::MMATypes::bf16) &&
         shape.getM() == 16 && shape.getN() == 8 && shape.getK() == 16 &&
         mma.getLayoutA() == NVVM::MMALayout::row &&
         mma.getLayoutB() == NVVM::MMALayout::col &&
         mma.getOperandA().size() == 4 && mma.getOperandB().size() == 2 &&
         mma.getOperandC().size() == 4 &&
         llvm::all_of(mma.getOperandA().getTypes(), isPairRegister) &&
         llvm::all_of(mma.getOperandB().getTypes(), isPairRegister) &&
         llvm::all_of(mma.getOperandC().getTypes(), f32);
}

/// Whether `op` is an nvgpu.ldmatrix that emulateLdMatrix handles: 16-bit
/// elements, one register pair per matrix.
bool isEmulatedLdMatrix(Operation *op) {
  auto load = dyn_cast<nvgpu::LdMatrixOp>(op);
  if (!load)
    return false;
  VectorType type = load.getRes().getType();
  return type.getRank() == 2 && type.getDimSize(0) == load.getNumTiles() &&
         type.getDimSize(1) == 2 && type.getElementTypeBitWidth() == 16;
}

/// How the threads of a launch can run on the host.
enum class Threads { Independent, Synchronizing, Unsupported };

/// Independent if no op of its body but the terminator is of the gpu,
/// nvgpu or nvvm dialects and it has no workgroup buffer; Synchronizing if
/// those ops are gpu.barrier and, with `emulateMma`, mma.sync that
/// isEmulatedMma and ldmatrix that isEmulatedLdMatrix.
Threads classify(gpu::LaunchOp launch, bool emulateMma) {
  if (!launch.getPrivateAttributions().empty() || launch.hasClusterSize() ||
      launch.getAsyncToken() || !launch.getAsyncDependencies().empty() ||
      launch.getDynamicSharedMemorySize() || !launch.getBody().hasOneBlock())
    return Threads::Unsupported;
  Block &body = launch.getBody().front();
  bool barriers = false;
  WalkResult result = body.walk([&](Operation *op) {
    if (op == body.getTerminator())
      return WalkResult::advance();
    if (isa<gpu::BarrierOp>(op) ||
        (emulateMma && (isEmulatedMma(op) || isEmulatedLdMatrix(op)))) {
      barriers = true;
      return WalkResult::advance();
    }
    StringRef dialect = op->getDialect()->getNamespace();
    return dialect == "gpu" || dialect == "nvgpu" || dialect == "nvvm"
               ? WalkResult::interrupt()
               : WalkResult::advance();
  });
  if (result.wasInterrupted())
    return Threads::Unsupported;
  return barriers || !launch.getWorkgroupAttributions().empty()
             ? Threads::Synchronizing
             : Threads::Independent;
}

/// Maps the x, y and z of `from` to `x`, `y` and `z`.
void mapDims(IRMapping &mapping, gpu::KernelDim3 from, Value x, Value y,
             Value z) {
  mapping.map(from.x, x);
  mapping.map(from.y, y);
  mapping.map(from.z, z);
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
        mapDims(mapping, launch.getBlockIds(), ivs[0], ivs[1], ivs[2]);
        mapDims(mapping, launch.getThreadIds(), ivs[3], ivs[4], ivs[5]);
        mapDims(mapping, launch.getGridSize(), gridSize.x, gridSize.y,
                gridSize.z);
        mapDims(mapping, launch.getBlockSize(), blockSize.x, blockSize.y,
                blockSize.z);
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

/// Where thread `thread` of a block is in its warp, and the coordinates of
/// the lane in the PTX ISA's fragment layouts (mma.sync, ldmatrix).
struct LanePosition {
  LanePosition(OpBuilder &b, Location loc, Value thread) {
    auto index = [&](int64_t value) -> Value {
      return arith::ConstantIndexOp::create(b, loc, value);
    };
    lane = arith::RemUIOp::create(b, loc, thread, index(32));
    warp = arith::DivUIOp::create(b, loc, thread, index(32));
    group = arith::DivUIOp::create(b, loc, lane, index(4));
    pairColumn = arith::MulIOp::create(
        b, loc, arith::RemUIOp::create(b, loc, lane, index(4)), index(2));
  }

  Value lane, warp;
  /// lane / 4, and 2 (lane % 4): the first column of the lane's pair.
  Value group, pairColumn;
};

/// Replaces `mma` (isEmulatedMma), run by every thread of the block, by
/// what each thread computes of its warp's 16 x 8 product: the threads
/// store their fragments of A and B into their warp's slices of `tileA`
/// ([warps, 16, 16] f32) and `tileB` ([warps, 16, 8]), wait at `barrier`,
/// each computes its 4 elements of D = A B + C in f32, and wait again. The
/// fragments are laid out as the PTX ISA gives them for m16n8k16 (group =
/// lane / 4, t = lane % 4): A's element i of 8 at row group + 8 ((i / 2) %
/// 2), column 2 t + i % 2 + 8 (i / 4); B's element i of 4 at row 2 t + i %
/// 2 + 8 (i / 2), column group; C's and D's element i of 4 at row group +
/// 8 (i / 2), column 2 t + i % 2.
void emulateMma(NVVM::MmaOp mma, Value thread, Value tileA, Value tileB,
                func::FuncOp barrier) {
  OpBuilder b(mma);
  Location loc = mma.getLoc();
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  auto add = [&](Value lhs, int64_t rhs) -> Value {
    return rhs ? arith::AddIOp::create(b, loc, lhs, index(rhs)) : lhs;
  };
  LanePosition at(b, loc, thread);
  bool bf16 = mma.getMultiplicandAPtxType() == NVVM::MMATypes::bf16;
  // The two elements of a register, in f32.
  auto elements = [&](Value reg) {
    if (reg.getType().isInteger(32)) {
      Type element = bf16 ? b.getBF16Type() : b.getF16Type();
      reg = vector::BitCastOp::create(
          b, loc, VectorType::get({2}, element),
          vector::BroadcastOp::create(
              b, loc, VectorType::get({1}, b.getI32Type()), reg));
    }
    SmallVector<Value> values;
    for (int64_t i = 0; i < 2; ++i) {
      Value element = vector::ExtractOp::create(b, loc, reg, i);
      values.push_back(
          arith::ExtFOp::create(b, loc, b.getF32Type(), element).getResult());
    }
    return values;
  };
  for (auto [r, reg] : llvm::enumerate(mma.getOperandA()))
    for (auto [e, value] : llvm::enumerate(elements(reg))) {
      int64_t i = 2 * r + e;
      memref::StoreOp::create(
          b, loc, value, tileA,
          ValueRange{at.warp, add(at.group, 8 * ((i / 2) % 2)),
                     add(at.pairColumn, i % 2 + 8 * (i / 4))});
    }
  for (auto [r, reg] : llvm::enumerate(mma.getOperandB()))
    for (auto [e, value] : llvm::enumerate(elements(reg))) {
      int64_t i = 2 * r + e;
      memref::StoreOp::create(
          b, loc, value, tileB,
          ValueRange{at.warp, add(at.pairColumn, i % 2 + 8 * (i / 2)),
                     at.group});
    }
  func::CallOp::create(b, loc, barrier);
  // D[row][column] = C + sum over k of A[row][k] B[k][column], one loop
  // over k for the thread's 4 elements.
  SmallVector<std::pair<Value, Value>> positions;
  for (int64_t i = 0; i < 4; ++i)
    positions.push_back(
        {add(at.group, 8 * (i / 2)), add(at.pairColumn, i % 2)});
  auto loop = scf::ForOp::create(
      b, loc, index(0), index(16), index(1), mma.getOperandC(),
      [&](OpBuilder &nested, Location, Value k, ValueRange sums) {
        SmallVector<Value> next;
        for (auto [sum, position] : llvm::zip_equal(sums, positions)) {
          auto [row, column] = position;
          Value fromA = memref::LoadOp::create(nested, loc, tileA,
                                               ValueRange{at.warp, row, k});
          Value fromB = memref::LoadOp::create(nested, loc, tileB,
                                               ValueRange{at.warp, k, column});
          next.push_back(math::FmaOp::create(nested, loc, fromA, fromB, sum));
        }
        scf::YieldOp::create(nested, loc, next);
      });
  Value result = LLVM::UndefOp::create(b, loc, mma.getType());
  for (auto [i, sum] : llvm::enumerate(loop.getResults()))
    result = LLVM::InsertValueOp::create(b, loc, result, sum,
                                         ArrayRef<int64_t>{int64_t(i)});
  func::CallOp::create(b, loc, barrier);
  mma.replaceAllUsesWith(result);
  mma.erase();
}

/// Replaces `load` (isEmulatedLdMatrix), run by every thread of the block,
/// by what it gives this thread: the threads store the indices that they
/// address into their warp's slice of `table` ([warps, 32, rank] index),
/// wait at `barrier`, each loads its pair of matrix i, and they wait again.
/// Row r of matrix i is what lane 8 i + r addresses; lane l's pair is, with
/// g = l / 4 and t = l % 4 (PTX ISA, ldmatrix), columns 2 t and 2 t + 1 of
/// row g, or, transposed, column g of rows 2 t and 2 t + 1.
void emulateLdMatrix(nvgpu::LdMatrixOp load, Value thread, Value table,
                     func::FuncOp barrier) {
  OpBuilder b(load);
  Location loc = load.getLoc();
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  LanePosition at(b, loc, thread);
  for (auto [d, value] : llvm::enumerate(load.getIndices()))
    memref::StoreOp::create(b, loc, value, table,
                            ValueRange{at.warp, at.lane, index(d)});
  func::CallOp::create(b, loc, barrier);
  VectorType type = load.getRes().getType();
  // The indices that lane `source` addresses, `offset` columns further.
  auto rowIndices = [&](Value source, Value offset) {
    SmallVector<Value> indices;
    for (size_t d = 0; d < load.getIndices().size(); ++d)
      indices.push_back(memref::LoadOp::create(
          b, loc, table, ValueRange{at.warp, source, index(d)}));
    indices.back() = arith::AddIOp::create(b, loc, indices.back(), offset);
    return indices;
  };
  Value result = arith::ConstantOp::create(b, loc, type, b.getZeroAttr(type));
  for (int64_t i = 0; i < type.getDimSize(0); ++i) {
    Value pair;
    if (!load.getTranspose()) {
      Value source = arith::AddIOp::create(b, loc, at.group, index(8 * i));
      pair = vector::LoadOp::create(
          b, loc, VectorType::get({2}, type.getElementType()),
          load.getSrcMemref(), rowIndices(source, at.pairColumn));
    } else {
      SmallVector<Value> elements;
      for (int64_t e = 0; e < 2; ++e) {
        Value source =
            arith::AddIOp::create(b, loc, at.pairColumn, index(8 * i + e));
        elements.push_back(memref::LoadOp::create(
            b, loc, load.getSrcMemref(), rowIndices(source, at.group)));
      }
      pair = vector::FromElementsOp::create(
          b, loc, VectorType::get({2}, type.getElementType()), elements);
    }
    result = vector::InsertOp::create(b, loc, pair, result, i);
  }
  func::CallOp::create(b, loc, barrier);
  load.replaceAllUsesWith(result);
  load.erase();
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
  bool hasMma = launch.getBody()
                    .walk([](NVVM::MmaOp) { return WalkResult::interrupt(); })
                    .wasInterrupted();
  int64_t ldMatrixRank = 0;
  launch.getBody().walk([&](nvgpu::LdMatrixOp load) {
    ldMatrixRank = std::max<int64_t>(ldMatrixRank, load.getIndices().size());
  });
  scf::buildLoopNest(
      b, loc, {zero, zero, zero}, {gridSize.z, gridSize.y, gridSize.x},
      {one, one, one}, [&](OpBuilder &nested, Location, ValueRange zyx) {
        IRMapping mapping;
        mapDims(mapping, launch.getBlockIds(), zyx[2], zyx[1], zyx[0]);
        mapDims(mapping, launch.getGridSize(), gridSize.x, gridSize.y,
                gridSize.z);
        mapDims(mapping, launch.getBlockSize(), blockSize.x, blockSize.y,
                blockSize.z);
        // The block's workgroup buffers, in host memory (freed by the
        // buffer deallocation of the CPU pipeline), 16-byte aligned as
        // glu-gpu-align-workgroup-buffers makes them on the GPU.
        for (BlockArgument buffer : launch.getWorkgroupAttributions()) {
          auto type = cast<MemRefType>(buffer.getType());
          mapping.map(buffer, memref::AllocOp::create(
                                  nested, loc,
                                  MemRefType::get(type.getShape(),
                                                  type.getElementType()),
                                  nested.getI64IntegerAttr(16)));
        }
        // Each warp's slices of the mma.sync operands and of the ldmatrix
        // indices, if it has any.
        Value warps = arith::CeilDivUIOp::create(
            nested, loc, threads,
            arith::ConstantIndexOp::create(nested, loc, 32));
        Value tileA, tileB, table;
        if (ldMatrixRank)
          table = memref::AllocOp::create(
              nested, loc,
              MemRefType::get({ShapedType::kDynamic, 32, ldMatrixRank},
                              nested.getIndexType()),
              ValueRange{warps});
        if (hasMma) {
          auto tile = [&](int64_t columns) -> Value {
            return memref::AllocOp::create(
                nested, loc,
                MemRefType::get({ShapedType::kDynamic, 16, columns},
                                nested.getF32Type()),
                ValueRange{warps});
          };
          tileA = tile(16);
          tileB = tile(8);
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
        parallel.walk([&](NVVM::MmaOp mma) {
          emulateMma(mma, thread, tileA, tileB, barrierFunction);
        });
        parallel.walk([&](nvgpu::LdMatrixOp load) {
          emulateLdMatrix(load, thread, table, barrierFunction);
        });
      });
  launch.erase();
}

struct TestGpuLaunchToLoopsPass
    : PassWrapper<TestGpuLaunchToLoopsPass, OperationPass<>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TestGpuLaunchToLoopsPass)

  TestGpuLaunchToLoopsPass() = default;
  TestGpuLaunchToLoopsPass(const TestGpuLaunchToLoopsPass &pass)
      : PassWrapper(pass) {}

  Option<bool> emulateMma{
      *this, "emulate-mma",
      llvm::cl::desc("Run kernels with mma.sync m16n8k16 and ldmatrix "
                     "(slowly: two barriers of the whole block per "
                     "mma.sync or ldmatrix); false: they become assertions "
                     "that they have no blocks"),
      llvm::cl::init(true)};

  StringRef getArgument() const final { return "glu-test-gpu-launch-to-loops"; }
  StringRef getDescription() const final {
    return "Run gpu.launch kernels on the host: threads that do not "
           "communicate as loops over their blocks and threads, threads "
           "with barriers, workgroup buffers or mma.sync m16n8k16 as OpenMP "
           "threads, block by block (any other launch becomes a cf.assert "
           "that it has no blocks)";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry
        .insert<arith::ArithDialect, cf::ControlFlowDialect, func::FuncDialect,
                LLVM::LLVMDialect, math::MathDialect, memref::MemRefDialect,
                nvgpu::NVGPUDialect, omp::OpenMPDialect, scf::SCFDialect,
                vector::VectorDialect>();
  }

  void runOnOperation() override {
    SmallVector<gpu::LaunchOp> launches;
    getOperation()->walk(
        [&](gpu::LaunchOp launch) { launches.push_back(launch); });
    for (gpu::LaunchOp launch : launches) {
      Threads threads = classify(launch, emulateMma);
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
