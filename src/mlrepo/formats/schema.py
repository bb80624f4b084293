"""A small JSON Schema (2020-12 subset) validator for the schemas mlrepo ships.

jsonschema takes ~100 ms to import, more than a whole `mlrepo check` may cost, so checks use this
subset; tests validate the same documents with jsonschema to prove the two agree. A schema using
a keyword outside the subset is refused, so it can never be silently half-checked.
"""

from __future__ import annotations

import re
import sys

SUPPORTED = {
    "$schema", "$id", "$defs", "$ref", "title", "description", "type", "properties", "required",
    "additionalProperties", "items", "enum", "const", "pattern", "minLength", "maxLength",
    "minimum", "maximum", "minItems", "anyOf", "format", "examples", "default",
}  # fmt: skip
_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


def _is_type(value: object, name: str) -> bool:
    if name == "integer":
        if isinstance(value, float):
            return value.is_integer()  # 2020-12: 1.0 is an integer
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if name == "string" and _is_date(value):
        return False
    return isinstance(value, _TYPES[name])


def _is_date(value: object) -> bool:
    # No date object can exist before datetime is imported, so hooks need not import it.
    datetime = sys.modules.get("datetime")
    return datetime is not None and isinstance(value, datetime.date)


def _same(a: object, b: object) -> bool:
    """JSON equality: `true` is not `1` (Python's True == 1 is), `1` is `1.0`, recursively."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # RFC 3339 full-date, not ISO's 20260131


def _format_ok(value: object, fmt: str) -> bool:
    if fmt == "date":
        if _is_date(value):
            return True
        # Stricter than 2020-12 on purpose: a non-string is refused, never waved through.
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            return False
        import datetime

        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return False
    return True


def validate(document: object, schema: dict) -> list[tuple[tuple, str]]:
    """Every violation as (path inside the document, message); empty when valid."""
    errors: list[tuple[tuple, str]] = []
    _check(document, schema, schema, (), errors)
    return errors


def _check(value: object, schema: dict, root: dict, path: tuple, errors: list) -> None:
    unknown = set(schema) - SUPPORTED
    if unknown:
        raise ValueError(f"schema keyword(s) not supported: {sorted(unknown)}")
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        _check(value, root["$defs"][name], root, path, errors)
    if "anyOf" in schema and all(validate_with_root(value, s, root) for s in schema["anyOf"]):
        errors.append((path, "matches none of the allowed forms"))
        return
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(value, t) for t in types):
            errors.append((path, f"must be of type {' or '.join(types)}"))
            return
    if "const" in schema and not _same(value, schema["const"]):
        errors.append((path, f"must be {schema['const']!r}"))
    if "enum" in schema and not any(_same(value, option) for option in schema["enum"]):
        errors.append((path, f"must be one of: {', '.join(map(str, schema['enum']))}"))
    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            errors.append((path, f"must have at least {schema['minLength']} characters"))
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            errors.append((path, f"must have at most {schema['maxLength']} characters"))
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append((path, f"must match {schema['pattern']!r}"))
    if "format" in schema and not _format_ok(value, schema["format"]):
        errors.append((path, f"must be a {schema['format']} (YYYY-MM-DD)"))
    if _is_type(value, "number"):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append((path, f"must be at least {schema['minimum']}"))
        if "maximum" in schema and value > schema["maximum"]:
            errors.append((path, f"must be at most {schema['maximum']}"))
    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            errors.append((path, f"must have at least {schema['minItems']} item(s)"))
        if "items" in schema:
            for index, item in enumerate(value):
                _check(item, schema["items"], root, (*path, index), errors)
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append((path, f"missing required field '{key}'"))
        properties = schema.get("properties", {})
        for key, item in value.items():
            if key in properties:
                _check(item, properties[key], root, (*path, key), errors)
            elif schema.get("additionalProperties") is False:
                errors.append(((*path, key), f"unknown field '{key}'"))
            elif isinstance(schema.get("additionalProperties"), dict):
                _check(item, schema["additionalProperties"], root, (*path, key), errors)


def validate_with_root(value: object, schema: dict, root: dict) -> list:
    errors: list = []
    _check(value, schema, root, (), errors)
    return errors


def where(path: tuple) -> str:
    """A readable location: ('owners', 0, 'team') -> 'owners[0].team'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"
