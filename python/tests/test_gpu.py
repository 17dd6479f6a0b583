"""The GPU path from Python: Module.compile(target="nvvm").

On a machine with an NVIDIA driver the compiled FFN runs on the GPU and is
compared with the float64 reference; without one, compile raises MLIRError
(the process goes on). The host side (device buffers, copies, launches) is
also run here with the stand-in CUDA driver that the build makes
(test/lib/MockCudaDriver), in a subprocess, since the driver is found
through LD_LIBRARY_PATH at process start.
"""

import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

import cuda_device
import glu
import glu_reference


def ffn_inputs(rng, rows, d, f, e, dtype):
    """x [rows, d], gate and value weights [d, f] and W2 [f, e] of `dtype`."""
    x = rng.uniform(-2, 2, (rows, d))
    w, v = (rng.uniform(-0.2, 0.2, (d, f)) for _ in range(2))
    w2 = rng.uniform(-0.1, 0.1, (f, e))
    return tuple(a.astype(dtype) for a in (x, w, v, w2))


def ffn_error(ffn, kind, inputs):
    """The normwise error of ffn(*inputs) against the float64 reference."""
    x, w, v, w2 = (a.astype(np.float64) for a in inputs)
    expected = glu_reference.ffn(x, kind, w2, gate_weight=w, value_weight=v)
    got = ffn(*inputs).astype(np.float64)
    return np.max(np.abs(got - expected)) / np.max(np.abs(expected))


def test_unknown_target():
    module = glu.ops.activation("relu", (4,))
    with pytest.raises(glu.MLIRError, match="unknown target 'tpu'"):
        module.compile(target="tpu")


def test_ffn_on_the_gpu_or_a_clear_error():
    module = glu.ops.ffn("gelu", d=64, f=160, e=48, tokens=(None,))
    if not cuda_device.load_driver():
        with pytest.raises(glu.MLIRError,
                           match=r"cannot load the CUDA driver \(libcuda"):
            module.compile(target="nvvm", options="chip=sm_80")
        return
    ffn = module.compile(target="nvvm", options="chip=sm_80")
    x, w, v, w2 = ffn_inputs(np.random.default_rng(1), 70, 64, 160, 48,
                             np.float32)
    # check_ops.py's normwise tolerance, (2 (D + F) + 8) u + 2 u, in f32.
    tolerance = (2 * (64 + 160) + 10) * 2.0 ** -24
    # 70 rows take the tiled kernels, 3 the split-depth ones.
    for rows in (70, 3):
        inputs = (x[:rows], w, v, w2)
        assert ffn_error(ffn, "gelu", inputs) <= tolerance


@pytest.mark.skipif(cuda_device.compute_capability() != (9, 0),
                    reason="wgmma's sm_90a PTX runs on sm_90 GPUs only")
def test_wgmma_ffn_on_an_sm90_gpu():
    # f16 glu.ffn on the tiled kernels with wgmma (T = 200: two row blocks,
    # the second partial), against the float64 reference.
    module = glu.ops.ffn("swish", d=128, f=320, e=96, tokens=(None,),
                         dtype="f16")
    ffn = module.compile(target="nvvm", options="chip=sm_90a wgmma=true")
    inputs = ffn_inputs(np.random.default_rng(2), 200, 128, 320, 96,
                        np.float16)
    # f32 accumulation of f16 products; H and the result rounded to f16
    # (2^-11 each) dominate.
    assert ffn_error(ffn, "swish", inputs) <= 4 * 2.0 ** -11


MOCK_SCRIPT = """
import numpy as np
import glu
fn = glu.ops.gated_proj("swish", d=64, f=96, tokens=(None,)).compile(
    target="nvvm", options="chip=sm_80")
y = fn(np.ones((5, 64), np.float32), np.ones((64, 96), np.float32),
       np.ones((64, 96), np.float32))
print("result", y.shape, y.dtype, float(np.abs(y).sum()))
"""


def test_host_side_with_the_mock_driver():
    build = pathlib.Path(glu.__file__).resolve().parents[2]
    mock = build / "test" / "mock-cuda-driver"
    assert (mock / "libcuda.so.1").exists(), "build glu_mock_cuda_driver"
    env = dict(os.environ, LD_LIBRARY_PATH=str(mock))
    done = subprocess.run([sys.executable, "-c", MOCK_SCRIPT], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    # Kernels do not run on the mock: the result is its zeroed memory.
    assert "result (5, 96) float32 0.0" in done.stdout
    log = [line for line in done.stderr.splitlines()
           if line.startswith("mock-cuda: ")]
    # The inputs go in in the order in which the first kernel takes them,
    # the result comes back.
    copies = [line for line in log if " copy " in line]
    assert copies == ["mock-cuda: copy host->device 1280 bytes",
                      "mock-cuda: copy host->device 24576 bytes",
                      "mock-cuda: copy host->device 24576 bytes",
                      "mock-cuda: copy device->host 1920 bytes"]
    # T = 5 <= 32 (split-rows in f32): the split-depth product for 5-32
    # rows (one group of 8 here), then the reduction and gating; the other
    # products and the tiled kernel have no blocks and never reach the
    # driver.
    launches = [line.split(" shared")[0] for line in log
                if " launch " in line]
    assert launches == [
        "mock-cuda: launch gated_proj_gated_split_8rows grid (1, 1, 1) "
        "block (128, 1, 1)",
        "mock-cuda: launch gated_proj_gated_split_reduce grid (2, 1, 1) "
        "block (256, 1, 1)"]
    assert log[-1] == "mock-cuda: 0 device allocations not freed"
