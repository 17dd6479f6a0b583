//===- GluToGPU.cpp - fused GPU kernels for glu projections ---------------===//
//
// Lowers glu.gated_proj and glu.ffn (all operands f32, f16 or bf16) to
// gpu.launch kernels on buffers: a gated kernel that computes
// H = act(x Wg + b) * (x Wv + c) with both contractions in registers, and
// for glu.ffn a down kernel out = H W2 + b2. Each is a product with an
// epilogue: TiledProductEmitter's block tiles for more than split-rows rows,
// SplitDepthProductEmitter's depth slices for fewer (decode).
//
//===----------------------------------------------------------------------===//

#include "glu/Conversion/GluToGPU/GluToGPU.h"
#include "SplitDepthProductEmitter.h"
#include "TiledProductEmitter.h"
#include "glu/Dialect/Glu/IR/GluOps.h"
#include "glu/Dialect/Glu/Utils/ActivationFormulas.h"
#include "glu/Dialect/Glu/Utils/ProjectionOperands.h"
#include "glu/Dialect/Glu/Utils/RuntimeSizeChecks.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::glu {
#define GEN_PASS_DEF_CONVERTGLUTOGPU
#include "glu/Conversion/Passes.h.inc"
} // namespace mlir::glu

using namespace mlir;
using namespace mlir::glu;
using namespace mlir::glu::kernels;

