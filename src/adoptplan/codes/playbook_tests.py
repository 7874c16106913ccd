"""Documentation of the playbook test codes (AP8xx): what each means, a wrong test and a right one.

Examples are whole `.adopt-test` files. They test the playbook EXAMPLE_PLAYBOOK, saved beside
them as `playbook.adopt`. Stages refer to the codes by the names below.
"""

from __future__ import annotations

from adoptplan.codes.base import Code

UNEXPECTED_CHARACTER = "AP801"
UNEXPECTED_TOKEN = "AP802"
UNTERMINATED_TEXT = "AP803"
BAD_SERIES_VALUE = "AP804"
CLAUSE_TWICE = "AP805"
TEST_TWICE = "AP806"
NO_PLAYBOOK = "AP807"
UNKNOWN_GROUP = "AP808"
UNKNOWN_METRIC = "AP809"
NOT_A_PERCENTAGE = "AP810"
BAD_PERIOD = "AP811"
UNKNOWN_EXPECTED = "AP812"
BAD_PARAM = "AP813"
NO_TESTS = "AP814"
SERIES_TWICE = "AP815"
UNKNOWN_ESCAPE = "AP816"
NOT_A_PERIOD = "AP817"
OTHER_KIND_OF_PERIOD = "AP818"
BAD_PARAM_VALUE = "AP819"
SERIES_OUT_OF_RANGE = "AP820"

EXAMPLE_PLAYBOOK = """playbook "Rollout" {
  cadence weekly
  launch  2026-W40
}

segment reps "Customer service reps" {
  members 1200
  by      geography
}

param active_floor percent = 40%

rule reps_inactive "Reps are not yet active" {
  when     active_members < active_floor
  in       reps
  do       educate "Workshop on the expert Q&A"
  priority high
}
"""

_HEAD = 'playbook "playbook.adopt"\n\n'


def _test(*lines: str, head: str = _HEAD) -> str:
    """A test file: the header, then a test `t` with these clause lines."""
    body = "".join(f"  {line}\n" for line in lines)
    return f"{head}test t {{\n{body}}}\n"


_SERIES = "series reps active_members 50% 35%"
_FIRES = ("from 2026-W41", _SERIES, "expect action reps_inactive/reps high")

