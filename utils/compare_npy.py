"""Compares two .npy arrays: same shape, normwise relative error <= tolerance.

    compare_npy.py A.npy B.npy --tolerance 1e-6

Prints the error; exits 1 if the shapes differ or the error is too large.
"""

import argparse
import sys

import numpy as np

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("a")
parser.add_argument("b")
parser.add_argument("--tolerance", type=float, required=True)
args = parser.parse_args()

a = np.load(args.a).astype(np.float64)
b = np.load(args.b).astype(np.float64)
if a.shape != b.shape:
    print(f"FAIL: shapes differ: {a.shape} vs {b.shape}")
    sys.exit(1)
scale = np.max(np.abs(a)) if a.size else 0.0
error = np.max(np.abs(a - b)) / scale if a.size and scale > 0 else 0.0
print(f"shape {a.shape}, normwise relative error {error:.3g} "
      f"(tolerance {args.tolerance:g})")
sys.exit(0 if error <= args.tolerance else 1)
