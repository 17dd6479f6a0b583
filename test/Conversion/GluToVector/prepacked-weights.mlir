// RUN: glu-opt %s --convert-glu-to-vector="num-threads=2 depth-tile=2" --split-input-file | FileCheck %s
// RUN: glu-opt %s --convert-glu-to-vector="num-threads=2 depth-tile=2 prepack-constant-weights=false" --split-input-file | FileCheck %s --check-prefix=RUNTIME

// Constant gate and value weights [D = 3, F = 2] are packed at compile time
// into [ceil(F / 32), ceil(D / depth-tile), depth-tile, 64] = [1, 2, 2, 64]
// tiles: row k of depth tile t holds the gate columns of weight row 2t + k
// in lanes 0-31 and its value columns in lanes 32-63, zero past F (and
// past D: the last tile's second row). The down weight [2, 64] becomes its
// one 64-column panel [1, 2, 64]. Nothing is allocated or copied to pack
// them at run time, and the register tiles, which read the prepacked tiles
// and panels in memory order, prefetch nothing (the streamed rows, which
// read the weights as they are, still do). With prepack-constant-weights=false
// they are packed at run time, like weights that are function arguments.
// CHECK-LABEL: func @ffn
// CHECK-DAG:     arith.constant dense<"0x0000803F00000040{{(00000000){30}()}}0000E04000000041{{(00000000){30}()}}0000404000008040{{[0-9A-F]*}}"> : tensor<1x2x2x64xf32>
// CHECK-DAG:     arith.constant dense<"0x000000000000803F00000040{{[0-9A-F]*}}"> : tensor<1x2x64xf32>
// CHECK-NOT:     memref<2x4x2x64xf32>
// CHECK-NOT:     memref<2x128x64xf32>
// CHECK:         scf.parallel
// CHECK:           memref.subview {{.*}} to memref<?x2x64xf32
// CHECK-NOT:       memref.prefetch
// CHECK:         return
// RUNTIME-LABEL: func @ffn
// RUNTIME-NOT:   tensor<1x2x2x64xf32>
// RUNTIME-NOT:   tensor<1x2x64xf32>
// RUNTIME-DAG:   memref.alloc() {alignment = 64 : i64} : memref<2x4x2x64xf32>
// RUNTIME-DAG:   memref.alloc() {alignment = 64 : i64} : memref<2x128x64xf32>
func.func @ffn(%x: tensor<?x3xf32>) -> tensor<?x64xf32> {
  %wg = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %wv = arith.constant dense<[[7.0, 8.0], [9.0, 10.0], [11.0, 12.0]]> : tensor<3x2xf32>
  %wd = arith.constant dense<[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0, 32.0, 33.0, 34.0, 35.0, 36.0, 37.0, 38.0, 39.0, 40.0, 41.0, 42.0, 43.0, 44.0, 45.0, 46.0, 47.0, 48.0, 49.0, 50.0, 51.0, 52.0, 53.0, 54.0, 55.0, 56.0, 57.0, 58.0, 59.0, 60.0, 61.0, 62.0, 63.0], [64.0, 65.0, 66.0, 67.0, 68.0, 69.0, 70.0, 71.0, 72.0, 73.0, 74.0, 75.0, 76.0, 77.0, 78.0, 79.0, 80.0, 81.0, 82.0, 83.0, 84.0, 85.0, 86.0, 87.0, 88.0, 89.0, 90.0, 91.0, 92.0, 93.0, 94.0, 95.0, 96.0, 97.0, 98.0, 99.0, 100.0, 101.0, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0, 108.0, 109.0, 110.0, 111.0, 112.0, 113.0, 114.0, 115.0, 116.0, 117.0, 118.0, 119.0, 120.0, 121.0, 122.0, 123.0, 124.0, 125.0, 126.0, 127.0]]> : tensor<2x64xf32>
  %y = glu.ffn <swish> %x : tensor<?x3xf32>
      gate(%wg : tensor<3x2xf32>) value(%wv : tensor<3x2xf32>)
      down(%wd : tensor<2x64xf32>) -> tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}

// -----

// A packed [up|gate] bf16 weight [D = 2, 2F = 4]: gate column j is packed
// column F + j, value column j is j; the tiles keep the weight's element
// type (the loops widen them as they load). E = 8 < 64 leaves no full
// panel of the down weight, which stays as it is, and nothing is
// allocated to copy it.
// CHECK-LABEL: func @gated_proj_up_gate_bf16
// CHECK:         arith.constant dense<"0x40408040{{(0000){30}()}}803F0040{{[0-9A-F]*}}"> : tensor<1x1x2x64xbf16>
// CHECK-NOT:     memref<2x4x2x64xf32>
// RUNTIME-LABEL: func @gated_proj_up_gate_bf16
// RUNTIME-NOT:   tensor<1x1x2x64xbf16>
// RUNTIME:       memref.alloc() {alignment = 64 : i64} : memref<2x4x2x64xf32>
func.func @gated_proj_up_gate_bf16(%x: tensor<?x2xbf16>) -> tensor<?x2xbf16> {
  %w = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]]> : tensor<2x4xbf16>
  %y = glu.gated_proj <gelu> layout <up_gate> %x : tensor<?x2xbf16>
      packed(%w : tensor<2x4xbf16>) -> tensor<?x2xbf16>
  return %y : tensor<?x2xbf16>
}

// -----

// Splat weights are not prepacked (a splat holds one element): they are
// packed at run time.
// CHECK-LABEL: func @splat_weights
// CHECK-NOT:     tensor<1x1x2x64xf32>
// CHECK:         memref.alloc() {alignment = 64 : i64} : memref<2x4x2x64xf32>
func.func @splat_weights(%x: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %wg = arith.constant dense<1.0> : tensor<2x2xf32>
  %wv = arith.constant dense<2.0> : tensor<2x2xf32>
  %y = glu.gated_proj <gelu> %x : tensor<?x2xf32>
      gate(%wg : tensor<2x2xf32>) value(%wv : tensor<2x2xf32>)
      -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}
