"""Post adoptplan's diff comment on the merge request, updating the note that has its marker.

Run by .gitlab-ci.yml; reads the CI variables GitLab sets and ADOPTPLAN_GITLAB_TOKEN. When the
comment file is missing (nothing changed), an earlier note is deleted instead.
"""

import json
import os
import sys
import urllib.request
from pathlib import Path

MARKER = "<!-- adoptplan-diff -->"


def call(method: str, url: str, body: dict | None = None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={
        "PRIVATE-TOKEN": os.environ["ADOPTPLAN_GITLAB_TOKEN"],
        "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        text = response.read()
    return json.loads(text) if text else None


def main(path: str) -> None:
    notes = (f"{os.environ['CI_API_V4_URL']}/projects/{os.environ['CI_PROJECT_ID']}"
             f"/merge_requests/{os.environ['CI_MERGE_REQUEST_IID']}/notes")
    comment = Path(path).read_text(encoding="utf-8") if Path(path).exists() else ""
    previous = [n for n in call("GET", notes + "?per_page=100") if
                n["body"].startswith(MARKER)]
    if previous and comment:
        call("PUT", f"{notes}/{previous[0]['id']}", {"body": comment})
    elif previous:
        call("DELETE", f"{notes}/{previous[0]['id']}")
    elif comment:
        call("POST", notes, {"body": comment})


if __name__ == "__main__":
    main(sys.argv[1])
