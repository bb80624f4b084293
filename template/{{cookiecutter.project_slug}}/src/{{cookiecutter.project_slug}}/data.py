"""Stage 1, data: read a CSV and enforce its contract (schemas/*.schema.yaml) with pandera.

A table that breaks the contract stops the pipeline with the file, row, column and rule of the
first problem, so bad data never reaches training silently.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from {{ cookiecutter.project_slug }}.contract import Contract, load_contract
from {{ cookiecutter.project_slug }}.errors import DataContractError

__all__ = ["DataContractError", "load_table"]

_TYPE_CHECKS = ("coerce_dtype", "dtype")
_PANDERA_RULES = {"not_nullable": "required", "field_uniqueness": "unique"}


def _read_csv(data_path: Path, contract: Contract) -> pd.DataFrame:
    try:
        frame = pd.read_csv(
            data_path, dtype=str, keep_default_na=False, na_values=contract.missing_values
        )
    except (OSError, ValueError) as exc:  # pandas' ParserError is a ValueError
        raise DataContractError(f"{data_path}: cannot read data: {exc}") from exc
    header, expected = list(frame.columns), list(contract.fields)
    if header != expected:
        raise DataContractError(
            f"{data_path}: header {header} does not match the schema's fields {expected}"
        )
    for column, values in contract.booleans.items():
        # Unknown texts stay as they are, for pandera's type check to report.
        frame[column] = pd.Series(
            [values.get(text, text) for text in frame[column]], index=frame.index, dtype=object
        )
    return frame


def _rule(check: str) -> str:
    if check.startswith(_TYPE_CHECKS):
        return "type"
    return _PANDERA_RULES.get(check, check)


def _describe(contract: Contract, rule: str, column: str, value: Any) -> str:
    field = contract.fields[column]
    if rule == "type":
        return f"{value!r} is not a valid {field.get('type', 'string')} (rule: type)"
    if rule == "required":
        return "value is required (rule: required)"
    if rule == "unique":
        return f"{value!r} appears twice (rule: unique)"
    return f"{value!r} breaks {rule}={field['constraints'][rule]!r} (rule: {rule})"


def _problems(frame: pd.DataFrame, errors: pa.errors.SchemaErrors) -> list[tuple[int, str, str]]:
    """(row index, column, rule) of each broken cell, in file order; a duplicate's first
    occurrence is not a problem, and checks that ran on values of the wrong type are noise."""
    found = set()
    for case in errors.failure_cases.itertuples():
        if pd.isna(case.index):
            continue
        index, column, rule = int(case.index), str(case.column), _rule(str(case.check))
        if rule == "unique" and not frame[column].duplicated().iloc[index]:
            continue
        found.add((index, column, rule))
    order = {name: number for number, name in enumerate(frame.columns)}
    return sorted(found, key=lambda problem: (problem[0], order[problem[1]], problem[2] != "type"))


def load_table(data_path: Path, schema_path: Path) -> pd.DataFrame:
    """The rows of `data_path`, typed as the schema says; DataContractError names the first
    broken cell by row (the file's line number), column and rule."""
    contract = load_contract(schema_path)
    frame = _read_csv(data_path, contract)
    try:
        validated: pd.DataFrame = contract.schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        problems = _problems(frame, errors)
        if not problems:
            raise DataContractError(f"{data_path}: {errors}") from None
        index, column, rule = problems[0]
        value = frame[column].iloc[index]
        more = f" ({len(problems) - 1} more problems)" if len(problems) > 1 else ""
        where = f"{data_path}: row {index + 2}, column '{column}'"
        message = f"{where}: {_describe(contract, rule, column, value)}{more}"
        raise DataContractError(message) from None
    return validated
