//===- CudaRuntimeLibrary.h - host access to glu_cuda_runtime ---*- C++ -*-===//
//
// The libglu_cuda_runtime of this build, loaded (once per process: the copy
// that compiled code uses too, unless it was given another runtime) so that
// host callers can call its functions directly: DeviceMemory's buffers and
// copies, DeviceTimer's GPU timer.
//
//===----------------------------------------------------------------------===//

#ifndef GLU_EXECUTIONENGINE_CUDARUNTIMELIBRARY_H
#define GLU_EXECUTIONENGINE_CUDARUNTIMELIBRARY_H

#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/Error.h"

namespace mlir::glu {

class CudaRuntimeLibrary {
public:
  static llvm::Expected<CudaRuntimeLibrary> load();

  /// Points `function` at the runtime's function `name`; false if the
  /// runtime has none.
  template <typename Function>
  bool bind(Function *&function, const char *name) {
    function = reinterpret_cast<Function *>(library.getAddressOfSymbol(name));
    return function != nullptr;
  }

  /// An error that the runtime lacks `what`.
  static llvm::Error lacks(const llvm::Twine &what);

private:
  explicit CudaRuntimeLibrary(llvm::sys::DynamicLibrary library)
      : library(library) {}

  llvm::sys::DynamicLibrary library;
};

} // namespace mlir::glu

#endif // GLU_EXECUTIONENGINE_CUDARUNTIMELIBRARY_H