TEST_CODES: tuple[Code, ...] = (
    Code(
        UNEXPECTED_CHARACTER, "unexpected character",
        "A character that cannot start anything in a test file, such as `@`.",
        _test("from 2026-W41 @", _SERIES, *_FIRES[2:]),
        _test(*_FIRES),
    ),
    Code(
        UNEXPECTED_TOKEN, "unexpected word or symbol",
        "The test file expected something else here: a clause keyword (`from`, `series`, `at`, "
        "`param`, `expect`, `others`, `playbook`), a value, a closing brace. The hint names what "
        "was expected, and the closest keyword when one was misspelt.",
        _test("from 2026-W41", _SERIES, "expcet action reps_inactive/reps high"),
        _test(*_FIRES),
    ),
    Code(
        UNTERMINATED_TEXT, "unterminated text",
        "Quoted text must be closed with `\"` on the same line.",
        '{}test t "Reps get a workshop {{\n  from 2026-W41\n}}\n'.format(_HEAD),
        _test(*_FIRES),
    ),
    Code(
        BAD_SERIES_VALUE, "not a series value",
        "A series value is a number (`1200`, `0.5`), a percentage (`40%`), `_` for a period "
        "without a value, or a run: `1200x3` is 1200 four times (the value, then 3 more), "
        "`40%-2x3` is 40% 38% 36% 34%, `_x3` is three periods without a value. A step needs a "
        "repeat count, and a step in `%` or `pp` needs a start in `%`.",
        _test("from 2026-W41", "series reps active_members 50% 35%+", *_FIRES[2:]),
        _test(*_FIRES),
    ),
    Code(
        CLAUSE_TWICE, "clause given twice",
        "`from`, `at`, `others` and `playbook` appear at most once in a test.",
        _test(*_FIRES, "at 2026-W42", "at 2026-W42"),
        _test(*_FIRES, "at 2026-W42"),
    ),
    Code(
        TEST_TWICE, "test name given twice",
        "Each test of a file has its own name, so a failure names one test.",
        _test(*_FIRES) + "\n" + _test(*_FIRES, head=""),
        _test(*_FIRES) + "\n" + _test(*_FIRES, head="").replace("test t", "test t2"),
    ),
    Code(
        NO_PLAYBOOK, "no playbook to test",
        "A test evaluates the playbooks named by a `playbook` line, at the top of the file or in "
        "the test; paths are relative to the test file and must exist.",
        _test(*_FIRES, head='playbook "playbok.adopt"\n\n'),
        _test(*_FIRES),
    ),
    Code(
        UNKNOWN_GROUP, "unknown segment or dimension",
        "A series belongs to a segment of the playbook (`reps`), or to a part of one broken down "
        "by a dimension the segment declares with `by` (`reps/geography=DE`).",
        _test("from 2026-W41", "series rep active_members 50% 35%", *_FIRES[2:]),
        _test(*_FIRES),
    ),
    Code(
        UNKNOWN_METRIC, "unknown metric",
        "A series gives the values of a standard metric, or of a metric the playbook declares or "
        "reads. A derived metric (one with a `value`) is computed: give the metrics it is "
        "computed from instead.",
        _test("from 2026-W41", "series reps active_member 50% 35%", *_FIRES[2:]),
        _test(*_FIRES),
    ),
    Code(
        NOT_A_PERCENTAGE, "percentage on a metric that is not one",
        "Only percentage metrics take `%` values; a count such as `posts` is a plain number. A "
        "percentage metric also reads plain numbers as percentages (40 is 40%).",
        _test(*_FIRES, "series reps posts 12% 40%"),
        _test(*_FIRES, "series reps posts 12 40"),
    ),
    Code(
        BAD_PERIOD, "period outside the series",
        "A test with series needs `from`, the period of their first value; `at` must be one of "
        "the periods the series cover, of the same kind (weeks, months or dates).",
        _test(*_FIRES, "at 2026-W50"),
        _test(*_FIRES, "at 2026-W42"),
    ),
    Code(
        UNKNOWN_EXPECTED, "unknown rule or level in an expectation",
        "An expected id starts with the name of a rule or barrier of the playbook (or a built-in "
        "analysis such as `build` or `focus`), and a level is one of info, low, medium, high, "
        "critical.",
        _test("from 2026-W41", _SERIES, "expect action reps_inactive/reps hihg"),
        _test(*_FIRES),
    ),
    Code(
        BAD_PARAM, "unknown param or invalid value",
        "`param NAME = VALUE` overrides a param the playbook declares, with a value written as in "
        "the playbook (`35%`, `6 weeks`).",
        _test(*_FIRES, "param active_flor = 60%"),
        _test(*_FIRES, "param active_floor = 60%"),
    ),
    Code(
        NO_TESTS, "no tests in the file",
        "A test file holds at least one `test` block; an empty one is most likely a mistake.",
        _HEAD,
        _test(*_FIRES),
    ),
    Code(
        SERIES_TWICE, "series given twice",
        "A test gives each metric of each group once; write all its values on one line.",
        _test(*_FIRES, "series reps active_members 35%"),
        _test(*_FIRES),
    ),
    Code(
        UNKNOWN_ESCAPE, "unknown escape in text",
        "As in a playbook (AP112), a backslash inside quoted text escapes only `\\\"` and `\\\\`. "
        "Any other, such as `\\n`, is an error rather than a letter read silently, which would "
        "make an expected message never match: a text is one line, so write the words out.",
        _test(*_FIRES[:2], 'expect action reps_inactive/reps high "Workshop on\\nthe expert Q&A"'),
        _test(*_FIRES[:2], 'expect action reps_inactive/reps high "Workshop on the expert Q&A"'),
    ),
    Code(
        NOT_A_PERIOD, "no such period",
        "`from` and `at` are periods of the calendar: a year has weeks W01 to W52 or W53 (2026 "
        "has 53), months 01 to 12, and a month as many days as it has (2026-02-30 is none). The "
        "hint gives the range of the year or month. The periods a series covers, counted on "
        "from `from`, end in the year 9999 at the latest.",
        _test("from 2026-W60", *_FIRES[1:]),
        _test(*_FIRES),
    ),
    Code(
        OTHER_KIND_OF_PERIOD, "period of another kind",
        "A test's periods are those of the playbook's cadence: ISO weeks for `cadence weekly`, "
        "months for `cadence monthly`, so `for 2 periods` means what it will mean on the real "
        "metrics. Dates fit either cadence (metrics imported with `--period day` are dated). "
        "`at` is of the same kind as `from`.",
        _test("from 2026-10", *_FIRES[1:]),
        _test(*_FIRES),
    ),
    Code(
        BAD_PARAM_VALUE, "param value that does not fit the param",
        "`param NAME = VALUE` gives a value of the param's type, as the playbook's own default "
        "does (AP306): a percent param takes `35%`, a periods param `3 periods`, a level param "
        "`high`, a text param quoted text `\"Iberia\"`. A bare number for a percent param "
        "is refused rather than guessed, and so is a bare word for a text param (it could be "
        "a name).",
        _test(*_FIRES, "param active_floor = banana"),
        _test(*_FIRES, "param active_floor = 60%"),
    ),
    Code(
        SERIES_OUT_OF_RANGE, "series value out of range",
        "As in a metrics file (AP606, AP607), a percentage metric takes values from 0% to 100% "
        "(a growth metric, named `..._growth`, may go beyond), and a count is 0 or more. A run "
        "is checked value by value: `40%-20x3` reaches -20%.",
        _test("from 2026-W41", "series reps active_members 50% 135%", *_FIRES[2:]),
        _test(*_FIRES),
    ),
)
"""AP8xx: a playbook test file cannot be run as written."""
