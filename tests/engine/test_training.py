"""Training traces: the perceptron learns AND and OR but not XOR; gradient descent lowers the loss."""

from __future__ import annotations

import pytest
import sympy

from tutor import limits
from tutor.engine.dispatch import trace
from tutor.engine.training import GATES, ROWS, run_perceptron, run_sigmoid, trace_train
from tutor.errors import UnsupportedError
from tutor.parsing.commands import Train
from tutor.render.report import trace_json, trace_text


def _classifies_all(weights, targets) -> bool:
    w1, w2, b = weights
    return all((1 if w1 * x1 + w2 * x2 + b > 0 else 0) == t for (x1, x2), t in zip(ROWS, targets))


@pytest.mark.parametrize("gate", ["and", "or", "nand", "nor"])
def test_perceptron_learns_separable_gate(gate):
    result = trace_train(Train(model="perceptron", gate=gate), None)
    assert result.result["learned"] is True
    assert result.result["errors"][-1] == 0
    assert result.extra["summary_key"] == "training.summary_learned"
    weights = tuple(sympy.Rational(result.result["weights"][k]) for k in ("w1", "w2", "b"))
    assert _classifies_all(weights, GATES[gate])


def test_perceptron_does_not_learn_xor():
    result = trace_train(Train(model="perceptron", gate="xor"), None)
    assert result.result["learned"] is False
    assert result.result["errors"][-1] > 0
    assert result.result["epochs"] < limits.MAX_PERCEPTRON_EPOCHS
    assert result.extra["summary_key"] == "training.summary_not_learned"
    assert "No straight line separates" in trace_text(result, "en")
    assert "직선이 없으므로" in trace_text(result, "ko")


def test_perceptron_stops_when_error_stops_falling():
    epochs = run_perceptron(GATES["xor"], sympy.Rational(1, 10))
    errors = [epoch.errors for epoch in epochs]
    best_at = errors.index(min(errors))
    assert len(errors) - 1 - best_at == limits.PERCEPTRON_PATIENCE


def test_perceptron_rows_show_corrections():
    result = trace_train(Train(model="perceptron", gate="and"), None)
    rows = [step for step in result.walk() if step.rule == "perceptron_row"]
    assert len(rows) == 4 * result.result["epochs"]
    for step in rows:
        assert step.before.doit() == step.after
    first_wrong = next(step for step in rows if step.params["error"] != 0)
    assert first_wrong.params["db"] in ("0.1", "-0.1")


def test_perceptron_epochs_option_caps_training():
    result = trace_train(Train(model="perceptron", gate="and", epochs=2), None)
    assert result.result["epochs"] == 2
    assert result.result["learned"] is False


@pytest.mark.parametrize("gate", ["and", "or"])
def test_sigmoid_loss_falls(gate):
    result = trace_train(Train(model="sigmoid", gate=gate), None)
    losses = result.result["losses"]
    assert all(later <= earlier for earlier, later in zip(losses, losses[1:]))
    assert losses[-1] < 0.5 * losses[0]
    outputs = result.result["outputs"]
    assert [1 if y > 0.5 else 0 for y in outputs] == list(GATES[gate])
    assert result.extra["summary_key"] == "training.summary_sigmoid"


def test_sigmoid_rate_and_epochs_options():
    train = Train(model="sigmoid", gate="and", rate=sympy.Float("0.5"), epochs=7)
    result = trace_train(train, None)
    assert len(result.result["losses"]) == 7
    assert result.result["rate"] == "0.5"
    slower = run_sigmoid(GATES["and"], 0.5, 7)[-1].loss
    faster = run_sigmoid(GATES["and"], 5.0, 7)[-1].loss
    assert faster < slower


def test_sigmoid_gradient_matches_finite_difference():
    def loss(w1, w2, b):
        total = 0.0
        for (x1, x2), t in zip(ROWS, GATES["or"]):
            y = 1 / (1 + 2.718281828459045 ** -(w1 * x1 + w2 * x2 + b))
            total += 0.5 * (y - t) ** 2 / len(ROWS)
        return total

    history = run_sigmoid(GATES["or"], 1.0, 3)
    start = history[1].weights  # gradient of epoch 3 is taken at the weights after epoch 2
    g1, _, gb = history[2].gradient
    h = 1e-6
    w1, w2, b = start
    numeric_w1 = (loss(w1 + h, w2, b) - loss(w1 - h, w2, b)) / (2 * h)
    numeric_b = (loss(w1, w2, b + h) - loss(w1, w2, b - h)) / (2 * h)
    assert g1 == pytest.approx(numeric_w1, rel=1e-6)
    assert gb == pytest.approx(numeric_b, rel=1e-6)


def test_sigmoid_xor_says_why_loss_stays():
    result = trace_train(Train(model="sigmoid", gate="xor"), None)
    assert result.extra["summary_key"] == "training.summary_sigmoid_not_separable"


def test_long_run_shows_bounded_steps_and_chart():
    result = trace_train(Train(model="sigmoid", gate="and", epochs=500), None)
    assert len(result.result["losses"]) == 500
    assert len(result.steps) <= 30
    chart = result.extra["blocks"][0]
    assert len(chart.splitlines()) <= 20
    assert max(len(line) for line in chart.splitlines()) <= 80


@pytest.mark.parametrize(("train", "key"), [
    (Train(model="perceptron", gate="xnor"), "training.unknown_gate"),
    (Train(model="mlp", gate="and"), "training.unknown_model"),
    (Train(model="sigmoid", gate="and", rate=sympy.Integer(0)), "training.bad_rate"),
    (Train(model="sigmoid", gate="and", rate=sympy.Integer(10**6)), "training.bad_rate"),
    (Train(model="sigmoid", gate="and", epochs=10**6), "training.bad_epochs"),
])
def test_invalid_training_options(train, key):
    with pytest.raises(UnsupportedError) as caught:
        trace_train(train, None)
    assert caught.value.key == key
    assert "{" not in caught.value.message("ko")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_training_text_renders(lang):
    for model in ("perceptron", "sigmoid"):
        result = trace(Train(model=model, gate="or"))
        text = trace_text(result, lang)
        assert "{" not in text
        data = trace_json(f"train {model} or", result, lang)
        assert data["kind"] == "train"
        assert all(step["text"] for step in data["steps"])


def test_xor_summary_counts_final_weights():
    result = trace_train(Train(model="perceptron", gate="xor"), None)
    weights = tuple(sympy.Rational(result.result["weights"][k]) for k in ("w1", "w2", "b"))
    wrong = sum(1 for (x1, x2), target in zip(((0, 0), (0, 1), (1, 0), (1, 1)), GATES["xor"])
                if (1 if weights[0] * x1 + weights[1] * x2 + weights[2] > 0 else 0) != target)
    assert result.result["final_errors"] == wrong == 2
    assert result.extra["summary_params"]["errors"] == wrong
    assert "still get 2 of 4 rows wrong" in trace_text(result, "en")