namespace {

/// The gate and value columns of separate or `packed` weights or biases.
std::pair<Columns, Columns> gateAndValue(Value gate, Value value, Value packed,
                                         LayoutAttr layout, Value hidden) {
  if (!packed)
    return {Columns(gate), Columns(value)};
  return {Columns(packed, layout, /*value=*/false, hidden),
          Columns(packed, layout, /*value=*/true, hidden)};
}

/// The contractions of TiledProductEmitter::emit, by the split-depth
/// kernels for at most split-rows rows and the tiled kernel for more, which
/// cuts its depth into slices for about `sliceBlocks` blocks (if given)
/// when its tiles are fewer. For a dynamic row count
/// both are launched, one of them with no blocks: the launches stay in the
/// straight-line code of the function, where glu-gpu-device-buffers places
/// their buffers. The kernels are named after `product`.
void emitProduct(ImplicitLocOpBuilder &b, Type elementType, StringRef product,
                 const ConvertGluToGPUOptions &options, Value a,
                 ArrayRef<Columns> weights, Value rows, Value columns,
                 Value depth, std::optional<int64_t> sliceBlocks,
                 Epilogue epilogue) {
  ConvertGluToGPUOptions resolved = options;
  if (resolved.splitRows < 0)
    resolved.splitRows =
        elementType.isF32() ? kSplitDefaultRowsF32 : kSplitDefaultRows;
  int64_t splitRows = resolved.splitRows;
  std::optional<int64_t> staticRows = getConstantIntValue(rows);
  Value fewRows, manyRows;
  if (!staticRows && splitRows > 0) {
    Value limit = arith::ConstantIndexOp::create(b, splitRows);
    fewRows = arith::CmpIOp::create(b, arith::CmpIPredicate::ule, rows, limit);
    manyRows = arith::CmpIOp::create(b, arith::CmpIPredicate::ugt, rows, limit);
  }
  if (splitRows > 0 && (!staticRows || *staticRows <= splitRows))
    SplitDepthProductEmitter(b, elementType, product, resolved)
        .emit(a, weights, rows, columns, depth, fewRows, epilogue);
  if (splitRows == 0 || !staticRows || *staticRows > splitRows)
    TiledProductEmitter(b, elementType, product, options, sliceBlocks)
        .emit(a, weights, rows, columns, depth, manyRows, epilogue);
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// The element type of `op` if it is f32, f16 or bf16 (the verifier gives
/// every operand the result's element type).
Type supportedElementType(Operation *op) {
  Type type = getElementTypeOrSelf(op->getResult(0).getType());
  if (!type.isF32() && !type.isF16() && !type.isBF16())
    return nullptr;
  return type;
}

/// Lowers `op` (a glu.ffn when `downWeight` is set, else a glu.gated_proj).
LogicalResult lowerToKernels(Operation *op, GatedProjection proj,
                             Value downWeight, Value downBias,
                             const ConvertGluToGPUOptions &options,
                             PatternRewriter &rewriter) {
  Type elementType = supportedElementType(op);
  if (!elementType)
    return rewriter.notifyMatchFailure(op, "element type not f32, f16 or bf16");
  Location loc = op->getLoc();
  ProjectionWidths widths =
      assertProjectionSizes(rewriter, op, proj, downWeight, downBias);
  ImplicitLocOpBuilder b(loc, rewriter);
  auto buffer = [&](Value value) {
    return createReadOnlyBuffer(rewriter, loc, value);
  };
  Value x = buffer(createRowsTensor(b, loc, proj.input));
  Value rows = b.createOrFold<memref::DimOp>(x, 0);
  Value depth = memref::DimOp::create(b, x, 1);
  Value hidden = getValueOrCreateConstantIndexOp(b, loc, widths.hidden);
  Value width = getValueOrCreateConstantIndexOp(b, loc, widths.result);
  std::pair<Columns, Columns> weights =
      gateAndValue(buffer(proj.gateWeight), buffer(proj.valueWeight),
                   buffer(proj.packedWeight), proj.layout, hidden);
  std::pair<Columns, Columns> biases =
      gateAndValue(buffer(proj.gateBias), buffer(proj.valueBias),
                   buffer(proj.packedBias), proj.layout, hidden);
  auto storeElement = [&](ImplicitLocOpBuilder &nb, Value value, Value matrix,
                          Value row, Value col) {
    if (value.getType() != elementType)
      value = arith::TruncFOp::create(nb, elementType, value);
    memref::StoreOp::create(nb, value, matrix, ValueRange{row, col});
  };
  auto loadBias = [&](ImplicitLocOpBuilder &nb, const Columns &bias,
                      Value col) -> Value {
    Value element = memref::LoadOp::create(nb, bias.buffer, bias.at(nb, col));
    return element.getType().isF32()
               ? element
               : arith::ExtFOp::create(nb, nb.getF32Type(), element);
  };

  // The kernels' names: the function's, the product's (gated, down) and
  // the kernel's, such as ffn_gated_split_1row (readable in PTX, profiles
  // and per-kernel timings).
  auto function = op->getParentOfType<FunctionOpInterface>();
  auto kernelName = [&](StringRef product) {
    return ((function ? function.getName() : "glu") + "_" + product).str();
  };

  // The result [..., N], written as [T, N].
  auto createResult = [&] {
    return createResultBuffer(b, loc, proj.input, widths.result, elementType);
  };

  // The gated kernel: H = act(x Wg + b) * (x Wv + c), the result of a
  // glu.gated_proj, or a [T, F] buffer that the down kernel reads. Its tiled
  // kernel is cut into depth slices only with gated-split-blocks: their
  // partial sums are G and V in global memory.
  ResultBuffer result;
  Value hiddenMatrix;
  if (downWeight) {
    hiddenMatrix = allocBuffer(b, elementType, {rows, hidden});
  } else {
    result = createResult();
    hiddenMatrix = result.rows;
  }
  std::optional<int64_t> gatedSliceBlocks =
      options.gatedSplitBlocks > 0 ? std::optional(options.gatedSplitBlocks)
                                   : std::nullopt;
  emitProduct(
      b, elementType, kernelName("gated"), options, x,
      {weights.first, weights.second}, rows, hidden, depth, gatedSliceBlocks,
      [&](ImplicitLocOpBuilder &nb, Value row, Value col,
          ArrayRef<Value> sums) {
        Value gate = sums[0], value = sums[1];
        if (biases.first.buffer)
          gate =
              arith::AddFOp::create(nb, gate, loadBias(nb, biases.first, col));
        if (biases.second.buffer)
          value = arith::AddFOp::create(nb, value,
                                        loadBias(nb, biases.second, col));
        storeElement(nb,
                     createGating(nb, nb.getLoc(), proj.activation, proj.clamp,
                                  gate, value),
                     hiddenMatrix, row, col);
      });

  // The down kernel: out = H W2 + b2, its tiles cut into depth slices when
  // they are too few (E / 128 f32 tiles per 128 rows).
  if (downWeight) {
    result = createResult();
    Columns downBiasColumns(buffer(downBias));
    emitProduct(b, elementType, kernelName("down"), options, hiddenMatrix,
                {Columns(buffer(downWeight))}, rows, width, hidden,
                options.splitBlocks,
                [&](ImplicitLocOpBuilder &nb, Value row, Value col,
                    ArrayRef<Value> sums) {
                  Value sum = sums[0];
                  if (downBiasColumns.buffer)
                    sum = arith::AddFOp::create(
                        nb, sum, loadBias(nb, downBiasColumns, col));
                  storeElement(nb, sum, result.rows, row, col);
                });
  }

  rewriter.replaceOp(op, createResultTensor(b, loc, result.buffer,
                                            op->getResult(0).getType()));
  return success();
}

/// Lowers a glu.ffn or a glu.gated_proj.
template <typename OpT> struct LowerProjection : OpRewritePattern<OpT> {
  LowerProjection(MLIRContext *context, const ConvertGluToGPUOptions &options)
      : OpRewritePattern<OpT>(context), options(options) {}

  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    Value downWeight, downBias;
    if constexpr (std::is_same_v<OpT, FFNOp>) {
      downWeight = op.getDownWeight();
      downBias = op.getDownBias();
    }
    return lowerToKernels(op, GatedProjection::get(op), downWeight, downBias,
                          options, rewriter);
  }

  ConvertGluToGPUOptions options;
};

/// Reads and writes of unknown memory, no allocation: what a kernel launch
/// does.
struct LaunchFuncMemoryEffects
    : MemoryEffectOpInterface::ExternalModel<LaunchFuncMemoryEffects,
                                             gpu::LaunchFuncOp> {
  void
  getEffects(Operation *op,
             SmallVectorImpl<MemoryEffects::EffectInstance> &effects) const {
    effects.emplace_back(MemoryEffects::Read::get());
    effects.emplace_back(MemoryEffects::Write::get());
  }
};

void attachLaunchFuncMemoryEffects(MLIRContext *context, gpu::GPUDialect *) {
  gpu::LaunchFuncOp::attachInterface<LaunchFuncMemoryEffects>(*context);
}

struct ConvertGluToGPUPass
    : glu::impl::ConvertGluToGPUBase<ConvertGluToGPUPass> {
  using Base::Base;

  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    registerLaunchFuncMemoryEffects(registry);
  }

