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
//   buffers or dynamic shared memory, copy into the latter with
//   nvgpu.device_async_copy (isEmulatedAsyncCopy), or multiply with
//   nvvm.mma.sync (m16n8k16 on f16 or bf16, m16n8k8 on tf32; f32
//   accumulators) on operands from nvgpu.ldmatrix (16- or 32-bit elements) or
//   any other registers, and use no other gpu, nvgpu or nvvm op, becomes a loop
//   over its blocks, each running its threads as the threads of an
//   omp.parallel: the workgroup buffers and the dynamic shared memory are
//   allocated per block, gpu.barrier becomes a call of the OpenMP runtime's
//   barrier, and each mma.sync (ldmatrix) a call of a function of its kind
//   (EmulationFunctions: one per kind, not inlined, so that the module's size
//   does not grow with their number): an exchange of the warp's fragments
//   (addresses) through block-wide buffers across such a barrier (emulateMma,
//   emulateLdMatrix; two slices per warp, which a thread's exchanges take in
//   turn, so none waits again after its reads: exchangeSlice), so every
//   thread of the block must reach each of them, not only every thread of
//   its warp. An asynchronous copy reads its
//   source when issued but writes shared memory only at the latest moment the
//   PTX ISA allows, the nvgpu.device_async_wait that needs its group complete
//   (emulateAsync), and 0xff bytes (NaN) there until then: a kernel that reads
//   a buffer before waiting for its copies, or copies into one that a running
//   wgmma reads, computes NaN or fails the wgmma's check. nvvm.wgmma.mma_async
//   (m64nNk16, f16 or bf16 from shared memory, isEmulatedWgmma) becomes each
//   thread's share of the product, its operands read through their descriptors
//   as the PTX ISA lays out the 128-byte swizzled tiles (emulateWgmma), when it
//   is issued; the wgmma.wait_group that completes it checks that they still
//   hold what it read (emulateWgmmaGroups): a kernel that writes them
//   before that wait fails, and so does one whose threads end with wgmma
//   not waited for; wgmma.fence and fence.proxy do nothing; the
//   dynamic shared memory's address
//   (memref.extract_aligned_pointer_as_index) is kEmulatedSharedAddress.
//   The runtime must give the
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

/// The shared memory address of a block's dynamic shared memory on the
/// host: 16-byte aligned, as on a GPU, but not 1024-byte aligned, which a
/// kernel that needs that must not assume.
constexpr int64_t kEmulatedSharedAddress = 16;

/// Bytes of each asynchronous copy that emulateAsync handles.
constexpr int64_t kAsyncCopyBytes = 16;
/// Asynchronous copies that a thread may have issued and not waited for.
constexpr int64_t kMaxPendingCopies = 64;
/// wgmma that a thread may have issued and not waited for.
constexpr int64_t kMaxPendingWgmma = 32;

/// Whether `type` is a register of two f16 or bf16 elements: a vector of
/// them, or an i32 that holds them.
bool isPairRegister(Type type) {
  auto vector = dyn_cast<VectorType>(type);
  if (!vector)
    return type.isInteger(32);
  return vector.getShape() == ArrayRef<int64_t>{2} &&
         (vector.getElementType().isF16() || vector.getElementType().isBF16());
}

/// Whether `op` is an nvgpu.device_async_copy that emulateAsync handles:
/// 16 bytes, all of them from the source (no srcElements), its token
/// unused, into a memref.view of gpu.dynamic_shared_memory with the
/// identity layout.
bool isEmulatedAsyncCopy(Operation *op) {
  auto copy = dyn_cast<nvgpu::DeviceAsyncCopyOp>(op);
  if (!copy || copy.getSrcElements() || !copy.getAsyncToken().use_empty())
    return false;
  auto view = copy.getDst().getDefiningOp<memref::ViewOp>();
  MemRefType type = copy.getDst().getType();
  return view && view.getSource().getDefiningOp<gpu::DynamicSharedMemoryOp>() &&
         type.getLayout().isIdentity() && type.hasStaticShape() &&
         copy.getDstElements().getZExtValue() * type.getElementTypeBitWidth() ==
             kAsyncCopyBytes * 8;
}

/// Whether `mma` multiplies tf32 (m16n8k8; else f16 or bf16, m16n8k16).
bool isTf32Mma(NVVM::MmaOp mma) {
  return mma.getMultiplicandAPtxType() == NVVM::MMATypes::tf32;
}

/// Whether `op` is an nvvm.mma.sync that emulateMma handles: A row-major
/// and B column-major (4 and 2 registers), 4 f32 accumulators, either
/// m16n8k16 on f16 or bf16 pairs or m16n8k8 on tf32 (one i32 each).
bool isEmulatedMma(Operation *op) {
  auto mma = dyn_cast<NVVM::MmaOp>(op);
  if (!mma)
    return false;
  NVVM::MMAShapeAttr shape = mma.getShape();
  auto f32 = [](Type type) { return type.isF32(); };
  auto i32 = [](Type type) { return type.isInteger(32); };
  std::optional<NVVM::MMATypes> multiplicand = mma.getMultiplicandAPtxType();
  bool tf32 = isTf32Mma(mma);
  bool operandsTyped =
      tf32 ? mma.getMultiplicandBPtxType() == NVVM::MMATypes::tf32 &&
                 shape.getK() == 8 &&
                 llvm::all_of(mma.getOperandA().getTypes(), i32) &&
                 llvm::all_of(mma.getOperandB().getTypes(), i32)
           : (!multiplicand || *multiplicand == NVVM::MMATypes::f16 ||
              *multiplicand == NVVM::MMATypes::bf16) &&
                 shape.getK() == 16 &&
                 llvm::all_of(mma.getOperandA().getTypes(), isPairRegister) &&
                 llvm::all_of(mma.getOperandB().getTypes(), isPairRegister);
  return operandsTyped && shape.getM() == 16 && shape.getN() == 8 &&
         mma.getLayoutA() == NVVM::MMALayout::row &&
         mma.getLayoutB() == NVVM::MMALayout::col &&
         mma.getOperandA().size() == 4 && mma.getOperandB().size() == 2 &&
         mma.getOperandC().size() == 4 &&
         llvm::all_of(mma.getOperandC().getTypes(), f32);
}

/// Whether `op` is an nvgpu.ldmatrix that emulateLdMatrix handles: one
/// 32-bit register per matrix, of two 16-bit elements or (not transposed)
/// one 32-bit element.
bool isEmulatedLdMatrix(Operation *op) {
  auto load = dyn_cast<nvgpu::LdMatrixOp>(op);
  if (!load)
    return false;
  VectorType type = load.getRes().getType();
  int64_t bits = type.getElementTypeBitWidth();
  return type.getRank() == 2 && type.getDimSize(0) == load.getNumTiles() &&
         ((bits == 16 && type.getDimSize(1) == 2) ||
          (bits == 32 && type.getDimSize(1) == 1 && !load.getTranspose()));
}

