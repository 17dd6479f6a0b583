"""Builders of glu ops: each returns a verified Module holding one function
around one op, ready to print, transform or compile.

    glu.ops.ffn("gelu", d=2048, f=5632)                   # x: [?, 2048]
    glu.ops.ffn("swish", d=2880, f=2880, tokens=None, beta=1.702,
                clamp=dict(gate_limit=7.0, value_limit=7.0, value_offset=1.0),
                layout="interleaved", bias=True, down_bias=True)
    glu.ops.gated_proj("gelu_tanh", d=64, f=128, tokens=(2, None))

`tokens` gives the leading dimensions of x: an int, None (dynamic), or a
tuple of them (default: one dynamic dimension). The function's arguments are
x, then the weights and biases in the op's operand order: gate and value
weights (or the packed weight), their biases (or the packed bias), then for
glu.ffn the down weight and its bias.
"""

ACTIVATIONS = ("identity", "sigmoid", "relu", "relu_squared", "gelu",
               "gelu_tanh", "quick_gelu", "swish")
LAYOUTS = ("separate", "gate_up", "up_gate", "interleaved")
ELEMENT_TYPES = ("f32", "f64", "f16", "bf16")
CLAMP_KEYS = ("gate_limit", "value_limit", "value_offset")


def _context(context):
    from . import default_context
    return context or default_context()


def _leading(tokens):
    if tokens is None or isinstance(tokens, int):
        return (tokens,)
    return tuple(tokens)


def _tensor(shape, dtype):
    dims = ["?" if size is None else str(int(size)) for size in shape]
    return "tensor<" + "x".join(dims + [dtype]) + ">"


def _check(activation, dtype, layout="separate"):
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; expected one "
                         f"of {', '.join(ACTIVATIONS)}")
    if dtype not in ELEMENT_TYPES:
        raise ValueError(f"unknown element type {dtype!r}; expected one of "
                         f"{', '.join(ELEMENT_TYPES)}")
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of "
                         f"{', '.join(LAYOUTS)}")


def _attributes(activation, beta, clamp, layout="separate", granularity=1):
    text = f"<{activation}>"
    if beta is not None:
        if activation != "swish":
            raise ValueError("beta applies to swish only")
        text = f"<swish, beta = {float(beta)!r}>"
    if clamp:
        unknown = set(clamp) - set(CLAMP_KEYS)
        if unknown:
            raise ValueError(f"unknown clamp keys {sorted(unknown)}; "
                             f"expected {', '.join(CLAMP_KEYS)}")
        text += " clamp <" + ", ".join(
            f"{key} = {float(clamp[key])!r}" for key in CLAMP_KEYS
            if key in clamp) + ">"
    if layout != "separate":
        text += (f" layout <{layout}, granularity = {int(granularity)}>"
                 if granularity != 1 else f" layout <{layout}>")
    return text


def _module(name, arguments, op_text, result_type, context):
    from ._glu import Module
    signature = ", ".join(f"%{arg}: {type_}" for arg, type_ in arguments)
    text = (f"func.func @{name}({signature}) -> {result_type} {{\n"
            f"  %y = {op_text}\n"
            f"  return %y : {result_type}\n}}\n")
    return Module.parse(text, _context(context))


def activation(kind, shape, *, dtype="f32", beta=None, name="activation",
               context=None):
    """y = act(x) over a tensor of `shape` (None: a dynamic size)."""
    _check(kind, dtype)
    type_ = _tensor(shape, dtype)
    return _module(name, [("x", type_)],
                   f"glu.activation {_attributes(kind, beta, None)} "
                   f"%x : {type_}", type_, context)


def gate(kind, shape, *, dtype="f32", beta=None, clamp=None, name="gate",
         context=None):
    """y = act(g) * v (with GPT-OSS clamps if `clamp` is given)."""
    _check(kind, dtype)
    type_ = _tensor(shape, dtype)
    return _module(name, [("g", type_), ("v", type_)],
                   f"glu.gate {_attributes(kind, beta, clamp)} %g, %v : "
                   f"{type_}", type_, context)


def _projection(op, kind, d, f, e, tokens, layout, granularity, bias,
                down_bias, dtype, beta, clamp, name, context):
    _check(kind, dtype, layout)
    leading = _leading(tokens)
    x_type = _tensor(leading + (d,), dtype)
    arguments = [("x", x_type)]
    clauses = []

    def operand(keyword, shape):
        type_ = _tensor(shape, dtype)
        arguments.append((keyword, type_))
        clauses.append(f"{keyword}(%{keyword} : {type_})")

    if layout == "separate":
        operand("gate", (d, f))
        operand("value", (d, f))
        if bias:
            operand("gate_bias", (f,))
            operand("value_bias", (f,))
    else:
        operand("packed", (d, 2 * f))
        if bias:
            operand("packed_bias", (2 * f,))
    width = f
    if op == "ffn":
        width = d if e is None else e
        operand("down", (f, width))
        if down_bias:
            operand("down_bias", (width,))
    elif down_bias or e is not None:
        raise ValueError("down projections belong to glu.ffn")
    result_type = _tensor(leading + (width,), dtype)
    op_text = (f"glu.{op} {_attributes(kind, beta, clamp, layout, granularity)}"
               f" %x : {x_type}\n      " + "\n      ".join(clauses) +
               f"\n      -> {result_type}")
    return _module(name, arguments, op_text, result_type, context)


def gated_proj(kind, *, d, f, tokens=None, layout="separate", granularity=1,
               bias=False, dtype="f32", beta=None, clamp=None,
               name="gated_proj", context=None):
    """y = act(x W + b) * (x V + c), x: [*tokens, d], y: [*tokens, f]."""
    return _projection("gated_proj", kind, d, f, None, tokens, layout,
                       granularity, bias, False, dtype, beta, clamp, name,
                       context)


def ffn(kind, *, d, f, e=None, tokens=None, layout="separate", granularity=1,
        bias=False, down_bias=False, dtype="f32", beta=None, clamp=None,
        name="ffn", context=None):
    """y = (act(x W + b) * (x V + c)) W2 + b2, x: [*tokens, d], W2: [f, e]
    (e = d by default)."""
    return _projection("ffn", kind, d, f, e, tokens, layout, granularity,
                       bias, down_bias, dtype, beta, clamp, name, context)
