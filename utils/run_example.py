"""Compiles and runs an example module on the CPU and checks it.

Runs the first function of FILE with glu-run on seeded random inputs
(every dynamic dimension = --tokens), prints the checksum and the median
wall time of the call, and, if FILE names its semantics in a line

    // reference: op=ffn activation=gelu operands=input,gate_weight,...

(the keyword arguments of utils/glu_reference.py, in argument order),
computes the float64 NumPy reference and prints the max error against it.
Use Debian's /usr/bin/python3 (it sees python3-numpy).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import glu_reference  # noqa: E402


def parse_reference(path):
    with open(path) as f:
        match = re.search(r"^// reference: (.*)$", f.read(), re.M)
    if not match:
        return None
    return dict(item.split("=", 1) for item in match.group(1).split())


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file")
    parser.add_argument("--glu-run", required=True)
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--tolerance", type=float,
                        help="fail if the error relative to max |reference| "
                             "exceeds this")
    args = parser.parse_args()

    spec = parse_reference(args.file)
    with tempfile.TemporaryDirectory() as tmp:
        inputs = os.path.join(tmp, "input")
        outputs = os.path.join(tmp, "result")
        run = subprocess.run(
            [args.glu_run, args.file, f"--dim={args.tokens}",
             f"--seed={args.seed}", f"--save-inputs={inputs}",
             f"--output={outputs}", f"--repeat={args.repeat}"],
            capture_output=True, text=True)
        sys.stdout.write(run.stdout)
        sys.stderr.write(run.stderr)
        if run.returncode != 0:
            return run.returncode
        if spec is None:
            print(f"no '// reference:' line in {args.file}: "
                  "max error not computed")
            return 0
        names = spec["operands"].split(",")
        arrays = [np.load(f"{inputs}{i}.npy") for i in range(len(names))]
        kwargs = dict(zip(names, arrays))
        x = kwargs.pop("input")
        kind = spec["activation"]
        if spec["op"] == "ffn":
            expected = glu_reference.ffn(x, kind, **kwargs)
        else:
            expected = glu_reference.gated_proj(x, kind, **kwargs)
        got = np.load(f"{outputs}0.npy").astype(np.float64)
        error = np.max(np.abs(got - expected))
        scale = np.max(np.abs(expected))
        print(f"reference: float64 NumPy, max |error| {error:.3g}, "
              f"relative to max |reference| {error / scale:.3g}")
        if args.tolerance is not None and not error <= args.tolerance * scale:
            print(f"FAIL: relative error above {args.tolerance}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
