"""The people directory: who exists, their attributes, and which playbook segment each belongs to.

A directory is a CSV of one person per row: an id and attributes (department, country, manager,
device...). A segment's `match` condition is evaluated over those attributes for every person at
once, column by column; no text is ever executed. Attributes are text; two values that both read
as numbers compare as numbers (`"10" > "9"`, `"3.0" == 3`).
"""

from __future__ import annotations

import csv
import datetime as dt
import operator
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import attrs
import numpy as np

from adoptplan import model as m
from adoptplan.codes.ingest import (
    BAD_COLUMN,
    BAD_MATCH,
    BAD_VALUE,
    EMPTY_INPUT,
    MISSING_MATCH_COLUMN,
    NO_MATCH,
    NO_ONE_IN_SEGMENTS,
    PERSON_TWICE,
    SEVERAL_SEGMENTS,
    UNREADABLE_INPUT,
    VALUE_NO_ONE_HAS,
)
from adoptplan.csv_dialect import standard
from adoptplan.diagnostics import WARNING, Diagnostic, did_you_mean
from adoptplan.files import decode, display_path, read_user_file, unreadable

ID_COLUMNS: tuple[str, ...] = (
    "person_id", "id", "user_id", "employee_id", "email", "upn", "user_principal_name",
)
"""Column names taken as the person id, first found wins, unless the id column is named."""
MANAGER_COLUMNS: tuple[str, ...] = ("manager_id", "manager", "manager_email")
KEY_COLUMNS: tuple[str, ...] = (
    "email", "mail", "upn", "user_principal_name", "username", "slack_user_id", "report_hash",
)
"""Other columns a platform export may name a person by (an e-mail, a UPN, a Slack id)."""
TRUE_WORDS = frozenset({"true", "yes", "y", "1"})
LIMIT = 20
"""Findings of one code shown per file; the rest are counted in one more finding."""

_FLOAT_ID = re.compile(r"-?\d+\.0+")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalize_id(text: str) -> str:
    """One spelling per person: blanks trimmed, `10522.0` as `10522`, e-mails in lower case.

    Exports write integer ids as floats and e-mails in any case; `sql/` does the same in SQL.
    """
    text = text.strip()
    if _FLOAT_ID.fullmatch(text):
        return text.split(".")[0]
    return text.lower() if "@" in text else text


def normalize_name(header: str) -> str:
    """A column header as a name a playbook can write: `Job Family` -> `job_family`."""
    return _NOT_WORD.sub("_", header.strip().lower()).strip("_")


def parse_day(text: str) -> dt.date | None:
    """`2014-05-02`, `2014-05-02 11:02:39` or `2014-05-02T11:02:39Z` as a day; None if not one."""
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


# ------------------------------------------------------------------------------------ reading


@attrs.frozen(eq=False)
class Directory:
    """Every person of the directory, in file order, and their attributes as text columns."""

    path: str
    id_column: str  # the header as written
    ids: tuple[str, ...]  # normalized
    lines: tuple[int, ...]  # each person's line in the file
    headers: Mapping[str, str]  # normalized name -> header as written
    columns: Mapping[str, np.ndarray]  # normalized name -> one str per person
    text_lines: tuple[str, ...] = ()  # the file's lines, to point at a cell

    def __len__(self) -> int:
        return len(self.ids)

    def cell_span(self, line: int, column: str) -> m.Span:
        """Where a person's cell of `column` (a normalized name) is in the file."""
        text = self.text_lines[line - 1] if 0 < line <= len(self.text_lines) else ""
        return cell_span(self.path, line, text, list(self.columns).index(column))

    def column(self, name: str) -> np.ndarray:
        return self.columns[name]

    def index(self) -> dict[str, int]:
        """Person id -> position."""
        return {person: i for i, person in enumerate(self.ids)}

    def keys(self) -> dict[str, int]:
        """Every name an export may use for a person (id, e-mail, UPN...) -> position.

        A key two people share is left out, so it can never map activity to the wrong person.
        """
        found: dict[str, int] = {}
        shared: set[str] = set()
        names = [self.id_column_name, *(c for c in KEY_COLUMNS if c in self.columns)]
        for name in dict.fromkeys(names):
            for i, value in enumerate(self.columns[name].tolist()):
                key = normalize_id(value).lower()
                if not key:
                    continue
                if found.setdefault(key, i) != i:
                    shared.add(key)
        return {k: v for k, v in found.items() if k not in shared}

    @property
    def id_column_name(self) -> str:
        return normalize_name(self.id_column)

    def manager_column(self, named: str | None = None) -> str | None:
        """The column holding each person's manager: as named, else a usual name, else None."""
        if named is not None:
            return normalize_name(named)
        return next((c for c in MANAGER_COLUMNS if c in self.columns), None)


