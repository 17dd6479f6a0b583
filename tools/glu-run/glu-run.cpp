//===- glu-run.cpp - compile a glu module and run it ----------------------===//
//
// Lowers a module with glu-lower-to-llvm-cpu (or glu-lower-to-nvvm: kernels
// on an NVIDIA GPU, launched by host code), JIT-compiles the host code with
// MLIR's ExecutionEngine (glu::HostFunction), feeds every tensor argument
// of the entry function (deterministic random values by seed, or a .npy
// file; large ones on huge pages, as NumPy allocates them), calls it, and
// prints a checksum of each result (optionally the values, or .npy files).
//
//===----------------------------------------------------------------------===//

#include "Npy.h"
#include "glu/ExecutionEngine/DeviceMemory.h"
#include "glu/ExecutionEngine/DeviceTimer.h"
#include "glu/ExecutionEngine/HostFunction.h"
#include "glu/InitAllGlu.h"
#include "glu/Pipelines/Pipelines.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/Support/Alignment.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <sys/mman.h>
#include <unistd.h>

using namespace mlir;
namespace cl = llvm::cl;

/// glu-run's own options, the only ones --help lists (LLVM's and MLIR's
/// are still accepted).
static cl::OptionCategory gluRunCategory("glu-run options");

static cl::opt<std::string> inputFile(cl::Positional, cl::cat(gluRunCategory),
                                      cl::desc("<input.mlir>"), cl::init("-"));
static cl::opt<std::string>
    entryName("entry", cl::cat(gluRunCategory),
              cl::desc("Function to call (default: the first one)"));
static cl::opt<uint64_t> seed("seed", cl::init(0), cl::cat(gluRunCategory),
                              cl::desc("Seed of the random inputs"));
static cl::opt<double>
    scale("scale", cl::init(1.0), cl::cat(gluRunCategory),
          cl::desc("Random inputs are uniform in [-scale, scale)"));
static cl::opt<int64_t>
    dynamicSize("dim", cl::init(4), cl::cat(gluRunCategory),
                cl::desc("Size of every dynamic dimension of a random input"));
static cl::list<std::string>
    inputArrays("input", cl::cat(gluRunCategory),
                cl::desc("INDEX=FILE.npy: feed argument INDEX from "
                         "a .npy file (float16/32/64)"));
static cl::opt<std::string>
    saveInputs("save-inputs", cl::cat(gluRunCategory),
               cl::desc("Write argument i to PREFIXi.npy"),
               cl::value_desc("PREFIX"));
static cl::opt<std::string>
    outputPrefix("output", cl::cat(gluRunCategory),
                 cl::desc("Write result i to PREFIXi.npy"),
                 cl::value_desc("PREFIX"));
static cl::opt<bool> printValues("print", cl::cat(gluRunCategory),
                                 cl::desc("Print every value of every result"));
static cl::opt<std::string> sharedLibs(
    "shared-libs", cl::cat(gluRunCategory),
    cl::desc("Comma-separated libraries to load for the compiled code "
             "(default: for cpu, MLIR's runner utilities and the OpenMP "
             "runtime; for nvvm, libglu_cuda_runtime and those)"));
static cl::opt<unsigned> optLevel(
    "opt-level", cl::init(3), cl::cat(gluRunCategory),
    cl::desc("LLVM's optimization and code generation level, 0 to 3, for "
             "the host code (as mlir-runner's -O0 to -O3; 0 compiles "
             "fastest, for tests of many small modules)"));
using Target = glu::HostFunction::Target;
static cl::opt<Target>
    target("target", cl::init(Target::Cpu), cl::cat(gluRunCategory),
           cl::desc("Where the code runs"),
           cl::values(clEnumValN(Target::Cpu, "cpu",
                                 "the host CPU (glu-lower-to-llvm-cpu)"),
                      clEnumValN(Target::NVVM, "nvvm",
                                 "an NVIDIA GPU (glu-lower-to-nvvm, through "
                                 "libglu_cuda_runtime)")));
