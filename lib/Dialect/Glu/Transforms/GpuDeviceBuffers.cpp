//===- GpuDeviceBuffers.cpp - glu-gpu-device-buffers ----------------------===//
//
// Moves the buffers that outlined kernels use into device memory: kernel-only
// allocations become gpu.alloc, every other buffer gets a device mirror kept
// coherent with gpu.memcpy.
//
//===----------------------------------------------------------------------===//

#include "glu/Dialect/Glu/Transforms/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::glu {
#define GEN_PASS_DEF_GLUGPUDEVICEBUFFERS
#include "glu/Dialect/Glu/Transforms/Passes.h.inc"
} // namespace mlir::glu

using namespace mlir;

namespace {

/// Calls `visit` on every use of `memref` and of the views of it; the uses
/// that make the views are followed, not visited.
void forEachUseThroughViews(Value memref,
                            function_ref<void(OpOperand &)> visit) {
  for (OpOperand &use : memref.getUses()) {
    auto view = dyn_cast<ViewLikeOpInterface>(use.getOwner());
    if (view && view.getViewSource() == use.get())
      forEachUseThroughViews(view.getViewDest(), visit);
    else
      visit(use);
  }
}

/// The buffer that `memref` is a (chain of) view(s) of.
Value getRootBuffer(Value memref) {
  while (auto view = memref.getDefiningOp<ViewLikeOpInterface>()) {
    if (view.getViewDest() != memref)
      break;
    memref = view.getViewSource();
  }
  return memref;
}

/// Whether the address `pointer` (an index) may reach an op that can use it
/// to access memory: false if only side-effect-free arith ops use it, and
/// their results likewise, down to i1 values (a comparison of the address,
/// such as an alignment test, only steers control flow).
bool pointerEscapes(Value pointer) {
  return llvm::any_of(pointer.getUsers(), [](Operation *user) {
    if (!isa<arith::ArithDialect>(user->getDialect()) || !isPure(user))
      return true;
    return llvm::any_of(user->getResults(), [](Value result) {
      return !result.getType().isInteger(1) && pointerEscapes(result);
    });
  });
}

/// Whether `use` may write the memory that its memref refers to: true unless
/// the user declares its memory effects and none of them writes that memref.
/// A pointer taken out of the memref may be written through, unless it
/// does not escape.
bool mayWrite(OpOperand &use) {
  Operation *user = use.getOwner();
  if (auto extract = dyn_cast<memref::ExtractAlignedPointerAsIndexOp>(user))
    return pointerEscapes(extract.getAlignedPointer());
  auto effects = dyn_cast<MemoryEffectOpInterface>(user);
  if (!effects || user->hasTrait<OpTrait::IsTerminator>())
    return true;
  SmallVector<MemoryEffects::EffectInstance> instances;
  effects.getEffects(instances);
  return llvm::any_of(instances, [&](MemoryEffects::EffectInstance &instance) {
    return isa<MemoryEffects::Write>(instance.getEffect()) &&
           (!instance.getValue() || instance.getValue() == use.get());
  });
}

/// Whether the kernel that `launch` calls may write through its kernel
/// operand `index` (true when the kernel's body is not at hand).
bool kernelMayWrite(gpu::LaunchFuncOp launch, unsigned index) {
  auto kernel = SymbolTable::lookupNearestSymbolFrom<gpu::GPUFuncOp>(
      launch, launch.getKernel());
  if (!kernel || kernel.isExternal())
    return true;
  bool writes = false;
  forEachUseThroughViews(kernel.getArgument(index),
                         [&](OpOperand &use) { writes |= mayWrite(use); });
  return writes;
}

/// Host uses that neither read nor write the data of a buffer.
bool isMetadataUse(Operation *user) {
  return isa<memref::DimOp, memref::ExtractAlignedPointerAsIndexOp,
             memref::DeallocOp>(user);
}

/// Which copy of a mirrored buffer holds the latest data.
enum class Newer { Neither, Host, Device };

/// A host buffer and its device copy.
struct Mirror {
  Value host;
  Value device;
  Newer newer;
};

/// One top-level op's use of a mirrored buffer.
struct MirrorUse {
  unsigned mirror;
  bool writes;
};

/// Places the buffers of the kernels that one function launches.
class DeviceBufferPlacer {
public:
  DeviceBufferPlacer(func::FuncOp func, bool deviceArguments)
      : func(func), deviceArguments(deviceArguments),
        entryBuilder(OpBuilder::atBlockBegin(&body())) {}

