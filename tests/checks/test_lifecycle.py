"""Check kinds of policies/lifecycle.yaml: stage-dependent model card fields, the Annex IV
document of a high-risk model, provider allow-lists and residency before production."""

from __future__ import annotations

from helpers import run_kind

CARD = "docs/model_card.md"
PROJECT = "governance/project.yaml"
ANNEX = "docs/compliance/annex_iv.md"
STAGE_FIELDS = {
    "ab_test": ["metrics", "limitations", "approvals"],
    "production": ["metrics", "limitations", "approvals", "out_of_scope_use", "data_residency"],
}
HEADINGS = [
    "General description",
    "Elements and development process",
    "Monitoring, functioning and control",
    "Appropriateness of the performance metrics",
    "Risk management system",
    "Lifecycle changes",
    "Harmonised standards",
    "EU declaration of conformity",
    "Post-market monitoring",
]
ANNEX_IV = "# Annex IV technical documentation\n\n" + "".join(
    f"## {number}. {heading}\n\nTo be completed.\n\n" for number, heading in enumerate(HEADINGS, 1)
)
MODEL_CARD = """\
---
model_name: churn_model
version: 1.2.0
license: MIT
owners:
  - team: "@acme/ml"
stage: production
risk_tier: minimal
intended_use: Flag customers likely to churn for a retention call.
out_of_scope_use: Decisions about individuals without human review.
datasets:
  - id: churn
metrics:
  - {type: accuracy, value: 0.93}
limitations: Trained on one market only.
data_residency: eu
approvals:
  - {gate: production, approver: "@jane", date: 2026-11-01}
---

# Model card: churn model
"""
PROJECT_YAML = """\
project:
  name: Churn model
  package: churn_model
data:
  classification: internal
  residency: eu
risk:
  tier: minimal
external_services:
  llm_providers:
    - provider: azure-openai
      purpose: Summarise support tickets for the churn review.
      data_sent: Ticket text without personal data.
  third_party_apis:
    - provider: acme-geocoder
      purpose: Region of the customer's address.
      data_sent: Postcode.
"""
RESIDENCY = {"project": PROJECT, "model_card": CARD, "undeclared": ["any", "unknown", "tbd"]}
CONFIDENTIAL = ["confidential", "restricted"]


def test_an_ab_test_card_with_empty_metrics_is_reported_at_the_metrics_line(tmp_path):
    card = MODEL_CARD.replace("stage: production", "stage: ab_test").replace(
        "metrics:\n  - {type: accuracy, value: 0.93}", "metrics: []"
    )
    found = run_kind("model_card_stage", tmp_path, {CARD: card}, path=CARD, required=STAGE_FIELDS)
    assert [(f.path, f.line) for f in found] == [(CARD, 13)]
    assert found[0].message == "stage 'ab_test' requires a non-empty 'metrics'"


def test_a_field_missing_at_production_is_reported_at_the_stage_line(tmp_path):
    card = MODEL_CARD.replace("data_residency: eu\n", "")
    found = run_kind("model_card_stage", tmp_path, {CARD: card}, path=CARD, required=STAGE_FIELDS)
    assert [(f.path, f.line) for f in found] == [(CARD, 7)]
    assert found[0].message == "stage 'production' requires a non-empty 'data_residency'"


def test_out_of_scope_use_is_not_required_at_ab_test(tmp_path):
    card = MODEL_CARD.replace("stage: production", "stage: ab_test")
    card = card.replace("out_of_scope_use: Decisions about individuals without human review.\n", "")
    assert (
        run_kind("model_card_stage", tmp_path, {CARD: card}, path=CARD, required=STAGE_FIELDS) == []
    )


def test_an_experimentation_card_needs_no_stage_fields(tmp_path):
    card = MODEL_CARD.replace("stage: production", "stage: experimentation").split("metrics:")[0]
    card += "---\n"
    assert (
        run_kind("model_card_stage", tmp_path, {CARD: card}, path=CARD, required=STAGE_FIELDS) == []
    )


def test_a_complete_production_card_passes(tmp_path):
    found = run_kind(
        "model_card_stage", tmp_path, {CARD: MODEL_CARD}, path=CARD, required=STAGE_FIELDS
    )
    assert found == []


def test_a_high_risk_card_with_an_annex_iv_section_missing_is_reported(tmp_path):
    files = {
        CARD: MODEL_CARD.replace("risk_tier: minimal", "risk_tier: high"),
        ANNEX: ANNEX_IV.replace("## 5. Risk management system", "## 5. Risks"),
    }
    found = run_kind("annex_iv", tmp_path, files, path=ANNEX, headings=HEADINGS)
    assert [(f.path, f.line, f.message) for f in found] == [
        (ANNEX, None, "no 'Risk management system' section")
    ]


def test_a_high_risk_tier_in_the_project_facts_requires_the_annex_iv_file(tmp_path):
    files = {CARD: MODEL_CARD, PROJECT: PROJECT_YAML.replace("tier: minimal", "tier: high")}
    found = run_kind("annex_iv", tmp_path, files, path=ANNEX, headings=HEADINGS)
    assert [(f.path, f.line, f.message) for f in found] == [
        (ANNEX, None, "missing: the risk tier is high")
    ]


