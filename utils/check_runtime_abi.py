"""Checks that a runtime library exports every mgpu* function a module calls.

    check_runtime_abi.py --library build/lib/libglu_cuda_runtime.so a.ll b.ll

Reads the `declare ... @mgpu...(...)` lines of LLVM IR files (host code that
gpu-to-llvm produced, translated by mlir-translate), loads the library with
ctypes (which works without a CUDA driver: the runtime opens the driver on
its first call) and prints one line per function; exits 1 if one is missing.
"""

import argparse
import ctypes
import re
import sys

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("llvm_ir", nargs="+")
parser.add_argument("--library", required=True)
args = parser.parse_args()

declared = sorted({name for path in args.llvm_ir
                   for name in re.findall(r"^declare [^@]*@(mgpu\w+)\(",
                                          open(path).read(), re.M)})
library = ctypes.CDLL(args.library)
missing = [name for name in declared if not hasattr(library, name)]
for name in declared:
    print(f"{name}: {'MISSING' if name in missing else 'exported'}")
print(f"{len(declared)} mgpu functions called, {len(missing)} missing")
sys.exit(1 if missing or not declared else 0)
