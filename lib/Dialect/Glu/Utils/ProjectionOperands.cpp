//===- ProjectionOperands.cpp - operands of glu projections ---------------===//

#include "glu/Dialect/Glu/Utils/ProjectionOperands.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/ErrorHandling.h"

using namespace mlir;
using namespace mlir::glu;

Value mlir::glu::createReadOnlyBuffer(OpBuilder &b, Location loc, Value value) {
  if (!value)
    return nullptr;
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> strides(type.getRank(), ShapedType::kDynamic);
  strides.back() = 1;
  auto bufferType = MemRefType::get(
      type.getShape(), type.getElementType(),
      StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic, strides));
  return bufferization::ToBufferOp::create(b, loc, bufferType, value,
                                           /*read_only=*/true);
}

std::pair<Value, Value> mlir::glu::createPackedColumns(OpBuilder &b,
                                                       Location loc,
                                                       LayoutAttr layout,
                                                       Value hidden, Value j) {
  auto constant = [&](int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  switch (layout.getKind()) {
  case GateUpLayout::separate:
    break;
  case GateUpLayout::gate_up:
    return {j, arith::AddIOp::create(b, loc, hidden, j)};
  case GateUpLayout::up_gate:
    return {arith::AddIOp::create(b, loc, hidden, j), j};
  case GateUpLayout::interleaved: {
    int64_t granularity = layout.getGranularity();
    Value block = arith::DivUIOp::create(b, loc, j, constant(granularity));
    Value blockStart =
        arith::MulIOp::create(b, loc, block, constant(2 * granularity));
    Value gate = arith::AddIOp::create(
        b, loc, blockStart,
        arith::RemUIOp::create(b, loc, j, constant(granularity)));
    return {gate, arith::AddIOp::create(b, loc, gate, constant(granularity))};
  }
  }
  llvm_unreachable("separate weights have no packed operand");
}
