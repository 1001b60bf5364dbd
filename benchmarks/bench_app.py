"""Time the app: launch until ready, and Enter until the reply is on screen.

Run: ``python3 benchmarks/bench_app.py [--runs N]``.  Prints a Markdown
table for docs/benchmarks.md.

- Launch: wall time of a fresh ``python3 -c`` process that runs the real
  ``difftutor`` entry point headless and exits as soon as the state is
  reached, against ``python3 -c "import textual"``.  "Screen up" is the
  first paint of the chat with the input focused.  "Welcome shown" also
  waits for the session (SymPy, the engine, the progress store) and its
  welcome.  Each is the median of ``--runs`` processes.
- Reply: in one app (80×24, headless), the time from the Enter key on
  ``d/dx (3x^2+2)^2`` until the first frame that shows the reply.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time

QUESTION = "d/dx (3x^2+2)^2"

#: Runs the real entry point and exits at the first paint ("screen") or after the welcome ("welcome").
_LAUNCH = r"""
import os
import sys
import time

import tutor.ui.app as ui
from tutor.cli import main

wait_for = sys.argv[1]
original_mount = ui.TutorApp.on_mount
original_show = ui.TutorApp.show_replies


def report_ready():
    # Stop the clock here and leave at once: shutting down would wait for the session thread.
    print(time.time(), flush=True)
    os._exit(0)


def on_mount(self):
    original_mount(self)
    if wait_for == "screen":
        self.call_after_refresh(report_ready)


async def show_replies(self, replies):
    await original_show(self, replies)
    if wait_for == "welcome":
        self.call_after_refresh(report_ready)


ui.TutorApp.on_mount = on_mount
ui.TutorApp.show_replies = show_replies
ui.TutorApp.run = lambda self, **kw: ui.App.run(self, headless=True, **kw)
raise SystemExit(main(["--lang", "en"]))
"""


def time_process(args: list[str], runs: int) -> float:
    """Return the median seconds from starting ``args`` to its exit, or to the time it prints."""
    times = []
    for _ in range(runs):
        start = time.time()
        result = subprocess.run(args, check=True, capture_output=True, text=True)
        end = float(result.stdout) if result.stdout.strip() else time.time()
        times.append(end - start)
    return statistics.median(times)


async def time_replies(runs: int) -> list[float]:
    """Return the seconds from Enter to the first frame that shows the reply, once per run.

    The clock starts just before Pilot presses Enter.  It stops at the
    first frame the app writes after the reply bubble is mounted, so it
    includes the worker thread, the session, mounting and layout.
    """
    from tutor.ui.app import TutorApp
    from tutor.ui.widgets.math_input import MathInput

    app = TutorApp("en")
    frames: list[float] = []
    mounts: list[float] = []
    original_display = app._display
    original_show = app.show_replies

    def display(screen, renderable):
        original_display(screen, renderable)
        if renderable is not None:
            frames.append(time.perf_counter())

    async def show_replies(replies):
        await original_show(replies)
        mounts.append(time.perf_counter())

    app._display = display
    app.show_replies = show_replies
    times = []
    async with app.run_test(size=(80, 24)) as pilot:
        while not app.session_ready.is_set():
            await pilot.pause(0.01)
        await pilot.pause(0.2)
        screen = app.chat_screen()
        math_input = screen.query_one(MathInput)
        for _ in range(runs + 1):
            math_input.value = QUESTION
            await pilot.pause()
            count = len(mounts)
            start = time.perf_counter()
            await pilot.press("enter")
            while len(mounts) == count:
                await asyncio.sleep(0.0005)
            mounted = mounts[-1]
            while not frames or frames[-1] < mounted:
                await asyncio.sleep(0.0005)
            times.append(next(frame for frame in frames if frame >= mounted) - start)
            await pilot.pause(0.05)
    return times[1:]  # the first reply also loads the derivative engine


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="processes per launch figure (default 7)")
    parser.add_argument("--replies", type=int, default=21, help="replies timed (default 21)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as home:
        os.environ["DIFFTUTOR_HOME"] = home
        textual = time_process([sys.executable, "-c", "import textual"], args.runs)
        screen = time_process([sys.executable, "-c", _LAUNCH, "screen"], args.runs)
        welcome = time_process([sys.executable, "-c", _LAUNCH, "welcome"], args.runs)
        replies = asyncio.run(time_replies(args.replies))

    median = statistics.median(replies)
    print("| measure | median | ratio / target |")
    print("|---|---|---|")
    print(f"| `python -c \"import textual\"` | {textual * 1000:.0f} ms | 1.00× |")
    print(f"| launch → chat screen up, input focused | {screen * 1000:.0f} ms | {screen / textual:.2f}× (target ≤ 1.5×) |")
    print(f"| launch → welcome shown (session ready) | {welcome * 1000:.0f} ms | {welcome / textual:.2f}× |")
    print(f"| Enter on `{QUESTION}` → first frame with the reply | {median * 1000:.0f} ms "
          f"(max {max(replies) * 1000:.0f} ms, n = {len(replies)}) | target < 100 ms |")


if __name__ == "__main__":
    main()
