"""Table Schema checks of shipped samples: field types, dates included."""

from __future__ import annotations

from mlrepo.formats.tables import errors

SCHEMA = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True}},
        {"name": "signed_up", "type": "date"},
        {"name": "active", "type": "boolean"},
    ]
}


def test_valid_rows_have_no_errors():
    data = b"id,signed_up,active\n1,2026-01-31,true\n2,,false\n"
    assert list(errors(SCHEMA, data)) == []


def test_each_bad_cell_is_reported_with_its_line_and_rule():
    data = b"id,signed_up,active\nx,2026-01-31,true\n2,2026-02-30,true\n3,2026-03-01,maybe\n"
    found = list(errors(SCHEMA, data))
    assert [line for line, _ in found] == [2, 3, 4]
    assert all("(rule: type)" in message for _, message in found)
    assert "'signed_up'" in found[1][1]
