"""Times one peer implementation of the gated FFN  y = (act(x Wg) * (x Wv)) W2.

    python peers.py PEER --inputs DIR --activation ACT --repeat N \
        --output OUT.npy [--vmfb FILE]

PEER is numpy, torch-eager, torch-compile, jax or iree. DIR holds x.npy,
wg.npy, wv.npy and wd.npy (float32). The peer is warmed up (compiled, for
the compiling ones) with two calls; then the peak resident memory is reset
(/proc/self/clear_refs) and `repeat` calls are timed. Prints one JSON line:
{"seconds": median, "peak_extra_bytes": VmHWM - VmRSS before the calls,
"version": ...}. Run it with the Python that has the peer: Debian's
/usr/bin/python3 for numpy and torch-eager (PyTorch 1.13), the benchmark's
venv for torch-compile, jax and iree.
"""

import argparse
import json
import os
import re
import statistics
import time

import numpy as np

SQRT_2_OVER_PI = 0.7978845608028654
GELU_TANH_CUBIC = 0.044715
INV_SQRT2 = 0.7071067811865476


def proc_status(field):
    with open("/proc/self/status") as status:
        match = re.search(rf"^{field}:\s+(\d+) kB", status.read(), re.M)
    return int(match.group(1)) * 1024 if match else 0


def numpy_peer(act, x, wg, wv, wd):
    from scipy.special import erf

    def activation(g):
        if act == "gelu":
            return 0.5 * g * (1 + erf(g * np.float32(INV_SQRT2)))
        if act == "gelu_tanh":
            return 0.5 * g * (1 + np.tanh(np.float32(SQRT_2_OVER_PI) * (
                g + np.float32(GELU_TANH_CUBIC) * g * g * g)))
        return g / (1 + np.exp(-g))

    return (lambda: (activation(x @ wg) * (x @ wv)) @ wd), np.__version__


def torch_function(act):
    import torch.nn.functional as F

    def ffn(x, wg, wv, wd):
        g = x @ wg
        if act == "gelu":
            h = F.gelu(g)
        elif act == "gelu_tanh":
            h = F.gelu(g, approximate="tanh")
        else:
            h = F.silu(g)
        return (h * (x @ wv)) @ wd

    return ffn


def torch_peer(act, arrays, compiled):
    import torch

    torch.set_num_threads(os.cpu_count())
    tensors = [torch.from_numpy(a) for a in arrays]
    ffn = torch_function(act)
    if compiled:
        ffn = torch.compile(ffn)

    def call():
        with torch.no_grad():
            return ffn(*tensors).numpy()

    return call, torch.__version__


def jax_peer(act, arrays):
    import jax
    import jax.numpy as jnp

    def ffn(x, wg, wv, wd):
        g = x @ wg
        if act == "gelu":
            h = jax.nn.gelu(g, approximate=False)
        elif act == "gelu_tanh":
            h = jax.nn.gelu(g, approximate=True)
        else:
            h = jax.nn.silu(g)
        return (h * (x @ wv)) @ wd

    jitted = jax.jit(ffn)
    device_arrays = [jnp.asarray(a) for a in arrays]
    return (lambda: np.asarray(jitted(*device_arrays).block_until_ready()),
            jax.__version__)


def iree_peer(vmfb, arrays):
    import iree.runtime as ireert

    config = ireert.Config("local-task")
    with open(vmfb, "rb") as f:
        module = ireert.load_vm_flatbuffer(f.read(), driver="local-task")
    device_arrays = [ireert.asdevicearray(config.device, a) for a in arrays]
    function = module["ffn"]
    return (lambda: function(*device_arrays).to_host()), ireert.__name__


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("peer", choices=("numpy", "torch-eager",
                                         "torch-compile", "jax", "iree"))
    parser.add_argument("--inputs", required=True)
    parser.add_argument("--activation", required=True,
                        choices=("gelu", "gelu_tanh", "swish"))
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--output", required=True)
    parser.add_argument("--vmfb")
    args = parser.parse_args()

    arrays = [np.load(os.path.join(args.inputs, f"{name}.npy"))
              for name in ("x", "wg", "wv", "wd")]
    if args.peer == "numpy":
        call, version = numpy_peer(args.activation, *arrays)
    elif args.peer in ("torch-eager", "torch-compile"):
        call, version = torch_peer(args.activation, arrays,
                                   args.peer == "torch-compile")
    elif args.peer == "jax":
        call, version = jax_peer(args.activation, arrays)
    else:
        call, version = iree_peer(args.vmfb, arrays)

    for _ in range(2):
        result = call()
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    resident = proc_status("VmRSS")
    seconds = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = call()
        seconds.append(time.perf_counter() - start)
    peak = proc_status("VmHWM")
    np.save(args.output, np.asarray(result, dtype=np.float32))
    print(json.dumps({"seconds": statistics.median(seconds),
                      "peak_extra_bytes": max(0, peak - resident),
                      "version": str(version)}))


if __name__ == "__main__":
    main()