@attrs.frozen
class ReadDirectory:
    """A directory (None when it cannot be used), its text for the renderer, and the findings."""

    directory: Directory | None
    sources: dict[str, str]
    diagnostics: tuple[Diagnostic, ...]


def read_directory(path: Path, id_column: str | None = None) -> ReadDirectory:
    """Read a people directory CSV; BOM, CRLF line ends and float ids are fine.

    Raises FileNotFoundError when `path` does not exist (a usage error, not a finding).
    """

    shown = display_path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no such people directory: {path}")
    try:
        data = read_user_file(path, path.parent)
    except OSError as error:
        return ReadDirectory(None, {shown: ""}, (unreadable(shown, error, code=UNREADABLE_INPUT),))
    text, problems = decode(data, shown)
    if problems:
        found = [attrs.evolve(d, code=UNREADABLE_INPUT,
                              message=d.message.replace("a playbook", "a people directory"),
                              hint="save the people directory as UTF-8 CSV") for d in problems]
        return ReadDirectory(None, {shown: text}, tuple(found))

    text = standard(text)  # `;` and decimal commas, as European spreadsheets save CSV
    reader = _DirectoryReader(shown, text, id_column)
    directory = reader.read()
    return ReadDirectory(directory, {shown: text}, tuple(reader.diagnostics))


