//===- GluOps.cpp - glu operations ----------------------------------------===//

#include "glu/Dialect/Glu/IR/GluOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::glu;

//===----------------------------------------------------------------------===//
// Shape helpers
//===----------------------------------------------------------------------===//

/// Two sizes conflict only when both are static and differ.
static bool sizesConflict(int64_t lhs, int64_t rhs) {
  return !ShapedType::isDynamic(lhs) && !ShapedType::isDynamic(rhs) &&
         lhs != rhs;
}

static std::string formatSize(int64_t size) {
  return ShapedType::isDynamic(size) ? "?" : std::to_string(size);
}

static RankedTensorType tensorType(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// Reifies the result shape of an elementwise op from its first operand.
static LogicalResult
reifyElementwise(Operation *op, OpBuilder &builder,
                 ReifiedRankedShapedTypeDims &reifiedReturnShapes) {
  reifiedReturnShapes.push_back(
      tensor::getMixedSizes(builder, op->getLoc(), op->getOperand(0)));
  return success();
}

LogicalResult
ActivationOp::reifyResultShapes(OpBuilder &builder,
                                ReifiedRankedShapedTypeDims &shapes) {
  return reifyElementwise(*this, builder, shapes);
}

LogicalResult GateOp::reifyResultShapes(OpBuilder &builder,
                                        ReifiedRankedShapedTypeDims &shapes) {
  return reifyElementwise(*this, builder, shapes);
}

//===----------------------------------------------------------------------===//
// Gated projection verification (shared by glu.gated_proj and glu.ffn)
//===----------------------------------------------------------------------===//

/// Checks that `value` has `rank`, naming it `name` and its expected shape
/// `shape` in the diagnostic.
static LogicalResult verifyRank(Operation *op, Value value, StringRef name,
                                int64_t rank, StringRef shape) {
  int64_t actual = tensorType(value).getRank();
  if (actual == rank)
    return success();
  return op->emitOpError() << "expected " << name << " of rank " << rank << " ("
                           << shape << "), got rank " << actual;
}

/// Checks that a 1-D bias has `size` elements.
static LogicalResult verifyBias(Operation *op, Value bias, StringRef name,
                                int64_t size, StringRef sizeName) {
  if (failed(verifyRank(op, bias, name, 1, "[" + sizeName.str() + "]")))
    return failure();
  int64_t actual = tensorType(bias).getDimSize(0);
  if (!sizesConflict(actual, size))
    return success();
  return op->emitOpError() << "expected " << name << " size (" << actual
                           << ") to equal " << sizeName << " (" << size << ")";
}

/// Checks that every operand and the result share the input's element type.
static LogicalResult verifyElementTypes(Operation *op) {
  Type expected = getElementTypeOrSelf(op->getOperand(0));
  for (OpOperand &operand : op->getOpOperands()) {
    Type actual = getElementTypeOrSelf(operand.get());
    if (actual != expected)
      return op->emitOpError()
             << "expected all operands and the result to have element type "
             << expected << ", but operand #" << operand.getOperandNumber()
             << " has " << actual;
  }
  Type result = getElementTypeOrSelf(op->getResult(0));
  if (result != expected)
    return op->emitOpError()
           << "expected all operands and the result to have element type "
           << expected << ", but the result has " << result;
  return success();
}

/// Verifies the weights, biases and layout of a gated projection and returns
/// its hidden width F (possibly dynamic).
static FailureOr<int64_t> verifyGatedProjection(Operation *op,
                                                const GatedProjection &proj) {
  if (failed(verifyElementTypes(op)))
    return failure();

  RankedTensorType inputType = tensorType(proj.input);
  if (inputType.getRank() < 2)
    return op->emitOpError()
           << "expected input of rank >= 2 ([..., D]), got rank "
           << inputType.getRank();
  int64_t width = inputType.getShape().back();

  bool separate = proj.gateWeight || proj.valueWeight;
  if (separate && proj.packedWeight)
    return op->emitOpError("expected either separate gate and value weights "
                           "or a packed weight, not both");
  if (!separate && !proj.packedWeight)
    return op->emitOpError(
        "expected gate and value weights, or a packed weight");
  if (separate && !proj.valueWeight)
    return op->emitOpError("expected a value weight next to the gate weight");
  if (separate && !proj.gateWeight)
    return op->emitOpError("expected a gate weight next to the value weight");

  bool packedLayout = proj.layout && proj.layout.isPacked();
  if (separate && packedLayout)
    return op->emitOpError()
           << "layout " << proj.layout
           << " describes a packed weight, but the op has separate gate and "
              "value weights";
  if (!separate && !packedLayout)
    return op->emitOpError("expected a packed layout (gate_up, up_gate or "
                           "interleaved) for the packed weight");
  if (!separate && (proj.gateBias || proj.valueBias))
    return op->emitOpError("gate_bias and value_bias need separate weights; "
                           "use packed_bias with a packed weight");
  if (separate && proj.packedBias)
    return op->emitOpError("packed_bias needs a packed weight; use gate_bias "
                           "and value_bias with separate weights");

  Value weight = separate ? proj.gateWeight : proj.packedWeight;
  StringRef weightName = separate ? "gate weight" : "packed weight";
  if (failed(verifyRank(op, weight, weightName, 2,
                        separate ? "[D, F]" : "[D, 2F]")))
    return failure();
  ArrayRef<int64_t> weightShape = tensorType(weight).getShape();
  if (sizesConflict(weightShape[0], width))
    return op->emitOpError()
           << "expected " << weightName << " rows (" << weightShape[0]
           << ") to equal input width D (" << width << ")";

  int64_t hidden = weightShape[1];
  if (separate) {
    if (failed(verifyRank(op, proj.valueWeight, "value weight", 2, "[D, F]")))
      return failure();
    ArrayRef<int64_t> valueShape = tensorType(proj.valueWeight).getShape();
    if (sizesConflict(valueShape[0], width))
      return op->emitOpError()
             << "expected value weight rows (" << valueShape[0]
             << ") to equal input width D (" << width << ")";
    if (sizesConflict(valueShape[1], hidden))
      return op->emitOpError()
             << "expected value weight columns (" << valueShape[1]
             << ") to equal gate weight columns F (" << hidden << ")";
    if (ShapedType::isDynamic(hidden))
      hidden = valueShape[1];
  } else if (!ShapedType::isDynamic(hidden)) {
    int64_t granularity = proj.layout.getGranularity();
    if (hidden % (2 * granularity) != 0) {
      InFlightDiagnostic diag = op->emitOpError()
                                << "expected packed weight width (" << hidden
                                << ") to be ";
      if (granularity == 1)
        return diag << "even (2F)";
      return diag << "a multiple of 2 * granularity (" << 2 * granularity
                  << ")";
    }
    hidden /= 2;
  }

  if (proj.gateBias &&
      failed(verifyBias(op, proj.gateBias, "gate bias", hidden, "F")))
    return failure();
  if (proj.valueBias &&
      failed(verifyBias(op, proj.valueBias, "value bias", hidden, "F")))
    return failure();
  if (proj.packedBias &&
      failed(verifyBias(op, proj.packedBias, "packed bias",
                        ShapedType::isDynamic(hidden) ? hidden : 2 * hidden,
                        "2F")))
    return failure();
  return hidden;
}

/// Verifies that the result is `[..., width]` with the input's leading dims.
static LogicalResult verifyResultShape(Operation *op, Value input,
                                       int64_t width, StringRef widthName) {
  RankedTensorType inputType = tensorType(input);
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  if (resultType.getRank() != inputType.getRank())
    return op->emitOpError()
           << "expected result of rank " << inputType.getRank()
           << " like the input, got " << resultType.getRank();
  for (int64_t dim = 0, last = inputType.getRank() - 1; dim < last; ++dim) {
    if (sizesConflict(resultType.getDimSize(dim), inputType.getDimSize(dim)))
      return op->emitOpError()
             << "expected result dim " << dim << " ("
             << resultType.getDimSize(dim) << ") to equal input dim " << dim
             << " (" << inputType.getDimSize(dim) << ")";
  }
  int64_t resultWidth = resultType.getShape().back();
  if (sizesConflict(resultWidth, width))
    return op->emitOpError()
           << "expected result width (" << resultWidth << ") to equal "
           << widthName << " (" << formatSize(width) << ")";
  return success();
}

LogicalResult GatedProjOp::verify() {
  FailureOr<int64_t> hidden =
      verifyGatedProjection(*this, GatedProjection::get(*this));
  if (failed(hidden))
    return failure();
  return verifyResultShape(*this, getInput(), *hidden, "F");
}

LogicalResult FFNOp::verify() {
  FailureOr<int64_t> hidden =
      verifyGatedProjection(*this, GatedProjection::get(*this));
  if (failed(hidden))
    return failure();
  if (failed(verifyRank(*this, getDownWeight(), "down weight", 2, "[F, E]")))
    return failure();
  ArrayRef<int64_t> downShape = getDownWeight().getType().getShape();
  if (sizesConflict(downShape[0], *hidden))
    return emitOpError() << "expected down weight rows (" << downShape[0]
                         << ") to equal F (" << *hidden << ")";
  if (getDownBias() &&
      failed(verifyBias(*this, getDownBias(), "down bias", downShape[1], "E")))
    return failure();
  return verifyResultShape(*this, getInput(), downShape[1], "E");
}

//===----------------------------------------------------------------------===//
// Gated projection shape reification
//===----------------------------------------------------------------------===//

/// Reifies `[input dims[:-1]..., width]`, where `width` is dim 1 of
/// `widthSource`, halved when `halve` (a packed weight holds 2F columns).
static LogicalResult reifyProjection(Operation *op, OpBuilder &builder,
                                     Value input, Value widthSource, bool halve,
                                     ReifiedRankedShapedTypeDims &shapes) {
  Location loc = op->getLoc();
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(builder, loc, input);
  if (resultType.isDynamicDim(resultType.getRank() - 1)) {
    OpFoldResult width = tensor::getMixedSize(builder, loc, widthSource, 1);
    if (halve) {
      Value two = arith::ConstantIndexOp::create(builder, loc, 2);
      width = arith::DivUIOp::create(
                  builder, loc,
                  getValueOrCreateConstantIndexOp(builder, loc, width), two)
                  .getResult();
    }
    sizes.back() = width;
  }
  // Prefer sizes that the result type already knows statically.
  for (auto [dim, size] : llvm::enumerate(sizes))
    if (!resultType.isDynamicDim(dim))
      size = builder.getIndexAttr(resultType.getDimSize(dim));
  shapes.push_back(std::move(sizes));
  return success();
}

LogicalResult
GatedProjOp::reifyResultShapes(OpBuilder &builder,
                               ReifiedRankedShapedTypeDims &shapes) {
  bool packed = static_cast<bool>(getPackedWeight());
  return reifyProjection(*this, builder, getInput(),
                         packed ? getPackedWeight() : getGateWeight(), packed,
                         shapes);
}

LogicalResult FFNOp::reifyResultShapes(OpBuilder &builder,
                                       ReifiedRankedShapedTypeDims &shapes) {
  return reifyProjection(*this, builder, getInput(), getDownWeight(),
                         /*halve=*/false, shapes);
}

#define GET_OP_CLASSES
#include "glu/Dialect/Glu/IR/GluOps.cpp.inc"
