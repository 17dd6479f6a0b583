"""Max error in fp32 ulps of a compiled activation against float64.

Feeds a dense sweep of fp32 values in [-20, 20] plus special values through
`glu.activation <kind>` compiled by glu-run, and compares with the float64
reference (utils/glu_reference.py):

- where the exact result is a normal fp32 number, the error in ulps of the
  exact result must not exceed --bound;
- where it is below the smallest normal (2^-126), the result may flush: it
  must be within 2^-126 of the exact value;
- +-inf and NaN must come out as +-inf and NaN.

With --distinguish-from OTHER, also checks that the compiled code is NOT
within the bound of OTHER's reference (e.g. erf vs tanh GELU).

With --through gated_proj the values go through the epilogue of the fused
projection kernels instead: a generated `glu.gated_proj <kind>` with x = 0,
zero weights, the values as the gate bias and 1 as the value bias, so that
H = act(0 + b) * (0 + 1) = act(b) exactly (but -0 + 0 = +0: a -0 input
reaches the activation as +0). --glu-run-arg passes options to glu-run
(e.g. --target=nvvm to run the GPU kernels).
"""

import argparse
import os
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..",
                                "utils"))
import glu_reference  # noqa: E402
import glu_run  # noqa: E402

SMALLEST_NORMAL = 2.0 ** -126


def ulp_errors(got, exact):
    """|got - exact| in ulps of exact (as an fp32 number)."""
    exponent = np.floor(np.log2(np.abs(exact)))
    ulp = np.exp2(np.maximum(exponent, -126.0) - 23.0)
    return np.abs(got.astype(np.float64) - exact) / ulp


def check(got, exact, bound, label):
    """Returns a list of failure messages."""
    failures = []
    nan = np.isnan(exact)
    if not np.array_equal(np.isnan(got), nan):
        failures.append(f"{label}: NaN where none expected or vice versa")
    # Exact results beyond the fp32 range must overflow to +-inf.
    with np.errstate(over="ignore"):
        inf = np.isinf(exact.astype(np.float32))
    if not np.array_equal(got[inf], np.sign(exact[inf]) * np.inf):
        failures.append(f"{label}: +-inf results differ")
    finite = ~nan & ~inf
    normal = finite & (np.abs(exact) >= SMALLEST_NORMAL)
    tiny = finite & ~normal
    errors = ulp_errors(got[normal], exact[normal])
    worst = int(np.argmax(errors)) if errors.size else None
    if tiny.any():
        flush_error = np.max(np.abs(got[tiny].astype(np.float64) -
                                    exact[tiny]))
        if flush_error > SMALLEST_NORMAL:
            failures.append(f"{label}: subnormal result off by {flush_error}")
    if worst is not None:
        x = args.inputs[normal][worst]
        message = (f"{label}: max error {errors[worst]:.2f} ulp at "
                   f"x = {x!r} (got {got[normal][worst]!r}, exact "
                   f"{exact[normal][worst]!r}); bound {bound} ulp")
        print(message)
        if errors[worst] > bound:
            failures.append(message)
    return failures


parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--glu-run", required=True)
parser.add_argument("--module", help="module with the activation "
                    "functions (--through activation)")
parser.add_argument("--through", choices=("activation", "gated_proj"),
                    default="activation")
parser.add_argument("--glu-run-arg", action="append", default=[],
                    help="an option for glu-run (repeatable)")
parser.add_argument("--entry", help="function to run (default: --kind)")
parser.add_argument("--kind", required=True,
                    choices=glu_reference.ACTIVATIONS)
parser.add_argument("--beta", type=float, default=1.0)
parser.add_argument("--bound", type=float, required=True,
                    help="max error in ulps where the result is normal")
parser.add_argument("--points", type=int, default=400001)
parser.add_argument("--distinguish-from", choices=glu_reference.ACTIVATIONS)
args = parser.parse_args()
if args.through == "activation" and not args.module:
    parser.error("--through activation needs --module")

specials = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-45, -1e-45,
                     1e-38, -1e-38, 1e-20, -1e-20, 88.0, -88.0, 100.0,
                     -100.0, 1e10, -1e10, 1e30, -1e30, 3.4e38, -3.4e38],
                    dtype=np.float32)
sweep = np.linspace(-20.0, 20.0, args.points).astype(np.float32)
args.inputs = np.concatenate([sweep, specials])



def gated_proj_module(kind, beta, path):
    """Writes a glu.gated_proj <kind> whose result is act(gate bias)."""
    attributes = f"<{kind}, beta = {beta!r}>" if kind == "swish" else f"<{kind}>"
    with open(path, "w") as f:
        f.write(f"""func.func @case(%x: tensor<1x16xf32>, %w: tensor<16x?xf32>,
    %v: tensor<16x?xf32>, %b: tensor<?xf32>, %c: tensor<?xf32>)
    -> tensor<1x?xf32> {{
  %y = glu.gated_proj {attributes} %x : tensor<1x16xf32>
      gate(%w : tensor<16x?xf32>) value(%v : tensor<16x?xf32>)
      gate_bias(%b : tensor<?xf32>) value_bias(%c : tensor<?xf32>)
      -> tensor<1x?xf32>
  return %y : tensor<1x?xf32>
}}
""")


if args.through == "activation":
    (got,), _ = glu_run.run(args.glu_run, args.module,
                            args.entry or args.kind, [args.inputs],
                            args.glu_run_arg)
else:
    count = args.inputs.size
    zeros = np.zeros((16, count), np.float32)
    with tempfile.TemporaryDirectory() as tmp:
        module = os.path.join(tmp, "gated_proj.mlir")
        gated_proj_module(args.kind, args.beta, module)
        (got,), _ = glu_run.run(
            args.glu_run, module, "case",
            [np.zeros((1, 16), np.float32), zeros, zeros, args.inputs,
             np.ones(count, np.float32)], args.glu_run_arg)
    got = got.reshape(-1)
exact = glu_reference.activation(args.kind, args.inputs, args.beta)
failures = check(got, exact, args.bound, args.kind)

if args.distinguish_from:
    other = glu_reference.activation(args.distinguish_from, args.inputs)
    finite = np.isfinite(other) & (np.abs(other) >= SMALLEST_NORMAL)
    separation = np.max(ulp_errors(got[finite], other[finite]))
    print(f"{args.kind} vs {args.distinguish_from} reference: "
          f"{separation:.0f} ulp apart")
    if separation <= 1000 * args.bound:
        failures.append(f"{args.kind} is within {separation} ulp of "
                        f"{args.distinguish_from}: the forms are not told "
                        "apart")

for failure in failures:
    print("FAIL:", failure)
sys.exit(1 if failures else 0)
