// A GEGLU feed-forward block (T5 v1.1 / Gemma style) written with glu ops:
//
//   y = (GELU(x W) * (x V)) W2
//
// with d_model = 256, d_ff = 704 and a dynamic number of tokens. This is the
// default input of `scripts/run-example.sh`.
//
// reference: op=ffn activation=gelu operands=input,gate_weight,value_weight,down_weight

func.func @geglu_ffn(%x: tensor<?x256xf32>,
                     %w_gate: tensor<256x704xf32>,
                     %w_up: tensor<256x704xf32>,
                     %w_down: tensor<704x256xf32>) -> tensor<?x256xf32> {
  %y = glu.ffn <gelu> %x : tensor<?x256xf32>
         gate(%w_gate : tensor<256x704xf32>)
         value(%w_up : tensor<256x704xf32>)
         down(%w_down : tensor<704x256xf32>)
         -> tensor<?x256xf32>
  return %y : tensor<?x256xf32>
}