  LogicalResult run() {
    SmallVector<gpu::LaunchFuncOp> launches;
    func.walk([&](gpu::LaunchFuncOp launch) { launches.push_back(launch); });
    if (launches.empty())
      return success();
    if ((deviceArguments && failed(checkDeviceArguments())) ||
        failed(collectRoots(launches)))
      return failure();
    for (Value root : roots) {
      auto alloc = root.getDefiningOp<memref::AllocOp>();
      if (alloc && onlyKernelsUse(root))
        allocateOnDevice(alloc);
      else if (failed(addMirror(root)))
        return failure();
    }
    if (!mirrors.empty()) {
      if (failed(collectMirrorUses(launches)))
        return failure();
      redirectLaunches(launches);
      insertCopies();
    }
    return deviceArguments ? checkDeviceResults() : success();
  }

private:
  Block &body() { return func.getBody().front(); }

  /// Whether `root` is device memory that the caller owns: an argument,
  /// with device-arguments.
  bool isDeviceArgument(Value root) {
    return deviceArguments && isa<BlockArgument>(root);
  }

  /// With device-arguments: host code only passes the arguments to kernels,
  /// takes their sizes or returns them.
  LogicalResult checkDeviceArguments() {
    for (BlockArgument argument : body().getArguments()) {
      if (!isa<MemRefType>(argument.getType()))
        continue;
      LogicalResult result = success();
      forEachUseThroughViews(argument, [&](OpOperand &use) {
        Operation *user = use.getOwner();
        if (failed(result) || isa<gpu::LaunchFuncOp, func::ReturnOp>(user) ||
            isMetadataUse(user))
          return;
        result = user->emitOpError("uses argument #")
                 << argument.getArgNumber()
                 << " on the host, but with device-arguments it is device "
                    "memory";
      });
      if (failed(result))
        return failure();
    }
    return success();
  }

  /// With device-arguments: every memref result is device memory.
  LogicalResult checkDeviceResults() {
    Operation *terminator = body().getTerminator();
    for (auto [index, result] : llvm::enumerate(terminator->getOperands())) {
      if (!isa<MemRefType>(result.getType()))
        continue;
      Value root = getRootBuffer(result);
      if (!root.getDefiningOp<gpu::AllocOp>() && !isDeviceArgument(root))
        return terminator->emitOpError("returns result #")
               << index
               << " in host memory, but with device-arguments results are "
                  "device memory (only buffers that kernels alone use can "
                  "be)";
    }
    return success();
  }

  /// The buffers that the launches use, in order of first use.
  LogicalResult collectRoots(ArrayRef<gpu::LaunchFuncOp> launches) {
    for (gpu::LaunchFuncOp launch : launches) {
      if (!func.getBody().hasOneBlock() || launch->getBlock() != &body())
        return launch.emitOpError(
            "is not in the straight-line body of its function: "
            "glu-gpu-device-buffers cannot place its buffers in device "
            "memory");
      if (launch.getAsyncToken() || !launch.getAsyncDependencies().empty())
        return launch.emitOpError("is asynchronous: glu-gpu-device-buffers "
                                  "expects synchronous launches (run it "
                                  "before gpu-async-region)");
      for (Value operand : launch.getKernelOperands()) {
        if (!isa<MemRefType>(operand.getType()))
          continue;
        Value root = getRootBuffer(operand);
        if (!root.getDefiningOp<gpu::AllocOp>() && !isDeviceArgument(root))
          roots.insert(root);
      }
    }
    return success();
  }

