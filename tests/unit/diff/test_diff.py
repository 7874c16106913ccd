"""`adoptplan diff` on two results: classification, causes, the comment and the exit codes."""

from __future__ import annotations

import json

import attrs
import pytest
from click.testing import CliRunner

from adoptplan.cli import cli
from adoptplan.diff import base, compare
from adoptplan.diff.render import MARKER, render_json, render_markdown, render_text
from adoptplan.report.json_report import render_json as render_result
from adoptplan.result import Evaluation, Evidence, Finding


def finding(id: str, level: str = "medium", alert: bool = False, **changes) -> Finding:
    rule, segment = id.split("/")[:2]
    base = Finding(id=id, source="barrier" if alert else "rule", rule=rule, title=rule.title(),
                   kind="remove_barrier" if alert else "educate", level=level, score=0.5,
                   segment=segment, dimensions=(), message=f"Do {rule}", path="p.adopt", line=3,
                   period="2026-W46", evidence=(Evidence("x < 1", "0.5"),))
    return attrs.evolve(base, **changes)


def test_classify_new_resolved_changed_unchanged_in_the_documented_order():
    before = [finding("a/reps"), finding("b/reps", "low"), finding("c/reps"),
              finding("e/reps", "high", alert=True)]
    after = [finding("a/reps"), finding("b/reps", "high"), finding("d/reps", "low"),
             finding("f/reps", "low", alert=True), finding("e/reps", "high", alert=True,
                                                           evidence=(), line=9, period="x")]
    entries = compare.classify(after, {compare.RESULTS: before})
    assert [(e.finding.id, e.status) for e in entries] == [
        ("f/reps", "new"),  # a new barrier alert comes first, whatever its level
        ("d/reps", "new"), ("b/reps", "changed"), ("c/reps", "resolved"),
        ("e/reps", "unchanged"),  # evidence, period and line do not count as a change
        ("a/reps", "unchanged"),
    ]
    assert entries[2].causes == (compare.Cause(compare.RESULTS, compare.CHANGED,
                                         (compare.FieldChange("level", "low", "high"),)),)


def test_a_finding_two_causes_change_names_both():
    after = [finding("a/reps", "high")]
    entries = compare.classify(after, {compare.PLAYBOOK: [finding("a/reps")], compare.DATA: []})
    (entry,) = entries
    assert entry.status == "new"
    assert [(c.cause, c.status) for c in entry.causes] == [("playbook", "changed"),
                                                           ("data", "new")]


def write_result(folder, name, findings) -> str:
    evaluation = Evaluation(playbook="Rollout", period=name, periods=(name,),
                            findings=tuple(findings))
    path = folder / f"{name}.json"
    path.write_text(render_result(evaluation), encoding="utf-8")
    return str(path)


def test_two_result_files_round_trip_through_the_json_document(tmp_path):
    before = write_result(tmp_path, "2026-W45", [finding("a/reps"), finding("c/reps")])
    after = write_result(tmp_path, "2026-W46", [finding("a/reps", "high"),
                                                finding("b/reps", alert=True)])
    result = base.diff_results(tmp_path / "2026-W45.json", tmp_path / "2026-W46.json")
    assert [(e.finding.id, e.status) for e in result.entries] == [
        ("b/reps", "new"), ("a/reps", "changed"), ("c/reps", "resolved")]
    assert result.causes == {"results": "2026-W45.json (2026-W45) → 2026-W46.json (2026-W46)"}
    cli_result = CliRunner().invoke(cli, ["diff", before, after, "--detailed-exitcode"])
    assert cli_result.exit_code == 2
    assert cli_result.output.startswith("adoptplan diff at 2026-W46: 1 new, 1 changed, "
                                        "1 resolved, 0 unchanged\n")
    assert "level medium → high by 2026-W45.json" in cli_result.output


def test_no_change_exits_0_and_only_changes_prints_nothing(tmp_path):
    same = write_result(tmp_path, "2026-W46", [finding("a/reps")])
    result = CliRunner().invoke(cli, ["diff", same, same, "--only-changes",
                                      "--detailed-exitcode", "--format", "markdown"])
    assert (result.exit_code, result.output) == (0, "")
    out = tmp_path / "comment.md"
    CliRunner().invoke(cli, ["diff", same, same, "--only-changes", "-o", str(out)])
    assert not out.exists()


@pytest.mark.parametrize("text", ["not json", "[1, 2]", '{"findings": [{"id": 1}]}'])
def test_a_file_that_is_not_a_result_is_an_error(tmp_path, text):
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    good = write_result(tmp_path, "2026-W46", [])
    detailed = CliRunner().invoke(cli, ["diff", str(bad), good, "--detailed-exitcode"])
    assert detailed.exit_code == 1
    assert "adoptplan: " in detailed.output
    assert CliRunner().invoke(cli, ["diff", str(bad), good]).exit_code == 2


def test_usage_errors():
    assert CliRunner().invoke(cli, ["diff", "one.json"]).exit_code == 2
    result = CliRunner().invoke(cli, ["diff", "--base", "main", "--detailed-exitcode"])
    assert result.exit_code == 1
    assert "--base needs the playbooks and --metrics PATH" in result.output


def test_the_comment_escapes_user_text_and_folds_unchanged_findings():
    entries = compare.classify([finding("a/reps", message="Use <b>bold</b> | pipes_and `ticks`"),
                          finding("u/reps")], {compare.RESULTS: [finding("u/reps")]})
    comment = render_markdown(compare.Diff(entries, {compare.RESULTS: "before → after"}, "2026-W46"))
    assert comment.startswith(MARKER + "\n")
    assert "Use &lt;b&gt;bold&lt;/b&gt; \\| pipes\\_and \\`ticks\\`" in comment
    assert "<details><summary>Unchanged (1)</summary>" in comment
    assert comment.index("### Changes") < comment.index("<details>")


def test_a_long_comment_is_cut_unchanged_rows_first():
    many = [finding(f"r{i}/reps", message="x" * 200) for i in range(400)]
    entries = compare.classify([*many, finding("new/reps")], {compare.RESULTS: many})
    comment = render_markdown(compare.Diff(entries, {compare.RESULTS: "before → after"}, "2026-W46"),
                              limit=20_000)
    assert len(comment) <= 20_000
    assert "new/reps" in comment
    assert "<details><summary>Unchanged (400)</summary>" in comment
    assert "more not shown; see `adoptplan diff --format json`." in comment


def test_json_and_text_say_the_same():
    entries = compare.classify([finding("a/reps", "high")], {compare.RESULTS: [finding("a/reps")]})
    result = compare.Diff(entries, {compare.RESULTS: "before → after"}, "2026-W46")
    document = json.loads(render_json(result))
    assert document["changed"] is True
    assert document["entries"][0]["causes"] == [{"cause": "results", "status": "changed",
                                                 "fields": [{"field": "level",
                                                             "before": "medium",
                                                             "after": "high"}],
                                                 "values": []}]
    assert "changed   high     educate        a/reps\n" in render_text(result)


def test_a_json_file_that_is_not_a_result_says_what_is_missing(tmp_path):
    from click.testing import CliRunner

    from adoptplan.cli import cli

    other = tmp_path / "other.json"
    other.write_text('{"x": 1}')
    result = CliRunner().invoke(cli, ["diff", str(other), str(other)])
    assert result.exit_code == 2
    assert "it has no 'findings'" in result.output
    assert "Traceback" not in result.output
