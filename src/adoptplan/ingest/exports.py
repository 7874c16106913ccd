"""`metrics import`: per-user exports of Viva Engage, Teams and Slack into snapshot rows.

Columns are found by header name, never by position, so the admin centre's labels, the Graph
API's headers and older files with fewer columns all work. Each file covers one report period
(its Report Refresh Date and Report Period, or for Slack the dates in its file name); several
files for consecutive periods make a history.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import attrs
import numpy as np

from adoptplan import model as m
from adoptplan.codes.ingest import (
    BAD_COLUMN,
    BAD_VALUE,
    CONCEALED_NAMES,
    EMPTY_INPUT,
    GIVEN_TWICE,
    NO_PERIOD,
    PERIOD_MISFIT,
    UNREADABLE_INPUT,
    WRONG_EXPORT,
)
from adoptplan.csv_dialect import standard
from adoptplan.diagnostics import WARNING, Diagnostic, InputError, did_you_mean
from adoptplan.files import decode, display_path, read_user_file, unreadable
from adoptplan.ingest import calendar as cal
from adoptplan.ingest.people import TRUE_WORDS, cell_span, normalize_id, normalize_name
from adoptplan.ingest.quality import InputFile, PartialPeriod, Quality, add_row_quality
from adoptplan.ingest.rows import Row
from adoptplan.ingest.setup import Setup, day_number, resolve, snapshot_period
from adoptplan.ingest.snapshots import Ingested
from adoptplan.ingest.tally import Activity, tally
from adoptplan.periods import ordinal as calendar_ordinal

PLATFORMS: tuple[str, ...] = ("viva-engage", "teams", "slack")
DEVICE_DIMENSIONS = ("device", "device_class")
EARLIEST, LATEST = dt.date(2, 1, 1), dt.date(9999, 11, 30)
"""The report days an export may end on: a period a year long around it stays in the calendar
Python counts in (years 1 to 9999)."""
"""The names a playbook may break segments down by for the devices an export reports."""
FALSE_WORDS = frozenset({"false", "no", "n", "0"})
_CONCEALED = re.compile(r"[0-9A-Fa-f]{32}")
_SLACK_PRIOR = re.compile(r"Prior (\d+) Days? - ([A-Z][a-z]{2} \d{1,2}, \d{4})")
_SLACK_RANGE = re.compile(r"([A-Z][a-z]{2} \d{1,2}, \d{4}) - ([A-Z][a-z]{2} \d{1,2}, \d{4})")
CONCEALED_HINT = (
    "turn concealment off and export again: Microsoft 365 admin centre > Settings > Org "
    "settings > Services > Reports, clear 'Display concealed user, group, and site names in "
    "all reports' (Graph: adminReportSettings.displayConcealedNames = false); or map the "
    "hashes: add a column report_hash to the people directory holding each person's hash")


@attrs.frozen
class Kind:
    """A kind of per-user export: its platform, its user column and the columns it reads."""

    name: str
    platform: str
    user: tuple[str, ...]  # normalized header names of the user column, tried in order
    fields: dict[str, tuple[str, ...]]  # field -> normalized header names (Graph, admin centre)
    signature: tuple[str, ...]  # fields that tell this kind apart

    def column(self, field: str, header: dict[str, int]) -> int | None:
        return next((header[n] for n in self.fields.get(field, ()) if n in header), None)

    def user_column(self, header: dict[str, int]) -> int | None:
        return next((header[n] for n in self.user if n in header), None)

    def user_columns(self, header: dict[str, int]) -> list[int]:
        """Every column that may name the user (Slack: user id, e-mail, username), in order."""
        return [header[n] for n in self.user if n in header]

    def recognizes(self, header: dict[str, int]) -> bool:
        return all(self.column(f, header) is not None for f in self.signature)


_GRAPH_PERIOD = {"refresh": ("report_refresh_date",), "days": ("report_period",)}
_VIVA_USER = ("user_principal_name", "username")
KINDS: tuple[Kind, ...] = (
    Kind("Viva Engage activity user detail", "viva-engage", _VIVA_USER, {
        **_GRAPH_PERIOD,
        "state": ("user_state",),
        "last_activity": ("last_activity_date", "last_activity_date_utc"),
        "posts": ("posted_count", "posted"),
        "reads": ("read_count", "read"),
        "likes": ("liked_count", "liked"),
    }, ("posts", "reads", "likes")),
    Kind("Viva Engage device usage user detail", "viva-engage", _VIVA_USER, {
        **_GRAPH_PERIOD,
        "state": ("user_state",),
        "last_activity": ("last_activity_date", "last_activity_date_utc"),
        "computer": ("used_web", "web"),
        "phone:windows": ("used_windows_phone", "windows_phone"),
        "phone:android": ("used_android_phone", "android_phone"),
        "phone:iphone": ("used_iphone", "iphone"),
        "tablet": ("used_ipad", "ipad"),
        "other": ("used_others", "others", "other"),
    }, ("computer", "phone:iphone")),
    Kind("Teams user activity user detail", "teams", ("user_principal_name",), {
        **_GRAPH_PERIOD,
        "deleted": ("is_deleted",),
        "last_activity": ("last_activity_date",),
        "posts:post": ("post_messages",),
        "posts:reply": ("reply_messages",),
        "chat_messages:team": ("team_chat_message_count",),
        "chat_messages:private": ("private_chat_message_count",),
        "calls": ("call_count",),
        "meetings": ("meeting_count",),
    }, ("chat_messages:team",)),
    Kind("Slack member analytics", "slack", ("user_id", "email", "username"), {
        "deactivated": ("deactivated_date_utc",),
        "days_active": ("days_active",),
        "computer": ("days_active_desktop",),
        "phone:android": ("days_active_android",),
        "phone:ios": ("days_active_ios",),
        "posts": ("messages_posted",),
        "likes": ("reactions_added",),
        "files_shared": ("files_uploaded",),
    }, ("days_active", "posts")),
)
NOT_PER_USER: dict[str, str] = {
    "group_display_name": "the groups activity report",
    "report_date": "the activity user counts report",
}
"""Exports of totals, not of people: import needs the per-user detail reports."""
DEVICE_FIELDS = ("computer", "phone", "tablet", "other")
LARGEST_COUNT = 2 ** 53
"""Beyond this a count is not even held exactly (1e400 not at all): not a count, an error."""
PER_SECOND = 86_400
"""A count above one a second of the report's days looks wrong (listed in the quality report)."""