/// Whether `op` is an nvvm.wgmma.mma_async that emulateWgmma handles:
/// m64nNk16, A and B f16 or bf16 from shared memory, N / 2 f32 accumulators,
/// neither scaled nor negated.
bool isEmulatedWgmma(Operation *op) {
  auto mma = dyn_cast<NVVM::WgmmaMmaAsyncOp>(op);
  if (!mma)
    return false;
  NVVM::MMAShapeAttr shape = mma.getShape();
  NVVM::WGMMATypes type = mma.getTypeA();
  auto accumulators = dyn_cast<LLVM::LLVMStructType>(mma.getInouts().getType());
  return shape.getM() == 64 && shape.getK() == 16 &&
         (type == NVVM::WGMMATypes::f16 || type == NVVM::WGMMATypes::bf16) &&
         mma.getTypeB() == type && mma.getTypeD() == NVVM::WGMMATypes::f32 &&
         mma.getScaleD() == NVVM::WGMMAScaleOut::one &&
         mma.getScaleA() == NVVM::WGMMAScaleIn::one &&
         mma.getScaleB() == NVVM::WGMMAScaleIn::one && !mma.getSatfinite() &&
         accumulators &&
         int64_t(accumulators.getBody().size()) == shape.getN() / 2 &&
         llvm::all_of(accumulators.getBody(),
                      [](Type type) { return type.isF32(); });
}

/// How the wgmma of a launch read their operands: all of them have the
/// same shape, layouts and element type (classify checks it).
struct WgmmaLayout {
  explicit WgmmaLayout(NVVM::WgmmaMmaAsyncOp mma)
      : aKMajor(mma.getLayoutA() == NVVM::MMALayout::row),
        bKMajor(mma.getLayoutB() == NVVM::MMALayout::col),
        bf16(mma.getTypeA() == NVVM::WGMMATypes::bf16),
        accumulators(mma.getShape().getN() / 2) {}
  bool operator==(const WgmmaLayout &other) const {
    return aKMajor == other.aKMajor && bKMajor == other.bKMajor &&
           bf16 == other.bf16 && accumulators == other.accumulators;
  }

  bool aKMajor, bKMajor, bf16;
  int64_t accumulators;
};

/// How the threads of a launch can run on the host.
enum class Threads { Independent, Synchronizing, Unsupported };

/// Independent if no op of its body but the terminator is of the gpu,
/// nvgpu or nvvm dialects and it has no workgroup buffer; Synchronizing if
/// those ops are gpu.barrier, gpu.dynamic_shared_memory (of a launch with a
/// dynamic shared memory size, used by memref.view only), asynchronous
/// copies that isEmulatedAsyncCopy, their groups (used by waits only) and
/// waits, and, with `emulateMma`, mma.sync that isEmulatedMma, ldmatrix
/// that isEmulatedLdMatrix, wgmma that isEmulatedWgmma (all of one
/// WgmmaLayout), their fence, commits and waits (only with wgmma), and
/// fence.proxy (the dynamic shared memory may then also be used by
/// memref.extract_aligned_pointer_as_index).
Threads classify(gpu::LaunchOp launch, bool emulateMma) {
  if (!launch.getPrivateAttributions().empty() || launch.hasClusterSize() ||
      launch.getAsyncToken() || !launch.getAsyncDependencies().empty() ||
      !launch.getBody().hasOneBlock())
    return Threads::Unsupported;
  Block &body = launch.getBody().front();
  bool barriers = false;
  std::optional<WgmmaLayout> wgmmaLayout;
  WalkResult result = body.walk([&](Operation *op) {
    // The wgmma of a launch must read their operands alike.
    if (auto mma = dyn_cast<NVVM::WgmmaMmaAsyncOp>(op)) {
      if (wgmmaLayout && !(*wgmmaLayout == WgmmaLayout(mma)))
        return WalkResult::interrupt();
      wgmmaLayout.emplace(mma);
    }
    if (op == body.getTerminator())
      return WalkResult::advance();
    auto usedBy = [](Operation *op, auto isUser) {
      return llvm::all_of(op->getUsers(), isUser);
    };
    if (isa<gpu::BarrierOp, nvgpu::DeviceAsyncWaitOp>(op) ||
        (isa<gpu::DynamicSharedMemoryOp>(op) &&
         launch.getDynamicSharedMemorySize() &&
         usedBy(op, llvm::IsaPred<memref::ViewOp,
                                  memref::ExtractAlignedPointerAsIndexOp>)) ||
        (isa<nvgpu::DeviceAsyncCreateGroupOp>(op) &&
         usedBy(op, llvm::IsaPred<nvgpu::DeviceAsyncWaitOp>)) ||
        isEmulatedAsyncCopy(op) ||
        (emulateMma &&
         (isEmulatedMma(op) || isEmulatedLdMatrix(op) || isEmulatedWgmma(op) ||
          isa<NVVM::WgmmaFenceAlignedOp, NVVM::WgmmaGroupSyncAlignedOp,
              NVVM::WgmmaWaitGroupSyncOp, NVVM::FenceProxyOp>(op)))) {
      barriers = true;
      return WalkResult::advance();
    }
    StringRef dialect = op->getDialect()->getNamespace();
    return dialect == "gpu" || dialect == "nvgpu" || dialect == "nvvm"
               ? WalkResult::interrupt()
               : WalkResult::advance();
  });
  bool wgmmaGroups = body.walk([](Operation *op) {
                           return isa<NVVM::WgmmaGroupSyncAlignedOp,
                                      NVVM::WgmmaWaitGroupSyncOp>(op)
                                      ? WalkResult::interrupt()
                                      : WalkResult::advance();
                         })
                         .wasInterrupted();
  if (result.wasInterrupted() || (wgmmaGroups && !wgmmaLayout))
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

/// The functions that emulated warp-level ops become: one per kind of op
/// (its name, attributes and the types of its call), private and not
/// inlined, so that a kernel of many mma.sync or ldmatrix compiles (MLIR
/// and LLVM) in a time that grows with its kinds of them, not their number.
class EmulationFunctions {
public:
  /// Builds the body of a function: its results from its `arguments` (the
  /// call's `leading` values, then the op's operands).
  using BodyBuilder =
      function_ref<Value(OpBuilder &, Location, ValueRange arguments)>;

  /// Replaces `op` (one result) by a call of its kind's function, with
  /// `leading` before its operands; `build` builds the function the first
  /// time.
  void replace(Operation *op, ValueRange leading, BodyBuilder build) {
    OpBuilder b(op);
    Location loc = op->getLoc();
    SmallVector<Value> arguments(leading);
    llvm::append_range(arguments, op->getOperands());
    FunctionType type = b.getFunctionType(ValueRange(arguments).getTypes(),
                                          op->getResultTypes());
    func::FuncOp &function =
        functions[{op->getName(), op->getAttrDictionary(), type}];
    if (!function) {
      std::string name =
          "glu_test_emulated_" + op->getName().getStringRef().str();
      llvm::replace(name, '.', '_');
      function = func::FuncOp::create(loc, name, type);
      function.setPrivate();
      function->setAttr("passthrough",
                        b.getArrayAttr({b.getStringAttr("noinline")}));
      // Renamed if the module has a symbol of that name.
      SymbolTable(SymbolTable::getNearestSymbolTable(op->getParentOp()))
          .insert(function);
      OpBuilder body = OpBuilder::atBlockEnd(function.addEntryBlock());
      func::ReturnOp::create(body, loc,
                             build(body, loc, function.getArguments()));
    }
    op->replaceAllUsesWith(
        func::CallOp::create(b, loc, function, arguments).getResults());
    op->erase();
  }

private:
  DenseMap<std::tuple<OperationName, DictionaryAttr, FunctionType>,
           func::FuncOp>
      functions;
};

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
    inGroup = arith::RemUIOp::create(b, loc, lane, index(4));
    pairColumn = arith::MulIOp::create(b, loc, inGroup, index(2));
  }

  Value lane, warp;
  /// lane / 4, lane % 4, and 2 (lane % 4): the first column of the lane's
  /// pair.
  Value group, inGroup, pairColumn;
};

