//===- CudaRuntime.cpp - MLIR's mgpu* runtime ABI over the CUDA driver ----===//
//
// The functions that the host code of MLIR 22's gpu-to-llvm calls
// (mgpuModuleLoad, mgpuLaunchKernel, mgpuMemAlloc, ...), implemented over the
// CUDA driver API. The driver, libcuda.so.1, is opened with dlopen on the
// first call, so this library builds and links on machines without one.
// Without a driver, or when a driver call fails, it prints what failed and
// exits with status 1: the generated code has no error path, and going on
// with a missing kernel or buffer would compute a wrong answer.
//
// Every call runs with the primary context of device 0 (or of
// mgpuSetDefaultDevice's device) pushed as the current context.
//
// The host code allocates its device buffers (H, partial sums, results) and
// creates its streams on every call. So that a call costs no driver
// allocation, free or stream creation once warm:
// - buffers allocated on a stream come from the device's stream-ordered
//   allocator (cuMemAllocAsync; freed with cuMemFreeAsync on the freeing
//   stream), whose default pool keeps freed memory for reuse instead of
//   releasing it at each synchronisation; where the device has no memory
//   pools, and for buffers allocated without a stream, cuMemAlloc/cuMemFree;
// - destroyed streams are kept and handed out again by mgpuStreamCreate.
//
// Besides the mgpu* ABI it exports a timer of the GPU's time for callers
// such as glu-run (gluCudaTimerStart, gluCudaTimerStop), measured as CUDA
// events recorded before and after a call measure it, and one of each
// kernel launch (gluCudaLaunchTimer*), by events recorded on its stream
// before and after it.
//
//===----------------------------------------------------------------------===//

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <limits>
#include <mutex>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace {

// The few CUDA driver types and constants used here (cuda.h's values), so
// that the build needs no CUDA headers.
using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = struct CUctx_st *;
using CUmodule = struct CUmod_st *;
using CUfunction = struct CUfunc_st *;
using CUstream = struct CUstream_st *;
using CUevent = struct CUevent_st *;
using CUmemoryPool = struct CUmemPoolHandle_st *;
constexpr unsigned kStreamNonBlocking = 0x1;  // CU_STREAM_NON_BLOCKING
constexpr unsigned kEventDisableTiming = 0x2; // CU_EVENT_DISABLE_TIMING
constexpr unsigned kMemAttachGlobal = 0x1;    // CU_MEM_ATTACH_GLOBAL
constexpr int kJitErrorLogBuffer = 5;         // CU_JIT_ERROR_LOG_BUFFER
constexpr int kJitErrorLogBufferSize = 6; // CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES
constexpr int kJitOptimizationLevel = 7;  // CU_JIT_OPTIMIZATION_LEVEL
// CU_DEVICE_ATTRIBUTE_MEMORY_POOLS_SUPPORTED
constexpr int kDeviceAttributeMemoryPoolsSupported = 115;
constexpr int kMemPoolAttributeReleaseThreshold = 4; // CU_MEMPOOL_ATTR_...
// CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES
constexpr int kFuncAttributeMaxDynamicSharedSize = 8;
/// Shared memory that a block may have without its function opting in.
constexpr int32_t kDefaultSharedBytesLimit = 48 * 1024;