class _DirectoryReader:
    def __init__(self, path: str, text: str, id_column: str | None):
        self.path = path
        self.lines = text.split("\n")
        self.id_column = id_column
        self.diagnostics: list[Diagnostic] = []
        self._counts: dict[str, int] = {}

    def report(self, code: str, line: int, column: int, message: str, hint: str | None = None,
               severity: str = "error") -> None:
        """A finding at a cell; past LIMIT of one code, only counted."""
        count = self._counts[code] = self._counts.get(code, 0) + 1
        if count <= LIMIT:
            self.diagnostics.append(
                Diagnostic(code, message, self.cell_span(line, column), severity, hint))

    def cell_span(self, line: int, column: int) -> m.Span:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return cell_span(self.path, line, text, column)

    def read(self) -> Directory | None:
        header = self._header()
        if header is None:
            self.diagnostics.append(Diagnostic(
                EMPTY_INPUT, "this people directory is empty", m.Span(self.path, 1, 1, 1, 1),
                hint="a directory has a header, e.g. person_id,department,country, and a row "
                     "per person"))
            return None
        header_line, header_row = header
        headers = self._headers(header_line, header_row)
        id_name = self._id_name(header_line, header_row, headers)
        if id_name is None:
            return None
        id_index = list(headers).index(id_name)
        rows = _split_plainly(self.lines, header_line, len(header_row))
        if rows is None and header_line == 1:  # a quote after the header, or unequal lines
            rows = _read_with_duckdb(self.lines, len(header_row))
        if rows is None:  # rows over several lines, or a cell DuckDB reads otherwise
            rows = self._read_in_python(header_line, len(header_row))
        return self._people(header_row, headers, id_index, rows)

    def _header(self) -> tuple[int, list[str]] | None:
        """The first row with a cell that is not blank, and its line."""
        for line, row in self._records():
            return line, row
        return None

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        """Every row that has a cell not blank, with its line (as csv numbers them)."""
        for i, row in enumerate(csv.reader(self.lines)):
            if row and any(cell.strip() for cell in row):
                yield i + 1, row

    def _read_in_python(self, header_line: int, width: int) -> _Rows:
        """The rows after the header, by Python's csv module: the reference, for the files
        DuckDB's reader would read otherwise."""
        found = _Rows.collect()
        for line, row in self._records():
            if line <= header_line:
                continue
            if len(row) != width:
                found.misfits.append((line, len(row)))
            else:
                found.lines.append(line)
                found.cells.append([cell.strip() for cell in row])
        return found.done(width)

    def _headers(self, line: int, header: list[str]) -> dict[str, str]:
        names: dict[str, str] = {}
        for index, cell in enumerate(header):
            name = normalize_name(cell)
            if not name:
                name = f"column_{index + 1}"
                self.report(BAD_COLUMN, line, index, f"column {index + 1} of the header has no name",
                            "name every column, or remove the empty one")
            elif name in names:
                self.report(BAD_COLUMN, line, index,
                            f"column '{cell.strip()}' appears twice in the header",
                            f"the first is '{names[name]}'")
                name = f"{name}_{index + 1}"
            names[name] = cell.strip()
        return names

    def _id_name(self, line: int, header: list[str], headers: dict[str, str]) -> str | None:
        if self.id_column is not None:
            wanted = normalize_name(self.id_column)
            if wanted in headers:
                return wanted
            hint = did_you_mean(wanted, headers) or "the columns: " + ", ".join(headers.values())
            self._missing(line, header, f"expected the id column '{self.id_column}'", hint)
            return None
        found = next((name for name in ID_COLUMNS if name in headers), None)
        if found is None:
            self._missing(
                line, header, "expected a person id column: " + ", ".join(ID_COLUMNS[:4]) + "...",
                'name the id column person_id, or set `id = "..."` under [people] in the mapping')
        return found

    def _missing(self, line: int, header: list[str], message: str, hint: str) -> None:
        end = len(self.lines[line - 1]) + 1
        self.diagnostics.append(Diagnostic(BAD_COLUMN, message + " in the header",
                                           m.Span(self.path, line, 1, line, end), hint=hint))

    def _people(self, header: list[str], headers: dict[str, str], id_index: int,
                rows: _Rows) -> Directory | None:
        """The people of the rows read: a row of a wrong width, an empty or a repeated id is a
        finding at its cell, in the order of the lines; every one is an error, so a directory
        returned has every row read."""
        id_header = header[id_index].strip()
        people = normalize_ids(rows.columns[id_index]) if rows.columns else []
        distinct = set(people)
        if rows.misfits or len(distinct) < len(people) or "" in distinct:
            self._row_findings(len(header), id_index, id_header, rows, people)
        self._summarize()
        if any(d.severity == "error" for d in self.diagnostics):
            return None
        columns = {name: rows.columns[i] if rows.columns else np.zeros(0, dtype=str)
                   for i, name in enumerate(headers)}
        return Directory(self.path, id_header, tuple(people), tuple(rows.lines), headers,
                         columns, tuple(self.lines))

    def _row_findings(self, width: int, id_index: int, id_header: str, rows: _Rows,
                      people: list[str]) -> None:
        """A row of a wrong width, an empty or a repeated id, reported in the order of lines."""
        first: dict[str, int] = {}
        problems: list[tuple[int, int, str, int, str, str | None]] = [
            (line, 0, BAD_COLUMN, min(count, width),
             f"expected {width} cells as in the header, got {count}", None)
            for line, count in rows.misfits]
        for line, person in zip(rows.lines, people):
            if not person:
                empty = f"expected a person id in column '{id_header}', got an empty cell"
                problems.append((line, 1, BAD_VALUE, id_index, empty, None))
            elif person in first:
                problems.append((line, 1, PERSON_TWICE, id_index,
                                 f"person '{person}' appears twice in the people directory",
                                 f"first on line {first[person]}; only that row is used"))
            else:
                first[person] = line
        for line, _, code, column, message, hint in sorted(problems):
            self.report(code, line, column, message, hint)

    def _summarize(self) -> None:
        for code, count in sorted(self._counts.items()):
            if count > LIMIT:
                last = max(i for i, d in enumerate(self.diagnostics) if d.code == code)
                d = self.diagnostics[last]
                self.diagnostics[last] = attrs.evolve(
                    d, message=f"{d.message} (and {count - LIMIT} more like this in this file)")