/// The first index of the thread's slice of an exchange `buffer` ([2 warps,
/// ...]) of emulated warp-level ops of a kind: its warp's slice in the half
/// that the thread's uses of the buffer alternate between (`uses`[thread]
/// counts them). A use writes its half, waits at a barrier and reads, and
/// need not wait again before the next use: that one writes the other half,
/// and the use after it writes this half only after the barrier of the use
/// between, which every thread reaches after its reads of this one.
Value exchangeSlice(OpBuilder &b, Location loc, Value buffer, Value uses,
                    const LanePosition &at, Value thread) {
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  Value count = memref::LoadOp::create(b, loc, uses, thread);
  memref::StoreOp::create(
      b, loc, arith::AddIOp::create(b, loc, count, index(1)), uses, thread);
  Value warps = arith::DivUIOp::create(
      b, loc, memref::DimOp::create(b, loc, buffer, 0), index(2));
  Value half = arith::RemUIOp::create(b, loc, count, index(2));
  return arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, half, warps), at.warp);
}

/// The body of the function that stands for mma.sync's of the kind of
/// `mma` (isEmulatedMma), run by every thread of the block, from its
/// `arguments` (the thread, its count of mma.sync `uses`, `tileA`, `tileB`,
/// then A's, B's and C's registers): what each thread computes of its
/// warp's 16 x 8 product: the threads store their fragments of A and B into
/// their warp's slices (exchangeSlice) of `tileA` ([2 warps, 16, 16] f32)
/// and `tileB` ([2 warps, 16, 8]), wait at `barrier`, and each computes its
/// 4 elements of D = A B + C in f32. The
/// fragments are laid out as the PTX ISA gives them (group = lane / 4, t =
/// lane % 4). m16n8k16: A's element i of 8 at row group + 8 ((i / 2) % 2),
/// column 2 t + i % 2 + 8 (i / 4); B's element i of 4 at row 2 t + i % 2 +
/// 8 (i / 2), column group. m16n8k8 (tf32): A's element i of 4 at row
/// group + 8 (i % 2), column t + 4 (i / 2); B's element i of 2 at row t +
/// 4 i, column group; each a tf32 in the upper 19 bits of its register,
/// whose lower 13 must be zero (asserted: a kernel rounds what it
/// multiplies to tf32 itself, rather than leave those bits to the
/// hardware). Both:
/// C's and D's element i of 4 at row group + 8 (i / 2), column 2 t + i % 2.
Value emulateMma(OpBuilder &b, Location loc, NVVM::MmaOp mma,
                 ValueRange arguments, func::FuncOp barrier) {
  Value thread = arguments[0], uses = arguments[1], tileA = arguments[2],
        tileB = arguments[3];
  ValueRange a = arguments.slice(4, mma.getOperandA().size());
  ValueRange bRegisters =
      arguments.slice(4 + a.size(), mma.getOperandB().size());
  ValueRange c = arguments.drop_front(4 + a.size() + bRegisters.size());
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  auto add = [&](Value lhs, int64_t rhs) -> Value {
    return rhs ? arith::AddIOp::create(b, loc, lhs, index(rhs)) : lhs;
  };
  LanePosition at(b, loc, thread);
  Value slice = exchangeSlice(b, loc, tileA, uses, at, thread);
  bool bf16 = mma.getMultiplicandAPtxType() == NVVM::MMATypes::bf16;
  bool tf32 = isTf32Mma(mma);
  // The elements of a register, in f32: two, or a tf32's one.
  auto elements = [&](Value reg) -> SmallVector<Value> {
    if (tf32) {
      Value low = arith::AndIOp::create(
          b, loc, reg, arith::ConstantIntOp::create(b, loc, 0x1fff, 32));
      cf::AssertOp::create(
          b, loc,
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, low,
                                arith::ConstantIntOp::create(b, loc, 0, 32)),
          "mma.sync tf32 operand with its lower 13 bits set");
      return {arith::BitcastOp::create(b, loc, b.getF32Type(), reg)};
    }
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
  for (auto [r, reg] : llvm::enumerate(a))
    for (auto [e, value] : llvm::enumerate(elements(reg))) {
      int64_t i = 2 * r + e;
      Value row =
          tf32 ? add(at.group, 8 * (r % 2)) : add(at.group, 8 * ((i / 2) % 2));
      Value column = tf32 ? add(at.inGroup, 4 * (r / 2))
                          : add(at.pairColumn, i % 2 + 8 * (i / 4));
      memref::StoreOp::create(b, loc, value, tileA,
                              ValueRange{slice, row, column});
    }
  for (auto [r, reg] : llvm::enumerate(bRegisters))
    for (auto [e, value] : llvm::enumerate(elements(reg))) {
      int64_t i = 2 * r + e;
      Value row = tf32 ? add(at.inGroup, 4 * r)
                       : add(at.pairColumn, i % 2 + 8 * (i / 2));
      memref::StoreOp::create(b, loc, value, tileB,
                              ValueRange{slice, row, at.group});
    }
  func::CallOp::create(b, loc, barrier);
  // D[row][column] = C + sum over k of A[row][k] B[k][column], one loop
  // over k for the thread's 4 elements.
  SmallVector<std::pair<Value, Value>> positions;
  for (int64_t i = 0; i < 4; ++i)
    positions.push_back(
        {add(at.group, 8 * (i / 2)), add(at.pairColumn, i % 2)});
  auto loop = scf::ForOp::create(
      b, loc, index(0), index(mma.getShape().getK()), index(1), c,
      [&](OpBuilder &nested, Location, Value k, ValueRange sums) {
        SmallVector<Value> next;
        for (auto [sum, position] : llvm::zip_equal(sums, positions)) {
          auto [row, column] = position;
          Value fromA = memref::LoadOp::create(nested, loc, tileA,
                                               ValueRange{slice, row, k});
          Value fromB = memref::LoadOp::create(nested, loc, tileB,
                                               ValueRange{slice, k, column});
          next.push_back(math::FmaOp::create(nested, loc, fromA, fromB, sum));
        }
        scf::YieldOp::create(nested, loc, next);
      });
  Value result = LLVM::UndefOp::create(b, loc, mma.getType());
  for (auto [i, sum] : llvm::enumerate(loop.getResults()))
    result = LLVM::InsertValueOp::create(b, loc, result, sum,
                                         ArrayRef<int64_t>{int64_t(i)});
  return result;
}