// Every driver function used: member name, exported symbol, function type.
// cuEventElapsedTime is the name that every driver exports (cuda.h of CUDA
// 12.8 and later maps it to cuEventElapsedTime_v2, which older drivers lack).
#define GLU_CUDA_DRIVER_FUNCTIONS(X)                                           \
  X(init, "cuInit", CUresult(unsigned))                                        \
  X(getErrorName, "cuGetErrorName", CUresult(CUresult, const char **))         \
  X(deviceGet, "cuDeviceGet", CUresult(CUdevice *, int))                       \
  X(deviceGetAttribute, "cuDeviceGetAttribute",                                \
    CUresult(int *, int, CUdevice))                                            \
  X(deviceGetDefaultMemPool, "cuDeviceGetDefaultMemPool",                      \
    CUresult(CUmemoryPool *, CUdevice))                                        \
  X(primaryCtxRetain, "cuDevicePrimaryCtxRetain",                              \
    CUresult(CUcontext *, CUdevice))                                           \
  X(ctxPushCurrent, "cuCtxPushCurrent_v2", CUresult(CUcontext))                \
  X(ctxPopCurrent, "cuCtxPopCurrent_v2", CUresult(CUcontext *))                \
  X(ctxSynchronize, "cuCtxSynchronize", CUresult())                            \
  X(moduleLoadData, "cuModuleLoadData", CUresult(CUmodule *, const void *))    \
  X(moduleLoadDataEx, "cuModuleLoadDataEx",                                    \
    CUresult(CUmodule *, const void *, unsigned, int *, void **))              \
  X(moduleUnload, "cuModuleUnload", CUresult(CUmodule))                        \
  X(moduleGetFunction, "cuModuleGetFunction",                                  \
    CUresult(CUfunction *, CUmodule, const char *))                            \
  X(funcSetAttribute, "cuFuncSetAttribute", CUresult(CUfunction, int, int))    \
  X(launchKernel, "cuLaunchKernel",                                            \
    CUresult(CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned,     \
             unsigned, unsigned, CUstream, void **, void **))                  \
  X(streamCreate, "cuStreamCreate", CUresult(CUstream *, unsigned))            \
  X(streamSynchronize, "cuStreamSynchronize", CUresult(CUstream))              \
  X(streamWaitEvent, "cuStreamWaitEvent",                                      \
    CUresult(CUstream, CUevent, unsigned))                                     \
  X(eventCreate, "cuEventCreate", CUresult(CUevent *, unsigned))               \
  X(eventDestroy, "cuEventDestroy_v2", CUresult(CUevent))                      \
  X(eventSynchronize, "cuEventSynchronize", CUresult(CUevent))                 \
  X(eventRecord, "cuEventRecord", CUresult(CUevent, CUstream))                 \
  X(eventElapsedTime, "cuEventElapsedTime",                                    \
    CUresult(float *, CUevent, CUevent))                                       \
  X(memAlloc, "cuMemAlloc_v2", CUresult(CUdeviceptr *, size_t))                \
  X(memAllocManaged, "cuMemAllocManaged",                                      \
    CUresult(CUdeviceptr *, size_t, unsigned))                                 \
  X(memFree, "cuMemFree_v2", CUresult(CUdeviceptr))                            \
  X(memAllocAsync, "cuMemAllocAsync",                                          \
    CUresult(CUdeviceptr *, size_t, CUstream))                                 \
  X(memFreeAsync, "cuMemFreeAsync", CUresult(CUdeviceptr, CUstream))           \
  X(memPoolSetAttribute, "cuMemPoolSetAttribute",                              \
    CUresult(CUmemoryPool, int, void *))                                       \
  X(memcpyAsync, "cuMemcpyAsync",                                              \
    CUresult(CUdeviceptr, CUdeviceptr, size_t, CUstream))                      \
  X(memsetD32Async, "cuMemsetD32Async",                                        \
    CUresult(CUdeviceptr, unsigned, size_t, CUstream))                         \
  X(memsetD16Async, "cuMemsetD16Async",                                        \
    CUresult(CUdeviceptr, unsigned short, size_t, CUstream))                   \
  X(memHostRegister, "cuMemHostRegister_v2",                                   \
    CUresult(void *, size_t, unsigned))                                        \
  X(memHostUnregister, "cuMemHostUnregister", CUresult(void *))

struct Driver {
#define GLU_DECLARE_MEMBER(member, symbol, type)                               \
  std::add_pointer_t<type> member = nullptr;
  GLU_CUDA_DRIVER_FUNCTIONS(GLU_DECLARE_MEMBER)
#undef GLU_DECLARE_MEMBER
};

[[noreturn]] void fail(const char *what, const char *detail) {
  std::fprintf(stderr, "glu-cuda-runtime: %s: %s\n", what, detail);
  std::exit(EXIT_FAILURE);
}

Driver loadDriver() {
  void *library = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!library)
    fail("cannot load the CUDA driver (libcuda.so.1; is there an NVIDIA "
         "GPU and driver on this machine?)",
         dlerror());
  Driver driver;
#define GLU_LOAD_MEMBER(member, symbol, type)                                  \
  driver.member =                                                              \
      reinterpret_cast<std::add_pointer_t<type>>(dlsym(library, symbol));      \
  if (!driver.member)                                                          \
    fail("the CUDA driver lacks " symbol, dlerror());
  GLU_CUDA_DRIVER_FUNCTIONS(GLU_LOAD_MEMBER)
#undef GLU_LOAD_MEMBER
  return driver;
}

