//===- FuseGatedFFN.cpp - glu-fuse ----------------------------------------===//
//
// Fuses act(g) * v, the gate/value contractions and the down projection
// into glu.gate, glu.gated_proj and glu.ffn, only where the rewrite is
// provably equivalent.
//
//===----------------------------------------------------------------------===//

#include "glu/Dialect/Glu/IR/GluOps.h"
#include "glu/Dialect/Glu/Transforms/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#define DEBUG_TYPE "glu-fuse"

namespace mlir::glu {
#define GEN_PASS_DEF_GLUFUSE
#include "glu/Dialect/Glu/Transforms/Passes.h.inc"
} // namespace mlir::glu

using namespace mlir;
using namespace mlir::glu;

namespace {

//===----------------------------------------------------------------------===//
// Matchers
//===----------------------------------------------------------------------===//

/// The single non-terminator op of `generic`'s body if it takes exactly the
/// block arguments of the inputs, in order, and is yielded.
template <typename OpT> OpT getSingleBinaryBodyOp(linalg::GenericOp generic) {
  Block &body = generic.getRegion().front();
  if (body.getOperations().size() != 2)
    return nullptr;
  auto op = dyn_cast<OpT>(body.front());
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (!op || yield.getNumOperands() != 1 ||
      yield.getOperand(0) != op->getResult(0))
    return nullptr;
  if (op->getOperand(0) != body.getArgument(0) ||
      op->getOperand(1) != body.getArgument(1))
    return nullptr;
  return op;
}

bool isAllParallel(linalg::GenericOp generic) {
  return llvm::all_of(generic.getIteratorTypesArray(), [](auto type) {
    return type == utils::IteratorType::parallel;
  });
}

/// `lhs * rhs` elementwise on same-typed tensors: `arith.mulf` or a
/// two-input `linalg.generic` with identity maps and a `mulf` body.
std::optional<std::pair<Value, Value>> matchElementwiseMul(Operation *op) {
  if (auto mul = dyn_cast<arith::MulFOp>(op)) {
    if (isa<RankedTensorType>(mul.getType()))
      return std::make_pair(mul.getLhs(), mul.getRhs());
    return std::nullopt;
  }
  auto generic = dyn_cast<linalg::GenericOp>(op);
  if (!generic || generic.getNumDpsInputs() != 2 ||
      generic.getNumDpsInits() != 1 || !isAllParallel(generic) ||
      !llvm::all_of(generic.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isIdentity(); }) ||
      !getSingleBinaryBodyOp<arith::MulFOp>(generic))
    return std::nullopt;
  return std::make_pair(generic.getDpsInputs()[0], generic.getDpsInputs()[1]);
}

/// A contraction from zero of an `input [..., K]` with a 2-D `weight [K, N]`.
struct Contraction {
  Operation *op = nullptr;
  Value input, weight;
  explicit operator bool() const { return op; }
};

bool isZeroFill(Value init) {
  auto fill = init.getDefiningOp<linalg::FillOp>();
  return fill && matchPattern(fill.getInputs()[0], m_AnyZeroFloat());
}

/// `acc + a * b` over the block arguments of a contraction's body.
bool isMultiplyAccumulateBody(linalg::GenericOp generic) {
  Block &body = generic.getRegion().front();
  auto add = dyn_cast<arith::AddFOp>(
      body.getTerminator()->getOperand(0).getDefiningOp());
  if (!add || body.getOperations().size() != 3)
    return false;
  Value acc = body.getArgument(2);
  Value product = add.getLhs() == acc ? add.getRhs() : add.getLhs();
  auto mul = product.getDefiningOp<arith::MulFOp>();
  if (!mul || (add.getLhs() != acc && add.getRhs() != acc))
    return false;
  return (mul.getLhs() == body.getArgument(0) &&
          mul.getRhs() == body.getArgument(1)) ||
         (mul.getLhs() == body.getArgument(1) &&
          mul.getRhs() == body.getArgument(0));
}

