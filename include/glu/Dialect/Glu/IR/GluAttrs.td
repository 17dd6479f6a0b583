//===- GluAttrs.td - glu attributes and enums --------------*- tablegen -*-===//

#ifndef GLU_DIALECT_GLU_IR_GLUATTRS_TD
#define GLU_DIALECT_GLU_IR_GLUATTRS_TD

include "glu/Dialect/Glu/IR/GluDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

//===----------------------------------------------------------------------===//
// Activation functions
//===----------------------------------------------------------------------===//

def Glu_ActivationKind : I32EnumAttr<"ActivationKind",
    "activation function of a glu op", [
      I32EnumAttrCase<"identity", 0>,
      I32EnumAttrCase<"sigmoid", 1>,
      I32EnumAttrCase<"relu", 2>,
      I32EnumAttrCase<"relu_squared", 3>,
      I32EnumAttrCase<"gelu", 4>,
      I32EnumAttrCase<"gelu_tanh", 5>,
      I32EnumAttrCase<"quick_gelu", 6>,
      I32EnumAttrCase<"swish", 7>
    ]> {
  let cppNamespace = "::mlir::glu";
  let genSpecializedAttr = 0;
}

// An IEEE double parameter that may be omitted, printing only when it differs
// from its default.
class Glu_F64Parameter<string desc, string default>
    : AttrOrTypeParameter<"::llvm::APFloat", desc> {
  let comparator = "$_lhs.bitwiseIsEqual($_rhs)";
  let defaultValue = default;
}

def Glu_ActivationAttr : AttrDef<Glu_Dialect, "Activation"> {
  let mnemonic = "activation";
  let summary = "an activation function, with its parameter";
  let description = [{
    Names the activation function `act` of a glu op. All constants are exact
    and fixed by the kind; only `swish` has a free parameter, `beta`.

    | kind           | act(x)                                        | gated name | max error, f32 |
    |----------------|-----------------------------------------------|------------|----------------|
    | `identity`     | x                                             | Bilinear   | exact          |
    | `sigmoid`      | 1 / (1 + exp(-x))                             | GLU        | 4 ulp          |
    | `relu`         | max(x, 0)                                     | ReGLU      | exact          |
    | `relu_squared` | max(x, 0)^2 (Primer)                          |            | 0.5 ulp        |
    | `gelu`         | x * Phi(x) = 0.5 * x * erfc(-x / sqrt(2)), exact erf form, 1/sqrt(2) = 0.7071067811865476 | GEGLU | 4 ulp |
    | `gelu_tanh`    | 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3))), sqrt(2/pi) = 0.7978845608028654 | GEGLU (Gemma) | 4 ulp |
    | `quick_gelu`   | x * sigmoid(1.702 * x)                        |            | 4 ulp          |
    | `swish`        | x * sigmoid(beta * x); SiLU is beta = 1       | SwiGLU     | 4 ulp          |

    The last column is the contract of the compiled f32 code (and of f16/bf16,
    which is evaluated in f32 and rounded once): the largest error in units
    in the last place of the exact result wherever that result is a normal
    f32 number, checked by `test/Integration/Numerics` over 400,001 points
    in [-20, 20] plus special values. Results below the smallest normal f32
    (2^-126) may flush to zero. +-0, +-inf and NaN give the IEEE limits:
    `act(-inf)` is -0 (not the NaN of -inf * 0) for the x * factor
    activations, NaN propagates, nothing overflows before the result does.
    f64 is evaluated with libm's `exp` and `erfc` (GELU as
    `x * 0.5 * erfc(-x / sqrt(2))`).

    `beta` defaults to 1.0 and must be finite; it is accepted only with
    `swish`. `gelu` and `gelu_tanh` are distinct functions (they differ by up
    to about 4.7e-4 on [-8, 8]) and are never substituted for each other.

    Examples:

    ```mlir
    #glu.activation<gelu>
    #glu.activation<swish>               // SiLU
    #glu.activation<swish, beta = 1.5>
    ```
  }];
  let parameters = (ins
    EnumParameter<Glu_ActivationKind>:$kind,
    Glu_F64Parameter<"the swish parameter beta", "::llvm::APFloat(1.0)">:$beta
  );
  let builders = [
    AttrBuilder<(ins "ActivationKind":$kind), [{
      return $_get($_ctxt, kind, ::llvm::APFloat(1.0));
    }]>
  ];
  let assemblyFormat = "`<` $kind (`,` `beta` `=` $beta^)? `>`";
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// Clamping (GPT-OSS style SwiGLU)
//===----------------------------------------------------------------------===//

