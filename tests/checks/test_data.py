"""Check kinds of policies/data.yaml: Table Schemas are valid, and their CSV samples conform."""

from __future__ import annotations

import pytest
from helpers import run_kind

SCHEMA = "schemas/churn.schema.yaml"
SAMPLE = "schemas/samples/churn.csv"
GLOB = "schemas/*.schema.yaml"
TABLE_SCHEMA = """\
# Data contract for the churn dataset (Frictionless Table Schema).
name: churn
fields:
  - name: customer_id
    type: string
    constraints:
      required: true
      unique: true
      pattern: "C[0-9]{4}"
  - name: tenure_months
    type: integer
    constraints:
      required: true
      minimum: 0
  - name: contract
    type: string
    constraints:
      enum: [month-to-month, one-year, two-year]
  - name: churned
    type: boolean
primaryKey: [customer_id]
missingValues: [""]
"""
CSV = """\
customer_id,tenure_months,contract,churned
C0001,41,one-year,true
C0002,68,month-to-month,false
C0003,4,two-year,true
"""


def samples(tmp_path, csv: str, schema: str = TABLE_SCHEMA):
    files = {SCHEMA: schema, SAMPLE: csv}
    return run_kind("table_samples", tmp_path, files, glob=GLOB, samples="schemas/samples")


def test_an_unknown_field_type_is_reported_at_its_line(tmp_path):
    files = {SCHEMA: TABLE_SCHEMA.replace("type: integer", "type: int")}
    found = run_kind("table_schemas", tmp_path, files, glob=GLOB)
    assert [(f.path, f.line) for f in found] == [(SCHEMA, 11)]
    assert found[0].message.startswith("fields[1].type: must be one of: string, integer")


def test_an_unknown_constraint_is_reported_at_its_line(tmp_path):
    files = {SCHEMA: TABLE_SCHEMA.replace("minimum: 0", "min: 0")}
    found = run_kind("table_schemas", tmp_path, files, glob=GLOB)
    assert [(f.path, f.line, f.message) for f in found] == [
        (SCHEMA, 14, "fields[1].constraints.min: unknown field 'min'")
    ]


def test_a_table_schema_without_fields_is_reported_at_line_1(tmp_path):
    files = {SCHEMA: "name: churn\n"}
    found = run_kind("table_schemas", tmp_path, files, glob=GLOB)
    assert [(f.path, f.line) for f in found] == [(SCHEMA, 1)]
    assert "missing required field 'fields'" in found[0].message


def test_a_valid_table_schema_passes_and_other_yaml_is_not_read_as_one(tmp_path):
    files = {SCHEMA: TABLE_SCHEMA, "schemas/README.yaml": "notes: not a schema\n"}
    assert run_kind("table_schemas", tmp_path, files, glob=GLOB) == []


def test_a_sample_cell_breaking_its_pattern_is_reported_at_its_csv_line(tmp_path):
    found = samples(tmp_path, CSV.replace("C0003,", "C0003x,"))
    assert [(f.path, f.line, f.message) for f in found] == [
        (SAMPLE, 4, "column 'customer_id': 'C0003x' breaks pattern (rule: pattern)")
    ]


def test_a_repeated_unique_value_is_reported_at_its_second_line(tmp_path):
    found = samples(tmp_path, CSV + "C0002,12,one-year,false\n")
    assert [(f.path, f.line, f.message) for f in found] == [
        (SAMPLE, 5, "column 'customer_id': 'C0002' repeats line 3 (rule: unique)")
    ]


def test_wrong_type_enum_minimum_and_missing_required_cells_are_each_reported(tmp_path):
    bad = CSV.replace("C0001,41,", "C0001,forty,").replace("two-year", "three-year")
    found = samples(tmp_path, bad + "C0004,-1,one-year,true\n,3,one-year,false\n")
    assert [(f.line, f.message) for f in found] == [
        (2, "column 'tenure_months': 'forty' breaks type (rule: type)"),
        (4, "column 'contract': 'three-year' breaks enum (rule: enum)"),
        (5, "column 'tenure_months': '-1' breaks minimum (rule: minimum)"),
        (6, "column 'customer_id': value is required (rule: required)"),
    ]


