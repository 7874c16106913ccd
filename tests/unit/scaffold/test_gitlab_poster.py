"""The GitLab note poster `adoptplan init` writes, run for real against a local fake GitLab.

The script is run as CI runs it (a subprocess, CI variables in its environment); the fake server
on 127.0.0.1 pages notes as GitLab does, so a busy merge request's sticky note is found too.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "src/adoptplan/scaffold/templates/gitlab/post-adoptplan-diff.py"
MARKER = "<!-- adoptplan-diff -->"
TOKEN = "glpat-SECRET-token-123"
NOTES = "/api/v4/projects/42/merge_requests/7/notes"


@dataclass
class FakeGitLab:
    """Notes of one merge request, every request recorded; `paging` picks the header used."""

    notes: list[dict] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)
    paging: str = "x-next-page"
    fail_with: int | None = None
    fail_method: str | None = None  # None: every method fails with `fail_with`
    next_id: int = 1000
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, body: str) -> int:
        self.next_id += 1
        self.notes.append({"id": self.next_id, "body": body, "system": False})
        return self.next_id

    def writes(self) -> list[dict]:
        return [r for r in self.requests if r["method"] != "GET"]


def handler(gitlab: FakeGitLab, base: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep pytest output clean
            pass

        def answer(self, status: int, payload=None, headers: dict | None = None) -> None:
            data = json.dumps(payload).encode() if payload is not None else b""
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def handle_any(self) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            with gitlab.lock:
                gitlab.requests.append({"method": self.command, "path": url.path,
                                        "query": parse_qs(url.query), "body": body,
                                        "token": self.headers.get("PRIVATE-TOKEN")})
                if gitlab.fail_with and gitlab.fail_method in (None, self.command):
                    return self.answer(gitlab.fail_with, {"message": "boom"})
                if self.headers.get("PRIVATE-TOKEN") != TOKEN:
                    return self.answer(401, {"message": "401 Unauthorized"})
                if url.path == NOTES and self.command == "GET":
                    return self.list_notes(parse_qs(url.query))
                if url.path == NOTES and self.command == "POST":
                    gitlab.add(body["body"])
                    return self.answer(201, gitlab.notes[-1])
                note_id = url.path.removeprefix(NOTES + "/")
                note = next((n for n in gitlab.notes if str(n["id"]) == note_id), None)
                if note is None:
                    return self.answer(404, {"message": "404 Not found"})
                if self.command == "PUT":
                    note["body"] = body["body"]
                    return self.answer(200, note)
                if self.command == "DELETE":
                    gitlab.notes.remove(note)
                    return self.answer(204)
                return self.answer(405, {"message": "405 Method Not Allowed"})

        def list_notes(self, query: dict) -> None:
            per_page = min(int(query.get("per_page", ["20"])[0]), 100)
            page = int(query.get("page", ["1"])[0])
            pages = max(1, -(-len(gitlab.notes) // per_page))
            headers = {"X-Page": str(page), "X-Total-Pages": str(pages)}
            following = str(page + 1) if page < pages else ""
            if gitlab.paging == "x-next-page":
                headers["X-Next-Page"] = following
            elif following:
                link = f"{base}{NOTES}?page={following}&per_page={per_page}"
                headers["Link"] = f'<{link}>; rel="next", <{base}{NOTES}?page=1>; rel="first"'
            self.answer(200, gitlab.notes[(page - 1) * per_page:page * per_page], headers)

        do_GET = do_POST = do_PUT = do_DELETE = handle_any

    return Handler


@pytest.fixture
def gitlab() -> Iterator[tuple[FakeGitLab, str]]:
    """A fake GitLab on 127.0.0.1 and its API URL, shut down after the test."""
    state = FakeGitLab()
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    server.RequestHandlerClass = handler(state, base)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"{base}/api/v4"
    server.shutdown()
    server.server_close()


def run(api: str, comment: Path, **overrides: str | None) -> subprocess.CompletedProcess:
    """The script as GitLab CI runs it; no proxy variables, so nothing leaves 127.0.0.1."""
    env = {"CI_API_V4_URL": api, "CI_PROJECT_ID": "42", "CI_MERGE_REQUEST_IID": "7",
           "ADOPTPLAN_GITLAB_TOKEN": TOKEN, "NO_PROXY": "*", "no_proxy": "*", **overrides}
    result = subprocess.run([sys.executable, str(SCRIPT), str(comment)], capture_output=True,
                            text=True, timeout=30,
                            env={k: v for k, v in env.items() if v is not None})
    assert TOKEN not in result.stdout + result.stderr, "the token is never printed"
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture
def comment(tmp_path) -> Path:
    path = tmp_path / "adoptplan-diff.md"
    path.write_text(f"{MARKER}\n### adoptplan diff\n\n2 findings changed\n", encoding="utf-8")
    return path


def test_a_note_is_created_when_none_exists(gitlab, comment):
    state, api = gitlab
    state.add("LGTM")
    result = run(api, comment)
    assert result.returncode == 0, result.stderr
    assert [(r["method"], r["path"]) for r in state.writes()] == [("POST", NOTES)]
    assert [n["body"] for n in state.notes] == ["LGTM", comment.read_text(encoding="utf-8")]


@pytest.mark.parametrize("paging", ["x-next-page", "link"])
def test_the_marker_note_on_page_two_is_updated_not_posted_again(gitlab, comment, paging):
    state, api = gitlab
    state.paging = paging
    for number in range(130):
        state.add(f"review remark {number}")
    sticky = state.add(f"{MARKER}\nthe diff of the last push")
    state.add("one more remark")
    result = run(api, comment)
    assert result.returncode == 0, result.stderr
    pages = [r["query"]["page"] for r in state.requests if r["method"] == "GET"]
    assert pages == [["1"], ["2"]]
    assert [(r["method"], r["path"]) for r in state.writes()] == [("PUT", f"{NOTES}/{sticky}")]
    assert len(state.notes) == 132
    assert next(n for n in state.notes if n["id"] == sticky)["body"] == comment.read_text(
        encoding="utf-8")


def test_the_note_is_deleted_when_the_comment_file_is_missing(gitlab, tmp_path):
    state, api = gitlab
    for number in range(105):
        state.add(f"review remark {number}")
    sticky = state.add(f"{MARKER}\nthe diff of the last push")
    result = run(api, tmp_path / "adoptplan-diff.md")
    assert result.returncode == 0, result.stderr
    assert [(r["method"], r["path"]) for r in state.writes()] == [("DELETE", f"{NOTES}/{sticky}")]
    assert not any(n["body"].startswith(MARKER) for n in state.notes)
    assert len(state.notes) == 105


def test_nothing_is_written_when_there_is_no_note_and_no_comment(gitlab, tmp_path):
    state, api = gitlab
    state.add("LGTM")
    result = run(api, tmp_path / "adoptplan-diff.md")
    assert result.returncode == 0, result.stderr
    assert state.requests and state.writes() == []
    assert [n["body"] for n in state.notes] == ["LGTM"]


def test_duplicate_marker_notes_are_cleaned_the_first_kept(gitlab, comment):
    state, api = gitlab
    first = state.add(f"{MARKER}\nold diff 1")
    for number in range(120):
        state.add(f"review remark {number}")
    second = state.add(f"{MARKER}\nold diff 2")
    third = state.add(f"{MARKER}\nold diff 3")
    result = run(api, comment)
    assert result.returncode == 0, result.stderr
    assert sorted((r["method"], r["path"]) for r in state.writes()) == [
        ("DELETE", f"{NOTES}/{second}"), ("DELETE", f"{NOTES}/{third}"),
        ("PUT", f"{NOTES}/{first}")]
    stickies = [n for n in state.notes if n["body"].startswith(MARKER)]
    assert [(n["id"], n["body"]) for n in stickies] == [
        (first, comment.read_text(encoding="utf-8"))]


def test_duplicates_are_all_deleted_when_the_comment_file_is_missing(gitlab, tmp_path):
    state, api = gitlab
    for number in range(3):
        state.add(f"{MARKER}\nold diff {number}")
    result = run(api, tmp_path / "adoptplan-diff.md")
    assert result.returncode == 0, result.stderr
    assert [r["method"] for r in state.writes()] == ["DELETE"] * 3
    assert state.notes == []


def test_the_token_is_sent_as_private_token_on_every_request(gitlab, comment):
    state, api = gitlab
    for number in range(101):
        state.add(f"review remark {number}")
    result = run(api, comment)
    assert result.returncode == 0, result.stderr
    assert len(state.requests) == 3  # two pages, one POST
    assert all(r["token"] == TOKEN for r in state.requests)
    assert all(TOKEN not in r["path"] + json.dumps(r["query"]) for r in state.requests)


@pytest.mark.parametrize("variable", ["CI_API_V4_URL", "CI_PROJECT_ID", "CI_MERGE_REQUEST_IID",
                                      "ADOPTPLAN_GITLAB_TOKEN"])
def test_a_missing_variable_is_named_and_exits_2(gitlab, comment, variable):
    state, api = gitlab
    result = run(api, comment, **{variable: None})
    assert result.returncode == 2
    assert variable in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert state.requests == []
    assert run(api, comment, **{variable: ""}).returncode == 2, "empty counts as missing"


def test_a_server_error_is_one_line_and_exits_1(gitlab, comment):
    state, api = gitlab
    state.fail_with = 500
    result = run(api, comment)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "GET" in lines[0] and NOTES in lines[0] and "500" in lines[0]
    assert result.stdout == ""


def test_a_refused_write_names_its_method_and_path(gitlab, comment):
    state, api = gitlab
    sticky = state.add(f"{MARKER}\nold diff")
    state.fail_with, state.fail_method = 403, "PUT"
    result = run(api, comment)
    assert result.returncode == 1
    assert result.stderr == f"post-adoptplan-diff: PUT {NOTES}/{sticky}: HTTP 403 Forbidden\n"


def test_an_unreachable_gitlab_is_one_line_and_exits_1(comment):
    with socket.socket() as sock:  # a port that was free a moment ago: connection refused
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run(f"http://127.0.0.1:{port}/api/v4", comment)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"post-adoptplan-diff: GET {NOTES}:")


@pytest.mark.parametrize("content", [b"\xff\xfe not UTF-8", None])
def test_an_unreadable_comment_file_is_one_line_and_exits_2(gitlab, tmp_path, content):
    state, api = gitlab
    path = tmp_path / "adoptplan-diff.md"
    if content is None:
        path.mkdir()  # a folder where the file should be: cannot be read as a file
    else:
        path.write_bytes(content)
    result = run(api, path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"post-adoptplan-diff: cannot read {path}")
    assert state.requests == [], "nothing is sent when the comment cannot be read"
