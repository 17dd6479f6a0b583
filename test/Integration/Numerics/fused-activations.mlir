// Every activation through the epilogue of the fused CPU kernels
// (convert-glu-to-vector, which glu-lower-to-llvm-cpu runs first): the same
// sweep, special values and ulp bounds as activations.mlir, fed as the gate
// bias of a glu.gated_proj with x = 0 (check_activation_ulp.py --through
// gated_proj).
//
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --through gated_proj --kind=identity --bound=0
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --through gated_proj --kind=relu --bound=0
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --through gated_proj --kind=relu_squared --bound=0.5
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --through gated_proj --kind=sigmoid --bound=4
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --through gated_proj --kind=gelu --bound=4 --distinguish-from=gelu_tanh
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --through gated_proj --kind=gelu_tanh --bound=4 --distinguish-from=gelu
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --through gated_proj --kind=quick_gelu --bound=4
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --through gated_proj --kind=swish --bound=4
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --through gated_proj --kind=swish --beta=0.5 --bound=4
