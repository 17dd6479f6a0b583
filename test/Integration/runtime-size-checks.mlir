// Sizes that the verifier cannot see (dynamic ones) are checked when the
// compiled code runs: a call whose sizes disagree stops with a message that
// names the two sizes instead of reading out of bounds. glu-run gives every
// dynamic dimension the size --dim.
//
// RUN: %glu_run %s --entry=consistent --dim=8 | FileCheck %s --check-prefix=OK
// RUN: not --crash %glu_run %s --entry=gate_rows --dim=4 2>&1 | FileCheck %s --check-prefix=ROWS
// RUN: not --crash %glu_run %s --entry=value_columns --dim=4 2>&1 | FileCheck %s --check-prefix=COLUMNS
// RUN: not --crash %glu_run %s --entry=packed_width --dim=6 2>&1 | FileCheck %s --check-prefix=PACKED
// RUN: not --crash %glu_run %s --entry=down_rows --dim=4 2>&1 | FileCheck %s --check-prefix=DOWN
// RUN: not --crash %glu_run %s --entry=static_result --dim=4 2>&1 | FileCheck %s --check-prefix=RESULT
// RUN: not --crash %glu_run %s --entry=gate_shapes --dim=4 2>&1 | FileCheck %s --check-prefix=GATE

// OK: result #0: tensor<8x16xf32>
func.func @consistent(%x: tensor<?x?xf32>, %w: tensor<?x16xf32>, %v: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %0 = glu.gated_proj <gelu> %x : tensor<?x?xf32> gate(%w : tensor<?x16xf32>) value(%v : tensor<?x16xf32>) -> tensor<?x16xf32>
  return %0 : tensor<?x16xf32>
}

// ROWS: glu.gated_proj: gate weight rows (dim 0) and input width D (last dim) disagree
func.func @gate_rows(%x: tensor<?x8xf32>, %w: tensor<?x16xf32>, %v: tensor<8x16xf32>) -> tensor<?x16xf32> {
  %0 = glu.gated_proj <gelu> %x : tensor<?x8xf32> gate(%w : tensor<?x16xf32>) value(%v : tensor<8x16xf32>) -> tensor<?x16xf32>
  return %0 : tensor<?x16xf32>
}

// COLUMNS: glu.gated_proj: value weight columns (dim 1) and gate weight columns F (dim 1) disagree
func.func @value_columns(%x: tensor<2x8xf32>, %w: tensor<8x16xf32>, %v: tensor<8x?xf32>) -> tensor<2x16xf32> {
  %0 = glu.gated_proj <swish> %x : tensor<2x8xf32> gate(%w : tensor<8x16xf32>) value(%v : tensor<8x?xf32>) -> tensor<2x16xf32>
  return %0 : tensor<2x16xf32>
}

// PACKED: glu.gated_proj: packed weight width (dim 1) and a multiple of 2 * granularity disagree
func.func @packed_width(%x: tensor<2x8xf32>, %p: tensor<8x?xf32>) -> tensor<2x?xf32> {
  %0 = glu.gated_proj <gelu> layout <interleaved, granularity = 2> %x : tensor<2x8xf32> packed(%p : tensor<8x?xf32>) -> tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}

// DOWN: glu.ffn: down weight rows (dim 0) and F disagree
func.func @down_rows(%x: tensor<2x8xf32>, %w: tensor<8x16xf32>, %v: tensor<8x16xf32>, %w2: tensor<?x8xf32>) -> tensor<2x8xf32> {
  %0 = glu.ffn <gelu> %x : tensor<2x8xf32> gate(%w : tensor<8x16xf32>) value(%v : tensor<8x16xf32>) down(%w2 : tensor<?x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// RESULT: glu.gated_proj: result dim 0 of type 3 and the size computed from the operands disagree
func.func @static_result(%x: tensor<?x8xf32>, %w: tensor<8x16xf32>, %v: tensor<8x16xf32>) -> tensor<3x16xf32> {
  %0 = glu.gated_proj <gelu> %x : tensor<?x8xf32> gate(%w : tensor<8x16xf32>) value(%v : tensor<8x16xf32>) -> tensor<3x16xf32>
  return %0 : tensor<3x16xf32>
}

// GATE: glu.gate: gate and value sizes in dim 1 disagree
func.func @gate_shapes(%g: tensor<4x?xf32>, %v: tensor<4x?xf32>) -> tensor<4x?xf32> {
  %c1 = arith.constant 1 : index
  %w = tensor.extract_slice %v[0, 0] [4, 3] [1, 1] : tensor<4x?xf32> to tensor<4x3xf32>
  %wd = tensor.cast %w : tensor<4x3xf32> to tensor<4x?xf32>
  %0 = glu.gate <gelu> %g, %wd : tensor<4x?xf32>
  return %0 : tensor<4x?xf32>
}
