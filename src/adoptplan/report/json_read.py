"""Reading result files (`evaluate --format json`) against the shipped schema.

`diff`, `evaluate --previous` and `notify` read results that people keep and pass around, so a file
is checked before it is used, and every way it differs from a result is said as a person reads it:
`findings[3].message: missing`. The schema is checked by jsonschema; this module only turns its
verdicts into those sentences, and adds what a schema cannot say (ids are unique, only a
barrier's finding is an alert).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import attrs
import fastjsonschema
import jsonschema
from jsonschema.exceptions import ValidationError

from adoptplan import result as r
from adoptplan.files import json_lone_surrogate, json_too_deep, read_user_file
from adoptplan.report.json_report import FORMAT_VERSION, schema


class ResultError(Exception):
    """A result file cannot be used: it cannot be read, or it is not a result."""


class InvalidResult(ResultError, ValueError):
    """A file is not a valid `evaluate --format json` result (a ValueError too, for callers
    such as `evaluate --previous` that read results and report bad values)."""


Where = tuple[str | int, ...]

_TYPE_NAMES = {"string": "a string", "integer": "an integer", "number": "a number",
               "boolean": "true or false", "null": "null", "array": "an array",
               "object": "an object"}


def _finite(checker: object, value: object) -> bool:
    """JSON has no NaN or infinity: a number too large to represent is no number."""
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def _finite_integer(checker: object, value: object) -> bool:
    return _finite(checker, value) and (isinstance(value, int) or value.is_integer())


@functools.cache
def _validator() -> jsonschema.protocols.Validator:
    base = jsonschema.validators.validator_for(schema())
    types = base.TYPE_CHECKER.redefine_many({"number": _finite, "integer": _finite_integer})
    return jsonschema.validators.extend(base, type_checker=types)(schema())


def _spelled(where: Iterable[str | int]) -> str:
    """`findings[3].message` for ("findings", 3, "message")."""
    text = ""
    for key in where:
        if isinstance(key, int):
            text += f"[{key}]"
        else:
            name = key if key.isidentifier() else json.dumps(key, ensure_ascii=False)
            text += f".{name}" if text else name
    return text


def _got(value: object) -> str:
    """A JSON value as a person reads it in an error: `null`, `"banana"`, `an array`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value if len(value) <= 40 else value[:40] + "…", ensure_ascii=False)
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else "a number too large to represent"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    return "an array" if isinstance(value, list) else "an object"


def _expected(node: Mapping) -> str:
    """What a schema node allows, in words: `one of info, low, medium, high, critical`."""
    while "$ref" in node:  # the shipped schema's own references: #/$defs/name
        target: Mapping = schema()
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    if "anyOf" in node:
        return " or ".join(_expected(option) for option in node["anyOf"])
    if "const" in node:
        return json.dumps(node["const"])
    if "enum" in node:
        return "one of " + ", ".join(str(e) for e in node["enum"])
    kinds = node.get("type", ())
    text = " or ".join(_TYPE_NAMES[k] for k in ([kinds] if isinstance(kinds, str) else kinds))
    if "minimum" in node:
        text += f" of at least {node['minimum']}"
    return text or "any value"


def _sentences(error: ValidationError) -> Iterable[tuple[Where, str]]:
    """What one jsonschema verdict says, one sentence per field it names."""
    where = tuple(error.absolute_path)
    if error.validator == "required":
        for key in error.validator_value:
            if key not in error.instance:
                yield (*where, key), "missing"
    elif error.validator == "additionalProperties":
        known = error.schema.get("properties", {})
        for key in error.instance:
            if key not in known:
                yield (*where, key), "not a field of an evaluation result"
    else:
        yield where, f"expected {_expected(error.schema)}, got {_got(error.instance)}"


def _document_order(document: object, where: Where) -> tuple[int, ...]:
    """Where a field stands in the document, so problems read from top to bottom (a missing
    field first among its siblings, as a reader looks for it before reading on)."""
    order, node = [], document
    for key in where:
        if isinstance(node, dict):
            keys = list(node)
            order.append(keys.index(key) if key in node else -1)
            node = node.get(key)
        else:
            order.append(key if isinstance(key, int) else 0)
            node = node[key] if isinstance(node, list) and isinstance(key, int) else None
    return tuple(order)


def schema_problems(document: object) -> list[str]:
    """Every way `document` breaks the shipped schema, in the document's order, one per field."""
    said: dict[Where, str] = {}
    for error in _validator().iter_errors(document):
        for where, sentence in _sentences(error):
            said.setdefault(where, sentence)
    ordered = sorted(said, key=lambda where: _document_order(document, where))
    return [f"{_spelled(where)}: {said[where]}" for where in ordered]


