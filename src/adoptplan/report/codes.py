"""Render a diagnostic code's documentation: the same text for `explain CODE` and the docs."""

from __future__ import annotations

from adoptplan.codes import Code, all_codes


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


DOCS_INTRO = """# Diagnostics

<!-- Generated from adoptplan.codes: python -m adoptplan.report.codes > docs/diagnostics.md -->

`adoptplan check` reports every finding in one run, sorted by file, line, column and code:

    playbook.adopt:6:25: error[AP301]: `40` is a bare number, but `active_members` is a percentage
    6 |   when active_members < 40
                                ^^
      hint: write 40%

Errors make `check` exit 1; warnings do too with `--strict`. `adoptplan explain CODE` prints one
entry of this page. `--format json` prints
`{"format_version": 1, "diagnostics": [...], "errors": N, "warnings": N}`, each diagnostic with
`code`, `severity`, `message`, `hint`, `path`, `line`, `column`, `end_line` and `end_column`
(1-based, end exclusive); `--format github` prints GitHub Actions annotations; `--format sarif`
prints a SARIF 2.1.0 log for code scanning, with every code below as a rule. `--today DATE` judges
waiver expiry (AP403) at another date than today's.

Codes: AP1xx the text cannot be read or loaded, AP2xx names, AP3xx units and types, AP4xx logic,
AP5xx method advice (warnings, but AP502 is an error of the plan). A code keeps its number
forever.
"""


def render_docs() -> str:
    """docs/diagnostics.md: the introduction, then every code as `explain` prints it."""
    sections = [DOCS_INTRO]
    for code in all_codes().values():
        sections.append(f"## {code.code}: {code.title}\n\n{render_code(code)}")
    return "\n".join(sections)


if __name__ == "__main__":
    print(render_docs(), end="")
