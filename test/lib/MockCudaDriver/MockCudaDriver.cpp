//===- MockCudaDriver.cpp - a CUDA driver that logs and checks, for tests -===//
//
// A stand-in for libcuda.so.1 with the driver functions that
// libglu_cuda_runtime calls, so that the host side of the GPU path (the
// runtime, and the allocations, copies and launches that the host code
// makes) runs and is checked on machines without a GPU. Put its directory on
// LD_LIBRARY_PATH. Kernels do not run. It logs each call to stderr
// ("mock-cuda: ...") and fails the call (CUDA_ERROR_ILLEGAL_ADDRESS) when a
// launch passes a pointer parameter (`.param .u64 .ptr` in the PTX) that is
// not inside a device allocation, or a copy touches no device memory, and
// (CUDA_ERROR_INVALID_VALUE) a launch with more dynamic shared memory than
// its function allows (48 KiB unless cuFuncSetAttribute raised it).
// Device memory is zero-filled host memory. At exit it logs how many
// allocations were not freed.
//
// It has the stream-ordered allocator (cuMemAllocAsync, cuMemFreeAsync) and
// checks its ordering: a buffer allocated on a stream may be used (launch,
// copy, free) on that stream only, until a synchronisation of that stream or
// of the context has made it usable on every stream. With the environment
// variable MOCK_CUDA_NO_MEMORY_POOLS set, the device reports that it has no
// memory pools (CU_DEVICE_ATTRIBUTE_MEMORY_POOLS_SUPPORTED is 0).
//
// Its clock counts kernels: an event records how many have been launched,
// and the time between two events is kMillisecondsPerLaunch for each
// launch between them (cuEventElapsedTime), so that a test can tell which
// launches a timer's events enclosed.
//
//===----------------------------------------------------------------------===//

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace {

using CUresult = int;
constexpr CUresult kSuccess = 0;
constexpr CUresult kInvalidValue = 1;     // CUDA_ERROR_INVALID_VALUE
constexpr CUresult kNotFound = 500;       // CUDA_ERROR_NOT_FOUND
constexpr CUresult kInvalidHandle = 400;  // CUDA_ERROR_INVALID_HANDLE
constexpr CUresult kIllegalAddress = 700; // CUDA_ERROR_ILLEGAL_ADDRESS

/// Dynamic shared memory that a launch may have unless its function opts in
/// for more, and the most it can (an H100's 227 KiB).
constexpr unsigned kDefaultSharedLimit = 48 * 1024;
constexpr unsigned kMaxSharedOptIn = 227 * 1024;
constexpr int kMaxDynamicSharedSize = 8; // CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_...

/// The stand-in's clock: kernels launched so far.
unsigned launches = 0;
constexpr float kMillisecondsPerLaunch = 0.125f;

constexpr unsigned kEventDisableTiming = 0x2; // CU_EVENT_DISABLE_TIMING

/// An event: whether it times (not created with kEventDisableTiming) and
/// the clock when it was last recorded.
struct Event {
  bool timing = true;
  unsigned launchesBefore = 0;
  bool recorded = false;
};

/// A kernel of a loaded PTX module: for each parameter, its size in bytes
/// and whether it is a pointer; the most dynamic shared memory that its
/// launches may have (cuFuncSetAttribute).
struct Kernel {
  std::string name;
  std::vector<std::pair<unsigned, bool>> params;
  unsigned maxDynamicShared = kDefaultSharedLimit;
};

struct Module {
  std::map<std::string, Kernel> kernels;
};

constexpr int kMemoryPoolsSupported = 115; // CU_DEVICE_ATTRIBUTE_...
constexpr int kReleaseThreshold = 4;       // CU_MEMPOOL_ATTR_RELEASE_...

struct Allocation {
  size_t bytes;
  /// The stream that a stream-ordered allocation was made on, until it is
  /// synchronized; null: usable on every stream.
  void *stream;
};

/// Device allocations by start address.
std::map<uintptr_t, Allocation> &allocations() {
  static std::map<uintptr_t, Allocation> live;
  return live;
}

/// The allocation that `address` is in, or null.
Allocation *findAllocation(uintptr_t address) {
  auto it = allocations().upper_bound(address);
  if (it == allocations().begin())
    return nullptr;
  --it;
  if (address >= it->first + std::max<size_t>(it->second.bytes, 1))
    return nullptr;
  return &it->second;
}

bool isDevicePointer(uintptr_t address) {
  return findAllocation(address) != nullptr;
}

/// Whether work on `stream` may use the device memory at `address` (true
/// for host memory).
bool isOrderedOn(uintptr_t address, void *stream) {
  Allocation *allocation = findAllocation(address);
  return !allocation || !allocation->stream || allocation->stream == stream;
}

/// Makes the allocations of `stream` (of every stream for a context
/// synchronisation) usable on every stream.
void synchronize(void *stream, bool everyStream) {
  for (auto &[address, allocation] : allocations())
    if (everyStream || allocation.stream == stream)
      allocation.stream = nullptr;
}

uintptr_t allocate(size_t bytes, void *stream) {
  void *memory = std::calloc(std::max<size_t>(bytes, 1), 1);
  auto address = reinterpret_cast<uintptr_t>(memory);
  allocations()[address] = {bytes, stream};
  return address;
}

void release(uintptr_t address) {
  allocations().erase(address);
  std::free(reinterpret_cast<void *>(address));
}

/// The `.entry NAME(...)` kernels of PTX text.
Module parsePtx(const char *ptx) {
  Module module;
  std::string text(ptx);
  for (size_t at = text.find(".entry "); at != std::string::npos;
       at = text.find(".entry ", at + 1)) {
    size_t open = text.find('(', at);
    size_t close = text.find(')', open);
    if (open == std::string::npos || close == std::string::npos)
      break;
    Kernel kernel;
    kernel.name = text.substr(at + 7, open - at - 7);
    std::string list = text.substr(open + 1, close - open - 1);
    for (size_t param = list.find(".param"); param != std::string::npos;
         param = list.find(".param", param + 1)) {
      size_t end = list.find(',', param);
      std::string decl = list.substr(param, end - param);
      unsigned bytes = 8;
      for (const char *narrow : {".u32", ".b32", ".s32", ".f32"})
        if (decl.find(narrow) != std::string::npos)
          bytes = 4;
      for (const char *narrow : {".u16", ".b16", ".f16"})
        if (decl.find(narrow) != std::string::npos)
          bytes = 2;
      kernel.params.push_back({bytes, decl.find(".ptr") != std::string::npos});
    }
    module.kernels[kernel.name] = kernel;
  }
  return module;
}

#define MOCK_LOG(...) std::fprintf(stderr, "mock-cuda: " __VA_ARGS__)

struct LeakReport {
  ~LeakReport() {
    MOCK_LOG("%zu device allocations not freed\n", allocations().size());
  }
} leakReport;

} // namespace