static cl::opt<bool> deviceResident(
    "device-resident", cl::cat(gluRunCategory),
    cl::desc("With --target=nvvm: compile with device-arguments=true, copy "
             "the inputs to the GPU once before the calls and the results "
             "back after them, so that the timed calls copy nothing"));
static cl::opt<std::string> loweringOptions(
    "lowering-options", cl::cat(gluRunCategory),
    cl::desc("Options of the target's pipeline: for cpu, e.g. 'fused=false' "
             "(the reference lowering) or 'num-threads=1 hidden-tile=256' "
             "(OMP_NUM_THREADS sets how many threads run); for nvvm, e.g. "
             "'chip=sm_80 fused=false'"));
static cl::opt<bool> gpuTime(
    "gpu-time", cl::cat(gluRunCategory),
    cl::desc("With --target=nvvm: after the timed calls, as many more, and "
             "report the median of their GPU times as CUDA events recorded "
             "before and after a call measure them (libglu_cuda_runtime's "
             "timer: from the call's start to its last stream "
             "synchronization)"));
static cl::opt<bool> gpuKernelTimes(
    "gpu-kernel-times", cl::cat(gluRunCategory),
    cl::desc("With --target=nvvm: after the timed calls (and those of "
             "--gpu-time), as many more, each kernel launch timed by CUDA "
             "events recorded on its stream before and after it, and report "
             "each launch of a call, in order, with its kernel, its grid and "
             "its median GPU time (a launch on an idle stream, such as a "
             "call's first, includes the host's launch latency)"));
static cl::opt<bool> reportMemory(
    "report-memory", cl::cat(gluRunCategory),
    cl::desc("Print the peak resident memory the calls add (Linux: VmHWM "
             "after resetting it to VmRSS before the first call)"));
static cl::opt<unsigned>
    warmup("warmup", cl::init(0), cl::cat(gluRunCategory),
           cl::desc("Call the function N times before the timed calls"));
static cl::opt<unsigned>
    repeat("repeat", cl::init(1), cl::cat(gluRunCategory),
           cl::desc("Call the function N times and report the median time"));
static cl::opt<bool> guardPages(
    "guard-pages", cl::cat(gluRunCategory),
    cl::desc("End each argument less than 16 bytes before an inaccessible "
             "page (and on a 16-byte boundary), so that code that reads or "
             "writes past its end faults (for tests; no huge pages)"));

namespace {

/// The median of `values` (not empty): the mean of the middle two of an
/// even count, as Python's statistics.median, which gpu_bench.py's peer
/// uses.
double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t middle = values.size() / 2;
  return values.size() % 2 ? values[middle]
                           : (values[middle - 1] + values[middle]) / 2;
}

/// Frees what aligned_alloc returned, or unmaps what was mapped for an
/// argument with --guard-pages.
struct ReleaseArgument {
  void *mapping = nullptr;
  size_t mappedBytes = 0;
  void operator()(char *pointer) const {
    if (mapping)
      munmap(mapping, mappedBytes);
    else
      std::free(pointer);
  }
};

