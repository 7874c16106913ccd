"""The codes of reading playbook files (AP1xx): the text cannot be read as a playbook."""

from __future__ import annotations

from adoptplan.codes.base import Code, _code

NOT_TEXT = "AP101"
UNEXPECTED_CHARACTER = "AP102"
UNEXPECTED_TOKEN = "AP103"
UNTERMINATED_TEXT = "AP104"
TOO_DEEP = "AP105"
CLAUSE_TWICE = "AP106"
EMPTY_FILE = "AP111"
UNKNOWN_ESCAPE = "AP112"
UNREADABLE = "AP113"
TOO_LARGE_TO_CHECK = "AP114"
LINE_TOO_LONG = "AP115"

SYNTAX: tuple[Code, ...] = (
    _code(
        NOT_TEXT, "not a text file",
        "A playbook must be UTF-8 text. Binary data or another encoding cannot be read.",
        "\xff\xfe binary",
        "{HEADER}",
    ),
    _code(
        UNEXPECTED_CHARACTER, "unexpected character",
        "A character that cannot start anything in the language, such as `@` or a tab inside a "
        "name. Curly quotes (“...”, as word processors type them) are named as such: texts are "
        "quoted with the straight quote `\"`.",
        "{HEADER}segment reps @ {\n  members 10\n}\n",
        "{HEADER}segment reps {\n  members 10\n}\n",
    ),
    _code(
        UNEXPECTED_TOKEN, "unexpected word or symbol",
        "The parser expected something else at this point: a clause keyword, a value, a closing "
        "brace. The hint names what was written and how to write it (`1,500`: write 1500; "
        "`active members`: write active_members), the closest keyword when one was misspelt, or "
        "at most three things that may come there. A block left open is reported at its `{`. "
        "Every syntax error of a file is reported, not only the first: the parse goes on after "
        "the line (or the declaration) in error.",
        "{HEADER}segment reps {\n  membres 10\n}\n",
        "{HEADER}segment reps {\n  members 10\n}\n",
    ),
    _code(
        UNTERMINATED_TEXT, "unterminated text",
        "Quoted text must be closed with `\"` on the same line.",
        '{HEADER}segment reps "Customer service reps {\n  members 10\n}\n',
        '{HEADER}segment reps "Customer service reps" {\n  members 10\n}\n',
    ),
    _code(
        TOO_DEEP, "expression nested too deep or too long",
        "Expressions may nest brackets at most 64 deep, and a line may hold at most 64 operators. "
        "Split a long expression into derived metrics instead.",
        "{HEADER}metric x {\n  unit number\n  value " + "(" * 70 + "1" + ")" * 70 + "\n}\n",
        "{HEADER}metric x {\n  unit number\n  value (1)\n}\n",
    ),
    _code(
        EMPTY_FILE, "empty file",
        "A playbook file must declare something: a header, segments, metrics, rules... An empty "
        "file, or one with only comments, is most likely a mistake (a failed copy, a wrong path).",
        "# Playbook of the customer service rollout\n",
        "# Playbook of the customer service rollout\n{HEADER}",
    ),
    _code(
        UNKNOWN_ESCAPE, "unknown escape in text",
        "Inside quoted text a backslash escapes only `\\\"` and `\\\\`. Any other, such as `\\n` or "
        "`\\t`, is an error rather than a letter read silently: a text is one line, so write the "
        "words out instead.",
        '{HEADER}segment reps "Reps\\nand leads" {\n  members 10\n}\n',
        '{HEADER}segment reps "Reps and leads" {\n  members 10\n}\n',
    ),
    _code(
        CLAUSE_TWICE, "clause given twice",
        "Each clause appears at most once in a block; give several values on one line instead.",
        '{HEADER}segment reps {\n  managers "Dana"\n  managers "Lee"\n}\n',
        '{HEADER}segment reps {\n  managers "Dana", "Lee"\n}\n',
    ),
)
"""AP1xx: the text cannot be read as a playbook."""

FILES: tuple[Code, ...] = (
    Code(
        UNREADABLE, "unreadable file or folder",
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
files, so they are outside `playbook_codes()`; tests/unit/cli/test_unreadable_inputs.py covers them."""

LIMITS: tuple[Code, ...] = (
    Code(
        LINE_TOO_LONG, "line too long",
        "A line of a playbook holds more than 100,000 characters: far more than any name, "
        "message or condition needs, and most often data pasted by mistake. The file is "
        "refused before it is parsed, so that such a line can neither slow a CI job down nor "
        "land in every finding's id. The examples measure the longest line with `wc -L`.",
        "$ wc -L playbooks/rollout.adopt\n5000042 playbooks/rollout.adopt\n",
        "$ wc -L playbooks/rollout.adopt\n98 playbooks/rollout.adopt\n",
    ),
)
"""AP115: a limit on untrusted input (issue 15); its examples are shell sessions, outside
`playbook_codes()`; tests/unit/cli/test_bounded_work.py covers it."""

EDITOR: tuple[Code, ...] = (
    Code(
        TOO_LARGE_TO_CHECK, "too large to check as you type",
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

