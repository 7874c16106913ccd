"""Hostile input (issue 15): every command, given what a pull request could hold, answers with
a positioned diagnostic and an exit code, within a time and a memory limit, and never prints
a file from outside the folder it was given.

Classes of cases (counted at the end of the run): `links` (symbolic links out of the folder
read), `pipes` (named pipes and devices where files are read or written), `reproducers` (each
input issue 15 found a traceback, a hang or a wrong answer with), `huge` (large and deeply
nested inputs), `mutations` (seeded mutations of every kind of bundled input) and `texts`
(hypothesis: hostile text in names and quoted strings).
"""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import hostile_runner
import pytest
from hostile_runner import SECRET, SEED, record
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PLAYBOOKS = ("playbooks",)
EVALUATE = ("evaluate", "playbooks", "--metrics", "metrics")
IMPORT = ("metrics", "import", "--from", "viva-engage", "ingest/viva-activity-2026-11-08.csv",
          "--people", "ingest/people.csv", "--playbook", "ingest/rollout.adopt", "-o", "out")
BUILD = ("metrics", "build", "--events", "ingest/events.csv", "--people",
         "ingest/small-people.csv", "--playbook", "ingest/rollout.adopt", "--mapping",
         "ingest/mapping.toml", "-o", "out")


def judge(kind: str, ws: Path, args, exits=(0, 1, 2), env=None) -> hostile_runner.Outcome:
    outcome = hostile_runner.run(args, ws, env)
    problems = outcome.problems(exits, SECRET)
    record(kind, outcome, problems)
    assert not problems, (args, problems, outcome.output[-3000:])
    return outcome


# ------------------------------------------------------------------------------------- links

LINKED = [
    ("playbooks/x.adopt", ("check", "playbooks")),
    ("playbooks/x.adopt", ("fmt", "--check", "playbooks")),
    ("playbooks/x.adopt", EVALUATE),
    ("playbooks/x.adopt", ("check", "playbooks/x.adopt")),
    ("metrics/zz.csv", EVALUATE),
    ("metrics/zz.json", EVALUATE),
    ("tests/x.adopt-test", ("test", "tests")),
    ("ingest/mapping.toml", BUILD),
    ("ingest/small-people.csv", BUILD),
    ("ingest/events.csv", BUILD),
    ("ingest/viva-activity-2026-11-08.csv", IMPORT),
]


@pytest.mark.parametrize(("link", "args"), LINKED, ids=[f"{a[0]}-{link}" for link, a in LINKED])
def test_a_link_out_of_the_folder_is_named_never_read(workspace, link, args):
    target = workspace / link
    target.unlink(missing_ok=True)
    target.symlink_to(workspace.parent / "secret.txt")
    outcome = judge("links", workspace, args, exits=(2,))
    assert link in outcome.output or Path(link).name in outcome.output


@pytest.mark.parametrize("target", ["/etc/passwd", "../secret.txt", "../../../../etc/passwd",
                                    "playbooks/loop.adopt"])
def test_a_test_files_playbook_is_confined_to_the_repository(workspace, target):
    (workspace / "playbooks" / "loop.adopt").symlink_to("loop.adopt")
    text = (workspace / "tests" / "rollout.adopt-test").read_text()
    text = re.sub(r'playbook "[^"]*"', f'playbook "../{target}"' if not target.startswith("/")
                  else f'playbook "{target}"', text, count=1)
    (workspace / "tests" / "rollout.adopt-test").write_text(text)
    outcome = judge("links", workspace, ("test", "tests"), exits=(2,))
    assert "root:x:0" not in outcome.output


def test_an_include_through_a_loop_of_links(workspace):
    (workspace / "playbooks" / "l.adopt").symlink_to("l.adopt")
    with (workspace / "playbooks" / "rollout.adopt").open("a") as file:
        file.write('\ninclude "l.adopt"\n')
    judge("links", workspace, EVALUATE, exits=(2,))


# ------------------------------------------------------------------------------------- pipes

PIPED = [
    ("playbooks/f.adopt", ("check", "playbooks")),
    ("playbooks/f.adopt", ("fmt", "--check", "playbooks")),
    ("playbooks/f.adopt", ("check", "playbooks/f.adopt")),
    ("metrics/f.csv", EVALUATE),
    ("tests/f.adopt-test", ("test", "tests")),
    ("ingest/mapping.toml", BUILD),
]


