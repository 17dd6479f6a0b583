//===- GluDialect.h - glu dialect -------------------------------*- C++ -*-===//

#ifndef GLU_DIALECT_GLU_IR_GLUDIALECT_H
#define GLU_DIALECT_GLU_IR_GLUDIALECT_H

#include "mlir/IR/Dialect.h"

#include "glu/Dialect/Glu/IR/GluDialect.h.inc"

#endif // GLU_DIALECT_GLU_IR_GLUDIALECT_H
