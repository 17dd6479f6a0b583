//===- GluOps.h - glu operations --------------------------------*- C++ -*-===//

#ifndef GLU_DIALECT_GLU_IR_GLUOPS_H
#define GLU_DIALECT_GLU_IR_GLUOPS_H

#include "glu/Dialect/Glu/IR/GluAttrs.h"
#include "glu/Dialect/Glu/IR/GluDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "glu/Dialect/Glu/IR/GluOps.h.inc"

namespace mlir::glu {

/// The operands, layout and gating attributes of a gated projection
/// (`glu.gated_proj`, or the first half of `glu.ffn`), by role. Absent
/// optional operands are null values.
struct GatedProjection {
  Value input, gateWeight, valueWeight, packedWeight;
  Value gateBias, valueBias, packedBias;
  LayoutAttr layout;
  ActivationAttr activation;
  ClampAttr clamp;

  template <typename OpT> static GatedProjection get(OpT op) {
    return {op.getInput(),         op.getGateWeight(), op.getValueWeight(),
            op.getPackedWeight(),  op.getGateBias(),   op.getValueBias(),
            op.getPackedBias(),    op.getLayoutAttr(), op.getActivation(),
            op.getClampOrDefault()};
  }

  bool isPacked() const { return static_cast<bool>(packedWeight); }
};

} // namespace mlir::glu

#endif // GLU_DIALECT_GLU_IR_GLUOPS_H
