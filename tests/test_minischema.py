"""Our JSON Schema subset gives the same verdict as jsonschema on the schemas we ship."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from mlrepo.formats.schema import validate, where
from mlrepo.policy.resources import policies_root

POLICIES = Path(policies_root())

SCHEMAS = sorted((POLICIES / "schemas").glob("*.json"))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_shipped_schemas_are_valid_and_use_only_the_subset(path):
    schema = json.loads(path.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validate({}, schema)  # raises on any keyword outside the subset


def test_shipped_packs_validate_with_jsonschema_too():
    schema = json.loads((POLICIES / "schemas" / "rule-pack.schema.json").read_text())
    for pack in POLICIES.glob("*.yaml"):
        jsonschema.validate(yaml.safe_load(pack.read_text()), schema)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(-2, 2, allow_nan=False),
    st.sampled_from(["", "x", "@acme/ml", "eu", "internal", "minimal", "1.0.0", "high", "C0001"]),
)
DOCS = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "project",
                    "owners",
                    "data",
                    "risk",
                    "external_services",
                    "name",
                    "package",
                    "ml",
                    "data",
                    "platform",
                    "classification",
                    "residency",
                    "tier",
                    "team",
                    "model_name",
                    "version",
                    "license",
                    "stage",
                    "risk_tier",
                    "intended_use",
                    "datasets",
                    "id",
                    "fields",
                    "type",
                    "constraints",
                    "required",
                    "llm_providers",
                    "third_party_apis",
                    "provider",
                    "purpose",
                    "data_sent",
                    "primaryKey",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=20,
)
VERDICT_SCHEMAS = [p for p in SCHEMAS if p.name != "waivers.schema.json"]  # dates: YAML-only type


@pytest.mark.parametrize("path", VERDICT_SCHEMAS, ids=lambda p: p.name)
@settings(max_examples=300, deadline=None)
@given(document=DOCS)
def test_same_verdict_as_jsonschema(path, document):
    schema = json.loads(path.read_text())
    ours = not validate(document, schema)
    theirs = jsonschema.Draft202012Validator(schema).is_valid(document)
    assert ours == theirs


def test_errors_say_where():
    schema = json.loads((POLICIES / "schemas" / "project.schema.json").read_text())
    errors = validate({"project": {"name": "x"}, "owners": {"ml": "nope"}}, schema)
    places = {where(path) for path, _ in errors}
    assert "owners.ml" in places and "project" in places


def test_a_generated_project_file_is_valid_for_both(template_src, tmp_path):
    from helpers import copier_copy

    project = copier_copy(template_src, tmp_path / "p", {"genai": "yes"})
    document = yaml.safe_load((project / "governance" / "project.yaml").read_text())
    schema = json.loads((POLICIES / "schemas" / "project.schema.json").read_text())
    assert validate(document, schema) == []
    assert jsonschema.Draft202012Validator(schema).is_valid(document)
    document["external_services"]["llm_providers"][0].pop("purpose")
    assert validate(document, schema)
    assert not jsonschema.Draft202012Validator(schema).is_valid(document)


# Differential: the subset against jsonschema on generated values (conformance.md §2).
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([0.0, 1.0, 2.5, -1.0]),
    st.sampled_from(["", "a", "1", "true"]),
)  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("ab"), inner, max_size=2)
    ),
    max_leaves=6,
)


def _agrees(value, schema) -> None:
    expected = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).is_valid(value)
    assert (validate(value, schema) == []) == expected, (value, schema)


@settings(max_examples=300)
@given(VALUES, VALUES)
def test_const_agrees_with_jsonschema_booleans_are_not_numbers(value, const):
    _agrees(value, {"const": const})


@settings(max_examples=300)
@given(VALUES, st.lists(VALUES, min_size=1, max_size=3))
def test_enum_agrees_with_jsonschema(value, options):
    _agrees(value, {"enum": options})


@settings(max_examples=200)
@given(VALUES, st.sampled_from(["integer", "number", "boolean", "string", "array", "object"]))
def test_type_agrees_with_jsonschema(value, name):
    _agrees(value, {"type": name})


DATE_LIKE = st.one_of(
    st.sampled_from(["2026-01-31", "20260131", "2026-W05-6", "2026-W05", "2026-02-30",
                     "2026-1-31", "2026-01-31T00:00", "2026-01-31\n",
                     "\uff12\uff10\uff12\uff16-01-31"]),
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"),
)  # fmt: skip


@settings(max_examples=200)
@given(DATE_LIKE)
def test_format_date_agrees_with_jsonschema_on_strings(text):
    _agrees(text, {"type": "string", "format": "date"})


@pytest.mark.parametrize("value", [True, [True, False]])
def test_a_boolean_maturity_level_or_level_list_is_refused(value):
    """conformance.md: `maturity_level: true` passed enum [0, 1, 2]; `levels: [true]` too."""
    schema = {"type": "array", "items": {"enum": [0, 1, 2]}} if isinstance(value, list) else {
        "enum": [0, 1, 2]}  # fmt: skip
    assert validate(value, schema) != []
