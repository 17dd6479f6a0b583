//===- RuntimeSizeChecks.cpp - run-time size checks of glu ops -----------===//

#include "glu/Dialect/Glu/Utils/RuntimeSizeChecks.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::glu;

OpFoldResult mlir::glu::divideSize(OpBuilder &b, Location loc,
                                   OpFoldResult size, int64_t divisor) {
  if (std::optional<int64_t> constant = getConstantIntValue(size))
    return b.getIndexAttr(*constant / divisor);
  Value divisorValue = arith::ConstantIndexOp::create(b, loc, divisor);
  return arith::DivUIOp::create(b, loc, cast<Value>(size), divisorValue)
      .getResult();
}

void mlir::glu::assertSameSize(OpBuilder &b, Location loc, OpFoldResult lhs,
                               OpFoldResult rhs, StringRef opName,
                               const Twine &what) {
  if (getConstantIntValue(lhs) && getConstantIntValue(rhs))
    return;
  Value equal =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                            getValueOrCreateConstantIndexOp(b, loc, lhs),
                            getValueOrCreateConstantIndexOp(b, loc, rhs));
  cf::AssertOp::create(b, loc, equal,
                       (opName + ": " + what + " disagree").str());
}

/// Checks every size relation of the gated projection `proj` (operands on
/// tensors) that involves a dynamic size, and returns the hidden width F.
static OpFoldResult assertGatedProjectionSizes(OpBuilder &b, Location loc,
                                               StringRef opName,
                                               const GatedProjection &proj) {
  auto size = [&](Value value, int64_t dim) {
    return tensor::getMixedSize(b, loc, value, dim);
  };
  int64_t inputRank = cast<RankedTensorType>(proj.input.getType()).getRank();
  OpFoldResult width = size(proj.input, inputRank - 1);
  if (!proj.isPacked()) {
    OpFoldResult hidden = size(proj.gateWeight, 1);
    assertSameSize(b, loc, size(proj.gateWeight, 0), width, opName,
                   "gate weight rows (dim 0) and input width D (last dim)");
    assertSameSize(b, loc, size(proj.valueWeight, 0), width, opName,
                   "value weight rows (dim 0) and input width D (last dim)");
    assertSameSize(b, loc, size(proj.valueWeight, 1), hidden, opName,
                   "value weight columns (dim 1) and gate weight columns F "
                   "(dim 1)");
    if (proj.gateBias)
      assertSameSize(b, loc, size(proj.gateBias, 0), hidden, opName,
                     "gate bias size and gate weight columns F");
    if (proj.valueBias)
      assertSameSize(b, loc, size(proj.valueBias, 0), hidden, opName,
                     "value bias size and gate weight columns F");
    return hidden;
  }
  assertSameSize(b, loc, size(proj.packedWeight, 0), width, opName,
                 "packed weight rows (dim 0) and input width D (last dim)");
  OpFoldResult packedWidth = size(proj.packedWeight, 1);
  int64_t multiple = 2 * proj.layout.getGranularity();
  if (!getConstantIntValue(packedWidth)) {
    Value remainder = arith::RemUIOp::create(
        b, loc, cast<Value>(packedWidth),
        arith::ConstantIndexOp::create(b, loc, multiple));
    assertSameSize(b, loc, remainder, b.getIndexAttr(0), opName,
                   "packed weight width (dim 1) and a multiple of 2 * "
                   "granularity");
  }
  if (proj.packedBias)
    assertSameSize(b, loc, size(proj.packedBias, 0), packedWidth, opName,
                   "packed bias size and packed weight width 2F");
  return divideSize(b, loc, packedWidth, 2);
}

void mlir::glu::assertResultSizes(OpBuilder &b, Operation *op,
                                  ArrayRef<OpFoldResult> operandSizes) {
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  for (auto [dim, size] : llvm::enumerate(operandSizes)) {
    if (type.isDynamicDim(dim))
      continue;
    assertSameSize(b, op->getLoc(), size, b.getIndexAttr(type.getDimSize(dim)),
                   op->getName().getStringRef(),
                   "result dim " + Twine(dim) + " of type " +
                       Twine(type.getDimSize(dim)) +
                       " and the size computed from the operands");
  }
}

ProjectionWidths mlir::glu::assertProjectionSizes(OpBuilder &b, Operation *op,
                                                  const GatedProjection &proj,
                                                  Value downWeight,
                                                  Value downBias) {
  Location loc = op->getLoc();
  StringRef name = op->getName().getStringRef();
  OpFoldResult hidden = assertGatedProjectionSizes(b, loc, name, proj);
  OpFoldResult width = hidden;
  if (downWeight) {
    width = tensor::getMixedSize(b, loc, downWeight, 1);
    assertSameSize(b, loc, tensor::getMixedSize(b, loc, downWeight, 0), hidden,
                   name, "down weight rows (dim 0) and F");
    if (downBias)
      assertSameSize(b, loc, tensor::getMixedSize(b, loc, downBias, 0), width,
                     name, "down bias size and down weight columns E");
  }
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, proj.input);
  sizes.back() = width;
  assertResultSizes(b, op, sizes);
  return {hidden, width};
}
