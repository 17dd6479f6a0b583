//===- GluOps.td - glu operations --------------------------*- tablegen -*-===//

#ifndef GLU_DIALECT_GLU_IR_GLUOPS_TD
#define GLU_DIALECT_GLU_IR_GLUOPS_TD

include "glu/Dialect/Glu/IR/GluAttrs.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Glu_FloatTensor : RankedTensorOf<[AnyFloat]>;

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

class Glu_ElementwiseOp<string mnemonic, list<Trait> traits = []>
    : Glu_Op<mnemonic, traits # [Pure, Elementwise, SameOperandsAndResultType,
        DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface,
            ["reifyResultShapes"]>]>;

def Glu_ActivationOp : Glu_ElementwiseOp<"activation"> {
  let summary = "elementwise activation function";
  let description = [{
    Applies the activation function named by `#glu.activation` to every
    element: `result[i] = act(input[i])`. See `#glu.activation` for the exact
    formula and constants of each kind.

    ```mlir
    %y = glu.activation <gelu_tanh> %x : tensor<?x4096xf32>
    ```
  }];
  let arguments = (ins Glu_ActivationAttr:$activation, Glu_FloatTensor:$input);
  let results = (outs Glu_FloatTensor:$result);
  let assemblyFormat = "$activation $input attr-dict `:` type($result)";
}

def Glu_GateOp : Glu_ElementwiseOp<"gate"> {
  let summary = "gating product act(gate) * value";
  let description = [{
    The Hadamard product of the activated gate and the value:
    `result[i] = act(min(gate[i], Lg)) * (clamp(value[i], -Lv, Lv) + c)`,
    where the optional `#glu.clamp` supplies `Lg`, `Lv` and `c` (without it
    this is `act(gate[i]) * value[i]`).

    ```mlir
    %h = glu.gate <gelu> %g, %v : tensor<8x2816xf32>
    %o = glu.gate <swish, beta = 1.702>
           clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0>
           %g, %v : tensor<?x2880xf32>
    ```
  }];
  let arguments = (ins Glu_ActivationAttr:$activation,
                       OptionalAttr<Glu_ClampAttr>:$clamp,
                       Glu_FloatTensor:$gate, Glu_FloatTensor:$value);
  let results = (outs Glu_FloatTensor:$result);
  let assemblyFormat = [{
    $activation (`clamp` $clamp^)? $gate `,` $value attr-dict `:` type($result)
  }];
}

//===----------------------------------------------------------------------===//
// Projections
//===----------------------------------------------------------------------===//

// Operands and attributes shared by the gated projection and the FFN.
defvar Glu_GatedProjectionArgs = (ins
  Glu_ActivationAttr:$activation,
  OptionalAttr<Glu_ClampAttr>:$clamp,
  OptionalAttr<Glu_LayoutAttr>:$layout,
  Glu_FloatTensor:$input,
  Optional<Glu_FloatTensor>:$gate_weight,
  Optional<Glu_FloatTensor>:$value_weight,
  Optional<Glu_FloatTensor>:$packed_weight,
  Optional<Glu_FloatTensor>:$gate_bias,
  Optional<Glu_FloatTensor>:$value_bias,
  Optional<Glu_FloatTensor>:$packed_bias
);

defvar Glu_GatedProjectionFormat = [{
  $activation (`clamp` $clamp^)? (`layout` $layout^)? $input `:` type($input)
  (`gate` `(` $gate_weight^ `:` type($gate_weight) `)`)?
  (`value` `(` $value_weight^ `:` type($value_weight) `)`)?
  (`packed` `(` $packed_weight^ `:` type($packed_weight) `)`)?
  (`gate_bias` `(` $gate_bias^ `:` type($gate_bias) `)`)?
  (`value_bias` `(` $value_bias^ `:` type($value_bias) `)`)?
  (`packed_bias` `(` $packed_bias^ `:` type($packed_bias) `)`)?
}];

