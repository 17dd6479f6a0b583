// split-mma-f32-special-values.mlir's module and checks on a GPU
// (glu-run --target=nvvm, PTX for sm_80): the 3xTF32 split-depth kernel
// (split-mma), the 3xTF32 tiled kernel (split-rows=0 f32-mma=true) and
// the FMA split-depth one print the float64 reference exactly, the
// hardware's mma.sync included (every product and sum there is exact; a
// tensor core that flushes subnormals still sees none: splitTf32 gives
// 2^-140 the smallest normal as its big part).
//
// REQUIRES: cuda-driver
// RUN: %glu_run %S/split-mma-f32-special-values.mlir --target=nvvm --lowering-options="chip=sm_80 split-mma=true" --print | FileCheck %S/split-mma-f32-special-values.mlir --match-full-lines
// RUN: %glu_run %S/split-mma-f32-special-values.mlir --target=nvvm --lowering-options="chip=sm_80 split-mma=true" --print --entry=special_weights | FileCheck %S/split-mma-f32-special-values.mlir --match-full-lines --check-prefix=WEIGHTS
// RUN: %glu_run %S/split-mma-f32-special-values.mlir --target=nvvm --lowering-options="chip=sm_80 split-rows=0 f32-mma=true" --print | FileCheck %S/split-mma-f32-special-values.mlir --match-full-lines
// RUN: %glu_run %S/split-mma-f32-special-values.mlir --target=nvvm --lowering-options="chip=sm_80 split-rows=0 f32-mma=true" --print --entry=special_weights | FileCheck %S/split-mma-f32-special-values.mlir --match-full-lines --check-prefix=WEIGHTS
// RUN: %glu_run %S/split-mma-f32-special-values.mlir --target=nvvm --lowering-options=chip=sm_80 --print | FileCheck %S/split-mma-f32-special-values.mlir --match-full-lines
// RUN: %glu_run %S/split-mma-f32-special-values.mlir --target=nvvm --lowering-options=chip=sm_80 --print --entry=special_weights | FileCheck %S/split-mma-f32-special-values.mlir --match-full-lines --check-prefix=WEIGHTS
