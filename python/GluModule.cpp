//===- GluModule.cpp - the glu Python extension (_glu) --------------------===//
//
// Contexts, modules (parse, print, run pass pipelines), and functions
// compiled for the host CPU that are called with NumPy arrays. MLIR
// diagnostics become glu.MLIRError exceptions carrying every message and
// its location. Built with C++ exceptions, unlike the rest of glu (LLVM is
// built without them).
//
//===----------------------------------------------------------------------===//

#include "glu/ExecutionEngine/HostFunction.h"
#include "glu/InitAllGlu.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace py = pybind11;
using namespace mlir;

namespace {

/// Thrown for MLIR errors; becomes glu.MLIRError with `.diagnostics`.
struct MLIRException : std::runtime_error {
  MLIRException(const std::string &message,
                std::vector<std::string> diagnostics)
      : std::runtime_error(message), diagnostics(std::move(diagnostics)) {}
  std::vector<std::string> diagnostics;
};

/// Collects the diagnostics emitted while it lives ("loc: error: message",
/// notes included).
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(MLIRContext &context)
      : handler(&context, [this](Diagnostic &diagnostic) {
          record(diagnostic);
          return success();
        }) {}

  [[noreturn]] void raise(const std::string &what) const {
    std::string message = what;
    for (const std::string &diagnostic : diagnostics)
      message += "\n" + diagnostic;
    throw MLIRException(message, diagnostics);
  }

private:
  void record(Diagnostic &diagnostic) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << diagnostic.getLocation() << ": ";
    switch (diagnostic.getSeverity()) {
    case DiagnosticSeverity::Error:
      os << "error: ";
      break;
    case DiagnosticSeverity::Warning:
      os << "warning: ";
      break;
    case DiagnosticSeverity::Note:
      os << "note: ";
      break;
    case DiagnosticSeverity::Remark:
      os << "remark: ";
      break;
    }
    os << diagnostic;
    diagnostics.push_back(text);
    for (Diagnostic &note : diagnostic.getNotes())
      record(note);
  }

  std::vector<std::string> diagnostics;
  ScopedDiagnosticHandler handler;
};

/// An MLIRContext with every upstream dialect, extension and LLVM IR
/// translation, and glu's dialect.
class ContextHandle {
public:
  ContextHandle() {
    DialectRegistry registry;
    registerAllDialects(registry);
    registerAllExtensions(registry);
    registerAllToLLVMIRTranslations(registry);
    glu::registerAllGluDialects(registry);
    context = std::make_unique<MLIRContext>(registry);
    context->loadAllAvailableDialects();
  }
  MLIRContext &get() { return *context; }

private:
  std::unique_ptr<MLIRContext> context;
};

/// The NumPy dtype of a glu element type, or none.
std::optional<py::dtype> dtypeOf(Type type) {
  if (type.isF32())
    return py::dtype::of<float>();
  if (type.isF64())
    return py::dtype::of<double>();
  if (type.isF16())
    return py::dtype("float16");
  return std::nullopt;
}

