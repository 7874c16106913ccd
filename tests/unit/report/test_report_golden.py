"""Golden outputs of every format, byte for byte. Regenerate with `UPDATE_GOLDEN=1 pytest`."""

import os
from pathlib import Path

import pytest

from adoptplan.report.render import render

from support.report import empty_evaluation, evaluation

GOLDEN = Path(__file__).parent.parent.parent / "golden" / "evaluate"
EXTENSIONS = {"table": "txt", "markdown": "md", "json": "json", "github": "github.txt",
              "junit": "junit.xml"}
INPUTS = {"full": (evaluation, "high"), "empty": (empty_evaluation, None)}


@pytest.mark.parametrize("fmt", EXTENSIONS)
@pytest.mark.parametrize("name", INPUTS)
def test_golden(name, fmt):
    build, fail_on = INPUTS[name]
    got = render(build(), fmt, fail_on).encode("utf-8")
    path = GOLDEN / f"{name}.{EXTENSIONS[fmt]}"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_bytes(got)
    assert path.exists(), f"{path} is missing; run with UPDATE_GOLDEN=1 to write it"
    assert got == path.read_bytes(), f"{path} differs; if intended, rerun with UPDATE_GOLDEN=1"


def test_output_docs_quote_the_golden_summary_line():
    docs = (Path(__file__).parent.parent.parent.parent / "docs" / "output.md").read_text("utf-8")
    first_line = (GOLDEN / "full.txt").read_text("utf-8").split("\n")[0]
    assert f"    {first_line}\n" in docs