/// `value` as a contraction from zero, all of one element type:
/// - `linalg.matmul` with its default indexing maps;
/// - `linalg.batch_matmul` whose rhs is a 2-D weight broadcast along the
///   batch (`linalg.broadcast ... dimensions = [0]`), as torch-mlir emits
///   for a 3-D input;
/// - a `linalg.generic` with loops (d..., n, k) reading lhs[d..., k] and
///   rhs[k, n] into out[d..., n] with a multiply-accumulate body.
Contraction matchContraction(Value value) {
  Operation *def = value.getDefiningOp();
  Contraction contraction;
  if (auto matmul = dyn_cast_or_null<linalg::MatmulOp>(def)) {
    if (!matmul.hasUserDefinedMaps() && isZeroFill(matmul.getDpsInits()[0]))
      contraction = {matmul, matmul.getDpsInputs()[0],
                     matmul.getDpsInputs()[1]};
  } else if (auto batch = dyn_cast_or_null<linalg::BatchMatmulOp>(def)) {
    auto broadcast =
        batch.getDpsInputs()[1].getDefiningOp<linalg::BroadcastOp>();
    if (!batch.hasUserDefinedMaps() && isZeroFill(batch.getDpsInits()[0]) &&
        broadcast && broadcast.getDimensions() == ArrayRef<int64_t>{0})
      contraction = {batch, batch.getDpsInputs()[0], broadcast.getInput()};
  } else if (auto generic = dyn_cast_or_null<linalg::GenericOp>(def)) {
    int64_t rank = cast<RankedTensorType>(value.getType()).getRank();
    if (generic.getNumDpsInputs() == 2 && generic.getNumDpsInits() == 1 &&
        rank >= 2 && generic.getNumLoops() == rank + 1 &&
        isZeroFill(generic.getDpsInits()[0]) &&
        isMultiplyAccumulateBody(generic)) {
      MLIRContext *ctx = generic.getContext();
      SmallVector<AffineExpr> lead;
      for (int64_t dim = 0; dim < rank - 1; ++dim)
        lead.push_back(getAffineDimExpr(dim, ctx));
      AffineExpr n = getAffineDimExpr(rank - 1, ctx);
      AffineExpr k = getAffineDimExpr(rank, ctx);
      SmallVector<AffineExpr> lhs(lead), out(lead);
      lhs.push_back(k);
      out.push_back(n);
      SmallVector<AffineMap> expected = {
          AffineMap::get(rank + 1, 0, lhs, ctx),
          AffineMap::get(rank + 1, 0, {k, n}, ctx),
          AffineMap::get(rank + 1, 0, out, ctx)};
      SmallVector<utils::IteratorType> iterators(rank,
                                                 utils::IteratorType::parallel);
      iterators.push_back(utils::IteratorType::reduction);
      if (generic.getIndexingMapsArray() == expected &&
          generic.getIteratorTypesArray() == iterators)
        contraction = {generic, generic.getDpsInputs()[0],
                       generic.getDpsInputs()[1]};
    }
  }
  if (!contraction)
    return {};
  Type elementType = getElementTypeOrSelf(value);
  if (getElementTypeOrSelf(contraction.input) != elementType ||
      getElementTypeOrSelf(contraction.weight) != elementType ||
      cast<RankedTensorType>(contraction.weight.getType()).getRank() != 2)
    return {};
  return contraction;
}

/// A value, and the 1-D bias that a broadcast add applied to it (null if
/// there is none).
struct Biased {
  Value matrix;
  Value bias;
};

/// Peels `matrix[..., j] + bias[j]` (a `linalg.generic` with an identity and
/// a `(d..., dn) -> (dn)` input and an `addf` body, either operand order) off
/// `value`, if the add is the only user of `matrix`.
Biased peelBiasAdd(Value value) {
  auto generic = value.getDefiningOp<linalg::GenericOp>();
  if (!generic || generic.getNumDpsInputs() != 2 ||
      generic.getNumDpsInits() != 1 || !isAllParallel(generic) ||
      !getSingleBinaryBodyOp<arith::AddFOp>(generic))
    return {value, nullptr};
  MLIRContext *ctx = generic.getContext();
  unsigned rank = generic.getNumLoops();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
  AffineMap column =
      AffineMap::get(rank, 0, {getAffineDimExpr(rank - 1, ctx)}, ctx);
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  if (maps[2] != identity)
    return {value, nullptr};
  for (auto [matrixIndex, biasIndex] : {std::pair(0, 1), std::pair(1, 0)}) {
    Value matrix = generic.getDpsInputs()[matrixIndex];
    if (maps[matrixIndex] == identity && maps[biasIndex] == column &&
        matrix.hasOneUse() &&
        getElementTypeOrSelf(generic.getDpsInputs()[biasIndex]) ==
            getElementTypeOrSelf(value))
      return {matrix, generic.getDpsInputs()[biasIndex]};
  }
  return {value, nullptr};
}

