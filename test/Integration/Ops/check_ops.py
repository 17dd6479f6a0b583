"""Every glu op end to end against the float64 NumPy reference.

For each configuration (activation x layout x biases x shapes x element
type) this writes a one-function module, compiles and runs it with glu-run
on seeded random inputs, and compares the result with utils/glu_reference.py.
glu-run compiles each at --opt-level=0: these hundreds of small modules check
what glu's lowerings compute, and LLVM's -O3 takes several times as long as
-O0 to compile one (fused-cpu.mlir runs the fused kernels at -O3).

Tolerance: the contractions reduce over K = D (gated_proj) or D + F (ffn)
terms (K = 0 for the elementwise ops), so the normwise error
max|y - ref| / max|ref| may reach about K roundings of the accumulation type,
plus the activation's own error (at most 4 ulp, i.e. 8 u) and the final
rounding to the element type; we allow (2 K + 8) u + 2 u_out, where u is the
unit roundoff of the accumulation type (f32 for f32/f16/bf16, f64 for f64) and
u_out that of the element type. A swapped gate/value, layout or GELU form, or
torch-mlir's sqrt(2/pi) = 0.79772, misses this by orders of magnitude.
"""

import argparse
import itertools
import os
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..",
                                "utils"))
import glu_reference  # noqa: E402
import glu_run  # noqa: E402

UNIT_ROUNDOFF = {"f32": 2.0 ** -24, "f16": 2.0 ** -11, "bf16": 2.0 ** -8,
                 "f64": 2.0 ** -53}
ACCUMULATION = {"f32": "f32", "f16": "f32", "bf16": "f32", "f64": "f64"}
LAYOUTS = [("separate", 1), ("gate_up", 1), ("up_gate", 1),
           ("interleaved", 1), ("interleaved", 4)]
SHAPES = {
    # name: (token dims, dynamic token dims, dynamic weight dims)
    "static-2d": ((5,), False, False),
    "static-3d": ((2, 3), False, False),
    "dynamic-2d": ((7,), True, False),
    "dynamic-3d": ((2, 3), True, False),
    "dynamic-all-3d-zero-tokens": ((0, 3), True, True),
}
SIZES = (16, 32, 12)  # D, F, E
# Extra columns of a weight argument of which the op takes a view
# (build_case's weight_column): a multiple of 8 elements, so that a view's
# row stride allows 16-byte loads of f32, f16 and bf16.
WEIGHT_PADDING = 8


def bf16_round(array):
    """Rounds float32 values to bfloat16 (nearest even), kept as float32."""
    bits = np.asarray(array, dtype=np.float32).view(np.uint32).astype(np.uint64)
    bits = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16) << 16
    return bits.astype(np.uint32).view(np.float32)


def to_element_type(array, dtype):
    if dtype == "f64":
        return array.astype(np.float64)
    if dtype == "bf16":
        return bf16_round(array.astype(np.float32))
    if dtype == "f16":
        return array.astype(np.float16).astype(np.float32)
    return array.astype(np.float32)


def tensor_type(shape, dtype, dynamic):
    dims = ["?" if dyn else str(size) for size, dyn in zip(shape, dynamic)]
    return "tensor<" + "x".join(dims + [dtype]) + ">"


def build_elementwise_case(op, act, shape, dtype, clamp, rng, sizes):
    """glu.activation / glu.gate on [..., F] tensors."""
    tokens, dynamic_tokens, dynamic_weights = shape
    shape = tokens + (sizes[1],)
    type_ = tensor_type(shape, dtype,
                        [dynamic_tokens] * len(tokens) + [dynamic_weights])
    inputs = [to_element_type(
        rng.uniform(-12, 12, size=shape).astype(np.float32), dtype)
        for _ in range(1 if op == "activation" else 2)]
    attrs, gating = f"<{act}>", {}
    if clamp:
        attrs += (" clamp <gate_limit = 7.0, value_limit = 7.0, "
                  "value_offset = 1.0>")
        gating = dict(gate_limit=7.0, value_limit=7.0, value_offset=1.0)
    if op == "activation":
        expected = glu_reference.activation(act, inputs[0])
        text = (f"func.func @case(%x: {type_}) -> {type_} {{\n"
                f"  %y = glu.activation {attrs} %x : {type_}\n")
    else:
        expected = glu_reference.gate(act, inputs[0], inputs[1], **gating)
        text = (f"func.func @case(%g: {type_}, %v: {type_}) -> {type_} {{\n"
                f"  %y = glu.gate {attrs} %g, %v : {type_}\n")
    text += f"  return %y : {type_}\n}}\n"
    return text, inputs, expected


