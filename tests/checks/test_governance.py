"""Check kinds of policies/governance.yaml: the model card's front matter, project facts, waivers
and the branch ruleset, each against its schema."""

from __future__ import annotations

import datetime as dt

from helpers import run_kind

CARD = "docs/model_card.md"
CARD_SCHEMA = {"path": CARD, "schema": "model-card.schema.json"}
MODEL_CARD = """\
---
model_name: churn_model
version: 0.1.0
license: MIT
owners:
  - team: "@acme/ml"
    contact: ml@acme.example
stage: experimentation
risk_tier: minimal
intended_use: Flag customers likely to churn for a retention call.
datasets:
  - id: churn
---

# Model card: churn model
"""
PROJECT = "governance/project.yaml"
PROJECT_SCHEMA = {"path": PROJECT, "schema": "project.schema.json"}
PROJECT_YAML = """\
project:
  name: Churn model
  package: churn_model
owners:
  ml: "@acme/ml"
  data: "@acme/data"
  platform: "@acme/platform"
data:
  classification: internal
  residency: eu
risk:
  tier: minimal
external_services:
  llm_providers: []
  third_party_apis: []
"""
WAIVERS = "governance/waivers.yaml"
RULESET = ".github/rulesets/main.json"
RULESET_SCHEMA = {"path": RULESET, "schema": "github-ruleset.schema.json"}
RULESET_JSON = """\
{
  "name": "main",
  "target": "branch",
  "enforcement": "evaluate",
  "conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []}},
  "rules": [
    {"type": "deletion"},
    {
      "type": "pull_request",
      "parameters": {"required_approving_review_count": 1, "require_code_owner_review": true}
    },
    {
      "type": "required_status_checks",
      "parameters": {"required_status_checks": [{"context": "tests"}, {"context": "checks"}]}
    }
  ]
}
"""


def waiver(rule: str, days: int, approver: str = "'@jane'") -> str:
    expires = (dt.date.today() + dt.timedelta(days=days)).isoformat()
    return (
        f"  - rule: {rule}\n    reason: Model file until the registry exists.\n"
        f"    approver: {approver}\n    expires: {expires}\n"
    )


def test_a_model_card_value_outside_its_enum_is_reported_at_its_line(tmp_path):
    files = {CARD: MODEL_CARD.replace("risk_tier: minimal", "risk_tier: moderate")}
    found = run_kind("front_matter_schema", tmp_path, files, **CARD_SCHEMA)
    assert [(f.path, f.line) for f in found] == [(CARD, 9)]
    assert found[0].message == "risk_tier: must be one of: minimal, limited, high"


def test_a_nested_model_card_error_names_its_path_and_line(tmp_path):
    files = {CARD: MODEL_CARD.replace('team: "@acme/ml"', "team: acme-ml")}
    found = run_kind("front_matter_schema", tmp_path, files, **CARD_SCHEMA)
    assert [(f.path, f.line) for f in found] == [(CARD, 6)]
    assert found[0].message.startswith("owners[0].team: must match")


def test_a_missing_model_card_field_is_reported_at_the_top_of_the_front_matter(tmp_path):
    files = {CARD: MODEL_CARD.replace("license: MIT\n", "")}
    found = run_kind("front_matter_schema", tmp_path, files, **CARD_SCHEMA)
    assert [(f.path, f.line) for f in found] == [(CARD, 2)]
    assert "missing required field 'license'" in found[0].message


def test_a_model_card_without_front_matter_is_reported_at_line_1(tmp_path):
    files = {CARD: "# Model card: churn model\n\nmodel_name: churn_model\n"}
    found = run_kind("front_matter_schema", tmp_path, files, **CARD_SCHEMA)
    assert [(f.path, f.line) for f in found] == [(CARD, 1)]
    assert "no YAML front matter" in found[0].message


def test_front_matter_that_is_not_a_mapping_is_reported_at_line_2(tmp_path):
    files = {CARD: "---\n- churn_model\n- 0.1.0\n---\n\n# Model card\n"}
    found = run_kind("front_matter_schema", tmp_path, files, **CARD_SCHEMA)
    assert [(f.path, f.line, f.message) for f in found] == [
        (CARD, 2, "front matter must be a mapping of fields")
    ]


def test_a_complete_model_card_passes(tmp_path):
    assert run_kind("front_matter_schema", tmp_path, {CARD: MODEL_CARD}, **CARD_SCHEMA) == []


def test_a_missing_model_card_is_left_to_the_required_files_rule(tmp_path):
    assert run_kind("front_matter_schema", tmp_path, {"README.md": "x\n"}, **CARD_SCHEMA) == []


def test_an_unknown_data_classification_is_reported_at_its_line(tmp_path):
    files = {PROJECT: PROJECT_YAML.replace("classification: internal", "classification: secret")}
    found = run_kind("yaml_schema", tmp_path, files, **PROJECT_SCHEMA)
    assert [(f.path, f.line) for f in found] == [(PROJECT, 9)]
    assert found[0].message.startswith("data.classification: must be one of: public, internal")


