"""Where the table goes: its width and colour, read once from the environment."""

import io

import pytest

from adoptplan.report import terminal
from adoptplan.report.table import PLAIN_WIDTH


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("choice", "stream", "environ", "expected"), [
    ("auto", Tty(), {}, True),
    ("auto", io.StringIO(), {}, False),  # a pipe or a file
    ("auto", Tty(), {"NO_COLOR": "1"}, False),
    ("auto", Tty(), {"NO_COLOR": ""}, True),  # empty: not set, as no-color.org says
    ("auto", Tty(), {"TERM": "dumb"}, False),
    ("always", io.StringIO(), {"NO_COLOR": "1"}, True),
    ("never", Tty(), {}, False),
])
def test_colour(choice, stream, environ, expected):
    assert terminal.wants_color(choice, stream, environ) is expected


def test_width_is_columns_then_the_terminal_then_a_fixed_one():
    assert terminal.width(io.StringIO(), {"COLUMNS": "72"}) == 72
    assert terminal.width(io.StringIO(), {"COLUMNS": "wide"}) == PLAIN_WIDTH
    assert terminal.width(io.StringIO(), {}) == PLAIN_WIDTH


def test_a_file_is_always_plain_and_fixed():
    layout = terminal.layout("always", None, verbose=True)
    assert (layout.width, layout.color, layout.verbose) == (PLAIN_WIDTH, False, True)
