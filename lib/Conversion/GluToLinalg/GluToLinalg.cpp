//===- GluToLinalg.cpp - lower glu ops to linalg on tensors ---------------===//
//
// The reference lowering: each glu op becomes linalg contractions and
// linalg.generic elementwise bodies, written to be obviously correct rather
// than fast. Faster lowerings are tested against it.
//
//===----------------------------------------------------------------------===//

#include "glu/Conversion/GluToLinalg/GluToLinalg.h"
#include "glu/Dialect/Glu/IR/GluOps.h"
#include "glu/Dialect/Glu/Utils/ActivationFormulas.h"
#include "glu/Dialect/Glu/Utils/RuntimeSizeChecks.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::glu {
#define GEN_PASS_DEF_CONVERTGLUTOLINALG
#include "glu/Conversion/Passes.h.inc"
} // namespace mlir::glu

using namespace mlir;
using namespace mlir::glu;

namespace {

/// Builds the scalar body of an elementwise op from its (already widened)
/// scalar inputs.
using ScalarBodyBuilder =
    function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// The type the formulas are evaluated in: f32 for narrower floats.
Type getComputeType(Type elementType) {
  if (elementType.getIntOrFloatBitWidth() < 32)
    return Float32Type::get(elementType.getContext());
  return elementType;
}

Value convertScalar(OpBuilder &b, Location loc, Value value, Type type) {
  if (value.getType() == type)
    return value;
  if (value.getType().getIntOrFloatBitWidth() < type.getIntOrFloatBitWidth())
    return arith::ExtFOp::create(b, loc, type, value);
  return arith::TruncFOp::create(b, loc, type, value);
}

/// Emits a `linalg.generic` over the iteration space `sizes` with all-parallel
/// loops. Input `i` is read through `inputMaps[i]`; the output through the
/// identity. Scalars are widened to the compute type of `elementType` before
/// `body` runs and its result is rounded to `elementType`.
Value createElementwise(OpBuilder &b, Location loc,
                        ArrayRef<OpFoldResult> sizes, Type elementType,
                        ValueRange inputs, ArrayRef<AffineMap> inputMaps,
                        ScalarBodyBuilder body) {
  Value init = tensor::EmptyOp::create(b, loc, sizes, elementType);
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(sizes.size()));
  SmallVector<utils::IteratorType> iterators(sizes.size(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, init.getType(), inputs, init, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Type computeType = getComputeType(elementType);
        SmallVector<Value> scalars;
        for (Value arg : args.drop_back())
          scalars.push_back(convertScalar(nested, nestedLoc, arg, computeType));
        Value result = body(nested, nestedLoc, scalars);
        linalg::YieldOp::create(
            nested, nestedLoc,
            convertScalar(nested, nestedLoc, result, elementType));
      });
  return generic.getResult(0);
}

/// Elementwise over same-shaped operands (glu.activation, glu.gate).
Value createSameShapeElementwise(OpBuilder &b, Location loc, ValueRange inputs,
                                 ScalarBodyBuilder body) {
  auto type = cast<RankedTensorType>(inputs.front().getType());
  SmallVector<AffineMap> maps(inputs.size(),
                              b.getMultiDimIdentityMap(type.getRank()));
  return createElementwise(b, loc, tensor::getMixedSizes(b, loc, inputs[0]),
                           type.getElementType(), inputs, maps, body);
}

struct LowerActivation : OpConversionPattern<ActivationOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ActivationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ActivationAttr activation = op.getActivation();
    if (activation.getKind() == ActivationKind::identity) {
      rewriter.replaceOp(op, adaptor.getInput());
      return success();
    }
    rewriter.replaceOp(
        op, createSameShapeElementwise(
                rewriter, op.getLoc(), adaptor.getInput(),
                [&](OpBuilder &b, Location loc, ValueRange args) {
                  return createActivation(b, loc, activation, args[0]);
                }));
    return success();
  }
};