# ------------------------------------------------------------------------------------ a file


@attrs.frozen
class Export:
    """One export file read: its kind, report window and each row's user and values."""

    path: str
    kind: Kind
    end: dt.date
    days: int
    users: list[tuple[int, tuple[str, ...]]]  # (line, the names it gives the user, in order)
    values: dict[str, np.ndarray]  # field (summed over its parts) -> one value per row
    active: np.ndarray  # bool per row
    devices: dict[str, np.ndarray]  # device class -> bool per row
    rows: int
    skipped: tuple[tuple[str, int], ...]
    empty_counts: int
    too_large: tuple[str, ...] = ()  # the cells of counts above one a second: "file:line column"

    @property
    def start(self) -> dt.date:
        return self.end - dt.timedelta(days=self.days - 1)


class _ExportReader:
    """Reads one export: every problem is a positioned finding."""

    def __init__(self, path: Path, platform: str, report_end: dt.date | None,
                 report_days: int | None):
        self.path = path
        self.shown = display_path(path)
        self.platform = platform
        self.report_end = report_end
        self.report_days = report_days
        self.found: list[Diagnostic] = []
        self.lines: list[str] = []
        self.concealed: tuple[int, int, str, str] | None = None  # line, column, value, header
        self.too_large: list[str] = []

    def fail(self, code: str, line: int, column: int | None, message: str,
             hint: str | None = None) -> None:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        span = cell_span(self.shown, line, text, column) if column is not None else \
            m.Span(self.shown, line, 1, line, len(text) + 1)
        self.found.append(Diagnostic(code, message, span, hint=hint))

    def read(self) -> tuple[Export | None, str]:

        try:
            data = read_user_file(self.path, self.path.parent)
        except OSError as error:
            self.found.append(unreadable(self.shown, error, code=UNREADABLE_INPUT))
            return None, ""
        text, problems = decode(data, self.shown)
        if problems:
            self.found.extend(attrs.evolve(d, code=UNREADABLE_INPUT, message=d.message.replace(
                "a playbook", "an export"), hint="exports are UTF-8 CSV files") for d in problems)
            return None, text

        text = standard(text)  # `;` and decimal commas, as European spreadsheets save CSV
        self.lines = text.split("\n")
        records = [(number, row) for number, row in _records(text) if any(c.strip() for c in row)]
        if not records:
            self.found.append(Diagnostic(EMPTY_INPUT, "this export is empty",
                                         m.Span(self.shown, 1, 1, 1, 1)))
            return None, text
        (header_line, header_row), rows = records[0], records[1:]
        header = {normalize_name(cell): i for i, cell in reversed(list(enumerate(header_row)))}
        kind = self._kind(header_line, header)
        if kind is None:
            return None, text
        return self._export(kind, header_line, header_row, header, rows), text

    def _kind(self, line: int, header: dict[str, int]) -> Kind | None:
        for column, what in NOT_PER_USER.items():
            if column in header:
                self.fail(WRONG_EXPORT, line, None, f"this is {what}, not a per-user export",
                          "import reads the per-user detail reports: activity user detail, "
                          "device usage user detail, member analytics")
                return None
        mine = [k for k in KINDS if k.platform == self.platform]
        for kind in mine:
            if kind.recognizes(header) and kind.user_column(header) is not None:
                return kind
        other = next((k for k in KINDS if k.platform != self.platform and k.recognizes(header)),
                     None)
        if other is not None:
            self.fail(WRONG_EXPORT, line, None, f"this is a {other.name} export, not a "
                      f"{self.platform} one", f"import it with --from {other.platform}")
            return None
        closest = max(mine, key=lambda k: sum(k.column(f, header) is not None
                                              for f in k.fields))
        missing = [closest.fields[f][0] for f in closest.signature
                   if closest.column(f, header) is None]
        if closest.user_column(header) is None:
            missing.insert(0, closest.user[0])
        names = ", ".join(f"'{_title(n)}'" for n in missing)
        hint = next(filter(None, (did_you_mean(n, header) for n in missing)), None)
        self.fail(BAD_COLUMN, line, None, f"expected the column{'s' if len(missing) > 1 else ''} "
                  f"{names} of the {closest.name} in the header", hint or
                  f"export the per-user report of {self.platform}; columns are matched by name")
        return None

    def _export(self, kind: Kind, header_line: int, header_row: list[str],
                header: dict[str, int], rows: list[tuple[int, list[str]]]) -> Export | None:
        width = len(header_row)
        kept = []
        for line, row in rows:
            if len(row) != width:
                self.fail(BAD_COLUMN, line, min(len(row), width),
                          f"expected {width} cells as in the header, got {len(row)}")
            else:
                kept.append((line, row))
        user = kind.user_column(header)
        self.concealed = _concealed(header_row, user, kept)
        window = self._window(kind, header, header_row, kept)
        if window is None or self.found:
            return None
        end, days = window
        start = end - dt.timedelta(days=days - 1)
        values, empty = self._values(kind, header, header_row, kept, days)
        devices = {cls: np.zeros(len(kept), dtype=bool) for cls in DEVICE_FIELDS}
        for field in kind.fields:
            cls = field.split(":")[0]
            if cls in DEVICE_FIELDS and (index := kind.column(field, header)) is not None:
                devices[cls] |= self._flags(kept, index, header_row[index], kind.platform)
        last = self._dates(kind, header, header_row, kept, "last_activity")
        gone = self._gone(kind, header, header_row, kept, start)
        active = (last >= day_number(start)) & (last <= day_number(end))
        for name in ("posts", "reads", "likes", "days_active"):
            if name in values:
                active |= values[name] > 0
        for flags in devices.values():
            active |= flags
        if self.found:
            return None
        keep = ~gone
        names = kind.user_columns(header)
        users = [(line, tuple(row[i].strip() for i in names if row[i].strip()))
                 for (line, row), k in zip(kept, keep.tolist()) if k]
        skipped = {"unreadable row": len(rows) - len(kept), "deleted or deactivated":
                   int(gone.sum())}
        return Export(self.shown, kind, end, days, users,
                      {k: v[keep] for k, v in values.items()}, active[keep],
                      {k: v[keep] for k, v in devices.items() if v.any()}, len(rows),
                      tuple(sorted((k, v) for k, v in skipped.items() if v)), empty,
                      tuple(self.too_large))

    def _window(self, kind: Kind, header: dict[str, int], header_row: list[str],
                rows: list[tuple[int, list[str]]]) -> tuple[dt.date, int] | None:
        """The report's last day and length: from its columns, its file name, or the options."""
        end, days = self.report_end, self.report_days
        if kind.platform == "slack":
            found = _slack_window(self.path.name)
            if found is not None:
                end, days = end or found[0], days or found[1]
        else:
            refresh = kind.column("refresh", header)
            period = kind.column("days", header)
            if refresh is not None and rows and end is None:
                end = self._one_date(rows, refresh, header_row[refresh])
            if period is not None and rows and days is None:
                days = self._one_number(rows, period, header_row[period])
        if self.found:
            return None
        if end is None or days is None:
            what = "the dates in its file name (\"... Prior 30 Days - Apr 17, 2026.csv\")" \
                if kind.platform == "slack" else "the columns Report Refresh Date and Report Period"
            self.fail(NO_PERIOD, 1, None, f"cannot tell which period this export covers: it "
                      f"lacks {what}", "give the report's last day and length: "
                      "--report-end 2026-04-17 --report-days 30")
            return None
        if not EARLIEST <= end <= LATEST:
            self.fail(NO_PERIOD, 1, None, f"this export's report ends on {end}, outside the "
                      f"calendar adoptplan counts in ({EARLIEST} to {LATEST})",
                      "check --report-end and the Report Refresh Date column")
            return None
        return end, days

    def _one_date(self, rows: list[tuple[int, list[str]]], index: int, name: str
                  ) -> dt.date | None:
        texts = sorted({row[index].strip() for _, row in rows} - {""})
        if len(texts) != 1 or _date(texts[0]) is None:
            line = next((ln for ln, row in rows if row[index].strip() != (texts or [""])[0]),
                        rows[0][0]) if len(texts) > 1 else rows[0][0]
            self.fail(NO_PERIOD, line, index, f"expected one report date like 2022-11-09 in "
                      f"column '{name}', got {', '.join(texts[:3]) or 'none'}",
                      "export one report per file")
            return None
        return _date(texts[0])

    def _one_number(self, rows: list[tuple[int, list[str]]], index: int, name: str
                    ) -> int | None:
        texts = sorted({row[index].strip() for _, row in rows} - {""})
        if len(texts) != 1 or not texts[0].isdigit() or int(texts[0]) < 1:
            self.fail(NO_PERIOD, rows[0][0], index, f"expected one report period in days (7, 30, "
                      f"90 or 180) in column '{name}', got {', '.join(texts[:3]) or 'none'}",
                      "export one report per file")
            return None
        return int(texts[0])

    def _values(self, kind: Kind, header: dict[str, int], header_row: list[str],
                rows: list[tuple[int, list[str]]], days: int
                ) -> tuple[dict[str, np.ndarray], int]:
        """Counts per field; a field of several parts (posts + replies) is their sum. A count
        too large to hold exactly is an error, one above one a second of the report's `days` is
        noted as looking wrong."""
        values: dict[str, np.ndarray] = {}
        empty = 0
        for field in kind.fields:
            name = field.split(":")[0]
            if name in DEVICE_FIELDS or name in ("refresh", "days", "state", "last_activity",
                                                 "deleted", "deactivated"):
                continue
            index = kind.column(field, header)
            if index is None:
                continue
            column = np.zeros(len(rows))
            for k, (line, row) in enumerate(rows):
                cell = row[index].strip()
                if not cell:
                    empty += 1
                    continue
                number = _count(cell)
                if number is None or number > LARGEST_COUNT:
                    self.fail(BAD_VALUE, line, index, f"expected a count in column "
                              f"'{header_row[index].strip()}', got '{cell}'",
                              "counts are whole numbers; an empty cell counts as 0"
                              if number is None else "a count this large cannot be right: "
                              f"counts go up to {LARGEST_COUNT:,}")
                    continue
                if number > days * PER_SECOND:
                    self.too_large.append(f"{self.shown}:{line} {header_row[index].strip()}")
                column[k] = number
            values[name] = values.get(name, 0) + column
        return values, empty

    def _flags(self, rows: list[tuple[int, list[str]]], index: int, name: str,
               platform: str) -> np.ndarray:
        """Yes/No and True/False columns, or Slack's days per device (more than 0 is yes)."""
        flags = np.zeros(len(rows), dtype=bool)
        for k, (line, row) in enumerate(rows):
            cell = row[index].strip().lower()
            if not cell or cell in FALSE_WORDS:
                continue
            if cell in TRUE_WORDS:
                flags[k] = True
            elif platform == "slack" and (number := _count(cell)) is not None:
                flags[k] = number > 0
            else:
                self.fail(BAD_VALUE, line, index, f"expected Yes or No in column "
                          f"'{name.strip()}', got '{row[index].strip()}'")
        return flags

    def _dates(self, kind: Kind, header: dict[str, int], header_row: list[str],
               rows: list[tuple[int, list[str]]], field: str) -> np.ndarray:
        """A date column as day numbers; an empty cell (no activity) is -1."""
        index = kind.column(field, header)
        days = np.full(len(rows), -1.0)
        if index is None:
            return days
        for k, (line, row) in enumerate(rows):
            cell = row[index].strip()
            if not cell:
                continue
            day = _date(cell)
            if day is None:
                self.fail(BAD_VALUE, line, index, f"expected a date like 2022-11-09 or Apr 17, "
                          f"2026 in column '{header_row[index].strip()}', got '{cell}'")
                continue
            days[k] = day_number(day)
        return days

    def _gone(self, kind: Kind, header: dict[str, int], header_row: list[str],
              rows: list[tuple[int, list[str]]], start: dt.date) -> np.ndarray:
        """Deleted users (Teams' Is Deleted, a Deleted user state), and Slack accounts
        deactivated before the report's first day."""
        gone = np.zeros(len(rows), dtype=bool)
        deleted = kind.column("deleted", header)
        if deleted is not None:
            gone |= self._flags(rows, deleted, header_row[deleted], kind.platform)
        state = kind.column("state", header)
        if state is not None:
            gone |= np.array([row[state].strip().lower() == "deleted" for _, row in rows],
                             dtype=bool)
        deactivated = self._dates(kind, header, header_row, rows, "deactivated")
        gone |= (deactivated >= 0) & (deactivated < day_number(start))
        return gone


