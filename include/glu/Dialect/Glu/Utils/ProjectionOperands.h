//===- ProjectionOperands.h - operands of glu projections -------*- C++ -*-===//
//
// What every loop-level lowering of glu.gated_proj and glu.ffn needs from
// the operands: buffers of the tensors, where gate column j and value
// column j are in a packed weight or bias, and the input and result as
// [T, N] matrices whatever their batch dimensions.
//
//===----------------------------------------------------------------------===//

#ifndef GLU_DIALECT_GLU_UTILS_PROJECTIONOPERANDS_H
#define GLU_DIALECT_GLU_UTILS_PROJECTIONOPERANDS_H

#include "glu/Dialect/Glu/IR/GluAttrs.h"
#include "mlir/IR/Builders.h"

namespace mlir::glu {

/// A read-only buffer view (`bufferization.to_buffer`) of the ranked tensor
/// `value`, with dynamic offset and strides except a unit last stride (what
/// any bufferization of it satisfies), or null for a null value.
Value createReadOnlyBuffer(OpBuilder &b, Location loc, Value value);

/// The columns of a packed weight `[D, 2F]` or packed bias `[2F]` that hold
/// gate column `j` and value column `j` (index values, `0 <= j < F`) in
/// `layout`: `j` and `F + j` for gate_up, the reverse for up_gate, and for
/// interleaved blocks of G columns `2G * (j / G) + j % G` and that plus G.
std::pair<Value, Value> createPackedColumns(OpBuilder &b, Location loc,
                                            LayoutAttr layout, Value hidden,
                                            Value j);

/// createPackedColumns for constants: the packed columns of gate column `j`
/// and value column `j` (`0 <= j < hidden`) in `layout`.
std::pair<int64_t, int64_t> getPackedColumns(LayoutAttr layout, int64_t hidden,
                                             int64_t j);

/// The tensor `value` of rank >= 2 as a `[T, N]` tensor
/// (`tensor.collapse_shape`, or `value` itself if it has rank 2).
Value createRowsTensor(OpBuilder &b, Location loc, Value value);

/// The result buffer of a projection of `input` `[..., D]`: `buffer` is a
/// `[..., width]` allocation of `elementType`, `rows` the `[T, width]` view
/// of it (`memref.collapse_shape`) that the loops write. The result is not
/// expanded from a `[T, N]` tensor instead because MLIR 22's
/// expand-strided-metadata crashes on an expand_shape group with several
/// dynamic sizes.
struct ResultBuffer {
  Value buffer, rows;
};
ResultBuffer createResultBuffer(OpBuilder &b, Location loc, Value input,
                                OpFoldResult width, Type elementType);

/// The tensor of a filled result `buffer`, cast to `resultType`.
Value createResultTensor(OpBuilder &b, Location loc, Value buffer,
                         Type resultType);

} // namespace mlir::glu

#endif // GLU_DIALECT_GLU_UTILS_PROJECTIONOPERANDS_H
