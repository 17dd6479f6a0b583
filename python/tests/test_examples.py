"""The Python example runs end to end (at a small size)."""

import os
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def test_llama_mlp_from_pytorch_example():
    script = os.path.join(ROOT, "examples", "llama_mlp_from_pytorch.py")
    proc = subprocess.run(
        [sys.executable, script, "--tokens", "4", "--d", "64", "--f", "96"],
        capture_output=True, text=True, env=dict(os.environ), timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "glu.ffn <swish>" in proc.stdout
    error = float(proc.stdout.split("normwise error against PyTorch: ")[1]
                  .split()[0])
    assert error <= 1e-5
    assert "x PyTorch eager" in proc.stdout