@pytest.mark.parametrize(("pipe", "args"), PIPED, ids=[f"{a[0]}-{p}" for p, a in PIPED])
def test_a_named_pipe_is_refused_without_waiting(workspace, pipe, args):
    (workspace / pipe).unlink(missing_ok=True)
    os.mkfifo(workspace / pipe)
    judge("pipes", workspace, args, exits=(2,))


def test_a_pipe_behind_a_link_and_a_device_behind_a_link(workspace):
    os.mkfifo(workspace / "playbooks" / "pipe")
    (workspace / "playbooks" / "p.adopt").symlink_to("pipe")
    (workspace / "metrics" / "zero.csv").symlink_to("/dev/zero")
    judge("pipes", workspace, EVALUATE, exits=(2,))


def test_an_excluded_authors_file_that_is_a_pipe(workspace):
    os.mkfifo(workspace / "ingest" / "excluded.txt")
    with (workspace / "ingest" / "mapping.toml").open("a") as file:
        file.write('\n[organic]\nexclude_file = "excluded.txt"\n')
    judge("pipes", workspace, BUILD, exits=(2,))


@pytest.mark.parametrize(("args", "exits"), [((*EVALUATE, "-o", "out.md"), (2,)),
                                            (("fmt", "--diff", "playbooks"), (0, 1, 2))])
def test_output_into_a_pipe_nobody_reads(workspace, args, exits):
    os.mkfifo(workspace / "out.md")
    judge("pipes", workspace, args, exits=exits)


@pytest.mark.parametrize("args", [(*EVALUATE, "-o", "out.md"),
                                  (*EVALUATE, "-o", "out.md", "--check"),
                                  ("diff", "r.json", "r.json", "-o", "out.md")])
def test_output_into_a_pipe_a_reader_waits_on(workspace, args):
    """Refused all the same (exit 2): nothing reaches the reader."""
    os.mkfifo(workspace / "out.md")
    reader = os.open(workspace / "out.md", os.O_RDONLY | os.O_NONBLOCK)
    try:
        outcome = judge("pipes", workspace, args, exits=(2,))
        assert os.read(reader, 100) == b""
    finally:
        os.close(reader)
    assert "it is a named pipe, not a regular file" in outcome.output


# -------------------------------------------------------------------------------- reproducers


def _metrics_json(workspace: Path, text: str) -> None:
    (workspace / "metrics" / "2026-W44.json").write_text(text)


DEEP = "[" * 100_000 + "]" * 100_000


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def _chain(workspace: Path) -> None:
    for k in range(650):
        (workspace / "playbooks" / f"c{k}.adopt").write_text(f'include "c{k + 1}.adopt"\n')
    (workspace / "playbooks" / "c650.adopt").write_text("")


def _export_cell(workspace: Path) -> None:
    path = workspace / "ingest" / "viva-activity-2026-11-08.csv"
    _replace(path, "Person P02", '"' + "x" * 200_000 + '"')


def _events_cell(workspace: Path) -> None:
    with (workspace / "ingest" / "events.csv").open("a") as file:
        file.write('1,2026-11-05 08:00:00,"' + "y" * 200_000 + '"\n')


def _newline_cell(workspace: Path) -> None:
    _replace(workspace / "metrics" / "2026-W43.csv", "2026-W43,back_office,,80,",
             '2026-W43,back_office,,"80\n\u202eevil",')


