//===- DeviceMemory.cpp - GPU buffers through libglu_cuda_runtime ---------===//

#include "glu/ExecutionEngine/DeviceMemory.h"
#include "llvm/Support/DynamicLibrary.h"
#include <algorithm>

using namespace mlir;
using namespace mlir::glu;

llvm::Expected<DeviceMemory> DeviceMemory::load() {
  std::string error;
  auto library = llvm::sys::DynamicLibrary::getPermanentLibrary(
      GLU_CUDA_RUNTIME_LIBRARY, &error);
  if (!library.isValid())
    return llvm::createStringError("cannot load " +
                                   Twine(GLU_CUDA_RUNTIME_LIBRARY) + ": " +
                                   error);
  DeviceMemory memory;
  auto bind = [&](auto &function, const char *name) {
    function = reinterpret_cast<std::remove_reference_t<decltype(function)>>(
        library.getAddressOfSymbol(name));
    return function != nullptr;
  };
  if (!bind(memory.memAlloc, "mgpuMemAlloc") ||
      !bind(memory.memFree, "mgpuMemFree") ||
      !bind(memory.memcpy, "mgpuMemcpy") ||
      !bind(memory.streamSynchronize, "mgpuStreamSynchronize"))
    return llvm::createStringError(Twine(GLU_CUDA_RUNTIME_LIBRARY) +
                                   " lacks the mgpu* memory functions");
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