struct LowerGate : OpConversionPattern<GateOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GateOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ActivationAttr activation = op.getActivation();
    ClampAttr clamp = op.getClampAttr();
    for (int64_t dim = 0, rank = op.getType().getRank(); dim < rank; ++dim) {
      assertSameSize(
          rewriter, op.getLoc(),
          tensor::getMixedSize(rewriter, op.getLoc(), adaptor.getGate(), dim),
          tensor::getMixedSize(rewriter, op.getLoc(), adaptor.getValue(), dim),
          op->getName().getStringRef(),
          "gate and value sizes in dim " + Twine(dim));
    }
    rewriter.replaceOp(
        op, createSameShapeElementwise(
                rewriter, op.getLoc(), {adaptor.getGate(), adaptor.getValue()},
                [&](OpBuilder &b, Location loc, ValueRange args) {
                  return createGating(b, loc, activation, clamp, args[0],
                                      args[1]);
                }));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Projections
//===----------------------------------------------------------------------===//

/// Picks the gate (`wantGate`) or value columns out of the last dimension of
/// a packed weight `[D, 2F]` or packed bias `[2F]`, per `layout`.
Value unpackColumns(OpBuilder &b, Location loc, Value packed, LayoutAttr layout,
                    bool wantGate) {
  auto type = cast<RankedTensorType>(packed.getType());
  int64_t last = type.getRank() - 1;
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, packed);
  OpFoldResult hidden = divideSize(b, loc, sizes[last], 2);

  if (layout.getKind() != GateUpLayout::interleaved) {
    bool firstHalf = wantGate == (layout.getKind() == GateUpLayout::gate_up);
    SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0));
    if (!firstHalf)
      offsets[last] = hidden;
    SmallVector<OpFoldResult> strides(type.getRank(), b.getIndexAttr(1));
    sizes[last] = hidden;
    return tensor::ExtractSliceOp::create(b, loc, packed, offsets, sizes,
                                          strides);
  }

  // Interleaved with granularity G: view the last dim 2F as [2F/2G, 2, G],
  // take index 0 (gate) or 1 (value) of the middle dim, and flatten back.
  int64_t granularity = layout.getGranularity();
  OpFoldResult blocks = divideSize(b, loc, sizes[last], 2 * granularity);
  SmallVector<OpFoldResult> expandedSizes(ArrayRef(sizes).drop_back());
  expandedSizes.append(
      {blocks, b.getIndexAttr(2), b.getIndexAttr(granularity)});
  SmallVector<int64_t> expandedShape(type.getShape().drop_back());
  int64_t staticBlocks = ShapedType::isDynamic(type.getShape().back())
                             ? ShapedType::kDynamic
                             : type.getShape().back() / (2 * granularity);
  expandedShape.append({staticBlocks, 2, granularity});
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t dim = 0; dim < last; ++dim)
    reassociation.push_back({dim});
  reassociation.push_back({last, last + 1, last + 2});
  Value expanded = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(expandedShape, type.getElementType()),
      packed, reassociation, expandedSizes);

  SmallVector<OpFoldResult> offsets(expandedSizes.size(), b.getIndexAttr(0));
  offsets[last + 1] = b.getIndexAttr(wantGate ? 0 : 1);
  SmallVector<OpFoldResult> sliceSizes(expandedSizes);
  sliceSizes[last + 1] = b.getIndexAttr(1);
  SmallVector<OpFoldResult> strides(expandedSizes.size(), b.getIndexAttr(1));
  SmallVector<int64_t> slicedShape(type.getShape().drop_back());
  slicedShape.append({staticBlocks, granularity});
  Value sliced = tensor::ExtractSliceOp::create(
      b, loc, RankedTensorType::get(slicedShape, type.getElementType()),
      expanded, offsets, sliceSizes, strides);

  SmallVector<ReassociationIndices> collapse;
  for (int64_t dim = 0; dim < last; ++dim)
    collapse.push_back({dim});
  collapse.push_back({last, last + 1});
  return tensor::CollapseShapeOp::create(b, loc, sliced, collapse);
}