def _concealed(header_row: list[str], user: int, rows: list[tuple[int, list[str]]]
               ) -> tuple[int, int, str, str] | None:
    """The first hashed user name, when most are hashes (concealment is on); else None."""
    hashed = [(line, row[user]) for line, row in rows if _CONCEALED.fullmatch(row[user].strip())]
    if not rows or len(hashed) * 2 < len(rows):
        return None
    line, value = hashed[0]
    return line, user, value, header_row[user].strip()


def _records(text: str):
    reader = csv.reader(text.split("\n"))
    start = 1
    for row in reader:
        yield start, row
        start = reader.line_num + 1


def _title(name: str) -> str:
    return name.replace("_", " ").title()


def _count(text: str) -> float | None:
    try:
        value = float(text.replace(",", "")) if text else 0.0
    except ValueError:
        return None
    return value if np.isfinite(value) and value >= 0 else None


def _date(text: str) -> dt.date | None:
    """`2022-11-09`, `2022-11-09T00:00:00Z`, or Slack's `Apr 17, 2026`."""
    text = text.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return dt.datetime.strptime(text, "%b %d, %Y").date()
    except ValueError:
        return None


def _slack_window(name: str) -> tuple[dt.date, int] | None:
    """The last day and length of a Slack export from its file name."""
    if found := _SLACK_PRIOR.search(name):
        end = _date(found[2])
        return (end, int(found[1])) if end else None
    if found := _SLACK_RANGE.search(name):
        start, end = _date(found[1]), _date(found[2])
        if start and end and start <= end:
            return end, (end - start).days + 1
    return None


