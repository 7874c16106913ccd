"""Documentation of the semantic codes (AP107-AP5xx), and docs/diagnostics.md generated from it.

Every code `adoptplan check` can report after parsing is here with a wrong and a right example;
tests/unit/house/test_codes.py proves each wrong example reports its code and each right one does not.
Regenerate the docs with `python -m adoptplan.report.codes > docs/diagnostics.md`.
"""

from __future__ import annotations

from adoptplan.codes.base import Code, _code

MISSING_CLAUSE = "AP107"
BAD_INCLUDE = "AP108"
INCLUDE_CYCLE = "AP109"
UNKNOWN_LIBRARY_PLAYBOOK = "AP110"
DUPLICATE_NAME = "AP201"
UNKNOWN_SEGMENT = "AP202"
UNKNOWN_PRIORITY = "AP203"
UNKNOWN_TOOL = "AP204"
UNKNOWN_METRIC = "AP205"
UNKNOWN_PARAM = "AP206"
UNKNOWN_PLACEHOLDER = "AP207"
UNKNOWN_LEVEL = "AP208"
UNKNOWN_ACTION_KIND = "AP209"
UNKNOWN_ENUM_VALUE = "AP210"
UNKNOWN_DIMENSION = "AP211"
UNUSED = "AP212"
UNKNOWN_FUNCTION = "AP213"
TWO_HEADERS = "AP214"
NO_HEADER = "AP215"
SELF_DEFINED_METRIC = "AP216"
UNKNOWN_WAIVED_RULE = "AP217"
INTERVENTION_PERIODS = "AP218"
BAD_COMPARISON = "AP219"
BARE_NUMBER = "AP301"
UNIT_MISMATCH = "AP302"
NOT_A_CONDITION = "AP303"
BAD_HISTORY_ARGUMENTS = "AP304"
OUT_OF_RANGE = "AP305"
PARAM_TYPE = "AP306"
SMALL_FLOOR = "AP307"
NEVER_HOLDS = "AP401"
ALWAYS_HOLDS = "AP402"
EXPIRED_WAIVER = "AP403"
NO_PRIORITY = "AP501"
PRIORITY_UNSERVED = "AP502"
EQUAL_EFFORT = "AP503"
NO_BUSINESS_VALUE = "AP504"
CAPABILITY_GAP = "AP505"
FEATURES_ONLY = "AP506"

SEGMENT = """segment reps "Customer service reps" {
  members       1200
  collaboration high
  likelihood    high
  by            geography
}
"""

def _segments(reps_effort: int, back_office_effort: int) -> str:
    """Two segments of unequal focus with the given promotion effort in hours."""
    return f"""segment reps "Customer service reps" {{
  members       1200
  collaboration high
  likelihood    high
  effort        {reps_effort} hours
}}

segment back_office "Back office" {{
  members       300
  collaboration low
  likelihood    medium
  effort        {back_office_effort} hours
}}
"""


def _rule(when: str, *more: str) -> str:
    """A rule block with the given `when` and further clauses, one per line."""
    lines = [f"  when {when}", *(f"  {clause}" for clause in more)]
    return 'rule reps_inactive "Reps are not yet active" {\n' + "\n".join(lines) + "\n}\n"


EDUCATE = 'do   educate "Workshop: {priority}"'

SERVED = '\ntool expert_qna "Q&A with experts" {\n  serves reputation\n}\n'
"""A tool that serves the priority `reputation` of the examples (AP502 otherwise)."""

BARRIER = """barrier file_sharing "Hesitant to share files" {
  when     files_shared / posts < 5%
  severity high
  remedy   "Publish what may be shared; ask a manager to share first"
}
"""


def _intervention(starts: str, ends: str, comparison: str = "") -> str:
    """The champion sessions in Germany, from `starts` to `ends`, against `comparison`."""
    compared = f"  compare to {comparison}\n" if comparison else ""
    return (
        'intervention champions_de "Champion sessions in Germany" {\n'
        "  for        reps by geography = DE\n"
        f"  from       {starts}\n"
        f"  to         {ends}\n"
        "  kind       educate\n"
        f"  measure    active_members\n{compared}"
        "}\n"
    )


