//===- RaiseActivations.cpp - glu-raise-activations -----------------------===//
//
// Recognises activation functions in the scalar bodies of elementwise
// linalg.generic ops. Expressions are normalized before matching: products
// are flattened into a constant coefficient times factors, sums into a
// constant plus coefficient-weighted terms, and arguments of erf/tanh/exp
// into polynomials of degree <= 3 in the input, so that commuted,
// re-associated and constant-folded spellings match the same form.
//
//===----------------------------------------------------------------------===//

#include "glu/Dialect/Glu/IR/GluOps.h"
#include "glu/Dialect/Glu/Transforms/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/Format.h"
#include <array>
#include <cmath>

#define DEBUG_TYPE "glu-raise-activations"

namespace mlir::glu {
#define GEN_PASS_DEF_GLURAISEACTIVATIONS
#include "glu/Dialect/Glu/Transforms/Passes.h.inc"
} // namespace mlir::glu

using namespace mlir;
using namespace mlir::glu;

namespace {

std::optional<double> getConstant(Value value) {
  APFloat constant(0.0);
  if (!matchPattern(value, m_ConstantFloat(&constant)))
    return std::nullopt;
  return constant.convertToDouble();
}

/// c * factors[0] * factors[1] * ...
struct Product {
  double coefficient = 1.0;
  SmallVector<Value> factors;
};

Product flattenProduct(Value value) {
  Product product;
  SmallVector<Value> work = {value};
  while (!work.empty()) {
    Value next = work.pop_back_val();
    if (std::optional<double> constant = getConstant(next)) {
      product.coefficient *= *constant;
    } else if (auto mul = next.getDefiningOp<arith::MulFOp>()) {
      work.append({mul.getLhs(), mul.getRhs()});
    } else if (auto neg = next.getDefiningOp<arith::NegFOp>()) {
      product.coefficient = -product.coefficient;
      work.push_back(neg.getOperand());
    } else if (auto div = next.getDefiningOp<arith::DivFOp>();
               div && getConstant(div.getRhs())) {
      product.coefficient /= *getConstant(div.getRhs());
      work.push_back(div.getLhs());
    } else {
      product.factors.push_back(next);
    }
  }
  return product;
}

/// constant + sum of coefficient * term.
struct Sum {
  double constant = 0.0;
  SmallVector<std::pair<double, Value>> terms;
};

std::optional<Sum> flattenSum(Value value) {
  Sum sum;
  SmallVector<std::pair<double, Value>> work = {{1.0, value}};
  while (!work.empty()) {
    auto [sign, next] = work.pop_back_val();
    if (auto add = next.getDefiningOp<arith::AddFOp>()) {
      work.append({{sign, add.getLhs()}, {sign, add.getRhs()}});
      continue;
    }
    if (auto sub = next.getDefiningOp<arith::SubFOp>()) {
      work.append({{sign, sub.getLhs()}, {-sign, sub.getRhs()}});
      continue;
    }
    Product product = flattenProduct(next);
    if (product.factors.empty())
      sum.constant += sign * product.coefficient;
    else if (product.factors.size() == 1)
      sum.terms.push_back({sign * product.coefficient, product.factors[0]});
    else
      return std::nullopt;
  }
  return sum;
}

/// Coefficients c0..c3 of a polynomial in `x`.
using Polynomial = std::array<double, 4>;

std::optional<Polynomial> asPolynomial(Value value, Value x) {
  if (value == x)
    return Polynomial{0, 1, 0, 0};
  if (std::optional<double> constant = getConstant(value))
    return Polynomial{*constant, 0, 0, 0};
  auto combine = [&](Value lhs, Value rhs,
                     double sign) -> std::optional<Polynomial> {
    std::optional<Polynomial> a = asPolynomial(lhs, x);
    std::optional<Polynomial> b = asPolynomial(rhs, x);
    if (!a || !b)
      return std::nullopt;
    for (int i = 0; i < 4; ++i)
      (*a)[i] += sign * (*b)[i];
    return a;
  };
  if (auto add = value.getDefiningOp<arith::AddFOp>())
    return combine(add.getLhs(), add.getRhs(), 1.0);
  if (auto sub = value.getDefiningOp<arith::SubFOp>())
    return combine(sub.getLhs(), sub.getRhs(), -1.0);
  if (auto neg = value.getDefiningOp<arith::NegFOp>())
    return combine(neg.getOperand(), neg.getOperand(), -2.0);
  if (auto mul = value.getDefiningOp<arith::MulFOp>()) {
    std::optional<Polynomial> a = asPolynomial(mul.getLhs(), x);
    std::optional<Polynomial> b = asPolynomial(mul.getRhs(), x);
    if (!a || !b)
      return std::nullopt;
    Polynomial product = {0, 0, 0, 0};
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j)
        if ((*a)[i] != 0 && (*b)[j] != 0) {
          if (i + j > 3)
            return std::nullopt;
          product[i + j] += (*a)[i] * (*b)[j];
        }
    return product;
  }
  if (auto div = value.getDefiningOp<arith::DivFOp>()) {
    std::optional<double> divisor = getConstant(div.getRhs());
    std::optional<Polynomial> a = asPolynomial(div.getLhs(), x);
    if (!divisor || !a)
      return std::nullopt;
    for (double &c : *a)
      c /= *divisor;
    return a;
  }
  // x^2 and x^3 as powers.
  std::optional<double> exponent;
  Value base;
  if (auto pow = value.getDefiningOp<math::FPowIOp>()) {
    APInt power;
    if (matchPattern(pow.getRhs(), m_ConstantInt(&power)))
      exponent = power.getSExtValue();
    base = pow.getLhs();
  } else if (auto pow = value.getDefiningOp<math::PowFOp>()) {
    exponent = getConstant(pow.getRhs());
    base = pow.getLhs();
  }
  if (base == x && exponent && (*exponent == 2 || *exponent == 3)) {
    Polynomial power = {0, 0, 0, 0};
    power[static_cast<int>(*exponent)] = 1;
    return power;
  }
  return std::nullopt;
}

