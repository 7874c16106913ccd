"""The configuration file through the command line: found, checked, and overridden in order
(a CI-only setting's ADOPTPLAN_* variable, then flags, then the file, then the default)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from adoptplan import config, exitcodes
from adoptplan.cli import cli

PLAYBOOK = """playbook "Rollout" {
  cadence       weekly
  launch        2026-W02
  critical_mass 60%
}

segment reps "Customer service reps" {
  members       1200
  collaboration high
  likelihood    high
}

rule inactive "Reps are not yet active" {
  when     active_members < 40%
  in       reps
  do       educate "Workshop"
  priority medium
}
"""
METRICS = """period,segment,members,active_members
2026-W02,reps,300,20
2026-W03,reps,300,30
"""


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repository with a playbook and metrics; commands run inside it."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "playbooks" / "rollout.adopt").write_text(PLAYBOOK, encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "2026-W03.csv").write_text(METRICS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for name in ("ADOPTPLAN_FAIL_ON", "ADOPTPLAN_CONFIG", "ADOPTPLAN_MIN_COVERAGE",
                 "ADOPTPLAN_FAIL_ON_NOT_EVALUATED"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(cli, list(args), env=env)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


CONFIGURED = 'playbooks = ["playbooks/"]\nmetrics = "data"\nfail_on = "medium"\nformat = "json"\n'


def test_evaluate_alone_runs_what_the_file_says(repo):
    write(repo / "adoptplan.toml", CONFIGURED)
    result = run("evaluate")
    assert result.exit_code == exitcodes.FINDINGS, result.output  # medium finding, fail_on medium
    document = json.loads(result.output)
    assert document["summary"]["fail_on"] == "medium"
    assert "inactive/reps" in [f["id"] for f in document["findings"]]


def test_pyproject_table_is_read_when_there_is_no_adoptplan_toml(repo):
    write(repo / "pyproject.toml", '[project]\nname = "x"\n\n[tool.adoptplan]\n' + CONFIGURED)
    assert run("evaluate").exit_code == exitcodes.FINDINGS


def test_adoptplan_toml_wins_over_pyproject_in_the_same_folder(repo):
    write(repo / "pyproject.toml", '[tool.adoptplan]\n' + CONFIGURED)
    write(repo / "adoptplan.toml", CONFIGURED.replace('"medium"', '"critical"'))
    assert run("evaluate").exit_code == exitcodes.OK


def test_a_pyproject_without_the_table_is_passed_over(repo, monkeypatch):
    write(repo / "adoptplan.toml", CONFIGURED)
    (repo / "sub").mkdir()
    write(repo / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    monkeypatch.chdir(repo / "sub")
    result = run("evaluate")
    # found one folder up; its paths are relative to the file, not to the working folder
    assert result.exit_code == exitcodes.FINDINGS, result.output


def test_the_search_stops_at_the_repository_root(tmp_path, monkeypatch):
    write(tmp_path / "adoptplan.toml", 'fail_of = "x"\n')  # above the repository: never read
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "repo")
    assert config.load().path is None


@pytest.mark.parametrize("flag, env, expected", [
    ([], None, exitcodes.FINDINGS),  # the file: medium
    ([], {"ADOPTPLAN_FAIL_ON": "critical"}, exitcodes.OK),  # the variable overrides the file
    (["--fail-on", "low"], {"ADOPTPLAN_FAIL_ON": "critical"}, exitcodes.OK),  # and the flag
    (["--fail-on", "never"], {"ADOPTPLAN_FAIL_ON": "medium"}, exitcodes.FINDINGS),
    (["--fail-on", "never"], {"ADOPTPLAN_FAIL_ON": ""}, exitcodes.OK),  # empty: not set
    (["--fail-on", "never"], None, exitcodes.OK),  # the flag overrides the file
])
def test_precedence_ci_variable_then_flag_then_file(repo, flag, env, expected):
    write(repo / "adoptplan.toml", CONFIGURED)
    assert run("evaluate", *flag, env=env).exit_code == expected


def test_a_ci_variable_that_overrides_a_flag_says_so(repo):
    write(repo / "adoptplan.toml", CONFIGURED)
    result = run("evaluate", "--fail-on", "never", env={"ADOPTPLAN_FAIL_ON": "medium"})
    assert ("ADOPTPLAN_FAIL_ON is set: it wins over --fail-on given on the command line"
            in result.stderr)
    assert "wins over" not in run("evaluate", env={"ADOPTPLAN_FAIL_ON": "medium"}).stderr


def test_a_bad_ci_variable_is_a_usage_error_naming_it(repo):
    result = run("evaluate", "--fail-on", "low", env={"ADOPTPLAN_FAIL_ON": "hihg"})
    assert result.exit_code == exitcodes.BAD_INPUT
    assert "ADOPTPLAN_FAIL_ON" in result.stderr and "Traceback" not in result.output


TESTS = """playbook "../playbooks/rollout.adopt"

