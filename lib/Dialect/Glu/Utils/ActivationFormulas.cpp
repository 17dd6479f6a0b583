//===- ActivationFormulas.cpp - scalar glu formulas in arith/math ---------===//
//
// The activations are evaluated in forms that keep relative accuracy over
// the whole range, including the negative tails where the results are tiny:
//
// - Arguments of exp are carried as an unevaluated sum hi + lo: a constant
//   that is not exact in the compute type (1.702, sqrt(2/pi)) is split in two,
//   and products are made exact with one FMA. exp(hi + lo) is then
//   exp(hi) * (1 + lo); exp amplifies an absolute error of its argument into
//   a relative error of its result, so a rounded argument of -87 alone would
//   cost 87 * 2^-24 (about 6 ulp).
// - x * sigmoid(z) where exp(z) would be subnormal (but the product is not)
//   is computed as (x * exp(z + K ln2) / (1 + ...)) * 2^-K.
// - GELU's Phi(x) for x < 0 is 0.5 * erfc(|x| / sqrt(2)) with
//   erfc(a) = t * exp(-a^2) * Q(t), t = 1 / (1 + |x|/2), where a^2 = x^2 / 2
//   is split exactly and Q is a polynomial fitted for this file (its
//   coefficients, rounded to f32 one at a time with the remaining ones
//   refitted, are below), evaluated in f64. No 1 + erf(...) cancellation.
// - x * factor, where the factor underflows to 0 as x -> -inf, is a signed
//   zero rather than the NaN of -inf * 0.
//
//===----------------------------------------------------------------------===//

#include "glu/Dialect/Glu/Utils/ActivationFormulas.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/TypeUtilities.h"
#include <cmath>

using namespace mlir;
using namespace mlir::glu;

/// Q(t) = erfc(a) exp(a^2) / t with a = |x| / sqrt(2), t = 1 / (1 + |x|/2),
/// for |x| in [0, 15] (beyond, the GELU tail underflows), lowest degree
/// first. Relative error (Horner's rule in f64): 2.75e-8.
static constexpr double kErfcQ[] = {0.398959965,  0.398382485,  0.306629181,
                                    0.0459339395, 0.10706865,   -0.815735877,
                                    0.706620812,  0.178232089,  -0.621922553,
                                    0.373555988,  -0.0777247027};

namespace {

/// A value carried as the unevaluated sum hi + lo.
struct Split {
  Value hi, lo;
};

/// Emits arith/math ops of one floating-point type or vector of it.
class FormulaBuilder {
public:
  FormulaBuilder(OpBuilder &b, Location loc, Type type)
      : b(b), loc(loc), type(type), elementType(getElementTypeOrSelf(type)) {}

