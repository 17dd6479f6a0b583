// glu-run --opt-level=N optimizes and generates the host code as LLVM's -ON
// does (default 3; 0 compiles fastest, for tests of many small modules).
// LLVM's pass timing report (--time-passes, an LLVM option that glu-run
// accepts) names the register allocator that ran: the fast one at 0, the
// greedy one at 3. Both levels compute the same GELU; a level outside 0 to 3
// is an error.
//
// RUN: %glu_run %s --print --opt-level=0 --time-passes 2> %t.o0 | FileCheck %s
// RUN: FileCheck %s --check-prefix=O0 < %t.o0
// RUN: %glu_run %s --print --time-passes 2> %t.o3 | FileCheck %s
// RUN: FileCheck %s --check-prefix=O3 < %t.o3
// RUN: not %glu_run %s --opt-level=4 2>&1 | FileCheck %s --check-prefix=BAD
//
// CHECK: result #0: tensor<3xf32>
// CHECK-NEXT: {{^0$}}
// CHECK-NEXT: {{^0.841344714$}}
// CHECK-NEXT: {{^-0.158655256$}}
// O0: Fast Register Allocator
// O0-NOT: Greedy Register Allocator
// O3-NOT: Fast Register Allocator
// O3: Greedy Register Allocator
// BAD: glu-run: optimization level 4 is not one of 0, 1, 2 and 3

func.func @gelu() -> tensor<3xf32> {
  %x = arith.constant dense<[0.0, 1.0, -1.0]> : tensor<3xf32>
  %y = glu.activation <gelu> %x : tensor<3xf32>
  return %y : tensor<3xf32>
}