std::string typeString(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

class CompiledFunctionHandle {
public:
  CompiledFunctionHandle(std::shared_ptr<ContextHandle> context,
                         std::unique_ptr<glu::HostFunction> function)
      : context(std::move(context)), function(std::move(function)) {}

  py::object call(const py::args &args) {
    FunctionType type = function->getType();
    std::string name = "@" + function->getName().str();
    if (args.size() != type.getNumInputs())
      throw py::type_error(name + " takes " +
                           std::to_string(type.getNumInputs()) +
                           " arrays, got " + std::to_string(args.size()));
    std::vector<py::array> arrays;
    std::vector<SmallVector<int64_t>> descriptors;
    for (auto [index, argType] : llvm::enumerate(type.getInputs())) {
      auto tensorType = cast<RankedTensorType>(argType);
      std::string what = name + " argument " + std::to_string(index) + " (" +
                         typeString(tensorType) + ")";
      if (!py::isinstance<py::array>(args[index]))
        throw py::type_error(what + ": expected a numpy.ndarray, got " +
                             std::string(py::str(py::type::of(args[index]))));
      auto array = py::reinterpret_borrow<py::array>(args[index]);
      std::optional<py::dtype> dtype = dtypeOf(tensorType.getElementType());
      if (!dtype)
        throw py::type_error(what + ": no NumPy dtype for " +
                             typeString(tensorType.getElementType()));
      if (!array.dtype().is(*dtype))
        throw py::type_error(what + ": expected dtype " +
                             std::string(py::str(*dtype)) + ", got " +
                             std::string(py::str(array.dtype())));
      if (array.ndim() != tensorType.getRank())
        throw py::value_error(
            what + ": expected rank " + std::to_string(tensorType.getRank()) +
            ", got shape " + std::string(py::str(args[index].attr("shape"))));
      SmallVector<int64_t> shape;
      for (int64_t dim = 0; dim < tensorType.getRank(); ++dim) {
        int64_t size = array.shape(dim);
        if (!tensorType.isDynamicDim(dim) && size != tensorType.getDimSize(dim))
          throw py::value_error(
              what + ": expected size " +
              std::to_string(tensorType.getDimSize(dim)) + " in dim " +
              std::to_string(dim) + ", got shape " +
              std::string(py::str(args[index].attr("shape"))));
        shape.push_back(size);
      }
      if (!(array.flags() & py::array::c_style))
        throw py::value_error(what + ": expected a C-contiguous array (use "
                                     "numpy.ascontiguousarray)");
      // Zero-copy: the compiled code reads the array's own buffer (never
      // writes it: glu lowers tensors, which are values).
      descriptors.push_back(glu::makeContiguousDescriptor(
          const_cast<void *>(array.data()), shape));
      arrays.push_back(array);
    }
    SmallVector<int64_t *> pointers;
    for (SmallVector<int64_t> &descriptor : descriptors)
      pointers.push_back(descriptor.data());
    std::vector<int64_t> results(
        std::max<size_t>(function->getResultWords(), 1));
    {
      py::gil_scoped_release release;
      function->call(pointers, results);
    }
    py::tuple outputs(type.getNumResults());
    size_t word = 0;
    for (auto [index, resultType] : llvm::enumerate(type.getResults())) {
      auto tensorType = cast<RankedTensorType>(resultType);
      outputs[index] = wrapResult(results.data() + word, tensorType, arrays);
      word += 3 + 2 * tensorType.getRank();
    }
    if (type.getNumResults() == 1)
      return outputs[0];
    return std::move(outputs);
  }

  std::string name() const { return function->getName().str(); }

private:
  /// A NumPy array over a result's buffer, which it then owns (frees); a
  /// copy if the buffer is an argument's.
  static py::array wrapResult(const int64_t *descriptor, RankedTensorType type,
                              const std::vector<py::array> &arguments) {
    int64_t rank = type.getRank();
    py::dtype dtype = *dtypeOf(type.getElementType());
    auto *allocated = reinterpret_cast<void *>(descriptor[0]);
    auto *aligned = reinterpret_cast<char *>(descriptor[1]);
    std::vector<py::ssize_t> shape(descriptor + 3, descriptor + 3 + rank);
    std::vector<py::ssize_t> strides;
    for (int64_t dim = 0; dim < rank; ++dim)
      strides.push_back(descriptor[3 + rank + dim] * dtype.itemsize());
    char *data = aligned + descriptor[2] * dtype.itemsize();
    for (const py::array &argument : arguments)
      if (argument.data() == allocated)
        return py::array(dtype, shape, strides, data).attr("copy")();
    py::capsule owner(allocated, [](void *pointer) { std::free(pointer); });
    return py::array(dtype, shape, strides, data, owner);
  }

  std::shared_ptr<ContextHandle> context;
  std::unique_ptr<glu::HostFunction> function;
};

class ModuleHandle {
public:
  ModuleHandle(std::shared_ptr<ContextHandle> context,
               OwningOpRef<ModuleOp> module)
      : context(std::move(context)), module(std::move(module)) {}

  static ModuleHandle parse(const std::string &text,
                            std::shared_ptr<ContextHandle> context) {
    DiagnosticCollector diagnostics(context->get());
    OwningOpRef<ModuleOp> module =
        parseSourceString<ModuleOp>(text, ParserConfig(&context->get()));
    if (!module)
      diagnostics.raise("could not parse the module");
    return ModuleHandle(std::move(context), std::move(module));
  }

  std::string str() const {
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os);
    return text;
  }

  void runPipeline(const std::string &pipeline) {
    DiagnosticCollector diagnostics(context->get());
    // A module-anchored pass manager parses the pipeline inside
    // builtin.module(...).
    StringRef text = StringRef(pipeline).trim();
    if (text.consume_front("builtin.module(") && text.consume_back(")"))
      text = text.trim();
    PassManager pm(&context->get());
    std::string parseErrors;
    llvm::raw_string_ostream errorStream(parseErrors);
    if (failed(parsePassPipeline(text, pm, errorStream)))
      throw MLIRException("invalid pass pipeline '" + pipeline +
                              "': " + StringRef(parseErrors).trim().str(),
                          {StringRef(parseErrors).trim().str()});
    if (failed(pm.run(*module)))
      diagnostics.raise("pass pipeline '" + pipeline + "' failed");
  }

  ModuleHandle clone() const {
    return ModuleHandle(context, OwningOpRef<ModuleOp>(module->clone()));
  }

  CompiledFunctionHandle compile(const std::string &entry,
                                 const std::string &options,
                                 const std::string &target, unsigned optLevel) {
    std::optional<glu::HostFunction::Target> where =
        llvm::StringSwitch<std::optional<glu::HostFunction::Target>>(target)
            .Case("cpu", glu::HostFunction::Target::Cpu)
            .Case("nvvm", glu::HostFunction::Target::NVVM)
            .Default(std::nullopt);
    if (!where)
      throw MLIRException(
          "unknown target '" + target + "' (expected 'cpu' or 'nvvm')", {});
    // Lowered in a copy: this module stays as it is.
    OwningOpRef<ModuleOp> copy(module->clone());
    DiagnosticCollector diagnostics(context->get());
    auto function =
        glu::HostFunction::compile(*copy, entry, *where, options,
                                   /*sharedLibraries=*/{}, optLevel);
    if (!function)
      diagnostics.raise(llvm::toString(function.takeError()));
    return CompiledFunctionHandle(context, std::move(*function));
  }

  std::shared_ptr<ContextHandle> getContext() const { return context; }

private:
  std::shared_ptr<ContextHandle> context;
  // Printing and cloning are const for Python but not for OwningOpRef.
  mutable OwningOpRef<ModuleOp> module;
};

} // namespace

