"""Parsing, printing, pass pipelines and MLIR diagnostics as exceptions."""

import pytest

import glu

FFN_TEXT = """
func.func @ffn(%x: tensor<?x8xf32>, %w: tensor<8x16xf32>, %v: tensor<8x16xf32>,
               %w2: tensor<16x8xf32>) -> tensor<?x8xf32> {
  %y = glu.ffn <gelu> %x : tensor<?x8xf32> gate(%w : tensor<8x16xf32>)
      value(%v : tensor<8x16xf32>) down(%w2 : tensor<16x8xf32>)
      -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}
"""


def test_parse_and_print_round_trip():
    module = glu.parse(FFN_TEXT)
    text = str(module)
    assert "glu.ffn <gelu>" in text
    assert str(glu.parse(text)) == text


def test_parse_in_an_explicit_context():
    context = glu.Context()
    module = glu.Module.parse(FFN_TEXT, context)
    assert module.context is context


def test_parse_error_carries_location_and_message():
    with pytest.raises(glu.MLIRError) as info:
        glu.parse("func.func @f() {\n  %0 = glu.activation <nonsense> %x\n}")
    error = info.value
    assert "could not parse" in str(error)
    assert error.diagnostics
    assert any("error:" in d and "loc(" in d for d in error.diagnostics)


def test_verifier_error_is_raised():
    # The down weight has 15 rows for F = 16 hidden columns.
    text = FFN_TEXT.replace("tensor<16x8xf32>", "tensor<15x8xf32>")
    with pytest.raises(glu.MLIRError) as info:
        glu.parse(text)
    assert any("error:" in d and "down" in d for d in info.value.diagnostics)


def test_run_glu_pipeline():
    module = glu.parse(FFN_TEXT)
    module.run_pipeline("convert-glu-to-linalg,canonicalize")
    text = str(module)
    assert "glu." not in text
    assert "linalg.matmul" in text


def test_run_anchored_upstream_pipeline():
    module = glu.parse(FFN_TEXT)
    module.run_pipeline("builtin.module(func.func(canonicalize),cse)")
    assert "glu.ffn" in str(module)


def test_bad_pipeline_name_is_an_error():
    module = glu.parse(FFN_TEXT)
    with pytest.raises(glu.MLIRError, match="no-such-pass"):
        module.run_pipeline("no-such-pass")


def test_failing_pass_raises_with_diagnostics():
    module = glu.parse(FFN_TEXT)
    with pytest.raises(glu.MLIRError) as info:
        module.run_pipeline("convert-glu-to-vector{row-tile=7}")
    assert any("row-tile must be a positive multiple of 6" in d
               for d in info.value.diagnostics)


def test_clone_is_independent():
    module = glu.parse(FFN_TEXT)
    copy = module.clone()
    copy.run_pipeline("convert-glu-to-linalg")
    assert "glu.ffn" in str(module)
    assert "glu.ffn" not in str(copy)