/// Whether `size` is the size of dim 0 of `source`, which has as many rows
/// as `input`: a constant equal to the static size, or a `tensor.dim` of
/// either at index 0.
bool isRowCount(OpFoldResult size, Value source, Value input) {
  if (std::optional<int64_t> rows = getConstantIntValue(size))
    return *rows == cast<RankedTensorType>(source.getType()).getDimSize(0);
  auto dim = cast<Value>(size).getDefiningOp<tensor::DimOp>();
  return dim && dim.getConstantIndex() == 0 &&
         (dim.getSource() == source || dim.getSource() == input);
}

/// The layout of a packed weight from the column slices that take its gate
/// and value halves out of the `[M, 2F]` contraction result of `input`.
FailureOr<LayoutAttr> matchPackedLayout(tensor::ExtractSliceOp gate,
                                        tensor::ExtractSliceOp value,
                                        Value input) {
  auto sourceType = gate.getSourceType();
  if (sourceType.getRank() != 2 || gate.getType().getRank() != 2 ||
      value.getType().getRank() != 2 || sourceType.isDynamicDim(1))
    return failure();
  int64_t hidden = sourceType.getDimSize(1) / 2;
  if (2 * hidden != sourceType.getDimSize(1))
    return failure();
  // Both slices take every row.
  for (tensor::ExtractSliceOp slice : {gate, value}) {
    if (!isZeroInteger(slice.getMixedOffsets()[0]) ||
        !isOneInteger(slice.getMixedStrides()[0]))
      return failure();
    if (!isRowCount(slice.getMixedSizes()[0], slice.getSource(), input) ||
        getConstantIntValue(slice.getMixedSizes()[1]) != hidden)
      return failure();
  }
  std::optional<int64_t> gateOffset =
      getConstantIntValue(gate.getMixedOffsets()[1]);
  std::optional<int64_t> valueOffset =
      getConstantIntValue(value.getMixedOffsets()[1]);
  std::optional<int64_t> gateStride =
      getConstantIntValue(gate.getMixedStrides()[1]);
  std::optional<int64_t> valueStride =
      getConstantIntValue(value.getMixedStrides()[1]);
  if (!gateOffset || !valueOffset || gateStride != valueStride)
    return failure();
  MLIRContext *ctx = gate.getContext();
  if (gateStride == 1 && *gateOffset == 0 && *valueOffset == hidden)
    return LayoutAttr::get(ctx, GateUpLayout::gate_up);
  if (gateStride == 1 && *gateOffset == hidden && *valueOffset == 0)
    return LayoutAttr::get(ctx, GateUpLayout::up_gate);
  if (gateStride == 2 && *gateOffset == 0 && *valueOffset == 1)
    return LayoutAttr::get(ctx, GateUpLayout::interleaved);
  return failure();
}

