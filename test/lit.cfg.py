# -*- Python -*-
"""lit configuration for the glu regression and integration tests."""

import os
import sys

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "GLU"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.glu_obj_root, "test")
config.excludes = ["CMakeLists.txt", "README.md", "lit.cfg.py", "lit.site.cfg.py"]

config.substitutions.append(("%glu_src_root", config.glu_src_root))
config.substitutions.append(("%mlir_lib_dir", config.mlir_lib_dir))

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(
    ("%glu_run", os.path.join(config.glu_tools_dir, "glu-run")))

tools = [ToolSubst("glu-opt", unresolved="fatal")]
llvm_config.add_tool_substitutions(tools, [config.glu_tools_dir, config.llvm_tools_dir])

config.substitutions.append(("%glu_obj_root", config.glu_obj_root))

# Executes a module lowered to the LLVM dialect, entry point @main (with the
# OpenMP runtime for scf.parallel loops).
runner_libs = ",".join(
    os.path.join(config.mlir_lib_dir, lib)
    for lib in ("libmlir_runner_utils.so", "libmlir_c_runner_utils.so",
                "libomp.so"))
config.substitutions.append(
    ("%mlir_runner",
     "mlir-runner -e main -entry-point-result=void -shared-libs=" + runner_libs))

# The CUDA toolkit's ptxas checks the PTX that glu-lower-to-nvvm emits.
ptxas = "/usr/local/cuda/bin/ptxas"
if os.path.exists(ptxas):
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))

# glu's mgpu* runtime over the CUDA driver. GPU execution tests require
# `cuda-driver` (libcuda.so.1 loads: the machine has an NVIDIA driver).
config.substitutions.append(
    ("%glu_cuda_runtime",
     os.path.join(config.glu_obj_root, "lib", "libglu_cuda_runtime.so")))
# A stand-in driver that logs and checks the runtime's calls
# (test/lib/MockCudaDriver): `env LD_LIBRARY_PATH=%mock_cuda_driver_dir ...`.
config.substitutions.append(
    ("%mock_cuda_driver_dir",
     os.path.join(config.glu_obj_root, "test", "mock-cuda-driver")))
sys.path.insert(0, os.path.join(config.glu_src_root, "utils"))
import cuda_device  # noqa: E402

if cuda_device.load_driver():
    config.available_features.add("cuda-driver")
# `cuda-sm90`: device 0 has compute capability 9.0 (H100, H200), which runs
# the sm_90a PTX of wgmma.
if cuda_device.compute_capability() == (9, 0):
    config.available_features.add("cuda-sm90")