  /// Whether every use of `root` (through views) is by a kernel launch or
  /// metadata-only (or, with device-arguments, returns it).
  bool onlyKernelsUse(Value root) {
    bool onlyKernels = true;
    forEachUseThroughViews(root, [&](OpOperand &use) {
      Operation *user = use.getOwner();
      onlyKernels &= isa<gpu::LaunchFuncOp>(user) || isMetadataUse(user) ||
                     (deviceArguments && isa<func::ReturnOp>(user));
    });
    return onlyKernels;
  }

  /// Replaces a kernel-only allocation by a device allocation.
  void allocateOnDevice(memref::AllocOp alloc) {
    OpBuilder b(alloc);
    Value device =
        gpu::AllocOp::create(b, alloc.getLoc(), alloc.getType(),
                             /*asyncToken=*/Type(), ValueRange(),
                             alloc.getDynamicSizes(), alloc.getSymbolOperands())
            .getMemref();
    SmallVector<memref::DeallocOp> deallocs;
    bool returned = false;
    forEachUseThroughViews(alloc, [&](OpOperand &use) {
      if (auto dealloc = dyn_cast<memref::DeallocOp>(use.getOwner()))
        deallocs.push_back(dealloc);
      returned |= isa<func::ReturnOp>(use.getOwner());
    });
    for (memref::DeallocOp dealloc : deallocs) {
      b.setInsertionPoint(dealloc);
      gpu::DeallocOp::create(b, dealloc.getLoc(), /*asyncToken=*/Type(),
                             ValueRange(), dealloc.getMemref());
      dealloc.erase();
    }
    alloc.replaceAllUsesWith(device);
    alloc.erase();
    // A returned buffer is the caller's to free.
    if (deallocs.empty() && !returned) {
      b.setInsertionPoint(body().getTerminator());
      gpu::DeallocOp::create(b, func.getLoc(), /*asyncToken=*/Type(),
                             ValueRange(), device);
    }
  }

  /// Allocates a device buffer of the same type and sizes as `root`.
  LogicalResult addMirror(Value root) {
    auto type = cast<MemRefType>(root.getType());
    Location loc = root.getLoc();
    if (!type.getLayout().isIdentity() || type.getMemorySpace())
      return emitError(loc) << "glu-gpu-device-buffers: cannot mirror a "
                               "buffer of type "
                            << type
                            << " in device memory (identity layout and "
                               "default memory space expected)";
    OpBuilder b = entryBuilder;
    if (!isa<BlockArgument>(root))
      b.setInsertionPointAfterValue(root);
    SmallVector<Value> sizes;
    for (int64_t dim : llvm::seq<int64_t>(type.getRank()))
      if (type.isDynamicDim(dim))
        sizes.push_back(memref::DimOp::create(b, loc, root, dim));
    Value device = gpu::AllocOp::create(b, loc, type, /*asyncToken=*/Type(),
                                        ValueRange(), sizes, ValueRange())
                       .getMemref();
    // Arguments and globals hold data on entry; an allocation holds none.
    Newer newer =
        root.getDefiningOp<memref::AllocOp>() ? Newer::Neither : Newer::Host;
    mirrorIndex[root] = mirrors.size();
    mirrors.push_back({root, device, newer});
    return success();
  }

  /// Records, for each top-level op, which mirrored buffers it uses and
  /// whether it may write them.
  LogicalResult collectMirrorUses(ArrayRef<gpu::LaunchFuncOp> launches) {
    for (gpu::LaunchFuncOp launch : launches)
      for (auto [index, operand] : llvm::enumerate(launch.getKernelOperands()))
        if (auto it = mirrorIndex.find(getRootBuffer(operand));
            isa<MemRefType>(operand.getType()) && it != mirrorIndex.end())
          uses[launch].push_back({it->second, kernelMayWrite(launch, index)});
    for (unsigned index : llvm::seq<unsigned>(mirrors.size())) {
      LogicalResult result = success();
      forEachUseThroughViews(mirrors[index].host, [&](OpOperand &use) {
        Operation *user = use.getOwner();
        if (isa<gpu::LaunchFuncOp>(user) || isMetadataUse(user))
          return;
        if (user->hasTrait<OpTrait::IsTerminator>() &&
            !isa<func::ReturnOp>(user)) {
          result = user->emitOpError(
              "lets a buffer that kernels use escape: glu-gpu-device-buffers "
              "cannot keep its device copy coherent");
          return;
        }
        uses[body().findAncestorOpInBlock(*user)].push_back(
            {index, mayWrite(use)});
      });
      if (failed(result))
        return failure();
    }
    return success();
  }

