"""A stand-in for gpu_bench.py's --torch-python where no CUDA PyTorch is
present: run (through a shell wrapper) as `fake_torch_python.py -c SCRIPT
INPUTS DTYPE REPEAT OUTPUT`, it ignores
the script, saves the inputs' x as the "result" (any array of the right
shape) and prints canned times: 0.5 ms by events, 0.75 ms by the wall
clock."""

import json
import sys

import numpy as np

inputs, output = sys.argv[3], sys.argv[6]
x = np.load(f"{inputs}0.npy")
np.save(output, x.astype(np.float32))
print(json.dumps({"seconds": 0.0005, "wall-seconds": 0.00075,
                  "device": "stand-in GPU"}))
