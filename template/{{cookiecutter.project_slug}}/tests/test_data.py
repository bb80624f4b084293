from pathlib import Path

import pytest

from {{ cookiecutter.project_slug }}.config import Config
from {{ cookiecutter.project_slug }}.data import DataContractError, load_table


def test_shipped_sample_meets_its_contract(config: Config) -> None:
    rows = load_table(config.data_path, config.schema_path)
    assert len(rows) >= 300
    assert rows["churned"].dtype == "boolean"
    assert rows["tenure_months"].dtype == "int64"


@pytest.mark.parametrize(
    ("column", "bad_value", "rule"),
    [
        ("tenure_months", "twelve", "type"),
        ("churned", "maybe", "type"),
        ("contract", "", "required"),
        ("support_calls", "-1", "minimum"),
        ("monthly_charges", "99999", "maximum"),
        ("contract", "weekly", "enum"),
        ("customer_id", "X0001", "pattern"),
        ("customer_id", "C0001", "unique"),
    ],
)
def test_a_bad_row_is_refused_with_row_column_and_rule(
    config: Config, tmp_path: Path, column: str, bad_value: str, rule: str
) -> None:
    lines = config.data_path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[3].split(",")
    cells[header.index(column)] = bad_value
    lines[3] = ",".join(cells)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(DataContractError) as caught:
        load_table(bad, config.schema_path)
    message = str(caught.value)
    assert "row 4," in message
    assert f"column '{column}'" in message
    assert f"(rule: {rule})" in message


def test_a_header_that_differs_from_the_schema_is_refused(config: Config, tmp_path: Path) -> None:
    text = config.data_path.read_text(encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(text.replace("support_calls", "calls", 1), encoding="utf-8")
    with pytest.raises(DataContractError, match="does not match the schema's fields"):
        load_table(bad, config.schema_path)