/// The body of the function that stands for ldmatrix's of the kind of
/// `load` (isEmulatedLdMatrix), run by every thread of the block, from its
/// `arguments` (the thread, its count of ldmatrix `uses`, `table`, then the
/// source and the indices): what it gives this thread: the threads store
/// the indices that they address into their warp's slice (exchangeSlice) of
/// `table` ([2 warps, 32, rank] index), wait at `barrier`, and each loads
/// its pair of matrix i.
/// Row r of matrix i is what lane 8 i + r addresses; lane l's pair is, with
/// g = l / 4 and t = l % 4 (PTX ISA, ldmatrix), columns 2 t and 2 t + 1 of
/// row g, or, transposed, column g of rows 2 t and 2 t + 1; of 32-bit
/// elements (a row of 4), the one element (g, t).
Value emulateLdMatrix(OpBuilder &b, Location loc, nvgpu::LdMatrixOp load,
                      ValueRange arguments, func::FuncOp barrier) {
  Value thread = arguments[0], uses = arguments[1], table = arguments[2],
        matrix = arguments[3];
  ValueRange addressed = arguments.drop_front(4);
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  LanePosition at(b, loc, thread);
  Value slice = exchangeSlice(b, loc, table, uses, at, thread);
  for (auto [d, value] : llvm::enumerate(addressed))
    memref::StoreOp::create(b, loc, value, table,
                            ValueRange{slice, at.lane, index(d)});
  func::CallOp::create(b, loc, barrier);
  VectorType type = load.getRes().getType();
  // The indices that lane `source` addresses, `offset` columns further.
  auto rowIndices = [&](Value source, Value offset) {
    SmallVector<Value> indices;
    for (size_t d = 0; d < addressed.size(); ++d)
      indices.push_back(memref::LoadOp::create(
          b, loc, table, ValueRange{slice, source, index(d)}));
    indices.back() = arith::AddIOp::create(b, loc, indices.back(), offset);
    return indices;
  };
  Value result = arith::ConstantOp::create(b, loc, type, b.getZeroAttr(type));
  for (int64_t i = 0; i < type.getDimSize(0); ++i) {
    Value pair;
    if (!load.getTranspose()) {
      Value source = arith::AddIOp::create(b, loc, at.group, index(8 * i));
      int64_t perRegister = type.getDimSize(1);
      pair = vector::LoadOp::create(
          b, loc, VectorType::get({perRegister}, type.getElementType()), matrix,
          rowIndices(source, perRegister == 2 ? at.pairColumn : at.inGroup));
    } else {
      SmallVector<Value> elements;
      for (int64_t e = 0; e < 2; ++e) {
        Value source =
            arith::AddIOp::create(b, loc, at.pairColumn, index(8 * i + e));
        elements.push_back(memref::LoadOp::create(
            b, loc, matrix, rowIndices(source, at.group)));
      }
      pair = vector::FromElementsOp::create(
          b, loc, VectorType::get({2}, type.getElementType()), elements);
    }
    result = vector::InsertOp::create(b, loc, pair, result, i);
  }
  return result;
}

/// Replaces `wait`, run by thread `thread`, by a pass over the thread's
/// queue of pending asynchronous operations (count[thread] of them, the
/// i-th of group group[thread][i]): those of the groups before the last
/// `pending` that the thread committed (committed[thread] groups) are
/// complete: `complete(b, i)` runs for each, and it leaves the queue; the
/// others stay, in order, moved to the front by `move(b, i, at)` (which
/// moves all but the group).
void emulateGroupWait(Operation *wait, int64_t pending, Value thread,
                      Value count, Value committed, Value group,
                      function_ref<void(OpBuilder &, Value)> complete,
                      function_ref<void(OpBuilder &, Value, Value)> move) {
  OpBuilder b(wait);
  Location loc = wait->getLoc();
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  // Groups before `limit` must be complete.
  Value limit = arith::SubIOp::create(
      b, loc, memref::LoadOp::create(b, loc, committed, thread),
      arith::ConstantIndexOp::create(b, loc, pending));
  auto loop = scf::ForOp::create(
      b, loc, zero, memref::LoadOp::create(b, loc, count, thread), one,
      ValueRange{zero},
      [&](OpBuilder &nested, Location, Value i, ValueRange kept) {
        Value at = kept.front();
        Value groupOf =
            memref::LoadOp::create(nested, loc, group, ValueRange{thread, i});
        auto ifOp = scf::IfOp::create(
            nested, loc, TypeRange{nested.getIndexType()},
            arith::CmpIOp::create(nested, loc, arith::CmpIPredicate::slt,
                                  groupOf, limit),
            /*withElseRegion=*/true);
        OpBuilder branch = OpBuilder::atBlockBegin(ifOp.thenBlock());
        complete(branch, i);
        scf::YieldOp::create(branch, loc, at);
        branch.setInsertionPointToStart(ifOp.elseBlock());
        move(branch, i, at);
        memref::StoreOp::create(branch, loc, groupOf, group,
                                ValueRange{thread, at});
        scf::YieldOp::create(
            branch, loc,
            ValueRange{arith::AddIOp::create(branch, loc, at, one)});
        scf::YieldOp::create(nested, loc, ifOp.getResults());
      });
  memref::StoreOp::create(b, loc, loop.getResult(0), count, thread);
  wait->erase();
}

/// Replaces `commit`, run by thread `thread`, by committed[thread] += 1.
void emulateGroupCommit(Operation *commit, Value thread, Value committed) {
  OpBuilder b(commit);
  Location loc = commit->getLoc();
  memref::StoreOp::create(
      b, loc,
      arith::AddIOp::create(b, loc,
                            memref::LoadOp::create(b, loc, committed, thread),
                            arith::ConstantIndexOp::create(b, loc, 1)),
      committed, thread);
  commit->erase();
}