#define MOCK_EXPORT extern "C" __attribute__((visibility("default")))

MOCK_EXPORT CUresult cuInit(unsigned) { return kSuccess; }

MOCK_EXPORT CUresult cuGetErrorName(CUresult result, const char **name) {
  *name = result == kIllegalAddress  ? "CUDA_ERROR_ILLEGAL_ADDRESS"
          : result == kNotFound      ? "CUDA_ERROR_NOT_FOUND"
          : result == kInvalidHandle ? "CUDA_ERROR_INVALID_HANDLE"
                                     : "CUDA_ERROR_INVALID_VALUE";
  return kSuccess;
}

MOCK_EXPORT CUresult cuDeviceGet(int *device, int ordinal) {
  *device = ordinal;
  return kSuccess;
}

MOCK_EXPORT CUresult cuDeviceGetAttribute(int *value, int attribute, int) {
  *value = attribute == kMemoryPoolsSupported &&
           !std::getenv("MOCK_CUDA_NO_MEMORY_POOLS");
  return kSuccess;
}

MOCK_EXPORT CUresult cuDeviceGetDefaultMemPool(void **pool, int) {
  static int defaultPool;
  *pool = &defaultPool;
  return kSuccess;
}

MOCK_EXPORT CUresult cuMemPoolSetAttribute(void *, int attribute, void *value) {
  if (attribute == kReleaseThreshold)
    MOCK_LOG("memory pool release threshold %llu\n",
             static_cast<unsigned long long>(*static_cast<uint64_t *>(value)));
  return kSuccess;
}

MOCK_EXPORT CUresult cuDevicePrimaryCtxRetain(void **context, int) {
  static int primary;
  *context = &primary;
  return kSuccess;
}

