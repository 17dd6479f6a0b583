//===- ActivationFormulas.h - scalar glu formulas in arith/math -*- C++ -*-===//
//
// The scalar formulas of the glu dialect, emitted as arith/math ops on one
// floating-point value. Every lowering of a glu op builds its elementwise
// bodies from these, so the formulas exist once.
//
//===----------------------------------------------------------------------===//

#ifndef GLU_DIALECT_GLU_UTILS_ACTIVATIONFORMULAS_H
#define GLU_DIALECT_GLU_UTILS_ACTIVATIONFORMULAS_H

#include "glu/Dialect/Glu/IR/GluAttrs.h"
#include "mlir/IR/Builders.h"

namespace mlir::glu {

/// Emits `act(x)` for the scalar float `x`. The forms avoid the cancellations
/// of the textbook formulas (GELU is `x * 0.5 * erfc(-x / sqrt(2))`, tanh-GELU
/// is `x * sigmoid(2u)`), never overflow (sigmoid uses `exp(-|z|)`), and
/// never produce NaN from `inf * 0`.
Value createActivation(OpBuilder &builder, Location loc,
                       ActivationAttr activation, Value x);

/// Emits `act(min(gate, Lg)) * (clamp(value, -Lv, Lv) + c)` with the limits
/// and offset of `clamp` (a neutral clamp emits `act(gate) * value`).
Value createGating(OpBuilder &builder, Location loc, ActivationAttr activation,
                   ClampAttr clamp, Value gate, Value value);

} // namespace mlir::glu

#endif // GLU_DIALECT_GLU_UTILS_ACTIVATIONFORMULAS_H