/// A host buffer of `element`s of `shape`, whose first size (dynamic) is
/// `threads`: a row per thread of a block.
Value allocPerThread(OpBuilder &b, Location loc, Value threads,
                     ArrayRef<int64_t> shape, Type element) {
  return memref::AllocOp::create(b, loc, MemRefType::get(shape, element),
                                 ValueRange{threads});
}

/// Per-thread queues of the wgmma that the threads of a block issued and
/// have not waited for: thread t's i-th has the descriptors of its A and B
/// at descriptors[t][i][0] and [1], the f32 sum of the operand elements
/// that it read at checksum[t][i] and its group at group[t][i]; thread t
/// has count[t] of them and committed committed[t] groups.
struct WgmmaQueues {
  WgmmaQueues(OpBuilder &b, Location loc, Value threads) {
    auto alloc = [&](ArrayRef<int64_t> shape, Type element) {
      return allocPerThread(b, loc, threads, shape, element);
    };
    int64_t dynamic = ShapedType::kDynamic;
    descriptors = alloc({dynamic, kMaxPendingWgmma, 2}, b.getI64Type());
    checksum = alloc({dynamic, kMaxPendingWgmma}, b.getF32Type());
    group = alloc({dynamic, kMaxPendingWgmma}, b.getIndexType());
    count = alloc({dynamic}, b.getIndexType());
    committed = alloc({dynamic}, b.getIndexType());
  }

  Value descriptors, checksum, group, count, committed;
};

/// Emits this thread's share of a wgmma of `layout` with descriptors
/// `descA` and `descB` (i64), run by every thread of its warpgroup: for
/// each of its accumulators i and each k < 16, A[row][k] and B[k][column]
/// read from `shared` (the block's dynamic shared memory, at
/// kEmulatedSharedAddress) where the descriptors say, and, with `sums` (a
/// memref of the accumulators), sums[i] += A[row][k] B[k][column]. Returns
/// the f32 sum of the elements read, in a fixed order. As the PTX ISA
/// gives them:
/// - a descriptor holds the start address >> 4 in bits 0-13, the leading
///   byte offset (LBO) >> 4 in bits 16-29, the stride byte offset (SBO)
///   >> 4 in bits 32-45 and the swizzle in bits 62-63 (1: 128 bytes, the
///   only one emulated; an assertion checks it);
/// - with the 128-byte swizzle, a K-major operand (A, or B with layout col)
///   has element (m, k) of an M x K matrix at start + (m / 8) SBO +
///   (m % 8) 128 + 2 k, and an MN-major one (B with layout row, A with
///   layout col) element (k, n) at start + (n / 64) LBO + (k / 8) SBO +
///   (k % 8) 128 + 2 (n % 64); bits 4-6 of that address are then XORed
///   with its bits 7-9;
/// - thread t of the warpgroup (warp w = t / 32, lane l) holds accumulator
///   i at row 16 w + l / 4 + 8 ((i / 2) % 2), column 8 (i / 4) + 2 (l % 4)
///   + i % 2.
Value emitWgmmaReads(OpBuilder &b, Location loc, const WgmmaLayout &layout,
                     Value descA, Value descB, Value thread, Value shared,
                     Value sums) {
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  auto i64 = [&](int64_t value) -> Value {
    return arith::ConstantIntOp::create(b, loc, b.getI64Type(), value);
  };
  // Bits [shift, shift + 14) of `descriptor` << 4, as an index.
  auto field = [&](Value descriptor, int64_t shift) -> Value {
    Value bits = arith::AndIOp::create(
        b, loc, arith::ShRUIOp::create(b, loc, descriptor, i64(shift)),
        i64((1 << 14) - 1));
    return arith::IndexCastOp::create(
        b, loc, b.getIndexType(), arith::ShLIOp::create(b, loc, bits, i64(4)));
  };
  struct Operand {
    Value start, leading, stride;
    bool kMajor;
  };
  auto decode = [&](Value descriptor, bool kMajor) {
    cf::AssertOp::create(
        b, loc,
        arith::CmpIOp::create(
            b, loc, arith::CmpIPredicate::eq,
            arith::ShRUIOp::create(b, loc, descriptor, i64(62)), i64(1)),
        "glu-test-gpu-launch-to-loops: wgmma emulates the 128-byte swizzle "
        "only");
    // Bits 14-15, 30-31 and 46-61 (the base offset among them): zero.
    int64_t reserved =
        (int64_t(3) << 14) | (int64_t(3) << 30) | (int64_t(0xffff) << 46);
    cf::AssertOp::create(
        b, loc,
        arith::CmpIOp::create(
            b, loc, arith::CmpIPredicate::eq,
            arith::AndIOp::create(b, loc, descriptor, i64(reserved)), i64(0)),
        "glu-test-gpu-launch-to-loops: a wgmma descriptor has reserved or "
        "base offset bits set");
    return Operand{field(descriptor, 0), field(descriptor, 16),
                   field(descriptor, 32), kMajor};
  };
  Operand a = decode(descA, layout.aKMajor);
  Operand bOperand = decode(descB, layout.bKMajor);
  Type element = layout.bf16 ? b.getBF16Type() : b.getF16Type();
  Type f32 = b.getF32Type();
  LanePosition at(b, loc, arith::RemUIOp::create(b, loc, thread, index(128)));
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(f32));
  auto loop = scf::ForOp::create(
      b, loc, index(0), index(layout.accumulators), index(1), ValueRange{zero},
      [&](OpBuilder &nb, Location, Value i, ValueRange checksum) {
        auto add = [&](Value lhs, Value rhs) -> Value {
          return arith::AddIOp::create(nb, loc, lhs, rhs);
        };
        auto mul = [&](Value lhs, int64_t rhs) -> Value {
          return arith::MulIOp::create(nb, loc, lhs, index(rhs));
        };
        auto div = [&](Value lhs, int64_t rhs) -> Value {
          return arith::DivUIOp::create(nb, loc, lhs, index(rhs));
        };
        auto rem = [&](Value lhs, int64_t rhs) -> Value {
          return arith::RemUIOp::create(nb, loc, lhs, index(rhs));
        };
        auto times = [&](Value lhs, Value rhs) -> Value {
          return arith::MulIOp::create(nb, loc, lhs, rhs);
        };
        Value row =
            add(add(mul(at.warp, 16), at.group), mul(rem(div(i, 2), 2), 8));
        Value column = add(add(mul(div(i, 4), 8), at.pairColumn), rem(i, 2));
        // The element at (outer, inner) of an operand: (m, k) of A or
        // (n, k) of B, in f32.
        auto load = [&](OpBuilder &lb, const Operand &operand, Value outer,
                        Value inner) {
          Value address =
              operand.kMajor
                  ? add(add(operand.start,
                            times(div(outer, 8), operand.stride)),
                        add(mul(rem(outer, 8), 128), mul(inner, 2)))
                  : add(add(add(operand.start,
                                times(div(outer, 64), operand.leading)),
                            times(div(inner, 8), operand.stride)),
                        add(mul(rem(inner, 8), 128), mul(rem(outer, 64), 2)));
          Value swizzled = arith::XOrIOp::create(
              lb, loc, address,
              arith::AndIOp::create(
                  lb, loc, arith::ShRUIOp::create(lb, loc, address, index(3)),
                  index(0x70)));
          Value offset = arith::SubIOp::create(lb, loc, swizzled,
                                               index(kEmulatedSharedAddress));
          Value bytes = vector::LoadOp::create(
              lb, loc, VectorType::get({2}, lb.getI8Type()), shared, offset);
          Value value = vector::ExtractOp::create(
              lb, loc,
              vector::BitCastOp::create(lb, loc, VectorType::get({1}, element),
                                        bytes),
              0);
          return arith::ExtFOp::create(lb, loc, f32, value).getResult();
        };
        SmallVector<Value> inits = {checksum.front()};
        if (sums)
          inits.push_back(memref::LoadOp::create(nb, loc, sums, i));
        auto products = scf::ForOp::create(
            nb, loc, index(0), index(16), index(1), inits,
            [&](OpBuilder &kb, Location, Value k, ValueRange carried) {
              Value fromA = load(kb, a, row, k);
              Value fromB = load(kb, bOperand, column, k);
              SmallVector<Value> next = {arith::AddFOp::create(
                  kb, loc,
                  arith::AddFOp::create(kb, loc, carried.front(), fromA),
                  fromB)};
              if (sums)
                next.push_back(
                    math::FmaOp::create(kb, loc, fromA, fromB, carried.back()));
              scf::YieldOp::create(kb, loc, next);
            });
        if (sums)
          memref::StoreOp::create(nb, loc, products.getResult(1), sums, i);
        scf::YieldOp::create(nb, loc, products.getResult(0));
      });
  return loop.getResult(0);
}