def _waiver(rule: str, until: str) -> str:
    """A waiver of `rule` for every segment until the given date."""
    return (
        f'waive {rule} "Works council review" {{\n'
        "  for    all\n"
        f"  until  {until}\n"
        '  reason "The works council is reviewing the file-sharing policy"\n'
        '  owner  "Maya Lindqvist"\n'
        "}\n"
    )


def _when(code: str, title: str, explanation: str, wrong: str, right: str,
          severity: str = "error") -> Code:
    """A code shown by one rule whose condition is wrong, then right."""
    return _code(code, title, explanation, "{HEADER}" + _rule(wrong, EDUCATE),
                 "{HEADER}" + _rule(right, EDUCATE), severity)

LOADING: tuple[Code, ...] = (
    _code(
        MISSING_CLAUSE, "required clause missing",
        "Some clauses cannot be left out: a rule needs `when` and `do`; a barrier needs `when`, "
        "`severity` and `remedy`; a priority needs `for`; a metric that is not derived needs "
        "`unit`; the playbook header needs `cadence` and `launch`; a waiver needs `for`, "
        "`until`, `reason` and `owner`. The finding points at the name of the declaration (or "
        "at `playbook`).",
        "{HEADER}" + _rule("active_members < 40%"),
        "{HEADER}" + _rule("active_members < 40%", EDUCATE),
    ),
    _code(
        BAD_INCLUDE, "include outside the playbook folder, or missing",
        "`include \"path.adopt\"` is relative to the including file and must stay inside the "
        "playbook folder (the folder given to the command, or the folder of the file given), "
        "so a playbook never reads files it does not own. The file must exist and end in "
        "`.adopt`.",
        '{HEADER}include "../shared/segments.adopt"\n',
        '{HEADER}include "shared/segments.adopt"\n',
    ),
    _code(
        INCLUDE_CYCLE, "include cycle",
        "A file includes itself, directly or through other files. The message shows the whole "
        "loop; remove one of its includes.",
        '{HEADER}include "playbook.adopt"\n',
        '{HEADER}include "shared/segments.adopt"\n',
    ),
    _code(
        UNKNOWN_LIBRARY_PLAYBOOK, "unknown library playbook",
        "`include method.NAME` names a playbook of the method library that ships with "
        "adoptplan. The hint lists the closest name, or every library playbook.",
        "{HEADER}include method.pilto\n",
        "{HEADER}include method.pilot\n",
    ),
)
"""AP107-AP110: problems found while loading files."""

