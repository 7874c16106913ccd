"""Run one adoptplan command as a hostile input would: in a process of its own, forked from a
server that has imported adoptplan once (so a case costs a fork, not an interpreter start),
under a memory limit and a time limit. What comes back is judged by `Outcome.problems`."""

from __future__ import annotations

import collections
import multiprocessing
import os
import re
import resource
import traceback
from collections.abc import Sequence

import attrs

TIME_LIMIT = 20.0
"""Seconds a case may take (wall clock, on a shared 2-core machine); each reproducer of issue 15
takes well under one."""
MEMORY_LIMIT = 3 * 1024**3
"""Address space a case may use: adoptplan with numpy and DuckDB loaded reserves about 1 GB."""
OUTPUT_LIMIT = 4 * 1024 * 1024
"""Characters of output a case may print (the 70,000-character `needs` printed 105 MB)."""

SECRET = "CANARY-secret_token=7f3a9c1e"
"""Written outside every workspace: no output may ever show it."""
SEED = 15
COUNTS: collections.Counter[str] = collections.Counter()
FAILURES: collections.Counter[str] = collections.Counter()
"""Cases run and failed per class, printed at the end of the run (conftest.py)."""


def record(kind: str, outcome: Outcome, problems: list[str]) -> None:
    COUNTS[kind] += 1
    if problems:
        FAILURES[kind] += 1


_POSITIONED = re.compile(r"^(?:\S.*?):\d+:\d+: (?:error|warning|info)\[AP\d{3}\]")
_CODED = re.compile(r"(?:error|warning|info)\[AP\d{3}\]")


@attrs.frozen
class Outcome:
    """What a case did: its exit code and output, or why it has none."""

    args: tuple[str, ...]
    exit_code: int | None
    output: str = ""
    crash: str = ""  # a traceback, or "hang" / "memory"

    def problems(self, exits: Sequence[int] = (0, 1, 2), secret: str | None = None) -> list[str]:
        """Everything wrong with the outcome: a traceback, a hang, a memory blow-up, a leaked
        secret, an unpositioned diagnostic or an exit code outside `exits`."""
        found = []
        if self.crash:
            found.append(f"crashed: {self.crash[-2000:]}")
        if "Traceback (most recent call last)" in self.output:
            found.append("printed a traceback")
        if self.exit_code is not None and self.exit_code not in exits:
            found.append(f"exit code {self.exit_code}, expected one of {tuple(exits)}")
        if secret and secret in self.output:
            found.append("printed the content of a file outside the folder it was given")
        if len(self.output) >= OUTPUT_LIMIT:
            found.append(f"printed {OUTPUT_LIMIT:,} characters or more")
        for line in self.output.splitlines():
            if _CODED.search(line) and not _POSITIONED.match(line) \
                    and not line.startswith(("::", "{", " ", "|", "-")):
                found.append(f"a diagnostic without a position: {line[:200]}")
                break
        return found


def _child(args: Sequence[str], cwd: str, env: dict[str, str], sender) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    os.chdir(cwd)
    os.environ.update(env)
    from click.testing import CliRunner

    from adoptplan.cli import cli

    try:
        result = CliRunner().invoke(cli, list(args))
        crash = ""
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            kind = "memory" if isinstance(result.exception, MemoryError) else ""
            crash = kind or "".join(traceback.format_exception(result.exception))
        sender.send((result.exit_code, result.output[:OUTPUT_LIMIT], crash))
    except BaseException as error:  # noqa: BLE001 - reported as the case's crash
        sender.send((None, "", "".join(traceback.format_exception(error))))
    finally:
        sender.close()


_CONTEXT = None


def _context():
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = multiprocessing.get_context("forkserver")
        _CONTEXT.set_forkserver_preload(["adoptplan.cli", "click.testing", "hostile_runner"])
    return _CONTEXT


def run(args: Sequence[str], cwd: str | os.PathLike[str], env: dict[str, str] | None = None,
        time_limit: float = TIME_LIMIT) -> Outcome:
    """`adoptplan ARGS` in `cwd`, limited in time and memory."""
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(tuple(args), os.fspath(cwd), env or {}, sender))
    process.start()
    sender.close()
    try:
        if not receiver.poll(time_limit):
            return Outcome(tuple(args), None, "", f"hang: no answer in {time_limit:.0f} s")
        try:
            exit_code, output, crash = receiver.recv()
        except EOFError:
            return Outcome(tuple(args), None, "", "the process died (memory limit or a signal)")
        return Outcome(tuple(args), exit_code, output, crash)
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receiver.close()
