// One function per activation; the RUN lines execute each over a dense fp32
// sweep of [-20, 20] plus special values and check the max ulp error against
// the float64 reference. The bounds are the ones documented in
// #glu.activation (docs/generated/Dialects/GluDialect.md).
//
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --module %s --kind=identity --bound=0
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --module %s --kind=relu --bound=0
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --module %s --kind=relu_squared --bound=0.5
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --module %s --kind=sigmoid --bound=4
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --module %s --kind=gelu --bound=4 --distinguish-from=gelu_tanh
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --module %s --kind=gelu_tanh --bound=4 --distinguish-from=gelu
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --module %s --kind=quick_gelu --bound=4
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --module %s --kind=swish --bound=4
// RUN: %python %S/check_activation_ulp.py --glu-run %glu_run --module %s --entry=swish_beta --kind=swish --beta=0.5 --bound=4

func.func @identity(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = glu.activation <identity> %x : tensor<?xf32>
  return %y : tensor<?xf32>
}
func.func @relu(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = glu.activation <relu> %x : tensor<?xf32>
  return %y : tensor<?xf32>
}
func.func @relu_squared(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = glu.activation <relu_squared> %x : tensor<?xf32>
  return %y : tensor<?xf32>
}
func.func @sigmoid(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = glu.activation <sigmoid> %x : tensor<?xf32>
  return %y : tensor<?xf32>
}
func.func @gelu(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = glu.activation <gelu> %x : tensor<?xf32>
  return %y : tensor<?xf32>
}
func.func @gelu_tanh(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = glu.activation <gelu_tanh> %x : tensor<?xf32>
  return %y : tensor<?xf32>
}
func.func @quick_gelu(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = glu.activation <quick_gelu> %x : tensor<?xf32>
  return %y : tensor<?xf32>
}
func.func @swish(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = glu.activation <swish> %x : tensor<?xf32>
  return %y : tensor<?xf32>
}
func.func @swish_beta(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = glu.activation <swish, beta = 0.5> %x : tensor<?xf32>
  return %y : tensor<?xf32>
}