NAMES: tuple[Code, ...] = (
    _code(
        DUPLICATE_NAME, "duplicate name",
        "Every name is declared once in its kind: segments, priorities, tools, rules and "
        "barriers (together), and values (metrics and params together, since expressions use "
        "both). The second declaration is reported; the hint names the line of the first.",
        "{HEADER}segment reps {\n  members 1200\n}\n\nsegment reps {\n  members 300\n}\n",
        "{HEADER}segment reps {\n  members 1200\n}\n\nsegment back_office {\n  members 300\n}\n",
    ),
    _code(
        UNKNOWN_SEGMENT, "unknown segment",
        "A priority's `for`, a rule's `in` or a waiver's `for` names a segment that is not "
        "declared.",
        "{HEADER}" + SEGMENT + '\npriority reputation "Protect the brand" {\n  for rpes\n}\n'
        + SERVED,
        "{HEADER}" + SEGMENT + '\npriority reputation "Protect the brand" {\n  for reps\n}\n'
        + SERVED,
    ),
    _code(
        UNKNOWN_PRIORITY, "unknown priority",
        "A tool's or a rule's `serves` names a priority that is not declared.",
        "{HEADER}" + SEGMENT + '\npriority reputation "Protect the brand" {\n  for reps\n}\n\n'
        'tool expert_qna "Q&A with experts" {\n  serves reputaton\n}\n\n'
        'tool wiki "Knowledge wiki" {\n  serves reputation\n}\n',
        "{HEADER}" + SEGMENT + '\npriority reputation "Protect the brand" {\n  for reps\n}\n\n'
        'tool expert_qna "Q&A with experts" {\n  serves reputation\n}\n',
    ),
    _code(
        UNKNOWN_TOOL, "unknown tool",
        "A rule's or a barrier's `using` names a tool that is not declared.",
        '{HEADER}tool expert_qna "Q&A with experts" {\n  has "search by expertise"\n}\n\n'
        + _rule("active_members < 40%", 'do   educate "Ask the experts with {tool}"',
                "using expert_qa"),
        '{HEADER}tool expert_qna "Q&A with experts" {\n  has "search by expertise"\n}\n\n'
        + _rule("active_members < 40%", 'do   educate "Ask the experts with {tool}"',
                "using expert_qna"),
    ),
    _when(
        UNKNOWN_METRIC, "unknown metric",
        "An expression names a value that is neither a standard metric (active_members, "
        "organic_content_growth, social_reach, posts, files_shared, ...), a declared `metric`, "
        "a `param`, nor a built-in value (critical_mass, periods_since_launch). Names inside a "
        "segment's `match` are attributes of the people directory and are not checked.",
        "active_member < 40%",
        "active_members < 40%",
    ),
    _code(
        UNKNOWN_PARAM, "unknown param",
        "An include sets a param that the included playbook does not declare, so the setting "
        "would change nothing.",
        "{HEADER}include method.pilot {\n  pilot_flor = 30%\n}\n",
        "{HEADER}include method.pilot {\n  pilot_floor = 30%\n}\n",
    ),
    _code(
        UNKNOWN_PLACEHOLDER, "unknown placeholder",
        "A message or remedy names a `{placeholder}` the report cannot fill. Placeholders are "
        "{segment}, {tool} (only with `using`), {priority}, {value}, {threshold}, {title}, "
        "{group}, the dimension of the scope's `by` (e.g. {geography}), and any metric or param.",
        "{HEADER}" + _rule("active_members < 40%", 'do   educate "Workshop for {segmnt}"'),
        "{HEADER}" + _rule("active_members < 40%", 'do   educate "Workshop for {segment}"'),
    ),
    _code(
        UNKNOWN_LEVEL, "unknown level",
        "A rule's `priority` or a barrier's `severity` is one level of the scale info < low < "
        "medium < high < critical, or a param of type level.",
        "{HEADER}" + _rule("active_members < 40%", EDUCATE, "priority hihg"),
        "{HEADER}" + _rule("active_members < 40%", EDUCATE, "priority high"),
    ),
    _code(
        UNKNOWN_ACTION_KIND, "unknown action kind",
        "A rule's `do` is one of focus, build, pilot, educate, remove_barrier, sustain, measure.",
        "{HEADER}" + _rule("active_members < 40%", 'do   eductae "Workshop: {priority}"'),
        "{HEADER}" + _rule("active_members < 40%", EDUCATE),
    ),
    _code(
        UNKNOWN_ENUM_VALUE, "unknown enumeration value",
        "A clause takes one of a fixed list of words: `cadence` weekly or monthly; "
        "`collaboration` and `likelihood` low, medium or high; a metric's `unit` percent, "
        "count, number or hours; a param's type percent, number, count, periods, hours, level "
        "or text; an intervention's `expect` increase or decrease.",
        'playbook "Rollout" {\n  cadence weakly\n  launch  2026-W40\n}\n',
        'playbook "Rollout" {\n  cadence weekly\n  launch  2026-W40\n}\n',
    ),
    _code(
        UNKNOWN_DIMENSION, "unknown dimension",
        "`in reps by geography` breaks a rule down by a dimension, so some segment in scope "
        "must declare it: `by geography` in the segment. A rule of the method library that runs "
        "`in all by device` is not reported: it watches whichever segments declare the dimension. A waiver's `for reps by geography = "
        "DE` covers groups of the rule it waives, so that rule must be broken down by the same "
        "dimension.",
        "{HEADER}" + SEGMENT + "\n"
        + _rule("active_members < 40%", "in   reps by geograpy", EDUCATE),
        "{HEADER}" + SEGMENT + "\n"
        + _rule("active_members < 40%", "in   reps by geography", EDUCATE),
    ),
    _code(
        UNUSED, "unused declaration",
        "A metric or param that no expression, message or level clause uses, or a tool that "
        "serves no priority and that no rule uses: dead text, or a sign that a use elsewhere is "
        "misspelt. Priorities and segments are never reported here (see AP501 and AP502).",
        '{HEADER}metric questions "Questions asked" {\n  unit count\n}\n',
        '{HEADER}metric questions "Questions asked" {\n  unit count\n}\n\n'
        + _rule("questions < 10", EDUCATE),
        severity="warning",
    ),
    _when(
        UNKNOWN_FUNCTION, "unknown function",
        "A call names a function that does not exist. History functions: baseline(metric), "
        "previous(metric, N periods), change(metric, N periods), growth(metric, N periods), "
        "average(metric, N periods), peers(metric), peak(metric).",
        "averge(active_members, 3 periods) < 40%",
        "average(active_members, 3 periods) < 40%",
    ),
    _code(
        UNKNOWN_WAIVED_RULE, "unknown rule in a waiver",
        "`waive NAME` names the rule or barrier whose findings it waives; there is none of that "
        "name. The hint names the closest one.",
        "{HEADER}" + BARRIER + "\n" + _waiver("file_sharng", "2099-12-31"),
        "{HEADER}" + BARRIER + "\n" + _waiver("file_sharing", "2099-12-31"),
    ),
    _code(
        INTERVENTION_PERIODS, "intervention periods",
        "An intervention runs `from` one period `to` another: real periods of the playbook's "
        "cadence (weeks like 2026-W41 for a weekly playbook, months like 2026-10 for a monthly "
        "one), the first not after the last. Its effect is measured from `from` on, against the "
        "periods before it.",
        "{HEADER}" + SEGMENT + "\n" + _intervention("2026-W43", "2026-W41"),
        "{HEADER}" + SEGMENT + "\n" + _intervention("2026-W41", "2026-W43"),
    ),
    _code(
        BAD_COMPARISON, "intervention comparison",
        "An intervention treats one segment, or some groups of one (`for reps by geography = "
        "DE`), and its effect is the treated group's change against the change of comparison "
        "groups: by default the other groups of the same breakdown (or, for a whole segment, "
        "the other segments) with no intervention running at the same time; `compare to` names "
        "them. A comparison that includes the treated group would measure it against itself.",
        "{HEADER}" + SEGMENT + "\n" + _intervention("2026-W41", "2026-W43",
                                                      "reps by geography = DE, AT"),
        "{HEADER}" + SEGMENT + "\n" + _intervention("2026-W41", "2026-W43",
                                                      "reps by geography = AT, CH"),
    ),
    _code(
        TWO_HEADERS, "more than one playbook header",
        "A playbook has exactly one `playbook` header. Files that others include hold "
        "declarations only.",
        '{HEADER}playbook "Rollout again" {\n  cadence monthly\n  launch  2026-10\n}\n',
        "{HEADER}",
    ),
    _code(
        NO_HEADER, "no playbook header",
        "Nothing says the playbook's cadence, launch or critical mass, so the engine has no "
        "baseline period. Reported on the first file when no file of the playbook has a header "
        "(but not on the method library checked alone: its playbooks are included, not run).",
        "segment reps {\n  members 1200\n}\n",
        "{HEADER}segment reps {\n  members 1200\n}\n",
        severity="warning",
    ),
    _code(
        SELF_DEFINED_METRIC, "metric defined by itself",
        "Derived metrics that depend on each other in a loop have no value. The finding points "
        "at the reference that closes the loop.",
        "{HEADER}metric reads_per_post {\n  unit  number\n  value reads / posts_per_read\n}\n\n"
        "metric posts_per_read {\n  unit  number\n  value 1 / reads_per_post\n}\n\n"
        + _rule("reads_per_post < 2", EDUCATE),
        "{HEADER}metric reads_per_post {\n  unit  number\n  value reads / posts\n}\n\n"
        + _rule("reads_per_post < 2", EDUCATE),
    ),
)
"""AP2xx: names."""

