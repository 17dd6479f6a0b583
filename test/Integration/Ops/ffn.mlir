// Executes glu.ffn for every activation, every layout
// (separate, [gate|up], [up|gate], interleaved with granularity 1 and 4),
// with and without biases, and GPT-OSS clamps,
// on static and dynamic 2-D and 3-D shapes and a zero-sized token dimension,
// in f32 (all activations), bf16, f16 and f64 (a subset), against the float64
// NumPy reference (utils/glu_reference.py); check_ops.py states the tolerance.
//
// RUN: %python %S/check_ops.py --glu-run %glu_run --op ffn --dtype f32
// RUN: %python %S/check_ops.py --glu-run %glu_run --op ffn --dtype bf16 --activations gelu,gelu_tanh,swish
// RUN: %python %S/check_ops.py --glu-run %glu_run --op ffn --dtype f16 --activations gelu,relu_squared,quick_gelu
// RUN: %python %S/check_ops.py --glu-run %glu_run --op ffn --dtype f64 --activations gelu,gelu_tanh,quick_gelu