/// Replaces `mma` (isEmulatedWgmma), run by every thread of its
/// warpgroup, by this thread's share of its product (emitWgmmaReads, in
/// `sums`, the thread's buffer of as many f32 as it has accumulators), read
/// when it is issued, and queues it in `queues` with its group and the sum
/// of what it read.
void emulateWgmma(NVVM::WgmmaMmaAsyncOp mma, Value thread, Value shared,
                  Value sums, const WgmmaQueues &queues) {
  OpBuilder b(mma);
  Location loc = mma.getLoc();
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  WgmmaLayout layout(mma);
  for (int64_t i = 0; i < layout.accumulators; ++i)
    memref::StoreOp::create(
        b, loc, LLVM::ExtractValueOp::create(b, loc, mma.getInouts(), i), sums,
        index(i));
  Value checksum = emitWgmmaReads(b, loc, layout, mma.getDescriptorA(),
                                  mma.getDescriptorB(), thread, shared, sums);
  Value count = memref::LoadOp::create(b, loc, queues.count, thread);
  cf::AssertOp::create(
      b, loc,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, count,
                            index(kMaxPendingWgmma)),
      "glu-test-gpu-launch-to-loops: a thread has too many wgmma pending");
  SmallVector<Value> descriptors = {mma.getDescriptorA(), mma.getDescriptorB()};
  for (auto [d, descriptor] : llvm::enumerate(descriptors))
    memref::StoreOp::create(b, loc, descriptor, queues.descriptors,
                            ValueRange{thread, count, index(d)});
  memref::StoreOp::create(b, loc, checksum, queues.checksum,
                          ValueRange{thread, count});
  memref::StoreOp::create(
      b, loc, memref::LoadOp::create(b, loc, queues.committed, thread),
      queues.group, ValueRange{thread, count});
  memref::StoreOp::create(b, loc,
                          arith::AddIOp::create(b, loc, count, index(1)),
                          queues.count, thread);
  Value result = LLVM::UndefOp::create(b, loc, mma.getType());
  for (int64_t i = 0; i < layout.accumulators; ++i)
    result = LLVM::InsertValueOp::create(
        b, loc, result, memref::LoadOp::create(b, loc, sums, index(i)),
        ArrayRef<int64_t>{i});
  mma.replaceAllUsesWith(result);
  mma.erase();
}

/// Replaces the wgmma commits and waits under `root`, run by thread
/// `thread`, by their bookkeeping in `queues`: a commit counts one more
/// group; a wait for at most N pending groups checks that each queued
/// wgmma of the groups before the last N still reads what it read when it
/// was issued (the same sum of elements: a kernel must not write its
/// operands before the wait that completes it), drops those and keeps the
/// others.
void emulateWgmmaGroups(Operation *root, Value thread,
                        const WgmmaLayout &layout, const WgmmaQueues &queues,
                        Value shared) {
  root->walk([&](NVVM::WgmmaWaitGroupSyncOp wait) {
    Location loc = wait.getLoc();
    auto descriptor = [&](OpBuilder &b, Value i, int64_t d) -> Value {
      return memref::LoadOp::create(
          b, loc, queues.descriptors,
          ValueRange{thread, i, arith::ConstantIndexOp::create(b, loc, d)});
    };
    emulateGroupWait(
        wait, wait.getGroup(), thread, queues.count, queues.committed,
        queues.group,
        [&](OpBuilder &b, Value i) {
          Value descA = descriptor(b, i, 0), descB = descriptor(b, i, 1);
          Value reread = emitWgmmaReads(b, loc, layout, descA, descB, thread,
                                        shared, /*sums=*/nullptr);
          Value checksum = memref::LoadOp::create(b, loc, queues.checksum,
                                                  ValueRange{thread, i});
          cf::AssertOp::create(
              b, loc,
              arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, reread,
                                    checksum),
              "glu-test-gpu-launch-to-loops: a wgmma's operands changed "
              "before the wait that completes it");
        },
        [&](OpBuilder &b, Value i, Value at) {
          for (int64_t d = 0; d < 2; ++d)
            memref::StoreOp::create(
                b, loc, descriptor(b, i, d), queues.descriptors,
                ValueRange{thread, at,
                           arith::ConstantIndexOp::create(b, loc, d)});
          memref::StoreOp::create(b, loc,
                                  memref::LoadOp::create(b, loc,
                                                         queues.checksum,
                                                         ValueRange{thread, i}),
                                  queues.checksum, ValueRange{thread, at});
        });
  });
  root->walk([&](NVVM::WgmmaGroupSyncAlignedOp commit) {
    emulateGroupCommit(commit, thread, queues.committed);
  });
}