/// The block-interleaved split that `convert-glu-to-linalg` itself emits
/// for granularity G: `gate` and `value` are `collapse_shape`s of slices 0
/// and 1 of the pair dim of one `expand_shape` of the `[M, 2F]` result to
/// `[M, 2F / 2G, 2, G]`. Returns the expand_shape and G.
FailureOr<std::pair<tensor::ExpandShapeOp, int64_t>>
matchBlockInterleavedSplit(Value gate, Value value) {
  auto gateCollapse = gate.getDefiningOp<tensor::CollapseShapeOp>();
  auto valueCollapse = value.getDefiningOp<tensor::CollapseShapeOp>();
  if (!gateCollapse || !valueCollapse)
    return failure();
  auto gateSlice =
      gateCollapse.getSrc().getDefiningOp<tensor::ExtractSliceOp>();
  auto valueSlice =
      valueCollapse.getSrc().getDefiningOp<tensor::ExtractSliceOp>();
  if (!gateSlice || !valueSlice ||
      gateSlice.getSource() != valueSlice.getSource() ||
      !gateCollapse.getSrc().hasOneUse() || !valueCollapse.getSrc().hasOneUse())
    return failure();
  auto expand = gateSlice.getSource().getDefiningOp<tensor::ExpandShapeOp>();
  if (!expand || expand.getSrcType().getRank() != 2 ||
      expand.getResultType().getRank() != 4 ||
      expand.getReassociationIndices() !=
          SmallVector<ReassociationIndices>{{0}, {1, 2, 3}})
    return failure();
  ArrayRef<int64_t> shape = expand.getResultType().getShape();
  int64_t granularity = shape[3];
  if (shape[2] != 2 || ShapedType::isDynamic(shape[1]) ||
      ShapedType::isDynamic(granularity))
    return failure();
  for (auto [slice, pair] :
       {std::pair(gateSlice, 0), std::pair(valueSlice, 1)}) {
    SmallVector<OpFoldResult> offsets = slice.getMixedOffsets();
    SmallVector<OpFoldResult> sizes = slice.getMixedSizes();
    if (!llvm::all_of(slice.getMixedStrides(), isOneInteger) ||
        !isZeroInteger(offsets[0]) || !isZeroInteger(offsets[1]) ||
        getConstantIntValue(offsets[2]) != pair || !isZeroInteger(offsets[3]) ||
        getConstantIntValue(sizes[1]) != shape[1] || !isOneInteger(sizes[2]) ||
        getConstantIntValue(sizes[3]) != granularity ||
        slice.getType().getRank() != 3)
      return failure();
  }
  for (tensor::CollapseShapeOp collapse : {gateCollapse, valueCollapse})
    if (collapse.getReassociationIndices() !=
        SmallVector<ReassociationIndices>{{0}, {1, 2}})
      return failure();
  // Every row: the slices' row sizes are those of the expanded tensor, of
  // the packed result or of the contraction's input.
  Value input = matchContraction(peelBiasAdd(expand.getSrc()).matrix).input;
  for (tensor::ExtractSliceOp slice : {gateSlice, valueSlice}) {
    OpFoldResult rows = slice.getMixedSizes()[0];
    if (!isRowCount(rows, expand.getResult(), input) &&
        !isRowCount(rows, expand.getSrc(), input))
      return failure();
  }
  return std::make_pair(expand, granularity);
}

/// Rewrites `tensor.dim` users of the `[M, N]` result of the 2-D contraction
/// `matmul` (which `input [M, K] x weight [K, N]` determines) in terms of its
/// operands, so that they do not keep it alive once it is fused away.
void replaceDimUsers(PatternRewriter &rewriter, const Contraction &matmul,
                     Value result) {
  for (Operation *user : llvm::make_early_inc_range(result.getUsers())) {
    auto dim = dyn_cast<tensor::DimOp>(user);
    if (!dim)
      continue;
    std::optional<int64_t> index = dim.getConstantIndex();
    if (!index)
      continue;
    rewriter.setInsertionPoint(dim);
    Value source = *index == 0 ? matmul.input : matmul.weight;
    rewriter.replaceOp(
        dim, getValueOrCreateConstantIndexOp(
                 rewriter, dim.getLoc(),
                 tensor::getMixedSize(rewriter, dim.getLoc(), source, *index)));
  }
}

/// A unary elementwise function of a tensor: its input tensor, and, for
/// analysing it, the scalar (or tensor) expression and its variable.
struct UnaryFunction {
  Value input;
  Value root;
  Value variable;
};

/// `value` as f(input): a one-input elementwise `linalg.generic` (identity
/// maps, its body analysed on the block argument) or a single elementwise
/// arith op on tensors with one non-constant operand.
std::optional<UnaryFunction> matchUnaryFunction(Value value) {
  if (auto generic = value.getDefiningOp<linalg::GenericOp>()) {
    if (generic.getNumDpsInputs() != 1 || !isAllParallel(generic) ||
        !llvm::all_of(generic.getIndexingMapsArray(),
                      [](AffineMap map) { return map.isIdentity(); }) ||
        generic.getDpsInputs()[0].getType() != value.getType())
      return std::nullopt;
    Block &body = generic.getRegion().front();
    return UnaryFunction{generic.getDpsInputs()[0],
                         body.getTerminator()->getOperand(0),
                         body.getArgument(0)};
  }
  Operation *op = value.getDefiningOp();
  if (!op || !isa<arith::MinimumFOp, arith::MaximumFOp, arith::AddFOp>(op))
    return std::nullopt;
  // Peel the whole chain of such ops down to the one non-constant leaf;
  // the links of the chain may have no other users.
  auto isLink = [](Operation *def) {
    return isa_and_nonnull<arith::MinimumFOp, arith::MaximumFOp, arith::AddFOp>(
        def);
  };
  Value leaf = value;
  while (isLink(leaf.getDefiningOp())) {
    Value next;
    for (Value operand : leaf.getDefiningOp()->getOperands())
      if (!matchPattern(operand, m_Constant()))
        next = next ? Value() : operand;
    if (!next || (isLink(next.getDefiningOp()) && !next.hasOneUse()))
      return std::nullopt;
    leaf = next;
  }
  if (leaf.getType() != value.getType())
    return std::nullopt;
  return UnaryFunction{leaf, value, leaf};
}

