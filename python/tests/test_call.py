"""Calling compiled functions: zero-copy arguments, owned results, and clear
errors for wrong dtypes, ranks, sizes and memory layouts."""

import numpy as np
import pytest

import glu


@pytest.fixture(scope="module")
def relu():
    return glu.ops.activation("relu", (None, 4)).compile()


def test_result_owns_its_buffer(relu):
    x = np.array([[-1, 2, -3, 4]], np.float32)
    y = relu(x)
    np.testing.assert_array_equal(y, [[0, 2, 0, 4]])
    assert y.flags.owndata or y.base is not None
    assert not np.shares_memory(x, y)
    del x
    np.testing.assert_array_equal(y, [[0, 2, 0, 4]])


def test_several_results_come_back_as_a_tuple():
    module = glu.parse("""
      func.func @two(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
        %a = glu.activation <relu> %x : tensor<3xf32>
        %b = glu.activation <sigmoid> %x : tensor<3xf32>
        return %a, %b : tensor<3xf32>, tensor<3xf32>
      }""")
    a, b = module.compile()(np.array([-1, 0, 1], np.float32))
    np.testing.assert_array_equal(a, [0, 0, 1])
    assert b[1] == 0.5


def test_result_that_is_an_argument_is_copied():
    module = glu.parse("""
      func.func @id(%x: tensor<3xf32>) -> tensor<3xf32> {
        %y = glu.activation <identity> %x : tensor<3xf32>
        return %y : tensor<3xf32>
      }""")
    x = np.array([1, 2, 3], np.float32)
    y = module.compile()(x)
    np.testing.assert_array_equal(y, x)
    assert not np.shares_memory(x, y)


def test_opt_level():
    """-O0 and the default -O3 compute GELU alike (to rounding: LLVM may
    contract multiply-adds at one level and not the other); a level outside
    0 to 3 is an error."""
    module = glu.ops.activation("gelu", (3,))
    x = np.array([0, 1, -1], np.float32)
    for level in (0, 3):
        np.testing.assert_allclose(module.compile(opt_level=level)(x),
                                   [0, 0.8413447, -0.1586553], rtol=1e-6)
    with pytest.raises(glu.MLIRError,
                       match="optimization level 4 is not one of 0, 1, 2 and 3"):
        module.compile(opt_level=4)


def test_wrong_dtype(relu):
    with pytest.raises(TypeError, match="expected dtype float32, got float64"):
        relu(np.zeros((2, 4)))


def test_wrong_rank(relu):
    with pytest.raises(ValueError, match="expected rank 2"):
        relu(np.zeros(4, np.float32))


def test_wrong_static_size(relu):
    with pytest.raises(ValueError, match="expected size 4 in dim 1"):
        relu(np.zeros((2, 5), np.float32))


def test_wrong_argument_count(relu):
    with pytest.raises(TypeError, match="takes 1 arrays, got 2"):
        relu(np.zeros((2, 4), np.float32), np.zeros((2, 4), np.float32))


def test_not_an_array(relu):
    with pytest.raises(TypeError, match="expected a numpy.ndarray"):
        relu([[1.0, 2.0, 3.0, 4.0]])


def test_non_contiguous_array(relu):
    x = np.zeros((4, 8), np.float32)[:, ::2]
    with pytest.raises(ValueError, match="C-contiguous"):
        relu(x)


def test_unknown_entry_and_options():
    module = glu.ops.activation("relu", (4,))
    with pytest.raises(glu.MLIRError, match="no function named 'nope'"):
        module.compile(entry="nope")
    with pytest.raises(glu.MLIRError, match="invalid glu-lower-to-llvm-cpu"):
        module.compile(options="fused=maybe")


def test_bfloat16_has_no_numpy_dtype():
    fn = glu.ops.activation("relu", (4,), dtype="bf16").compile()
    with pytest.raises(TypeError, match="no NumPy dtype for bf16"):
        fn(np.zeros(4, np.float32))
