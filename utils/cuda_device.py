"""What the CUDA driver says about this machine's GPU, without loading it
into the process for good: whether libcuda.so.1 loads and device 0's
compute capability. Used by test/lit.cfg.py (features cuda-driver,
cuda-sm90) and python/tests/test_gpu.py."""

import ctypes


def load_driver():
    """The CUDA driver library, or None where the machine has none."""
    try:
        return ctypes.CDLL("libcuda.so.1")
    except OSError:
        return None


def compute_capability():
    """Device 0's (major, minor), or None without a driver or device
    (CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR and _MINOR are the
    driver's attributes 75 and 76)."""
    cuda = load_driver()
    if cuda is None:
        return None
    device, major, minor = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
    if (cuda.cuInit(0) != 0 or cuda.cuDeviceGet(ctypes.byref(device), 0) != 0
            or cuda.cuDeviceGetAttribute(ctypes.byref(major), 75, device) != 0
            or cuda.cuDeviceGetAttribute(ctypes.byref(minor), 76, device) != 0):
        return None
    return major.value, minor.value