/// `lhs [..., K] x rhs [K, N]` -> `[..., N]`, accumulated from zero in
/// `accType`: `linalg.matmul` for a 2-D lhs, a `linalg.generic` contraction
/// over the leading dims otherwise (no reshapes, so any leading dims may be
/// dynamic).
Value createContraction(OpBuilder &b, Location loc, Value lhs, Value rhs,
                        Type accType) {
  int64_t rank = cast<RankedTensorType>(lhs.getType()).getRank();
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, lhs);
  sizes.back() = tensor::getMixedSize(b, loc, rhs, 1);
  Value init = tensor::EmptyOp::create(b, loc, sizes, accType);
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(accType));
  Value filled = linalg::FillOp::create(b, loc, zero, init).getResult(0);
  if (rank == 2)
    return linalg::MatmulOp::create(b, loc, ValueRange{lhs, rhs}, filled)
        .getResult(0);

  // Loops (d0, ..., d_{rank-2}, n, k): lhs[d..., k] * rhs[k, n].
  MLIRContext *ctx = b.getContext();
  int64_t numLoops = rank + 1;
  SmallVector<AffineExpr> lead;
  for (int64_t dim = 0; dim < rank - 1; ++dim)
    lead.push_back(getAffineDimExpr(dim, ctx));
  AffineExpr n = getAffineDimExpr(rank - 1, ctx),
             k = getAffineDimExpr(rank, ctx);
  SmallVector<AffineExpr> lhsExprs(lead), outExprs(lead);
  lhsExprs.push_back(k);
  outExprs.push_back(n);
  SmallVector<AffineMap> maps = {AffineMap::get(numLoops, 0, lhsExprs, ctx),
                                 AffineMap::get(numLoops, 0, {k, n}, ctx),
                                 AffineMap::get(numLoops, 0, outExprs, ctx)};
  SmallVector<utils::IteratorType> iterators(numLoops,
                                             utils::IteratorType::parallel);
  iterators.back() = utils::IteratorType::reduction;
  return linalg::GenericOp::create(
             b, loc, filled.getType(), ValueRange{lhs, rhs}, filled, maps,
             iterators,
             [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               Value x = convertScalar(nested, nestedLoc, args[0], accType);
               Value w = convertScalar(nested, nestedLoc, args[1], accType);
               Value product = arith::MulFOp::create(nested, nestedLoc, x, w);
               linalg::YieldOp::create(
                   nested, nestedLoc,
                   arith::AddFOp::create(nested, nestedLoc, args[2], product)
                       .getResult());
             })
      .getResult(0);
}

/// Emits `body(matrix[..., j] + bias[j], ...)` over same-shaped `[..., N]`
/// tensors, where `biases[k]` may be null (no bias for `matrices[k]`).
Value createBiasedElementwise(OpBuilder &b, Location loc, ValueRange matrices,
                              ArrayRef<Value> biases, Type elementType,
                              ScalarBodyBuilder body) {
  MLIRContext *ctx = b.getContext();
  int64_t rank = cast<RankedTensorType>(matrices[0].getType()).getRank();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
  AffineMap column =
      AffineMap::get(rank, 0, {getAffineDimExpr(rank - 1, ctx)}, ctx);
  SmallVector<Value> inputs(matrices);
  SmallVector<AffineMap> maps(matrices.size(), identity);
  for (Value bias : biases) {
    if (!bias)
      continue;
    inputs.push_back(bias);
    maps.push_back(column);
  }
  size_t numMatrices = matrices.size();
  return createElementwise(
      b, loc, tensor::getMixedSizes(b, loc, matrices[0]), elementType, inputs,
      maps, [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        SmallVector<Value> biased(args.take_front(numMatrices));
        ValueRange biasArgs = args.drop_front(numMatrices);
        for (auto [index, bias] : llvm::enumerate(biases)) {
          if (!bias)
            continue;
          biased[index] = arith::AddFOp::create(nested, nestedLoc,
                                                biased[index], biasArgs[0]);
          biasArgs = biasArgs.drop_front();
        }
        return body(nested, nestedLoc, biased);
      });
}