@attrs.define
class _Rows:
    """The rows of a directory after its header: each well-formed row's line and cells (a
    column of stripped texts each), and the lines of rows of another width with their count."""

    lines: list[int]
    cells: list[list[str]]
    misfits: list[tuple[int, int]]
    columns: list[np.ndarray] = attrs.field(factory=list)

    @classmethod
    def collect(cls) -> _Rows:
        return cls([], [], [])

    def done(self, width: int) -> _Rows:
        """The cells as columns (rows kept whole, blank ones left out as csv's reader does)."""
        self.columns = [np.array([r[i] for r in self.cells], dtype=str) if self.cells
                        else np.zeros(0, dtype=str) for i in range(width)]
        self.cells = []
        return self


def _read_with_duckdb(lines: list[str], width: int) -> _Rows | None:
    """The rows after a one-line header, read by DuckDB's CSV reader; None when the file is one
    it may read otherwise than Python's csv module (a row over several lines, a quote DuckDB
    takes differently), so the caller reads it in Python and every finding stays the same.

    Only the few rows DuckDB rejects, and the lines holding a quote, are read again in Python:
    to count a misfit's cells, and to check DuckDB read the quoted cells as csv does.
    """
    import tempfile

    import duckdb  # start-up: loads duckdb only when a directory is read

    expected = [k + 1 for k, line in enumerate(lines) if k and line]
    if not expected:
        return _Rows.collect().done(width)
    folder = tempfile.mkdtemp(prefix="adoptplan-people-")
    path = Path(folder) / "people.csv"
    try:
        path.write_text("\n".join(lines), encoding="utf-8")
        con = duckdb.connect(config={"threads": 1})
        try:
            names = [f"c{i}" for i in range(width)]
            types = ", ".join(f"'{n}': 'VARCHAR'" for n in names)
            cells = con.execute(
                f"SELECT {', '.join(f'COALESCE({n}, {_EMPTY}) AS {n}' for n in names)} FROM read_csv("
                f"'{_sql_text(str(path))}', header = false, auto_detect = false, skip = 1, "
                f"columns = {{{types}}}, delim = ',', quote = '\"', escape = '\"', "
                "new_line = '\\n', null_padding = false, store_rejects = true)").fetchnumpy()
            rejected = sorted({int(r[0]) for r in con.execute(
                "SELECT line FROM reject_errors").fetchall()})
        finally:
            con.close()
    except (duckdb.Error, OSError):  # the reference reads it instead
        return None
    finally:
        path.unlink(missing_ok=True)
        Path(folder).rmdir()
    columns = [_stripped(np.array(cells[n], dtype=str)) for n in names]
    return _checked(lines, width, expected, rejected, columns)


_EMPTY = "''"


def _stripped(texts: np.ndarray) -> np.ndarray:
    """Each text stripped as str.strip does, in an array as narrow as csv's reading gives."""
    stripped = np.strings.strip(texts)
    width = int(np.strings.str_len(stripped).max()) if len(stripped) else 0
    return stripped.astype(f"<U{max(width, 1)}")


def _sql_text(text: str) -> str:
    return text.replace("'", "''")


def _checked(lines: list[str], width: int, expected: list[int], rejected: list[int],
             columns: list[np.ndarray]) -> _Rows | None:
    """DuckDB's rows as csv would read them: each nonblank line one row (else None), rejected
    lines of another width as misfits, blank rows left out; None on any other difference."""
    count = len(columns[0]) if columns else 0
    if count + len(rejected) != len(expected):
        return None  # a quoted cell over several lines, or a line DuckDB skipped
    found = _Rows.collect()
    for line in rejected:
        if not 0 < line <= len(lines):
            return None
        row = next(csv.reader([lines[line - 1]]), [])
        if not any(cell.strip() for cell in row):
            continue  # a line of blanks: no row for csv either
        if len(row) == width:
            return None
        found.misfits.append((line, len(row)))
    skipped = set(rejected)
    numbers = [line for line in expected if line not in skipped]
    if len(numbers) != count:
        return None
    for k, line in enumerate(numbers):
        text = lines[line - 1]
        if '"' in text:
            row = next(csv.reader([text]))
            if [cell.strip() for cell in row] != [str(column[k]) for column in columns]:
                return None
        elif text.count(",") != width - 1:
            return None  # DuckDB takes a comma at the end of a line as no cell, csv as one
    return _nonblank(found, numbers, columns)


