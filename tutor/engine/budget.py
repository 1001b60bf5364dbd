"""Run CAS calls that can blow up (simplify, factor, solve) under a time budget.

``within_budget(fn, *args, seconds=..., fallback=...)`` returns ``fn(*args)``
if it finishes in time, else ``fallback(*args)`` (or raises
TooComplexError when there is no fallback).

How the call is interrupted depends on the thread:
- in the main thread, a SIGALRM timer raises inside the SymPy call, which
  costs nothing when the call is fast;
- in any other thread signals cannot be used (the Textual app runs
  sessions in a worker thread). There the call runs in a forked child
  process whose result is pickled back, and the child is killed when the
  budget runs out.
Platforms without SIGALRM or fork (Windows) run the call unguarded.
"""

from __future__ import annotations

import contextvars
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any, TypeVar

from tutor import limits
from tutor.errors import TooComplexError

logger = logging.getLogger(__name__)

T = TypeVar("T")


class BudgetExceeded(Exception):
    """Raised inside a guarded call when its time budget runs out."""


def _can_use_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def _alarm(seconds: float):
    def on_alarm(signum: int, frame: Any) -> None:
        raise BudgetExceeded

    started = time.monotonic()
    previous_handler = signal.signal(signal.SIGALRM, on_alarm)
    previous_timer = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        # An outer budget that was running keeps what is left of its time.
        if previous_timer[0] > 0:
            left = previous_timer[0] - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))


def _child(connection: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        connection.send(("ok", fn(*args)))
    except BaseException as error:  # noqa: BLE001 - the parent re-raises it
        connection.send(("error", error))
    finally:
        connection.close()


def _run_in_child(fn: Callable[..., T], args: tuple[Any, ...], seconds: float) -> T:
    context = multiprocessing.get_context("fork")
    parent_end, child_end = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child_end, fn, args), daemon=True)
    process.start()
    child_end.close()
    try:
        if not parent_end.poll(seconds):
            raise BudgetExceeded
        status, value = parent_end.recv()
    except EOFError:
        raise BudgetExceeded from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(1)
        parent_end.close()
    if status == "error":
        raise value
    return value


def call_with_deadline(fn: Callable[..., T], *args: Any, seconds: float) -> T:
    """Return ``fn(*args)`` or raise BudgetExceeded after ``seconds``."""
    if _can_use_alarm():
        with _alarm(seconds):
            return fn(*args)
    if hasattr(os, "fork"):
        return _run_in_child(fn, args, seconds)
    logger.debug("no way to interrupt %s on this platform; running it unguarded", fn)
    return fn(*args)


def within_budget(
    fn: Callable[..., T],
    *args: Any,
    seconds: float = limits.CAS_TIME_BUDGET,
    fallback: Callable[..., T] | None = None,
    what: str = "",
) -> T:
    """Return ``fn(*args)`` within ``seconds``, else ``fallback(*args)``.

    Without a fallback an overrun raises TooComplexError naming ``what``
    (e.g. "simplify").  The fallback itself is not time-boxed, so it must
    be a cheap operation (``expand``, ``cancel``, returning the input).
    """
    try:
        return call_with_deadline(fn, *args, seconds=seconds)
    except BudgetExceeded:
        logger.info("%s exceeded its %.2f s budget", what or getattr(fn, "__name__", fn), seconds)
        if fallback is None:
            raise TooComplexError("limits.time_budget", what=what or getattr(fn, "__name__", "?"),
                                  seconds=seconds) from None
        return fallback(*args)


# ---------------------------------------------------------------- whole requests

#: Monotonic time by which the current request must finish, or None.
_request_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "request_deadline", default=None
)


def check_deadline() -> None:
    """Raise TooComplexError when the current request has run past its time budget.

    The engines call this between rule applications, which is how a
    request in a worker thread (where no signal can interrupt it) stops.
    """
    deadline = _request_deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise TooComplexError("limits.request_time", seconds=limits.REQUEST_TIME_BUDGET)


def within_request_budget(fn: Callable[..., T], *args: Any, seconds: float = limits.REQUEST_TIME_BUDGET) -> T:
    """Run one whole request ``fn(*args)`` in at most about ``seconds``.

    In the main thread a SIGALRM timer also stops a single long SymPy call;
    in other threads the engines' ``check_deadline`` calls stop the work
    between steps.  Either way the learner gets TooComplexError.
    """
    token = _request_deadline.set(time.monotonic() + seconds)
    try:
        if _can_use_alarm():
            try:
                with _alarm(seconds):
                    return fn(*args)
            except BudgetExceeded:
                raise TooComplexError("limits.request_time", seconds=seconds) from None
        return fn(*args)
    finally:
        _request_deadline.reset(token)
