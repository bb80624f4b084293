"""Every rule, planted once: a fresh generated repository passes, and one planted violation makes
exactly that rule fire, at the right file and line, with its fix printed."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from helpers import copier_copy

from mlrepo.cli import main
from mlrepo.resources import policies_root

POLICIES = Path(policies_root())


@pytest.fixture(scope="session")
def fresh(template_src, tmp_path_factory):
    """One pristine generated repository per maturity level (copied per test)."""
    out = {}
    for level in "012":
        dest = tmp_path_factory.mktemp(f"fresh{level}") / "repo"
        copier_copy(template_src, dest, {"maturity_level": level, "genai": "yes"})
        out[level] = dest
    return out


def _repo(fresh, tmp_path, level: str) -> Path:
    dest = tmp_path / "repo"
    shutil.copytree(fresh[level], dest)
    subprocess.run(["git", "init", "-q"], cwd=dest, check=True)
    return dest


def _check(root: Path, capsys, *extra: str) -> tuple[int, dict, str]:
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    code = main(["check", str(root), "--format", "json", *extra])
    report = json.loads(capsys.readouterr().out)
    main(["check", str(root), *extra])
    return code, report, capsys.readouterr().out


@pytest.mark.parametrize("level", ["0", "1", "2"])
def test_a_fresh_repository_has_no_findings(fresh, tmp_path, capsys, level):
    code, report, _ = _check(_repo(fresh, tmp_path, level), capsys)
    assert report["findings"] == []
    assert code == 0
    assert len(report["rules_run"]) >= 20


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, count))


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


GOOD_DOCKERFILE = """\
FROM python:3.11-slim-bookworm{digest} AS build
COPY . /src
FROM python:3.11-slim-bookworm{digest}
COPY --from=build /src /app
USER 10001:10001
ENTRYPOINT ["python", "-m", "churn_model"]
"""


def dockerfile(repo: Path, level: str, old: str = "", new: str = "") -> Path:
    digest = "@sha256:" + "a" * 64 if level == "2" else ""
    text = GOOD_DOCKERFILE.format(digest=digest)
    if old:
        assert old in text
        text = text.replace(old, new)
    (repo / "Dockerfile").write_text(text)
    return repo / "Dockerfile"


def plant_codeowners_line(repo, line):
    path = repo / ".github/CODEOWNERS"
    path.write_text(path.read_text() + line + "\n")
    return ".github/CODEOWNERS", len(path.read_text().splitlines())


def _in(repo, rel, old, new, needle=None):
    edit(repo / rel, old, new)
    return rel, line_of(repo / rel, needle) if needle else None


NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": 3,
            "metadata": {},
            "source": ["1+1"],
            "outputs": [{"output_type": "execute_result", "data": {"text/plain": ["2"]}}],
        }
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def _delete(repo, rel):
    (repo / rel).unlink()
    return rel, None


def _no_default_owner(repo):
    edit(repo / ".github/CODEOWNERS", "*                         @acme/ml", "# no default owner")
    return ".gitignore", None  # findings are per unowned file; this one sorts first


def _notebook(repo):
    (repo / "notebooks/01-jd-explore.ipynb").write_text(json.dumps(NOTEBOOK))
    return "notebooks/01-jd-explore.ipynb", None


def _big_file(repo):
    (repo / "models").mkdir()
    (repo / "models/model.bin").write_bytes(b"\0" * 1_500_000)
    return "models/model.bin", None


def _secret(repo):
    path = repo / "configs/credentials.py"
    path.write_text('"""Settings."""\n\nAWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"\n')
    return "configs/credentials.py", 3


def _expired_waiver(repo):
    path = repo / "governance/waivers.yaml"
    edit(
        path,
        "waivers: []",
        "waivers:\n  - rule: HYG002\n    reason: Model file until the registry exists.\n"
        "    approver: '@jane'\n    expires: 2020-01-31\n",
    )
    return "governance/waivers.yaml", line_of(path, "- rule: HYG002")


def _dockerfile_at(needle):
    def plant(repo, level, old="", new=""):
        path = dockerfile(repo, level, old, new)
        return "Dockerfile", line_of(path, needle) if needle else None

    return plant


CARD = "docs/model_card.md"
STAGE_FIELDS = {  # what a card needs to satisfy GOV004 at production
    "metrics: []": "metrics:\n  - {type: accuracy, value: 0.93}",
    "approvals: []": "approvals:\n  - {gate: production, approver: '@jane', date: 2026-11-01}",
    "third_party_apis: []": "third_party_apis: []\nlimitations: Trained on a small sample.",
}


def _card_at(repo, stage, fill=True):
    path = repo / CARD
    edit(path, "stage: experimentation", f"stage: {stage}")
    if fill:
        for old, new in STAGE_FIELDS.items():
            edit(path, old, new)
    return path


def _ab_test_without_metrics(repo):
    path = _card_at(repo, "ab_test", fill=False)
    return CARD, line_of(path, "metrics: []")


def _production_without_residency(repo):
    _card_at(repo, "production")
    edit(repo / "governance/project.yaml", 'residency: "eu"', 'residency: "any"')
    return "governance/project.yaml", line_of(repo / "governance/project.yaml", "residency:")


def _high_risk_annex_incomplete(repo):
    edit(repo / CARD, "risk_tier: minimal", "risk_tier: high")
    edit(repo / "docs/compliance/annex_iv.md", "## 5. Risk management system", "## 5. Risks")
    return "docs/compliance/annex_iv.md", None


PROMPT = "prompts/summarize_ticket.prompt"


def _ejected_then_changed(repo):
    from mlrepo.container.choose import eject

    eject(repo, force=False)
    edit(repo / "pyproject.toml", 'python = "3.11"', 'python = "3.11"\nport = 8080')
    return "Dockerfile", 2


# rule -> (level, plant(repo) -> (path, line or None))
PLANTS = {
    "REPO001": ("1", lambda r: _delete(r, "docs/model_card.md")),
    "REPO002": (
        "1",
        lambda r: (
            (r / "governance/stage_gates.yaml").unlink(),
            ("governance/stage_gates.yaml", None),
        )[1],
    ),
    "REPO003": (
        "2",
        lambda r: (
            (r / ".github/workflows/release.yml").unlink(),
            (".github/workflows/release.yml", None),
        )[1],
    ),
    "REPO004": (
        "1",
        lambda r: _in(r, ".github/pull_request_template.md", "## Compliance", "Compliance"),
    ),
    "OWN001": (
        "1",
        lambda r: ((r / ".github/CODEOWNERS").unlink(), (".github/CODEOWNERS", None))[1],
    ),
    "OWN002": ("1", lambda r: plant_codeowners_line(r, "!docs/ @acme/ml")),
    "OWN003": ("1", lambda r: plant_codeowners_line(r, "/nowhere/ @acme/ml")),
    "OWN004": ("1", lambda r: plant_codeowners_line(r, "/schemas/ @acme/data")),
    "OWN005": ("1", _no_default_owner),
    "OWN006": (
        "1",
        lambda r: _in(
            r,
            ".github/CODEOWNERS",
            "/governance/              @acme/platform",
            "/governance/              @acme/ml",
        ),
    ),
    "PC001": (
        "1",
        lambda r: _in(
            r, ".pre-commit-config.yaml", "id: detect-private-key", "id: find-private-keys"
        ),
    ),
    "PC002": (
        "1",
        lambda r: _in(r, ".pre-commit-config.yaml", '["nbstripout==0.9.1"]', '["nbstripout"]'),
    ),
    "PC003": (
        "1",
        lambda r: _in(
            r,
            ".pre-commit-config.yaml",
            "check-merge-conflict --assume-in-merge",
            "check-merge-conflict",
        ),
    ),
    "DATA001": (
        "1",
        lambda r: _in(
            r, "schemas/churn.schema.yaml", "type: integer\n", "type: int\n", "type: int"
        ),
    ),
    "DATA002": ("1", lambda r: _in(r, "schemas/samples/churn.csv", "C0004,", "C0004x,", "C0004x")),
    "GOV001": ("1", lambda r: _in(r, "docs/model_card.md", "risk_tier: minimal\n", "")),
    "GOV002": (
        "1",
        lambda r: _in(
            r,
            "governance/project.yaml",
            "classification: internal",
            "classification: secret",
            "classification: secret",
        ),
    ),
    "GOV003": ("1", _expired_waiver),
    "WF001": (
        "1",
        lambda r: (
            _in(r, ".github/workflows/ci.yml", "permissions: {}\n", ""),
            (".github/workflows/ci.yml", 1),
        )[1],
    ),
    "WF002": (
        "1",
        lambda r: _in(
            r,
            ".github/workflows/ci.yml",
            "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683",
            "actions/checkout@v4",
            "actions/checkout@v4",
        ),
    ),
    "HYG001": ("1", _notebook),
    "HYG002": ("1", _big_file),
    "SEC001": ("1", _secret),
    "GOV004": ("1", _ab_test_without_metrics),
    "CT006": ("1", _ejected_then_changed),
    "GOV006": (
        "1",
        lambda r: _in(
            r,
            ".github/rulesets/main.json",
            '"require_code_owner_review": true',
            '"require_code_owner_review": false',
        ),
    ),
    "GOV005": ("1", _high_risk_annex_incomplete),
    "COMP001": (
        "1",
        lambda r: _in(
            r,
            "governance/project.yaml",
            "classification: internal",
            "classification: confidential",
            "- provider: azure-openai",
        ),
    ),
    "COMP002": ("1", _production_without_residency),
    "PROMPT001": (
        "1",
        lambda r: (_in(r, PROMPT, "eval_suite: tests/test_prompts.py\n", ""), (PROMPT, 2))[1],
    ),
    "PROMPT002": (
        "1",
        lambda r: _in(
            r,
            PROMPT,
            "      ticket_text: {type: string, maxLength: 4000}",
            "      ticket_text: {type: string, maxLength: 4000}\n      tone: {type: string}",
        ),
    ),
    "PROMPT003": ("1", lambda r: _in(r, PROMPT, "provider: azure-openai", "provider: acme-llm")),
    "PROMPT004": (
        "1",
        lambda r: _in(
            r, PROMPT, "Ticket:\n", "Ticket (password = hunter2hunter2x):\n", "password = hunter2"
        ),
    ),
    "CT001": ("1", lambda r: _dockerfile_at(None)(r, "1", "USER 10001:10001\n", "")),
    "CT002": (
        "1",
        lambda r: _dockerfile_at("FROM python AS")(
            r, "1", "python:3.11-slim-bookworm AS", "python AS"
        ),
    ),
    "CT003": (
        "2",
        lambda r: _dockerfile_at("FROM python:3.11-slim-bookworm AS")(
            r,
            "2",
            "python:3.11-slim-bookworm@sha256:" + "a" * 64 + " AS",
            "python:3.11-slim-bookworm AS",
        ),
    ),
    "CT004": (
        "1",
        lambda r: _dockerfile_at("ADD")(
            r, "1", "COPY . /src", "ADD https://example.com/x.tgz /src"
        ),
    ),
    "CT005": (
        "1",
        lambda r: _dockerfile_at("ENTRYPOINT")(
            r, "1", 'ENTRYPOINT ["python", "-m", "churn_model"]', "ENTRYPOINT python -m churn_model"
        ),
    ),
}


def test_every_rule_has_a_planted_violation():
    ids = set()
    for pack in POLICIES.glob("*.yaml"):
        ids |= {rule["id"] for rule in yaml.safe_load(pack.read_text())["rules"]}
    assert ids == set(PLANTS)


@pytest.mark.parametrize("rule_id", sorted(PLANTS))
def test_planted_violation_fires_only_its_rule(fresh, tmp_path, capsys, rule_id):
    level, plant = PLANTS[rule_id]
    repo = _repo(fresh, tmp_path, level)
    path, line = plant(repo)
    code, report, text = _check(repo, capsys)
    assert code == 1
    fired = {f["rule"] for f in report["findings"]}
    assert fired == {rule_id}, report["findings"]
    first = report["findings"][0]
    assert first["path"] == path
    if line is not None:
        assert first["line"] == line, first
    assert first["fix"] and first["fix"] in text
    assert re.search(rf"{re.escape(path)}(:\d+)?: (error|warning) {rule_id} ", text)


def _waive_big_file(repo, days: int, extra: str = "") -> str:
    """A big file plus a HYG002 waiver expiring `days` from today; the expiry date."""
    _big_file(repo)
    expires = (dt.date.today() + dt.timedelta(days=days)).isoformat()
    edit(
        repo / "governance/waivers.yaml",
        "waivers: []",
        f"waivers:\n  - rule: HYG002\n    reason: Until the model registry exists.\n"
        f"    approver: '@jane'\n    expires: {expires}\n{extra}",
    )
    return expires


def test_a_valid_waiver_suppresses_its_rule_and_is_reported(fresh, tmp_path, capsys):
    repo = _repo(fresh, tmp_path, "1")
    soon = _waive_big_file(repo, 30, "    paths: ['models/*']\n")
    code, report, text = _check(repo, capsys)
    assert code == 0
    assert [f["waived_by"] for f in report["findings"]] == [f"HYG002 waived by @jane until {soon}"]
    assert "waived" in text


def test_a_waiver_too_far_out_does_not_apply(fresh, tmp_path, capsys):
    repo = _repo(fresh, tmp_path, "1")
    _waive_big_file(repo, 120)
    code, report, _ = _check(repo, capsys)
    assert code == 1
    assert {f["rule"] for f in report["findings"]} == {"HYG002", "GOV003"}
    assert all(f["waived_by"] is None for f in report["findings"])


def test_select_and_level_narrow_the_rules(fresh, tmp_path, capsys):
    repo = _repo(fresh, tmp_path, "1")
    (repo / "docs/model_card.md").unlink()
    code, report, _ = _check(repo, capsys, "--select", "ownership")
    assert code == 0 and report["findings"] == []
    assert all(r.startswith("OWN") for r in report["rules_run"])
    code, report, _ = _check(repo, capsys, "--level", "0")
    assert "REPO002" not in report["rules_run"]


@pytest.mark.parametrize("stage", ["ab_test", "production"])
@pytest.mark.parametrize("field", ["metrics", "limitations", "approvals", "out_of_scope_use"])
def test_each_stage_field_removed_in_turn_fails_at_its_stage(fresh, tmp_path, capsys, stage, field):
    repo = _repo(fresh, tmp_path, "1")
    card = _card_at(repo, stage)
    lines = card.read_text().splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{field}:"))
    end = start + 1
    while end < len(lines) and lines[end].startswith("  "):
        end += 1
    card.write_text("".join(lines[:start] + lines[end:]))
    _, report, _ = _check(repo, capsys)
    fired = {f["rule"] for f in report["findings"]}
    if field == "out_of_scope_use" and stage == "ab_test":
        assert fired == set()  # required from production only
    else:
        assert fired == {"GOV004"}, report["findings"]
        assert any(f"requires a non-empty '{field}'" in f["message"] for f in report["findings"])


def test_stage_fields_are_not_required_before_ab_test(fresh, tmp_path, capsys):
    repo = _repo(fresh, tmp_path, "1")
    edit(repo / CARD, "metrics: []\n", "")
    code, report, _ = _check(repo, capsys)
    assert code == 0, report["findings"]


def test_a_high_risk_model_without_annex_iv_fails(fresh, tmp_path, capsys):
    repo = _repo(fresh, tmp_path, "1")
    edit(repo / "governance/project.yaml", "tier: minimal", "tier: high")
    code, report, _ = _check(repo, capsys)
    assert code == 0, "the shipped skeleton has every Annex IV section"
    (repo / "docs/compliance/annex_iv.md").unlink()
    code, report, _ = _check(repo, capsys)
    assert [(f["rule"], f["message"]) for f in report["findings"]] == [
        ("GOV005", "missing: the risk tier is high")
    ]


def test_an_approved_provider_passes_for_confidential_data(fresh, tmp_path, capsys):
    repo = _repo(fresh, tmp_path, "1")
    edit(repo / "governance/project.yaml", "classification: internal", "classification: restricted")
    code, report, _ = _check(repo, capsys)
    assert {f["rule"] for f in report["findings"]} == {"COMP001"}
    edit(
        repo / "pyproject.toml",
        "[tool.mlrepo.container]",
        '[tool.mlrepo.rules.COMP001]\nallowed = ["azure-openai"]\n\n[tool.mlrepo.container]',
    )
    code, report, _ = _check(repo, capsys)
    assert code == 0, report["findings"]


CARD_FIELDS = ["model_name", "version", "license", "owners", "stage", "risk_tier", "intended_use",
               "datasets"]  # fmt: skip
PROJECT_FIELDS = [("project", "GOV002"), ("owners", "GOV002"), ("data", "GOV002"),
                  ("risk", "GOV002"), ("external_services", "GOV002")]  # fmt: skip


def _drop_top_level_key(path: Path, key: str, start_line: int = 0) -> None:
    lines = path.read_text().splitlines(keepends=True)
    start = next(
        i for i, line in enumerate(lines) if i >= start_line and line.startswith(f"{key}:")
    )
    end = start + 1
    while (
        end < len(lines) and lines[end].startswith((" ", "-")) and not lines[end].startswith("---")
    ):
        end += 1
    path.write_text("".join(lines[:start] + lines[end:]))


@pytest.mark.parametrize("field", CARD_FIELDS)
def test_each_model_card_field_removed_in_turn_fails_gov001(fresh, tmp_path, capsys, field):
    repo = _repo(fresh, tmp_path, "1")
    _drop_top_level_key(repo / CARD, field, start_line=1)
    _, report, _ = _check(repo, capsys)
    assert {f["rule"] for f in report["findings"]} == {"GOV001"}, report["findings"]
    assert any(f"missing required field '{field}'" in f["message"] for f in report["findings"])


@pytest.mark.parametrize(("field", "rule"), PROJECT_FIELDS)
def test_each_project_fact_removed_in_turn_fails_gov002(fresh, tmp_path, capsys, field, rule):
    repo = _repo(fresh, tmp_path, "1")
    _drop_top_level_key(repo / "governance/project.yaml", field)
    _, report, _ = _check(repo, capsys)
    assert rule in {f["rule"] for f in report["findings"]}, report["findings"]
    assert any(f"missing required field '{field}'" in f["message"] for f in report["findings"]
               if f["rule"] == rule)  # fmt: skip