def _split_plainly(lines: list[str], header_line: int, width: int) -> _Rows | None:
    """The rows after the header, each line split at its commas; None when a line after the
    header holds a quote (or numpy before 2.3, or lines so unequal that an array of them would
    be mostly padding: then DuckDB reads).

    Without quotes (and decode leaves no CR or NUL), csv's reader splits a line at its commas
    and nowhere else, so splitting gives its rows exactly and every finding stays the same. The
    lines are cut into columns by numpy, with no Python object per cell.
    """
    end = len(lines)
    while end > header_line and not lines[end - 1]:
        end -= 1  # the empty lines at the end: no row for csv, and no misfit
    body = lines[header_line:end]
    joined = "\n".join(body)
    longest = max(map(len, body), default=0)
    if '"' in joined or not hasattr(np.strings, "slice") or \
            longest * len(body) > 4 * len(joined) + (1 << 16):
        return None
    texts = np.array(body, dtype=str)
    numbers = np.arange(header_line + 1, end + 1)
    found = _Rows.collect()
    odd = np.flatnonzero(np.strings.count(texts, ",") != width - 1)
    for k in odd.tolist():
        row = body[k].split(",")
        if any(cell.strip() for cell in row):  # else a line of blanks: no row for csv either
            found.misfits.append((int(numbers[k]), len(row)))
    if len(odd):
        regular = np.ones(len(body), dtype=bool)
        regular[odd] = False
        texts, numbers = texts[regular], numbers[regular]
    columns = []
    start = np.zeros(len(texts), dtype=np.int64)
    for index in range(width):
        last = index == width - 1
        stop = np.strings.str_len(texts) if last else np.strings.find(texts, ",", start)
        widest = max(int(np.max(stop - start, initial=0)), 1)
        cells = np.strings.slice(texts, start, stop).astype(f"<U{widest}")  # not as the lines
        columns.append(_stripped(cells))
        start = stop + 1
    return _nonblank(found, numbers, columns)


def _nonblank(found: _Rows, numbers: Sequence[int] | np.ndarray,
              columns: list[np.ndarray]) -> _Rows:
    """`found` with the rows of `columns` (read from lines `numbers`) that have a cell not
    blank, as csv's reading keeps them."""
    blank = np.ones(len(numbers), dtype=bool)
    for column in columns:
        blank &= column == ""
    keep = ~blank
    found.lines = np.array(numbers, dtype=np.int64)[keep].tolist()
    found.columns = [column[keep] for column in columns]
    return found


def normalize_ids(cells: np.ndarray) -> list[str]:
    """normalize_id of every cell of a column of stripped texts, at numpy's speed: only cells
    with an `@` or a `.` can change."""
    found = cells.tolist()
    changing = (np.strings.find(cells, "@") >= 0) | (np.strings.find(cells, ".") >= 0)
    for k in np.flatnonzero(changing).tolist():
        found[k] = normalize_id(found[k])
    return found


def cell_span(path: str, line: int, text: str, column: int) -> m.Span:
    """The characters of cell `column` (0-based) on a CSV line, quotes aware; past the end if
    the line has fewer cells."""
    index, start, quoted = 0, 0, False
    for position, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            if index == column:
                return m.Span(path, line, start + 1, line, max(position + 1, start + 2))
            index, start = index + 1, position + 1
    end = len(text) + 1
    if index == column:
        return m.Span(path, line, start + 1, line, max(end, start + 2))
    return m.Span(path, line, end, line, end + 1)


# ---------------------------------------------------------------------------------- matching


class MatchError(Exception):
    """A `match` that cannot be evaluated on this directory; carries the finding."""

    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        super().__init__(diagnostic.message)


