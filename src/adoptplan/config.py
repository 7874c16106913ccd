"""The configuration file: `adoptplan.toml`, or `[tool.adoptplan]` in `pyproject.toml`, read once,
checked whole, and handed to the command line as click's `default_map` (flags win over it;
the ADOPTPLAN_* variables of the CI-only settings win over both, see CI_ONLY).

The file is found from the working folder upward, stopping at the repository's root (the folder
with `.git`); `--config FILE` (or ADOPTPLAN_CONFIG) names one instead. Paths in it are relative to
the file's folder. Secrets never live here: a notification target names the environment variable
that holds its URL or password. docs/configuration.md describes every key.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from adoptplan.diagnostics import did_you_mean
from adoptplan.files import read_user_file
from adoptplan.model import LEVELS, frozen

FILE_NAME = "adoptplan.toml"
PYPROJECT = "pyproject.toml"
PYPROJECT_TABLE = ("tool", "adoptplan")

FAIL_ON = ("never", *LEVELS)
FORMATS = ("table", "markdown", "json", "github", "junit")  # evaluate --format
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class ConfigError(Exception):
    """The configuration file cannot be used: where (file:line:col when known) and why."""


# --- value kinds: each checks a value and returns it as the command line wants it --------------


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("expected text in quotes")
    return value


def _boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def _integer(low: int, high: int) -> Callable[[object], int]:
    def check(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"expected a whole number from {low} to {high}")
        return value
    return check


def _percent(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
        raise ValueError("expected a number from 0 to 100 (a percentage)")
    return float(value)


def _choice(options: tuple[str, ...]) -> Callable[[object], str]:
    def check(value: object) -> str:
        if value not in options:
            hint = did_you_mean(str(value), options) if isinstance(value, str) else None
            raise ValueError(f"expected one of {', '.join(options)}"
                             + (f" ({hint})" if hint else ""))
        return value
    return check


def _texts(value: object) -> list[str]:
    """A list of texts; one text is a list of one."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ValueError('expected a list of texts in quotes, e.g. ["playbooks/"]')
    return list(value)


def _env_name(value: object) -> str:
    """The name of an environment variable, never a secret itself."""
    if not isinstance(value, str) or not ENV_NAME.match(value):
        raise ValueError("expected the NAME of an environment variable, e.g. "
                         '"ADOPTPLAN_TEAMS_WEBHOOK" (the secret itself never goes in a file)')
    return value


PATH = "path"  # markers: these values are resolved against the file's folder
PATHS = "paths"

Kind = Callable[[object], Any] | str | dict
"""A value check, PATH/PATHS, or a table: key -> Kind."""

TARGET = {"url_env": _env_name}
EMAIL = {
    "host": _text, "port": _integer(1, 65535), "from": _text, "to": _texts,
    "starttls": _boolean, "ssl": _boolean, "username": _text, "password_env": _env_name,
    "attach": PATH, "timeout": _integer(1, 600),
}
NOTIFY = {"state": PATH, "teams": TARGET, "slack": TARGET, "email": EMAIL}
KEYS: dict[str, Kind] = {
    "playbooks": PATHS,
    "metrics": PATHS,
    "fail_on": _choice(FAIL_ON),
    "fail_on_not_evaluated": _boolean,
    "min_coverage": _percent,
    "format": _choice(FORMATS),
    "minimum_group_size": _integer(1, 10**9),
    "notify": NOTIFY,
}
REQUIRED = {("notify", "teams"): ("url_env",), ("notify", "slack"): ("url_env",),
            ("notify", "email"): ("host", "from", "to")}

# key -> the commands and the name of their parameter that take it as a default
COMMANDS: dict[str, tuple[tuple[str, str], ...]] = {
    "playbooks": (("check", "paths"), ("fmt", "paths"), ("evaluate", "playbooks"),
                  ("explain", "playbooks"), ("diff", "paths")),  # diff --base only
    "metrics": (("evaluate", "metrics"), ("explain", "metrics"), ("diff", "metrics")),
    "fail_on": (("evaluate", "fail_on"),),
    "fail_on_not_evaluated": (("evaluate", "fail_on_not_evaluated"),),
    "min_coverage": (("test", "min_coverage"),),
    "format": (("evaluate", "fmt"),),
    "minimum_group_size": (("evaluate", "minimum_group_size"), ("explain", "minimum_group_size"),
                           ("diff", "minimum_group_size")),
}


