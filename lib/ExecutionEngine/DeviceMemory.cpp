//===- DeviceMemory.cpp - GPU buffers through libglu_cuda_runtime ---------===//

#include "glu/ExecutionEngine/DeviceMemory.h"
#include "glu/ExecutionEngine/CudaRuntimeLibrary.h"
#include <algorithm>

using namespace mlir;
using namespace mlir::glu;

llvm::Expected<DeviceMemory> DeviceMemory::load() {
  auto library = CudaRuntimeLibrary::load();
  if (!library)
    return library.takeError();
  DeviceMemory memory;
  if (!library->bind(memory.memAlloc, "mgpuMemAlloc") ||
      !library->bind(memory.memFree, "mgpuMemFree") ||
      !library->bind(memory.memcpy, "mgpuMemcpy") ||
      !library->bind(memory.streamSynchronize, "mgpuStreamSynchronize"))
    return CudaRuntimeLibrary::lacks("the mgpu* memory functions");
  return memory;
}

void *DeviceMemory::allocate(uint64_t bytes) const {
  return memAlloc(std::max<uint64_t>(bytes, 1), /*stream=*/nullptr,
                  /*isHostShared=*/false);
}

void DeviceMemory::copy(void *destination, const void *source,
                        uint64_t bytes) const {
  // On the default stream, which the compiled code's streams have finished
  // with by the time it returns.
  memcpy(destination, const_cast<void *>(source), bytes, /*stream=*/nullptr);
  streamSynchronize(nullptr);
}

void DeviceMemory::free(void *pointer) const {
  memFree(pointer, /*stream=*/nullptr);
}