std::optional<double> getConstantValue(Value value) {
  APFloat constant(0.0);
  if (!matchPattern(value, m_ConstantFloat(&constant)))
    return std::nullopt;
  return constant.convertToDouble();
}

/// `op(x, c)` or `op(c, x)`: returns c.
template <typename OpT>
std::optional<double> matchWithConstant(Value value, Value x) {
  auto op = value.getDefiningOp<OpT>();
  if (!op)
    return std::nullopt;
  if (op.getLhs() == x)
    return getConstantValue(op.getRhs());
  if (op.getRhs() == x)
    return getConstantValue(op.getLhs());
  return std::nullopt;
}

/// min(x, L) (IEEE minimumf, NaN-propagating): returns L.
std::optional<double> matchUpperLimit(const UnaryFunction &f) {
  return matchWithConstant<arith::MinimumFOp>(f.root, f.variable);
}

/// clamp(x, -L, L) + c with either part optional: returns (L, c).
std::optional<std::pair<double, double>>
matchValueAdjustment(const UnaryFunction &f) {
  Value clamped = f.root;
  double offset = 0.0, limit = INFINITY;
  if (auto add = f.root.getDefiningOp<arith::AddFOp>()) {
    std::optional<double> c = getConstantValue(add.getRhs());
    clamped = add.getLhs();
    if (!c) {
      c = getConstantValue(add.getLhs());
      clamped = add.getRhs();
    }
    if (!c)
      return std::nullopt;
    offset = *c;
  }
  if (clamped != f.variable) {
    // min(max(x, -L), L) or max(min(x, L), -L).
    auto min = clamped.getDefiningOp<arith::MinimumFOp>();
    auto max = clamped.getDefiningOp<arith::MaximumFOp>();
    Value inner = min ? min.getLhs() : max ? max.getLhs() : Value();
    std::optional<double> outer = min   ? getConstantValue(min.getRhs())
                                  : max ? getConstantValue(max.getRhs())
                                        : std::nullopt;
    std::optional<double> low =
        min   ? matchWithConstant<arith::MaximumFOp>(inner, f.variable)
        : max ? matchWithConstant<arith::MinimumFOp>(inner, f.variable)
              : std::nullopt;
    if (!outer || !low || *outer != -*low)
      return std::nullopt;
    limit = std::abs(*outer);
    if ((min && *outer < 0) || (max && *outer > 0))
      return std::nullopt;
  }
  if (limit == INFINITY && offset == 0.0)
    return std::nullopt;
  return std::make_pair(limit, offset);
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// act(g) * v -> glu.gate.
struct FuseGate : RewritePattern {
  FuseGate(MLIRContext *ctx) : RewritePattern(MatchAnyOpTypeTag(), 1, ctx) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    std::optional<std::pair<Value, Value>> operands = matchElementwiseMul(op);
    if (!operands)
      return failure();
    Type type = op->getResult(0).getType();
    for (auto [gate, value] :
         {*operands, std::make_pair(operands->second, operands->first)}) {
      auto activation = gate.getDefiningOp<ActivationOp>();
      if (!activation || !activation->hasOneUse() || gate.getType() != type ||
          value.getType() != type)
        continue;
      rewriter.replaceOpWithNewOp<GateOp>(op, type, activation.getActivation(),
                                          /*clamp=*/nullptr,
                                          activation.getInput(), value);
      rewriter.eraseOp(activation);
      return success();
    }
    return rewriter.notifyMatchFailure(
        op, "no operand is a single-use glu.activation of the product's type");
  }
};

