"""The sticky-comment step of the GitHub workflow `adoptplan init` writes, run for real in node.

The step's inline script is taken from the template exactly as written and run the way
actions/github-script runs it: as the body of an async function given `require`, `github`,
`context` and `core`. The fake `github` pages the pull request's comments (100 a page) and
records every call, so the test sees which comment the script would create, update or delete.
Node.js is on every machine that runs this suite (CI included): without it the test fails.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
WORKFLOW = ROOT / "src/adoptplan/scaffold/templates/github-workflow.yml"
MARKER = "<!-- adoptplan-diff -->"
STEP_NAME = "Post the change as a sticky comment"
REPO = {"owner": "octo", "repo": "playbooks"}
ISSUE = 7
PER_PAGE = 100

# Mirrors github-script's callAsyncFunction: the script is the body of an AsyncFunction whose
# parameters are the names github-script provides. `SOURCE` and `STATE` are JSON literals.
HARNESS = r"""
'use strict';
const SOURCE = __SOURCE__;
const STATE = __STATE__;
const calls = [];
let nextId = 9000;
const comments = STATE.comments.map(c => ({ ...c }));

function check(method, params) {
  if (params.owner !== STATE.repo.owner || params.repo !== STATE.repo.repo) {
    throw new Error(`${method}: wrong repository ${params.owner}/${params.repo}`);
  }
}

const github = {
  rest: {
    issues: {
      async listComments(params) {
        calls.push({ method: 'listComments', params });
        check('listComments', params);
        if (params.issue_number !== STATE.issue) throw new Error('listComments: wrong issue');
        const perPage = params.per_page || 30;
        const page = params.page || 1;
        return { data: comments.slice((page - 1) * perPage, page * perPage) };
      },
      async createComment(params) {
        calls.push({ method: 'createComment', params });
        check('createComment', params);
        const made = { id: ++nextId, body: params.body };
        comments.push(made);
        return { data: made };
      },
      async updateComment(params) {
        calls.push({ method: 'updateComment', params });
        check('updateComment', params);
        const found = comments.find(c => c.id === params.comment_id);
        if (!found) throw new Error(`updateComment: no comment ${params.comment_id}`);
        found.body = params.body;
        return { data: found };
      },
      async deleteComment(params) {
        calls.push({ method: 'deleteComment', params });
        check('deleteComment', params);
        const at = comments.findIndex(c => c.id === params.comment_id);
        if (at < 0) throw new Error(`deleteComment: no comment ${params.comment_id}`);
        comments.splice(at, 1);
        return { data: undefined };
      },
    },
  },
  // As octokit's paginate: every page of the list method, the items of all pages in order.
  async paginate(fn, params) {
    const all = [];
    for (let page = 1; ; page++) {
      const { data } = await fn({ ...params, per_page: __PER_PAGE__, page });
      all.push(...data);
      if (data.length < __PER_PAGE__) return all;
    }
  },
};

const context = { repo: STATE.repo, issue: { owner: STATE.repo.owner, repo: STATE.repo.repo,
                                             number: STATE.issue } };
const core = { info() {}, warning() {}, error() {}, setFailed(m) { throw new Error(m); } };
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;

new AsyncFunction('require', 'github', 'context', 'core', SOURCE)(require, github, context, core)
  .then(() => process.stdout.write(JSON.stringify({ calls, comments })))
  .catch(error => { console.error(error && error.stack || String(error)); process.exit(1); });
"""


def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.fail("Node.js (`node` on PATH) is needed to run the GitHub workflow's "
                    "sticky-comment script; install Node.js 20 or later")
    return found


def poster_script() -> str:
    """The `with.script` of the workflow's github-script step, exactly as the template has it."""
    steps = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["playbooks"]["steps"]
    posting = [s for s in steps if s.get("name") == STEP_NAME
               or str(s.get("uses", "")).startswith("actions/github-script@")]
    assert len(posting) == 1, "exactly one github-script step posts the comment"
    return posting[0]["with"]["script"]