def result_problems(document: object) -> list[str]:
    """Every way `document` differs from an `evaluate --format json` result, as
    `findings[3].message: missing`; empty when it is one. An unknown format_version is the one
    problem named, as its other fields may well differ."""
    if not isinstance(document, dict):
        return [f"not an adoptplan evaluation result: expected an object, got {_got(document)} "
                "(make one with `adoptplan evaluate --format json`)"]
    if "findings" not in document:  # most likely another kind of file altogether
        return ["not an adoptplan evaluation result: it has no 'findings' (make one with "
                "`adoptplan evaluate --format json`)"]
    version = document.get("format_version", FORMAT_VERSION)
    if type(version) is not int or not 1 <= version <= FORMAT_VERSION:  # older results read too
        return [f"format_version {_got(version)} is not supported: this adoptplan reads "
                f"format_version {FORMAT_VERSION} (make the file again with `adoptplan evaluate "
                "--format json`, or use the adoptplan version that made it)"]
    return schema_problems(document) or _consistency(document["findings"])


def _consistency(findings: list[Mapping]) -> list[str]:
    """What the schema cannot say: ids are unique, only a barrier's finding is an alert."""
    problems, seen = [], {}
    for index, finding in enumerate(findings):
        where = f"findings[{index}]"
        first = seen.setdefault(finding["id"], index)
        if first != index:
            problems.append(f"{where}.id: {_got(finding['id'])} is findings[{first}]'s id too")
        if finding["alert"] != (finding["source"] == r.BARRIER):
            problems.append(f"{where}.alert: {_got(finding['alert'])} for a finding of source "
                            f"{_got(finding['source'])} (only a barrier's finding is an alert)")
    return problems


def findings_from_document(document: Mapping) -> tuple[r.Finding, ...]:
    """The findings of a valid `evaluate --format json` document (see read_document)."""
    names = {field.name for field in attrs.fields(r.Finding)}
    findings = []
    for item in document["findings"]:
        values = {key: value for key, value in item.items() if key in names}
        values["dimensions"] = tuple((d["name"], d["value"]) for d in item["dimensions"])
        values["evidence"] = tuple(r.Evidence(**e) for e in item["evidence"])
        values["score"] = math.nan if item["score"] is None else item["score"]
        values["line"] = int(item["line"])
        lifecycle = item.get("lifecycle")  # absent from results written before lifecycles
        values["lifecycle"] = None if lifecycle is None else r.Lifecycle(
            lifecycle["since"], int(lifecycle["periods"]), lifecycle["held_since"])
        findings.append(r.Finding(**values))
    return tuple(findings)


def forecast_from_data(data: Mapping | None) -> r.Forecast | None:
    """A critical-mass row's `forecast` of a valid document (None for the whole network, and in
    results made before forecasts)."""
    if data is None:
        return None
    names = {field.name for field in attrs.fields(r.Forecast)}
    return r.Forecast(**{key: value for key, value in data.items() if key in names
                         and key != "fitted"}, fitted=tuple(data["fitted"]))


def effects_from_document(document: Mapping) -> tuple[r.Effect, ...]:
    """The intervention effects of a valid document (none in results made before them)."""
    names = {field.name for field in attrs.fields(r.Effect)}
    effects = []
    for item in document.get("interventions", ()):
        values = {key: value for key, value in item.items() if key in names}
        values["dimensions"] = tuple((d["name"], d["value"]) for d in item["dimensions"])
        values["comparison"] = tuple(item["comparison"])
        values["line"] = int(item["line"])
        effects.append(r.Effect(**values))
    return tuple(effects)


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _load(text: str) -> tuple[object, bool]:
    """The JSON value, and whether a number in it was too large to represent (1e999 reads as
    infinity, which the schema check must then see: the quick check takes it for a number)."""
    overflow: list[str] = []
    if json_too_deep(text) is not None:
        raise RecursionError  # reported as nested too deep, before the parser recurses
    if json_lone_surrogate(text) is not None:
        raise ValueError("a \\u escape is half a character, not text")

    def number(literal: str) -> float:
        value = float(literal)
        if math.isinf(value):
            overflow.append(literal)
        return value

    return json.loads(text, parse_float=number, parse_constant=_reject_constant), bool(overflow)


@functools.cache
def _quick() -> Callable[[object], object]:
    """The shipped schema compiled by fastjsonschema: the verdict on a valid result in about a
    tenth of jsonschema's time. Only a file it refuses is checked again by jsonschema, which
    says every way it is wrong."""
    return fastjsonschema.compile(schema())


def read_document(path: Path) -> Mapping:
    """A result file's document, checked. Raises OSError when it cannot be read, InvalidResult
    (a ValueError) when it is not a result."""
    try:
        document, overflow = _load(read_user_file(path).decode("utf-8"))
    except RecursionError:
        raise InvalidResult(f"{path}: not a result: nested too deep to be one") from None
    except (UnicodeDecodeError, ValueError) as error:  # JSONDecodeError is a ValueError
        raise InvalidResult(f"{path}: not JSON: {error}") from None
    try:
        _quick()(document)
        valid = not overflow
    except fastjsonschema.JsonSchemaException:
        valid = False
    problems = _consistency(document["findings"]) if valid else result_problems(document)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InvalidResult(f"{path}: {problems[0]}{more}")
    return document


def read_result(path: Path) -> tuple[Mapping, tuple[r.Finding, ...]]:
    """A result file's document and findings. Raises ResultError when it cannot be used."""
    try:
        document = read_document(path)
    except OSError as error:
        raise ResultError(f"cannot read {path}: {error.strerror or error}") from None
    return document, findings_from_document(document)