@attrs.frozen(eq=False)
class _Value:
    """An operand for every person at once: text (with the numbers it reads as) or numbers."""

    numbers: np.ndarray | None  # None: an attribute's, read as numbers only if compared so
    texts: np.ndarray | None = None  # None: a number, compared as a number only
    source: m.Expr | None = None  # the attribute or literal it came from, for hints


_ORDER: dict[str, Callable] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "==": operator.eq, "!=": operator.ne,
}
_ARITHMETIC: dict[str, Callable] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
}


def each_distinct(texts: np.ndarray, convert: Callable[[str], object],
                  dtype: type = float) -> np.ndarray:
    """`convert` of each text, called once per distinct text: a directory's column has many
    people and few values (departments, countries, days)."""
    if not len(texts):
        return np.zeros(0, dtype=dtype)
    distinct, inverse = np.unique(texts, return_inverse=True)
    return np.array([convert(t) for t in distinct.tolist()], dtype=dtype)[inverse]


def as_numbers(texts: np.ndarray) -> np.ndarray:
    """Each text as a float, NaN where it is not a number."""
    return each_distinct(texts, _number)


def _number(text: str) -> float:
    try:
        value = float(text.rstrip("%")) if text else float("nan")
    except ValueError:
        return float("nan")
    return value if np.isfinite(value) else float("nan")