const Driver &driver() {
  static const Driver loaded = loadDriver();
  return loaded;
}

/// Exits with the driver's name for `result` unless it is CUDA_SUCCESS.
void check(CUresult result, const char *call) {
  if (result == 0)
    return;
  const char *name = nullptr;
  driver().getErrorName(result, &name);
  fail(call, name ? name : "unknown CUDA error");
}

#define GLU_CUDA(call) check(driver().call, "cu" #call)

thread_local int32_t defaultDevice = 0;

/// The device that every call uses, set up on the first call.
struct Device {
  CUcontext context = nullptr;
  /// Whether buffers allocated on a stream come from the stream-ordered
  /// allocator.
  bool streamOrdered = false;
};

const Device &device() {
  static const Device device = [] {
    GLU_CUDA(init(0));
    CUdevice ordinal;
    GLU_CUDA(deviceGet(&ordinal, defaultDevice));
    Device device;
    GLU_CUDA(primaryCtxRetain(&device.context, ordinal));
    int supported = 0;
    GLU_CUDA(deviceGetAttribute(&supported,
                                kDeviceAttributeMemoryPoolsSupported, ordinal));
    if (supported) {
      // Keep what is freed (the default threshold, 0, hands it back to the
      // driver at every synchronisation).
      GLU_CUDA(ctxPushCurrent(device.context));
      CUmemoryPool pool;
      GLU_CUDA(deviceGetDefaultMemPool(&pool, ordinal));
      uint64_t keepAll = std::numeric_limits<uint64_t>::max();
      GLU_CUDA(memPoolSetAttribute(pool, kMemPoolAttributeReleaseThreshold,
                                   &keepAll));
      GLU_CUDA(ctxPopCurrent(nullptr));
      device.streamOrdered = true;
    }
    return device;
  }();
  return device;
}

/// Makes the primary context of the default device current for its
/// lifetime.
class ScopedContext {
public:
  ScopedContext() { GLU_CUDA(ctxPushCurrent(device().context)); }
  ~ScopedContext() { GLU_CUDA(ctxPopCurrent(nullptr)); }
  ScopedContext(const ScopedContext &) = delete;
  ScopedContext &operator=(const ScopedContext &) = delete;
};

CUdeviceptr devicePointer(void *pointer) {
  return reinterpret_cast<CUdeviceptr>(pointer);
}

/// Buffers from the stream-ordered allocator, and streams to hand out again.
struct Recycling {
  std::mutex mutex;
  std::unordered_set<CUdeviceptr> streamOrderedBuffers;
  std::vector<CUstream> idleStreams;
};

Recycling &recycling() {
  static Recycling recycling;
  return recycling;
}

/// gluCudaTimerStart's state: `start` is recorded when it starts and,
/// while it is active, each stream synchronized records `end` before the
/// synchronisation.
struct Timer {
  std::mutex mutex;
  bool active = false;
  CUevent start = nullptr, end = nullptr;
  bool ended = false;
};

Timer &timer() {
  static Timer timer;
  return timer;
}

/// gluCudaLaunchTimerStart's state: while it is active, each launch with
/// blocks records the events of `launches[i]` before and after it on its
/// stream. The events are kept for the next timing.
struct LaunchTimer {
  struct Launch {
    CUfunction function = nullptr;
    int64_t grid[3] = {0, 0, 0};
    CUevent start = nullptr, end = nullptr;
  };
  std::mutex mutex;
  /// Read without the mutex by launches, so that they take it only while
  /// timed.
  std::atomic<bool> active = false;
  /// The launches timed (the first `count`), and the events of earlier ones.
  std::vector<Launch> launches;
  size_t count = 0;
  /// The kernels' names, as mgpuModuleGetFunction was given them.
  std::unordered_map<CUfunction, std::string> names;

  /// The next launch's entry (with events), holding `function` and `grid`.
  /// Called with the mutex held.
  Launch &next(CUfunction function, intptr_t gridX, intptr_t gridY,
               intptr_t gridZ);
};

LaunchTimer &launchTimer() {
  static LaunchTimer timer;
  return timer;
}

