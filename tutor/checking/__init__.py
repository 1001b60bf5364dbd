"""Answer checking: equivalence, forms, misconception diagnosis, step checks and hints.

``tutor.checking.api`` is the entry point (``check``, ``check_json``,
``check_answer``, ``judge``); the other modules each do one job:
``equivalence`` (is the answer the same function), ``numeric`` (real
evaluation at a point), ``forms`` (expanded, factored, simplified,
exact), ``misconceptions`` (the buggy rules run inside the engine),
``answers`` (lists, intervals, classifications, gradients),
``stepcheck`` (one intermediate line), ``hints`` (hint ladders) and
``verdict`` (the result).
"""
