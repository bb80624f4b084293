import pytest

from {{ cookiecutter.project_slug }}.data import DataContractError, load_table


def test_shipped_sample_meets_its_contract(config):
    rows = load_table(config.data_path, config.schema_path)
    assert len(rows) >= 50
    assert all(isinstance(r["churned"], bool) for r in rows)


@pytest.mark.parametrize(
    ("column", "bad_value", "rule"),
    [
        ("tenure_months", "twelve", "type"),
        ("contract", "", "required"),
        ("support_calls", "-1", "minimum"),
        ("contract", "weekly", "enum"),
        ("customer_id", "X0001", "pattern"),
    ],
)
def test_a_bad_row_is_rejected_with_row_column_and_rule(config, tmp_path, column, bad_value, rule):
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
    assert "row 4" in message
    assert f"column '{column}'" in message
    assert f"(rule: {rule})" in message
