//===- GluAttrs.cpp - glu attributes --------------------------------------===//

#include "glu/Dialect/Glu/IR/GluAttrs.h"
#include "glu/Dialect/Glu/IR/GluDialect.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::glu;

#include "glu/Dialect/Glu/IR/GluEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "glu/Dialect/Glu/IR/GluAttrs.cpp.inc"

void GluDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "glu/Dialect/Glu/IR/GluAttrs.cpp.inc"
      >();
}

static std::string formatDouble(const APFloat &value) {
  SmallString<16> text;
  value.toString(text);
  return std::string(text);
}

LogicalResult
ActivationAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                       ActivationKind kind, APFloat beta) {
  if (!beta.isFinite())
    return emitError() << "expected a finite swish beta, got "
                       << formatDouble(beta);
  if (kind != ActivationKind::swish && !beta.bitwiseIsEqual(APFloat(1.0)))
    return emitError() << "beta is a parameter of 'swish' only, not of '"
                       << stringifyActivationKind(kind) << "'";
  return success();
}

LogicalResult ClampAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                APFloat gateLimit, APFloat valueLimit,
                                APFloat valueOffset) {
  for (auto [name, limit] :
       {std::pair<StringRef, const APFloat &>("gate_limit", gateLimit),
        {"value_limit", valueLimit}}) {
    if (limit.isNaN() || limit.isNegative())
      return emitError() << "expected a non-negative " << name << ", got "
                         << formatDouble(limit);
  }
  if (!valueOffset.isFinite())
    return emitError() << "expected a finite value_offset, got "
                       << formatDouble(valueOffset);
  return success();
}

LogicalResult LayoutAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 GateUpLayout kind, int64_t granularity) {
  if (granularity < 1)
    return emitError() << "expected a positive interleave granularity, got "
                       << granularity;
  if (kind != GateUpLayout::interleaved && granularity != 1)
    return emitError() << "granularity is a parameter of 'interleaved' only, "
                          "not of '"
                       << stringifyGateUpLayout(kind) << "'";
  return success();
}
