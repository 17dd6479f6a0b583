//===- HostFunction.cpp - run a glu module on the host CPU ----------------===//

#include "glu/ExecutionEngine/HostFunction.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/TargetSelect.h"

using namespace mlir;
using namespace mlir::glu;

SmallVector<int64_t>
mlir::glu::makeContiguousDescriptor(void *data, ArrayRef<int64_t> shape) {
  SmallVector<int64_t> descriptor = {reinterpret_cast<int64_t>(data),
                                     reinterpret_cast<int64_t>(data), 0};
  descriptor.append(shape.begin(), shape.end());
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t dim = static_cast<int64_t>(shape.size()) - 2; dim >= 0; --dim)
    strides[dim] = strides[dim + 1] * shape[dim + 1];
  descriptor.append(strides.begin(), strides.end());
  return descriptor;
}

static llvm::Error makeError(const Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// `given`, or the comma-separated paths in `defaults` if it is empty.
static SmallVector<StringRef> librariesOr(ArrayRef<std::string> given,
                                          StringRef defaults) {
  SmallVector<StringRef> libraries(given.begin(), given.end());
  if (libraries.empty())
    defaults.split(libraries, ',', -1, /*KeepEmpty=*/false);
  return libraries;
}

llvm::Expected<std::unique_ptr<HostFunction>> HostFunction::compile(
    ModuleOp module, StringRef entry, const LowerToLLVMCpuOptions &options,
    ArrayRef<std::string> sharedLibraries, unsigned optLevel) {
  return lowerAndLoad(
      module, entry, "glu-lower-to-llvm-cpu",
      [&](OpPassManager &pm) {
        buildLowerToLLVMCpuPipeline(pm, options);
        return success();
      },
      librariesOr(sharedLibraries, GLU_RUNNER_SHARED_LIBS), optLevel);
}

llvm::Expected<std::unique_ptr<HostFunction>> HostFunction::compile(
    ModuleOp module, StringRef entry, const LowerToNVVMOptions &options,
    ArrayRef<std::string> sharedLibraries, unsigned optLevel) {
  return lowerAndLoad(
      module, entry, "glu-lower-to-nvvm",
      [&](OpPassManager &pm) { return buildLowerToNVVMPipeline(pm, options); },
      librariesOr(sharedLibraries,
                  GLU_CUDA_RUNTIME_LIBRARY "," GLU_RUNNER_SHARED_LIBS),
      optLevel);
}

/// Parses `text` into the options of a pipeline and compiles with them.
template <typename PipelineOptions>
static llvm::Expected<std::unique_ptr<HostFunction>>
compileWithOptions(ModuleOp module, StringRef entry, StringRef pipelineName,
                   StringRef text, ArrayRef<std::string> sharedLibraries,
                   unsigned optLevel) {
  PipelineOptions options;
  if (failed(options.parseFromString(text)))
    return makeError("invalid " + pipelineName + " options '" + text + "'");
  return HostFunction::compile(module, entry, options, sharedLibraries,
                               optLevel);
}

llvm::Expected<std::unique_ptr<HostFunction>>
HostFunction::compile(ModuleOp module, StringRef entry, Target target,
                      StringRef options, ArrayRef<std::string> sharedLibraries,
                      unsigned optLevel) {
  if (target == Target::Cpu)
    return compileWithOptions<LowerToLLVMCpuOptions>(
        module, entry, "glu-lower-to-llvm-cpu", options, sharedLibraries,
        optLevel);
  std::string error;
  if (!llvm::sys::DynamicLibrary::getPermanentLibrary("libcuda.so.1", &error)
           .isValid())
    return makeError("cannot load the CUDA driver (libcuda.so.1; is there an "
                     "NVIDIA GPU and driver on this machine?): " +
                     error);
  return compileWithOptions<LowerToNVVMOptions>(
      module, entry, "glu-lower-to-nvvm", options, sharedLibraries, optLevel);
}

llvm::Expected<std::unique_ptr<HostFunction>> HostFunction::lowerAndLoad(
    ModuleOp module, StringRef entry, StringRef pipelineName,
    function_ref<LogicalResult(OpPassManager &)> lower,
    ArrayRef<StringRef> sharedLibraries, unsigned optLevel) {
  std::optional<llvm::CodeGenOptLevel> codeGenLevel =
      llvm::CodeGenOpt::getLevel(optLevel);
  if (!codeGenLevel)
    return makeError("optimization level " + Twine(optLevel) +
                     " is not one of 0, 1, 2 and 3");
  func::FuncOp function;
  for (auto candidate : module.getOps<func::FuncOp>()) {
    if (!candidate.isDeclaration() &&
        (entry.empty() || candidate.getSymName() == entry)) {
      function = candidate;
      break;
    }
  }
  if (!function)
    return makeError(entry.empty() ? "no function to run"
                                   : "no function named '" + entry + "'");
  std::unique_ptr<HostFunction> result(new HostFunction());
  result->name = function.getSymName().str();
  result->type = function.getFunctionType();
  for (Type type : llvm::concat<const Type>(result->type.getInputs(),
                                            result->type.getResults()))
    if (!isa<RankedTensorType>(type))
      return makeError("@" + result->name +
                       " must take and return ranked tensors only");

  // Lower, then JIT-compile for the host CPU through the C interface.
  function->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                    UnitAttr::get(module.getContext()));
  PassManager pm(module.getContext());
  if (failed(lower(pm)) || failed(pm.run(module)))
    return makeError("lowering with " + pipelineName + " failed");

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  auto machineBuilder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!machineBuilder)
    return machineBuilder.takeError();
  machineBuilder->setCodeGenOptLevel(*codeGenLevel);
  // One target machine for the optimizations, one that the engine owns and
  // generates code with (ExecutionEngineOptions::jitCodeGenOptLevel does not
  // reach the one that ExecutionEngine::create makes itself).
  auto targetMachine = machineBuilder->createTargetMachine();
  if (!targetMachine)
    return targetMachine.takeError();
  auto codeGenMachine = machineBuilder->createTargetMachine();
  if (!codeGenMachine)
    return codeGenMachine.takeError();
  // The engine refers to the transformer, which refers to the target
  // machine, for as long as it compiles: both live as long as the function.
  result->targetMachine = std::move(*targetMachine);
  result->transformer =
      makeOptimizingTransformer(optLevel, 0, result->targetMachine.get());
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = result->transformer;
  engineOptions.sharedLibPaths = sharedLibraries;
  auto engine = ExecutionEngine::create(module, engineOptions,
                                        std::move(*codeGenMachine));
  if (!engine)
    return engine.takeError();
  result->engine = std::move(*engine);
  // Looking the function up compiles it.
  auto packed = result->engine->lookupPacked("_mlir_ciface_" + result->name);
  if (!packed)
    return packed.takeError();
  result->function = *packed;
  // Runs the global constructors (those of GPU code load the kernels).
  result->engine->initialize();
  return result;
}

size_t HostFunction::getResultWords() const {
  size_t words = 0;
  for (Type result : type.getResults())
    words += 3 + 2 * cast<RankedTensorType>(result).getRank();
  return words;
}

void HostFunction::call(ArrayRef<int64_t *> arguments,
                        MutableArrayRef<int64_t> results) const {
  // _mlir_ciface_NAME(results*, arg0*, arg1*, ...): several results come
  // back as one struct of descriptors.
  void *resultPointer = results.data();
  SmallVector<void *> argumentPointers(arguments.begin(), arguments.end());
  SmallVector<void *> packed;
  if (type.getNumResults())
    packed.push_back(&resultPointer);
  for (void *&pointer : argumentPointers)
    packed.push_back(&pointer);
  function(packed.data());
}