class Matcher:
    """Evaluates `match` conditions over a directory; warns about values no one has."""

    def __init__(self, directory: Directory):
        self.directory = directory
        self.size = len(directory)
        self.warnings: list[Diagnostic] = []
        self._numbers: dict[str, np.ndarray] = {}

    def evaluate(self, expr: m.Expr) -> np.ndarray:
        """Who meets the condition: one bool per person. Raises MatchError."""
        return self._condition(expr)

    def _condition(self, expr: m.Expr) -> np.ndarray:
        if isinstance(expr, m.Logical):
            left, right = self._condition(expr.left), self._condition(expr.right)
            return left & right if expr.op == "and" else left | right
        if isinstance(expr, m.Not):
            return ~self._condition(expr.operand)
        if isinstance(expr, m.Compare):
            return self._compare(expr.op, self._value(expr.left), self._value(expr.right))
        if isinstance(expr, m.Membership):
            return self._membership(expr)
        if isinstance(expr, m.Ref):  # a Yes/No or True/False column used as a condition
            return np.isin(np.char.lower(self._attribute(expr)), list(TRUE_WORDS))
        raise MatchError(Diagnostic(
            BAD_MATCH, "a match must be a condition on directory attributes", expr.span,
            hint='compare an attribute, e.g. department == "Sales"'))

    def _membership(self, expr: m.Membership) -> np.ndarray:
        operand = self._value(expr.operand)
        found = np.zeros(self.size, dtype=bool)
        for item in expr.items:
            found |= self._compare("==", operand, self._value(item))
        return ~found if expr.negated else found

    def _value(self, expr: m.Expr) -> _Value:
        if isinstance(expr, m.Ref):
            return _Value(None, self._attribute(expr), expr)
        if isinstance(expr, m.String):
            value = expr.value
            return _Value(np.full(self.size, _number(value)), np.full(self.size, value), expr)
        if isinstance(expr, m.Quantity):
            return _Value(np.full(self.size, float(expr.amount)), None, expr)
        if isinstance(expr, m.Negative):
            return _Value(-self._numbers_in(self._value(expr.operand)))
        if isinstance(expr, m.Arithmetic):
            left = self._numbers_in(self._value(expr.left))
            right = self._numbers_in(self._value(expr.right))
            with np.errstate(all="ignore"):
                result = _ARITHMETIC[expr.op](left, right)
            return _Value(np.where(np.isfinite(result), result, np.nan))
        if isinstance(expr, m.Call):
            raise MatchError(Diagnostic(
                BAD_MATCH, f"{expr.function}() cannot be used in a match: people are matched on "
                "the attributes of the directory, not on metrics", expr.span,
                hint="history functions belong in the `when` of rules and barriers"))
        raise MatchError(Diagnostic(
            BAD_MATCH, "a condition cannot be used as a value in a match", expr.span,
            hint="compare attributes with values: department == \"Sales\""))

    def _attribute(self, ref: m.Ref) -> np.ndarray:
        name = normalize_name(ref.name)
        if name not in self.directory.columns:
            columns = sorted(self.directory.columns)
            hint = did_you_mean(name, columns) or "the directory has: " + ", ".join(columns)
            raise MatchError(Diagnostic(
                MISSING_MATCH_COLUMN, f"the people directory {self.directory.path} has no column "
                f"'{ref.name}'", ref.span, hint=hint))
        return self.directory.columns[name]

    def _numbers_in(self, value: _Value) -> np.ndarray:
        """A value as numbers: an attribute's are read once, when first compared as numbers."""
        return self._numbers_of(value.source) if value.numbers is None else value.numbers

    def _numbers_of(self, ref: m.Ref) -> np.ndarray:
        name = normalize_name(ref.name)
        if name not in self._numbers:
            self._numbers[name] = as_numbers(self._attribute(ref))
        return self._numbers[name]

    def _compare(self, op: str, left: _Value, right: _Value) -> np.ndarray:
        """Numbers as numbers; two texts as numbers where both read as one, else as text."""
        self._check_known(op, left, right)
        self._check_known(op, right, left)
        if left.texts is not None and right.texts is not None and \
                (_never_a_number(left) or _never_a_number(right)):
            return _ORDER[op](left.texts, right.texts)  # no pair reads as two numbers
        left_numbers, right_numbers = self._numbers_in(left), self._numbers_in(right)
        with np.errstate(invalid="ignore"):
            numeric = _ORDER[op](left_numbers, right_numbers)
        if left.texts is None or right.texts is None:
            return numeric
        both = ~np.isnan(left_numbers) & ~np.isnan(right_numbers)
        return np.where(both, numeric, _ORDER[op](left.texts, right.texts))

    def _check_known(self, op: str, attribute: _Value, literal: _Value) -> None:
        """`department == "Custmer Service"` matching no one is most likely a typo."""
        if op not in ("==", "!=") or not isinstance(attribute.source, m.Ref):
            return
        if not isinstance(literal.source, (m.String, m.Quantity)) or not self.size:
            return
        if isinstance(literal.source, m.String):
            if np.any(attribute.texts == literal.source.value):
                return
        elif np.any(self._numbers_in(attribute) == literal.source.amount):
            return
        values = sorted(set(attribute.texts.tolist()) - {""})
        written = literal.source.value if isinstance(literal.source, m.String) else \
            f"{literal.source.amount:g}"
        hint = did_you_mean(written, values)
        if hint is None:
            shown = ", ".join(f'"{v}"' for v in values[:8]) + (", ..." if len(values) > 8 else "")
            hint = f"its values: {shown}" if values else "the column is empty"
        self.warnings.append(Diagnostic(
            VALUE_NO_ONE_HAS, f"no one in the people directory has {attribute.source.name} == "
            f"{_literal_text(literal.source)}", literal.source.span, WARNING, hint))


def _never_a_number(value: _Value) -> bool:
    """A text written in the playbook that does not read as a number (`"Sales"`): compared
    with an attribute, it compares as text for every person."""
    return isinstance(value.source, m.String) and np.isnan(_number(value.source.value))


def _literal_text(expr: m.Expr) -> str:
    # start-up: loads lark only when this runs
    from adoptplan.fmt import format_expr

    return format_expr(expr)


# ------------------------------------------------------------------------------ segmentation


@attrs.frozen(eq=False)
class Segmentation:
    """Which segment each person of the directory is in.

    `segment_of[i]` indexes `segments`; NO_SEGMENT when the person matches none, SEVERAL when
    the person matches more than one (an error, reported).
    """

    segments: tuple[str, ...]  # segments with a `match`, in the playbook's order
    segment_of: np.ndarray
    several: Mapping[tuple[str, ...], tuple[str, ...]]  # segments -> ids of people in all of them
    diagnostics: tuple[Diagnostic, ...]

    NO_SEGMENT = -1
    SEVERAL = -2

    def members(self, segment: str) -> np.ndarray:
        """Positions of the people in `segment`."""
        return np.flatnonzero(self.segment_of == self.segments.index(segment))

    def counts(self) -> dict[str, int]:
        return {s: int(np.sum(self.segment_of == i)) for i, s in enumerate(self.segments)}

    def unmatched(self) -> int:
        return int(np.sum(self.segment_of == self.NO_SEGMENT))


