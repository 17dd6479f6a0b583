//===- DeviceTimer.cpp - the GPU's time of a call -------------------------===//

#include "glu/ExecutionEngine/DeviceTimer.h"
#include "glu/ExecutionEngine/CudaRuntimeLibrary.h"

using namespace mlir::glu;

llvm::Expected<DeviceTimer> DeviceTimer::load() {
  auto library = CudaRuntimeLibrary::load();
  if (!library)
    return library.takeError();
  DeviceTimer timer;
  if (!library->bind(timer.timerStart, "gluCudaTimerStart") ||
      !library->bind(timer.timerStop, "gluCudaTimerStop"))
    return CudaRuntimeLibrary::lacks("the GPU timer (gluCudaTimer*)");
  return timer;
}

void DeviceTimer::start() const { timerStart(); }

std::optional<double> DeviceTimer::stop() const {
  double seconds = timerStop();
  if (seconds < 0)
    return std::nullopt;
  return seconds;
}