/// Per-thread queues of the asynchronous copies that the threads of a block
/// issued and have not waited for: thread t's i-th pending copy has its 16
/// bytes at data[t][i], the byte of the dynamic shared memory where they go
/// at offset[t][i], and its group (the number of groups the thread had
/// committed when it issued the copy) at group[t][i]; thread t has count[t]
/// of them and committed committed[t] groups.
struct AsyncCopyQueues {
  AsyncCopyQueues(OpBuilder &b, Location loc, Value threads) {
    auto alloc = [&](ArrayRef<int64_t> shape, Type element) {
      return allocPerThread(b, loc, threads, shape, element);
    };
    int64_t dynamic = ShapedType::kDynamic;
    data = alloc({dynamic, kMaxPendingCopies, kAsyncCopyBytes}, b.getI8Type());
    offset = alloc({dynamic, kMaxPendingCopies}, b.getIndexType());
    group = alloc({dynamic, kMaxPendingCopies}, b.getIndexType());
    count = alloc({dynamic}, b.getIndexType());
    committed = alloc({dynamic}, b.getIndexType());
  }

  Value data, offset, group, count, committed;
};

/// Replaces the asynchronous copies, groups and waits under `root`, run by
/// thread `thread`, by what they do to `shared` (the block's dynamic shared
/// memory): a copy (isEmulatedAsyncCopy) loads its source, appends it to
/// the thread's queue and fills its destination with 0xff bytes; a group
/// counts one more committed group; a wait for
/// at most N pending groups writes the queued copies of the groups before
/// the last N into `shared`, in the order they were issued, and keeps the
/// others.
void emulateAsync(Operation *root, Value thread, const AsyncCopyQueues &queues,
                  Value shared) {
  auto index = [](OpBuilder &b, Location loc, int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  root->walk([&](nvgpu::DeviceAsyncWaitOp wait) {
    Location loc = wait.getLoc();
    auto bytes = VectorType::get({kAsyncCopyBytes},
                                 IntegerType::get(wait.getContext(), 8));
    auto data = [&](OpBuilder &b, Value i) -> Value {
      return vector::LoadOp::create(b, loc, bytes, queues.data,
                                    ValueRange{thread, i, index(b, loc, 0)});
    };
    auto offset = [&](OpBuilder &b, Value i) -> Value {
      return memref::LoadOp::create(b, loc, queues.offset,
                                    ValueRange{thread, i});
    };
    emulateGroupWait(
        wait, wait.getNumGroups().value_or(0), thread, queues.count,
        queues.committed, queues.group,
        [&](OpBuilder &b, Value i) {
          Value bytesOf = data(b, i);
          vector::StoreOp::create(b, loc, bytesOf, shared, offset(b, i));
        },
        [&](OpBuilder &b, Value i, Value at) {
          vector::StoreOp::create(b, loc, data(b, i), queues.data,
                                  ValueRange{thread, at, index(b, loc, 0)});
          memref::StoreOp::create(b, loc, offset(b, i), queues.offset,
                                  ValueRange{thread, at});
        });
  });
  root->walk([&](nvgpu::DeviceAsyncCreateGroupOp group) {
    emulateGroupCommit(group, thread, queues.committed);
  });
  root->walk([&](nvgpu::DeviceAsyncCopyOp copy) {
    OpBuilder b(copy);
    Location loc = copy.getLoc();
    MemRefType type = copy.getDst().getType();
    int64_t elementBytes = type.getElementTypeBitWidth() / 8;
    // The byte of `shared` where the copy goes.
    Value offset = copy.getDst().getDefiningOp<memref::ViewOp>().getByteShift();
    auto [strides, unused] = type.getStridesAndOffset();
    for (auto [at, stride] : llvm::zip_equal(copy.getDstIndices(), strides))
      offset = arith::AddIOp::create(
          b, loc, offset,
          arith::MulIOp::create(b, loc, at,
                                index(b, loc, stride * elementBytes)));
    Value data = vector::BitCastOp::create(
        b, loc, VectorType::get({kAsyncCopyBytes}, b.getI8Type()),
        vector::LoadOp::create(
            b, loc,
            VectorType::get({copy.getDstElements().getSExtValue()},
                            type.getElementType()),
            copy.getSrc(), copy.getSrcIndices()));
    Value count = memref::LoadOp::create(b, loc, queues.count, thread);
    cf::AssertOp::create(
        b, loc,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, count,
                              index(b, loc, kMaxPendingCopies)),
        "glu-test-gpu-launch-to-loops: a thread has too many asynchronous "
        "copies pending");
    vector::StoreOp::create(b, loc, data, queues.data,
                            ValueRange{thread, count, index(b, loc, 0)});
    memref::StoreOp::create(b, loc, offset, queues.offset,
                            ValueRange{thread, count});
    memref::StoreOp::create(
        b, loc, memref::LoadOp::create(b, loc, queues.committed, thread),
        queues.group, ValueRange{thread, count});
    memref::StoreOp::create(
        b, loc, arith::AddIOp::create(b, loc, count, index(b, loc, 1)),
        queues.count, thread);
    // Until the wait, the destination holds no defined value: 0xff bytes
    // (NaN in f32, f16 and bf16) there make a read of it, or a wgmma whose
    // operands a copy overwrites, visible.
    auto bytes = VectorType::get({kAsyncCopyBytes}, b.getI8Type());
    vector::StoreOp::create(
        b, loc,
        arith::ConstantOp::create(
            b, loc, DenseElementsAttr::get(bytes, b.getI8IntegerAttr(-1))),
        shared, offset);
    copy.erase();
  });
}

