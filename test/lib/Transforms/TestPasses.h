//===- TestPasses.h - glu's test passes -----------------------------------===//

#ifndef GLU_TEST_LIB_TRANSFORMS_TESTPASSES_H
#define GLU_TEST_LIB_TRANSFORMS_TESTPASSES_H

namespace mlir::glu::test {
/// glu-test-gpu-launch-to-loops: kernels whose threads do not communicate,
/// run as host loops.
void registerTestGpuLaunchToLoopsPass();
} // namespace mlir::glu::test

#endif // GLU_TEST_LIB_TRANSFORMS_TESTPASSES_H
