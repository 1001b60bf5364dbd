"""Safety limits, all in one place.

Every limit is checked before the expensive work it protects, and breaking
one raises :class:`tutor.errors.TooComplexError` with a catalog message.
The numbers are chosen so that every expression in the lecture and in the
test corpora stays far inside them, while adversarial input (10 000 nested
brackets, power towers, 100 KB pastes) is stopped in well under a second.
"""

from __future__ import annotations

#: Characters in one learner input (one chat line, one answer).
MAX_INPUT_CHARS = 500

#: Nesting depth of brackets and function calls in one input.
MAX_NESTING_DEPTH = 40

#: Nodes in a SymPy expression tree (``sympy.count_ops``-like size, counted
#: by walking ``preorder_traversal``).
MAX_EXPRESSION_NODES = 400

#: Absolute value of a numeric exponent; x^1000 is allowed, x^(10^10) is not.
MAX_EXPONENT = 1000

#: Decimal digits in an integer literal or in an evaluated integer.
MAX_INTEGER_DIGITS = 60

#: Order of a derivative (d^n/dx^n) the tutor will trace step by step.
MAX_DERIVATIVE_ORDER = 10

#: Seconds for one guarded CAS call (simplify, factor, solve, limit) before
#: the cheaper fallback is used.
CAS_TIME_BUDGET = 1.0

#: Seconds for all guarded CAS calls of one request together.
REQUEST_TIME_BUDGET = 4.0

#: Lines read by ``explain -`` and ``--script`` before they stop with an error.
MAX_SCRIPT_LINES = 10_000

#: Nodes (operations, variables and constants) in one backprop graph.
MAX_GRAPH_NODES = 60

#: Epochs of the threshold perceptron before training stops unfinished.
MAX_PERCEPTRON_EPOCHS = 100

#: Epochs without a new lowest error before perceptron training stops.
PERCEPTRON_PATIENCE = 5

#: Epochs of gradient descent a learner may ask for (``train sigmoid ... epochs N``).
MAX_TRAIN_EPOCHS = 2000

#: Largest learning rate accepted from a learner; a bound on input, not a tuned value.
MAX_LEARNING_RATE = 100
