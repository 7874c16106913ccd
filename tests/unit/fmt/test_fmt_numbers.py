"""`fmt` never changes a number's value, and a number no float can hold is an error (AP305).

Models hold amounts as floats, so `fmt` writes each number from the text it was written as
(tidied: no leading zeros, no trailing zeros after the point), never from the float.
"""

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from adoptplan import api
from adoptplan import model as m
from adoptplan.cli import cli
from adoptplan.fmt import canonical_number, format_quantity, format_text
from adoptplan.syntax import parse_text

LONG = "0.12345678901234567890123"
HUGE = "123456789012345678901"
NINES = "9" * 400


def fmt(text: str) -> str:
    result = format_text(text)
    assert result.diagnostics == ()
    return result.after


def param_value(written: str) -> str:
    """The canonical spelling of a param's default, through a whole file."""
    return fmt(f"param p number = {written}\n").removeprefix("param p number = ").rstrip("\n")


def codes(text: str) -> list[str]:
    return [d.code for d in api.check_text(text).diagnostics]


# ------------------------------------------------------------------------- values are kept


def test_the_reported_file_is_left_as_it_is():
    text = f"param p number = {LONG}\nparam q count = {HUGE} members\n"
    result = format_text(text, "p.adopt")
    assert result.after == text
    assert not result.changed and result.diff() == ""


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        (LONG, LONG),
        (HUGE, HUGE),
        ("1" * 309, "1" * 309),  # about 1.1e308: still a float, every digit kept
        ("0." + "0" * 300 + "17", "0." + "0" * 300 + "17"),
        ("3.14159265358979323846264338327950288", "3.14159265358979323846264338327950288"),
        (f"{HUGE}.{HUGE}", f"{HUGE}.{HUGE}"),
        # the tidying fmt already did, now on the text: same value, fewer characters
        ("000" + HUGE + ".5000", HUGE + ".5"),
        ("0" + LONG + "000", LONG),
        ("." + LONG[2:], LONG),
        ("1200.0", "1200"),
        ("007", "7"),
        ("0.000", "0"),
        ("00", "0"),
    ],
)
def test_fmt_writes_every_digit_of_the_number(written, canonical):
    assert param_value(written) == canonical
    assert Decimal(canonical) == Decimal(written)
    assert fmt(f"param p number = {canonical}\n") == f"param p number = {canonical}\n"


@pytest.mark.parametrize(("written", "canonical"),
                         [("%", "%"), ("points", "pp"), ("people", " members"),
                          ("period", " periods"), ("hour", " hours")])
def test_units_are_still_tidied_next_to_a_long_number(written, canonical):
    assert param_value(f"0{LONG}0  {written}") == f"{LONG}{canonical}"


def test_one_written_as_a_decimal_is_still_singular():
    assert fmt("param p periods = 1.000 periods\n") == "param p periods = 1 period\n"
    assert fmt("param p periods = 1.0000000000000000001 periods\n") == (
        "param p periods = 1.0000000000000000001 periods\n")


def test_numbers_inside_expressions_and_blocks_keep_their_digits():
    text = (
        "segment reps {\n"
        f"  members {HUGE}\n"
        "}\n\n"
        "rule r {\n"
        f"  when active_members < {LONG}% and posts > -{HUGE} for 3 periods\n"
        '  do focus "x"\n'
        "}\n"
    )
    out = fmt(text)
    assert f"members {HUGE}\n" in out
    assert f"active_members < {LONG}% and posts > -{HUGE} for 3 periods\n" in out
    assert fmt(out) == out


def test_the_parsed_quantity_keeps_its_text_and_reads_its_float():
    source, problems = parse_text(f"param p number = {LONG}\n", "p.adopt")
    assert problems == []
    quantity = source.items[0].default
    assert quantity.text == LONG and quantity.amount == float(LONG)


# ------------------------------------------------------------------------ the model's Quantity