def element_bytes(array, dtype):
    """The little-endian bytes of `array` (values of `dtype`) as `dtype`."""
    if dtype == "bf16":
        return (array.astype("<f4").view("<u4") >> 16).astype("<u2").tobytes()
    return array.astype({"f16": "<f2", "f32": "<f4", "f64": "<f8"}[dtype]
                        ).tobytes()


def build_case(op, act, layout, granularity, biased, shape, dtype, clamp, rng,
               sizes=SIZES, hidden=None, constant_weights=False,
               weight_column=0):
    """Returns (module text, inputs, reference output) for `shape` =
    (token dims, dynamic token dims, dynamic weight dims) and `sizes` =
    (D, F, E). For glu.ffn, `hidden` (a dict) receives the float64 reference
    of the gated projection H ("hidden") and the down weight ("down"). With
    `constant_weights`, the weights and biases are `arith.constant`s (of
    static shape) in the function rather than arguments. With
    `weight_column` (static weight dims only), each [K, N] weight argument
    is [K, N + WEIGHT_PADDING] and the op takes its columns from
    `weight_column` on (a tensor.extract_slice, which bufferizes to a view
    at that offset)."""
    if op in ("activation", "gate"):
        return build_elementwise_case(op, act, shape, dtype, clamp, rng, sizes)
    D, F, E = sizes
    tokens, dynamic_tokens, dynamic_weights = shape
    x_shape = tokens + (D,)
    x_dyn = [dynamic_tokens] * len(tokens) + [dynamic_weights]
    operands = []  # (keyword, name, array, dynamic dims)

    def add(keyword, shape, scale=1.0):
        array = to_element_type(
            rng.uniform(-scale, scale, size=shape).astype(np.float32), dtype)
        dyn = [dynamic_weights] * len(shape)
        operands.append((keyword, array, dyn))
        return array

    x = to_element_type(
        rng.uniform(-2, 2, size=x_shape).astype(np.float32), dtype)
    weight_scale = 1.5 / np.sqrt(D)
    reference_args = {}
    if layout == "separate":
        reference_args["gate_weight"] = add("gate", (D, F), weight_scale)
        reference_args["value_weight"] = add("value", (D, F), weight_scale)
        if biased:
            reference_args["gate_bias"] = add("gate_bias", (F,), 0.5)
            reference_args["value_bias"] = add("value_bias", (F,), 0.5)
    else:
        reference_args["packed_weight"] = add("packed", (D, 2 * F),
                                              weight_scale)
        if biased:
            reference_args["packed_bias"] = add("packed_bias", (2 * F,), 0.5)
        reference_args["layout"] = layout
        reference_args["granularity"] = granularity
    if op == "ffn":
        down = add("down", (F, E), 1.0 / np.sqrt(F))
        down_bias = add("down_bias", (E,), 0.5) if biased else None

    beta = 1.0
    attrs = f"<{act}>"
    if clamp:
        beta = 1.702
        attrs = ("<swish, beta = 1.702> clamp <gate_limit = 7.0, "
                 "value_limit = 7.0, value_offset = 1.0>")
        reference_args.update(gate_limit=7.0, value_limit=7.0,
                              value_offset=1.0)
    if layout != "separate":
        attrs += (f" layout <{layout}, granularity = {granularity}>"
                  if granularity != 1 else f" layout <{layout}>")

    out_width = E if op == "ffn" else F
    result_type = tensor_type(tokens + (out_width,), dtype,
                              x_dyn[:-1] + [dynamic_weights])
    x_type = tensor_type(x_shape, dtype, x_dyn)
    args = [f"%x: {x_type}"]
    constants = ""
    clauses = []
    inputs = [x]
    for index, (keyword, array, dyn) in enumerate(operands):
        if constant_weights:
            type_ = tensor_type(array.shape, dtype, [False] * array.ndim)
            data = element_bytes(array, dtype).hex().upper()
            constants += (f"  %a{index} = arith.constant "
                          f"dense<\"0x{data}\"> : {type_}\n")
        elif weight_column and array.ndim == 2:
            assert not dynamic_weights, "weight views have static shapes"
            rows, columns = array.shape
            padded = np.zeros((rows, columns + WEIGHT_PADDING), array.dtype)
            padded[:, weight_column:weight_column + columns] = array
            type_ = tensor_type(array.shape, dtype, dyn)
            padded_type = tensor_type(padded.shape, dtype, dyn)
            args.append(f"%p{index}: {padded_type}")
            constants += (f"  %a{index} = tensor.extract_slice %p{index}"
                          f"[0, {weight_column}] [{rows}, {columns}] [1, 1] "
                          f": {padded_type} to {type_}\n")
            inputs.append(padded)
        else:
            type_ = tensor_type(array.shape, dtype, dyn)
            args.append(f"%a{index}: {type_}")
            inputs.append(array)
        clauses.append(f"{keyword}(%a{index} : {type_})")
    text = (f"func.func @case({', '.join(args)}) -> {result_type} {{\n"
            + constants +
            f"  %y = glu.{op} {attrs} %x : {x_type}\n    "
            + "\n    ".join(clauses) + f"\n    -> {result_type}\n"
            f"  return %y : {result_type}\n}}\n")

    kind = "swish" if clamp else act
    if op == "ffn":
        expected = glu_reference.ffn(x, kind, down, down_bias, beta=beta,
                                     **reference_args)
        if hidden is not None:
            hidden["hidden"] = glu_reference.gated_proj(x, kind, beta=beta,
                                                        **reference_args)
            hidden["down"] = down
    else:
        expected = glu_reference.gated_proj(x, kind, beta=beta,
                                            **reference_args)
    return text, inputs, expected


