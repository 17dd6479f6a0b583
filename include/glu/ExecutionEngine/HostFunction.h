//===- HostFunction.h - JIT-compile and call a glu function ----*- C++ -*-===//
//
// One function of a module, lowered with glu-lower-to-llvm-cpu (or with
// glu-lower-to-nvvm, whose host code launches GPU kernels) and JIT-compiled
// for the host CPU with MLIR's ExecutionEngine, called through its C
// interface with ranked memref descriptors. glu-run and the Python package
// both run code through this.
//
//===----------------------------------------------------------------------===//

#ifndef GLU_EXECUTIONENGINE_HOSTFUNCTION_H
#define GLU_EXECUTIONENGINE_HOSTFUNCTION_H

#include "glu/Pipelines/Pipelines.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/Error.h"
#include "llvm/Target/TargetMachine.h"
#include <functional>

namespace mlir::glu {

/// The words of the ranked memref descriptor of a contiguous row-major
/// buffer at `data`: {allocated, aligned, offset, sizes[rank],
/// strides[rank]}.
SmallVector<int64_t> makeContiguousDescriptor(void *data,
                                              ArrayRef<int64_t> shape);

class HostFunction {
public:
  /// Lowers `module` in place with glu-lower-to-llvm-cpu and JIT-compiles
  /// the function named `entry` (the first function with a body if empty)
  /// with `sharedLibraries` loaded (by default MLIR's runner utilities and
  /// the OpenMP runtime), LLVM's optimizations and code generation at
  /// `optLevel` (0 to 3: -O0 to -O3). The entry's signature must be ranked
  /// tensors. Lowering diagnostics go to the context's handlers.
  static llvm::Expected<std::unique_ptr<HostFunction>>
  compile(ModuleOp module, StringRef entry,
          const LowerToLLVMCpuOptions &options,
          ArrayRef<std::string> sharedLibraries = {}, unsigned optLevel = 3);

  /// The same with glu-lower-to-nvvm: the kernels run on an NVIDIA GPU, the
  /// host code copies the arguments to device memory and the results back
  /// (with options.deviceArguments the arguments and results are device
  /// memory instead: see DeviceMemory), through libglu_cuda_runtime (loaded
  /// by default, with the CPU default libraries for what the host code
  /// calls). The context must have the GPU and NVVM translations to LLVM IR
  /// registered.
  static llvm::Expected<std::unique_ptr<HostFunction>>
  compile(ModuleOp module, StringRef entry, const LowerToNVVMOptions &options,
          ArrayRef<std::string> sharedLibraries = {}, unsigned optLevel = 3);

  /// Where the compiled code runs: the host CPU (glu-lower-to-llvm-cpu) or
  /// an NVIDIA GPU (glu-lower-to-nvvm).
  enum class Target { Cpu, NVVM };

  /// The same with the target's pipeline options given as text (e.g.
  /// "fused=false"). For Target::NVVM, fails unless the CUDA driver
  /// (libcuda.so.1) loads: without it the first runtime call would end the
  /// process.
  static llvm::Expected<std::unique_ptr<HostFunction>>
  compile(ModuleOp module, StringRef entry, Target target, StringRef options,
          ArrayRef<std::string> sharedLibraries = {}, unsigned optLevel = 3);

  /// The function's name and its signature before lowering.
  StringRef getName() const { return name; }
  FunctionType getType() const { return type; }

  /// Words of the results' descriptors, one after the other.
  size_t getResultWords() const;

  /// Calls the function: `arguments[i]` points to the descriptor of
  /// argument i; the results' descriptors are written to `results`
  /// (getResultWords() words). The caller owns (frees) each result's
  /// allocated pointer unless it is one of the arguments' buffers.
  void call(ArrayRef<int64_t *> arguments,
            MutableArrayRef<int64_t> results) const;

private:
  HostFunction() = default;

  /// Lowers with `lower` (the pipeline named `pipelineName`) and
  /// JIT-compiles at `optLevel` with `sharedLibraries`.
  static llvm::Expected<std::unique_ptr<HostFunction>>
  lowerAndLoad(ModuleOp module, StringRef entry, StringRef pipelineName,
               function_ref<LogicalResult(OpPassManager &)> lower,
               ArrayRef<StringRef> sharedLibraries, unsigned optLevel);

  std::unique_ptr<llvm::TargetMachine> targetMachine;
  std::function<llvm::Error(llvm::Module *)> transformer;
  std::unique_ptr<ExecutionEngine> engine;
  void (*function)(void **) = nullptr;
  std::string name;
  FunctionType type;
};

} // namespace mlir::glu

#endif // GLU_EXECUTIONENGINE_HOSTFUNCTION_H
