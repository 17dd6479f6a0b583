// RUN: glu-opt %s --glu-expand-math | FileCheck %s

// f32 transcendental functions become arith polynomials; f64 ones stay for
// libm; f16 is evaluated in f32.

// CHECK-LABEL: func @f32
// CHECK-NOT: math.erfc
// CHECK-NOT: math.exp
// CHECK-NOT: math.tanh
// CHECK: return
func.func @f32(%x: f32) -> (f32, f32, f32) {
  %0 = math.erfc %x : f32
  %1 = math.exp %x : f32
  %2 = math.tanh %x : f32
  return %0, %1, %2 : f32, f32, f32
}

// CHECK-LABEL: func @vector
// CHECK-NOT: math.erfc
// CHECK: return
func.func @vector(%x: vector<8xf32>) -> vector<8xf32> {
  %0 = math.erfc %x : vector<8xf32>
  return %0 : vector<8xf32>
}

// CHECK-LABEL: func @f64
// CHECK: math.erfc %{{.*}} : f64
func.func @f64(%x: f64) -> f64 {
  %0 = math.erfc %x : f64
  return %0 : f64
}

// CHECK-LABEL: func @f16
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK-NOT: math.exp
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @f16(%x: f16) -> f16 {
  %0 = math.exp %x : f16
  return %0 : f16
}
