//===- CudaRuntimeLibrary.cpp - host access to libglu_cuda_runtime --------===//

#include "glu/ExecutionEngine/CudaRuntimeLibrary.h"

using namespace mlir::glu;

llvm::Expected<CudaRuntimeLibrary> CudaRuntimeLibrary::load() {
  std::string error;
  auto library = llvm::sys::DynamicLibrary::getPermanentLibrary(
      GLU_CUDA_RUNTIME_LIBRARY, &error);
  if (!library.isValid())
    return llvm::createStringError(
        "cannot load " + llvm::Twine(GLU_CUDA_RUNTIME_LIBRARY) + ": " + error);
  return CudaRuntimeLibrary(library);
}

llvm::Error CudaRuntimeLibrary::lacks(const llvm::Twine &what) {
  return llvm::createStringError(llvm::Twine(GLU_CUDA_RUNTIME_LIBRARY) +
                                 " lacks " + what);
}
