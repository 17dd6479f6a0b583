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

#define GET_ATTRDEF_CLASSES
#include "glu/Dialect/Glu/IR/GluAttrs.h.inc"

#endif // GLU_DIALECT_GLU_IR_GLUATTRS_H
