//===- glu-opt.cpp - glu optimizer driver ---------------------------------===//
//
// Like mlir-opt: every upstream dialect, extension, pass and LLVM IR
// translation (GPU ones included), plus the glu dialect and its passes, and
// glu's test passes (glu-test-*, test/lib).
//
//===----------------------------------------------------------------------===//

#include "TestPasses.h"
#include "glu/InitAllGlu.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerAllToLLVMIRTranslations(registry);
  mlir::registerAllGPUToLLVMIRTranslations(registry);
  mlir::registerAllPasses();
  mlir::glu::registerAllGluDialects(registry);
  mlir::glu::registerAllGluPasses();
  mlir::glu::test::registerTestGpuLaunchToLoopsPass();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "glu optimizer driver\n", registry));
}
