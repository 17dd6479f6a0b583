//===- ActivationFormulas.h - scalar glu formulas in arith/math -*- C++ -*-===//
//
// The formulas of the glu dialect, emitted as arith/math ops on one
// floating-point value or a vector of them. Every lowering of a glu op builds
// its elementwise bodies from these, so the formulas exist once.
//
//===----------------------------------------------------------------------===//

#ifndef GLU_DIALECT_GLU_UTILS_ACTIVATIONFORMULAS_H
#define GLU_DIALECT_GLU_UTILS_ACTIVATIONFORMULAS_H

#include "glu/Dialect/Glu/IR/GluAttrs.h"
#include "mlir/IR/Builders.h"

namespace mlir::glu {

/// Emits `act(x)` for the float (or vector of floats) `x`, in forms that keep
/// relative accuracy everywhere (the f32 bounds of #glu.activation): GELU
/// through `erfc` of `|x|/sqrt(2)` rather than `1 + erf`, tanh-GELU as `x *
/// sigmoid(2u)`, exp arguments carried as a sum of two floats, no overflow
/// (sigmoid uses `exp(-|z|)`), no NaN from `-inf * 0`. Emits `math.exp` (and
/// `math.erfc` for f64); `glu-expand-math` expands them.
Value createActivation(OpBuilder &builder, Location loc,
                       ActivationAttr activation, Value x);

/// Emits `act(min(gate, Lg)) * (clamp(value, -Lv, Lv) + c)` with the limits
/// and offset of `clamp` (a neutral clamp emits `act(gate) * value`).
Value createGating(OpBuilder &builder, Location loc, ActivationAttr activation,
                   ClampAttr clamp, Value gate, Value value);

} // namespace mlir::glu

#endif // GLU_DIALECT_GLU_UTILS_ACTIVATIONFORMULAS_H