/// Whether `actual` is within one ulp (in `type`) of the exact `expected`.
bool isWithinUlp(double actual, double expected, FloatType type) {
  APFloat rounded(expected);
  bool lostInfo;
  rounded.convert(type.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                  &lostInfo);
  APFloat next = rounded;
  next.next(/*nextDown=*/std::abs(expected) <
            std::abs(rounded.convertToDouble()));
  double ulp = std::abs(next.convertToDouble() - rounded.convertToDouble());
  return std::abs(actual - expected) <= ulp;
}

/// The outcome of matching one activation form.
struct Match {
  ActivationKind kind;
  double beta = 1.0;
};

/// Collects the constants that a structurally matching form got wrong.
struct Misses {
  SmallVector<std::string> constants;
  void add(StringRef what, double actual, double expected) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << what << " = " << llvm::format("%.10g", actual) << " (expected "
       << llvm::format("%.16g", expected) << ")";
    constants.push_back(std::move(text));
  }
};

/// 1 + exp(-z(x)), returning z.
std::optional<Polynomial> matchOnePlusExpOfMinus(Value value, Value x) {
  std::optional<Sum> sum = flattenSum(value);
  if (!sum || sum->constant != 1.0 || sum->terms.size() != 1 ||
      sum->terms[0].first != 1.0)
    return std::nullopt;
  auto exp = sum->terms[0].second.getDefiningOp<math::ExpOp>();
  std::optional<Polynomial> minusZ =
      exp ? asPolynomial(exp.getOperand(), x) : std::nullopt;
  if (!minusZ)
    return std::nullopt;
  for (double &c : *minusZ)
    c = -c;
  return minusZ;
}

/// 1 / (1 + exp(-z(x))) = sigmoid(z(x)), returning z.
std::optional<Polynomial> matchSigmoidArgument(Value value, Value x) {
  auto div = value.getDefiningOp<arith::DivFOp>();
  if (!div || getConstant(div.getLhs()) != 1.0)
    return std::nullopt;
  return matchOnePlusExpOfMinus(div.getRhs(), x);
}

/// x * sigmoid(z): Swish-beta / quick GELU for z = beta x, tanh-GELU for
/// z = 2 sqrt(2/pi) (x + 0.044715 x^3).
std::optional<Match> matchTimesSigmoid(const Polynomial &z, FloatType type,
                                       Misses &misses) {
  if (z[0] != 0 || z[2] != 0)
    return std::nullopt;
  if (z[3] == 0) {
    if (isWithinUlp(z[1], kQuickGeluAlpha, type))
      return Match{ActivationKind::quick_gelu};
    return Match{ActivationKind::swish, z[1]};
  }
  bool linearOk = isWithinUlp(z[1], 2 * kSqrt2OverPi, type);
  bool cubicOk = isWithinUlp(z[3], 2 * kSqrt2OverPi * kGeluTanhCubic, type);
  if (linearOk && cubicOk)
    return Match{ActivationKind::gelu_tanh};
  if (!linearOk)
    misses.add("2 sqrt(2/pi)", z[1], 2 * kSqrt2OverPi);
  if (!cubicOk)
    misses.add("2 sqrt(2/pi) 0.044715", z[3],
               2 * kSqrt2OverPi * kGeluTanhCubic);
  return std::nullopt;
}

