//===- GluDialect.cpp - glu dialect registration --------------------------===//

#include "glu/Dialect/Glu/IR/GluDialect.h"
#include "glu/Dialect/Glu/IR/GluAttrs.h"
#include "glu/Dialect/Glu/IR/GluOps.h"

using namespace mlir;
using namespace mlir::glu;

#include "glu/Dialect/Glu/IR/GluDialect.cpp.inc"

void GluDialect::initialize() {
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "glu/Dialect/Glu/IR/GluOps.cpp.inc"
      >();
}