/// Zero-initialised memory for an argument, allocated the way NumPy
/// allocates arrays on Linux: from 4 MiB up, advised to be backed by
/// transparent huge pages (MADV_HUGEPAGE) before it is first touched (here
/// also on a 2 MiB boundary, so that huge pages can back all of it). An
/// FFN's weights span more 4 KiB pages than the TLB holds; on 4 KiB pages
/// the fused code's software prefetches of them were measured to gain
/// nothing (bench/results/README.md). With --guard-pages, mapped instead
/// right before an inaccessible page.
class ArgumentBytes {
public:
  ArgumentBytes() = default;
  explicit ArgumentBytes(size_t size) : count(size) {
    if (guardPages) {
      mapBeforeGuardPage(size);
      return;
    }
    constexpr size_t kHugePage = 2 << 20, kAdviseFrom = 4 << 20;
    size_t alignment = size >= kAdviseFrom ? kHugePage : 64;
    size_t capacity = llvm::alignTo(std::max<size_t>(size, 1), alignment);
    memory.reset(static_cast<char *>(std::aligned_alloc(alignment, capacity)));
    if (!memory)
      llvm::report_bad_alloc_error("glu-run: cannot allocate an argument");
#ifdef MADV_HUGEPAGE
    if (size >= kAdviseFrom)
      madvise(memory.get(), capacity, MADV_HUGEPAGE);
#endif
    std::memset(memory.get(), 0, size);
  }

  char *data() const { return memory.get(); }
  size_t size() const { return count; }

private:
  /// Maps zeroed pages for `size` bytes (rounded up to 16) that end where
  /// one more, inaccessible, page begins.
  void mapBeforeGuardPage(size_t size) {
    size_t page = sysconf(_SC_PAGESIZE);
    size_t used = llvm::alignTo(std::max<size_t>(size, 1), 16);
    size_t mapped = llvm::alignTo(used, page) + page;
    void *base = mmap(nullptr, mapped, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED)
      llvm::report_bad_alloc_error("glu-run: cannot map an argument");
    char *guard = static_cast<char *>(base) + mapped - page;
    if (mprotect(guard, page, PROT_NONE) != 0)
      llvm::report_fatal_error("glu-run: cannot protect a guard page");
    memory = std::unique_ptr<char, ReleaseArgument>(
        guard - used, ReleaseArgument{base, mapped});
  }

  std::unique_ptr<char, ReleaseArgument> memory;
  size_t count = 0;
};

/// A dense row-major buffer with the element type of a tensor.
struct Buffer {
  RankedTensorType type;
  std::vector<int64_t> shape;
  ArgumentBytes bytes;

  int64_t numElements() const {
    int64_t count = 1;
    for (int64_t size : shape)
      count *= size;
    return count;
  }
};

unsigned elementBytes(Type type) {
  return (type.getIntOrFloatBitWidth() + 7) / 8;
}

void storeElement(char *dst, Type type, double value) {
  if (type.isF64()) {
    std::memcpy(dst, &value, 8);
  } else if (type.isF32()) {
    float narrow = static_cast<float>(value);
    std::memcpy(dst, &narrow, 4);
  } else {
    llvm::APFloat converted(value);
    bool lostInfo;
    converted.convert(cast<FloatType>(type).getFloatSemantics(),
                      llvm::APFloat::rmNearestTiesToEven, &lostInfo);
    uint64_t bits = converted.bitcastToAPInt().getZExtValue();
    std::memcpy(dst, &bits, elementBytes(type));
  }
}

double loadElement(const char *src, Type type) {
  if (type.isF64()) {
    double value;
    std::memcpy(&value, src, 8);
    return value;
  }
  if (type.isF32()) {
    float value;
    std::memcpy(&value, src, 4);
    return value;
  }
  uint64_t bits = 0;
  std::memcpy(&bits, src, elementBytes(type));
  const llvm::fltSemantics &semantics =
      cast<FloatType>(type).getFloatSemantics();
  llvm::APFloat value(
      semantics, llvm::APInt(llvm::APFloat::getSizeInBits(semantics), bits));
  return value.convertToDouble();
}

/// splitmix64: the same stream on every platform and standard library.
struct Random {
  uint64_t state;
  double uniform() { // in [-1, 1)
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-52 - 1.0;
  }
};