  Value constant(double value) {
    FloatAttr scalar = b.getFloatAttr(elementType, value);
    if (auto vectorType = dyn_cast<VectorType>(type))
      return arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(vectorType, Attribute(scalar)));
    return arith::ConstantOp::create(b, loc, scalar);
  }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, loc, x, y); }
  Value fma(Value x, Value y, Value z) {
    return math::FmaOp::create(b, loc, x, y, z);
  }
  Value neg(Value x) { return arith::NegFOp::create(b, loc, x); }
  Value abs(Value x) { return math::AbsFOp::create(b, loc, x); }
  Value exp(Value x) { return math::ExpOp::create(b, loc, x); }
  Value maximum(Value x, Value y) {
    return arith::MaximumFOp::create(b, loc, x, y);
  }
  Value minimum(Value x, Value y) {
    return arith::MinimumFOp::create(b, loc, x, y);
  }
  Value select(Value condition, Value x, Value y) {
    return arith::SelectOp::create(b, loc, condition, x, y);
  }
  Value compare(arith::CmpFPredicate predicate, Value x, Value y) {
    return arith::CmpFOp::create(b, loc, predicate, x, y);
  }
  /// |x| < inf (false for NaN).
  Value isFinite(Value x) {
    return compare(arith::CmpFPredicate::OLT, abs(x), constant(INFINITY));
  }
  /// `value` where `hi` is finite, 0 elsewhere: the low part of an
  /// overflowed or NaN sum or product is meaningless (inf - inf).
  Value lowPart(Value hi, Value value) {
    return select(isFinite(hi), value, constant(0.0));
  }

  /// x * y exactly, as hi + lo (one FMA).
  Split mulExact(Value x, Value y) {
    Value hi = mul(x, y);
    return {hi, lowPart(hi, fma(x, y, neg(hi)))};
  }

  /// c * x for a constant c that may not be exact in `type`: c is split
  /// into cHi + cLo and c * x is returned as hi + lo.
  Split mulConstant(double c, Value x) {
    double cHi = roundToType(c);
    Split product = mulExact(constant(cHi), x);
    double cLo = roundToType(c - cHi);
    if (cLo != 0.0)
      product.lo = add(product.lo, lowPart(product.hi, mul(constant(cLo), x)));
    return product;
  }

  /// (x.hi + x.lo) + (y.hi + y.lo), renormalized (Knuth's two-sum on the
  /// high parts).
  Split add(Split x, Split y) {
    Value hi = add(x.hi, y.hi);
    Value yVirtual = sub(hi, x.hi);
    Value error = add(sub(x.hi, sub(hi, yVirtual)), sub(y.hi, yVirtual));
    return {hi, lowPart(hi, add(error, add(x.lo, y.lo)))};
  }

  /// sum_i coefficients[i] * t^i by Horner's rule (one FMA a step).
  Value horner(ArrayRef<double> coefficients, Value t) {
    Value sum = constant(coefficients.back());
    for (double c : llvm::reverse(coefficients.drop_back()))
      sum = fma(sum, t, constant(c));
    return sum;
  }

  /// The f64 counterpart of `type` (f64 or a vector of f64 of its shape).
  Type wideType() const {
    Type f64 = b.getF64Type();
    if (auto vectorType = dyn_cast<VectorType>(type))
      return vectorType.clone(f64);
    return f64;
  }
  Value widen(Value x) { return arith::ExtFOp::create(b, loc, wideType(), x); }
  Value narrow(Value x) { return arith::TruncFOp::create(b, loc, type, x); }

  /// exp(z.hi + z.lo) = exp(z.hi) * (1 + z.lo) up to z.lo^2 / 2.
  Value exp(Split z) {
    Value e = exp(z.hi);
    return fma(e, z.lo, e);
  }

  /// `factor` * x, or a zero with the sign of x where `factor` is exactly 0
  /// (x -> -inf in x * Phi(x), x * sigmoid(x), ...).
  Value scaleBy(Value x, Value factor) {
    Value isZero = compare(arith::CmpFPredicate::OEQ, factor, constant(0.0));
    Value signedZero = math::CopySignOp::create(b, loc, constant(0.0), x);
    return select(isZero, signedZero, mul(x, factor));
  }

  /// sigmoid(x) = 1 / (1 + exp(-x)) for x >= 0 and exp(x) / (1 + exp(x))
  /// otherwise: exp only sees -|x|, so it never overflows.
  Value sigmoid(Value x) {
    Value e = exp(neg(abs(x)));
    Value nonNegative = compare(arith::CmpFPredicate::OGE, x, constant(0.0));
    return div(select(nonNegative, constant(1.0), e), add(constant(1.0), e));
  }

  /// x * sigmoid(z), z given as hi + lo, accurate where exp(z) is subnormal
  /// but the product is not.
  Value timesSigmoid(Value x, Split z) {
    // -|z| as hi + lo.
    Value nonNegative = compare(arith::CmpFPredicate::OGE, z.hi, constant(0.0));
    Split negAbs = {neg(abs(z.hi)), select(nonNegative, neg(z.lo), z.lo)};
    // Below the threshold, evaluate exp(-|z| + K ln2) and multiply the
    // product by 2^-K at the end. K ln2 is split so that -|z| + its high
    // part is exact.
    const FloatExponents &range = exponents();
    Value deep = compare(arith::CmpFPredicate::OLT, negAbs.hi,
                         constant(range.deepThreshold));
    Value zero = constant(0.0);
    Split shifted = {
        add(negAbs.hi, select(deep, constant(range.shiftHi), zero)),
        add(negAbs.lo, select(deep, constant(range.shiftLo), zero))};
    Value e = exp(shifted);
    Value unscale = select(deep, constant(range.unscale), constant(1.0));
    Value denominator = fma(e, unscale, constant(1.0));
    // z >= 0: x / (1 + e); z < 0: (x * e / (1 + e)) * 2^-K.
    Value numerator = select(nonNegative, constant(1.0), e);
    Value ratio = div(numerator, denominator);
    Value product =
        mul(scaleBy(x, ratio), select(nonNegative, constant(1.0), unscale));
    return product;
  }

  /// x * Phi(x) (GELU, erf form) for f32 and narrower compute types.
  Value geluErfApproximation(Value x) {
    Value ax = abs(x);
    // erfc(a), a = |x| / sqrt(2): t * exp(-x^2/2) * Q(t).
    // t = 1 / (1 + |x|/2) as tHi + tLo: its rounding would pass one to one
    // into the result.
    Value one = constant(1.0), half = constant(0.5);
    Split denominator =
        add(Split{one, constant(0.0)}, Split{mul(ax, half), constant(0.0)});
    Value tHi = div(one, denominator.hi);
    Value residual =
        sub(fma(neg(tHi), denominator.hi, one), mul(tHi, denominator.lo));
    Value tLo = lowPart(denominator.hi, mul(residual, tHi));
    // t * Q(t) in f64, where tHi + tLo is exact and Horner's rule loses
    // nothing that shows in f32: one rounding, at the end (an f32 Horner
    // would need compensation, at several times the cost).
    FormulaBuilder wide(b, loc, wideType());
    Value t = wide.add(widen(tHi), widen(tLo));
    Value tq = narrow(wide.mul(t, wide.horner(kErfcQ, t)));
    Split square = mulExact(x, x);
    Split halfSquare = {mul(square.hi, half), mul(square.lo, half)};
    Value e = exp(Split{neg(halfSquare.hi), neg(halfSquare.lo)});
    // Phi(x) = 0.5 erfc(a) for x < 0, 1 - 0.5 erfc(a) otherwise. In the
    // negative tail, multiply by x before exp(-x^2/2): Phi itself may be
    // subnormal where x * Phi is not.
    Value halfTQ = mul(half, tq);
    Value negativeTail = mul(scaleBy(x, halfTQ), e);
    Value positive = mul(x, sub(one, mul(halfTQ, e)));
    Value negative = compare(arith::CmpFPredicate::OLT, x, constant(0.0));
    return select(negative, negativeTail, positive);
  }

  /// x * Phi(x) through math.erfc (f64, where libm's erfc is accurate).
  Value geluErfc(Value x) {
    Value erfc = math::ErfcOp::create(b, loc, mul(x, constant(-kInvSqrt2)));
    return scaleBy(x, mul(constant(0.5), erfc));
  }

  bool isNarrow() const { return elementType.getIntOrFloatBitWidth() <= 32; }

