//===- ExpandMath.cpp - glu-expand-math -----------------------------------===//

#include "glu/Dialect/Glu/Transforms/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::glu {
#define GEN_PASS_DEF_GLUEXPANDMATH
#include "glu/Dialect/Glu/Transforms/Passes.h.inc"
} // namespace mlir::glu

using namespace mlir;

namespace {
struct GluExpandMathPass : glu::impl::GluExpandMathBase<GluExpandMathPass> {
  void runOnOperation() override {
    static const llvm::StringSet<> expanded = {
        "math.exp",   "math.erf", "math.erfc", "math.tanh",
        "math.expm1", "math.log", "math.log1p"};
    auto predicate = [](StringRef name) { return expanded.contains(name); };
    RewritePatternSet patterns(&getContext());
    populateMathF32ExpansionPatterns(patterns, predicate);
    populateMathPolynomialApproximationPatterns(patterns, predicate);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
