// Executes glu.gate for every activation, with and without GPT-OSS clamps,
// on static and dynamic 2-D and 3-D shapes and a zero-sized token dimension,
// in f32 (all activations), bf16, f16 and f64 (a subset), against the float64
// NumPy reference (utils/glu_reference.py); check_ops.py states the tolerance.
//
// RUN: %python %S/check_ops.py --glu-run %glu_run --op gate --dtype f32
// RUN: %python %S/check_ops.py --glu-run %glu_run --op gate --dtype bf16 --activations gelu,gelu_tanh,swish
// RUN: %python %S/check_ops.py --glu-run %glu_run --op gate --dtype f16 --activations gelu,relu_squared,quick_gelu
// RUN: %python %S/check_ops.py --glu-run %glu_run --op gate --dtype f64 --activations gelu,gelu_tanh,quick_gelu