/// Emits the gated projection of `proj` as a `[..., F]` tensor of
/// `resultElementType`.
Value createGatedMatrix(OpBuilder &b, Location loc, const GatedProjection &proj,
                        Type resultElementType) {
  Type elementType = getElementTypeOrSelf(proj.input);
  Type computeType = getComputeType(elementType);

  Value gateWeight = proj.gateWeight, valueWeight = proj.valueWeight;
  Value gateBias = proj.gateBias, valueBias = proj.valueBias;
  if (proj.isPacked()) {
    gateWeight = unpackColumns(b, loc, proj.packedWeight, proj.layout, true);
    valueWeight = unpackColumns(b, loc, proj.packedWeight, proj.layout, false);
    if (proj.packedBias) {
      gateBias = unpackColumns(b, loc, proj.packedBias, proj.layout, true);
      valueBias = unpackColumns(b, loc, proj.packedBias, proj.layout, false);
    }
  }

  Value gate = createContraction(b, loc, proj.input, gateWeight, computeType);
  Value value = createContraction(b, loc, proj.input, valueWeight, computeType);
  ActivationAttr activation = proj.activation;
  ClampAttr clamp = proj.clamp;
  return createBiasedElementwise(
      b, loc, {gate, value}, {gateBias, valueBias}, resultElementType,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        return createGating(nested, nestedLoc, activation, clamp, args[0],
                            args[1]);
      });
}

/// Casts `result` to the type of `op`'s result (whose static sizes
/// assertProjectionSizes has checked).
Value castToResult(OpBuilder &b, Operation *op, Value result) {
  Type resultType = op->getResult(0).getType();
  if (result.getType() == resultType)
    return result;
  return tensor::CastOp::create(b, op->getLoc(), resultType, result);
}

struct LowerGatedProj : OpConversionPattern<GatedProjOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatedProjOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    GatedProjection proj = GatedProjection::get(op);
    assertProjectionSizes(rewriter, op, proj, /*downWeight=*/nullptr,
                          /*downBias=*/nullptr);
    Value hidden = createGatedMatrix(rewriter, op.getLoc(), proj,
                                     op.getType().getElementType());
    rewriter.replaceOp(op, castToResult(rewriter, op, hidden));
    return success();
  }
};

struct LowerFFN : OpConversionPattern<FFNOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(FFNOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type elementType = op.getType().getElementType();
    Type computeType = getComputeType(elementType);
    GatedProjection proj = GatedProjection::get(op);
    assertProjectionSizes(rewriter, op, proj, op.getDownWeight(),
                          op.getDownBias());
    // The hidden activations stay in the compute type: they are rounded to
    // the element type only once, at the end.
    Value hidden = createGatedMatrix(rewriter, loc, proj, computeType);
    Value down = createContraction(rewriter, loc, hidden, op.getDownWeight(),
                                   computeType);
    Value output = down;
    if (op.getDownBias() || computeType != elementType)
      output = createBiasedElementwise(
          rewriter, loc, {down}, {op.getDownBias()}, elementType,
          [](OpBuilder &, Location, ValueRange args) { return args[0]; });
    rewriter.replaceOp(op, castToResult(rewriter, op, output));
    return success();
  }
};

struct ConvertGluToLinalgPass
    : glu::impl::ConvertGluToLinalgBase<ConvertGluToLinalgPass> {
  void runOnOperation() override {
    ConversionTarget target(getContext());
    target.addIllegalDialect<GluDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(&getContext());
    populateGluToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::glu::populateGluToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerActivation, LowerGate, LowerGatedProj, LowerFFN>(
      patterns.getContext());
}