MOCK_EXPORT CUresult cuCtxPushCurrent_v2(void *) { return kSuccess; }
MOCK_EXPORT CUresult cuCtxPopCurrent_v2(void **) { return kSuccess; }

MOCK_EXPORT CUresult cuCtxSynchronize() {
  synchronize(nullptr, /*everyStream=*/true);
  return kSuccess;
}

MOCK_EXPORT CUresult cuModuleLoadData(Module **module, const void *image) {
  *module = new Module(parsePtx(static_cast<const char *>(image)));
  MOCK_LOG("load module with %zu kernels\n", (*module)->kernels.size());
  return kSuccess;
}

MOCK_EXPORT CUresult cuModuleLoadDataEx(Module **module, const void *image,
                                        unsigned, int *, void **) {
  return cuModuleLoadData(module, image);
}

MOCK_EXPORT CUresult cuModuleUnload(Module *module) {
  delete module;
  return kSuccess;
}

MOCK_EXPORT CUresult cuModuleGetFunction(Kernel **function, Module *module,
                                         const char *name) {
  auto it = module->kernels.find(name);
  if (it == module->kernels.end())
    return kNotFound;
  *function = &it->second;
  return kSuccess;
}

MOCK_EXPORT CUresult cuFuncSetAttribute(Kernel *kernel, int attribute,
                                        int value) {
  if (attribute != kMaxDynamicSharedSize || value < 0 ||
      static_cast<unsigned>(value) > kMaxSharedOptIn)
    return kInvalidValue;
  kernel->maxDynamicShared = value;
  MOCK_LOG("%s: up to %d bytes of dynamic shared memory\n",
           kernel->name.c_str(), value);
  return kSuccess;
}

MOCK_EXPORT CUresult cuLaunchKernel(const Kernel *kernel, unsigned gridX,
                                    unsigned gridY, unsigned gridZ,
                                    unsigned blockX, unsigned blockY,
                                    unsigned blockZ, unsigned sharedBytes,
                                    void *stream, void **params, void **) {
  if (sharedBytes > kernel->maxDynamicShared) {
    MOCK_LOG("launch %s: %u bytes of shared memory, more than the %u its "
             "function allows\n",
             kernel->name.c_str(), sharedBytes, kernel->maxDynamicShared);
    return kInvalidValue;
  }
  unsigned pointers = 0;
  for (size_t index = 0; index < kernel->params.size(); ++index) {
    if (!kernel->params[index].second)
      continue;
    uintptr_t address;
    std::memcpy(&address, params[index], sizeof(address));
    if (!isDevicePointer(address)) {
      MOCK_LOG("launch %s: pointer parameter %zu (0x%zx) is not in device "
               "memory\n",
               kernel->name.c_str(), index, static_cast<size_t>(address));
      return kIllegalAddress;
    }
    if (!isOrderedOn(address, stream)) {
      MOCK_LOG("launch %s: pointer parameter %zu is in a buffer allocated on "
               "another stream that has not been synchronized\n",
               kernel->name.c_str(), index);
      return kIllegalAddress;
    }
    ++pointers;
  }
  MOCK_LOG("launch %s grid (%u, %u, %u) block (%u, %u, %u) shared %u bytes, "
           "%u device pointers\n",
           kernel->name.c_str(), gridX, gridY, gridZ, blockX, blockY, blockZ,
           sharedBytes, pointers);
  ++launches;
  return kSuccess;
}

// Each stream is a distinct object, kept to the end (libglu_cuda_runtime
// keeps its streams for reuse and never destroys them).
MOCK_EXPORT CUresult cuStreamCreate(void **stream, unsigned) {
  *stream = new int;
  MOCK_LOG("create stream\n");
  return kSuccess;
}

// The streams are non-blocking: synchronizing one, or the null stream,
// orders nothing on the others.
MOCK_EXPORT CUresult cuStreamSynchronize(void *stream) {
  synchronize(stream, /*everyStream=*/false);
  return kSuccess;
}

MOCK_EXPORT CUresult cuStreamWaitEvent(void *, void *, unsigned) {
  return kSuccess;
}

MOCK_EXPORT CUresult cuEventCreate(Event **event, unsigned flags) {
  *event = new Event;
  (*event)->timing = !(flags & kEventDisableTiming);
  return kSuccess;
}

