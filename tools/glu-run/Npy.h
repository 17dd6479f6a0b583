//===- Npy.h - read and write NumPy .npy files ------------------*- C++ -*-===//
//
// The subset of the .npy format (version 1.0/2.0, little-endian, C order)
// that glu-run exchanges with NumPy: float16/32/64 arrays of any rank.
//
//===----------------------------------------------------------------------===//

#ifndef GLU_TOOLS_GLU_RUN_NPY_H
#define GLU_TOOLS_GLU_RUN_NPY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <vector>

namespace mlir::glu {

/// An array read from or written to a .npy file, values widened to double.
struct NpyArray {
  std::vector<int64_t> shape;
  std::vector<double> values;
};

/// Reads a little-endian, C-order float16/float32/float64 .npy file.
llvm::Expected<NpyArray> readNpy(llvm::StringRef path);

/// Writes `values` with `shape` as float32 (or float64 if `asFloat64`).
llvm::Error writeNpy(llvm::StringRef path, llvm::ArrayRef<int64_t> shape,
                     llvm::ArrayRef<double> values, bool asFloat64);

} // namespace mlir::glu

#endif // GLU_TOOLS_GLU_RUN_NPY_H