private:
  /// Constants of the subnormal-avoiding shift in timesSigmoid.
  struct FloatExponents {
    double deepThreshold;    // exp(x) for x below this may be subnormal
    double shiftHi, shiftLo; // K ln2 = shiftHi + shiftLo
    double unscale;          // 2^-K
  };

  const FloatExponents &exponents() const {
    // f32: normal down to exp(-87.33); the high part of 64 ln2 is a
    // multiple of 2^-16, so adding it to any |x| < 256 is exact.
    static const FloatExponents f32 = {
        -80.0, 44.361419677734375, 64 * M_LN2 - 44.361419677734375, 0x1p-64};
    // f64: normal down to exp(-708.4); 512 ln2's high part is a multiple
    // of 2^-42, exact when added to any |x| < 2048.
    static const FloatExponents f64 = {
        -700.0, std::ldexp(std::round(std::ldexp(512 * M_LN2, 42)), -42),
        512 * M_LN2 - std::ldexp(std::round(std::ldexp(512 * M_LN2, 42)), -42),
        0x1p-512};
    return isNarrow() ? f32 : f64;
  }

  double roundToType(double value) const {
    return isNarrow() ? static_cast<double>(static_cast<float>(value)) : value;
  }

  OpBuilder &b;
  Location loc;
  Type type;
  Type elementType;
};

} // namespace

Value mlir::glu::createActivation(OpBuilder &b, Location loc,
                                  ActivationAttr activation, Value x) {
  FormulaBuilder f(b, loc, x.getType());
  switch (activation.getKind()) {
  case ActivationKind::identity:
    return x;
  case ActivationKind::sigmoid:
    return f.sigmoid(x);
  case ActivationKind::relu:
    return f.maximum(x, f.constant(0.0));
  case ActivationKind::relu_squared: {
    Value relu = f.maximum(x, f.constant(0.0));
    return f.mul(relu, relu);
  }
  case ActivationKind::gelu:
    return f.isNarrow() ? f.geluErfApproximation(x) : f.geluErfc(x);
  case ActivationKind::gelu_tanh: {
    // 0.5 x (1 + tanh(u)) = x sigmoid(2u),
    // 2u = 2 sqrt(2/pi) x + 2 sqrt(2/pi) 0.044715 x^3, carried as hi + lo.
    Split square = f.mulExact(x, x);
    Split cube = f.mulExact(square.hi, x);
    cube.lo = f.add(cube.lo, f.lowPart(cube.hi, f.mul(square.lo, x)));
    double cubicScale = 2.0 * kSqrt2OverPi * kGeluTanhCubic;
    Split cubic = f.mulConstant(cubicScale, cube.hi);
    cubic.lo = f.add(
        cubic.lo, f.lowPart(cubic.hi, f.mul(f.constant(cubicScale), cube.lo)));
    Split twiceU = f.add(f.mulConstant(2.0 * kSqrt2OverPi, x), cubic);
    return f.timesSigmoid(x, twiceU);
  }
  case ActivationKind::quick_gelu:
    return f.timesSigmoid(x, f.mulConstant(kQuickGeluAlpha, x));
  case ActivationKind::swish: {
    double beta = activation.getBeta().convertToDouble();
    Split z = beta == 1.0 ? Split{x, f.constant(0.0)} : f.mulConstant(beta, x);
    return f.timesSigmoid(x, z);
  }
  }
  llvm_unreachable("unknown glu activation kind");
}

Value mlir::glu::createGating(OpBuilder &b, Location loc,
                              ActivationAttr activation, ClampAttr clamp,
                              Value gate, Value value) {
  FormulaBuilder f(b, loc, gate.getType());
  if (clamp && clamp.hasGateLimit())
    gate = f.minimum(gate, f.constant(clamp.getGateLimit().convertToDouble()));
  if (clamp && clamp.hasValueLimit()) {
    double limit = clamp.getValueLimit().convertToDouble();
    value = f.minimum(f.maximum(value, f.constant(-limit)), f.constant(limit));
  }
  if (clamp && clamp.hasValueOffset())
    value = f.add(value, f.constant(clamp.getValueOffset().convertToDouble()));
  return f.mul(createActivation(b, loc, activation, gate), value);
}