def Glu_ClampAttr : AttrDef<Glu_Dialect, "Clamp"> {
  let mnemonic = "clamp";
  let summary = "clamping and offset of the gate and value branches";
  let description = [{
    Adjusts the two branches of the gating product before they meet. With
    gate `g` and value `v`, a gating op with `#glu.clamp<gate_limit = Lg,
    value_limit = Lv, value_offset = c>` computes

    ```
    g' = min(g, Lg)
    v' = clamp(v, -Lv, Lv) + c        // clamp(v, lo, hi) = min(max(v, lo), hi)
    out = act(g') * v'
    ```

    Omitted parameters take their neutral value: `gate_limit = +inf`,
    `value_limit = +inf`, `value_offset = 0`. Limits must be non-negative
    and not NaN; the offset must be finite. NaN inputs propagate through the
    clamps (min/max here are IEEE `minimumf`/`maximumf`).

    GPT-OSS (`openai/gpt-oss`, and vLLM `swigluoai`, TE `clamped_swiglu`)
    uses `act = swish` with beta = 1.702 and

    ```mlir
    #glu.clamp<gate_limit = 7.0, value_limit = 7.0, value_offset = 1.0>
    ```
  }];
  let parameters = (ins
    Glu_F64Parameter<"upper limit of the gate before the activation",
        "::llvm::APFloat::getInf(::llvm::APFloat::IEEEdouble())">:$gate_limit,
    Glu_F64Parameter<"symmetric limit of the value branch",
        "::llvm::APFloat::getInf(::llvm::APFloat::IEEEdouble())">:$value_limit,
    Glu_F64Parameter<"offset added to the clamped value branch",
        "::llvm::APFloat(0.0)">:$value_offset
  );
  let builders = [
    AttrBuilder<(ins), [{
      ::llvm::APFloat inf = ::llvm::APFloat::getInf(::llvm::APFloat::IEEEdouble());
      return $_get($_ctxt, inf, inf, ::llvm::APFloat(0.0));
    }]>
  ];
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    bool hasGateLimit() const { return !getGateLimit().isInfinity(); }
    bool hasValueLimit() const { return !getValueLimit().isInfinity(); }
    bool hasValueOffset() const { return !getValueOffset().isZero(); }
  }];
}

//===----------------------------------------------------------------------===//
// Layout of a packed gate/value weight
//===----------------------------------------------------------------------===//

def Glu_GateUpLayout : I32EnumAttr<"GateUpLayout",
    "how gate and value columns are arranged", [
      I32EnumAttrCase<"separate", 0>,
      I32EnumAttrCase<"gate_up", 1>,
      I32EnumAttrCase<"up_gate", 2>,
      I32EnumAttrCase<"interleaved", 3>
    ]> {
  let cppNamespace = "::mlir::glu";
  let genSpecializedAttr = 0;
}

def Glu_LayoutAttr : AttrDef<Glu_Dialect, "Layout"> {
  let mnemonic = "layout";
  let summary = "arrangement of gate and value columns in a weight";
  let description = [{
    Says where the gate columns and the value columns of a gated projection
    live. With `F` the hidden width and column index `j` in `[0, F)`:

    | kind          | weights                 | gate column `j`            | value column `j`               |
    |---------------|-------------------------|----------------------------|--------------------------------|
    | `separate`    | `W: [D, F]`, `V: [D, F]`| `W[:, j]`                  | `V[:, j]`                      |
    | `gate_up`     | packed `[D, 2F]`        | `P[:, j]`                  | `P[:, F + j]`                  |
    | `up_gate`     | packed `[D, 2F]`        | `P[:, F + j]`              | `P[:, j]`                      |
    | `interleaved` | packed `[D, 2F]`        | `P[:, 2G*(j/G) + j%G]`     | `P[:, 2G*(j/G) + G + j%G]`     |

    `G` is the interleave `granularity` (default 1): the packed columns
    alternate `G` gate columns and `G` value columns, gate first. GPT-OSS
    (`x[..., ::2]` is the gate) is `interleaved` with `G = 1`;
    TransformerEngine's MXFP8 path uses `G = 32`. A packed bias `[2F]` follows
    the same layout as its weight. `[gate|up]` is TransformerEngine's and
    vLLM's convention; `[up|gate]` is PyTorch `F.glu`'s (which gates the
    second half) and vLLM's `mul_and_silu`.

    ```mlir
    #glu.layout<gate_up>
    #glu.layout<interleaved>                   // granularity 1
    #glu.layout<interleaved, granularity = 32>
    ```
  }];
  let parameters = (ins
    EnumParameter<Glu_GateUpLayout>:$kind,
    DefaultValuedParameter<"int64_t", "1", "interleave granularity">:$granularity
  );
  let builders = [
    AttrBuilder<(ins "GateUpLayout":$kind), [{
      return $_get($_ctxt, kind, 1);
    }]>
  ];
  let assemblyFormat = "`<` $kind (`,` `granularity` `=` $granularity^)? `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    bool isPacked() const { return getKind() != GateUpLayout::separate; }
  }];
}

#endif // GLU_DIALECT_GLU_IR_GLUATTRS_TD
