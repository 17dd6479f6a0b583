"""Building glu ops from Python, then compiling and running them against the
float64 NumPy reference (utils/glu_reference.py).

Tolerance: normwise max|y - ref| / max|ref| <= (2 K + 8) u with K the
reduction length (D, or D + F for glu.ffn) and u = 2^-24, as in
test/Integration/Ops/check_ops.py.
"""

import numpy as np
import pytest

import glu
import glu_reference

U = 2.0 ** -24


def normwise_error(got, expected):
    scale = np.max(np.abs(expected)) if expected.size else 0.0
    return 0.0 if scale == 0 else np.max(np.abs(got - expected)) / scale


def random(rng, shape, scale=1.0):
    return (rng.uniform(-scale, scale, size=shape)).astype(np.float32)


@pytest.mark.parametrize("kind", glu.ops.ACTIVATIONS)
def test_activation(kind):
    rng = np.random.default_rng(1)
    x = random(rng, (3, 33), 8.0)
    fn = glu.ops.activation(kind, (None, 33)).compile()
    expected = glu_reference.activation(kind, x.astype(np.float64))
    assert normwise_error(fn(x), expected) <= 8 * U


def test_gate_with_gpt_oss_clamps():
    rng = np.random.default_rng(2)
    g, v = random(rng, (4, 20), 10.0), random(rng, (4, 20), 10.0)
    clamp = dict(gate_limit=7.0, value_limit=7.0, value_offset=1.0)
    fn = glu.ops.gate("swish", (4, 20), beta=1.702, clamp=clamp).compile()
    expected = glu_reference.gate("swish", g.astype(np.float64),
                                  v.astype(np.float64), beta=1.702, **clamp)
    assert normwise_error(fn(g, v), expected) <= 8 * U


@pytest.mark.parametrize("layout,granularity", [
    ("separate", 1), ("gate_up", 1), ("up_gate", 1), ("interleaved", 1),
    ("interleaved", 4)])
@pytest.mark.parametrize("tokens", [7, None, (2, None)])
def test_ffn_layouts_and_shapes(layout, granularity, tokens):
    d, f, e = 24, 40, 16
    leading = (7,) if tokens in (7, None) else (2, 5)
    rng = np.random.default_rng(3)
    x = random(rng, leading + (d,), 2.0)
    module = glu.ops.ffn("gelu", d=d, f=f, e=e, tokens=tokens, layout=layout,
                         granularity=granularity, bias=True, down_bias=True)
    if layout == "separate":
        weights = [random(rng, (d, f), 0.3), random(rng, (d, f), 0.3),
                   random(rng, (f,)), random(rng, (f,))]
        projection = dict(gate_weight=weights[0], value_weight=weights[1],
                          gate_bias=weights[2], value_bias=weights[3])
    else:
        weights = [random(rng, (d, 2 * f), 0.3), random(rng, (2 * f,))]
        projection = dict(packed_weight=weights[0], packed_bias=weights[1],
                          layout=layout, granularity=granularity)
    down, down_bias = random(rng, (f, e), 0.2), random(rng, (e,))
    y = module.compile()(x, *weights, down, down_bias)
    expected = glu_reference.ffn(
        x.astype(np.float64), "gelu", down.astype(np.float64),
        down_bias.astype(np.float64),
        **{k: (v.astype(np.float64) if isinstance(v, np.ndarray) else v)
           for k, v in projection.items()})
    assert y.shape == leading + (e,)
    assert normwise_error(y, expected) <= (2 * (d + f) + 8) * U


@pytest.mark.parametrize("options", ["", "fused=false", "num-threads=1"])
def test_gated_proj_on_every_lowering(options):
    rng = np.random.default_rng(4)
    x = random(rng, (9, 32))
    w, v = random(rng, (32, 48), 0.3), random(rng, (32, 48), 0.3)
    fn = glu.ops.gated_proj("gelu_tanh", d=32, f=48).compile(options=options)
    expected = glu_reference.gated_proj(
        x.astype(np.float64), "gelu_tanh", gate_weight=w.astype(np.float64),
        value_weight=v.astype(np.float64))
    assert normwise_error(fn(x, w, v), expected) <= (2 * 32 + 8) * U


def test_float64_and_float16():
    rng = np.random.default_rng(5)
    x = rng.uniform(-4, 4, (5, 16))
    y64 = glu.ops.activation("gelu", (5, 16), dtype="f64").compile()(x)
    assert y64.dtype == np.float64
    assert normwise_error(y64, glu_reference.activation("gelu", x)) <= 1e-15
    x16 = x.astype(np.float16)
    y16 = glu.ops.activation("gelu", (5, 16), dtype="f16").compile()(x16)
    assert y16.dtype == np.float16
    expected = glu_reference.activation("gelu", x16.astype(np.float64))
    assert normwise_error(y16.astype(np.float64), expected) <= 2.0 ** -10


def test_float16_ffn_with_batch_dimensions():
    # The fused CPU path: f16 loads widened to f32, f32 accumulation, the
    # result rounded to f16 once: within f32 accumulation plus one f16
    # rounding of the float64 reference on the same f16 inputs.
    rng = np.random.default_rng(6)
    d, f = 40, 72
    arrays = [random(rng, (2, 3, d), 2.0), random(rng, (d, f), 0.3),
              random(rng, (d, f), 0.3), random(rng, (f, d), 0.2)]
    x, w, v, down = (a.astype(np.float16) for a in arrays)
    fn = glu.ops.ffn("swish", d=d, f=f, tokens=(None, 3),
                     dtype="f16").compile()
    y = fn(x, w, v, down)
    assert y.dtype == np.float16 and y.shape == (2, 3, d)
    expected = glu_reference.ffn(
        x.astype(np.float64), "swish", down.astype(np.float64),
        gate_weight=w.astype(np.float64), value_weight=v.astype(np.float64))
    tolerance = (2 * (d + f) + 8) * U + 2.0 ** -11
    assert normwise_error(y.astype(np.float64), expected) <= tolerance


def test_zero_tokens():
    fn = glu.ops.ffn("swish", d=8, f=16).compile()
    y = fn(np.zeros((0, 8), np.float32), np.ones((8, 16), np.float32),
           np.ones((8, 16), np.float32), np.ones((16, 8), np.float32))
    assert y.shape == (0, 8)


def test_builder_rejects_bad_arguments():
    with pytest.raises(ValueError, match="unknown activation"):
        glu.ops.ffn("geglu", d=8, f=16)
    with pytest.raises(ValueError, match="unknown layout"):
        glu.ops.ffn("gelu", d=8, f=16, layout="packed")
    with pytest.raises(ValueError, match="beta applies to swish only"):
        glu.ops.activation("gelu", (4,), beta=2.0)
    with pytest.raises(glu.MLIRError):
        # A granularity that does not divide F is caught by the verifier.
        glu.ops.ffn("gelu", d=8, f=10, tokens=4, layout="interleaved",
                    granularity=4)
