"""Scenarios of `adoptplan check`: semantic errors and advice, positioned, with hints."""

import json
import re

from pytest_bdd import parsers, scenarios, then

scenarios("semantic_errors.feature")


@then(parsers.parse("the findings are {codes}"))
def the_findings_are(workspace, codes):
    reported = re.findall(r"^\S+:\d+:\d+: \w+\[(AP\d+)\]", workspace["result"].output, re.M)
    assert reported == [c.strip() for c in codes.split(",")]


@then(parsers.parse('the caret is under "{word}" on line {line:d}'))
def the_caret_is_under(workspace, word, line):
    lines = workspace["result"].output.split("\n")
    gutter = f"{line} | "
    (index,) = [i for i, text in enumerate(lines) if text.startswith(gutter)]
    source, caret = lines[index][len(gutter):], lines[index + 1][len(gutter):]
    start = caret.index("^")
    assert source[start:start + caret.count("^")] == word


@then(parsers.parse("the JSON lists {code} at line {line:d}, columns {start:d} to {end:d}"))
def the_json_lists(workspace, code, line, start, end):
    document = json.loads(workspace["result"].output)
    places = [(d["code"], d["line"], d["column"], d["end_column"]) for d in document["diagnostics"]]
    assert (code, line, start, end) in places
