"""A diagnostic code as documented: its meaning, a wrong example and a right one.

Each stage's table (syntax, semantic, metrics, ingest, playbook_tests) is a leaf that builds on
this; `adoptplan.codes` assembles them into the registry that `explain`, the docs and the tests
read. Examples are whole input files; `{HEADER}` stands for a minimal valid playbook header.
"""

from __future__ import annotations

import attrs

HEADER = """playbook "Rollout" {
  cadence weekly
  launch  2026-W40
}
"""


@attrs.frozen
class Code:
    code: str
    title: str
    explanation: str
    wrong: str
    right: str
    severity: str = "error"


def _code(code: str, title: str, explanation: str, wrong: str, right: str,
          severity: str = "error") -> Code:
    return Code(code, title, explanation, wrong.replace("{HEADER}", HEADER),
                right.replace("{HEADER}", HEADER), severity)
