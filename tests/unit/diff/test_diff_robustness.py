"""`adoptplan diff` on bad input: broken result files, git refs that are no commits, no git at
all; and the text format listing what the comment and the JSON list."""

from __future__ import annotations

import copy
import json
import math
import os
from pathlib import Path

import attrs
import fastjsonschema
import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adoptplan.cli import cli
from adoptplan.diff import base, compare
from adoptplan.diff.render import render_json, render_markdown
from adoptplan.report import json_read
from adoptplan.report.json_report import as_document, schema
from adoptplan.report.json_report import render_json as render_result
from adoptplan.result import BARRIER, RULE, Evaluation, Evidence, Finding

from support.git import git
from support.report import evaluation

# ------------------------------------------------------------------------ broken result files


def finding(id: str, level: str = "medium", **changes) -> Finding:
    rule, segment = id.split("/")[:2]
    base = Finding(id=id, source=RULE, rule=rule, title=rule.title(), kind="educate",
                   level=level, score=0.5, segment=segment, dimensions=(("geography", "DE"),),
                   message=f"Do {rule}", path="p.adopt", line=3, period="2026-W46",
                   evidence=(Evidence("x < 1", "0.5", holds=True, number=0.5),))
    return attrs.evolve(base, **changes)


GOOD = Evaluation(playbook="Rollout", period="2026-W46", periods=("2026-W46",),
                  findings=(finding("a/reps"), finding("b/reps", "high"),
                            finding("c/reps", "low", source=BARRIER, kind="remove_barrier")))


def good_document() -> dict:
    return json.loads(render_result(GOOD))


def write(folder: Path, name: str, document: object) -> str:
    path = folder / name
    path.write_text(json.dumps(document) if not isinstance(document, str) else document,
                    encoding="utf-8")
    return str(path)


def set_at(document: dict, path: tuple, value: object) -> dict:
    target = document
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return document


BROKEN = [
    (("findings", 1, "message"), KeyError, "findings[1].message: missing"),
    (("findings", 0, "evidence"), None, "findings[0].evidence: expected an array, got null"),
    (("findings", 2, "level"), "banana",
     'findings[2].level: expected one of info, low, medium, high, critical, got "banana"'),
    (("findings", 0, "alert"), 1, "findings[0].alert: expected true or false, got 1"),
    (("findings", 0, "line"), True,
     "findings[0].line: expected an integer of at least 0, got true"),
    (("findings", 0, "line"), -1, "findings[0].line: expected an integer of at least 0, got -1"),
    (("findings", 0, "score"), "0.5", 'findings[0].score: expected a number or null, got "0.5"'),
    (("findings", 0, "dimensions", 0, "value"), 7,
     "findings[0].dimensions[0].value: expected a string, got 7"),
    (("findings", 0, "evidence", 0, "holds"), "yes",
     'findings[0].evidence[0].holds: expected true or false or null, got "yes"'),
    (("findings", 0, "colour"), "red", "findings[0].colour: not a field of an evaluation result"),
    (("findings", 0), [], "findings[0]: expected an object, got an array"),
    (("summary", "fail_on"), "sometimes",
     'summary.fail_on: expected one of info, low, medium, high, critical or null, got '
     '"sometimes"'),
    (("period",), KeyError, "period: missing"),
    # what the schema cannot say
    (("findings", 1, "id"), "a/reps", 'findings[1].id: "a/reps" is findings[0]\'s id too'),
    (("findings", 0, "alert"), True,
     'findings[0].alert: true for a finding of source "rule" (only a barrier\'s finding is an '
     'alert)'),
]


@pytest.mark.parametrize(("where", "value", "message"), BROKEN)
def test_a_broken_result_is_one_line_naming_the_file_and_the_field(tmp_path, where, value,
                                                                   message):
    bad = write(tmp_path, "broken.json", set_at(good_document(), where, value))
    good = write(tmp_path, "good.json", good_document())
    detailed = [bad, good, "--detailed-exitcode"]
    for args, code in (([bad, good], 2), ([good, bad], 2), (detailed, 1)):
        result = CliRunner().invoke(cli, ["diff", *args])
        assert result.exit_code == code
        assert result.output == f"adoptplan: {bad}: {message}\n"


