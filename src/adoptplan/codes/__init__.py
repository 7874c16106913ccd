"""Every diagnostic code of every stage: the single source for `adoptplan explain CODE`, for
`docs/diagnostics.md`, and for the data-driven tests that prove each wrong example raises its code
and each right one does not.

The tables are leaves, one per stage (`codes.syntax`, `codes.semantic`, `codes.metrics`,
`codes.ingest`, `codes.playbook_tests`); stages raise their codes by the names given there.
"""

from __future__ import annotations

from adoptplan.codes.base import HEADER, Code
from adoptplan.codes.semantic import SEMANTIC
from adoptplan.codes.syntax import EDITOR, FILES, LIMITS, SYNTAX

__all__ = ["HEADER", "Code", "FILES", "SYNTAX", "all_codes", "playbook_codes"]


def playbook_codes() -> dict[str, Code]:
    """The codes about playbooks (AP1xx-AP5xx) whose examples are playbook files."""
    return dict(sorted({c.code: c for c in (*SYNTAX, *SEMANTIC)}.items()))


def all_codes() -> dict[str, Code]:
    """Every code of every stage by its name, in code order: what `explain CODE` knows.

    The examples of the other stages are their own inputs: metrics files (AP6xx), platform
    exports and event logs (AP7xx), playbook test files (AP8xx); of FILES, folder listings.
    """
    # start-up: the tables of the other stages load only here (a check raises none of them)
    from adoptplan.codes.ingest import INGEST_CODES
    from adoptplan.codes.metrics import METRICS_CODES
    from adoptplan.codes.playbook_tests import TEST_CODES

    others = {c.code: c for c in (*FILES, *LIMITS, *EDITOR, *METRICS_CODES, *INGEST_CODES, *TEST_CODES)}
    return dict(sorted({**playbook_codes(), **others}.items()))
