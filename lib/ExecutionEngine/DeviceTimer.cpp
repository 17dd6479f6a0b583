//===- DeviceTimer.cpp - the GPU's time of a call -------------------------===//

#include "glu/ExecutionEngine/DeviceTimer.h"
#include "glu/ExecutionEngine/CudaRuntimeLibrary.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir::glu;

llvm::Expected<DeviceTimer> DeviceTimer::load() {
  auto library = CudaRuntimeLibrary::load();
  if (!library)
    return library.takeError();
  DeviceTimer timer;
  if (!library->bind(timer.timerStart, "gluCudaTimerStart") ||
      !library->bind(timer.timerStop, "gluCudaTimerStop") ||
      !library->bind(timer.launchTimerStart, "gluCudaLaunchTimerStart") ||
      !library->bind(timer.launchTimerStop, "gluCudaLaunchTimerStop") ||
      !library->bind(timer.launchTimerSeconds, "gluCudaLaunchTimerSeconds"))
    return CudaRuntimeLibrary::lacks(
        "the GPU timers (gluCudaTimer*, gluCudaLaunchTimer*)");
  return timer;
}

void DeviceTimer::start() const { timerStart(); }

std::optional<double> DeviceTimer::stop() const {
  double seconds = timerStop();
  if (seconds < 0)
    return std::nullopt;
  return seconds;
}

void DeviceTimer::startLaunches() const { launchTimerStart(); }

std::vector<DeviceTimer::Launch> DeviceTimer::stopLaunches() const {
  std::vector<Launch> launches(launchTimerStop());
  for (auto [index, launch] : llvm::enumerate(launches)) {
    const char *name = nullptr;
    launch.seconds = launchTimerSeconds(index, &name, launch.grid.data());
    launch.kernel = name;
  }
  return launches;
}