test fires "Reps below" {
  from   2026-W03
  series reps active_members 10%
  expect action inactive/reps medium
}
"""


def test_min_coverage_and_fail_on_not_evaluated_are_ci_only_too(repo):
    (repo / "tests").mkdir()
    write(repo / "tests" / "t.adopt-test", TESTS)
    passed = run("test", "tests/", "--min-coverage", "10")
    assert passed.exit_code == exitcodes.OK, passed.output
    short = run("test", "tests/", "--min-coverage", "10", env={"ADOPTPLAN_MIN_COVERAGE": "90"})
    assert short.exit_code == exitcodes.FINDINGS, short.output
    write(repo / "data" / "2026-W03.csv", "period,segment,members,active_members\n"
          "2026-W03,elsewhere,300,30\n")  # no row of reps: a segment without data
    write(repo / "adoptplan.toml", 'playbooks = ["playbooks/"]\nmetrics = "data/"\n')
    assert run("evaluate", "--fail-on-not-evaluated").exit_code == exitcodes.FINDINGS
    assert run("evaluate", "--fail-on-not-evaluated",
               env={"ADOPTPLAN_FAIL_ON_NOT_EVALUATED": "false"}).exit_code == exitcodes.OK
    assert run("evaluate", env={"ADOPTPLAN_FAIL_ON_NOT_EVALUATED": "true"}
               ).exit_code == exitcodes.FINDINGS


def test_a_misspelt_variable_is_warned_with_did_you_mean(repo):
    write(repo / "adoptplan.toml",
          CONFIGURED + '\n[notify.slack]\nurl_env = "ADOPTPLAN_FAIL_ONE"\n')
    result = run("evaluate", env={"ADOPTPLAN_FAIL_ONN": "critical", "ADOPTPLAN_FAIL_ONE": "x",
                                  "ADOPTPLAN_TEAMS_WEBHOOK": "x", "ADOPTPLAN_MIN_COVERGE": "9"})
    assert result.exit_code == exitcodes.FINDINGS  # the misspelt gate did not apply
    warned = [line for line in result.stderr.splitlines() if "warning:" in line]
    assert warned == [  # a variable the file names is the team's own
        ("adoptplan: warning: ADOPTPLAN_FAIL_ONN is set but adoptplan reads no such variable "
         "(did you mean ADOPTPLAN_FAIL_ON?)"),
        ("adoptplan: warning: ADOPTPLAN_MIN_COVERGE is set but adoptplan reads no such variable "
         "(did you mean ADOPTPLAN_MIN_COVERAGE?)")]


def test_the_ci_only_table_matches_the_command_line():
    from adoptplan.cli import CiOnly, _variables

    ci_only = {p.envvar for c in cli.commands.values() for p in c.params if isinstance(p, CiOnly)}
    assert ci_only == set(config.CI_ONLY.values())
    assert ci_only <= _variables(cli)


def test_a_playbook_path_given_replaces_the_configured_one(repo):
    write(repo / "adoptplan.toml", 'playbooks = ["missing/"]\nmetrics = ["data"]\n')
    assert run("evaluate").exit_code == exitcodes.BAD_INPUT
    result = run("evaluate", "playbooks/rollout.adopt")
    assert result.exit_code == exitcodes.OK, result.output
    assert "Rollout" in result.output


def test_config_option_names_a_file_anywhere(repo, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("settings") / "ci.toml"
    write(elsewhere, f'playbooks = ["{repo / "playbooks"}"]\nmetrics = "{repo / "data"}"\n'
                     'fail_on = "low"\n')
    assert run("--config", str(elsewhere), "evaluate").exit_code == exitcodes.FINDINGS
    assert run("evaluate", env={"ADOPTPLAN_CONFIG": str(elsewhere)}).exit_code == \
        exitcodes.FINDINGS


def test_min_coverage_from_the_file_reaches_test(repo):
    write(repo / "adoptplan.toml", "min_coverage = 101\n")
    result = run("test")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert "adoptplan.toml:1:1: 'min_coverage': expected a number from 0 to 100" in result.output


@pytest.mark.parametrize("text, message", [
    ('fail_of = "high"\n', "adoptplan.toml:1:1: unknown key 'fail_of' in the file "
                           "(did you mean 'fail_on'?)"),
    ('playbooks = ["p"]\n\n[notify.teams]\nurl = "X"\n',
     "adoptplan.toml:4:1: unknown key 'url' in [notify.teams] (did you mean 'url_env'?)"),
    ('[notify]\n  slak.url_env = "X"\n',
     "adoptplan.toml:2:3: unknown key 'slak' in [notify] (did you mean 'slack'?)"),
    ('fail_on = "hihg"\n', "adoptplan.toml:1:1: 'fail_on': expected one of never, info, low, "
                           "medium, high, critical (did you mean 'high'?), not \"hihg\""),
    ("fail_on_not_evaluated = 1\n",
     "adoptplan.toml:1:1: 'fail_on_not_evaluated': expected true or false, not 1"),
    ('minimum_group_size = 2.5\n', "adoptplan.toml:1:1: 'minimum_group_size': expected a whole "
                                   "number"),
    ('format = "html"\n', "'format': expected one of table, markdown, json, github, junit"),
    ("playbooks = 3\n", "'playbooks': expected a list of texts in quotes"),
    ('notify = "teams"\n', "adoptplan.toml:1:1: 'notify' must be a table, [notify]"),
    ('[notify.email]\nhost = "smtp"\n', "adoptplan.toml:1:1: [notify.email] needs 'from', 'to'"),
    ('[notify.email]\nhost = "smtp"\nfrom = "a@b"\nto = "c@d"\nport = "25"\n',
     "adoptplan.toml:5:1: 'port': expected a whole number from 1 to 65535, not \"25\""),
    ('playbooks = ["p"\n', "adoptplan.toml: not valid TOML: unclosed array"),
    ('a = 1\na = 2\n', "adoptplan.toml:2:6: not valid TOML: cannot overwrite a value"),
])
def test_a_bad_file_is_exit_2_with_where_and_why(repo, text, message):
    write(repo / "adoptplan.toml", text)
    result = run("check", "playbooks/")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert message.lower() in result.output.lower()
    assert "Traceback" not in result.output


def test_a_wrong_key_in_pyproject_names_the_whole_table(repo):
    write(repo / "pyproject.toml", '[project]\nname = "x"\n\n[tool.adoptplan]\nmetric = "data"\n')
    result = run("check", "playbooks/")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert ("pyproject.toml:5:1: unknown key 'metric' in [tool.adoptplan] "
            "(did you mean 'metrics'?)") in result.output


def test_a_secret_written_where_its_variable_name_belongs_is_never_shown(repo):
    secret = "https://example.webhook.office.com/webhookb2/SECRET-TOKEN"
    write(repo / "adoptplan.toml", f'[notify.teams]\nurl_env = "{secret}"\n')
    result = run("check", "playbooks/")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert "the NAME of an environment variable" in result.output
    assert "SECRET" not in result.output


def test_a_missing_named_file_is_exit_2(repo):
    result = run("--config", "nowhere.toml", "check", "playbooks/")
    assert result.exit_code == exitcodes.BAD_INPUT
    assert "no such configuration file: nowhere.toml" in result.output


def test_help_works_beside_a_broken_file(repo):
    write(repo / "adoptplan.toml", "fail_of = 1\n")
    assert run("--help").exit_code == exitcodes.OK


def test_default_map_names_each_command_parameter(tmp_path):
    write(tmp_path / "adoptplan.toml", CONFIGURED + "min_coverage = 80\n")
    loaded = config.load(tmp_path / "adoptplan.toml", cwd=tmp_path)
    defaults = loaded.default_map()
    assert defaults["evaluate"] == {"playbooks": ["playbooks/"], "metrics": ["data"],
                                    "fail_on": "medium", "fmt": "json"}
    assert defaults["check"] == {"paths": ["playbooks/"]}
    assert defaults["test"] == {"min_coverage": 80.0}


def _keys(kinds: dict, at: str = "") -> list[str]:
    found = []
    for key, kind in kinds.items():
        found.append(key)
        if isinstance(kind, dict):
            found += _keys(kind, f"{at}{key}.")
    return found


@pytest.mark.parametrize("key", _keys(config.KEYS))
def test_every_key_is_documented(key):
    page = (Path(__file__).resolve().parents[3] / "docs" / "configuration.md").read_text("utf-8")
    assert f"`{key}`" in page or f"[notify.{key}]" in page


def test_check_and_fmt_alone_read_the_configured_playbooks(repo):
    write(repo / "adoptplan.toml", 'playbooks = ["playbooks/"]\n')
    (repo / "playbooks" / "rollout.adopt").write_text(PLAYBOOK.replace("  cadence       weekly",
                                                                       "  cadence weekly"))
    checked = run("check")
    assert checked.exit_code == exitcodes.OK, checked.output
    formatted = run("fmt", "--check")
    assert formatted.exit_code == exitcodes.FINDINGS
    assert "would reformat playbooks/rollout.adopt" in formatted.output


def test_paths_are_relative_to_the_file_not_the_working_folder(repo, monkeypatch, tmp_path_factory):
    write(repo / "adoptplan.toml", 'playbooks = ["playbooks/"]\nmetrics = "data"\n')
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.chdir(elsewhere)
    result = run("--config", str(repo / "adoptplan.toml"), "evaluate")
    assert result.exit_code == exitcodes.OK, result.output
    assert result.output.startswith("Rollout: ")