bool isRelu(Value value, Value x) {
  if (auto max = value.getDefiningOp<arith::MaximumFOp>())
    return (max.getLhs() == x && getConstant(max.getRhs()) == 0.0) ||
           (max.getRhs() == x && getConstant(max.getLhs()) == 0.0);
  // torch-mlir: select(x > 0 or unordered, x, 0) also propagates NaN.
  auto select = value.getDefiningOp<arith::SelectOp>();
  if (!select || select.getTrueValue() != x ||
      getConstant(select.getFalseValue()) != 0.0)
    return false;
  auto cmp = select.getCondition().getDefiningOp<arith::CmpFOp>();
  return cmp && cmp.getPredicate() == arith::CmpFPredicate::UGT &&
         cmp.getLhs() == x && getConstant(cmp.getRhs()) == 0.0;
}

/// Matches `product` (a flattened c * f1 * f2 ...) as act(x).
std::optional<Match> matchActivation(const Product &product, Value x,
                                     FloatType type, Misses &misses) {
  ArrayRef<Value> factors = product.factors;
  double c = product.coefficient;
  if (c == 1.0 && factors.size() == 1) {
    Value f = factors[0];
    if (isRelu(f, x))
      return Match{ActivationKind::relu};
    if (std::optional<Polynomial> z = matchSigmoidArgument(f, x)) {
      if (*z == Polynomial{0, 1, 0, 0})
        return Match{ActivationKind::sigmoid};
      return std::nullopt;
    }
    // sigmoid(x) = 0.5 + 0.5 tanh(x / 2).
    if (std::optional<Sum> sum = flattenSum(f); sum && sum->constant == 0.5 &&
                                                sum->terms.size() == 1 &&
                                                sum->terms[0].first == 0.5)
      if (auto tanh = sum->terms[0].second.getDefiningOp<math::TanhOp>())
        if (asPolynomial(tanh.getOperand(), x) == Polynomial{0, 0.5, 0, 0})
          return Match{ActivationKind::sigmoid};
    // x / (1 + exp(-z)) = x * sigmoid(z).
    if (auto div = f.getDefiningOp<arith::DivFOp>(); div && div.getLhs() == x)
      if (std::optional<Polynomial> z = matchOnePlusExpOfMinus(div.getRhs(), x))
        return matchTimesSigmoid(*z, type, misses);
    return std::nullopt;
  }
  if (c == 1.0 && factors.size() == 2 && factors[0] == factors[1] &&
      isRelu(factors[0], x))
    return Match{ActivationKind::relu_squared};
  if (factors.size() != 2 || !llvm::is_contained(factors, x))
    return std::nullopt;
  Value other = factors[0] == x ? factors[1] : factors[0];

  // x * sigmoid(z): SiLU, Swish-beta, quick GELU, tanh-GELU.
  if (std::optional<Polynomial> z = matchSigmoidArgument(other, x))
    return c == 1.0 ? matchTimesSigmoid(*z, type, misses) : std::nullopt;

  // 0.5 x erfc(-x / sqrt(2)).
  if (auto erfc = other.getDefiningOp<math::ErfcOp>()) {
    std::optional<Polynomial> p = asPolynomial(erfc.getOperand(), x);
    if (!p || (*p)[0] != 0 || (*p)[2] != 0 || (*p)[3] != 0)
      return std::nullopt;
    bool argOk = isWithinUlp(-(*p)[1], kInvSqrt2, type);
    if (argOk && c == 0.5)
      return Match{ActivationKind::gelu};
    if (!argOk)
      misses.add("1/sqrt(2)", -(*p)[1], kInvSqrt2);
    return std::nullopt;
  }

  // c x (k0 + k1 f(p(x))) with f = erf or tanh, c k0 = c k1 = 0.5.
  std::optional<Sum> sum = flattenSum(other);
  if (!sum || sum->terms.size() != 1)
    return std::nullopt;
  auto [k1, term] = sum->terms[0];
  if (c * sum->constant != 0.5 || c * k1 != 0.5)
    return std::nullopt;
  if (auto erf = term.getDefiningOp<math::ErfOp>()) {
    std::optional<Polynomial> p = asPolynomial(erf.getOperand(), x);
    if (!p || (*p)[0] != 0 || (*p)[2] != 0 || (*p)[3] != 0)
      return std::nullopt;
    if (isWithinUlp((*p)[1], kInvSqrt2, type))
      return Match{ActivationKind::gelu};
    misses.add("1/sqrt(2)", (*p)[1], kInvSqrt2);
    return std::nullopt;
  }
  if (auto tanh = term.getDefiningOp<math::TanhOp>()) {
    std::optional<Polynomial> p = asPolynomial(tanh.getOperand(), x);
    if (!p || (*p)[0] != 0 || (*p)[2] != 0)
      return std::nullopt;
    // x (0.5 + 0.5 tanh(beta x / 2)) = x sigmoid(beta x).
    if ((*p)[3] == 0)
      return matchTimesSigmoid({0, 2 * (*p)[1], 0, 0}, type, misses);
    bool linearOk = isWithinUlp((*p)[1], kSqrt2OverPi, type);
    bool cubicOk = isWithinUlp((*p)[3], kSqrt2OverPi * kGeluTanhCubic, type);
    if (linearOk && cubicOk)
      return Match{ActivationKind::gelu_tanh};
    if (!linearOk)
      misses.add("sqrt(2/pi)", (*p)[1], kSqrt2OverPi);
    if (!cubicOk)
      misses.add("sqrt(2/pi) 0.044715", (*p)[3], kSqrt2OverPi * kGeluTanhCubic);
  }
  return std::nullopt;
}

