//===- DeviceTimer.h - the GPU time of a call -------------------*- C++ -*-===//
//
// Times GPU code compiled with glu-lower-to-nvvm as CUDA events around a
// call would: from an event on the first stream that the call creates to
// one before its last stream synchronization (libglu_cuda_runtime's
// gluCudaTimerStart and gluCudaTimerStop), the GPU's time without the
// host's latency in starting the call and in returning from it.
//
//===----------------------------------------------------------------------===//

#ifndef GLU_EXECUTIONENGINE_DEVICETIMER_H
#define GLU_EXECUTIONENGINE_DEVICETIMER_H

#include "llvm/Support/Error.h"
#include <optional>

namespace mlir::glu {

class DeviceTimer {
public:
  /// Binds the runtime's timer (libglu_cuda_runtime of this build).
  static llvm::Expected<DeviceTimer> load();

  /// Starts timing the GPU work of the calls that follow.
  void start() const;
  /// The seconds since start(), which stops; none if the code in between
  /// created or synchronized no stream.
  std::optional<double> stop() const;

private:
  DeviceTimer() = default;

  void (*timerStart)() = nullptr;
  double (*timerStop)() = nullptr;
};

} // namespace mlir::glu

#endif // GLU_EXECUTIONENGINE_DEVICETIMER_H
