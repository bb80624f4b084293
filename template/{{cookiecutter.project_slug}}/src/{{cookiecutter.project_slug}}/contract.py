"""The data contract: a Frictionless Table Schema (schemas/*.schema.yaml) as a pandera schema.

The YAML file stays the one contract. This module translates the parts of the standard the
project uses (types, required, unique, enum, pattern, minimum/maximum, minLength/maxLength) and
refuses anything else, so no rule is dropped silently. Every check is labelled with the Table
Schema rule it enforces, so a failure names that rule. (pandera's `from_frictionless_schema`
needs the `frictionless` package and its dependencies; this translation needs only pandera.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandera.pandas as pa
import yaml

from {{ cookiecutter.project_slug }}.errors import DataContractError

_DTYPES = {"string": "str", "integer": "int64", "number": "float64", "boolean": "boolean"}
_NULLABLE_DTYPES = {**_DTYPES, "integer": "Int64"}
_TRUE_VALUES = ["true", "True", "TRUE", "1"]
_FALSE_VALUES = ["false", "False", "FALSE", "0"]
_RULES = {"required", "unique", "enum", "pattern", "minimum", "maximum", "minLength", "maxLength"}


@dataclass(frozen=True)
class Contract:
    """A pandera schema plus what pandera cannot read from a CSV of strings by itself."""

    fields: dict[str, dict[str, Any]]  # name -> its Table Schema field
    missing_values: list[str]
    booleans: dict[str, dict[str, bool]]  # column -> {text: value}
    schema: pa.DataFrameSchema


def _checks(constraints: dict[str, Any]) -> list[pa.Check]:
    checks = []
    if "enum" in constraints:
        checks.append(pa.Check.isin(constraints["enum"], error="enum"))
    if "pattern" in constraints:
        checks.append(pa.Check.str_matches(f"(?:{constraints['pattern']})\\Z", error="pattern"))
    if "minimum" in constraints:
        checks.append(pa.Check.ge(constraints["minimum"], error="minimum"))
    if "maximum" in constraints:
        checks.append(pa.Check.le(constraints["maximum"], error="maximum"))
    if "minLength" in constraints:
        checks.append(pa.Check.str_length(min_value=constraints["minLength"], error="minLength"))
    if "maxLength" in constraints:
        checks.append(pa.Check.str_length(max_value=constraints["maxLength"], error="maxLength"))
    return checks


def _column(path: Path, field: dict[str, Any], primary_key: list[str]) -> pa.Column:
    name, kind = field.get("name"), field.get("type", "string")
    constraints = field.get("constraints", {})
    if kind not in _DTYPES:
        raise DataContractError(f"{path}: field '{name}' has unsupported type {kind!r}")
    unknown = set(constraints) - _RULES
    if unknown:
        raise DataContractError(f"{path}: field '{name}' has unsupported rules {sorted(unknown)}")
    required = bool(constraints.get("required")) or name in primary_key
    dtype = (_DTYPES if required else _NULLABLE_DTYPES)[kind]
    unique = bool(constraints.get("unique")) or primary_key == [name]
    return pa.Column(
        dtype, checks=_checks(constraints), nullable=not required, unique=unique, coerce=True
    )


def load_contract(path: Path) -> Contract:
    """Read a Table Schema and build the pandera schema that enforces it."""
    try:
        tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataContractError(f"{path}: cannot read schema: {exc}") from exc
    if not isinstance(tree, dict) or not isinstance(tree.get("fields"), list):
        raise DataContractError(f"{path}: a Table Schema needs a 'fields' list")
    primary_key = tree.get("primaryKey", [])
    primary_key = [primary_key] if isinstance(primary_key, str) else list(primary_key)
    fields = {field["name"]: field for field in tree["fields"]}
    columns = {name: _column(path, field, primary_key) for name, field in fields.items()}
    booleans = {
        name: {
            **dict.fromkeys(field.get("trueValues", _TRUE_VALUES), True),
            **dict.fromkeys(field.get("falseValues", _FALSE_VALUES), False),
        }
        for name, field in fields.items()
        if field.get("type") == "boolean"
    }
    unique_together = primary_key if len(primary_key) > 1 else None
    schema = pa.DataFrameSchema(columns, strict=True, ordered=True, unique=unique_together)
    return Contract(fields, list(tree.get("missingValues", [""])), booleans, schema)