def test_a_complete_annex_iv_with_numbered_headings_passes(tmp_path):
    files = {CARD: MODEL_CARD.replace("risk_tier: minimal", "risk_tier: high"), ANNEX: ANNEX_IV}
    assert run_kind("annex_iv", tmp_path, files, path=ANNEX, headings=HEADINGS) == []


def test_a_model_that_is_not_high_risk_needs_no_annex_iv(tmp_path):
    files = {CARD: MODEL_CARD, PROJECT: PROJECT_YAML}
    assert run_kind("annex_iv", tmp_path, files, path=ANNEX, headings=HEADINGS) == []


def test_each_provider_of_confidential_data_off_the_allow_list_is_reported_at_its_entry(tmp_path):
    files = {
        PROJECT: PROJECT_YAML.replace("classification: internal", "classification: confidential")
    }
    found = run_kind(
        "provider_allow_list", tmp_path, files, classifications=CONFIDENTIAL, allowed=[]
    )
    assert [(f.path, f.line) for f in found] == [(PROJECT, 11), (PROJECT, 15)]
    assert found[0].message == (
        "confidential data with provider 'azure-openai', which is not on the allow-list"
    )
    assert "provider 'acme-geocoder'" in found[1].message


def test_only_providers_missing_from_the_allow_list_are_reported(tmp_path):
    files = {
        PROJECT: PROJECT_YAML.replace("classification: internal", "classification: restricted")
    }
    found = run_kind(
        "provider_allow_list",
        tmp_path,
        files,
        classifications=CONFIDENTIAL,
        allowed=["azure-openai"],
    )
    assert [(f.path, f.line) for f in found] == [(PROJECT, 15)]


def test_the_allow_list_is_empty_by_default(tmp_path):
    files = {
        PROJECT: PROJECT_YAML.replace("classification: internal", "classification: restricted")
    }
    found = run_kind("provider_allow_list", tmp_path, files, classifications=CONFIDENTIAL)
    assert [(f.path, f.line) for f in found] == [(PROJECT, 11), (PROJECT, 15)]


def test_internal_data_may_go_to_any_provider(tmp_path):
    files = {PROJECT: PROJECT_YAML}
    assert run_kind("provider_allow_list", tmp_path, files, classifications=CONFIDENTIAL) == []


def test_an_undeclared_residency_in_production_is_reported_at_its_line(tmp_path):
    files = {CARD: MODEL_CARD, PROJECT: PROJECT_YAML.replace("residency: eu", "residency: TBD")}
    found = run_kind("residency_before_production", tmp_path, files, **RESIDENCY)
    assert [(f.path, f.line, f.message) for f in found] == [
        (PROJECT, 6, "the model is in production but residency is 'TBD'")
    ]


def test_a_missing_residency_in_production_is_reported_at_the_project_file(tmp_path):
    files = {CARD: MODEL_CARD, PROJECT: PROJECT_YAML.replace("  residency: eu\n", "")}
    found = run_kind("residency_before_production", tmp_path, files, **RESIDENCY)
    assert [(f.path, f.line) for f in found] == [(PROJECT, None)]
    assert found[0].message == "the model is in production but residency is None"


def test_a_declared_residency_in_production_passes(tmp_path):
    files = {CARD: MODEL_CARD, PROJECT: PROJECT_YAML}
    assert run_kind("residency_before_production", tmp_path, files, **RESIDENCY) == []


def test_residency_may_stay_undeclared_before_production(tmp_path):
    files = {
        CARD: MODEL_CARD.replace("stage: production", "stage: ab_test"),
        PROJECT: PROJECT_YAML.replace("residency: eu", "residency: any"),
    }
    assert run_kind("residency_before_production", tmp_path, files, **RESIDENCY) == []


GATES = "governance/stage_gates.yaml"
GATES_TEXT = """\
stages:
  experimentation:
    evidence: [docs/model_card.md]
  production:
    evidence:
      - docs/model_card.md
      - schemas/churn.schema.yaml
      - docs/evaluation/
"""


def _evidence(tmp_path, stage: str, *present: str):
    files = {GATES: GATES_TEXT, CARD: f"---\nstage: {stage}\n---\n# Card\n"}
    files.update({path: "x\n" for path in present})
    return run_kind("stage_evidence", tmp_path, files, gates=GATES, model_card=CARD)


def test_production_with_the_schema_deleted_is_reported_at_the_evidence_line(tmp_path):
    """The issue's shape: production passed with the data contract gone."""
    found = _evidence(tmp_path, "production", "docs/evaluation/report.md")
    assert [(f.path, f.line) for f in found] == [(GATES, 7)]
    assert "'schemas/churn.schema.yaml'" in found[0].message


def test_an_empty_evidence_folder_is_missing_evidence(tmp_path):
    found = _evidence(tmp_path, "production", "schemas/churn.schema.yaml")
    assert [(f.path, f.line) for f in found] == [(GATES, 8)]


def test_the_evidence_of_other_stages_is_not_required(tmp_path):
    assert _evidence(tmp_path, "experimentation") == []


def test_all_evidence_present_passes(tmp_path):
    present = ("schemas/churn.schema.yaml", "docs/evaluation/report.md")
    assert _evidence(tmp_path, "production", *present) == []