/// A "Vm...:  N kB" line of /proc/self/status, in bytes (0 if absent).
int64_t readProcStatus(StringRef field) {
  FILE *status = std::fopen("/proc/self/status", "r");
  if (!status)
    return 0;
  int64_t bytes = 0;
  char line[256];
  while (std::fgets(line, sizeof(line), status)) {
    StringRef text(line);
    int64_t kilobytes;
    if (text.consume_front(field) && text.consume_front(":") &&
        !text.trim().split(' ').first.getAsInteger(10, kilobytes)) {
      bytes = kilobytes * 1024;
      break;
    }
  }
  std::fclose(status);
  return bytes;
}

LogicalResult fail(const Twine &message) {
  llvm::errs() << "glu-run: " << message << "\n";
  return failure();
}

std::string typeString(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

/// Creates argument `index` of type `type`, from a .npy file if one was
/// given for it, random values otherwise.
FailureOr<Buffer> createArgument(unsigned index, Type type, Random &random,
                                 const std::map<unsigned, std::string> &files) {
  auto tensorType = dyn_cast<RankedTensorType>(type);
  if (!tensorType || !isa<FloatType>(tensorType.getElementType()))
    return fail("argument #" + Twine(index) + " has type " + typeString(type) +
                "; glu-run feeds ranked tensors of floats only");
  Buffer buffer{tensorType, {}, {}};
  std::vector<double> values;
  auto file = files.find(index);
  if (file != files.end()) {
    llvm::Expected<glu::NpyArray> array = glu::readNpy(file->second);
    if (!array)
      return fail(llvm::toString(array.takeError()));
    if (array->shape.size() != static_cast<size_t>(tensorType.getRank()))
      return fail(file->second + " has rank " + Twine(array->shape.size()) +
                  " but argument #" + Twine(index) + " is " + typeString(type));
    for (auto [dim, size] : llvm::enumerate(array->shape))
      if (!tensorType.isDynamicDim(dim) && tensorType.getDimSize(dim) != size)
        return fail(file->second + " has size " + Twine(size) + " in dim " +
                    Twine(dim) + " but argument #" + Twine(index) + " is " +
                    typeString(type));
    buffer.shape = array->shape;
    values = std::move(array->values);
  } else {
    for (int64_t size : tensorType.getShape())
      buffer.shape.push_back(ShapedType::isDynamic(size) ? dynamicSize : size);
    values.resize(buffer.numElements());
    for (double &value : values)
      value = scale * random.uniform();
  }
  Type elementType = tensorType.getElementType();
  unsigned width = elementBytes(elementType);
  // One spare element so that an empty tensor still has a valid pointer.
  buffer.bytes = ArgumentBytes((values.size() + 1) * width);
  for (auto [i, value] : llvm::enumerate(values))
    storeElement(buffer.bytes.data() + i * width, elementType, value);
  return buffer;
}

/// Reads a result descriptor (any strides) into row-major doubles.
std::vector<double> readResult(const int64_t *descriptor, RankedTensorType type,
                               std::vector<int64_t> &shape) {
  int64_t rank = type.getRank();
  const char *aligned = reinterpret_cast<const char *>(descriptor[1]);
  int64_t offset = descriptor[2];
  shape.assign(descriptor + 3, descriptor + 3 + rank);
  const int64_t *strides = descriptor + 3 + rank;
  int64_t count = 1;
  for (int64_t size : shape)
    count *= size;
  Type elementType = type.getElementType();
  unsigned width = elementBytes(elementType);
  std::vector<double> values(count);
  std::vector<int64_t> index(rank, 0);
  for (int64_t linear = 0; linear < count; ++linear) {
    int64_t position = offset;
    for (int64_t dim = 0; dim < rank; ++dim)
      position += index[dim] * strides[dim];
    values[linear] = loadElement(aligned + position * width, elementType);
    for (int64_t dim = rank - 1; dim >= 0; --dim) {
      if (++index[dim] < shape[dim])
        break;
      index[dim] = 0;
    }
  }
  return values;
}

/// Copies the dense row-major device result that `descriptor` describes to
/// `storage`; returns the descriptor of the copy.
FailureOr<SmallVector<int64_t>> copyToHost(const glu::DeviceMemory &device,
                                           const int64_t *descriptor,
                                           RankedTensorType type,
                                           std::vector<char> &storage) {
  int64_t rank = type.getRank();
  SmallVector<int64_t> shape(descriptor + 3, descriptor + 3 + rank);
  SmallVector<int64_t> host = glu::makeContiguousDescriptor(nullptr, shape);
  if (!std::equal(host.begin() + 3, host.end(), descriptor + 3))
    return fail("a device result is not a dense row-major buffer");
  int64_t count = 1;
  for (int64_t size : shape)
    count *= size;
  unsigned width = elementBytes(type.getElementType());
  storage.resize(std::max<int64_t>(count, 1) * width);
  const char *aligned = reinterpret_cast<const char *>(descriptor[1]);
  device.copy(storage.data(), aligned + descriptor[2] * width, count * width);
  host[0] = host[1] = reinterpret_cast<int64_t>(storage.data());
  return host;
}

std::string shapeString(ArrayRef<int64_t> shape) {
  std::string text;
  for (int64_t size : shape)
    text += std::to_string(size) + "x";
  return text;
}

LogicalResult run(MLIRContext &context) {
  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> file =
      openInputFile(inputFile, &errorMessage);
  if (!file)
    return fail(errorMessage);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return failure();

  // Lower and JIT-compile.
  SmallVector<std::string> libraries;
  for (StringRef library : llvm::split(sharedLibs, ','))
    if (!library.empty())
      libraries.push_back(library.str());
  std::string options = loweringOptions;
  std::optional<glu::DeviceMemory> device;
  if (deviceResident) {
    if (target != Target::NVVM)
      return fail("--device-resident needs --target=nvvm");
    options += " device-arguments=true";
  }
  if (gpuTime && target != Target::NVVM)
    return fail("--gpu-time needs --target=nvvm");
  if (gpuKernelTimes && target != Target::NVVM)
    return fail("--gpu-kernel-times needs --target=nvvm");
  auto compiled = glu::HostFunction::compile(*module, entryName, target,
                                             options, libraries, optLevel);
  if (!compiled)
    return fail(llvm::toString(compiled.takeError()));
  glu::HostFunction &function = **compiled;
  std::string name = function.getName().str();
  FunctionType signature = function.getType();
  SmallVector<RankedTensorType> resultTypes;
  for (Type type : signature.getResults()) {
    auto tensorType = cast<RankedTensorType>(type);
    if (!isa<FloatType>(tensorType.getElementType()))
      return fail("@" + name + " returns " + typeString(type) +
                  "; glu-run reads ranked tensors of floats only");
    resultTypes.push_back(tensorType);
  }

  std::map<unsigned, std::string> files;
  for (StringRef spec : inputArrays) {
    auto [indexText, path] = spec.split('=');
    unsigned index;
    if (indexText.getAsInteger(10, index) || path.empty() ||
        index >= signature.getNumInputs())
      return fail("--input expects INDEX=FILE.npy with INDEX < " +
                  Twine(signature.getNumInputs()) + ", got '" + spec + "'");
    files[index] = path.str();
  }
  Random random{seed};
  std::vector<Buffer> arguments;
  for (auto [index, type] : llvm::enumerate(signature.getInputs())) {
    FailureOr<Buffer> buffer = createArgument(index, type, random, files);
    if (failed(buffer))
      return failure();
    arguments.push_back(std::move(*buffer));
  }
  if (!saveInputs.empty()) {
    for (auto [index, argument] : llvm::enumerate(arguments)) {
      std::vector<double> values(argument.numElements());
      unsigned width = elementBytes(argument.type.getElementType());
      for (auto [i, value] : llvm::enumerate(values))
        value = loadElement(argument.bytes.data() + i * width,
                            argument.type.getElementType());
      if (llvm::Error error = glu::writeNpy(
              saveInputs + std::to_string(index) + ".npy", argument.shape,
              values, argument.type.getElementType().isF64()))
        return fail(llvm::toString(std::move(error)));
    }
  }

  std::vector<int64_t> results(std::max<size_t>(function.getResultWords(), 1));
  // Where the compiled code reads the arguments: their buffers, or copies on
  // the GPU (taken once `arguments` no longer moves).
  if (deviceResident) {
    auto loaded = glu::DeviceMemory::load();
    if (!loaded)
      return fail(llvm::toString(loaded.takeError()));
    device = *loaded;
  }
  std::vector<void *> argumentData;
  for (Buffer &argument : arguments) {
    argumentData.push_back(argument.bytes.data());
    if (device) {
      argumentData.back() = device->allocate(argument.bytes.size());
      device->copy(argumentData.back(), argument.bytes.data(),
                   argument.bytes.size());
    }
  }
  std::vector<SmallVector<int64_t>> descriptors;
  for (auto [argument, data] : llvm::zip(arguments, argumentData))
    descriptors.push_back(glu::makeContiguousDescriptor(data, argument.shape));
  SmallVector<int64_t *> argumentDescriptors;
  for (SmallVector<int64_t> &descriptor : descriptors)
    argumentDescriptors.push_back(descriptor.data());
  auto call = [&]() { function.call(argumentDescriptors, results); };

  auto freeResults = [&]() {
    size_t word = 0;
    for (RankedTensorType type : resultTypes) {
      void *allocated = reinterpret_cast<void *>(results[word]);
      if (!llvm::is_contained(argumentData, allocated)) {
        if (device)
          device->free(allocated);
        else
          std::free(allocated);
      }
      word += 3 + 2 * type.getRank();
    }
  };

  for (unsigned warm = 0; warm < warmup; ++warm) {
    call();
    freeResults();
  }
  int64_t residentBefore = 0;
  if (reportMemory) {
    // Writing 5 resets the peak (VmHWM) to the current resident size.
    if (FILE *clear = std::fopen("/proc/self/clear_refs", "w")) {
      std::fputs("5", clear);
      std::fclose(clear);
    }
    residentBefore = readProcStatus("VmRSS");
  }
  unsigned calls = std::max(1u, repeat.getValue());
  std::vector<double> seconds;
  for (unsigned index = 0; index < calls; ++index) {
    if (index)
      freeResults();
    auto start = std::chrono::steady_clock::now();
    call();
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count());
  }
  // The runtime's GPU timers.
  std::optional<glu::DeviceTimer> timer;
  if (gpuTime || gpuKernelTimes) {
    auto loaded = glu::DeviceTimer::load();
    if (!loaded)
      return fail(llvm::toString(loaded.takeError()));
    timer = *loaded;
  }
  // As many calls again, each timed by the GPU timer alone (its events cost
  // the host time that the calls above are timed without).
  std::vector<double> gpuSeconds;
  if (gpuTime) {
    for (unsigned index = 0; index < calls; ++index) {
      freeResults();
      timer->start();
      call();
      if (std::optional<double> gpu = timer->stop())
        gpuSeconds.push_back(*gpu);
    }
    if (gpuSeconds.size() != calls)
      return fail("--gpu-time: the compiled code synchronized no stream of "
                  "libglu_cuda_runtime to time");
  }
  // And as many again, each launch timed by events around it (which cost
  // the GPU a little time between launches, so the calls above are timed
  // without them). launchSeconds[i]: the times of each call's launch i.
  std::vector<glu::DeviceTimer::Launch> launches;
  std::vector<std::vector<double>> launchSeconds;
  if (gpuKernelTimes) {
    for (unsigned index = 0; index < calls; ++index) {
      freeResults();
      timer->startLaunches();
      call();
      std::vector<glu::DeviceTimer::Launch> timed = timer->stopLaunches();
      if (index == 0) {
        launches = timed;
        launchSeconds.resize(timed.size());
      }
      auto same = [](const glu::DeviceTimer::Launch &lhs,
                     const glu::DeviceTimer::Launch &rhs) {
        return lhs.kernel == rhs.kernel && lhs.grid == rhs.grid;
      };
      if (!std::equal(timed.begin(), timed.end(), launches.begin(),
                      launches.end(), same))
        return fail("--gpu-kernel-times: the calls launched different "
                    "kernels");
      for (auto [launch, times] : llvm::zip(timed, launchSeconds))
        times.push_back(launch.seconds);
    }
  }

  size_t word = 0;
  for (auto [index, type] : llvm::enumerate(resultTypes)) {
    std::vector<int64_t> shape;
    const int64_t *descriptor = results.data() + word;
    // A device result is copied to a host buffer and read there.
    std::vector<char> hostCopy;
    SmallVector<int64_t> hostDescriptor;
    if (device) {
      FailureOr<SmallVector<int64_t>> copied =
          copyToHost(*device, descriptor, type, hostCopy);
      if (failed(copied))
        return failure();
      hostDescriptor = std::move(*copied);
      descriptor = hostDescriptor.data();
    }
    std::vector<double> values = readResult(descriptor, type, shape);
    word += 3 + 2 * type.getRank();
    double sum = 0, absSum = 0;
    for (double value : values) {
      sum += value;
      absSum += std::abs(value);
    }
    llvm::outs() << "result #" << index << ": tensor<" << shapeString(shape)
                 << type.getElementType() << "> checksum "
                 << llvm::format("%.9g", sum) << " abs-sum "
                 << llvm::format("%.9g", absSum) << "\n";
    if (printValues) {
      for (double value : values)
        llvm::outs() << llvm::format("%.9g", value) << "\n";
    }
    if (!outputPrefix.empty()) {
      if (llvm::Error error =
              glu::writeNpy(outputPrefix + std::to_string(index) + ".npy",
                            shape, values, type.getElementType().isF64()))
        return fail(llvm::toString(std::move(error)));
    }
  }
  freeResults();
  if (device)
    for (void *data : argumentData)
      device->free(data);
  llvm::outs() << "time: " << llvm::format("%.6f", median(seconds))
               << " s (median of " << seconds.size() << " calls)\n";
  if (gpuTime)
    llvm::outs() << "gpu time: " << llvm::format("%.6f", median(gpuSeconds))
                 << " s (median of " << gpuSeconds.size()
                 << " calls, CUDA events)\n";
  if (gpuKernelTimes && launches.empty())
    llvm::outs() << "kernels: none launched\n";
  for (auto [index, launch] : llvm::enumerate(launches))
    llvm::outs() << "kernel " << index << ": " << launch.kernel << " grid ("
                 << launch.grid[0] << ", " << launch.grid[1] << ", "
                 << launch.grid[2]
                 << "): " << llvm::format("%.7f", median(launchSeconds[index]))
                 << " s (median of " << calls << " calls, CUDA events)\n";
  if (reportMemory)
    llvm::outs() << "peak extra memory: "
                 << std::max<int64_t>(0,
                                      readProcStatus("VmHWM") - residentBefore)
                 << " bytes\n";
  return success();
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // A failed run-time check in the compiled code puts() its message and
  // aborts; unbuffered, the message is not lost with the process.
  std::setvbuf(stdout, nullptr, _IONBF, 0);
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  registerAllPasses();
  glu::registerAllGluPasses();
  cl::HideUnrelatedOptions(gluRunCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "glu-run: compile a glu/linalg module for the CPU or an NVIDIA GPU and "
      "run it\n");

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerAllToLLVMIRTranslations(registry);
  glu::registerAllGluDialects(registry);
  MLIRContext context(registry);
  return failed(run(context)) ? EXIT_FAILURE : EXIT_SUCCESS;
}