UNITS: tuple[Code, ...] = (
    _when(
        BARE_NUMBER, "percentage compared with a bare number",
        "A percentage (such as active_members) is compared with, or added to, a number without "
        "a unit. `active_members < 40` is almost always `40%` mistyped.",
        "active_members < 40",
        "active_members < 40%",
    ),
    _when(
        UNIT_MISMATCH, "unit mismatch",
        "Two values of different units meet in a comparison, a sum, or a metric's declared "
        "unit: a percentage and percentage points, a count and hours, a number and text. "
        "change() of a percentage is in percentage points (pp): `change(active_members, 4 "
        "periods) > 5pp`; growth() gives a relative change in %. A count divided by a count is "
        "a ratio, comparable with a percentage (`files_shared / posts < 5%`) or a number.",
        "change(active_members, 4 periods) > 5%",
        "change(active_members, 4 periods) > 5pp",
    ),
    _when(
        NOT_A_CONDITION, "not a condition, or a condition used as a number",
        "A `when`, a `match`, and each side of `and`, `or` and `not` must be true or false; "
        "a metric's value and each side of a comparison or a sum must be an amount.",
        "active_members",
        "active_members < 40%",
    ),
    _when(
        BAD_HISTORY_ARGUMENTS, "wrong arguments to a history function",
        "A history function takes a metric name (declare a derived metric to use an expression) "
        "and, for previous, change, growth, average, max and min, a fixed number of periods: "
        "`4 periods`, `4 weeks`, a param of type periods, or arithmetic of them; not a value "
        "that changes from period to period, such as periods_since_launch. Only average, max "
        "and min have a window that can end before this period (`4 periods before`).",
        "change(active_members, 4) < 2pp",
        "change(active_members, 4 periods) < 2pp",
    ),
    _when(
        OUT_OF_RANGE, "value out of range",
        "A value that cannot be: `members`, `weight`, `minimum` and `effort` more than 0 "
        "(members and minimum whole), `effort` in hours, `critical_mass` a percentage up to "
        "100%, `for N periods` at least 1 period, a history function looking back a whole "
        "number of periods, at least 1, a share (active_members, managers_active, "
        "critical_mass) compared with less than 0% or more than 100%, a division by zero, a "
        "launch period that does not exist, a waiver's `until` that is not a real date (a day "
        "such as 2026-12-31, not a week or a month). A param's value (its default, an "
        "include's override, or `--param`) is held to the rules of a literal in its place: "
        "compared with a share it lies within 0-100%, as a history function's window it is a "
        "whole number of periods, at least 1, as a divisor it is not 0; a count or hours param "
        "is never negative. A `--param` out of range stops `evaluate` with a one-line message "
        "(exit 2).",
        "active_members < 40% for 0 periods",
        "active_members < 40% for 2 periods",
    ),
    _code(
        PARAM_TYPE, "param value of the wrong type",
        "A param's default, or the value an include gives it, does not fit its declared type: "
        "percent takes `40%`, periods `3 periods`, hours `20 hours`, level one of the levels, "
        "text a quoted text, count and number a number.",
        "{HEADER}param active_floor percent = 40\n\n"
        + _rule("active_members < active_floor", EDUCATE),
        "{HEADER}param active_floor percent = 40%\n\n"
        + _rule("active_members < active_floor", EDUCATE),
    ),
    _code(
        SMALL_FLOOR, "privacy floor below 5 people",
        "A `minimum N members` (the playbook's privacy floor in its header, or a barrier's own) "
        "below 5 people: groups that small can be told apart, so it is an error unless "
        "`--allow-small-groups` is given (a works council agreed), which makes it a warning and "
        "puts a warning into every output of evaluate, explain and diff.",
        'playbook "Rollout" {\n  cadence weekly\n  launch  2026-W40\n  minimum 3 members\n}\n',
        'playbook "Rollout" {\n  cadence weekly\n  launch  2026-W40\n  minimum 10 members\n}\n',
    ),
)
"""AP3xx: units and types."""