# ---------------------------------------------------------------------------------- import


def import_exports(setup: Setup, platform: str, paths: Sequence[Path], period: str | None,
                   report_end: dt.date | None = None, report_days: int | None = None
                   ) -> Ingested:
    """Read every export, check that they fit together, and tally each period.

    Raises InputError when a file cannot be used, FileNotFoundError for a missing path.
    """
    sources = dict(setup.sources)
    exports, found = [], []
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(f"no such export: {path}")
        reader = _ExportReader(path, platform, report_end, report_days)
        export, text = reader.read()
        sources[reader.shown] = text
        found.extend(reader.found)
        if export is not None and reader.concealed is not None:
            found.extend(_concealed_finding(reader.shown, text, reader.concealed, setup))
        if export is not None:
            exports.append(export)
    if found:
        raise InputError(found, sources)
    period, warnings = snapshot_period(setup, period)
    devices = any(e.devices for e in exports)
    breakdowns, unresolved = resolve(
        setup, DEVICE_DIMENSIONS if devices else (), optional=() if devices else DEVICE_DIMENSIONS,
        hint="none of the exports says which devices people used (the device usage report "
             "does)")
    imported = _Importer(setup, period, breakdowns, sources).run(exports)
    return attrs.evolve(imported, warnings=(*warnings, *unresolved, *imported.warnings))