/// The body's yielded value, if the generic is elementwise: every loop
/// parallel, every map the identity, one result of the inputs' type.
Value getElementwiseYield(linalg::GenericOp op) {
  if (op.getNumDpsInits() != 1 ||
      !llvm::all_of(
          op.getIteratorTypesArray(),
          [](auto type) { return type == utils::IteratorType::parallel; }) ||
      !llvm::all_of(op.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isIdentity(); }))
    return nullptr;
  Type resultType = op.getResult(0).getType();
  if (!llvm::all_of(op.getDpsInputs(),
                    [&](Value input) { return input.getType() == resultType; }))
    return nullptr;
  auto yield = cast<linalg::YieldOp>(op.getRegion().front().getTerminator());
  return yield.getNumOperands() == 1 ? yield.getOperand(0) : Value();
}

/// What an elementwise generic computes, if it is an activation of input
/// `gateIndex` (times input `1 - gateIndex` for a two-input generic).
struct RaisedForm {
  Match match;
  unsigned gateIndex;
};

/// Matches the expression `root` of one or two `inputs` (of float element
/// type `type`) as act(inputs[g]) or act(inputs[g]) * inputs[1 - g]. The
/// constants of forms that match but for a constant go to `misses`.
std::optional<RaisedForm> matchExpression(Value root, ArrayRef<Value> inputs,
                                          FloatType type, Misses &misses) {
  Product product = flattenProduct(root);
  for (unsigned gateIndex = 0; gateIndex < inputs.size(); ++gateIndex) {
    Product candidate = product;
    if (inputs.size() == 2) {
      // act(in_g) * in_v: the value is a bare factor of the product.
      auto *it = llvm::find(candidate.factors, inputs[1 - gateIndex]);
      if (it == candidate.factors.end())
        continue;
      candidate.factors.erase(it);
    }
    if (std::optional<Match> match =
            matchActivation(candidate, inputs[gateIndex], type, misses))
      return RaisedForm{*match, gateIndex};
  }
  return std::nullopt;
}

/// Matches the body of an elementwise generic with one or two inputs.
std::optional<RaisedForm> matchElementwiseActivation(linalg::GenericOp op,
                                                     Misses &misses) {
  Value root = getElementwiseYield(op);
  if (!root || op.getNumDpsInputs() < 1 || op.getNumDpsInputs() > 2)
    return std::nullopt;
  auto type = dyn_cast<FloatType>(root.getType());
  if (!type)
    return std::nullopt;
  Block &body = op.getRegion().front();
  SmallVector<Value> inputs(
      body.getArguments().take_front(op.getNumDpsInputs()));
  return matchExpression(root, inputs, type, misses);
}

