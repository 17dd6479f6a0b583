//===- ProjectionOperands.cpp - operands of glu projections ---------------===//

#include "glu/Dialect/Glu/Utils/ProjectionOperands.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
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

std::pair<int64_t, int64_t>
mlir::glu::getPackedColumns(LayoutAttr layout, int64_t hidden, int64_t j) {
  switch (layout.getKind()) {
  case GateUpLayout::separate:
    break;
  case GateUpLayout::gate_up:
    return {j, hidden + j};
  case GateUpLayout::up_gate:
    return {hidden + j, j};
  case GateUpLayout::interleaved: {
    int64_t granularity = layout.getGranularity();
    int64_t gate = j / granularity * 2 * granularity + j % granularity;
    return {gate, gate + granularity};
  }
  }
  llvm_unreachable("separate weights have no packed operand");
}

/// The reassociation of a rank-`rank` (>= 2) shape `[..., N]` to `[T, N]`:
/// the leading dimensions folded into one, the last kept.
static SmallVector<ReassociationIndices> getRowsAndColumns(int64_t rank) {
  return {llvm::to_vector(llvm::seq<int64_t>(0, rank - 1)), {rank - 1}};
}

Value mlir::glu::createRowsTensor(OpBuilder &b, Location loc, Value value) {
  int64_t rank = cast<RankedTensorType>(value.getType()).getRank();
  if (rank == 2)
    return value;
  return tensor::CollapseShapeOp::create(b, loc, value,
                                         getRowsAndColumns(rank));
}

ResultBuffer mlir::glu::createResultBuffer(OpBuilder &b, Location loc,
                                           Value input, OpFoldResult width,
                                           Type elementType) {
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, input);
  sizes.back() = width;
  SmallVector<Value> dynamicSizes;
  SmallVector<int64_t> staticSizes;
  dispatchIndexOpFoldResults(sizes, dynamicSizes, staticSizes);
  Value buffer =
      memref::AllocOp::create(b, loc, MemRefType::get(staticSizes, elementType),
                              dynamicSizes, b.getI64IntegerAttr(64));
  if (sizes.size() == 2)
    return {buffer, buffer};
  return {buffer, memref::CollapseShapeOp::create(
                      b, loc, buffer, getRowsAndColumns(sizes.size()))};
}

Value mlir::glu::createResultTensor(OpBuilder &b, Location loc, Value buffer,
                                    Type resultType) {
  auto bufferType = cast<MemRefType>(buffer.getType());
  Value tensor = bufferization::ToTensorOp::create(
      b, loc,
      RankedTensorType::get(bufferType.getShape(), bufferType.getElementType()),
      buffer, /*restrict=*/true, /*writable=*/true);
  if (tensor.getType() == resultType)
    return tensor;
  return tensor::CastOp::create(b, loc, resultType, tensor);
}
