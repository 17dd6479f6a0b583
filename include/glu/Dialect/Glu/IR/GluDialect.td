//===- GluDialect.td - glu dialect definition --------------*- tablegen -*-===//
//
// The glu dialect: GELU and the gated linear unit family as typed ops.
//
//===----------------------------------------------------------------------===//

#ifndef GLU_DIALECT_GLU_IR_GLUDIALECT_TD
#define GLU_DIALECT_GLU_IR_GLUDIALECT_TD

include "mlir/IR/OpBase.td"

def Glu_Dialect : Dialect {
  let name = "glu";
  let cppNamespace = "::mlir::glu";
  let summary = "Gated feed-forward blocks of transformers: GELU and the GLU family";
  let description = [{
    The `glu` dialect represents the gated feed-forward block of transformer
    models as a small set of typed ops on ranked tensors:

    * `glu.activation`: an elementwise activation function (GELU erf/tanh,
      sigmoid, ReLU, Swish-beta/SiLU, quick GELU, squared ReLU, identity);
    * `glu.gate`: the gating product `act(gate) * value`;
    * `glu.gated_proj`: the gated projection `act(x W + b) * (x V + c)`;
    * `glu.ffn`: the whole block `(act(x W + b) * (x V + c)) W2 + b2`.

    The activation function, the GPT-OSS style clamping and the layout of a
    packed gate/value weight are explicit attributes: one op per level of
    the block, not one op per activation name. The exact formulas and
    constants are part of the op descriptions; `convert-glu-to-linalg` is
    the executable reference semantics.
  }];
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
  private:
    void registerAttributes();
  public:
  }];
}

class Glu_Op<string mnemonic, list<Trait> traits = []>
    : Op<Glu_Dialect, mnemonic, traits>;

#endif // GLU_DIALECT_GLU_IR_GLUDIALECT_TD
