//===- ActivationFormulas.cpp - scalar glu formulas in arith/math ---------===//

#include "glu/Dialect/Glu/Utils/ActivationFormulas.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::glu;

// Exact constants of the dialect (see GluAttrs.td).
static constexpr double kInvSqrt2 = 0.7071067811865476;
static constexpr double kSqrt2OverPi = 0.7978845608028654;
static constexpr double kGeluTanhCubic = 0.044715;
static constexpr double kQuickGeluAlpha = 1.702;

static Value createConstant(OpBuilder &b, Location loc, Type type,
                            double value) {
  return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
}

static Value createConstant(OpBuilder &b, Location loc, Type type,
                            const APFloat &value) {
  return createConstant(b, loc, type, value.convertToDouble());
}

/// sigmoid(z) = 1 / (1 + exp(-z)) for z >= 0 and exp(z) / (1 + exp(z))
/// otherwise: exp only ever sees -|z|, so nothing overflows, and the result
/// keeps relative accuracy as it approaches 0.
static Value createSigmoid(OpBuilder &b, Location loc, Value z) {
  Type type = z.getType();
  Value negAbs = arith::NegFOp::create(b, loc, math::AbsFOp::create(b, loc, z));
  Value e = math::ExpOp::create(b, loc, negAbs);
  Value one = createConstant(b, loc, type, 1.0);
  Value zero = createConstant(b, loc, type, 0.0);
  Value nonNegative =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, z, zero);
  Value numerator = arith::SelectOp::create(b, loc, nonNegative, one, e);
  Value denominator = arith::AddFOp::create(b, loc, one, e);
  return arith::DivFOp::create(b, loc, numerator, denominator);
}

/// x * factor for a factor in [0, 1] that reaches exactly 0 only where x is
/// very negative (or infinite): there the product is a signed zero, never the
/// NaN of -inf * 0.
static Value createScaled(OpBuilder &b, Location loc, Value x, Value factor) {
  Value zero = createConstant(b, loc, x.getType(), 0.0);
  Value product = arith::MulFOp::create(b, loc, x, factor);
  Value isZero =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, factor, zero);
  Value signedZero = math::CopySignOp::create(b, loc, zero, x);
  return arith::SelectOp::create(b, loc, isZero, signedZero, product);
}

/// x * sigmoid(alpha * x).
static Value createSwish(OpBuilder &b, Location loc, Value x, double alpha) {
  Value z = x;
  if (alpha != 1.0)
    z = arith::MulFOp::create(b, loc,
                              createConstant(b, loc, x.getType(), alpha), x);
  return createScaled(b, loc, x, createSigmoid(b, loc, z));
}

Value mlir::glu::createActivation(OpBuilder &b, Location loc,
                                  ActivationAttr activation, Value x) {
  Type type = x.getType();
  switch (activation.getKind()) {
  case ActivationKind::identity:
    return x;
  case ActivationKind::sigmoid:
    return createSigmoid(b, loc, x);
  case ActivationKind::relu:
    return arith::MaximumFOp::create(b, loc, x,
                                     createConstant(b, loc, type, 0.0));
  case ActivationKind::relu_squared: {
    Value relu = arith::MaximumFOp::create(b, loc, x,
                                           createConstant(b, loc, type, 0.0));
    return arith::MulFOp::create(b, loc, relu, relu);
  }
  case ActivationKind::gelu: {
    // Phi(x) = 0.5 * erfc(-x / sqrt(2)): no 1 + erf(...) cancellation.
    Value arg = arith::MulFOp::create(
        b, loc, x, createConstant(b, loc, type, -kInvSqrt2));
    Value cdf =
        arith::MulFOp::create(b, loc, createConstant(b, loc, type, 0.5),
                              math::ErfcOp::create(b, loc, arg));
    return createScaled(b, loc, x, cdf);
  }
  case ActivationKind::gelu_tanh: {
    // 0.5 * x * (1 + tanh(u)) = x * sigmoid(2u),
    // u = sqrt(2/pi) * (x + 0.044715 * x^3).
    Value cube = arith::MulFOp::create(
        b, loc, arith::MulFOp::create(b, loc, x, x), x);
    Value inner = arith::AddFOp::create(
        b, loc, x,
        arith::MulFOp::create(b, loc,
                              createConstant(b, loc, type, kGeluTanhCubic),
                              cube));
    Value twiceU = arith::MulFOp::create(
        b, loc, createConstant(b, loc, type, 2.0 * kSqrt2OverPi), inner);
    return createScaled(b, loc, x, createSigmoid(b, loc, twiceU));
  }
  case ActivationKind::quick_gelu:
    return createSwish(b, loc, x, kQuickGeluAlpha);
  case ActivationKind::swish:
    return createSwish(b, loc, x, activation.getBeta().convertToDouble());
  }
  llvm_unreachable("unknown glu activation kind");
}

Value mlir::glu::createGating(OpBuilder &b, Location loc,
                              ActivationAttr activation, ClampAttr clamp,
                              Value gate, Value value) {
  Type type = gate.getType();
  if (clamp && clamp.hasGateLimit())
    gate = arith::MinimumFOp::create(
        b, loc, gate, createConstant(b, loc, type, clamp.getGateLimit()));
  if (clamp && clamp.hasValueLimit()) {
    APFloat limit = clamp.getValueLimit();
    value = arith::MaximumFOp::create(b, loc, value,
                                      createConstant(b, loc, type, -limit));
    value = arith::MinimumFOp::create(b, loc, value,
                                      createConstant(b, loc, type, limit));
  }
  if (clamp && clamp.hasValueOffset())
    value = arith::AddFOp::create(
        b, loc, value, createConstant(b, loc, type, clamp.getValueOffset()));
  return arith::MulFOp::create(b, loc,
                               createActivation(b, loc, activation, gate),
                               value);
}
