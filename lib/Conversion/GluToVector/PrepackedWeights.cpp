//===- PrepackedWeights.cpp - constant weights packed at compile time -----===//

#include "PrepackedWeights.h"
#include "glu/Dialect/Glu/Utils/ProjectionOperands.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/Support/MathExtras.h"
#include <cstring>

using namespace mlir;
using namespace mlir::glu;

namespace {

/// The elements of a constant matrix, row-major, as raw bytes.
struct ConstantMatrix {
  ArrayRef<char> data;
  int64_t rows = 0, columns = 0;
  int64_t elementBytes = 0;

  /// Where element (row, column) starts.
  const char *at(int64_t row, int64_t column) const {
    return data.data() + (row * columns + column) * elementBytes;
  }
};

/// `value` as a constant matrix: a static, non-empty 2-D `dense` (not
/// splat) or `dense_resource` tensor of a float type whose width is a whole
/// number of bytes.
std::optional<ConstantMatrix> matchConstantMatrix(Value value) {
  Attribute attr;
  if (!value || !matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || type.getRank() != 2 || !type.hasStaticShape() ||
      type.getNumElements() == 0 || !isa<FloatType>(type.getElementType()) ||
      type.getElementTypeBitWidth() % 8 != 0)
    return std::nullopt;
  ConstantMatrix matrix;
  matrix.rows = type.getDimSize(0);
  matrix.columns = type.getDimSize(1);
  matrix.elementBytes = type.getElementTypeBitWidth() / 8;
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    if (dense.isSplat())
      return std::nullopt;
    matrix.data = dense.getRawData();
  } else if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    matrix.data = resource.getData();
  }
  if (static_cast<int64_t>(matrix.data.size()) !=
      type.getNumElements() * matrix.elementBytes)
    return std::nullopt;
  return matrix;
}

/// A tensor of `shape` and `elementType` with the bytes of `data`.
DenseElementsAttr createTensor(ArrayRef<int64_t> shape, Type elementType,
                               ArrayRef<char> data) {
  return DenseElementsAttr::getFromRawBuffer(
      RankedTensorType::get(shape, elementType), data);
}

} // namespace

DenseElementsAttr
mlir::glu::prepackGateValueWeights(const GatedProjection &proj,
                                   int64_t depthTile) {
  Value gateOperand = proj.isPacked() ? proj.packedWeight : proj.gateWeight;
  Value valueOperand = proj.isPacked() ? proj.packedWeight : proj.valueWeight;
  std::optional<ConstantMatrix> gate = matchConstantMatrix(gateOperand);
  std::optional<ConstantMatrix> value = matchConstantMatrix(valueOperand);
  if (!gate || !value)
    return {};
  int64_t depth = gate->rows;
  int64_t hidden = proj.isPacked() ? gate->columns / 2 : gate->columns;
  int64_t bytes = gate->elementBytes;
  int64_t blocks = llvm::divideCeil(hidden, 32);
  int64_t depthTiles = llvm::divideCeil(depth, depthTile);
  std::vector<char> packed(blocks * depthTiles * depthTile * 64 * bytes, 0);
  for (int64_t row = 0; row < depth; ++row) {
    for (int64_t j = 0; j < hidden; ++j) {
      auto [gateColumn, valueColumn] =
          proj.isPacked() ? getPackedColumns(proj.layout, hidden, j)
                          : std::pair<int64_t, int64_t>(j, j);
      // Entry [j / 32, row / depthTile, row % depthTile, j % 32 (+ 32)].
      int64_t entry = ((j / 32 * depthTiles + row / depthTile) * depthTile +
                       row % depthTile) *
                          64 +
                      j % 32;
      std::memcpy(&packed[entry * bytes], gate->at(row, gateColumn), bytes);
      std::memcpy(&packed[(entry + 32) * bytes], value->at(row, valueColumn),
                  bytes);
    }
  }
  return createTensor({blocks, depthTiles, depthTile, 64},
                      getElementTypeOrSelf(gateOperand.getType()), packed);
}

DenseElementsAttr mlir::glu::prepackDownWeight(Value down) {
  std::optional<ConstantMatrix> matrix = matchConstantMatrix(down);
  if (!matrix || matrix->columns < 64)
    return {};
  int64_t panels = matrix->columns / 64;
  int64_t bytes = matrix->elementBytes;
  std::vector<char> packed(panels * matrix->rows * 64 * bytes);
  for (int64_t panel = 0; panel < panels; ++panel)
    for (int64_t row = 0; row < matrix->rows; ++row)
      std::memcpy(&packed[(panel * matrix->rows + row) * 64 * bytes],
                  matrix->at(row, panel * 64), 64 * bytes);
  return createTensor({panels, matrix->rows, 64},
                      getElementTypeOrSelf(down.getType()), packed);
}