def run(tmp_path: Path, comments: list[dict], diff: str | None) -> dict:
    """Run the script in `tmp_path` (its working directory, where adoptplan-diff.md is looked
    for) against `comments`; the recorded calls and the comments left afterwards."""
    if diff is not None:
        (tmp_path / "adoptplan-diff.md").write_text(diff, encoding="utf-8")
    state = {"repo": REPO, "issue": ISSUE, "comments": comments}
    harness = (HARNESS.replace("__SOURCE__", json.dumps(poster_script()))
               .replace("__STATE__", json.dumps(state))
               .replace("__PER_PAGE__", str(PER_PAGE)))
    (tmp_path / "harness.js").write_text(harness, encoding="utf-8")
    result = subprocess.run([node(), "harness.js"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def writes(outcome: dict) -> list[dict]:
    return [c for c in outcome["calls"] if c["method"] != "listComments"]


def remarks(count: int, first_id: int = 1) -> list[dict]:
    return [{"id": first_id + n, "body": f"review remark {n}"} for n in range(count)]


DIFF = f"{MARKER}\n## adoptplan diff at 2024-06: 1 new · 14 unchanged\n\nCaused by the playbooks\n"


def test_the_script_is_found_and_uses_the_marker():
    script = poster_script()
    assert MARKER in script and "adoptplan-diff.md" in script


def test_a_comment_is_created_when_none_has_the_marker(tmp_path):
    outcome = run(tmp_path, remarks(3), DIFF)
    assert writes(outcome) == [{"method": "createComment", "params": {
        **REPO, "issue_number": ISSUE, "body": DIFF}}]
    assert [c["body"] for c in outcome["comments"]][-1] == DIFF
    listed = [c["params"] for c in outcome["calls"] if c["method"] == "listComments"]
    assert listed and all(p["issue_number"] == ISSUE for p in listed)


def test_the_marker_comment_among_others_is_updated_not_posted_again(tmp_path):
    comments = [*remarks(2), {"id": 500, "body": f"{MARKER}\nthe diff of the last push"},
                *remarks(2, first_id=600)]
    outcome = run(tmp_path, comments, DIFF)
    assert writes(outcome) == [{"method": "updateComment", "params": {
        **REPO, "comment_id": 500, "body": DIFF}}]
    assert len(outcome["comments"]) == 5


def test_the_marker_comment_on_a_later_page_is_found(tmp_path):
    comments = [*remarks(130), {"id": 500, "body": f"{MARKER}\nold"}, *remarks(1, first_id=600)]
    outcome = run(tmp_path, comments, DIFF)
    pages = [c["params"]["page"] for c in outcome["calls"] if c["method"] == "listComments"]
    assert pages == [1, 2]
    assert writes(outcome) == [{"method": "updateComment", "params": {
        **REPO, "comment_id": 500, "body": DIFF}}]


def test_the_marker_comment_is_deleted_when_there_is_no_diff_file(tmp_path):
    comments = [*remarks(2), {"id": 500, "body": f"{MARKER}\nold"}]
    outcome = run(tmp_path, comments, None)
    assert writes(outcome) == [{"method": "deleteComment", "params": {**REPO, "comment_id": 500}}]
    assert [c["id"] for c in outcome["comments"]] == [1, 2]


def test_an_empty_diff_file_counts_as_no_change(tmp_path):
    outcome = run(tmp_path, [{"id": 500, "body": f"{MARKER}\nold"}], "")
    assert writes(outcome) == [{"method": "deleteComment", "params": {**REPO, "comment_id": 500}}]


def test_nothing_is_written_without_a_marker_comment_or_a_diff_file(tmp_path):
    outcome = run(tmp_path, remarks(3), None)
    assert [c["method"] for c in outcome["calls"]] == ["listComments"]
    assert writes(outcome) == []


@pytest.mark.parametrize("diff", [DIFF, None])
def test_a_comment_with_a_null_body_does_not_crash(tmp_path, diff):
    comments = [{"id": 1, "body": None}, {"id": 500, "body": f"{MARKER}\nold"}]
    outcome = run(tmp_path, comments, diff)
    expected = ({"method": "updateComment", "params": {**REPO, "comment_id": 500, "body": DIFF}}
                if diff else
                {"method": "deleteComment", "params": {**REPO, "comment_id": 500}})
    assert writes(outcome) == [expected]


def test_a_null_body_alone_leads_to_a_new_comment(tmp_path):
    outcome = run(tmp_path, [{"id": 1, "body": None}], DIFF)
    assert [c["method"] for c in writes(outcome)] == ["createComment"]


@pytest.mark.parametrize("diff", [DIFF, None])
def test_a_comment_quoting_the_marker_later_is_left_alone(tmp_path, diff):
    quoting = [{"id": 1, "body": f"Why does `{MARKER}` show up in the diff comment?"},
               {"id": 2, "body": f" {MARKER}\nindented, so not the sticky comment"}]
    outcome = run(tmp_path, quoting, diff)
    expected = ([{"method": "createComment", "params": {
        **REPO, "issue_number": ISSUE, "body": DIFF}}] if diff else [])
    assert writes(outcome) == expected
    assert [c["body"] for c in outcome["comments"][:2]] == [q["body"] for q in quoting]


@pytest.mark.parametrize("diff", [DIFF, None])
def test_extra_marker_comments_are_deleted_the_first_kept(tmp_path, diff):
    """Two runs that raced may each have posted one: the first is kept (with a diff), the rest
    go."""
    comments = [{"id": 500, "body": f"{MARKER}\nold"}, *remarks(2),
                {"id": 700, "body": f"{MARKER}\nolder race"}, {"id": 800, "body": f"{MARKER}\n"}]
    outcome = run(tmp_path, comments, diff)
    deleted = [c["params"]["comment_id"] for c in writes(outcome)
               if c["method"] == "deleteComment"]
    if diff is None:
        assert deleted == [500, 700, 800] and len(writes(outcome)) == 3
        assert [c["id"] for c in outcome["comments"]] == [1, 2]
    else:
        assert deleted == [700, 800]
        assert writes(outcome)[-1] == {"method": "updateComment", "params": {
            **REPO, "comment_id": 500, "body": DIFF}}
        assert [c["id"] for c in outcome["comments"]] == [500, 1, 2]


def test_one_run_per_pull_request_at_a_time():
    import yaml

    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["concurrency"]["cancel-in-progress"] == \
        "${{ github.event_name == 'pull_request' }}"  # a push to main is never cancelled
    assert "pull_request.number" in workflow["concurrency"]["group"]