LaunchTimer::Launch &LaunchTimer::next(CUfunction function, intptr_t gridX,
                                       intptr_t gridY, intptr_t gridZ) {
  if (count == launches.size()) {
    Launch fresh;
    GLU_CUDA(eventCreate(&fresh.start, /*flags=*/0));
    GLU_CUDA(eventCreate(&fresh.end, /*flags=*/0));
    launches.push_back(fresh);
  }
  Launch &launch = launches[count++];
  launch.function = function;
  launch.grid[0] = gridX;
  launch.grid[1] = gridY;
  launch.grid[2] = gridZ;
  return launch;
}

/// The bytes of a dense memref given as (rank, descriptor, element size):
/// the descriptor is {allocated, aligned, offset, sizes[rank],
/// strides[rank]}.
struct DenseMemRef {
  char *data;
  uint64_t bytes;
};

DenseMemRef denseMemRef(int64_t rank, void *descriptor, int64_t elementBytes) {
  auto *fields = static_cast<int64_t *>(descriptor);
  char *aligned = reinterpret_cast<char *>(fields[1]);
  const int64_t *sizes = fields + 3;
  uint64_t elements = 1;
  for (int64_t dim = 0; dim < rank; ++dim)
    elements *= static_cast<uint64_t>(sizes[dim]);
  return {aligned + fields[2] * elementBytes, elements * elementBytes};
}

} // namespace

#define GLU_EXPORT extern "C" __attribute__((visibility("default")))

GLU_EXPORT CUmodule mgpuModuleLoad(void *data, size_t /*size*/) {
  ScopedContext scope;
  CUmodule module = nullptr;
  GLU_CUDA(moduleLoadData(&module, data));
  return module;
}

GLU_EXPORT CUmodule mgpuModuleLoadJIT(void *data, int optLevel) {
  ScopedContext scope;
  char log[4096] = "";
  int options[] = {kJitErrorLogBuffer, kJitErrorLogBufferSize,
                   kJitOptimizationLevel};
  void *values[] = {log, reinterpret_cast<void *>(sizeof(log)),
                    reinterpret_cast<void *>(static_cast<intptr_t>(optLevel))};
  CUmodule module = nullptr;
  CUresult result =
      driver().moduleLoadDataEx(&module, data, 3, options, values);
  if (result != 0 && log[0])
    fail("the CUDA driver could not compile the PTX", log);
  check(result, "cuModuleLoadDataEx");
  return module;
}

GLU_EXPORT void mgpuModuleUnload(CUmodule module) {
  ScopedContext scope;
  GLU_CUDA(moduleUnload(module));
}

GLU_EXPORT CUfunction mgpuModuleGetFunction(CUmodule module, const char *name) {
  ScopedContext scope;
  CUfunction function = nullptr;
  GLU_CUDA(moduleGetFunction(&function, module, name));
  // The host code may look the function up at every launch.
  std::lock_guard<std::mutex> lock(launchTimer().mutex);
  launchTimer().names.try_emplace(function, name);
  return function;
}

GLU_EXPORT void mgpuLaunchKernel(CUfunction function, intptr_t gridX,
                                 intptr_t gridY, intptr_t gridZ,
                                 intptr_t blockX, intptr_t blockY,
                                 intptr_t blockZ, int32_t sharedBytes,
                                 CUstream stream, void **params, void **extra,
                                 size_t /*paramsCount*/) {
  // A launch of no blocks does nothing (the driver would reject it):
  // convert-glu-to-gpu launches the kernels of the path that a dynamic row
  // count does not take with none.
  if (gridX == 0 || gridY == 0 || gridZ == 0)
    return;
  ScopedContext scope;
  // More than 48 KiB of dynamic shared memory (convert-glu-to-gpu's f16 and
  // bf16 tiled kernels) needs the function's consent; the driver rejects
  // the call where the device has less.
  if (sharedBytes > kDefaultSharedBytesLimit)
    GLU_CUDA(funcSetAttribute(function, kFuncAttributeMaxDynamicSharedSize,
                              sharedBytes));
  if (!launchTimer().active) {
    GLU_CUDA(launchKernel(function, gridX, gridY, gridZ, blockX, blockY, blockZ,
                          sharedBytes, stream, params, extra));
    return;
  }
  std::lock_guard<std::mutex> lock(launchTimer().mutex);
  LaunchTimer::Launch &timed =
      launchTimer().next(function, gridX, gridY, gridZ);
  GLU_CUDA(eventRecord(timed.start, stream));
  GLU_CUDA(launchKernel(function, gridX, gridY, gridZ, blockX, blockY, blockZ,
                        sharedBytes, stream, params, extra));
  GLU_CUDA(eventRecord(timed.end, stream));
}

