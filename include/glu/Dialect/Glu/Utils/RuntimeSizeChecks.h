//===- RuntimeSizeChecks.h - run-time size checks of glu ops ----*- C++ -*-===//
//
// The size relations that the verifier checks on static sizes, emitted as
// `cf.assert`s where a size is dynamic. Every lowering of a glu op that
// reads its operands emits them, so that disagreeing sizes abort with a
// message naming both instead of reading out of bounds.
//
//===----------------------------------------------------------------------===//

#ifndef GLU_DIALECT_GLU_UTILS_RUNTIMESIZECHECKS_H
#define GLU_DIALECT_GLU_UTILS_RUNTIMESIZECHECKS_H

#include "glu/Dialect/Glu/IR/GluOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

namespace mlir::glu {

/// `size / divisor`, folded when `size` is static.
OpFoldResult divideSize(OpBuilder &b, Location loc, OpFoldResult size,
                        int64_t divisor);

/// Emits `cf.assert lhs == rhs` unless both sizes are static (then the
/// verifier has already checked them). A failed check prints
/// "<opName>: <what> disagree" and aborts.
void assertSameSize(OpBuilder &b, Location loc, OpFoldResult lhs,
                    OpFoldResult rhs, StringRef opName, const Twine &what);

/// Checks that the result sizes that the type of `op` fixes statically match
/// `operandSizes`, the sizes computed from the operands.
void assertResultSizes(OpBuilder &b, Operation *op,
                       ArrayRef<OpFoldResult> operandSizes);

/// The widths of a projection: F (gate, value, hidden) and the result's
/// last dimension (E for glu.ffn, F for glu.gated_proj).
struct ProjectionWidths {
  OpFoldResult hidden, result;
};

/// Checks every size relation of the glu.ffn (`downWeight` set, `downBias`
/// optional) or glu.gated_proj `op` (operands `proj`, on tensors) that
/// involves a dynamic size, its result sizes included.
ProjectionWidths assertProjectionSizes(OpBuilder &b, Operation *op,
                                       const GatedProjection &proj,
                                       Value downWeight, Value downBias);

} // namespace mlir::glu

#endif // GLU_DIALECT_GLU_UTILS_RUNTIMESIZECHECKS_H
