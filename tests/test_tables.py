"""Table Schema checks of shipped samples: field types, dates included."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

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


# Differential: the same verdict as frictionless, the reference implementation (conformance.md §3).

# not "1_000": frictionless takes Python's digit grouping, which Table Schema does not have
CELLS = {
    "integer": ["1", "-2", "+3", "007", "1.0", "x", "", "12345678901234567890"],
    "number": ["1", "1.5", "-0.5", "1e3", "nan", "NaN", "INF", "-INF", "x", ".5", ""],
    "boolean": ["true", "false", "True", "FALSE", "1", "0", "yes", "no", "Y", "N", ""],
    # not "2026-1-5": frictionless's strptime takes it, against the spec's YYYY-MM-DD
    "date": ["2026-01-31", "20260131", "2026-W05-6", "2026-02-30", ""],
    "string": ["a", "ab", "abc", "A1", "", "café"],
}
CONSTRAINTS = {
    "integer": [{}, {"minimum": 0}, {"maximum": 5}, {"enum": [1, 2]}, {"required": True},
                {"unique": True}],
    "number": [{}, {"minimum": 0, "maximum": 1}, {"enum": [1.5]}, {"required": True}],
    "boolean": [{}, {"required": True}, {"enum": [True]}],
    "date": [{}, {"required": True}, {"unique": True}],
    "string": [{}, {"pattern": "[a-zé]+"}, {"minLength": 2}, {"maxLength": 2},
               {"enum": ["a", "A1"]}, {"required": True}, {"unique": True}],
}  # fmt: skip
OPTIONS = {"boolean": [{}, {"trueValues": ["Y"], "falseValues": ["N"]}]}


@st.composite
def tables(draw):
    kind = draw(st.sampled_from(sorted(CELLS)))
    field = {"name": "v", "type": kind, **draw(st.sampled_from(OPTIONS.get(kind, [{}])))}
    if constraints := draw(st.sampled_from(CONSTRAINTS[kind])):
        field["constraints"] = constraints
    schema = {"fields": [{"name": "id", "type": "integer"}, field]}
    if draw(st.booleans()):
        schema["primaryKey"] = ["id"]
    ids = draw(st.lists(st.sampled_from(["1", "2", "01", ""]), min_size=1, max_size=3))
    cells = draw(st.lists(st.sampled_from(CELLS[kind]), min_size=len(ids), max_size=len(ids)))
    assume(all(i or c for i, c in zip(ids, cells, strict=True)))  # a blank row: see below
    csv = "id,v\n" + "".join(f"{i},{c}\n" for i, c in zip(ids, cells, strict=True))
    return schema, csv.encode()


def frictionless_valid(schema: dict, data: bytes) -> bool:
    from frictionless import Resource, Schema

    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "t.csv").write_bytes(data)
        resource = Resource(path="t.csv", basepath=folder, schema=Schema.from_descriptor(schema))
        report = resource.validate()
    # blank rows are frictionless's own baseline check, not Table Schema's: none generated
    return report.valid


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_a_sample_gets_the_same_verdict_as_frictionless(case):
    schema, data = case
    assert (list(errors(schema, data)) == []) == frictionless_valid(schema, data), (schema, data)


@pytest.mark.parametrize(
    ("field", "message"),
    [({"name": "v", "type": "string", "constraints": {"minimum": 3}}, "'minimum' does not apply"),
     ({"name": "v", "type": "integer", "constraints": {"minLength": 1}}, "'minLength' does not")],
)  # fmt: skip
def test_a_constraint_that_does_not_fit_the_type_is_a_finding_not_a_traceback(field, message):
    [(line, text)] = list(errors({"fields": [field]}, b"v\n1\n"))
    assert line == 1 and message in text


@pytest.mark.parametrize("cell", ["2026-1-5", "1_000"])
def test_cells_frictionless_takes_against_the_spec_are_refused(cell):
    schema = {"fields": [{"name": "v", "type": "date" if "-" in cell else "integer"}]}
    assert len(list(errors(schema, f"v\n{cell}\n".encode()))) == 1


def test_a_latin_1_byte_is_a_finding_with_its_line():
    assert list(errors({"fields": [{"name": "v"}]}, b"v\ncaf\xe9\n")) == [
        (2, "not UTF-8 text (byte 0xe9)")
    ]
