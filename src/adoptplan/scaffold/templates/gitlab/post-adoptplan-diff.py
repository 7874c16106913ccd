"""Post adoptplan's diff comment on the merge request, updating the note that has its marker.

Run by .gitlab-ci.yml; reads the CI variables GitLab sets and ADOPTPLAN_GITLAB_TOKEN. Every page
of notes is read, so the note is found on a busy merge request too; extra marker notes (left by
older versions of this script) are deleted. When the comment file is missing (nothing changed),
the note is deleted instead. Stdlib only: it runs on any Python 3.11+ without installing anything.
Exits 2 when a variable is missing, 1 when GitLab cannot be reached or refuses a request.
"""

import http.client
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

MARKER = "<!-- adoptplan-diff -->"
VARIABLES = ("CI_API_V4_URL", "CI_PROJECT_ID", "CI_MERGE_REQUEST_IID", "ADOPTPLAN_GITLAB_TOKEN")
PER_PAGE = 100


class Failure(Exception):
    """A request that failed, said in one line: method, path and status, never the token."""


def call(method: str, url: str, token: str, body: dict | None = None):
    """The decoded JSON answer (None when empty) and the response headers."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={
        "PRIVATE-TOKEN": token, "Content-Type": "application/json"})
    where = f"{method} {urllib.parse.urlsplit(url).path}"
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read()
            headers = response.headers
        return (json.loads(text) if text else None), headers
    except urllib.error.HTTPError as error:
        raise Failure(f"{where}: HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise Failure(f"{where}: {error.reason}") from None
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise Failure(f"{where}: {type(error).__name__}: {error}") from None


def next_page(headers, page: int) -> int | None:
    """The next page's number from X-Next-Page, else from Link rel="next"; None on the last.

    Only the number is taken, the URL is built from CI_API_V4_URL again, so the token is never
    sent to another host. A page that does not move forward ends the loop.
    """
    found = (headers.get("X-Next-Page") or "").strip()
    if not found:
        for link in (headers.get("Link") or "").split(","):
            target, _, params = link.partition(";")
            if 'rel="next"' in params.replace(" ", ""):
                query = urllib.parse.urlsplit(target.strip(" <>")).query
                found = urllib.parse.parse_qs(query).get("page", [""])[0]
    return int(found) if found.isdecimal() and int(found) > page else None


def marker_notes(notes: str, token: str) -> list[dict]:
    """Every note of the merge request that has the marker, oldest first, over all pages."""
    found, page = [], 1
    while page is not None:
        query = urllib.parse.urlencode(
            {"per_page": PER_PAGE, "page": page, "order_by": "created_at", "sort": "asc"})
        batch, headers = call("GET", f"{notes}?{query}", token)
        found += [n for n in batch or [] if str(n.get("body", "")).startswith(MARKER)]
        page = next_page(headers, page)
    return found


def main(path: str) -> None:
    env = {name: os.environ.get(name, "").strip() for name in VARIABLES}
    missing = [name for name, value in env.items() if not value]
    if missing:
        print(f"post-adoptplan-diff: missing CI variable(s): {', '.join(missing)}", file=sys.stderr)
        sys.exit(2)
    token = env["ADOPTPLAN_GITLAB_TOKEN"]
    project, request = (urllib.parse.quote(env[name], safe="")
                        for name in ("CI_PROJECT_ID", "CI_MERGE_REQUEST_IID"))
    notes = f"{env['CI_API_V4_URL'].rstrip('/')}/projects/{project}/merge_requests/{request}/notes"
    try:
        comment = Path(path).read_text(encoding="utf-8") if Path(path).exists() else ""
    except (OSError, UnicodeDecodeError) as error:
        print(f"post-adoptplan-diff: cannot read {path}: {error}", file=sys.stderr)
        sys.exit(2)
    previous = marker_notes(notes, token)
    keep, extra = (previous[:1], previous[1:]) if comment else ([], previous)
    for note in extra:
        call("DELETE", f"{notes}/{note['id']}", token)
    if keep:
        call("PUT", f"{notes}/{keep[0]['id']}", token, {"body": comment})
    elif comment:
        call("POST", notes, token, {"body": comment})


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: post-adoptplan-diff.py COMMENT_FILE", file=sys.stderr)
        sys.exit(2)
    try:
        main(sys.argv[1])
    except Failure as failure:
        print(f"post-adoptplan-diff: {failure}", file=sys.stderr)
        sys.exit(1)
