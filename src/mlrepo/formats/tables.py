"""Validate CSV data against a Frictionless Table Schema, fast enough for a commit hook.

Covers the types and constraints mlrepo's template uses (string, integer, number, boolean, date,
any; required, unique, pattern, enum, minimum, maximum, minLength, maxLength, primaryKey), with
Table Schema's semantics (tests hold it against frictionless); the profile refuses the rest.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

# Table Schema's defaults: no yes/no
_TRUE = ("true", "True", "TRUE", "1")
_FALSE = ("false", "False", "FALSE", "0")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # the default format; not 20260131
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(
    r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?(?:nan|inf|infinity)",
    re.IGNORECASE,
)


def _boolean(field: dict):
    true = frozenset(field.get("trueValues", _TRUE))
    false = frozenset(field.get("falseValues", _FALSE))

    def cast(text: str) -> bool:
        if text in true:
            return True
        if text in false:
            return False
        raise ValueError(text)

    return cast


def _integer(text: str) -> int:
    if not _INTEGER.fullmatch(text):  # int() takes '1_000', ' 1' and other digits
        raise ValueError(text)
    return int(text)


def _number(text: str) -> float:
    if not _NUMBER.fullmatch(text):
        raise ValueError(text)
    return float(text)


def _date(text: str):
    import datetime  # importing it costs a hook ~1.5 ms; most schemas have no dates

    if not _DATE.fullmatch(text):
        raise ValueError(text)
    return datetime.date.fromisoformat(text)


def _cast(field: dict):
    kind = field.get("type", "string")
    if kind == "boolean":
        return _boolean(field)
    return {"string": str, "any": str, "integer": _integer, "number": _number, "date": _date}[kind]


_ORDERED = ("integer", "number", "date")  # the types minimum and maximum apply to


def unsupported(field: dict) -> str | None:
    """Why a field's constraints cannot apply to its type (frictionless refuses them too)."""
    kind = field.get("type", "string")
    constraints = field.get("constraints", {})
    for key in ("minimum", "maximum"):
        if key in constraints and kind not in _ORDERED:
            return f"field '{field['name']}': '{key}' does not apply to type {kind}"
    for key in ("minLength", "maxLength"):
        if key in constraints and kind not in ("string", "any"):
            return f"field '{field['name']}': '{key}' does not apply to type {kind}"
    return None


def _field_checker(field: dict):
    """A function (text) -> (value, broken rule or None) for one field."""
    cast = _cast(field)
    c = field.get("constraints", {})
    pattern = re.compile(c["pattern"]).fullmatch if "pattern" in c else None
    enum = c.get("enum")
    if enum is not None:
        enum = [_enum_value(cast, option) for option in enum]
    low, high = c.get("minimum"), c.get("maximum")
    if field.get("type") == "date":
        low, high = (None if v is None else _date(str(v)) for v in (low, high))
    min_len, max_len = c.get("minLength"), c.get("maxLength")

    def check(text: str):
        try:
            value = cast(text)
        except ValueError:
            return None, "type"
        if enum is not None and not any(type(value) is type(o) and value == o for o in enum):
            return value, "enum"
        if pattern is not None and not pattern(text):
            return value, "pattern"
        if low is not None and not value >= low:  # NaN is neither above nor below
            return value, "minimum"
        if high is not None and not value <= high:
            return value, "maximum"
        if min_len is not None and len(text) < min_len:
            return value, "minLength"
        if max_len is not None and len(text) > max_len:
            return value, "maxLength"
        return value, None

    return check


def _enum_value(cast, option):
    """An enum option as a cell of the field's type: options may be written as text."""
    if isinstance(option, bool) or not isinstance(option, str | int | float):
        return option
    try:
        return cast(str(option)) if isinstance(option, str) else option
    except ValueError:
        return option


def errors(schema: dict, data: bytes, limit: int = 20) -> Iterator[tuple[int, str]]:
    """(line, message) for each problem, at most `limit`; line 1 is the header."""
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    for field in fields:
        if problem := unsupported(field):
            yield 1, problem
            return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        yield line, f"not UTF-8 text (byte {data[exc.start]:#04x})"
        return
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header != names:
        yield 1, f"header {header} does not match the schema's fields {names}"
        return
    missing = set(schema.get("missingValues", [""]))
    checks = [_field_checker(f) for f in fields]
    required = [f.get("constraints", {}).get("required", False) for f in fields]
    unique = [i for i, f in enumerate(fields) if f.get("constraints", {}).get("unique")]
    key = schema.get("primaryKey", [])
    key_index = [names.index(k) for k in ([key] if isinstance(key, str) else key) if k in names]
    seen: dict[int, dict] = {i: {} for i in unique}
    seen_keys: dict[tuple, int] = {}
    count = 0
    for line, row in enumerate(reader, start=2):
        if len(row) != len(fields):
            yield line, f"expected {len(fields)} cells, found {len(row)}"
            count += 1
        else:
            values: list[object] = list(row)
            for i, text in enumerate(row):
                if text in missing:
                    if required[i]:
                        yield line, f"column '{names[i]}': value is required (rule: required)"
                        count += 1
                    continue
                value, broken = checks[i](text)
                values[i] = value
                if broken:
                    yield line, f"column '{names[i]}': {text!r} breaks {broken} (rule: {broken})"
                    count += 1
                elif i in seen:
                    if value in seen[i]:
                        yield line, (f"column '{names[i]}': {text!r} repeats line {seen[i][value]}"
                                     " (rule: unique)")  # fmt: skip
                        count += 1
                    else:
                        seen[i][value] = line
            if key_index:
                k = tuple(values[i] for i in key_index)  # typed: 1 and 01 are one key
                empty = [i for i in key_index if row[i] in missing]
                if empty:
                    if not all(required[i] for i in empty):  # else reported as required
                        yield line, "primary key cell is empty (rule: primaryKey)"
                        count += 1
                elif k in seen_keys and not set(unique) >= set(key_index):
                    yield line, f"primary key {k} repeats line {seen_keys[k]} (rule: primaryKey)"
                    count += 1
                seen_keys.setdefault(k, line)
        if count >= limit:
            return
