"""glu: build, compile and run glu modules from Python.

    import numpy as np
    import glu

    module = glu.ops.ffn("gelu", d=64, f=128)        # or glu.parse(text)
    print(module)                                     # MLIR text
    module.run_pipeline("glu-raise-and-fuse")         # any pass pipeline
    ffn = module.compile()                            # native code, this CPU
    # module.compile(target="nvvm")                   # kernels on a GPU
    y = ffn(x, w_gate, w_up, w_down)                  # NumPy in, NumPy out

MLIR diagnostics (parse errors, verifier errors, failed passes) are raised as
glu.MLIRError; its `diagnostics` attribute lists each "location: severity:
message".
"""

from ._glu import CompiledFunction, Context, MLIRError, Module
from . import ops

__all__ = ["CompiledFunction", "Context", "MLIRError", "Module", "ops",
           "default_context", "parse"]

_default_context = None


def default_context():
    """The Context that parse() and glu.ops use unless given one."""
    global _default_context
    if _default_context is None:
        _default_context = Context()
    return _default_context


def parse(text, context=None):
    """Parses and verifies MLIR text into a Module; raises MLIRError."""
    return Module.parse(text, context or default_context())