CI_ONLY = {"fail_on": "ADOPTPLAN_FAIL_ON",
           "fail_on_not_evaluated": "ADOPTPLAN_FAIL_ON_NOT_EVALUATED",
           "min_coverage": "ADOPTPLAN_MIN_COVERAGE"}
"""The gates a CI pipeline imposes on every run: their variable wins over flags and the file
(cli.CiOnly). The file-size cap (ADOPTPLAN_MAX_FILE_MB) and the notification secrets (the
variables the file names) are read from the environment only."""
VARIABLES_ONLY = ("ADOPTPLAN_MAX_FILE_MB",)
PREFIX = "ADOPTPLAN_"


def misspelt_variables(environ: Mapping[str, str], known: set[str] | frozenset[str],
                       named: tuple[str, ...] = ()) -> list[str]:
    """A warning for each ADOPTPLAN_* variable set that adoptplan does not read but that is close
    to one it does (ADOPTPLAN_FAIL_ONN): a gate misspelt in CI would otherwise pass silently.
    Variables the file names (`url_env`, `password_env`) and names close to none are left alone."""
    settings = {n.removeprefix(PREFIX) for n in (*known, *CI_ONLY.values(), *VARIABLES_ONLY)}
    found = []
    for name in sorted(environ):
        rest = name.removeprefix(PREFIX)
        if rest == name or rest in settings or name in named:
            continue
        close = difflib.get_close_matches(rest, sorted(settings), n=1, cutoff=0.8)
        if close:
            found.append(f"{name} is set but adoptplan reads no such variable "
                         f"(did you mean {PREFIX}{close[0]}?)")
    return found


@frozen
class Config:
    """The settings of one file (none: `path` is None and every setting is the built-in one)."""

    path: Path | None = None
    settings: Mapping[str, Any] = attrs.field(factory=dict)

    @property
    def notify(self) -> Mapping[str, Any]:
        return self.settings.get("notify", {})

    @property
    def variables(self) -> tuple[str, ...]:
        """The environment variables the file names (where notification secrets are)."""
        named = []
        for target in self.notify.values():
            if isinstance(target, Mapping):
                named += [v for k, v in target.items() if k.endswith("_env")]
        return tuple(sorted(named))

    @property
    def folder(self) -> Path:
        """The file's folder, where files kept beside it go (the working folder without one)."""
        return Path(os.path.relpath(self.path.absolute().parent)) if self.path else Path(".")

    def default_map(self) -> dict[str, dict[str, Any]]:
        """click's default_map: command -> parameter -> value, for every key the file sets."""
        defaults: dict[str, dict[str, Any]] = {}
        for key, value in self.settings.items():
            for command, parameter in COMMANDS.get(key, ()):
                defaults.setdefault(command, {})[parameter] = value
        return defaults


# --- finding and reading -----------------------------------------------------------------------


def find(start: Path) -> Path | None:
    """The nearest adoptplan.toml, or pyproject.toml with [tool.adoptplan], from `start` up to the
    repository's root (a folder holding .git) or the file system's."""
    for folder in (start, *start.parents):
        if (folder / FILE_NAME).is_file():
            return folder / FILE_NAME
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
        if (folder / ".git").exists():
            return None
    return None


def _has_table(pyproject: Path) -> bool:
    text = _read(pyproject)
    return "adoptplan" in _parse(pyproject, text).get("tool", {})


def load(path: Path | None = None, cwd: Path | None = None) -> Config:
    """The configuration named by `path`, or found from `cwd` upward; an empty one when none.

    Raises ConfigError when the file cannot be read, is not TOML, or has an unknown key or a
    value of the wrong kind.
    """
    here = (cwd or Path.cwd()).absolute()
    found = path if path is not None else find(here)
    if found is None:
        return Config()
    text = _read(found)
    document = _parse(found, text)
    prefix: tuple[str, ...] = ()
    if found.name == PYPROJECT:
        prefix = PYPROJECT_TABLE
        document = document.get("tool", {}).get("adoptplan", {})
    locate = _Locator(found, text, prefix)
    settings = _checked(document, KEYS, (), locate)
    base = found.absolute().parent
    return Config(found, _resolved(settings, KEYS, base, here))


