// Executes glu.gate for every activation (and, for the projections, every
// layout, with and without biases),
// on static and dynamic 2-D and 3-D shapes and zero tokens, f32 (all activations), bf16
// and f64 (a subset), against the float64 NumPy reference
// (utils/glu_reference.py); see check_ops.py for the tolerance.
//
// RUN: %python %S/check_ops.py --glu-run %glu_run --op gate --dtype f32
// RUN: %python %S/check_ops.py --glu-run %glu_run --op gate --dtype bf16 --activations gelu,gelu_tanh,swish
// RUN: %python %S/check_ops.py --glu-run %glu_run --op gate --dtype f64 --activations gelu,gelu_tanh,quick_gelu