def test_every_problem_is_counted_and_the_first_named(tmp_path):
    document = good_document()
    for item in document["findings"]:
        del item["message"]
    bad = write(tmp_path, "broken.json", document)
    result = CliRunner().invoke(cli, ["diff", bad, bad])
    assert result.output == f"adoptplan: {bad}: findings[0].message: missing (and 2 more)\n"


@pytest.mark.parametrize("version", [99, 0, "1", None, True])
def test_an_unknown_format_version_names_the_supported_one(tmp_path, version):
    document = set_at(good_document(), ("format_version",), version)
    document["findings"][0]["brand_new_field"] = 1  # another version may well have other fields
    bad = write(tmp_path, "future.json", document)
    result = CliRunner().invoke(cli, ["diff", bad, bad])
    assert result.exit_code == 2
    shown = json.dumps(version)
    assert result.output.startswith(f"adoptplan: {bad}: format_version {shown} is not supported: "
                                    "this adoptplan reads format_version 2 (")
    assert result.output.count("\n") == 1


def test_a_result_of_format_version_1_is_read_too(tmp_path):
    """Version 2 added `history` and `launch`; last week's file of version 1 still compares."""
    document = good_document()
    document["format_version"] = 1
    del document["history"], document["launch"]
    old = write(tmp_path, "old.json", document)
    result = CliRunner().invoke(cli, ["diff", old, write(tmp_path, "new.json", good_document())])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("text", "message"), [
    ('"alert": 1e999', "findings[0].alert: expected true or false, got a number too large to "
                       "represent"),
    ('"score": 1e999', "findings[0].score: expected a number or null, got a number too large to "
                       "represent"),
    ('"score": NaN', "not JSON: NaN is not a JSON number"),
    ('"score": -Infinity', "not JSON: -Infinity is not a JSON number"),
])
def test_numbers_json_cannot_hold_are_refused(tmp_path, text, message):
    document = good_document()
    document["findings"][0]["alert"] = "ALERT"
    document["findings"][0]["score"] = "SCORE"
    raw = json.dumps(document).replace('"ALERT"', "false").replace('"SCORE"', "0.5")
    field = text.split(":")[0]
    raw = raw.replace(f'{field}: {"false" if "alert" in field else "0.5"}', text, 1)
    bad = write(tmp_path, "odd.json", raw)
    result = CliRunner().invoke(cli, ["diff", bad, bad])
    assert (result.exit_code, result.output) == (2, f"adoptplan: {bad}: {message}\n")


def test_a_result_that_is_valid_but_unusual_is_read(tmp_path):
    """What the schema allows: a null score (last of its level), a line written 3.0."""
    document = good_document()
    document["findings"][1]["score"] = None
    document["findings"][1]["level"] = "medium"
    document["findings"][0]["line"] = 3.0
    before = write(tmp_path, "before.json", document)
    _, findings = json_read.read_result(Path(before))
    assert findings[0].line == 3 and isinstance(findings[0].line, int)
    assert math.isnan(findings[1].score)
    result = base.diff_results(Path(before), Path(write(tmp_path, "after.json", good_document())))
    assert [(e.finding.id, e.status) for e in result.entries] == [
        ("b/reps", "changed"), ("a/reps", "unchanged"), ("c/reps", "unchanged")]
    unscored = compare.classify(findings, {compare.RESULTS: findings})
    assert [e.finding.id for e in unscored] == ["a/reps", "b/reps", "c/reps"]


