"""Runs a function of an MLIR module through glu-run with NumPy arrays.

    results, seconds = run(glu_run_path, "ffn.mlir", "ffn", [x, w, v, w2])

Inputs go in as .npy files, results come back as NumPy arrays (float32 for
f16/bf16/f32 results, float64 for f64 ones).
"""

import os
import re
import subprocess
import tempfile

import numpy as np


class GluRunError(RuntimeError):
    """glu-run failed; the message holds its stderr."""


def run(glu_run, module, entry, inputs, extra_args=(), env=None):
    with tempfile.TemporaryDirectory() as tmp:
        args = [glu_run, module, f"--entry={entry}",
                f"--output={os.path.join(tmp, 'result')}"]
        for index, array in enumerate(inputs):
            path = os.path.join(tmp, f"input{index}.npy")
            np.save(path, np.ascontiguousarray(array))
            args.append(f"--input={index}={path}")
        args.extend(extra_args)
        proc = subprocess.run(args, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            raise GluRunError(proc.stderr.strip() or proc.stdout.strip())
        count = len(re.findall(r"^result #\d+:", proc.stdout, re.M))
        results = [np.load(os.path.join(tmp, f"result{i}.npy"))
                   for i in range(count)]
        seconds = float(re.search(r"^time: ([0-9.e+-]+) s", proc.stdout,
                                  re.M).group(1))
        return results, seconds
