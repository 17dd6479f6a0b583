//===- Passes.td - glu conversion passes -------------------*- tablegen -*-===//

#ifndef GLU_CONVERSION_PASSES_TD
#define GLU_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertGluToLinalg : Pass<"convert-glu-to-linalg"> {
  let summary = "Lower glu ops to linalg on tensors (the reference semantics)";
  let description = [{
    Rewrites every glu op into linalg on tensors: contractions for the
    projections (`linalg.matmul` for a 2-D input, a `linalg.generic`
    contraction over the leading batch dimensions otherwise, so that no
    reshape is needed and any of them may be dynamic), tensor slices and
    reshapes that pick the gate and value columns out of a packed weight,
    and `linalg.generic` elementwise bodies in `arith`/`math` for the
    activation, the clamps, the biases and the gating product (the scalar
    formulas are the accurate forms of `ActivationFormulas.h`).

    This lowering is the executable definition of the dialect: every faster
    lowering is tested against it. Element types narrower than f32 are
    extended to f32 for the contractions and the elementwise bodies and
    rounded once at the end.

    Where a size relation that the verifier checks involves a dynamic size
    (the input width D against the weight rows, F against the biases and the
    down weight, a static result size against the input), the lowering emits
    a `cf.assert` naming the two sizes: a call with disagreeing sizes aborts
    with that message instead of reading out of bounds.

    Example:

    ```mlir
    %y = glu.activation <relu> %x : tensor<4xf32>
    ```

    becomes

    ```mlir
    %e = tensor.empty() : tensor<4xf32>
    %y = linalg.generic {indexing_maps = [#id, #id],
                         iterator_types = ["parallel"]}
        ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %zero = arith.constant 0.000000e+00 : f32
      %r = arith.maximumf %in, %zero : f32
      linalg.yield %r : f32
    } -> tensor<4xf32>
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::cf::ControlFlowDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

#endif // GLU_CONVERSION_PASSES_TD
