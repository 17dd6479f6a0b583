// glu-run --help lists glu-run's own options, not the hundreds of LLVM
// backend options that linking LLVM brings in; those are still accepted.
//
// RUN: %glu_run --help | FileCheck %s --implicit-check-not=--amdgpu-
// RUN: %glu_run %s --x86-asm-syntax=intel | FileCheck %s --check-prefix=ACCEPTED
// RUN: not %glu_run %s --no-such-option 2>&1 | FileCheck %s --check-prefix=UNKNOWN
//
// CHECK: USAGE: glu-run [options] <input.mlir>
// CHECK: glu-run options:
// CHECK-DAG: --entry=<string>
// CHECK-DAG: --input=<string>
// CHECK-DAG: --lowering-options=<string>
// CHECK-DAG: --opt-level=<uint>
// CHECK-DAG: --repeat=<uint>
// CHECK-DAG: --target=<value>
// CHECK-DAG: =nvvm
// ACCEPTED: result #0: tensor<2xf32>
// UNKNOWN: Unknown command line argument '--no-such-option'

func.func @constant() -> tensor<2xf32> {
  %c = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  return %c : tensor<2xf32>
}
