//===- DeviceMemory.h - GPU buffers through libglu_cuda_runtime -*- C++ -*-===//
//
// Device allocations and copies for the callers of GPU code compiled with
// glu-lower-to-nvvm{device-arguments=true}, whose arguments and results are
// device memory: the mgpu* functions of the libglu_cuda_runtime that the
// compiled code itself calls.
//
//===----------------------------------------------------------------------===//

#ifndef GLU_EXECUTIONENGINE_DEVICEMEMORY_H
#define GLU_EXECUTIONENGINE_DEVICEMEMORY_H

#include "mlir/Support/LLVM.h"
#include "llvm/Support/Error.h"
#include <cstddef>
#include <cstdint>

namespace mlir::glu {

class DeviceMemory {
public:
  /// Binds the runtime's functions (libglu_cuda_runtime of this build).
  static llvm::Expected<DeviceMemory> load();

  /// A device buffer of `bytes` bytes (at least one).
  void *allocate(uint64_t bytes) const;
  /// Copies `bytes` bytes between host and device memory, either way (the
  /// driver tells them apart); returns when the copy is done.
  void copy(void *destination, const void *source, uint64_t bytes) const;
  void free(void *pointer) const;

private:
  DeviceMemory() = default;

  void *(*memAlloc)(uint64_t, void *, bool) = nullptr;
  void (*memFree)(void *, void *) = nullptr;
  void (*memcpy)(void *, void *, size_t, void *) = nullptr;
  void (*streamSynchronize)(void *) = nullptr;
};

} // namespace mlir::glu

#endif // GLU_EXECUTIONENGINE_DEVICEMEMORY_H
