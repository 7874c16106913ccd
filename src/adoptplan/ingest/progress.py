"""A small progress bar on standard error for long builds: only on a terminal, never in CI."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from typing import IO, TypeVar

T = TypeVar("T")
WIDTH = 24
INTERVAL = 0.2
"""Seconds between two redraws."""


def wanted(stream: IO[str]) -> bool:
    """A bar only where a person watches: a terminal, and not in CI (the CI variable is set)."""
    if os.environ.get("CI"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """`[#######-----------------]  30% facts (2/4)`, redrawn in place while a step runs.

    `percent` is polled from another thread while the step runs (DuckDB's query_progress); a
    step without one shows only its name.
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
        stop = threading.Event()
        drawer = threading.Thread(target=self._draw_until, args=(name, percent, stop),
                                  daemon=True)
        drawer.start()
        try:
            return step()
        finally:
            stop.set()
            drawer.join()
            self.done += 1
            self.stream.write("\r" + " " * (WIDTH + 40) + "\r")
            self.stream.flush()

    def _draw_until(self, name: str, percent: Callable[[], float] | None,
                    stop: threading.Event) -> None:
        while True:
            self.draw(name, _read(percent))
            if stop.wait(INTERVAL):
                return

    def draw(self, name: str, fraction: float | None) -> None:
        self.stream.write("\r" + line(name, fraction, self.done + 1, self.steps))
        self.stream.flush()


def line(name: str, fraction: float | None, step: int, steps: int) -> str:
    """One state of the bar: the share done of the current step, its name, its number."""
    shown = min(max(fraction or 0.0, 0.0), 1.0)
    filled = int(round(shown * WIDTH))
    share = f"{shown * 100:3.0f}%" if fraction is not None else "    "
    return f"[{'#' * filled}{'-' * (WIDTH - filled)}] {share} {name} ({step}/{steps})"


def _read(percent: Callable[[], float] | None) -> float | None:
    if percent is None:
        return None
    try:
        value = percent()
    except Exception:  # the engine may refuse between two queries; the bar just waits
        return None
    return value / 100 if value >= 0 else None
