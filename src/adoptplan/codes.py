"""Every diagnostic code: what it means, a wrong example and a right one.

This is the single source for `adoptplan explain CODE`, for `docs/diagnostics.md`, and for the
data-driven tests that prove each wrong example raises its code and each right one does not.
Examples are whole playbook files; `{HEADER}` stands for a minimal valid playbook header.
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


SYNTAX: tuple[Code, ...] = (
    _code(
        "AP101", "not a text file",
        "A playbook must be UTF-8 text. Binary data or another encoding cannot be read.",
        "\xff\xfe binary",
        "{HEADER}",
    ),
    _code(
        "AP102", "unexpected character",
        "A character that cannot start anything in the language, such as `@` or a tab inside a "
        "name.",
        "{HEADER}segment reps @ {\n  members 10\n}\n",
        "{HEADER}segment reps {\n  members 10\n}\n",
    ),
    _code(
        "AP103", "unexpected word or symbol",
        "The parser expected something else at this point: a clause keyword, a value, a closing "
        "brace. The hint names what was expected, and the closest keyword when one was misspelt.",
        "{HEADER}segment reps {\n  membres 10\n}\n",
        "{HEADER}segment reps {\n  members 10\n}\n",
    ),
    _code(
        "AP104", "unterminated text",
        "Quoted text must be closed with `\"` on the same line.",
        '{HEADER}segment reps "Customer service reps {\n  members 10\n}\n',
        '{HEADER}segment reps "Customer service reps" {\n  members 10\n}\n',
    ),
    _code(
        "AP105", "expression nested too deep or too long",
        "Expressions may nest brackets at most 64 deep, and a line may hold at most 64 operators. "
        "Split a long expression into derived metrics instead.",
        "{HEADER}metric x {\n  unit number\n  value " + "(" * 70 + "1" + ")" * 70 + "\n}\n",
        "{HEADER}metric x {\n  unit number\n  value (1)\n}\n",
    ),
    _code(
        "AP111", "empty file",
        "A playbook file must declare something: a header, segments, metrics, rules... An empty "
        "file, or one with only comments, is most likely a mistake (a failed copy, a wrong path).",
        "# Playbook of the customer service rollout\n",
        "# Playbook of the customer service rollout\n{HEADER}",
    ),
    _code(
        "AP112", "unknown escape in text",
        "Inside quoted text a backslash escapes only `\\\"` and `\\\\`. Any other, such as `\\n` or "
        "`\\t`, is an error rather than a letter read silently: a text is one line, so write the "
        "words out instead.",
        '{HEADER}segment reps "Reps\\nand leads" {\n  members 10\n}\n',
        '{HEADER}segment reps "Reps and leads" {\n  members 10\n}\n',
    ),
    _code(
        "AP106", "clause given twice",
        "Each clause appears at most once in a block; give several values on one line instead.",
        '{HEADER}segment reps {\n  managers "Dana"\n  managers "Lee"\n}\n',
        '{HEADER}segment reps {\n  managers "Dana", "Lee"\n}\n',
    ),
)
"""AP1xx: the text cannot be read as a playbook."""

FILES: tuple[Code, ...] = (
    Code(
        "AP113", "unreadable file or folder",
        "A playbook file, or a folder of the playbooks (or on the way to them), cannot be read: "
        "most often its permissions do not let the user running adoptplan read the file, or "
        "list and enter the folder. It is an error, never a file or folder passed over in "
        "silence, since the rules in it would go unchecked; so every command exits 2 (the "
        "question could not be answered), `check` included. The message gives the system's "
        "reason; an include of such a file reports it at the include. The examples are folder "
        "listings, not playbooks: permissions cannot be written in a file.",
        "$ ls -l playbooks/\n-rw-r--r--  customer-service.adopt\nd---------  shared\n",
        "$ chmod u+rwx,go+rx playbooks/shared\n$ ls -l playbooks/\n"
        "-rw-r--r--  customer-service.adopt\ndrwxr-xr-x  shared\n",
    ),
)
"""AP113: playbook files or folders that cannot be read at all. Their examples are not playbook
files, so they are outside `playbook_codes()`; tests/unit/test_unreadable_inputs.py covers them."""

EDITOR: tuple[Code, ...] = (
    Code(
        "AP114", "too large to check as you type",
        "The language server (`adoptplan lsp`) checks a playbook on every change. A file larger "
        "than 2 MB, far more than any plan needs and most often data saved under the wrong name, "
        "is not checked in the editor, so that typing stays fast; `adoptplan check` still checks "
        "it in full. The examples are folder listings: a size cannot be written in a file.",
        "$ ls -l playbooks/\n-rw-r--r--  12M  customer-service.adopt\n",
        "$ ls -l playbooks/\n-rw-r--r--  14K  customer-service.adopt\n"
        "-rw-r--r--  9K   shared/segments.adopt\n",
        severity="warning",
    ),
)
"""AP114: what only the language server reports; tests/unit/lsp/ covers it. Its examples are
folder listings too."""


def playbook_codes() -> dict[str, Code]:
    """The codes about playbooks (AP1xx-AP5xx) whose examples are playbook files."""
    from adoptplan.check.codes import SEMANTIC

    return dict(sorted({c.code: c for c in (*SYNTAX, *SEMANTIC)}.items()))


def all_codes() -> dict[str, Code]:
    """Every code of every stage by its name, in code order: what `explain CODE` knows.

    The examples of the other stages are their own inputs: metrics files (AP6xx), platform
    exports and event logs (AP7xx), playbook test files (AP8xx); of FILES, folder listings.
    """
    from adoptplan.ingest.codes import INGEST_CODES
    from adoptplan.metrics.codes import METRICS_CODES
    from adoptplan.testing_codes import TEST_CODES

    others = {c.code: c for c in (*FILES, *EDITOR, *METRICS_CODES, *INGEST_CODES, *TEST_CODES)}
    return dict(sorted({**playbook_codes(), **others}.items()))
