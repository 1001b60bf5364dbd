"""The lecture's training story: a threshold perceptron and a sigmoid neuron on a truth table.

Both models have two inputs, weights w1, w2 and a bias b, all starting
at 0, so every run is the same.  The rows are always taken in the order
(0, 0), (0, 1), (1, 0), (1, 1).

- The perceptron outputs 1 when w1 x1 + w2 x2 + b > 0 (the threshold is
  0) and corrects its weights after every row by rate × error × input
  (the perceptron learning rule), with exact rational arithmetic.  It
  stops after an epoch with no error, or when the lowest error has not
  fallen for ``limits.PERCEPTRON_PATIENCE`` epochs, following the
  lecture's rule "repeat until the error no longer falls".
- The sigmoid neuron is trained by full-batch gradient descent on the
  mean of ½(y − t)², in floating point.  The trace reports its loss per
  epoch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sympy

from tutor import limits
from tutor.engine.graph_values import exact_rational, json_value, text_value
from tutor.engine.steps import Step, Trace
from tutor.errors import UnsupportedError
from tutor.parsing.commands import Train

ROWS = ((0, 0), (0, 1), (1, 0), (1, 1))

#: Target output of each gate for ROWS, in order.
GATES = {
    "and": (0, 0, 0, 1),
    "or": (0, 1, 1, 1),
    "nand": (1, 1, 1, 0),
    "nor": (1, 0, 0, 0),
    "xor": (0, 1, 1, 0),
}

DEFAULT_PERCEPTRON_RATE = sympy.Rational(1, 10)
DEFAULT_SIGMOID_RATE = sympy.Integer(5)
DEFAULT_SIGMOID_EPOCHS = 30

#: Epochs that get their own step in a long gradient-descent run; the
#: others are only in the loss chart and the JSON result.
_MAX_EPOCH_STEPS = 25

#: Width in characters of the longest bar in a chart.
_CHART_WIDTH = 40

#: Rows in a chart; longer runs are sampled evenly, keeping the last epoch.
_CHART_ROWS = 20


@dataclass
class PerceptronEpoch:
    """One pass over the four rows: the row records, the error count and the weights after it."""

    rows: list[dict]
    errors: int
    weights: tuple[sympy.Rational, sympy.Rational, sympy.Rational]


def _gate_targets(gate: str) -> tuple[int, ...]:
    targets = GATES.get(gate.lower())
    if targets is None:
        raise UnsupportedError("training.unknown_gate", gate=gate, gates=", ".join(GATES))
    return targets


def _rate(command: Train, default: sympy.Expr) -> sympy.Expr:
    if command.rate is None:
        return default
    rate = exact_rational(command.rate)
    if not rate.is_number or not (0 < rate <= limits.MAX_LEARNING_RATE):
        raise UnsupportedError("training.bad_rate", rate=rate, limit=limits.MAX_LEARNING_RATE)
    return rate


def _epochs(command: Train, default: int, limit: int) -> int:
    if command.epochs is None:
        return default
    if not 1 <= command.epochs <= limit:
        raise UnsupportedError("training.bad_epochs", epochs=command.epochs, limit=limit)
    return command.epochs


# ---------------------------------------------------------------- perceptron


def run_perceptron(targets: tuple[int, ...], rate: sympy.Expr,
                   max_epochs: int = limits.MAX_PERCEPTRON_EPOCHS) -> list[PerceptronEpoch]:
    """Train a threshold perceptron until an epoch has no error or the error stops falling."""
    w1 = w2 = b = sympy.Integer(0)
    epochs: list[PerceptronEpoch] = []
    best, since_best = None, 0

    while len(epochs) < max_epochs:
        rows = []
        for (x1, x2), target in zip(ROWS, targets):
            total = w1 * x1 + w2 * x2 + b
            output = 1 if total > 0 else 0
            error = target - output
            dw1, dw2, db = rate * error * x1, rate * error * x2, rate * error
            rows.append({"x1": x1, "x2": x2, "w": (w1, w2, b), "total": total, "output": output,
                         "target": target, "error": error, "delta": (dw1, dw2, db)})
            w1, w2, b = w1 + dw1, w2 + dw2, b + db
        errors = sum(1 for row in rows if row["error"] != 0)
        epochs.append(PerceptronEpoch(rows, errors, (w1, w2, b)))

        if errors == 0:
            break
        if best is None or errors < best:
            best, since_best = errors, 0
        else:
            since_best += 1
            if since_best >= limits.PERCEPTRON_PATIENCE:
                break
    return epochs


def wrong_rows(weights: tuple[sympy.Expr, sympy.Expr, sympy.Expr], targets: tuple[int, ...]) -> int:
    """Return how many of the four rows the perceptron with ``weights`` gets wrong.

    An epoch's error count differs from this: it counts the rows wrong
    while the weights were still being corrected during the epoch.
    """
    w1, w2, b = weights
    return sum(1 for (x1, x2), target in zip(ROWS, targets)
               if (1 if w1 * x1 + w2 * x2 + b > 0 else 0) != target)


def _factor(text: str) -> str:
    return f"({text})" if text.startswith("-") else text


#: Gates whose 1s and 0s no straight line separates, so one neuron cannot learn them.
NOT_LINEARLY_SEPARABLE = {"xor"}


def _perceptron_trace(command: Train) -> Trace:
    targets = _gate_targets(command.gate)
    rate = _rate(command, DEFAULT_PERCEPTRON_RATE)
    max_epochs = _epochs(command, limits.MAX_PERCEPTRON_EPOCHS, limits.MAX_PERCEPTRON_EPOCHS)
    epochs = run_perceptron(targets, rate, max_epochs)

    def show(value: sympy.Expr) -> str:
        return text_value(sympy.sympify(value, strict=True), decimal=True)

    steps = [Step(rule="train_perceptron", before=None, after=None, params={"rate": show(rate)})]
    for number, epoch in enumerate(epochs, start=1):
        substeps = []
        for row in epoch.rows:
            w1, w2, b = row["w"]
            with sympy.evaluate(False):
                weighted = sympy.Add(sympy.Mul(w1, row["x1"]), sympy.Mul(w2, row["x2"]), b)
            dw1, dw2, db = row["delta"]
            substeps.append(Step(
                rule="perceptron_row", before=weighted, after=row["total"],
                params={"x1": row["x1"], "x2": row["x2"], "total": show(row["total"]),
                        "calc": f"{_factor(show(w1))}·{row['x1']} + {_factor(show(w2))}·{row['x2']}"
                                f" + {_factor(show(b))}",
                        "output": row["output"], "target": row["target"], "error": row["error"],
                        "dw1": show(dw1), "dw2": show(dw2), "db": show(db)},
            ))
        w1, w2, b = epoch.weights
        steps.append(Step(rule="perceptron_epoch", before=None, after=None,
                          substeps=tuple(substeps),
                          text_key=None if epoch.errors else "rules.perceptron_epoch_clean",
                          params={"epoch": number, "errors": epoch.errors,
                                  "w1": show(w1), "w2": show(w2), "b": show(b)}))

    last = epochs[-1]
    learned = last.errors == 0
    w1, w2, b = last.weights
    final_errors = wrong_rows(last.weights, targets)
    summary_params = {"gate": command.gate.upper(), "epochs": len(epochs), "errors": final_errors,
                      "w1": show(w1), "w2": show(w2), "b": show(b)}
    weight = sympy.Symbol
    reading = sympy.Eq(sympy.Symbol("y"), sympy.Function("step")(
        weight("w1") * weight("x1") + weight("w2") * weight("x2") + weight("b")))
    return Trace(
        kind="train",
        reading=reading,
        steps=tuple(steps),
        result={
            "model": "perceptron",
            "gate": command.gate.lower(),
            "rate": json_value(rate, True),
            "learned": learned,
            "epochs": len(epochs),
            "errors": [epoch.errors for epoch in epochs],
            "final_errors": final_errors,
            "weights": {"w1": json_value(w1, True), "w2": json_value(w2, True),
                        "b": json_value(b, True)},
        },
        notes=command.notes,
        extra={
            "summary_key": ("training.summary_learned" if learned
                            else "training.summary_not_learned"),
            "summary_params": summary_params,
            "blocks": (bar_chart([epoch.errors for epoch in epochs], "{:d}"),),
        },
    )


# ---------------------------------------------------------------- sigmoid neuron


def _sigmoid(u: float) -> float:
    # exp gets a non-positive argument in both branches, so it cannot overflow.
    if u >= 0:
        return 1 / (1 + math.exp(-u))
    e = math.exp(u)
    return e / (1 + e)


@dataclass
class SigmoidEpoch:
    """Loss and gradient at the weights the epoch started from, and the weights after the step."""

    loss: float
    gradient: tuple[float, float, float]
    weights: tuple[float, float, float]
    rows: list[dict]


def run_sigmoid(targets: tuple[int, ...], rate: float, epochs: int) -> list[SigmoidEpoch]:
    """Train y = σ(w1 x1 + w2 x2 + b) by gradient descent on the mean of ½(y − t)²."""
    w1 = w2 = b = 0.0
    history: list[SigmoidEpoch] = []
    n = len(ROWS)
    for _ in range(epochs):
        rows = []
        loss = g1 = g2 = gb = 0.0
        for (x1, x2), target in zip(ROWS, targets):
            total = w1 * x1 + w2 * x2 + b
            y = _sigmoid(total)
            # Chain rule: dL/dw = dL/dy · dy/du · du/dw = (y − t) · y(1 − y) · x.
            delta = (y - target) * y * (1 - y)
            loss += 0.5 * (y - target) ** 2 / n
            g1, g2, gb = g1 + delta * x1 / n, g2 + delta * x2 / n, gb + delta / n
            rows.append({"x1": x1, "x2": x2, "target": target, "total": total, "output": y,
                         "delta": delta})
        w1, w2, b = w1 - rate * g1, w2 - rate * g2, b - rate * gb
        history.append(SigmoidEpoch(loss, (g1, g2, gb), (w1, w2, b), rows))
    return history


def _number(value: float) -> str:
    return f"{value:.4g}"


def _epochs_to_show(count: int) -> list[int]:
    if count <= _MAX_EPOCH_STEPS:
        return list(range(count))
    stride = math.ceil(count / (_MAX_EPOCH_STEPS - 1))
    shown = list(range(0, count, stride))
    return shown + ([count - 1] if shown[-1] != count - 1 else [])


def _sigmoid_trace(command: Train) -> Trace:
    targets = _gate_targets(command.gate)
    rate = _rate(command, DEFAULT_SIGMOID_RATE)
    epoch_count = _epochs(command, DEFAULT_SIGMOID_EPOCHS, limits.MAX_TRAIN_EPOCHS)
    history = run_sigmoid(targets, float(rate), epoch_count)

    steps = [Step(rule="train_sigmoid", before=None, after=None,
                  params={"rate": text_value(rate, True), "epochs": epoch_count})]
    for index in _epochs_to_show(epoch_count):
        epoch = history[index]
        substeps = ()
        if index == 0:
            substeps = tuple(
                Step(rule="sigmoid_row", before=None, after=None,
                     params={"x1": row["x1"], "x2": row["x2"], "target": row["target"],
                             "total": _number(row["total"]), "output": _number(row["output"]),
                             "delta": _number(row["delta"])})
                for row in epoch.rows
            )
        g1, g2, gb = epoch.gradient
        w1, w2, b = epoch.weights
        steps.append(Step(rule="sigmoid_epoch", before=None, after=None, substeps=substeps,
                          params={"epoch": index + 1, "loss": _number(epoch.loss),
                                  "g1": _number(g1), "g2": _number(g2), "gb": _number(gb),
                                  "w1": _number(w1), "w2": _number(w2), "b": _number(b)}))

    losses = [epoch.loss for epoch in history]
    final_outputs = [_sigmoid(w1 * x1 + w2 * x2 + b)
                     for (x1, x2) in ROWS
                     for w1, w2, b in [history[-1].weights]]
    if command.gate.lower() in NOT_LINEARLY_SEPARABLE:
        summary_key = "training.summary_sigmoid_not_separable"
    elif losses[-1] < losses[0]:
        summary_key = "training.summary_sigmoid"
    else:
        summary_key = "training.summary_sigmoid_rising"
    reading = sympy.Eq(sympy.Symbol("y"), sympy.Function("sigmoid")(
        sympy.Symbol("w1") * sympy.Symbol("x1") + sympy.Symbol("w2") * sympy.Symbol("x2")
        + sympy.Symbol("b")))
    outputs_text = ", ".join(f"({x1}, {x2}) → {_number(y)}"
                             for (x1, x2), y in zip(ROWS, final_outputs))
    w1, w2, b = history[-1].weights
    return Trace(
        kind="train",
        reading=reading,
        steps=tuple(steps),
        result={
            "model": "sigmoid",
            "gate": command.gate.lower(),
            "rate": json_value(rate, True),
            "epochs": epoch_count,
            "losses": losses,
            "weights": {"w1": w1, "w2": w2, "b": b},
            "outputs": final_outputs,
        },
        notes=command.notes,
        extra={
            "summary_key": summary_key,
            "summary_params": {"epochs": epoch_count, "gate": command.gate.upper(),
                               "first": _number(losses[0]),
                               "last": _number(losses[-1]), "outputs": outputs_text},
            "blocks": (bar_chart(losses, "{:.4f}"),),
        },
    )


# ---------------------------------------------------------------- chart and entry point


def bar_chart(values: list[float], number_format: str) -> str:
    """Draw one bar per epoch (sampled to at most 20 rows), as language-free text."""
    count = len(values)
    if count > _CHART_ROWS:
        stride = math.ceil(count / (_CHART_ROWS - 1))
        indexes = list(range(0, count, stride))
        if indexes[-1] != count - 1:
            indexes.append(count - 1)
    else:
        indexes = list(range(count))

    top = max(values) or 1
    lines = []
    for index in indexes:
        value = values[index]
        bar = "█" * round(_CHART_WIDTH * value / top)
        lines.append(f"{index + 1:>5} │ {number_format.format(value):>8} {bar}")
    return "\n".join(lines)


def trace_train(command: Train, workspace: object = None) -> Trace:
    """Train the command's model on its gate and trace every epoch."""
    if command.model == "perceptron":
        return _perceptron_trace(command)
    if command.model == "sigmoid":
        return _sigmoid_trace(command)
    raise UnsupportedError("training.unknown_model", model=command.model)