MOCK_EXPORT CUresult cuEventDestroy_v2(Event *event) {
  delete event;
  return kSuccess;
}

MOCK_EXPORT CUresult cuEventSynchronize(Event *) { return kSuccess; }

MOCK_EXPORT CUresult cuEventRecord(Event *event, void *) {
  event->launchesBefore = launches;
  event->recorded = true;
  return kSuccess;
}

MOCK_EXPORT CUresult cuEventElapsedTime(float *milliseconds, Event *start,
                                        Event *end) {
  // As the driver: both events recorded, neither without timing.
  if (!start->recorded || !end->recorded || !start->timing || !end->timing)
    return kInvalidHandle;
  *milliseconds =
      (static_cast<float>(end->launchesBefore) - start->launchesBefore) *
      kMillisecondsPerLaunch;
  return kSuccess;
}

MOCK_EXPORT CUresult cuMemAlloc_v2(uintptr_t *pointer, size_t bytes) {
  *pointer = allocate(bytes, nullptr);
  MOCK_LOG("alloc %zu bytes\n", bytes);
  return kSuccess;
}

MOCK_EXPORT CUresult cuMemAllocAsync(uintptr_t *pointer, size_t bytes,
                                     void *stream) {
  if (!stream)
    return kInvalidValue;
  *pointer = allocate(bytes, stream);
  MOCK_LOG("alloc %zu bytes, stream-ordered\n", bytes);
  return kSuccess;
}

MOCK_EXPORT CUresult cuMemAllocManaged(uintptr_t *pointer, size_t bytes,
                                       unsigned) {
  return cuMemAlloc_v2(pointer, bytes);
}

MOCK_EXPORT CUresult cuMemFree_v2(uintptr_t pointer) {
  auto it = allocations().find(pointer);
  if (it == allocations().end())
    return kInvalidValue;
  MOCK_LOG("free %zu bytes\n", it->second.bytes);
  release(pointer);
  return kSuccess;
}

MOCK_EXPORT CUresult cuMemFreeAsync(uintptr_t pointer, void *stream) {
  auto it = allocations().find(pointer);
  if (it == allocations().end())
    return kInvalidValue;
  if (!isOrderedOn(pointer, stream)) {
    MOCK_LOG("free of a buffer allocated on another stream that has not been "
             "synchronized\n");
    return kIllegalAddress;
  }
  MOCK_LOG("free %zu bytes, stream-ordered\n", it->second.bytes);
  release(pointer);
  return kSuccess;
}

MOCK_EXPORT CUresult cuMemcpyAsync(uintptr_t destination, uintptr_t source,
                                   size_t bytes, void *stream) {
  bool toDevice = isDevicePointer(destination);
  bool fromDevice = isDevicePointer(source);
  if (!toDevice && !fromDevice) {
    MOCK_LOG("copy of %zu bytes touches no device memory\n", bytes);
    return kIllegalAddress;
  }
  if (!isOrderedOn(destination, stream) || !isOrderedOn(source, stream)) {
    MOCK_LOG("copy of %zu bytes uses a buffer allocated on another stream "
             "that has not been synchronized\n",
             bytes);
    return kIllegalAddress;
  }
  MOCK_LOG("copy %s->%s %zu bytes\n", fromDevice ? "device" : "host",
           toDevice ? "device" : "host", bytes);
  std::memcpy(reinterpret_cast<void *>(destination),
              reinterpret_cast<void *>(source), bytes);
  return kSuccess;
}

MOCK_EXPORT CUresult cuMemsetD32Async(uintptr_t destination, unsigned value,
                                      size_t count, void *) {
  auto *words = reinterpret_cast<uint32_t *>(destination);
  for (size_t index = 0; index < count; ++index)
    words[index] = value;
  return kSuccess;
}

MOCK_EXPORT CUresult cuMemsetD16Async(uintptr_t destination,
                                      unsigned short value, size_t count,
                                      void *) {
  auto *halves = reinterpret_cast<uint16_t *>(destination);
  for (size_t index = 0; index < count; ++index)
    halves[index] = value;
  return kSuccess;
}

MOCK_EXPORT CUresult cuMemHostRegister_v2(void *, size_t, unsigned) {
  return kSuccess;
}

MOCK_EXPORT CUresult cuMemHostUnregister(void *) { return kSuccess; }
