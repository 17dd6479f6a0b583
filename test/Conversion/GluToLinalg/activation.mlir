// RUN: glu-opt %s -convert-glu-to-linalg -split-input-file | FileCheck %s

// Each activation becomes one elementwise linalg.generic whose body is the
// formula of #glu.activation, with the exact constants rounded to f32.

// CHECK-LABEL: func @identity
// CHECK-NOT: linalg.generic
// CHECK: return %arg0
func.func @identity(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = glu.activation <identity> %x : tensor<4xf32>
  // CHECK-NOT: glu.
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @relu
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel"]} ins(%arg0 : tensor<4xf32>) outs(%[[E]] : tensor<4xf32>)
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK:   %[[R:.*]] = arith.maximumf %[[IN]], %{{.*}} : f32
// CHECK:   linalg.yield %[[R]]
func.func @relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = glu.activation <relu> %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @relu_squared
// CHECK: %[[R:.*]] = arith.maximumf
// CHECK: %[[S:.*]] = arith.mulf %[[R]], %[[R]] : f32
// CHECK: linalg.yield %[[S]]
func.func @relu_squared(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = glu.activation <relu_squared> %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Overflow-free sigmoid: exp(-|z|), then 1/(1+e) or e/(1+e).
// CHECK-LABEL: func @sigmoid
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK:   %[[ABS:.*]] = math.absf %[[IN]]
// CHECK:   %[[NEG:.*]] = arith.negf %[[ABS]]
// CHECK:   %[[E:.*]] = math.exp %[[NEG]]
// CHECK:   %[[GE:.*]] = arith.cmpf oge, %[[IN]]
// CHECK:   %[[NUM:.*]] = arith.select %[[GE]], %{{.*}}, %[[E]]
// CHECK:   %[[DEN:.*]] = arith.addf %{{.*}}, %[[E]]
// CHECK:   %[[S:.*]] = arith.divf %[[NUM]], %[[DEN]]
// CHECK:   linalg.yield %[[S]]
func.func @sigmoid(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = glu.activation <sigmoid> %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// f32 GELU: x * Phi(x) with Phi from erfc(|x|/sqrt 2) = t exp(-x^2/2) Q(t),
// t = 1 / (1 + |x|/2), x^2 split exactly with an FMA, t * Q(t) by Horner's
// rule in f64 and rounded once; no math.erfc and no 1 + erf(...).
// CHECK-LABEL: func @gelu
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK:   %[[ABS:.*]] = math.absf %[[IN]]
// CHECK:   %[[T:.*]] = arith.addf {{.*}} : f64
// CHECK:   arith.constant -0.077724702699999995 : f64
// CHECK:   math.fma {{.*}}, %[[T]], {{.*}} : f64
// CHECK:   arith.constant 0.39895996500000003 : f64
// CHECK:   %[[Q:.*]] = math.fma {{.*}}, %[[T]], {{.*}} : f64
// CHECK:   %[[TQ:.*]] = arith.mulf %[[T]], %[[Q]] : f64
// CHECK:   arith.truncf %[[TQ]] : f64 to f32
// CHECK:   %[[SQ:.*]] = arith.mulf %[[IN]], %[[IN]] : f32
// CHECK:   %[[NSQ:.*]] = arith.negf %[[SQ]]
// CHECK:   math.fma %[[IN]], %[[IN]], %[[NSQ]]
// CHECK:   math.exp
// CHECK:   math.copysign
// CHECK:   %[[NEG:.*]] = arith.cmpf olt, %[[IN]]
// CHECK:   %[[R:.*]] = arith.select %[[NEG]]
// CHECK:   linalg.yield %[[R]]
// CHECK-NOT: math.erf
func.func @gelu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = glu.activation <gelu> %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// tanh-GELU as x * sigmoid(2u), 2u = 2 sqrt(2/pi) x + 2 sqrt(2/pi) 0.044715 x^3
// carried as hi + lo.
// CHECK-LABEL: func @gelu_tanh
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK:   %[[X2:.*]] = arith.mulf %[[IN]], %[[IN]]
// CHECK:   %[[X3:.*]] = arith.mulf %[[X2]], %[[IN]]
// CHECK:   arith.constant 0.0713548139 : f32
// CHECK:   arith.constant 1.59576917 : f32
// CHECK:   math.exp
// CHECK:   arith.divf
// CHECK:   math.copysign
// CHECK-NOT: math.tanh
func.func @gelu_tanh(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = glu.activation <gelu_tanh> %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// quick GELU: 1.702 is not exact in f32; its low part enters the argument.
// CHECK-LABEL: func @quick_gelu
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK:   %[[A:.*]] = arith.constant 1.702000e+00 : f32
// CHECK:   %[[Z:.*]] = arith.mulf %[[A]], %[[IN]]
// CHECK:   arith.constant -2.19345093E-8 : f32
// CHECK:   math.exp
// CHECK:   math.copysign
func.func @quick_gelu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = glu.activation <quick_gelu> %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// SiLU (beta = 1) multiplies by nothing before the sigmoid; below -80 the
// exponent is shifted by 64 ln2 and the product scaled by 2^-64.
// CHECK-LABEL: func @silu
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NOT: arith.mulf
// CHECK:   math.absf %[[IN]]
// CHECK:   arith.constant -8.000000e+01 : f32
// CHECK:   arith.constant 44.3614197 : f32
// CHECK:   math.exp
// CHECK:   arith.constant 5.42101086E-20 : f32
func.func @silu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = glu.activation <swish> %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// An exact beta (0.25) has no low part.
// CHECK-LABEL: func @swish_beta
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK:   %[[B:.*]] = arith.constant 2.500000e-01 : f32
// CHECK:   %[[Z:.*]] = arith.mulf %[[B]], %[[IN]]
// CHECK:   math.fma %[[B]], %[[IN]]
// CHECK-NEXT: math.absf %[[Z]]
// CHECK:   math.exp
func.func @swish_beta(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = glu.activation <swish, beta = 0.25> %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Narrow floats compute in f32 and round once; dynamic dims size the init.
// CHECK-LABEL: func @bf16_dynamic
// CHECK: %[[D0:.*]] = tensor.dim %arg0, %{{.*}} : tensor<?x3xbf16>
// CHECK: %[[E:.*]] = tensor.empty(%[[D0]]) : tensor<?x3xbf16>
// CHECK: ^bb0(%[[IN:.*]]: bf16, %{{.*}}: bf16):
// CHECK:   %[[W:.*]] = arith.extf %[[IN]] : bf16 to f32
// CHECK:   math.absf %[[W]] : f32
// CHECK:   %[[T:.*]] = arith.truncf %{{.*}} : f32 to bf16
// CHECK:   linalg.yield %[[T]] : bf16
func.func @bf16_dynamic(%x: tensor<?x3xbf16>) -> tensor<?x3xbf16> {
  %0 = glu.activation <gelu> %x : tensor<?x3xbf16>
  return %0 : tensor<?x3xbf16>
}

// -----

// f64 stays f64 and uses math.erfc (libm's erfc is accurate in f64).
// CHECK-LABEL: func @f64
// CHECK: ^bb0(%[[IN:.*]]: f64, %{{.*}}: f64):
// CHECK:   arith.constant -0.70710678118654757 : f64
// CHECK:   math.erfc %{{.*}} : f64
// CHECK-NOT: arith.extf
func.func @f64(%x: tensor<4xf64>) -> tensor<4xf64> {
  %0 = glu.activation <gelu> %x : tensor<4xf64>
  return %0 : tensor<4xf64>
}