def segment_people(directory: Directory, segments: Sequence[m.Segment]) -> Segmentation:
    """Evaluate every segment's `match` on the directory.

    Findings: a segment without `match` gets no one (warning), a `match` on an attribute the
    directory lacks (error), people in several segments (error: the playbook must say which
    segment wins by excluding the other's condition), and no one in any segment (error).
    """
    matcher = Matcher(directory)
    found: list[Diagnostic] = []
    names: list[str] = []
    masks: list[np.ndarray] = []
    matches: dict[str, m.Expr] = {}
    for segment in segments:
        if segment.match is None:
            found.append(Diagnostic(
                NO_MATCH, f"segment '{segment.name.text}' has no `match`, so no one from the "
                "people directory is put in it", segment.name.span, WARNING,
                hint='add a condition on the directory\'s columns, e.g. match department == '
                     '"Sales"'))
            continue
        try:
            mask = matcher.evaluate(segment.match)
        except MatchError as error:
            found.append(error.diagnostic)
            continue
        names.append(segment.name.text)
        masks.append(mask)
        matches[segment.name.text] = segment.match
    found.extend(matcher.warnings)
    size = len(directory)
    stacked = np.vstack(masks) if masks else np.zeros((0, size), dtype=bool)
    hits = stacked.sum(axis=0) if masks else np.zeros(size, dtype=int)
    segment_of = np.where(hits == 1, np.argmax(stacked, axis=0) if masks else -1,
                          np.where(hits == 0, Segmentation.NO_SEGMENT, Segmentation.SEVERAL))
    several = _several(directory, names, stacked, hits)
    found.extend(_overlap_findings(several, matches, segments))
    if masks and not np.any(hits >= 1) and not any(d.severity == "error" for d in found):
        found.append(Diagnostic(
            NO_ONE_IN_SEGMENTS, f"no one in the people directory {directory.path} matches a segment",
            segments[0].span if segments else m.Span(directory.path, 1, 1, 1, 1),
            hint="compare each segment's match with the values of the directory's columns"))
    return Segmentation(tuple(names), segment_of.astype(np.int64), several, tuple(found))


def _several(directory: Directory, names: list[str], stacked: np.ndarray,
             hits: np.ndarray) -> dict[tuple[str, ...], tuple[str, ...]]:
    groups: dict[tuple[str, ...], list[str]] = {}
    for i in np.flatnonzero(hits > 1).tolist():
        key = tuple(names[k] for k in np.flatnonzero(stacked[:, i]).tolist())
        groups.setdefault(key, []).append(directory.ids[i])
    return {key: tuple(sorted(ids)) for key, ids in sorted(groups.items())}


def _overlap_findings(several: Mapping[tuple[str, ...], tuple[str, ...]],
                      matches: Mapping[str, m.Expr], segments: Sequence[m.Segment]
                      ) -> Iterator[Diagnostic]:
    if not several:  # the usual case: fmt (and lark) not loaded for nothing
        return
    # start-up: loads lark only when this runs
    from adoptplan.fmt import format_expr

    by_name = {s.name.text: s for s in segments}
    for names, ids in several.items():
        later = by_name[names[-1]]
        examples = ", ".join(ids[:3]) + (", ..." if len(ids) > 3 else "")
        people = "person matches" if len(ids) == 1 else "people match"
        quoted = ", ".join(f"'{n}'" for n in names)
        first = names[0]
        yield Diagnostic(
            SEVERAL_SEGMENTS, f"{len(ids)} {people} several segments: {quoted} ({examples})",
            later.match.span if later.match is not None else later.span,
            hint=f"say which segment wins: to keep them in '{first}', add `and not "
                 f"({format_expr(matches[first])})` to the match of '{names[-1]}'")