def test_a_file_that_cannot_be_read_is_one_line(tmp_path):
    good = write(tmp_path, "good.json", good_document())
    result = CliRunner().invoke(cli, ["diff", str(tmp_path), good])
    assert result.exit_code == 2
    assert result.output.startswith(f"adoptplan: cannot read {tmp_path}: ")
    assert result.output.count("\n") == 1


def test_previous_results_can_use_the_same_check(tmp_path):
    """`evaluate --previous` reads the same files: the error is a ValueError it reports."""
    document = set_at(good_document(), ("findings", 0, "alert"), 1)
    bad, good = tmp_path / "prev.json", tmp_path / "good.json"
    bad.write_text(json.dumps(document))
    good.write_text(json.dumps(good_document()))
    with pytest.raises(ValueError, match=r"prev.json: findings\[0\].alert: expected true or"):
        json_read.read_document(bad)
    assert json_read.read_document(good) == good_document()


# ------------------------------------------------ the sentences follow jsonschema, the verdicts agree


RICH = as_document(evaluation())
VALIDATOR = jsonschema.Draft202012Validator(schema())


def _places(node: object, here: tuple = ()) -> list[tuple]:
    """Every path in a document, the root's children first."""
    found = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(
        node, list) else ()
    for key, child in items:
        found.append((*here, key))
        found.extend(_places(child, (*here, key)))
    return found


PLACES = _places(RICH)
VALUES = st.sampled_from([None, True, False, 0, 1, -1, 2.5, 3.0, "", "banana", "high", "open",
                          "rule", "barrier", [], {}, [1], {"name": "x", "value": "y"}])


@st.composite
def mutated(draw) -> dict:
    document = copy.deepcopy(RICH)
    for _ in range(draw(st.integers(1, 3))):
        place = draw(st.sampled_from(PLACES))
        try:
            parent = document
            for key in place[:-1]:
                parent = parent[key]
            action = draw(st.sampled_from(["replace", "delete", "add"]))
            if action == "delete" and isinstance(parent, dict):
                del parent[place[-1]]
            elif action == "add" and isinstance(parent, dict):
                parent[draw(st.sampled_from(["extra", "id", "alert", "level"]))] = draw(VALUES)
            else:
                parent[place[-1]] = draw(VALUES)
        except (KeyError, IndexError, TypeError):  # an earlier change removed the place
            continue
    return document


def _spell(path: list) -> str:
    return "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in path).lstrip(".")


def _jsonschema_places(document: dict) -> set[str]:
    """Where jsonschema finds problems, spelled as diff spells them (one place per missing or
    unexpected field, where jsonschema groups the unexpected ones)."""
    places = set()
    for error in VALIDATOR.iter_errors(document):
        path = list(error.absolute_path)
        if error.validator == "required":
            places.add(_spell([*path, error.message.split("'")[1]]))
        elif error.validator == "additionalProperties":
            places.update(_spell([*path, key]) for key in error.instance
                          if key not in error.schema["properties"])
        else:
            places.add(_spell(path))
    return places


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_each_problem_is_said_once_at_its_place_and_the_quick_verdict_agrees(document):
    problems = json_read.schema_problems(document)
    assert {problem.split(": ")[0] for problem in problems} == _jsonschema_places(document)
    assert len(problems) == len(set(problems)), "each problem is named once"
    try:
        json_read._quick()(document)
        quick = True
    except fastjsonschema.JsonSchemaException:
        quick = False
    assert quick == (problems == [])


def test_the_check_accepts_every_shipped_example():
    assert json_read.schema_problems(RICH) == []
    assert json_read.result_problems(RICH) == []


# ----------------------------------------------------------------- text lists what the others do