def test_the_text_takes_no_part_in_equality():
    written = m.Quantity(2.5, "%", text="2.50")
    tidy = m.Quantity(2.5, "%", text="2.5")
    made = m.Quantity(2.5, "%")
    assert written == tidy == made
    assert hash(written) == hash(tidy) == hash(made)
    assert m.Quantity(2.5, "%", text="2.50") != m.Quantity(2.6, "%", text="2.50")


def test_a_quantity_made_in_code_is_written_from_its_amount():
    assert format_quantity(m.Quantity(0.1, "%")) == "0.1%"
    assert format_quantity(m.Quantity(3.0, "periods")) == "3 periods"


def test_a_text_that_no_longer_reads_as_the_amount_is_not_written():
    # e.g. an amount changed with attrs.evolve: the amount is the value, the text only its spelling
    assert format_quantity(m.Quantity(3.0, "", text="2.5")) == "3"
    assert format_quantity(m.Quantity(-4.0, "%", text="4")) == "-4%"


@pytest.mark.parametrize(
    ("text", "canonical"),
    [("0", "0"), ("000", "0"), ("0.0", "0"), (".5", "0.5"), ("2.50", "2.5"), ("10", "10"),
     ("100.00100", "100.001"), ("0012.0", "12"), (NINES, NINES)],
)
def test_canonical_number_only_drops_zeros_that_carry_no_value(text, canonical):
    assert canonical_number(text) == canonical


# --------------------------------------------------------------------- numbers out of range


@pytest.mark.parametrize(
    "written",
    [NINES + "%", "1" + "0" * 400, NINES + ".5 members", "-" + NINES, "0." + "0" * 400 + "1"],
)
def test_a_number_no_float_can_hold_is_ap305_at_the_number(written):
    text = f"param p number = {written}\n"
    checked = api.check_text(text, "p.adopt")
    errors = [d for d in checked.diagnostics if d.severity == "error"]
    assert [d.code for d in errors] == ["AP305"]
    number = written.lstrip("-").split(" ")[0].rstrip("%")
    column = text.index(number) + 1
    span = errors[0].span
    assert (span.line, span.column, span.end_line, span.end_column) == (
        1, column, 1, column + len(number))
    assert len(errors[0].message) < 100 and errors[0].hint  # not 400 digits in the message


def test_too_large_and_too_small_are_told_apart():
    _, [large] = parse_text(f"param p number = {NINES}\n", "p.adopt")
    _, [small] = parse_text("param p number = 0." + "0" * 400 + "1\n", "p.adopt")
    assert large.message == (
        "the number 999999999999... (400 characters) is too large to calculate with")
    assert "1.8e308" in large.hint
    assert small.message == (
        "the number 0.0000000000... (403 characters) is too close to 0 to calculate with")
    assert "write 0" in small.hint


@pytest.mark.parametrize("written", ["0", "0.000", "000", "1" * 309, "0." + "0" * 300 + "1"])
def test_zero_and_numbers_in_range_are_not_reported(written):
    assert "AP305" not in codes(f"param p number = {written}\n")


def test_fmt_refuses_a_number_out_of_range_instead_of_writing_infinity():
    result = format_text(f"param p percent = {NINES}%\n", "p.adopt")
    assert result.after is None and not result.changed
    assert [d.code for d in result.diagnostics] == ["AP305"]


def test_fmt_command_leaves_the_file_alone_and_exits_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = f"param r percent = {NINES}%\n"
    Path("big.adopt").write_text(text)
    result = CliRunner().invoke(cli, ["fmt", "big.adopt"])
    assert result.exit_code == 2
    assert "error[AP305]" in result.stderr and "Infinity" not in result.output
    assert Path("big.adopt").read_text() == text


def test_fmt_command_keeps_the_reported_numbers(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = f"param p number =   {LONG}\nparam q count = {HUGE}   members\n"
    Path("p.adopt").write_text(text)
    result = CliRunner().invoke(cli, ["fmt", "p.adopt"])
    assert result.exit_code == 0, result.output
    assert Path("p.adopt").read_text() == (
        f"param p number = {LONG}\nparam q count = {HUGE} members\n")
    assert CliRunner().invoke(cli, ["fmt", "--check", "p.adopt"]).exit_code == 0