def _concealed_finding(shown: str, text: str, concealed: tuple, setup: Setup
                       ) -> list[Diagnostic]:
    line, column, value, name = concealed
    if normalize_id(value).lower() in setup.directory.keys():
        return []  # the directory maps the hashes (a report_hash column)
    lines = text.split("\n")
    span = cell_span(shown, line, lines[line - 1] if line <= len(lines) else "", column)
    return [Diagnostic(
        CONCEALED_NAMES, f"this export conceals user names: '{name}' holds 32-character hashes such as "
        f"{value.strip()[:8]}..., which cannot be matched to the people directory", span,
        hint=CONCEALED_HINT)]


def _whole_week(export: Export, period: str) -> bool:
    """A 7-day report (Microsoft 365's D7) is a whole week, that of its last day, on whatever
    weekday it was refreshed: the team that pulls it every Wednesday has every week once."""
    return period == "week" and export.days == 7


class _Importer:
    def __init__(self, setup: Setup, period: str, breakdowns: dict, sources: dict[str, str]):
        self.setup = setup
        self.period = period
        self.breakdowns = breakdowns
        self.sources = sources
        self.quality = Quality("import", period)
        self.warnings: list[Diagnostic] = []

    def run(self, exports: list[Export]) -> Ingested:
        by_period = self._periods(exports)
        keys = self.setup.directory.keys()
        position = {int(row): k for k, row in enumerate(self.setup.people.rows.tolist())}
        rows: list[Row] = []
        seen: set[str] = set()
        unknown: set[str] = set()
        no_segment: set[str] = set()
        for label, (end, files) in sorted(by_period.items()):
            activity = Activity.empty(len(self.setup.people), len(self.setup.directory))
            for export in files:
                self._add(export, activity, keys, position, seen, unknown, no_segment)
            rows.extend(tally(self.setup, self.breakdowns, label, day_number(end), activity))
        self._quality(exports, rows, seen, unknown, no_segment)
        # start-up: loads ingest.snapshots only when this runs
        from adoptplan.ingest.snapshots import add_growth

        ordinal = {label: k for k, label in enumerate(sorted(by_period))}
        rows = add_growth(rows, _consecutive(sorted(by_period), self.period, ordinal))
        dimensions = tuple(sorted(self.breakdowns))
        return Ingested(rows, dimensions, self.quality, tuple(self.warnings), self.sources)

    def _periods(self, exports: list[Export]) -> dict[str, tuple[dt.date, list[Export]]]:
        """Exports by the period they report; two of one kind for one period are an error."""
        found: dict[str, tuple[dt.date, list[Export]]] = {}
        problems = []
        for export in sorted(exports, key=lambda e: (e.end, e.path)):
            label = cal.label(export.end, self.period) if self.period != "day" else \
                export.end.isoformat()
            end, files = found.setdefault(label, (export.end, []))
            twin = next((f for f in files if f.kind == export.kind), None)
            if twin is not None:
                problems.append(Diagnostic(
                    GIVEN_TWICE, f"a second {export.kind.name} for {label}", m.Span(
                        export.path, 1, 1, 1, 2),
                    hint=f"{twin.path} already reports {label}; give one file per period"))
                continue
            files.append(export)
            first = cal.first_day(export.end, self.period, export.days)
            last = cal.last_day(export.end, self.period)
            if (export.start, export.end) != (first, last) and not _whole_week(export,
                                                                               self.period):
                self.quality.partial.append(PartialPeriod(
                    label, first.isoformat(), last.isoformat(), export.start.isoformat(),
                    export.end.isoformat()))
        if problems:
            raise InputError(problems, self.sources)
        self.quality.periods = sorted(found)
        return found

    def _add(self, export: Export, activity: Activity, keys: dict[str, int],
             position: dict[int, int], seen: set[str], unknown: set[str],
             no_segment: set[str]) -> None:
        for k, (line, names) in enumerate(export.users):
            if not names:
                continue
            found = [normalize_id(name).lower() for name in names]
            key = next((name for name in found if name in keys), found[0])
            seen.add(key)
            row = keys.get(key)
            if row is None:
                unknown.add(names[0])
                continue
            active = bool(export.active[k])
            activity.directory_active[row] |= active
            person = position.get(row)
            if person is None:
                no_segment.add(key)
                continue
            activity.active[person] |= active
            for name, values in export.values.items():
                activity.add(name, person, float(values[k]))
            for device, flags in export.devices.items():
                if flags[k]:
                    activity.device(device)[person] = True

    def _quality(self, exports: list[Export], rows: list[Row], seen: set[str],
                 unknown: set[str], no_segment: set[str]) -> None:
        quality, setup = self.quality, self.setup
        for export in exports:
            quality.inputs.append(InputFile(export.path, export.kind.name, export.rows,
                                            len(export.users), export.skipped))
        quality.directory_people = len(setup.directory)
        quality.segment_people = setup.segmentation.counts()
        quality.no_segment = setup.segmentation.unmatched()
        quality.several_segments = int(np.sum(setup.segmentation.segment_of == -2))
        quality.minimum = setup.minimum
        quality.people_active = len(seen)
        quality.not_in_directory = len(unknown)
        quality.not_in_directory_examples = tuple(sorted(unknown)[:5])
        quality.not_in_segment = len(no_segment)
        empty = sum(e.empty_counts for e in exports)
        if empty:
            quality.notes.append(f"{empty} empty counts read as 0")
        large = [cell for e in exports for cell in e.too_large]
        quality.look_wrong("counts above one a second of the report's days", len(large), large)
        add_row_quality(quality, rows, setup.minimum)
        for export in exports:
            if export.days > 7 and self.period == "week":
                self.warnings.append(Diagnostic(
                    PERIOD_MISFIT, f"a {export.days}-day report is read as the week that holds "
                    f"{export.end.isoformat()}", m.Span(export.path, 1, 1, 1, 2), WARNING,
                    hint="for weekly snapshots export the 7-day reports; or use --period month"))


def _consecutive(labels: list[str], period: str, ordinal: dict[str, int]) -> dict[str, int]:
    """Period ordinals on the calendar, so growth is only taken from the period right before."""

    try:
        return {label: calendar_ordinal(label) for label in labels}
    except ValueError:
        return ordinal
