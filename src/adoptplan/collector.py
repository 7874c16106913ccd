"""Python's cycle collector, paused while a stage makes many objects that hold no cycles.

Parsing a large playbook, evaluating and building a large result each make hundreds of thousands
of small objects that live until the stage ends; every collection they set off walks all of
them, and every object already loaded, again: a tenth of the engine's time, a third of the
JSON render's, and `fmt` grew faster than the file. Reference counting still frees what is
dropped, so pausing costs no memory where nothing is cyclic.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block, then as it was (a caller's pause is kept)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
