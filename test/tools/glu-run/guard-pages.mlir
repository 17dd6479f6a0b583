// glu-run --guard-pages ends each argument right before an inaccessible
// page (the argument on a 16-byte boundary, less than 16 bytes of padding
// after it): code that reads past an argument's end faults instead of
// reading whatever follows it. The fused-kernel tests run with it.
//
// RUN: %glu_run %s --entry=last --guard-pages | FileCheck %s
// RUN: not --crash %glu_run %s --entry=past_end --guard-pages

// x: 1000 f32 and glu-run's spare element (4004 bytes), padded to 4016:
// index 999 is the last element, index 1004 the first word of the guard
// page.
// CHECK: result #0: tensor<f32>
func.func @last(%x: tensor<1000xf32>) -> tensor<f32> {
  %i = arith.constant 999 : index
  %e = tensor.extract %x[%i] : tensor<1000xf32>
  %r = tensor.from_elements %e : tensor<f32>
  return %r : tensor<f32>
}

func.func @past_end(%x: tensor<1000xf32>) -> tensor<f32> {
  %i = arith.constant 1004 : index
  %e = tensor.extract %x[%i] : tensor<1000xf32>
  %r = tensor.from_elements %e : tensor<f32>
  return %r : tensor<f32>
}
