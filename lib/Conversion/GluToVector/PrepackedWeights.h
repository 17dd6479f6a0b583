//===- PrepackedWeights.h - constant weights packed at compile time -*- C++
//-*-//
//
// convert-glu-to-vector packs the weight tiles that its register tiles read
// at run time. When the weights are constants, these functions lay them out
// that way once, at compile time, so that the loops read them in place.
//
//===----------------------------------------------------------------------===//

#ifndef GLU_CONVERSION_GLUTOVECTOR_PREPACKEDWEIGHTS_H
#define GLU_CONVERSION_GLUTOVECTOR_PREPACKEDWEIGHTS_H

#include "glu/Dialect/Glu/IR/GluOps.h"
#include "mlir/IR/BuiltinAttributes.h"

namespace mlir::glu {

/// The gate and value weights `[D, F]` of `proj` (separate, or packed in any
/// layout) as `[ceil(F / 32), ceil(D / depthTile), depthTile, 64]`: entry
/// `[b, t, k, c]` is gate column `32 b + c` (c < 32), or value column
/// `32 b + c - 32` (c >= 32), of row `t * depthTile + k`, and zero past D
/// or F. Null unless the weights are non-splat `dense` or `dense_resource`
/// constants.
DenseElementsAttr prepackGateValueWeights(const GatedProjection &proj,
                                          int64_t depthTile);

/// The down weight `[F, E]` as its `E / 64` panels of 64 columns,
/// `[E / 64, F, 64]` (the last `E % 64` columns are not in it). Null unless
/// it is a non-splat `dense` or `dense_resource` constant with E >= 64.
DenseElementsAttr prepackDownWeight(Value down);

} // namespace mlir::glu

#endif // GLU_CONVERSION_GLUTOVECTOR_PREPACKEDWEIGHTS_H
