// Executes every activation on ordinary and extreme inputs (+-0, +-1, +-3,
// -10, +-20, 1e30, +-inf, NaN) through glu-lower-to-llvm-cpu and checks the
// printed f32 results (6 significant digits) against float64 values of the
// exact definitions, rounded to f32. The erf and tanh GELU differ in the
// 4th digit at x = +-1 and +-3, so swapping them fails this test; -inf gives
// a signed zero, never the NaN of -inf * 0.
//
// RUN: glu-opt %s --glu-lower-to-llvm-cpu | %mlir_runner | FileCheck %s

func.func private @printMemrefF32(memref<*xf32>)

func.func @print(%t: tensor<13xf32>) {
  %m = bufferization.to_buffer %t : tensor<13xf32> to memref<13xf32>
  %u = memref.cast %m : memref<13xf32> to memref<*xf32>
  call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  return
}

func.func @main() {
  %x = arith.constant dense<[0.0, -0.0, 1.0, -1.0, 3.0, -3.0, -10.0, 20.0,
      -20.0, 1.0e30, 0x7F800000, 0xFF800000, 0x7FC00000]> : tensor<13xf32>

  // CHECK: [0,  -0,  1,  -1,  3,  -3,  -10,  20,  -20,  1e+30,  inf,  -inf,  nan]
  %identity = glu.activation <identity> %x : tensor<13xf32>
  call @print(%identity) : (tensor<13xf32>) -> ()

  // CHECK: [0.5,  0.5,  0.731059,  0.268941,  0.952574,  0.0474259,  4.53979e-05,  1,  2.06115e-09,  1,  1,  0,  {{-?}}nan]
  %sigmoid = glu.activation <sigmoid> %x : tensor<13xf32>
  call @print(%sigmoid) : (tensor<13xf32>) -> ()

  // relu(-0) = maximumf(-0, 0) = +0.
  // CHECK: [0,  0,  1,  0,  3,  0,  0,  20,  0,  1e+30,  inf,  0,  {{-?}}nan]
  %relu = glu.activation <relu> %x : tensor<13xf32>
  call @print(%relu) : (tensor<13xf32>) -> ()

  // CHECK: [0,  0,  1,  0,  9,  0,  0,  400,  0,  inf,  inf,  0,  {{-?}}nan]
  %relu_squared = glu.activation <relu_squared> %x : tensor<13xf32>
  call @print(%relu_squared) : (tensor<13xf32>) -> ()

  // CHECK: [0,  -0,  0.841345,  -0.158655,  2.99595,  -0.00404969,  -7.61985e-23,  20,  -0,  1e+30,  inf,  -0,  {{-?}}nan]
  %gelu = glu.activation <gelu> %x : tensor<13xf32>
  call @print(%gelu) : (tensor<13xf32>) -> ()

  // CHECK: [0,  -0,  0.841192,  -0.158808,  2.99636,  -0.00363739,  -1.20409e-37,  20,  -0,  1e+30,  inf,  -0,  {{-?}}nan]
  %gelu_tanh = glu.activation <gelu_tanh> %x : tensor<13xf32>
  call @print(%gelu_tanh) : (tensor<13xf32>) -> ()

  // CHECK: [0,  -0,  0.845796,  -0.154204,  2.98193,  -0.0180713,  -4.05796e-07,  20,  -3.29341e-14,  1e+30,  inf,  -0,  {{-?}}nan]
  %quick_gelu = glu.activation <quick_gelu> %x : tensor<13xf32>
  call @print(%quick_gelu) : (tensor<13xf32>) -> ()

  // CHECK: [0,  -0,  0.731059,  -0.268941,  2.85772,  -0.142278,  -0.000453979,  20,  -4.12231e-08,  1e+30,  inf,  -0,  {{-?}}nan]
  %swish = glu.activation <swish> %x : tensor<13xf32>
  call @print(%swish) : (tensor<13xf32>) -> ()
  return
}