/// An elementwise arith/math op on ranked tensors (not a constant).
bool isTensorArithOrMath(Operation *op) {
  return op && !isa<arith::ConstantOp>(op) &&
         isa<arith::ArithDialect, math::MathDialect>(op->getDialect()) &&
         op->hasTrait<OpTrait::Elementwise>() && op->getNumResults() == 1 &&
         isa<RankedTensorType>(op->getResult(0).getType());
}

/// The non-constant values that the tensor expression `root` is built from.
void collectLeaves(Value value, llvm::SetVector<Value> &leaves) {
  if (matchPattern(value, m_Constant()))
    return;
  Operation *op = value.getDefiningOp();
  if (!isTensorArithOrMath(op)) {
    leaves.insert(value);
    return;
  }
  for (Value operand : op->getOperands())
    collectLeaves(operand, leaves);
}

struct RaiseElementwiseActivation : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    Misses misses;
    std::optional<RaisedForm> form = matchElementwiseActivation(op, misses);
    if (!form)
      return rewriter.notifyMatchFailure(
          op, "not an elementwise generic computing a known activation");
    auto activation = ActivationAttr::get(op.getContext(), form->match.kind,
                                          APFloat(form->match.beta));
    Value gate = op.getDpsInputs()[form->gateIndex];
    Type resultType = op.getResult(0).getType();
    if (op.getNumDpsInputs() == 2)
      rewriter.replaceOpWithNewOp<GateOp>(
          op, resultType, activation, /*clamp=*/nullptr, gate,
          op.getDpsInputs()[1 - form->gateIndex]);
    else
      rewriter.replaceOpWithNewOp<ActivationOp>(op, resultType, activation,
                                                gate);
    return success();
  }
};

/// The same forms spelled as arith/math ops on whole tensors. Only the
/// largest such expression is raised (an op whose result feeds another
/// elementwise arith/math op is not a root).
struct RaiseTensorActivation : RewritePattern {
  RaiseTensorActivation(MLIRContext *ctx)
      : RewritePattern(MatchAnyOpTypeTag(), 1, ctx) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isTensorArithOrMath(op))
      return failure();
    Value root = op->getResult(0);
    auto type = cast<RankedTensorType>(root.getType());
    auto elementType = dyn_cast<FloatType>(type.getElementType());
    if (!elementType)
      return rewriter.notifyMatchFailure(op, "not a float tensor");
    if (llvm::any_of(op->getUsers(), isTensorArithOrMath))
      return rewriter.notifyMatchFailure(op, "part of a larger expression");
    llvm::SetVector<Value> leaves;
    collectLeaves(root, leaves);
    if (leaves.empty() || leaves.size() > 2 ||
        !llvm::all_of(leaves,
                      [&](Value leaf) { return leaf.getType() == type; }))
      return rewriter.notifyMatchFailure(
          op, "not an expression of one or two tensors of the result type");
    Misses misses;
    std::optional<RaisedForm> form =
        matchExpression(root, leaves.getArrayRef(), elementType, misses);
    if (!form)
      return rewriter.notifyMatchFailure(op, "no activation form matches");
    auto activation = ActivationAttr::get(op->getContext(), form->match.kind,
                                          APFloat(form->match.beta));
    Value gate = leaves[form->gateIndex];
    if (leaves.size() == 2)
      rewriter.replaceOpWithNewOp<GateOp>(op, type, activation,
                                          /*clamp=*/nullptr, gate,
                                          leaves[1 - form->gateIndex]);
    else
      rewriter.replaceOpWithNewOp<ActivationOp>(op, type, activation, gate);
    return success();
  }
};

struct GluRaiseActivationsPass
    : glu::impl::GluRaiseActivationsBase<GluRaiseActivationsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateGluRaiseActivationsPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    // Say which constants kept an activation-shaped body from being raised.
    getOperation()->walk([](linalg::GenericOp op) {
      Misses misses;
      if (matchElementwiseActivation(op, misses) || misses.constants.empty())
        return;
      InFlightDiagnostic remark =
          op.emitRemark("not raised to a glu activation: constant off by "
                        "more than 1 ulp: ");
      llvm::interleaveComma(misses.constants, remark);
    });
  }
};

} // namespace

void mlir::glu::populateGluRaiseActivationsPatterns(
    RewritePatternSet &patterns) {
  patterns.add<RaiseElementwiseActivation, RaiseTensorActivation>(
      patterns.getContext());
}
