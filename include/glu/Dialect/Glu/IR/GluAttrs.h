//===- GluAttrs.h - glu attributes ------------------------------*- C++ -*-===//

#ifndef GLU_DIALECT_GLU_IR_GLUATTRS_H
#define GLU_DIALECT_GLU_IR_GLUATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/APFloat.h"

namespace mlir {
/// Parses an IEEE double parameter of a glu attribute (`7.0`, `-1`, or the
/// hexadecimal bit pattern `0x7FF8000000000000`).
template <> struct FieldParser<llvm::APFloat> {
  static FailureOr<llvm::APFloat> parse(AsmParser &parser) {
    double value;
    if (parser.parseFloat(value))
      return failure();
    return llvm::APFloat(value);
  }
};
} // namespace mlir

#include "glu/Dialect/Glu/IR/GluEnums.h.inc"

namespace mlir::glu {
/// The exact constants of the activations (see #glu.activation).
inline constexpr double kInvSqrt2 = 0.7071067811865476;    // gelu
inline constexpr double kSqrt2OverPi = 0.7978845608028654; // gelu_tanh
inline constexpr double kGeluTanhCubic = 0.044715;         // gelu_tanh
inline constexpr double kQuickGeluAlpha = 1.702;           // quick_gelu
} // namespace mlir::glu

#define GET_ATTRDEF_CLASSES
#include "glu/Dialect/Glu/IR/GluAttrs.h.inc"

#endif // GLU_DIALECT_GLU_IR_GLUATTRS_H
