//===- GluToVector.cpp - fused, tiled vector code for glu projections -----===//
//
// Lowers f32, f16 and bf16 `glu.ffn` and `glu.gated_proj` to the fused loops
// of FusedEmitter (FusedEmitter.h), on buffers, with the weights prepacked
// at compile time where they are constants (PrepackedWeights.h).
//
//===----------------------------------------------------------------------===//

#include "glu/Conversion/GluToVector/GluToVector.h"
#include "FusedEmitter.h"
#include "PrepackedWeights.h"
#include "glu/Dialect/Glu/IR/GluOps.h"
#include "glu/Dialect/Glu/Utils/ProjectionOperands.h"
#include "glu/Dialect/Glu/Utils/RuntimeSizeChecks.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include <thread>

namespace mlir::glu {
#define GEN_PASS_DEF_CONVERTGLUTOVECTOR
#include "glu/Conversion/Passes.h.inc"
} // namespace mlir::glu

using namespace mlir;
using namespace mlir::glu;
using namespace mlir::glu::fusedloops;

namespace {

/// Whether the fused lowering handles `proj` with a result of `resultType`:
/// f32, f16 or bf16 (the verifier makes every operand's element type the
/// result's), and an interleave granularity that divides or is a multiple
/// of 16.
bool isSupported(const GatedProjection &proj, Type resultType) {
  Type element = getElementTypeOrSelf(resultType);
  if (!element.isF32() && !element.isF16() && !element.isBF16())
    return false;
  if (!proj.isPacked() || proj.layout.getKind() != GateUpLayout::interleaved)
    return true;
  int64_t granularity = proj.layout.getGranularity();
  return granularity % kLanes == 0 || kLanes % granularity == 0;
}

/// Lowers `op` (a glu.ffn when `downWeight` is set, else a glu.gated_proj).
LogicalResult lowerFused(Operation *op, const GatedProjection &proj,
                         Value downWeight, Value downBias,
                         const ConvertGluToVectorOptions &options,
                         unsigned threads, PatternRewriter &rewriter) {
  Type resultType = op->getResult(0).getType();
  if (!isSupported(proj, resultType))
    return rewriter.notifyMatchFailure(
        op, "not f32, f16 or bf16 with a supported layout");
  Location loc = op->getLoc();
  ProjectionWidths widths =
      assertProjectionSizes(rewriter, op, proj, downWeight, downBias);
  auto buffer = [&](Value value) {
    return createReadOnlyBuffer(rewriter, loc, value);
  };
  HiddenColumns weights{buffer(proj.gateWeight), buffer(proj.valueWeight),
                        buffer(proj.packedWeight), proj.layout};
  HiddenColumns biases{buffer(proj.gateBias), buffer(proj.valueBias),
                       buffer(proj.packedBias), proj.layout};
  PrepackedWeights prepacked;
  if (options.prepackConstantWeights) {
    auto prepackedBuffer = [&](DenseElementsAttr attr) -> Value {
      if (!attr)
        return nullptr;
      return buffer(arith::ConstantOp::create(rewriter, loc, attr));
    };
    prepacked.tiles =
        prepackedBuffer(prepackGateValueWeights(proj, options.depthTile));
    prepacked.panels = prepackedBuffer(prepackDownWeight(downWeight));
  }
  ImplicitLocOpBuilder b(loc, rewriter);
  // x [..., D] and the result [..., N] as T rows.
  ResultBuffer result = createResultBuffer(b, loc, proj.input, widths.result,
                                           getElementTypeOrSelf(resultType));
  FusedEmitter emitter(b, options, threads);
  emitter.emit(buffer(createRowsTensor(b, loc, proj.input)), weights, biases,
               prepacked, proj.activation, proj.clamp,
               getValueOrCreateConstantIndexOp(b, loc, widths.hidden),
               buffer(downWeight), buffer(downBias), result.rows);
  rewriter.replaceOp(op, createResultTensor(b, loc, result.buffer, resultType));
  return success();
}

/// Lowers a glu.ffn or a glu.gated_proj.
template <typename OpT> struct LowerProjection : OpRewritePattern<OpT> {
  LowerProjection(MLIRContext *context,
                  const ConvertGluToVectorOptions &options, unsigned threads)
      : OpRewritePattern<OpT>(context), options(options), threads(threads) {}
  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    Value downWeight, downBias;
    if constexpr (std::is_same_v<OpT, FFNOp>) {
      downWeight = op.getDownWeight();
      downBias = op.getDownBias();
    }
    return lowerFused(op, GatedProjection::get(op), downWeight, downBias,
                      options, threads, rewriter);
  }
  ConvertGluToVectorOptions options;
  unsigned threads;
};

struct ConvertGluToVectorPass
    : glu::impl::ConvertGluToVectorBase<ConvertGluToVectorPass> {
  using Base::Base;

  void runOnOperation() override {
    ConvertGluToVectorOptions options{numThreads, rowTile, hiddenTile,
                                      depthTile, prepackConstantWeights};
    if (failed(verifyOptions(options))) {
      signalPassFailure();
      return;
    }
    RewritePatternSet patterns(&getContext());
    populateGluToVectorPatterns(patterns, options);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }

  LogicalResult verifyOptions(const ConvertGluToVectorOptions &options) {
    auto error = [&](const Twine &message) {
      return getOperation()->emitError("convert-glu-to-vector: ") << message;
    };
    if (options.rowTile <= 0 || options.rowTile % kTileRows != 0)
      return error("row-tile must be a positive multiple of 6, got ")
             << options.rowTile;
    if (options.hiddenTile <= 0 || options.hiddenTile % kHiddenTileCols != 0)
      return error("hidden-tile must be a positive multiple of 32, got ")
             << options.hiddenTile;
    if (options.depthTile <= 0)
      return error("depth-tile must be positive, got ") << options.depthTile;
    return success();
  }
};

} // namespace

void mlir::glu::populateGluToVectorPatterns(
    RewritePatternSet &patterns, const ConvertGluToVectorOptions &options) {
  unsigned threads = options.numThreads;
  if (threads == 0)
    threads = std::max(1u, std::thread::hardware_concurrency());
  patterns.add<LowerProjection<FFNOp>, LowerProjection<GatedProjOp>>(
      patterns.getContext(), options, threads);
}