/// glu.gate(min(g, Lg), clamp(v, -Lv, Lv) + c) -> glu.gate clamp <...>(g, v)
/// (GPT-OSS SwiGLU).
struct FuseGateClamp : OpRewritePattern<GateOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GateOp op,
                                PatternRewriter &rewriter) const override {
    // Absorb into the parts of the clamp that are still neutral.
    ClampAttr current =
        op.getClampAttr() ? op.getClampAttr() : ClampAttr::get(op.getContext());
    APFloat gateLimit = current.getGateLimit();
    APFloat valueLimit = current.getValueLimit();
    APFloat valueOffset = current.getValueOffset();
    Value gate = op.getGate(), value = op.getValue();
    std::optional<UnaryFunction> gateFn = matchUnaryFunction(gate);
    if (gateFn && gate.hasOneUse() && !current.hasGateLimit())
      if (std::optional<double> limit = matchUpperLimit(*gateFn)) {
        gateLimit = APFloat(*limit);
        gate = gateFn->input;
      }
    // The value's clamp and offset may come in one function or, offset
    // first, in two: clamp(v) + c, then clamp(v) under an absorbed offset.
    std::optional<UnaryFunction> valueFn = matchUnaryFunction(value);
    if (valueFn && value.hasOneUse() && !current.hasValueLimit())
      if (auto adjustment = matchValueAdjustment(*valueFn))
        if (!current.hasValueOffset() || adjustment->second == 0.0) {
          valueLimit = APFloat(adjustment->first);
          if (!current.hasValueOffset())
            valueOffset = APFloat(adjustment->second);
          value = valueFn->input;
        }
    if (gate == op.getGate() && value == op.getValue())
      return rewriter.notifyMatchFailure(op, "no clamp or offset to absorb");
    // #glu.clamp holds non-negative limits only (min(g, -1) stays as is).
    if (gateLimit.isNegative() || valueLimit.isNegative() ||
        !valueOffset.isFinite())
      return rewriter.notifyMatchFailure(
          op, "the limits are not representable as #glu.clamp");
    auto clamp =
        ClampAttr::get(op.getContext(), gateLimit, valueLimit, valueOffset);
    rewriter.replaceOpWithNewOp<GateOp>(op, op.getType(), op.getActivation(),
                                        clamp, gate, value);
    return success();
  }
};

/// glu.gate of two projections of the same x -> glu.gated_proj.
struct FuseGatedProjection : OpRewritePattern<GateOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GateOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.getGate().hasOneUse() || !op.getValue().hasOneUse())
      return rewriter.notifyMatchFailure(
          op, "the gate or the value has other users");
    Biased gate = peelBiasAdd(op.getGate());
    Biased value = peelBiasAdd(op.getValue());
    Type elementType = op.getType().getElementType();

    // Separate weights: two contractions of the same x.
    Contraction gateContraction = matchContraction(gate.matrix);
    Contraction valueContraction = matchContraction(value.matrix);
    if (gateContraction && valueContraction) {
      Value input = gateContraction.input;
      if (valueContraction.input != input)
        return rewriter.notifyMatchFailure(
            op, "the gate and value contractions read different inputs");
      if (!gate.matrix.hasOneUse() || !value.matrix.hasOneUse())
        return rewriter.notifyMatchFailure(
            op, "a contraction result has other users");
      if (getElementTypeOrSelf(input) != elementType)
        return rewriter.notifyMatchFailure(op, "mixed element types");
      rewriter.replaceOpWithNewOp<GatedProjOp>(
          op, op.getType(), op.getActivation(), op.getClampAttr(),
          /*layout=*/nullptr, input, gateContraction.weight,
          valueContraction.weight, /*packed_weight=*/nullptr, gate.bias,
          value.bias, /*packed_bias=*/nullptr);
      return success();
    }

    // A packed weight: two column slices of one contraction, or its
    // block-interleaved split.
    if (gate.bias || value.bias)
      return rewriter.notifyMatchFailure(
          op, "biases on the halves of a packed contraction");
    auto gateSlice = gate.matrix.getDefiningOp<tensor::ExtractSliceOp>();
    auto valueSlice = value.matrix.getDefiningOp<tensor::ExtractSliceOp>();
    FailureOr<std::pair<tensor::ExpandShapeOp, int64_t>> blocks =
        matchBlockInterleavedSplit(gate.matrix, value.matrix);
    SmallVector<Operation *> readers;
    Value packedResult;
    if (gateSlice && valueSlice &&
        gateSlice.getSource() == valueSlice.getSource()) {
      packedResult = gateSlice.getSource();
      readers = {gateSlice, valueSlice};
    } else if (succeeded(blocks)) {
      packedResult = blocks->first.getSrc();
      readers = {blocks->first};
    } else {
      return rewriter.notifyMatchFailure(
          op, "neither two contractions of one input nor a split of one "
              "contraction");
    }
    if (!llvm::all_of(packedResult.getUsers(), [&](Operation *user) {
          return llvm::is_contained(readers, user) || isa<tensor::DimOp>(user);
        }))
      return rewriter.notifyMatchFailure(
          op, "the packed contraction has other users");
    Biased packed = peelBiasAdd(packedResult);
    Contraction matmul = matchContraction(packed.matrix);
    if (!matmul)
      return rewriter.notifyMatchFailure(
          op, "the sliced value is not a contraction from zero");
    Value input = matmul.input;
    FailureOr<LayoutAttr> layout =
        succeeded(blocks)
            ? LayoutAttr::get(op.getContext(), GateUpLayout::interleaved,
                              blocks->second)
            : matchPackedLayout(gateSlice, valueSlice, input);
    if (failed(layout))
      return rewriter.notifyMatchFailure(
          op, "the slices are not the halves or the even/odd columns");
    if (getElementTypeOrSelf(input) != elementType)
      return rewriter.notifyMatchFailure(op, "mixed element types");
    // The bias add keeps the contraction's shape.
    replaceDimUsers(rewriter, matmul, packedResult);
    rewriter.setInsertionPoint(op);
    rewriter.replaceOpWithNewOp<GatedProjOp>(
        op, op.getType(), op.getActivation(), op.getClampAttr(), *layout, input,
        /*gate_weight=*/nullptr, /*value_weight=*/nullptr, matmul.weight,
        /*gate_bias=*/nullptr,
        /*value_bias=*/nullptr, packed.bias);
    return success();
  }
};

