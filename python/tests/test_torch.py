"""glu.torch: PyTorch MLPs imported with torch.fx, raised and fused into one
glu op, compiled, and compared with the module's own output.

Tolerance: normwise max|y - ref| / max|ref| <= 1e-5 (f32 with reductions of
a few hundred terms; PyTorch's own kernels round differently)."""

import numpy as np
import pytest
import torch
from torch import nn

import glu
import glu.torch

torch.manual_seed(0)
D, F = 32, 48


class LlamaMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.gate_proj = nn.Linear(D, F, bias=False)
        self.up_proj = nn.Linear(D, F, bias=False)
        self.down_proj = nn.Linear(F, D, bias=False)
        self.act_fn = nn.SiLU()

    def forward(self, x):
        return self.down_proj(self.act_fn(self.gate_proj(x)) * self.up_proj(x))


class GemmaMLP(LlamaMLP):
    def __init__(self):
        super().__init__()
        self.act_fn = nn.GELU(approximate="tanh")


class T5GatedGelu(nn.Module):
    """T5 v1.1 DenseGatedActDense: wo(gelu(wi_0 x) * wi_1 x)."""

    def __init__(self):
        super().__init__()
        self.wi_0 = nn.Linear(D, F, bias=False)
        self.wi_1 = nn.Linear(D, F, bias=False)
        self.wo = nn.Linear(F, D, bias=False)

    def forward(self, x):
        return self.wo(torch.nn.functional.gelu(self.wi_0(x)) * self.wi_1(x))


class PackedMLP(nn.Module):
    """Phi-3 style: one gate_up_proj, chunked [gate | up]."""

    def __init__(self):
        super().__init__()
        self.gate_up_proj = nn.Linear(D, 2 * F, bias=False)
        self.down_proj = nn.Linear(F, D, bias=False)

    def forward(self, x):
        # Indexed rather than unpacked: torch 1.13's fx cannot trace tuple
        # unpacking on Python 3.11.
        chunks = self.gate_up_proj(x).chunk(2, dim=-1)
        return self.down_proj(torch.nn.functional.silu(chunks[0]) * chunks[1])


class GptOssMLP(nn.Module):
    """GPT-OSS: interleaved gate/up with biases, clamps, alpha = 1.702."""

    def __init__(self, limit=7.0, alpha=1.702):
        super().__init__()
        self.gate_up = nn.Linear(D, 2 * F)
        self.down = nn.Linear(F, D)
        self.limit, self.alpha = limit, alpha

    def forward(self, x):
        gate_up = self.gate_up(x)
        gate, up = gate_up[..., ::2], gate_up[..., 1::2]
        gate = gate.clamp(min=None, max=self.limit)
        up = up.clamp(min=-self.limit, max=self.limit)
        glu_ = gate * torch.sigmoid(gate * self.alpha)
        return self.down((up + 1) * glu_)


class PlainGeluMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(D, F)
        self.fc2 = nn.Linear(F, D)
        self.act = nn.GELU()

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


GATED = [LlamaMLP, GemmaMLP, T5GatedGelu, PackedMLP, GptOssMLP]


def normwise_error(got, expected):
    return float((got - expected).abs().max() / expected.abs().max())


@pytest.mark.parametrize("model", GATED + [PlainGeluMLP],
                         ids=lambda m: m.__name__)
@pytest.mark.parametrize("shape", [(5, D), (1, D), (2, 3, D)],
                         ids=["T5", "T1", "B2xT3"])
def test_matches_pytorch(model, shape):
    mlp = model().eval()
    x = torch.randn(*shape) * 2
    compiled = glu.torch.compile(mlp, x)
    with torch.no_grad():
        expected = mlp(x)
    got = compiled(x)
    assert isinstance(got, torch.Tensor) and got.shape == expected.shape
    assert normwise_error(got, expected) <= 1e-5
    # Other token counts with the same compiled function (T is dynamic).
    x2 = torch.randn(*shape[:-2], 7, D)
    with torch.no_grad():
        assert normwise_error(compiled(x2), mlp(x2)) <= 1e-5


@pytest.mark.parametrize("model", GATED, ids=lambda m: m.__name__)
def test_gated_mlps_fuse_into_one_ffn(model):
    compiled = glu.torch.compile(model().eval(), torch.randn(4, D))
    text = str(compiled.module)
    assert text.count("glu.ffn") == 1
    assert "linalg.matmul" not in text and "linalg.generic" not in text


def test_gpt_oss_becomes_a_clamped_interleaved_ffn():
    text = str(glu.torch.compile(GptOssMLP().eval(), torch.randn(4, D)).module)
    assert "clamp <gate_limit = 7.000000e+00" in text
    assert "layout <interleaved>" in text
    assert "down_bias" in text


def test_numpy_input_gives_numpy_output():
    mlp = LlamaMLP().eval()
    compiled = glu.torch.compile(mlp, torch.randn(3, D))
    x = np.random.default_rng(0).standard_normal((3, D)).astype(np.float32)
    y = compiled(x)
    assert isinstance(y, np.ndarray)
    with torch.no_grad():
        expected = mlp(torch.from_numpy(x)).numpy()
    assert np.max(np.abs(y - expected)) <= 1e-5 * np.max(np.abs(expected))


class WithLayerNorm(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = nn.LayerNorm(D)
        self.mlp = LlamaMLP()

    def forward(self, x):
        return self.mlp(self.norm(x))


class WithSoftmax(nn.Module):
    def forward(self, x):
        return torch.softmax(x, dim=-1)


def test_unsupported_module_names_the_node():
    with pytest.raises(glu.torch.UnsupportedNodeError,
                       match="norm.*LayerNorm"):
        glu.torch.compile(WithLayerNorm(), torch.randn(2, D))


def test_unsupported_function_names_the_node():
    with pytest.raises(glu.torch.UnsupportedNodeError, match="softmax"):
        glu.torch.compile(WithSoftmax(), torch.randn(2, D))


def test_unsupported_input_rank():
    with pytest.raises(glu.torch.UnsupportedNodeError, match="inputs"):
        glu.torch.compile(LlamaMLP(), torch.randn(D))
