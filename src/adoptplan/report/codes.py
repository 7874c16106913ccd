"""Render a diagnostic code's documentation: the same text for `explain CODE` and the docs."""

from __future__ import annotations

from adoptplan.codes import Code


def render_code(code: Code) -> str:
    lines = [
        f"{code.code} ({code.severity}): {code.title}",
        "",
        code.explanation,
        "",
        "Wrong:",
        "",
        *("    " + line for line in code.wrong.rstrip("\n").split("\n")),
        "",
        "Right:",
        "",
        *("    " + line for line in code.right.rstrip("\n").split("\n")),
    ]
    return "\n".join(line.rstrip() for line in lines) + "\n"
