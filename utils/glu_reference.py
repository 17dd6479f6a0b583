"""Float64 reference semantics of the glu ops, computed with NumPy.

This is the independent reference that the compiled code is tested against:
it shares no code with the MLIR lowerings, only the published definitions
(docs/generated/Dialects/GluDialect.md). Inputs are NumPy arrays (any float
dtype); every result is float64.

Run with Debian's /usr/bin/python3 (the one that sees python3-numpy).
"""

import math

import numpy as np

INV_SQRT2 = 0.7071067811865476  # 1/sqrt(2), GELU (erf form)
SQRT_2_OVER_PI = 0.7978845608028654  # sqrt(2/pi), GELU (tanh form)
GELU_TANH_CUBIC = 0.044715
QUICK_GELU_ALPHA = 1.702

ACTIVATIONS = ("identity", "sigmoid", "relu", "relu_squared", "gelu",
               "gelu_tanh", "quick_gelu", "swish")
LAYOUTS = ("separate", "gate_up", "up_gate", "interleaved")

_erfc = np.frompyfunc(math.erfc, 1, 1)


def sigmoid(z):
    """1 / (1 + exp(-z)), without overflow."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _times_factor(x, factor):
    """x * factor, where factor -> 0 as x -> -inf: the limit is -0, not NaN."""
    with np.errstate(invalid="ignore"):
        product = x * factor
    return np.where(factor == 0, np.copysign(0.0, x), product)


def activation(kind, x, beta=1.0):
    """act(x) for a #glu.activation kind (beta only for swish)."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        if kind == "identity":
            return x.copy()
        if kind == "sigmoid":
            return sigmoid(x)
        if kind == "relu":
            return np.maximum(x, 0.0)  # propagates NaN
        if kind == "relu_squared":
            return np.maximum(x, 0.0) ** 2
        if kind == "gelu":
            cdf = 0.5 * _erfc(-x * INV_SQRT2).astype(np.float64)
            return _times_factor(x, cdf)
        if kind == "gelu_tanh":
            u = SQRT_2_OVER_PI * (x + GELU_TANH_CUBIC * x * x * x)
            # 0.5 (1 + tanh(u)) = sigmoid(2u)
            return _times_factor(x, sigmoid(2.0 * u))
        if kind == "quick_gelu":
            return _times_factor(x, sigmoid(QUICK_GELU_ALPHA * x))
        if kind == "swish":
            return _times_factor(x, sigmoid(beta * x))
    raise ValueError(f"unknown activation {kind!r}")


def gate(kind, g, v, beta=1.0, gate_limit=math.inf, value_limit=math.inf,
         value_offset=0.0):
    """act(min(g, Lg)) * (clamp(v, -Lv, Lv) + c), NaN-propagating."""
    g = np.asarray(g, dtype=np.float64)
    v = np.asarray(v, dtype=np.float64)
    g = np.minimum(g, gate_limit)
    v = np.minimum(np.maximum(v, -value_limit), value_limit) + value_offset
    return activation(kind, g, beta) * v


def unpack(packed, layout, granularity=1):
    """Splits the last axis of a packed [.., 2F] array into (gate, value)."""
    packed = np.asarray(packed)
    width = packed.shape[-1]
    half = width // 2
    if layout == "gate_up":
        return packed[..., :half], packed[..., half:]
    if layout == "up_gate":
        return packed[..., half:], packed[..., :half]
    if layout == "interleaved":
        blocks = packed.reshape(packed.shape[:-1] + (width // (2 * granularity),
                                                     2, granularity))
        lead = packed.shape[:-1] + (half,)
        return blocks[..., 0, :].reshape(lead), blocks[..., 1, :].reshape(lead)
    raise ValueError(f"unknown packed layout {layout!r}")


def gated_proj(x, kind, gate_weight=None, value_weight=None,
               packed_weight=None, gate_bias=None, value_bias=None,
               packed_bias=None, layout="separate", granularity=1, **gating):
    """act(x W + b) * (x V + c) over the last axis of x, in float64."""
    x = np.asarray(x, dtype=np.float64)
    if packed_weight is not None:
        gate_weight, value_weight = unpack(packed_weight, layout, granularity)
        if packed_bias is not None:
            gate_bias, value_bias = unpack(packed_bias, layout, granularity)
    g = x @ np.asarray(gate_weight, dtype=np.float64)
    v = x @ np.asarray(value_weight, dtype=np.float64)
    if gate_bias is not None:
        g = g + np.asarray(gate_bias, dtype=np.float64)
    if value_bias is not None:
        v = v + np.asarray(value_bias, dtype=np.float64)
    return gate(kind, g, v, **gating)


def ffn(x, kind, down_weight, down_bias=None, **projection):
    """gated_proj(x) W2 + b2, in float64."""
    hidden = gated_proj(x, kind, **projection)
    y = hidden @ np.asarray(down_weight, dtype=np.float64)
    if down_bias is not None:
        y = y + np.asarray(down_bias, dtype=np.float64)
    return y