/// Replaces `launch` by a loop over its blocks, each an omp.parallel of its
/// threads (see the file comment).
void emulateWithThreads(gpu::LaunchOp launch, EmulationFunctions &functions) {
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
  bool hasAsyncCopies = launch.getBody()
                            .walk([](nvgpu::DeviceAsyncCopyOp) {
                              return WalkResult::interrupt();
                            })
                            .wasInterrupted();
  // The layout of the launch's wgmma (classify: they share it), if any.
  std::optional<WgmmaLayout> wgmmaLayout;
  launch.getBody().walk(
      [&](NVVM::WgmmaMmaAsyncOp mma) { wgmmaLayout.emplace(mma); });
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
        // The block's dynamic shared memory, and its threads' queues of
        // asynchronous copies.
        Value shared;
        std::optional<AsyncCopyQueues> queues;
        if (Value bytes = launch.getDynamicSharedMemorySize())
          shared = memref::AllocOp::create(
              nested, loc,
              MemRefType::get({ShapedType::kDynamic}, nested.getI8Type()),
              ValueRange{arith::IndexCastOp::create(
                  nested, loc, nested.getIndexType(), bytes)},
              ValueRange(), nested.getI64IntegerAttr(16));
        if (hasAsyncCopies)
          queues.emplace(nested, loc, threads);
        std::optional<WgmmaQueues> wgmmaQueues;
        if (wgmmaLayout)
          wgmmaQueues.emplace(nested, loc, threads);
        // Two slices per warp (exchangeSlice) of the mma.sync operands and
        // of the ldmatrix indices, if it has any, and each thread's count
        // of its uses of them.
        Value slices = arith::MulIOp::create(
            nested, loc,
            arith::CeilDivUIOp::create(
                nested, loc, threads,
                arith::ConstantIndexOp::create(nested, loc, 32)),
            arith::ConstantIndexOp::create(nested, loc, 2));
        auto perThread = [&] {
          return allocPerThread(nested, loc, threads, ShapedType::kDynamic,
                                nested.getIndexType());
        };
        Value tileA, tileB, mmaUses, table, ldMatrixUses;
        if (ldMatrixRank) {
          table = memref::AllocOp::create(
              nested, loc,
              MemRefType::get({ShapedType::kDynamic, 32, ldMatrixRank},
                              nested.getIndexType()),
              ValueRange{slices});
          ldMatrixUses = perThread();
        }
        if (hasMma) {
          auto tile = [&](int64_t columns) -> Value {
            return memref::AllocOp::create(
                nested, loc,
                MemRefType::get({ShapedType::kDynamic, 16, columns},
                                nested.getF32Type()),
                ValueRange{slices});
          };
          tileA = tile(16);
          tileB = tile(8);
          mmaUses = perThread();
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
        SmallVector<Value> counters;
        if (queues)
          counters.append({queues->count, queues->committed});
        if (wgmmaQueues)
          counters.append({wgmmaQueues->count, wgmmaQueues->committed});
        for (Value uses : {mmaUses, ldMatrixUses})
          if (uses)
            counters.push_back(uses);
        for (Value counter : counters)
          memref::StoreOp::create(inner, loc,
                                  arith::ConstantIndexOp::create(inner, loc, 0),
                                  counter, thread);
        // The thread's wgmma accumulators, while a wgmma is emulated.
        Value wgmmaSums;
        if (wgmmaLayout)
          wgmmaSums = memref::AllocaOp::create(
              inner, loc,
              MemRefType::get({wgmmaLayout->accumulators}, inner.getF32Type()));
        for (Operation &op : launch.getBody().front().without_terminator())
          inner.clone(op, mapping);
        if (wgmmaQueues)
          cf::AssertOp::create(
              inner, loc,
              arith::CmpIOp::create(
                  inner, loc, arith::CmpIPredicate::eq,
                  memref::LoadOp::create(inner, loc, wgmmaQueues->count,
                                         thread),
                  arith::ConstantIndexOp::create(inner, loc, 0)),
              "glu-test-gpu-launch-to-loops: a thread ends with wgmma not "
              "waited for");
        omp::TerminatorOp::create(inner, loc);
        // The views of the dynamic shared memory become views of the
        // block's buffer, in host memory; its address is
        // kEmulatedSharedAddress.
        SmallVector<gpu::DynamicSharedMemoryOp> sharedMemory;
        parallel.walk(
            [&](gpu::DynamicSharedMemoryOp op) { sharedMemory.push_back(op); });
        for (gpu::DynamicSharedMemoryOp op : sharedMemory) {
          for (Operation *user : llvm::make_early_inc_range(op->getUsers())) {
            if (auto address =
                    dyn_cast<memref::ExtractAlignedPointerAsIndexOp>(user)) {
              OpBuilder at(address);
              address.getResult().replaceAllUsesWith(
                  arith::ConstantIndexOp::create(at, address.getLoc(),
                                                 kEmulatedSharedAddress));
              address.erase();
              continue;
            }
            auto view = cast<memref::ViewOp>(user);
            MemRefType type = view.getType();
            view.getSourceMutable().assign(shared);
            view.getResult().setType(
                MemRefType::get(type.getShape(), type.getElementType()));
          }
          op.erase();
        }
        if (queues)
          emulateAsync(parallel, thread, *queues, shared);
        // GOMP_barrier (libomp's entry for GCC's `#pragma omp barrier`)
        // rather than omp.barrier, which declares no memory effects and
        // which buffer deallocation therefore rejects.
        parallel.walk([&](gpu::BarrierOp barrier) {
          OpBuilder before(barrier);
          func::CallOp::create(before, barrier.getLoc(), barrierFunction);
          barrier.erase();
        });
        parallel.walk([&](NVVM::MmaOp mma) {
          functions.replace(
              mma, {thread, mmaUses, tileA, tileB},
              [&](OpBuilder &body, Location loc, ValueRange arguments) {
                return emulateMma(body, loc, mma, arguments, barrierFunction);
              });
        });
        parallel.walk([&](nvgpu::LdMatrixOp load) {
          functions.replace(
              load, {thread, ldMatrixUses, table},
              [&](OpBuilder &body, Location loc, ValueRange arguments) {
                return emulateLdMatrix(body, loc, load, arguments,
                                       barrierFunction);
              });
        });
        if (wgmmaQueues) {
          parallel.walk([&](NVVM::WgmmaMmaAsyncOp mma) {
            emulateWgmma(mma, thread, shared, wgmmaSums, *wgmmaQueues);
          });
          emulateWgmmaGroups(parallel, thread, *wgmmaLayout, *wgmmaQueues,
                             shared);
        }
        // The fences order what the emulation does in order anyway.
        parallel.walk([&](Operation *op) {
          if (isa<NVVM::WgmmaFenceAlignedOp, NVVM::FenceProxyOp>(op))
            op->erase();
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
      llvm::cl::desc("Run kernels with mma.sync and ldmatrix "
                     "(slowly: a barrier of the whole block per "
                     "mma.sync or ldmatrix); false: they become assertions "
                     "that they have no blocks"),
      llvm::cl::init(true)};

  StringRef getArgument() const final { return "glu-test-gpu-launch-to-loops"; }
  StringRef getDescription() const final {
    return "Run gpu.launch kernels on the host: threads that do not "
           "communicate as loops over their blocks and threads, threads "
           "with barriers, workgroup buffers or mma.sync as OpenMP "
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
    EmulationFunctions functions;
    getOperation()->walk(
        [&](gpu::LaunchOp launch) { launches.push_back(launch); });
    for (gpu::LaunchOp launch : launches) {
      Threads threads = classify(launch, emulateMma);
      if (threads == Threads::Independent) {
        emulate(launch);
        continue;
      }
      if (threads == Threads::Synchronizing) {
        emulateWithThreads(launch, functions);
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