LOGIC: tuple[Code, ...] = (
    _when(
        NEVER_HOLDS, "condition that can never hold",
        "Inside one `and`, comparisons of the same value with constants leave no value "
        "possible: `x < 30% and x > 50%`, `x == 3 and x == 4`. The rule can never fire. Only "
        "comparisons of one value with a constant in the same unit are analysed.",
        "active_members < 30% and active_members > 50%",
        "active_members < 30% or active_members > 50%",
    ),
    _when(
        ALWAYS_HOLDS, "condition that always holds",
        "Inside one `or`, comparisons of the same value with constants cover every value: "
        "`x < 30% or x >= 30%`. The rule fires whenever there is data.",
        "posts < 10 or posts >= 10",
        "posts < 10 or active_members < 30%",
        severity="warning",
    ),
    _code(
        EXPIRED_WAIVER, "expired waiver",
        "A waiver's `until` date has passed, so it waives nothing any more: its findings count "
        "again and may fail the build. Remove the waiver, or agree a new date with its owner and "
        "say why. `adoptplan check --today DATE` judges expiry at another date; `evaluate` "
        "applies a waiver to the periods that start on or before its date.",
        "{HEADER}" + BARRIER + "\n" + _waiver("file_sharing", "2020-01-31"),
        "{HEADER}" + BARRIER + "\n" + _waiver("file_sharing", "2099-12-31"),
        severity="warning",
    ),
)
"""AP4xx: logic."""