def test_a_row_with_a_missing_cell_is_reported(tmp_path):
    found = samples(tmp_path, CSV + "C0004,12,one-year\n")
    assert [(f.path, f.line, f.message) for f in found] == [
        (SAMPLE, 5, "expected 4 cells, found 3")
    ]


def test_a_sample_header_out_of_order_is_reported_at_line_1(tmp_path):
    found = samples(tmp_path, CSV.replace("contract,churned", "churned,contract"))
    assert [(f.path, f.line) for f in found] == [(SAMPLE, 1)]
    assert found[0].message.startswith("header ['customer_id', 'tenure_months', 'churned'")


def test_a_conforming_sample_with_an_empty_optional_cell_passes(tmp_path):
    assert samples(tmp_path, CSV + "C0004,12,,false\n") == []


def test_a_schema_without_a_sample_passes(tmp_path):
    files = {SCHEMA: TABLE_SCHEMA, "schemas/samples/other.csv": "a\n1\n"}
    found = run_kind("table_samples", tmp_path, files, glob=GLOB, samples="schemas/samples")
    assert found == []


def test_a_sample_of_a_broken_schema_is_left_to_the_schema_rule(tmp_path):
    broken = TABLE_SCHEMA.replace("type: integer", "type: int")
    assert samples(tmp_path, CSV.replace("C0003,", "C0003x,"), schema=broken) == []


@pytest.mark.parametrize(
    ("extra", "unknown"),
    [("foreignKeys: [{fields: id, reference: {resource: '', fields: id}}]\n", "foreignKeys"),
     ("fieldsMatch: subset\n", "fieldsMatch")],
)  # fmt: skip
def test_unsupported_schema_options_are_refused_not_ignored(tmp_path, extra, unknown):
    found = run_kind("table_schemas", tmp_path, {SCHEMA: TABLE_SCHEMA + extra}, glob=GLOB)
    assert [f.message for f in found] == [f"{unknown}: unknown field '{unknown}'"]


@pytest.mark.parametrize("option", ["bareNumber: false", "groupChar: ','", "format: '%d/%m/%Y'"])
def test_unsupported_field_options_are_refused_not_ignored(tmp_path, option):
    text = TABLE_SCHEMA.replace("    type: integer\n", f"    type: integer\n    {option}\n", 1)
    found = run_kind("table_schemas", tmp_path, {SCHEMA: text}, glob=GLOB)
    assert len(found) == 1 and found[0].message.startswith("fields[1].")


def test_a_sample_validated_once_is_validated_again_when_it_changes(tmp_path, monkeypatch):
    """Sample results are kept by the two files' blob ids: a staged or unstaged edit of the
    sample must be validated again, not answered from what the clean one gave."""
    import subprocess

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "repo"
    files = {SCHEMA: TABLE_SCHEMA, SAMPLE: CSV}
    run_kind("table_samples", root, files, glob=GLOB, samples="schemas/samples")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    assert run_kind("table_samples", root, files, glob=GLOB, samples="schemas/samples") == []
    assert (
        run_kind("table_samples", root, files, glob=GLOB, samples="schemas/samples") == []
    )  # kept
    broken = {SCHEMA: TABLE_SCHEMA, SAMPLE: CSV.replace("C0002", "X0002")}
    unstaged = run_kind("table_samples", root, broken, glob=GLOB, samples="schemas/samples")
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    staged = run_kind("table_samples", root, broken, glob=GLOB, samples="schemas/samples")
    assert unstaged == staged
    assert [(f.path, f.line) for f in staged] == [(SAMPLE, 3)]