GLU_EXPORT CUstream mgpuStreamCreate() {
  {
    std::lock_guard<std::mutex> lock(recycling().mutex);
    if (!recycling().idleStreams.empty()) {
      CUstream stream = recycling().idleStreams.back();
      recycling().idleStreams.pop_back();
      return stream;
    }
  }
  ScopedContext scope;
  CUstream stream = nullptr;
  GLU_CUDA(streamCreate(&stream, kStreamNonBlocking));
  return stream;
}

// The stream is kept for the next mgpuStreamCreate: work still queued on it
// runs before what that caller queues, as on any stream.
GLU_EXPORT void mgpuStreamDestroy(CUstream stream) {
  std::lock_guard<std::mutex> lock(recycling().mutex);
  recycling().idleStreams.push_back(stream);
}

GLU_EXPORT void mgpuStreamSynchronize(CUstream stream) {
  ScopedContext scope;
  {
    std::lock_guard<std::mutex> lock(timer().mutex);
    if (timer().active) {
      GLU_CUDA(eventRecord(timer().end, stream));
      timer().ended = true;
    }
  }
  GLU_CUDA(streamSynchronize(stream));
}

GLU_EXPORT void mgpuStreamWaitEvent(CUstream stream, CUevent event) {
  ScopedContext scope;
  GLU_CUDA(streamWaitEvent(stream, event, 0));
}

GLU_EXPORT CUevent mgpuEventCreate() {
  ScopedContext scope;
  CUevent event = nullptr;
  GLU_CUDA(eventCreate(&event, kEventDisableTiming));
  return event;
}

GLU_EXPORT void mgpuEventDestroy(CUevent event) {
  ScopedContext scope;
  GLU_CUDA(eventDestroy(event));
}

GLU_EXPORT void mgpuEventSynchronize(CUevent event) {
  ScopedContext scope;
  GLU_CUDA(eventSynchronize(event));
}

GLU_EXPORT void mgpuEventRecord(CUevent event, CUstream stream) {
  ScopedContext scope;
  GLU_CUDA(eventRecord(event, stream));
}

// Empty buffers (T = 0) are null pointers: the driver rejects 0-byte
// allocations and copies.
GLU_EXPORT void *mgpuMemAlloc(uint64_t bytes, CUstream stream,
                              bool hostShared) {
  if (bytes == 0)
    return nullptr;
  ScopedContext scope;
  CUdeviceptr pointer = 0;
  if (hostShared) {
    GLU_CUDA(memAllocManaged(&pointer, bytes, kMemAttachGlobal));
  } else if (stream && device().streamOrdered) {
    GLU_CUDA(memAllocAsync(&pointer, bytes, stream));
    std::lock_guard<std::mutex> lock(recycling().mutex);
    recycling().streamOrderedBuffers.insert(pointer);
  } else {
    GLU_CUDA(memAlloc(&pointer, bytes));
  }
  return reinterpret_cast<void *>(pointer);
}

GLU_EXPORT void mgpuMemFree(void *pointer, CUstream stream) {
  if (!pointer)
    return;
  ScopedContext scope;
  CUdeviceptr address = devicePointer(pointer);
  bool streamOrdered;
  {
    std::lock_guard<std::mutex> lock(recycling().mutex);
    streamOrdered = recycling().streamOrderedBuffers.erase(address) != 0;
  }
  if (!streamOrdered) {
    GLU_CUDA(memFree(address));
    return;
  }
  // Freed without a stream, the buffer may still be in use on any stream:
  // wait for all of them first, as cuMemFree would.
  if (!stream)
    GLU_CUDA(ctxSynchronize());
  GLU_CUDA(memFreeAsync(address, stream));
}

GLU_EXPORT void mgpuMemcpy(void *destination, void *source, size_t bytes,
                           CUstream stream) {
  ScopedContext scope;
  if (bytes != 0)
    GLU_CUDA(memcpyAsync(devicePointer(destination), devicePointer(source),
                         bytes, stream));
}

GLU_EXPORT void mgpuMemset32(void *destination, unsigned value, size_t count,
                             CUstream stream) {
  ScopedContext scope;
  if (count != 0)
    GLU_CUDA(memsetD32Async(devicePointer(destination), value, count, stream));
}

