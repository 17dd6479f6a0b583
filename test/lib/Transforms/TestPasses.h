//===- TestPasses.h - glu's test passes -----------------------------------===//

#ifndef GLU_TEST_LIB_TRANSFORMS_TESTPASSES_H
#define GLU_TEST_LIB_TRANSFORMS_TESTPASSES_H

namespace mlir::glu::test {
/// glu-test-gpu-launch-to-loops: kernels run on the host, as loops (threads
/// that do not communicate) or OpenMP threads (barriers, shared memory,
/// mma.sync).
void registerTestGpuLaunchToLoopsPass();
} // namespace mlir::glu::test

#endif // GLU_TEST_LIB_TRANSFORMS_TESTPASSES_H
