"""Validate CSV data against a Frictionless Table Schema, fast enough for a commit hook.

Covers the types and constraints mlrepo's template uses (string, integer, number, boolean, date,
any; required, unique, pattern, enum, minimum, maximum, minLength, maxLength, primaryKey).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

_TRUE = frozenset({"true", "True", "TRUE", "1", "yes"})
_FALSE = frozenset({"false", "False", "FALSE", "0", "no"})


def _boolean(text: str) -> bool:
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(text)


_CASTS = {
    "string": str,
    "any": str,
    "integer": int,
    "number": float,
    "boolean": _boolean,
}


def _cast(kind: str):
    if kind == "date":  # importing datetime costs a hook ~1.5 ms; most schemas have no dates
        import datetime

        return datetime.date.fromisoformat
    return _CASTS[kind]


def _field_checker(field: dict):
    """A function (text) -> (value, broken rule or None) for one field."""
    cast = _cast(field.get("type", "string"))
    c = field.get("constraints", {})
    pattern = re.compile(c["pattern"]).fullmatch if "pattern" in c else None
    enum = set(c["enum"]) if "enum" in c else None
    low, high = c.get("minimum"), c.get("maximum")
    min_len, max_len = c.get("minLength"), c.get("maxLength")

    def check(text: str):
        try:
            value = cast(text)
        except ValueError:
            return None, "type"
        if enum is not None and value not in enum:
            return value, "enum"
        if pattern is not None and not pattern(text):
            return value, "pattern"
        if low is not None and value < low:
            return value, "minimum"
        if high is not None and value > high:
            return value, "maximum"
        if min_len is not None and len(text) < min_len:
            return value, "minLength"
        if max_len is not None and len(text) > max_len:
            return value, "maxLength"
        return value, None

    return check


def errors(schema: dict, data: bytes, limit: int = 20) -> Iterator[tuple[int, str]]:
    """(line, message) for each problem, at most `limit`; line 1 is the header."""
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig")))
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
            for i, text in enumerate(row):
                if text in missing:
                    if required[i]:
                        yield line, f"column '{names[i]}': value is required (rule: required)"
                        count += 1
                    continue
                value, broken = checks[i](text)
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
                k = tuple(row[i] for i in key_index)
                if k in seen_keys and not set(unique) >= set(key_index):
                    yield line, f"primary key {k} repeats line {seen_keys[k]} (rule: primaryKey)"
                    count += 1
                seen_keys.setdefault(k, line)
        if count >= limit:
            return