REPRODUCERS = {
    "deep-json-metrics": (lambda ws: _metrics_json(ws, DEEP), EVALUATE, (2,)),
    "deep-json-diff": (lambda ws: (ws / "r.json").write_text(DEEP),
                       ("diff", "r.json", "r.json"), (2,)),
    "deep-json-previous": (lambda ws: (ws / "r.json").write_text(DEEP),
                           (*EVALUATE, "--previous", "r.json"), (2,)),
    "deep-json-explain-previous": (lambda ws: (ws / "r.json").write_text(DEEP),
                                   ("explain", "playbooks", "--metrics", "metrics",
                                    "--previous", "r.json", "reps_inactive"), (1, 2)),
    "include-chain-650": (lambda ws: (_chain(ws), _replace(
        ws / "playbooks" / "rollout.adopt", "include method.sustain",
        'include method.sustain\ninclude "c0.adopt"')), EVALUATE, (2,)),
    "launch-year-0": (lambda ws: _replace(ws / "playbooks" / "rollout.adopt", "2026-W40",
                                          "0000-W01"), EVALUATE, (2,)),
    "launch-year-0-check": (lambda ws: _replace(ws / "playbooks" / "rollout.adopt", "2026-W40",
                                                "0000-W01"), ("check", "playbooks"), (1,)),
    "json-int-5000-digits": (lambda ws: _metrics_json(
        ws, '[{"period":"2026-W44","segment":"reps","members":' + "9" * 5000 + "}]"),
        EVALUATE, (2,)),
    "json-lone-surrogate": (lambda ws: _metrics_json(
        ws, '[{"period":"2026-W44","segment":"\\ud800","members":5}]'), EVALUATE, (2,)),
    "json-nested-dimension": (lambda ws: _metrics_json(
        ws, '[{"period":"2026-W44","segment":"reps","members":5,'
            '"dimensions":{"geography":{"x":1}}}]'), EVALUATE, (2,)),
    "csv-cell-200k-export": (_export_cell, IMPORT, (0, 2)),
    "csv-cell-200k-events": (_events_cell, BUILD, (0, 2)),
    "mapping-toml-5000-deep": (lambda ws: (ws / "ingest" / "mapping.toml").write_text(
        "x = " + "[" * 5000 + "]" * 5000 + "\n"), BUILD, (2,)),
    "report-end-9999-12-31": (lambda ws: None,
                              (*IMPORT, "--report-end", "9999-12-31", "--report-days", "7"),
                              (2,)),
    "quoted-newline-cell": (_newline_cell, EVALUATE, (2,)),
    "non-utf8-metrics": (lambda ws: (ws / "metrics" / "2026-W44.csv").write_bytes(
        b"period,segment,members\n2026-W44,re\xffps,5\n"), EVALUATE, (2,)),
    "nul-playbook": (lambda ws: (ws / "playbooks" / "nul.adopt").write_bytes(
        b'segment x "X" {\n  members \x00 5\n}\n'), EVALUATE, (2,)),
    "for-a-trillion-periods": (lambda ws: _replace(
        ws / "playbooks" / "rollout.adopt", "weight   3", "weight   3")
        or (ws / "playbooks" / "long.adopt").write_text(
            'rule long "Long" {\n  when posts > 1 for 999999999999 periods\n  in reps\n'
            '  do educate "x"\n}\n'), EVALUATE, (2,)),
    "bidi-in-needs": (lambda ws: _replace(ws / "playbooks" / "rollout.adopt",
                                          '"search by expertise"\n  has',
                                          '"\u202eevil"\n  has'),
                      ("check", "--format", "github", "playbooks"), (0, 1)),
}


@pytest.mark.parametrize("name", list(REPRODUCERS))
def test_each_reproducer_of_issue_15(workspace, name):
    prepare, args, exits = REPRODUCERS[name]
    prepare(workspace)
    outcome = judge("reproducers", workspace, args, exits)
    assert "\u202e" not in outcome.output and "\x1b" not in outcome.output


# -------------------------------------------------------------------------------------- huge


def test_a_file_over_the_size_cap(workspace):
    (workspace / "metrics" / "2026-W44.csv").write_text("period,segment\n" + "#" * 3_000_000)
    outcome = judge("huge", workspace, EVALUATE, exits=(2,), env={"ADOPTPLAN_MAX_FILE_MB": "2"})
    assert "larger than the limit" in outcome.output


def test_json_nested_deep_in_a_result(workspace, result_text):
    deep = result_text.replace('"findings": [', '"findings": [' + "[" * 5000 + "]" * 5000 + ",",
                               1)
    (workspace / "r.json").write_text(deep)
    judge("huge", workspace, ("diff", "r.json", "r.json"), exits=(2,))


@pytest.mark.parametrize(("files", "ring"), [(120, True), (1200, False)],
                         ids=["ring-of-120-includes", "chain-of-1200-includes"])
def test_includes_in_a_ring_or_a_chain_longer_than_the_depth_limit(workspace, files, ring):
    """The loader's own stack: each case ends in the depth limit (AP108) or the cycle (AP109)
    at an include line, never in Python's recursion limit."""
    folder = workspace / "playbooks"
    for k in range(files):
        following = (k + 1) % files if ring else k + 1
        (folder / f"c{k}.adopt").write_text(
            f'segment s{k} {{\n  members 10\n}}\ninclude "c{following}.adopt"\n')
    if not ring:
        (folder / f"c{files}.adopt").write_text("segment last {\n  members 10\n}\n")
    outcome = judge("huge", workspace, ("check", "playbooks"), exits=(1,))  # errors found
    assert re.search(r"c\d+\.adopt:4:1: error\[AP10[89]\]", outcome.output)


# --------------------------------------------------------------------------------- mutations

