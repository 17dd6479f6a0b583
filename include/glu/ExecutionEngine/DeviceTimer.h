//===- DeviceTimer.h - the GPU time of a call -------------------*- C++ -*-===//
//
// Times GPU code compiled with glu-lower-to-nvvm as CUDA events recorded
// before and after a call would (libglu_cuda_runtime's gluCudaTimerStart
// and gluCudaTimerStop): from an event recorded when the timer starts to
// one recorded before the last stream synchronization, the GPU's time
// without the host's latency in returning from the call. The timer is the
// runtime's, one per process: any stream that the runtime synchronizes
// while it runs (other threads' included) moves its end. It also times each
// kernel launch, by events recorded on the launch's stream before and after
// it (gluCudaLaunchTimer*). The compiled code must use this runtime
// (glu-run's default --shared-libs).
//
//===----------------------------------------------------------------------===//

#ifndef GLU_EXECUTIONENGINE_DEVICETIMER_H
#define GLU_EXECUTIONENGINE_DEVICETIMER_H

#include "llvm/Support/Error.h"
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace mlir::glu {

class DeviceTimer {
public:
  /// Binds the runtime's timer (libglu_cuda_runtime of this build).
  static llvm::Expected<DeviceTimer> load();

  /// Starts timing the GPU work of the calls that follow.
  void start() const;
  /// The seconds since start(), which stops; none if the code in between
  /// synchronized no stream of the runtime.
  std::optional<double> stop() const;

  /// A kernel launch and its GPU time.
  struct Launch {
    std::string kernel;
    std::array<int64_t, 3> grid;
    double seconds;
  };
  /// Starts timing each kernel launch (with blocks) that follows.
  void startLaunches() const;
  /// The launches since startLaunches(), in order, which stops.
  std::vector<Launch> stopLaunches() const;

private:
  DeviceTimer() = default;

  void (*timerStart)() = nullptr;
  double (*timerStop)() = nullptr;
  void (*launchTimerStart)() = nullptr;
  int64_t (*launchTimerStop)() = nullptr;
  double (*launchTimerSeconds)(int64_t, const char **, int64_t *) = nullptr;
};

} // namespace mlir::glu

#endif // GLU_EXECUTIONENGINE_DEVICETIMER_H