def tolerance_for(op, dtype, sizes):
    """The normwise tolerance of the module docstring."""
    D, F, _ = sizes
    reduction = {"activation": 0, "gate": 0, "gated_proj": D,
                 "ffn": D + F}[op]
    u_acc = UNIT_ROUNDOFF[ACCUMULATION[dtype]]
    return (2 * reduction + 8) * u_acc + 2 * UNIT_ROUNDOFF[dtype]


def normwise_error(got, expected):
    """max|got - expected| / max|expected| (0 for empty or zero results)."""
    scale = np.max(np.abs(expected)) if expected.size else 0.0
    if not expected.size or scale == 0:
        return 0.0
    return np.max(np.abs(got - expected)) / scale


def run_and_compare(glu_run_path, module, inputs, expected, tolerance,
                    label, run_args=(), env=None):
    """Runs @case of `module` on `inputs` and compares with `expected`.
    Prints a FAIL line and returns None if it fails, else the normwise
    error."""
    try:
        (got,), _ = glu_run.run(glu_run_path, module, "case", inputs,
                                run_args, env=env)
    except glu_run.GluRunError as error:
        print(f"FAIL: {label}: glu-run failed: {error}")
        return None
    if got.shape != expected.shape:
        print(f"FAIL: {label}: shape {got.shape} != {expected.shape}")
        return None
    error = normwise_error(got, expected)
    if not np.isfinite(error) or error > tolerance:
        print(f"FAIL: {label}: normwise error {error:.3g} > {tolerance:.3g}")
        return None
    return error


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--glu-run", required=True)
    parser.add_argument("--op", required=True,
                        choices=("activation", "gate", "gated_proj", "ffn"))
    parser.add_argument("--dtype", choices=sorted(UNIT_ROUNDOFF),
                        default="f32")
    parser.add_argument("--activations", default=",".join(
        glu_reference.ACTIVATIONS))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    tolerance = tolerance_for(args.op, args.dtype, SIZES)
    activations = args.activations.split(",")
    if args.op in ("activation", "gate"):
        # No weights: the layouts and biases do not apply.
        cases = [(act, "separate", 1, False, shape, False)
                 for act, shape in itertools.product(activations, SHAPES)]
        if args.op == "gate":
            cases += [(act, "separate", 1, False, "dynamic-3d", True)
                      for act in activations]
    else:
        cases = [(act, layout, granularity, biased, shape, False)
                 for act, (layout, granularity), biased, shape
                 in itertools.product(activations, LAYOUTS, (False, True),
                                      SHAPES)]
        # GPT-OSS: clamped SwiGLU (beta 1.702), every layout, with biases.
        cases += [("swish", layout, granularity, True, "dynamic-3d", True)
                  for layout, granularity in LAYOUTS]

    failures = 0
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        module = os.path.join(tmp, "case.mlir")
        for act, layout, granularity, biased, shape, clamp in cases:
            label = (f"{args.op} {args.dtype} {'clamped ' if clamp else ''}"
                     f"{act} {layout}/{granularity} "
                     f"{'biased' if biased else 'unbiased'} {shape}")
            text, inputs, expected = build_case(
                args.op, act, layout, granularity, biased, SHAPES[shape],
                args.dtype, clamp, rng)
            with open(module, "w") as f:
                f.write(text)
            error = run_and_compare(args.glu_run, module, inputs, expected,
                                    tolerance, label, ("--opt-level=0",))
            if error is None:
                failures += 1
            else:
                worst = max(worst, error)
    print(f"{args.op} {args.dtype}: {len(cases)} configurations, "
          f"worst normwise error {worst:.3g} (tolerance {tolerance:.3g}), "
          f"{failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
