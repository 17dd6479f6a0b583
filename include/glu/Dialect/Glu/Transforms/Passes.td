//===- Passes.td - glu transformation passes ---------------*- tablegen -*-===//

#ifndef GLU_DIALECT_GLU_TRANSFORMS_PASSES_TD
#define GLU_DIALECT_GLU_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def GluExpandMath : Pass<"glu-expand-math"> {
  let summary = "Expand math functions into vectorizable arith polynomials";
  let description = [{
    Rewrites the transcendental `math` ops that the glu formulas use
    (`exp`, `erf`, `erfc`, `tanh`, `expm1`, `log`, `log1p`) into
    polynomial/rational approximations built from `arith` ops, which
    vectorize and need no libm. f16/bf16 operands are evaluated in f32.
    f64 ops are left alone (lower them with `convert-math-to-libm` or the
    LLVM intrinsics).

    Upstream MLIR ships these approximations only in a test pass; this is
    glu's production entry point to them.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect"
  ];
}

#endif // GLU_DIALECT_GLU_TRANSFORMS_PASSES_TD
