"""Stage 1, data: load a CSV and enforce its Table Schema (schemas/*.schema.yaml) row by row.

The schema file is the data contract. A row that breaks it stops the pipeline with the file, row,
column and rule, so bad data never reaches training silently.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml


class DataContractError(ValueError):
    """Data does not conform to its Table Schema (or the schema itself is unusable)."""


_TRUE = {"true", "True", "TRUE", "1", "yes"}
_FALSE = {"false", "False", "FALSE", "0", "no"}


def _as_boolean(text: str) -> bool:
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError


_CASTS: dict[str, Callable[[str], Any]] = {
    "string": str,
    "integer": int,
    "number": float,
    "boolean": _as_boolean,
}


def load_schema(path: Path) -> dict[str, Any]:
    """Read a Table Schema and refuse field types this loader cannot enforce."""
    try:
        schema = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataContractError(f"{path}: cannot read schema: {exc}") from exc
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        raise DataContractError(f"{path}: a Table Schema needs a 'fields' list")
    for field in schema["fields"]:
        kind = field.get("type", "string")
        if kind not in _CASTS:
            name = field.get("name")
            raise DataContractError(f"{path}: field '{name}' has unsupported type {kind!r}")
    return schema


def _check_constraints(value: Any, constraints: dict[str, Any]) -> str | None:
    """The name of the first constraint `value` breaks, or None."""
    if "enum" in constraints and value not in constraints["enum"]:
        return "enum"
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
        return "pattern"
    if "minimum" in constraints and value < constraints["minimum"]:
        return "minimum"
    if "maximum" in constraints and value > constraints["maximum"]:
        return "maximum"
    if "minLength" in constraints and len(value) < constraints["minLength"]:
        return "minLength"
    if "maxLength" in constraints and len(value) > constraints["maxLength"]:
        return "maxLength"
    return None


def load_table(data_path: Path, schema_path: Path) -> list[dict[str, Any]]:
    """Rows of `data_path` as typed dicts; raises DataContractError on the first broken rule."""
    schema = load_schema(schema_path)
    fields = schema["fields"]
    missing_values = set(schema.get("missingValues", [""]))
    unique_seen: dict[str, set[Any]] = {
        f["name"]: set() for f in fields if f.get("constraints", {}).get("unique")
    }
    try:
        handle = data_path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise DataContractError(f"{data_path}: cannot read data: {exc}") from exc
    rows = []
    with handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        expected = [f["name"] for f in fields]
        if header != expected:
            raise DataContractError(
                f"{data_path}: header {header} does not match the schema's fields {expected}"
            )
        for number, cells in enumerate(reader, start=2):
            if len(cells) != len(fields):
                raise DataContractError(
                    f"{data_path}: row {number}: expected {len(fields)} cells, got {len(cells)}"
                )
            rows.append(_parse_row(data_path, number, cells, fields, missing_values, unique_seen))
    return rows


def _parse_row(
    data_path: Path,
    number: int,
    cells: list[str],
    fields: list[dict[str, Any]],
    missing_values: set[str],
    unique_seen: dict[str, set[Any]],
) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for field, text in zip(fields, cells, strict=True):
        name, constraints = field["name"], field.get("constraints", {})
        where = f"{data_path}: row {number}, column '{name}'"
        if text in missing_values:
            if constraints.get("required"):
                raise DataContractError(f"{where}: value is required (rule: required)")
            row[name] = None
            continue
        try:
            value = _CASTS[field.get("type", "string")](text)
        except ValueError:
            raise DataContractError(
                f"{where}: {text!r} is not a valid {field.get('type')} (rule: type)"
            ) from None
        broken = _check_constraints(value, constraints)
        if broken:
            raise DataContractError(
                f"{where}: {text!r} breaks {broken}={constraints[broken]!r} (rule: {broken})"
            )
        if name in unique_seen:
            if value in unique_seen[name]:
                raise DataContractError(f"{where}: {text!r} appears twice (rule: unique)")
            unique_seen[name].add(value)
        row[name] = value
    return row