  /// Makes every launch use the device mirrors, through clones of the views
  /// it took of the host buffers.
  void redirectLaunches(ArrayRef<gpu::LaunchFuncOp> launches) {
    for (gpu::LaunchFuncOp launch : launches) {
      OpBuilder b(launch);
      MutableOperandRange operands = launch.getKernelOperandsMutable();
      for (unsigned index : llvm::seq(operands.size())) {
        Value operand = operands[index].get();
        if (!isa<MemRefType>(operand.getType()))
          continue;
        auto it = mirrorIndex.find(getRootBuffer(operand));
        if (it != mirrorIndex.end())
          operands[index].set(cloneView(b, operand, mirrors[it->second]));
      }
    }
  }

  /// `view` of the host buffer, rebuilt on the device copy.
  Value cloneView(OpBuilder &b, Value view, const Mirror &mirror) {
    if (view == mirror.host)
      return mirror.device;
    auto viewOp = view.getDefiningOp<ViewLikeOpInterface>();
    IRMapping mapping;
    mapping.map(viewOp.getViewSource(),
                cloneView(b, viewOp.getViewSource(), mirror));
    Operation *clone = b.clone(*viewOp, mapping);
    return clone->getResult(cast<OpResult>(view).getResultNumber());
  }

  /// Inserts the copies that keep each mirror coherent, in program order,
  /// then the final copies of the arguments and the deallocations.
  void insertCopies() {
    OpBuilder b(func.getContext());
    auto copy = [&](Value to, Value from) {
      gpu::MemcpyOp::create(b, func.getLoc(), /*asyncToken=*/Type(),
                            ValueRange(), to, from);
    };
    for (Operation &op : body()) {
      auto it = uses.find(&op);
      if (it == uses.end())
        continue;
      bool onDevice = isa<gpu::LaunchFuncOp>(op);
      b.setInsertionPoint(&op);
      for (MirrorUse use : it->second) {
        Mirror &mirror = mirrors[use.mirror];
        if (onDevice && mirror.newer == Newer::Host)
          copy(mirror.device, mirror.host);
        else if (!onDevice && mirror.newer == Newer::Device)
          copy(mirror.host, mirror.device);
        else
          continue;
        mirror.newer = Newer::Neither;
      }
      for (MirrorUse use : it->second)
        if (use.writes)
          mirrors[use.mirror].newer = onDevice ? Newer::Device : Newer::Host;
    }
    b.setInsertionPoint(body().getTerminator());
    for (Mirror &mirror : mirrors)
      if (isa<BlockArgument>(mirror.host) && mirror.newer == Newer::Device)
        copy(mirror.host, mirror.device);
    for (Mirror &mirror : mirrors)
      gpu::DeallocOp::create(b, func.getLoc(), /*asyncToken=*/Type(),
                             ValueRange(), mirror.device);
  }

  func::FuncOp func;
  bool deviceArguments;
  /// Inserts at the start of the body, after what it inserted before.
  OpBuilder entryBuilder;
  llvm::SetVector<Value> roots;
  SmallVector<Mirror> mirrors;
  DenseMap<Value, unsigned> mirrorIndex;
  DenseMap<Operation *, SmallVector<MirrorUse>> uses;
};

struct GluGpuDeviceBuffersPass
    : glu::impl::GluGpuDeviceBuffersBase<GluGpuDeviceBuffersPass> {
  using Base::Base;

  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (!func.isDeclaration() &&
          failed(DeviceBufferPlacer(func, deviceArguments).run()))
        return signalPassFailure();
  }
};

} // namespace