GLU_EXPORT void mgpuMemset16(void *destination, unsigned short value,
                             size_t count, CUstream stream) {
  ScopedContext scope;
  if (count != 0)
    GLU_CUDA(memsetD16Async(devicePointer(destination), value, count, stream));
}

GLU_EXPORT void mgpuMemHostRegisterMemRef(int64_t rank, void *descriptor,
                                          int64_t elementBytes) {
  DenseMemRef memref = denseMemRef(rank, descriptor, elementBytes);
  if (memref.bytes == 0)
    return;
  ScopedContext scope;
  GLU_CUDA(memHostRegister(memref.data, memref.bytes, 0));
}

GLU_EXPORT void mgpuMemHostUnregisterMemRef(int64_t rank, void *descriptor,
                                            int64_t elementBytes) {
  DenseMemRef memref = denseMemRef(rank, descriptor, elementBytes);
  if (memref.bytes == 0)
    return;
  ScopedContext scope;
  GLU_CUDA(memHostUnregister(memref.data));
}

GLU_EXPORT void mgpuSetDefaultDevice(int32_t device) { defaultDevice = device; }

// The GPU's time from gluCudaTimerStart to the last synchronization of a
// stream before gluCudaTimerStop: an event recorded on the default stream
// when the timer starts (which orders nothing on the code's non-blocking
// streams: it marks the moment the call begins) and one recorded on the
// synchronized stream before it synchronizes, as CUDA events recorded
// before and after a call measure it (the time the GPU waits for the host
// to launch included). The timer is the process's: any stream synchronized
// through this runtime while it runs moves its end.
GLU_EXPORT void gluCudaTimerStart() {
  ScopedContext scope;
  std::lock_guard<std::mutex> lock(timer().mutex);
  for (CUevent *event : {&timer().start, &timer().end})
    if (!*event)
      GLU_CUDA(eventCreate(event, /*flags=*/0));
  GLU_CUDA(eventRecord(timer().start, /*stream=*/nullptr));
  timer().active = true;
  timer().ended = false;
}

// The seconds measured since gluCudaTimerStart, which stops; -1 if the code
// synchronized no stream.
GLU_EXPORT double gluCudaTimerStop() {
  ScopedContext scope;
  std::lock_guard<std::mutex> lock(timer().mutex);
  timer().active = false;
  if (!timer().ended)
    return -1;
  GLU_CUDA(eventSynchronize(timer().start));
  GLU_CUDA(eventSynchronize(timer().end));
  float milliseconds = 0;
  GLU_CUDA(eventElapsedTime(&milliseconds, timer().start, timer().end));
  return milliseconds * 1e-3;
}

// From now on each launch with blocks is timed by events recorded on its
// stream before and after it, until gluCudaLaunchTimerStop.
GLU_EXPORT void gluCudaLaunchTimerStart() {
  std::lock_guard<std::mutex> lock(launchTimer().mutex);
  launchTimer().active = true;
  launchTimer().count = 0;
}

// Stops timing launches; how many were timed since gluCudaLaunchTimerStart.
GLU_EXPORT int64_t gluCudaLaunchTimerStop() {
  std::lock_guard<std::mutex> lock(launchTimer().mutex);
  launchTimer().active = false;
  return static_cast<int64_t>(launchTimer().count);
}

// The GPU's seconds of timed launch `index` (waiting for it to end), its
// kernel's name (valid while the runtime is loaded) and its grid (3
// values). The start event is recorded before the launch is issued: on an
// idle stream the time includes the host's launch latency (the first
// launch of a call, or one after the host waited).
GLU_EXPORT double gluCudaLaunchTimerSeconds(int64_t index, const char **name,
                                            int64_t *grid) {
  ScopedContext scope;
  std::lock_guard<std::mutex> lock(launchTimer().mutex);
  if (index < 0 || static_cast<size_t>(index) >= launchTimer().count)
    fail("gluCudaLaunchTimerSeconds", "no such timed launch");
  const LaunchTimer::Launch &launch = launchTimer().launches[index];
  auto known = launchTimer().names.find(launch.function);
  *name =
      known != launchTimer().names.end() ? known->second.c_str() : "(unnamed)";
  for (int dim = 0; dim < 3; ++dim)
    grid[dim] = launch.grid[dim];
  GLU_CUDA(eventSynchronize(launch.end));
  float milliseconds = 0;
  GLU_CUDA(eventElapsedTime(&milliseconds, launch.start, launch.end));
  return milliseconds * 1e-3;
}