PYBIND11_MODULE(_glu, m) {
  m.doc() = "glu's C++ core: contexts, modules, compiled functions";
  registerAllPasses();
  glu::registerAllGluPasses();

  static py::exception<MLIRException> mlirError(m, "MLIRError",
                                                PyExc_RuntimeError);
  py::register_exception_translator([](std::exception_ptr pointer) {
    try {
      if (pointer)
        std::rethrow_exception(pointer);
    } catch (const MLIRException &error) {
      py::object instance = py::handle(mlirError.ptr())(error.what());
      instance.attr("diagnostics") = py::cast(error.diagnostics);
      PyErr_SetObject(mlirError.ptr(), instance.ptr());
    }
  });

  py::class_<ContextHandle, std::shared_ptr<ContextHandle>>(
      m, "Context", "An MLIR context with every upstream dialect and glu's.")
      .def(py::init<>());

  py::class_<ModuleHandle>(m, "Module", "An MLIR module (builtin.module).")
      .def_static("parse", &ModuleHandle::parse, py::arg("text"),
                  py::arg("context"),
                  "Parses and verifies MLIR text; raises MLIRError with "
                  "the parser's diagnostics.")
      .def("__str__", &ModuleHandle::str, "The module as MLIR text.")
      .def("run_pipeline", &ModuleHandle::runPipeline, py::arg("pipeline"),
           "Runs a pass pipeline in place: upstream and glu pass names, "
           "e.g. 'glu-raise-and-fuse' or "
           "'builtin.module(convert-glu-to-linalg,canonicalize)'. Raises "
           "MLIRError with the diagnostics if it fails.")
      .def("clone", &ModuleHandle::clone, "A deep copy.")
      .def("compile", &ModuleHandle::compile, py::arg("entry") = "",
           py::arg("options") = "", py::arg("target") = "cpu",
           py::arg("opt_level") = 3,
           "Compiles function `entry` (default: the first); this module is "
           "not changed. target='cpu': for this CPU with "
           "glu-lower-to-llvm-cpu{options}; target='nvvm': kernels for an "
           "NVIDIA GPU with glu-lower-to-nvvm{options} (e.g. "
           "'chip=sm_80'), whose host code copies the arguments to the GPU "
           "and the results back (raises MLIRError if there is no CUDA "
           "driver). opt_level: LLVM's optimization and code generation "
           "level of the host code, 0 to 3 (as glu-run --opt-level; 0 "
           "compiles fastest).")
      .def_property_readonly("context", &ModuleHandle::getContext);

  py::class_<CompiledFunctionHandle>(
      m, "CompiledFunction",
      "A compiled function (CPU, or GPU kernels launched from the CPU), "
      "called with NumPy arrays.")
      .def("__call__", &CompiledFunctionHandle::call,
           "Calls the function. Arguments: C-contiguous arrays of the "
           "declared dtype, rank and static sizes (read in place). Returns "
           "the result array(s), which own their buffers.")
      .def_property_readonly("name", &CompiledFunctionHandle::name);
}