def _read(path: Path) -> str:
    try:
        return read_user_file(path).decode("utf-8")
    except FileNotFoundError:
        raise ConfigError(f"no such configuration file: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise ConfigError(f"cannot read {path}: {reason}") from None


_TOML_AT = re.compile(r"^(?P<why>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")


def _parse(path: Path, text: str) -> dict:
    import tomllib  # start-up: only when a configuration file exists (about 15 ms)

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = _TOML_AT.match(str(error))
        if match:
            raise ConfigError(f"{path}:{match['line']}:{match['column']}: not valid TOML: "
                              f"{match['why'].lower()}") from None
        raise ConfigError(f"{path}: not valid TOML: {error}") from None


def _checked(table: Mapping, kinds: Mapping[str, Kind], at: tuple[str, ...],
             locate: _Locator) -> dict:
    """Every key known and every value of its kind; the first problem raises ConfigError."""
    checked = {}
    for key, value in table.items():
        kind = kinds.get(key)
        if kind is None:
            hint = did_you_mean(key, kinds)
            raise locate.error(at, key, f"unknown key '{key}' in {locate.table(at)}"
                               + (f" ({hint})" if hint else f"; known keys: {', '.join(kinds)}"))
        if isinstance(kind, dict):
            if not isinstance(value, dict):
                raise locate.error(at, key, f"'{key}' must be a table, [{locate.name(at + (key,))}]")
            checked[key] = _checked(value, kind, at + (key,), locate)
            missing = [k for k in REQUIRED.get(at + (key,), ()) if k not in value]
            if missing:
                raise locate.error(at, key, f"{locate.table(at + (key,))} needs "
                                   + ", ".join(f"'{k}'" for k in missing))
            continue
        try:
            checked[key] = (_texts(value) if kind == PATHS else _text(value) if kind == PATH
                            else kind(value))
        except ValueError as error:
            # a value where a variable's name belongs may be the secret itself: never shown
            got = "" if kind is _env_name else f", not {_shown(value)}"
            raise locate.error(at, key, f"'{key}': {error}{got}") from None
    return checked


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _resolved(settings: dict, kinds: Mapping[str, Kind], base: Path, cwd: Path) -> dict:
    """Paths made relative to the working folder (they are written relative to the file)."""
    resolved = {}
    for key, value in settings.items():
        kind = kinds[key]
        if isinstance(kind, dict):
            resolved[key] = _resolved(value, kind, base, cwd)
        elif kind == PATHS:
            resolved[key] = [_from(base, item, cwd) for item in value]
        elif kind == PATH:
            resolved[key] = _from(base, value, cwd)
        else:
            resolved[key] = value
    return resolved


def _from(base: Path, path: str, cwd: Path) -> str:
    if base == cwd or Path(path).is_absolute():
        return path
    return os.path.relpath(base / path, cwd)


# --- positions: tomllib gives none, so the key is looked up in the text --------------------------

_HEADER = re.compile(r"^\s*\[(?!\[)\s*(?P<name>[^\]]+?)\s*\]")
_KEY = re.compile(r"^(?P<indent>\s*)(?P<key>\"[^\"]*\"|'[^']*'|[A-Za-z0-9_.-]+)\s*=")


@frozen
class _Locator:
    path: Path
    text: str
    prefix: tuple[str, ...]

    def name(self, at: tuple[str, ...]) -> str:
        return ".".join(self.prefix + at)

    def table(self, at: tuple[str, ...]) -> str:
        return f"[{self.name(at)}]" if self.prefix + at else "the file"

    def error(self, at: tuple[str, ...], key: str, message: str) -> ConfigError:
        where = self.position(self.prefix + at, key)
        return ConfigError(f"{self.path}:{where[0]}:{where[1]}: {message}" if where
                           else f"{self.path}: {message}")

    def position(self, table: tuple[str, ...], key: str) -> tuple[int, int] | None:
        """Line and column of `key` in `table` (as `key =`, a dotted key or a header)."""
        current: tuple[str, ...] = ()
        for number, line in enumerate(self.text.splitlines(), start=1):
            header = _HEADER.match(line)
            if header:
                current = _dotted(header["name"])
                if current == table + (key,):
                    return number, line.index("[") + 1
                continue
            found = _KEY.match(line)
            if found and (current + _dotted(found["key"]))[:len(table) + 1] == table + (key,):
                return number, len(found["indent"]) + 1
        return None


def _dotted(name: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in name.split("."))
