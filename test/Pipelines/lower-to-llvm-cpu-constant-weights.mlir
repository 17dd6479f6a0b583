// glu-lower-to-llvm-cpu packs constant weights at compile time: the packed
// gate/value tiles ([1, 2, 2, 64] for D = 3, F = 2 and depth-tile = 2)
// become an LLVM global next to the original weights, which the streamed
// rows still read. prepack-constant-weights=false packs them at run time.
// RUN: glu-opt %s '--glu-lower-to-llvm-cpu=depth-tile=2' | FileCheck %s
// RUN: glu-opt %s '--glu-lower-to-llvm-cpu=depth-tile=2 prepack-constant-weights=false' | FileCheck %s --check-prefix=RUNTIME

// CHECK: llvm.mlir.global private constant {{.*}} : !llvm.array<1 x array<2 x array<2 x array<64 x f32>>>>
// CHECK-LABEL: llvm.func @gated_proj
// RUNTIME-NOT: !llvm.array<1 x array<2 x array<2 x array<64 x f32>>>>
// RUNTIME-LABEL: llvm.func @gated_proj
func.func @gated_proj(%x: tensor<?x3xf32>) -> tensor<?x2xf32> {
  %wg = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %wv = arith.constant dense<[[7.0, 8.0], [9.0, 10.0], [11.0, 12.0]]> : tensor<3x2xf32>
  %y = glu.gated_proj <swish> %x : tensor<?x3xf32>
      gate(%wg : tensor<3x2xf32>) value(%wv : tensor<3x2xf32>)
      -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}