defvar Glu_GatedProjectionOperandsDoc = [{
    Operands (`x` has any number of leading batch dimensions, and every
    dimension may be dynamic):

    | operand        | shape       | role                                   |
    |----------------|-------------|----------------------------------------|
    | `input` x      | `[..., D]`  | activations, rank >= 2                 |
    | `gate`  W      | `[D, F]`    | gate weight (separate layout)          |
    | `value` V      | `[D, F]`    | value (up) weight (separate layout)    |
    | `packed` P     | `[D, 2F]`   | gate and value weights in one tensor   |
    | `gate_bias` b  | `[F]`       | optional, with W                       |
    | `value_bias` c | `[F]`       | optional, with V                       |
    | `packed_bias`  | `[2F]`      | optional, with P, same layout as P     |

    Either `gate` and `value` are given (layout absent or `separate`), or
    `packed` is given with a packed `layout` (`gate_up`, `up_gate`,
    `interleaved`; see `#glu.layout`). All operands and the result share one
    floating-point element type. Contractions accumulate, and the formulas
    are evaluated, in that type, or in f32 for a narrower one (f16, bf16),
    whose result is rounded once.
}];

class Glu_GatedProjectionOpBase<string mnemonic>
    : Glu_Op<mnemonic, [Pure, AttrSizedOperandSegments,
        DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface,
            ["reifyResultShapes"]>]> {
  let results = (outs Glu_FloatTensor:$result);
  let hasVerifier = 1;
  code extraGatedClassDeclaration = [{
    /// The layout of the gate/value columns (`separate` when absent).
    ::mlir::glu::GateUpLayout getLayoutKind() {
      return getLayoutAttr() ? getLayoutAttr().getKind() : GateUpLayout::separate;
    }
    /// The clamp attribute, or the neutral one when absent.
    ::mlir::glu::ClampAttr getClampOrDefault() {
      return getClampAttr() ? getClampAttr() : ClampAttr::get(getContext());
    }
  }];
}

def Glu_GatedProjOp : Glu_GatedProjectionOpBase<"gated_proj"> {
  let summary = "gated projection act(x W + b) * (x V + c)";
  let description = [{
    Computes, for every row `x` of the input,

    ```
    gated_proj(x) = act(min(x W + b, Lg)) * (clamp(x V + c, -Lv, Lv) + o)
    ```

    with the activation from `#glu.activation` and the optional clamp
    (`Lg`, `Lv`, `o`) from `#glu.clamp`; missing biases are zero. The result
    has shape `[..., F]`.
  }] # Glu_GatedProjectionOperandsDoc # [{
    ```mlir
    // T5 v1.1 GEGLU, separate weights
    %h = glu.gated_proj <gelu> %x : tensor<?x512xf32>
           gate(%wi0 : tensor<512x1024xf32>) value(%wi1 : tensor<512x1024xf32>)
           -> tensor<?x1024xf32>
    ```
  }];
  let arguments = Glu_GatedProjectionArgs;
  let assemblyFormat = Glu_GatedProjectionFormat # [{
    attr-dict `->` type($result)
  }];
  let extraClassDeclaration = extraGatedClassDeclaration;
}

def Glu_FFNOp : Glu_GatedProjectionOpBase<"ffn"> {
  let summary = "gated feed-forward block (act(x W + b) * (x V + c)) W2 + b2";
  let description = [{
    The whole gated feed-forward block: the gated projection (see
    `glu.gated_proj`, same operands, attributes and formula) followed by the
    down projection,

    ```
    ffn(x) = gated_proj(x) W2 + b2
    ```

    with `down` W2 of shape `[F, E]` and the optional `down_bias` b2 of shape
    `[E]`. The result has shape `[..., E]` (usually `E = D`).
  }] # Glu_GatedProjectionOperandsDoc # [{
    ```mlir
    // GPT-OSS MLP: interleaved clamped SwiGLU with biases
    %y = glu.ffn <swish, beta = 1.702>
           clamp <gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0>
           layout <interleaved> %x : tensor<?x2880xf32>
           packed(%w : tensor<2880x5760xf32>) packed_bias(%b : tensor<5760xf32>)
           down(%w2 : tensor<2880x2880xf32>) down_bias(%b2 : tensor<2880xf32>)
           -> tensor<?x2880xf32>
    ```
  }];
  let arguments = !con(Glu_GatedProjectionArgs, (ins
    Glu_FloatTensor:$down_weight,
    Optional<Glu_FloatTensor>:$down_bias));
  let assemblyFormat = Glu_GatedProjectionFormat # [{
    `down` `(` $down_weight `:` type($down_weight) `)`
    (`down_bias` `(` $down_bias^ `:` type($down_bias) `)`)?
    attr-dict `->` type($result)
  }];
  let extraClassDeclaration = extraGatedClassDeclaration;
}

#endif // GLU_DIALECT_GLU_IR_GLUOPS_TD