def test_a_missing_project_fact_is_reported_at_line_1(tmp_path):
    files = {PROJECT: PROJECT_YAML.replace("risk:\n  tier: minimal\n", "")}
    found = run_kind("yaml_schema", tmp_path, files, **PROJECT_SCHEMA)
    assert [(f.path, f.line, f.message) for f in found] == [
        (PROJECT, 1, "(top level): missing required field 'risk'")
    ]


def test_complete_project_facts_pass(tmp_path):
    assert run_kind("yaml_schema", tmp_path, {PROJECT: PROJECT_YAML}, **PROJECT_SCHEMA) == []


def test_an_expired_waiver_is_reported_at_its_entry(tmp_path):
    files = {WAIVERS: "# Approved exceptions.\nwaivers:\n" + waiver("HYG002", -1)}
    found = run_kind("waivers", tmp_path, files, path=WAIVERS, max_days=90)
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    assert [(f.path, f.line, f.message) for f in found] == [
        (WAIVERS, 3, f"waivers[0]: expired on {yesterday}")
    ]


def test_a_waiver_one_day_past_the_horizon_is_reported_and_one_at_it_passes(tmp_path):
    files = {WAIVERS: "waivers:\n" + waiver("HYG002", 90) + waiver("SEC001", 91)}
    found = run_kind("waivers", tmp_path, files, path=WAIVERS, max_days=90)
    assert [(f.path, f.line) for f in found] == [(WAIVERS, 6)]
    assert found[0].message.startswith("waivers[1]: expires ")
    assert found[0].message.endswith(", more than 90 days from today")


def test_a_waiver_for_an_unknown_rule_is_reported(tmp_path):
    files = {WAIVERS: "waivers:\n" + waiver("HYG999", 30)}
    found = run_kind("waivers", tmp_path, files, path=WAIVERS, max_days=90)
    assert [(f.path, f.line, f.message) for f in found] == [
        (WAIVERS, 2, "waivers[0]: rule 'HYG999' does not exist")
    ]


def test_a_waiver_without_an_at_handle_approver_is_reported_at_the_approver_line(tmp_path):
    files = {WAIVERS: "waivers:\n" + waiver("HYG002", 30, approver="jane")}
    found = run_kind("waivers", tmp_path, files, path=WAIVERS, max_days=90)
    assert [(f.path, f.line, f.message) for f in found] == [
        (WAIVERS, 4, "waivers[0].approver: must match '^@'")
    ]


def test_the_waiver_horizon_defaults_to_90_days(tmp_path):
    files = {WAIVERS: "waivers:\n" + waiver("HYG002", 91)}
    found = run_kind("waivers", tmp_path, files)
    assert [(f.path, f.line) for f in found] == [(WAIVERS, 2)]


def test_valid_waivers_expiring_today_or_within_the_horizon_pass(tmp_path):
    files = {WAIVERS: "waivers:\n" + waiver("HYG002", 0) + waiver("SEC001", 30)}
    assert run_kind("waivers", tmp_path, files, path=WAIVERS, max_days=90) == []


def test_an_empty_waiver_list_passes(tmp_path):
    files = {WAIVERS: "waivers: []\n"}
    assert run_kind("waivers", tmp_path, files, path=WAIVERS, max_days=90) == []


def test_a_ruleset_without_code_owner_review_is_reported(tmp_path):
    text = RULESET_JSON.replace(
        '"require_code_owner_review": true', '"require_code_owner_review": false'
    )
    found = run_kind("ruleset", tmp_path, {RULESET: text}, **RULESET_SCHEMA)
    assert [(f.path, f.line) for f in found] == [(RULESET, None)]
    assert "no pull_request rule with require_code_owner_review: true" in found[0].message


def test_a_ruleset_without_required_status_checks_is_reported(tmp_path):
    text = RULESET_JSON.replace('[{"context": "tests"}, {"context": "checks"}]', "[]")
    found = run_kind("ruleset", tmp_path, {RULESET: text}, **RULESET_SCHEMA)
    assert [(f.path, f.line) for f in found] == [(RULESET, None)]
    assert "no required_status_checks rule" in found[0].message


def test_a_missing_ruleset_is_reported_by_its_path(tmp_path):
    found = run_kind("ruleset", tmp_path, {"README.md": "x\n"}, **RULESET_SCHEMA)
    assert [(f.path, f.line) for f in found] == [(RULESET, None)]
    assert found[0].message.startswith("missing: nothing requires code-owner review")


def test_a_ruleset_of_the_wrong_shape_is_reported_at_the_bad_key_only(tmp_path):
    text = RULESET_JSON.replace('"enforcement": "evaluate"', '"enforcement": "on"')
    found = run_kind("ruleset", tmp_path, {RULESET: text}, **RULESET_SCHEMA)
    assert [(f.path, f.line) for f in found] == [(RULESET, 4)]
    assert found[0].message == "enforcement: must be one of: active, evaluate, disabled"


def test_a_ruleset_requiring_code_owner_review_and_checks_passes(tmp_path):
    assert run_kind("ruleset", tmp_path, {RULESET: RULESET_JSON}, **RULESET_SCHEMA) == []
