// Every activation through the epilogue of the fused GPU kernels
// (convert-glu-to-gpu, run by glu-run --target=nvvm): the same sweep, special
// values and ulp bounds as activations.mlir, fed as the gate bias of a
// glu.gated_proj with x = 0 (check_activation_ulp.py --through gated_proj).
// Only where a GPU and its driver are present.
//
// REQUIRES: cuda-driver
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --through gated_proj --kind=identity --bound=0 --glu-run-arg=--target=nvvm --glu-run-arg=--lowering-options=chip=sm_80
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --through gated_proj --kind=relu --bound=0 --glu-run-arg=--target=nvvm --glu-run-arg=--lowering-options=chip=sm_80
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --through gated_proj --kind=relu_squared --bound=0.5 --glu-run-arg=--target=nvvm --glu-run-arg=--lowering-options=chip=sm_80
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --through gated_proj --kind=sigmoid --bound=4 --glu-run-arg=--target=nvvm --glu-run-arg=--lowering-options=chip=sm_80
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --through gated_proj --kind=gelu --bound=4 --distinguish-from=gelu_tanh --glu-run-arg=--target=nvvm --glu-run-arg=--lowering-options=chip=sm_80
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --through gated_proj --kind=gelu_tanh --bound=4 --distinguish-from=gelu --glu-run-arg=--target=nvvm --glu-run-arg=--lowering-options=chip=sm_80
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --through gated_proj --kind=quick_gelu --bound=4 --glu-run-arg=--target=nvvm --glu-run-arg=--lowering-options=chip=sm_80
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --through gated_proj --kind=swish --bound=4 --glu-run-arg=--target=nvvm --glu-run-arg=--lowering-options=chip=sm_80
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --through gated_proj --kind=swish --beta=0.5 --bound=4 --glu-run-arg=--target=nvvm --glu-run-arg=--lowering-options=chip=sm_80
