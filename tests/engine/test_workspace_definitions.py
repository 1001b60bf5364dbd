"""Names defined in a Workspace are replaced by their definitions in derivatives."""

from __future__ import annotations

import pytest
import sympy

from tutor.engine.dispatch import Workspace
from tutor.errors import UnsupportedError
from tutor.chat import answer

x, y, t = sympy.symbols("x y t")


def _session(*lines):
    workspace = Workspace()
    for line in lines[:-1]:
        answer(line, workspace)
    return answer(lines[-1], workspace)


def _note_keys(trace):
    return [note.key for note in trace.notes]


@pytest.mark.parametrize("text", ["d/dx y", "diff y", "y 미분", "derivative of y", "y"])
def test_defined_name_replaced(text):
    trace = _session("y = x^2", text)
    assert trace.result["derivative"] == 2 * x
    assert "parsing.note_definition_used" in _note_keys(trace)


@pytest.mark.parametrize("text", ["derivative of f", "f의 도함수", "d/dx f(x)", "diff f"])
def test_defined_function_replaced(text):
    trace = _session("f(x) = x^3 - 2x", text)
    assert trace.result["derivative"] == 3 * x**2 - 2


def test_function_applied_to_sum():
    trace = _session("f(x) = x^3 - 2x", "d/dx f(x+1)")
    assert sympy.expand(trace.result["derivative"] - (3 * (x + 1) ** 2 - 2)) == 0


def test_function_applied_to_other_variable():
    trace = _session("f(x) = x^3 - 2x", "d/dt f(t)")
    assert trace.result["derivative"] == 3 * t**2 - 2


def test_nested_definitions_expand():
    trace = _session("f(x) = x^2", "g(x) = f(x) + x", "d/dx g(f(x))")
    assert sympy.expand(trace.result["derivative"] - (4 * x**3 + 2 * x)) == 0


def test_undefined_function_rejected():
    with pytest.raises(UnsupportedError) as caught:
        _session("d/dx f(x)")
    assert caught.value.key == "parsing.undefined_function"
    assert caught.value.params == {"name": "f"}


def test_function_argument_count_checked():
    with pytest.raises(UnsupportedError) as caught:
        _session("f(x, y) = x y", "d/dx f(x)")
    assert caught.value.key == "parsing.argument_count"


def test_self_reference_rejected():
    with pytest.raises(UnsupportedError) as caught:
        _session("y = y + x", "d/dx y")
    assert caught.value.key == "parsing.definition_cycle"


def test_variable_of_differentiation_kept():
    trace = _session("x = t^2", "d/dx x^3")
    assert trace.result["derivative"] == 3 * x**2


def test_named_derivative_expands_other_names():
    trace = _session("u = x^2", "y = u^3", "dy/dx")
    assert trace.result["derivative"] == 6 * x**5


def test_other_variable_held_constant_note():
    trace = _session("d/dx 3x^2y")
    assert trace.result["derivative"] == 6 * x * y
    notes = [note for note in trace.notes if note.key == "parsing.note_held_constant"]
    assert len(notes) == 1
    assert notes[0].params["others"] == "y"


def test_single_variable_has_no_held_constant_note():
    assert "parsing.note_held_constant" not in _note_keys(_session("d/dx x^2"))


def test_derivative_at_point_outside_domain_is_rejected():
    import pytest

    from tutor.chat import answer
    from tutor.engine.dispatch import Workspace
    from tutor.errors import MathDomainError

    workspace = Workspace()
    answer("f(x) = ln x", workspace)
    with pytest.raises(MathDomainError):
        answer("f'(-1)", workspace)
    assert str(answer("f'(2)", workspace).result["value"]) == "1/2"
