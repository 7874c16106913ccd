"""A progress bar on standard error for long builds, drawn by rich: only on a terminal, never in CI.

rich draws and clears the bar; the one thread here asks the SQL engine how far its query is
(DuckDB answers `query_progress` only from another thread while the query runs).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from typing import IO, TypeVar

T = TypeVar("T")
INTERVAL = 0.2
"""Seconds between two questions to the engine (and two redraws)."""


def wanted(stream: IO[str]) -> bool:
    """A bar only where a person watches: a terminal, and not in CI (the CI variable is set)."""
    if os.environ.get("CI"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """`facts (2/4) ━━━━━━━╸━━━━━━━━  30%`, redrawn in place while a step runs, gone after it.

    `percent` is polled while the step runs (DuckDB's query_progress, 0 to 100, or -1 when it
    cannot tell); a step without one shows a moving bar with its name.
    """

    def __init__(self, steps: int, stream: IO[str] | None = None, enabled: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = wanted(self.stream) if enabled is None else enabled
        self.steps = steps
        self.done = 0

    def run(self, name: str, step: Callable[[], T],
            percent: Callable[[], float] | None = None) -> T:
        """Run one step, drawing the bar until it ends; the bar is cleared afterwards."""
        if not self.enabled:
            return step()
        # start-up: loads rich only when a bar is drawn
        from rich.console import Console
        from rich.progress import BarColumn, TaskProgressColumn, TextColumn
        from rich.progress import Progress as Bar

        console = Console(file=self.stream, force_terminal=True, width=80)
        label = f"{name} ({self.done + 1}/{self.steps})"
        with Bar(TextColumn("{task.description}"), BarColumn(bar_width=24),
                 TaskProgressColumn(), console=console, transient=True,
                 refresh_per_second=1 / INTERVAL) as bar:
            task = bar.add_task(label, total=100 if percent else None)
            stop = threading.Event()
            poller = threading.Thread(target=_poll, args=(bar, task, percent, stop), daemon=True)
            poller.start()
            try:
                return step()
            finally:
                stop.set()
                poller.join()
                self.done += 1


def _poll(bar, task, percent: Callable[[], float] | None, stop: threading.Event) -> None:
    """Ask the engine how far it is until the step ends; the bar shows the last answer."""
    while True:
        done = _read(percent)
        if done is not None:
            bar.update(task, completed=done * 100)
            bar.refresh()
        if stop.wait(INTERVAL):
            return


def _read(percent: Callable[[], float] | None) -> float | None:
    if percent is None:
        return None
    try:
        value = percent()
    except Exception:  # noqa: BLE001 - the engine may refuse between two queries; the bar waits
        return None
    return min(value, 100.0) / 100 if value >= 0 else None