def test_text_lists_the_unchanged_findings_the_comment_and_json_list(tmp_path):
    before = write(tmp_path, "before.json", good_document())
    changed = set_at(good_document(), ("findings", 2, "level"), "critical")  # c/reps
    after = write(tmp_path, "after.json", changed)
    text = CliRunner().invoke(cli, ["diff", before, after]).output
    result = base.diff_results(Path(before), Path(after))
    listed = [line.split()[-1] for line in text.splitlines()[2:] if not line.startswith(" ")]
    assert listed == [e["id"] for e in json.loads(render_json(result))["entries"]]
    assert listed == ["c/reps", "b/reps", "a/reps"]
    assert "changed   critical barrier        c/reps\n" in text
    assert ("unchanged high     educate        b/reps\n"
            "unchanged medium   educate        a/reps\n") in text
    comment = render_markdown(result)
    assert all(id.replace("_", "\\_") in comment for id in listed)


# ---------------------------------------------------------------------------- -o when quiet


def test_nothing_to_say_removes_a_stale_output_file(tmp_path):
    stale = tmp_path / "adoptplan-diff.md"
    stale.write_text("stale\n", encoding="utf-8")
    base.write_output(stale, "")
    assert not stale.exists()
    base.write_output(stale, "")  # nothing there: nothing to do
    base.write_output(stale, "comment\n")
    assert stale.read_text(encoding="utf-8") == "comment\n"


def test_nothing_to_say_empties_a_linked_file_and_leaves_devices_alone(tmp_path):
    target = tmp_path / "real.md"
    target.write_text("stale\n", encoding="utf-8")
    link = tmp_path / "adoptplan-diff.md"
    link.symlink_to(target)
    base.write_output(link, "")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == ""
    base.write_output(Path(os.devnull), "")
    assert Path(os.devnull).exists()


# ---------------------------------------------------------------------------------- git


@pytest.fixture
def repository(tmp_path, monkeypatch) -> Path:
    """`adoptplan init R` and `git init` in R, committed; the current folder is R."""
    folder = tmp_path / "R"
    assert CliRunner().invoke(cli, ["init", str(folder)]).exit_code == 0
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "adoptplan init")
    monkeypatch.chdir(folder)
    return folder


def run_base(ref: str, *args: str):
    return CliRunner().invoke(cli, ["diff", "--base", ref, "playbooks/", "--metrics",
                                    "metrics/", *args])


@pytest.mark.parametrize("ref", ["nosuchref", "HEAD~5", "--help", ""])
def test_a_ref_that_is_no_commit_is_named(repository, ref):
    result = run_base(ref)
    assert result.exit_code == 2
    root = repository.resolve()
    assert result.output.startswith(f"adoptplan: git rev-parse: --base {ref} is not a commit of "
                                    f"the repository at {root} (a branch, tag or commit id; ")
    assert result.output.count("\n") == 1
    assert run_base(ref, "--detailed-exitcode").exit_code == 1


def test_a_ref_to_a_tree_says_what_git_found(repository):
    result = run_base("HEAD^{tree}")
    assert result.exit_code == 2
    assert "git: HEAD^{tree}^{commit}: expected commit type" in result.output


def test_playbooks_outside_a_git_repository(tmp_path, monkeypatch):
    folder = tmp_path / "plain"
    assert CliRunner().invoke(cli, ["init", str(folder)]).exit_code == 0
    monkeypatch.chdir(folder)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = run_base("HEAD")
    assert result.exit_code == 2
    assert result.output.startswith("adoptplan: --base compares with a git commit, and "
                                    "playbooks is not in a git repository (git: not a git "
                                    "repository")


def test_git_missing_from_path(repository, monkeypatch, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = run_base("HEAD")
    assert (result.exit_code, result.output) == (
        2, "adoptplan: --base compares with a git commit, and git is not installed (not found "
           "on PATH)\n")


def test_the_repository_is_the_playbooks_one_wherever_the_command_runs(repository, tmp_path,
                                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = CliRunner().invoke(cli, ["diff", "--base", "HEAD", str(repository / "playbooks"),
                                      "--metrics", str(repository / "metrics"), "--format",
                                      "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    # a clean tree: neither the playbooks nor the metrics differ from HEAD
    assert document["changed"] is False
    assert [c["cause"] for c in document["causes"]] == ["playbook", "data"]