/// A contraction of a glu.gated_proj result (+ bias) -> glu.ffn.
struct FuseFFN : OpRewritePattern<GatedProjOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GatedProjOp projection,
                                PatternRewriter &rewriter) const override {
    if (!projection->hasOneUse())
      return rewriter.notifyMatchFailure(
          projection, "the gated projection has no single user");
    Operation *user = *projection->getUsers().begin();
    if (user->getNumResults() != 1)
      return rewriter.notifyMatchFailure(projection,
                                         "its user is not a contraction");
    Contraction down = matchContraction(user->getResult(0));
    if (!down || down.input != projection.getResult())
      return rewriter.notifyMatchFailure(
          projection, "its user is not a contraction from zero of it with a "
                      "2-D weight, of one element type");

    // Take a bias add that is the contraction's only user along.
    Operation *root = down.op;
    Value downBias;
    Value result = root->getResult(0);
    Operation *next = result.hasOneUse() ? *result.getUsers().begin() : nullptr;
    if (next && next->getNumResults() == 1) {
      Biased biased = peelBiasAdd(next->getResult(0));
      if (biased.bias && biased.matrix == result) {
        root = next;
        downBias = biased.bias;
      }
    }
    rewriter.setInsertionPoint(root);
    rewriter.replaceOpWithNewOp<FFNOp>(
        root, root->getResult(0).getType(), projection.getActivation(),
        projection.getClampAttr(), projection.getLayoutAttr(),
        projection.getInput(), projection.getGateWeight(),
        projection.getValueWeight(), projection.getPackedWeight(),
        projection.getGateBias(), projection.getValueBias(),
        projection.getPackedBias(), down.weight, downBias);
    if (root != down.op)
      rewriter.eraseOp(down.op);
    rewriter.eraseOp(projection);
    return success();
  }
};

struct GluFusePass : glu::impl::GluFuseBase<GluFusePass> {
  using GluFuseBase::GluFuseBase;

  void runOnOperation() override {
    int maxLevel = llvm::StringSwitch<int>(level)
                       .Case("gate", 1)
                       .Case("gated-proj", 2)
                       .Case("ffn", 3)
                       .Default(0);
    if (!maxLevel) {
      getOperation()->emitError() << "glu-fuse: unknown level '" << level
                                  << "'; expected gate, gated-proj or ffn";
      return signalPassFailure();
    }
    RewritePatternSet patterns(&getContext());
    populateGluFusePatterns(patterns, maxLevel);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::glu::populateGluFusePatterns(RewritePatternSet &patterns,
                                        int level) {
  patterns.add<FuseGate, FuseGateClamp>(patterns.getContext());
  if (level >= 2)
    patterns.add<FuseGatedProjection>(patterns.getContext());
  if (level >= 3)
    patterns.add<FuseFFN>(patterns.getContext());
}