PRIORITY = 'priority reputation "Protect the brand through exemplary service" {\n  for reps\n}\n'
TOOL = 'tool expert_qna "Q&A with experts" {\n  serves reputation\n}\n'


def _educating(message: str) -> str:
    """A playbook whose segment reps, served by a tool, is educated with this message."""
    return ("{HEADER}" + SEGMENT + "\n" + PRIORITY + "\n" + TOOL + "\n"
            + _rule("active_members < 40%", "in   reps", f'do   educate "{message}"'))

METHOD: tuple[Code, ...] = (
    _code(
        NO_PRIORITY, "segment without a business priority",
        "Promotion works when it is tied to the top priorities of a segment's managers. No "
        "priority lists this segment in its `for` clause.",
        "{HEADER}" + SEGMENT,
        "{HEADER}" + SEGMENT + "\n" + PRIORITY + "\n" + TOOL,
        severity="warning",
    ),
    _code(
        PRIORITY_UNSERVED, "priority no tool serves",
        "An error of the plan, not a silent gap: no tool lists the segment's priority in its "
        "`serves` clause, so no promotion can be tied to it. Map it to the tool that helps "
        "with it. A tool still to build is declared with the capabilities it `needs` (and an "
        "empty or partial `has`): each missing capability becomes a build action.",
        "{HEADER}" + SEGMENT + "\n" + PRIORITY,
        "{HEADER}" + SEGMENT + "\n" + PRIORITY + "\n" + TOOL,
    ),
    _code(
        EQUAL_EFFORT, "effort spread equally",
        "Two or more segments give `effort`, all the same amount, while their collaboration or "
        "likelihood differ. Effort belongs with segments whose daily work depends on "
        "collaboration and that are likely to use the platform; equal shares waste it.",
        "{HEADER}" + _segments(100, 100),
        "{HEADER}" + _segments(160, 40),
        severity="warning",
    ),
    _code(
        NO_BUSINESS_VALUE, "message that does not name the business value",
        "People take a platform up when shown how it helps their business goals, not its "
        "features. A rule that asks people to act (educate, focus, pilot, sustain) should say "
        "what it is for: its message uses {priority}, or shares a significant word with the "
        "name or title of a priority it serves (its `serves` clause, else the priorities of the "
        "segments in scope). Significant words have 4 letters or more and are not common words "
        "(with, from, their, improve, increase, ...); two words match when the shorter one's "
        "first 5 letters begin the longer one (customer, customers). Rules whose segments have "
        "no priority are left to AP501.",
        _educating("Workshop: how to post in groups"),
        _educating("Workshop: exemplary service with expert answers"),
        severity="warning",
    ),
    _code(
        CAPABILITY_GAP, "capability the tool does not have",
        "A tool `needs` a capability that is not in its `has` list: a gap to build, or a "
        "reason to choose another tool. Capabilities are compared ignoring case and spacing.",
        '{HEADER}tool expert_qna "Q&A with experts" {\n  needs "search by expertise"\n'
        '  has   "threads"\n}\n',
        '{HEADER}tool expert_qna "Q&A with experts" {\n  needs "search by expertise"\n'
        '  has   "threads", "search by expertise"\n}\n',
        severity="warning",
    ),
    _code(
        FEATURES_ONLY, "education message that only names features",
        "The method: avoid getting mired in the platform's functionalities, and show people how "
        "it meets their business needs. An `educate` rule whose message names only features "
        "(posting, groups, files, the mobile app, the `{tool}` or the words of a declared tool) "
        "and, besides words of the education itself (workshop, video, quiz...), nothing else "
        "is reported, whether or not its segments have a priority. Name the business goal, or "
        "use {priority}.",
        _educating("Workshop: how to post in groups"),
        _educating("Workshop: exemplary service with expert answers"),
        severity="warning",
    ),
)
"""AP5xx: method advice."""

SEMANTIC: tuple[Code, ...] = (*LOADING, *NAMES, *UNITS, *LOGIC, *METHOD)