PALETTE = [b"\x00", b"\xff\xfe", "\u202e".encode(), b"\x1b[2J", b'"', b"{", b"}", b"[", b"]",
           b"\r", b"9" * 5000, b"-", b"0000-W01", b"\n", "\u00e9".encode(), b"#", b",",
           b'include "../../secret.txt"\n', b'"\\ud800"', b"[" * 3000, b"\t", b"1e999",
           b"for 999999999 periods", b"nan", b"=", b"%"]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to three edits: drop, repeat or swap lines, cut the file, or insert hostile bytes."""
    for _ in range(rng.randint(1, 3)):
        lines = data.split(b"\n")
        how = rng.randrange(6)
        k = rng.randrange(len(lines))
        if how == 0 and len(lines) > 1:
            del lines[k]
        elif how == 1:
            lines.insert(k, lines[k] * rng.choice((1, 2, 50)))
        elif how == 2:
            j = rng.randrange(len(lines))
            lines[k], lines[j] = lines[j], lines[k]
        elif how == 3:
            return data[: rng.randrange(len(data) + 1)]
        else:
            line = lines[k]
            at = rng.randrange(len(line) + 1)
            lines[k] = line[:at] + rng.choice(PALETTE) + line[at:]
        data = b"\n".join(lines)
    return data


KINDS = {  # kind: (files to mutate, the commands that read them, mutations per file)
    "playbook": (["playbooks/rollout.adopt"], [("check", "playbooks"), EVALUATE,
                                               ("fmt", "--check", "playbooks")], 15),
    "metrics": (["metrics/2026-W40.csv", "metrics/2026-W43.csv"], [EVALUATE], 8),
    "test file": (["tests/rollout.adopt-test"], [("test", "tests")], 10),
    "export": (["ingest/viva-activity-2026-11-08.csv"], [IMPORT], 10),
    "people": (["ingest/people.csv"], [IMPORT], 6),
    "events": (["ingest/events.csv"], [BUILD], 8),
    "mapping": (["ingest/mapping.toml"], [BUILD], 8),
    "result": (["r.json"], [("diff", "r.json", "r.json"), (*EVALUATE, "--previous", "r.json")],
               12),
}
MUTATIONS = [(kind, path, n) for kind, (paths, _, count) in KINDS.items() for path in paths
             for n in range(count)]


@pytest.mark.parametrize(("kind", "path", "n"), MUTATIONS,
                         ids=[f"{k}-{Path(p).name}-{n}" for k, p, n in MUTATIONS])
def test_a_mutated_input_is_answered(workspace, result_text, kind, path, n):
    rng = random.Random(f"{SEED}-{kind}-{path}-{n}")
    target = workspace / path
    if kind == "result":
        target.write_text(result_text)
    target.write_bytes(mutate(target.read_bytes(), rng))
    commands = KINDS[kind][1]
    judge("mutations", workspace, commands[n % len(commands)])


# ------------------------------------------------------------------------------------- texts

HOSTILE = st.text(st.sampled_from(["a", " ", '"', "\\", "\n", "\u202e", "\u2066", "\x1b", "\x00",
                                   "\x7f", "{", "}", "#", "\u00e9", "\U0001f600", "\ud800"]),
                  max_size=40)


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=HOSTILE)
def test_hostile_text_in_a_quoted_string(workspace, text):
    path = workspace / "playbooks" / "rollout.adopt"
    if not hasattr(test_hostile_text_in_a_quoted_string, "original"):
        test_hostile_text_in_a_quoted_string.original = path.read_bytes()
    data = test_hostile_text_in_a_quoted_string.original.replace(
        b'"Customer service reps"', b'"' + text.encode("utf-8", "surrogatepass") + b'"', 1)
    path.write_bytes(data)
    outcome = judge("texts", workspace, ("check", "playbooks"))
    assert "\u202e" not in outcome.output and "\x1b" not in outcome.output


# ---------------------------------------------------------------------------- the judge itself


def test_the_judge_sees_every_kind_of_failure(workspace):
    assert hostile_runner.run(EVALUATE, workspace, time_limit=0.001).problems()  # a hang
    crashed = hostile_runner.Outcome(("check",), None, "", "Traceback ...")
    assert crashed.problems()
    leaked = hostile_runner.Outcome(("check",), 2, f"x.adopt:1:1: error[AP113]: {SECRET}")
    assert leaked.problems(secret=SECRET) == [
        "printed the content of a file outside the folder it was given"]
    assert hostile_runner.Outcome(("check",), 2, "error[AP113]: no position").problems()
    assert hostile_runner.Outcome(("check",), 3, "").problems(exits=(2,))
    assert not hostile_runner.Outcome(("check",), 2, "a.adopt:3:1: error[AP113]: x").problems()