  void runOnOperation() override {
    ConvertGluToGPUOptions options{
        splitRows, splitBlocks,  splitLanes,   splitMma, mmaStages,
        wgmma,     wgmmaColumns, wgmmaOverlap, f32Mma,   gatedSplitBlocks};
    if (failed(verifyOptions(options))) {
      signalPassFailure();
      return;
    }
    RewritePatternSet patterns(&getContext());
    populateGluToGPUPatterns(patterns, options);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }

  LogicalResult verifyOptions(const ConvertGluToGPUOptions &options) {
    auto error = [&](const Twine &message) {
      return getOperation()->emitError("convert-glu-to-gpu: ") << message;
    };
    if (options.splitRows < -1 || options.splitRows > kSplitMaxRows)
      return error("split-rows must be -1 (by element type) or in [0, ")
             << kSplitMaxRows << "], got " << options.splitRows;
    if (options.splitBlocks <= 0)
      return error("split-blocks must be positive, got ")
             << options.splitBlocks;
    if (!llvm::is_contained(kSplitLanes, options.splitLanes))
      return error("split-lanes must be 1, 2, 4, 8, 16 or 32, got ")
             << options.splitLanes;
    if (options.gatedSplitBlocks < 0)
      return error("gated-split-blocks must be 0 (no slices) or positive, "
                   "got ")
             << options.gatedSplitBlocks;
    if (options.mmaStages < kMinMmaStages || options.mmaStages > kMaxMmaStages)
      return error("mma-stages must be in [")
             << kMinMmaStages << ", " << kMaxMmaStages << "], got "
             << options.mmaStages;
    if (options.wgmmaColumns != kWgmmaColumns &&
        options.wgmmaColumns != kWideWgmmaColumns)
      return error("wgmma-columns must be ")
             << kWgmmaColumns << " or " << kWideWgmmaColumns << ", got "
             << options.wgmmaColumns;
    if (options.wgmmaColumns == kWideWgmmaColumns &&
        (!options.wgmma || options.mmaStages > kWideWgmmaMaxStages))
      return error("wgmma-columns=")
             << kWideWgmmaColumns
             << " needs wgmma and mma-stages <= " << kWideWgmmaMaxStages
             << " (48 KiB of shared memory per stage), got wgmma="
             << (options.wgmma ? "true" : "false")
             << " mma-stages=" << options.mmaStages;
    if (options.wgmmaOverlap && (!options.wgmma || options.mmaStages < 3))
      return error("wgmma-overlap needs wgmma and mma-stages >= 3, got "
                   "wgmma=")
             << (options.wgmma ? "true" : "false")
             << " mma-stages=" << options.mmaStages;
    return success();
  }
};

} // namespace

void mlir::glu::registerLaunchFuncMemoryEffects(DialectRegistry &registry) {
  registry.addExtension(attachLaunchFuncMemoryEffects);
}

void mlir::glu::populateGluToGPUPatterns(
    RewritePatternSet &patterns, const ConvertGluToGPUOptions &options) {
  patterns.add<LowerProjection<FFNOp>, LowerProjection<GatedProjOp>>(
      patterns.getContext(), options);
}
