"""Every rule, planted once: a fresh generated repository passes, and one planted violation makes
exactly that rule fire, at the right file and line, with its fix printed."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import string
import subprocess
from pathlib import Path

import pytest
import yaml
from helpers import copier_copy

from mlrepo.cli import main
from mlrepo.policy.resources import policies_root

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


def _delete(repo, rel):
    (repo / rel).unlink()
    return rel, None


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
CARD = "docs/model_card.md"
STAGE_FIELDS = {  # what a card needs to satisfy GOV004 at production
    "metrics: []": "metrics:\n  - {type: accuracy, value: 0.93}",
    "approvals: []": "approvals:\n  - {gate: production, approver: '@jane', date: 2026-11-01}",
    "third_party_apis: []": "third_party_apis: []\nlimitations: Trained on a small sample.",
}
PROMPT = "prompts/summarize_ticket.prompt"


def _card_at(repo, stage, fill=True):
    path = repo / CARD
    edit(path, "stage: experimentation", f"stage: {stage}")
    if fill:
        for old, new in STAGE_FIELDS.items():
            edit(path, old, new)
    return path


# One plant per rule: plant_<rule id>(repo) makes that rule's violation and returns the
# (path, line or None) of the first finding it must cause.


def plant_repo001(repo):
    """Deletes the model card, a level 0 file."""
    return _delete(repo, "docs/model_card.md")


def plant_repo002(repo):
    """Deletes the stage gates, a level 1 file."""
    return _delete(repo, "governance/stage_gates.yaml")


def plant_repo003(repo):
    """Deletes the release workflow, a level 2 file."""
    return _delete(repo, ".github/workflows/release.yml")


def plant_repo004(repo):
    """Turns the PR template's '## Compliance' heading into plain text."""
    return _in(repo, ".github/pull_request_template.md", "## Compliance", "Compliance")


def plant_repo005(repo):
    """Leaves merge conflict markers in the project facts (as a conflicted update would)."""
    edit(repo / "governance/project.yaml", "owners:", "<<<<<<< ours\nx: 1\n=======\nx: 2\n"
         ">>>>>>> theirs\nowners:")  # fmt: skip
    text = (repo / "governance/project.yaml").read_text()
    return "governance/project.yaml", text[: text.index("<<<<<<<")].count("\n") + 1


def plant_own001(repo):
    """Deletes the CODEOWNERS file."""
    return _delete(repo, ".github/CODEOWNERS")


def plant_own002(repo):
    """Appends a '!' negation, which GitHub skips, to CODEOWNERS."""
    return plant_codeowners_line(repo, "!docs/ @acme/ml")


def plant_own003(repo):
    """Appends a CODEOWNERS pattern that matches no file."""
    return plant_codeowners_line(repo, "/nowhere/ @acme/ml")


def plant_own004(repo):
    """Appends a second '/schemas/' line to CODEOWNERS."""
    return plant_codeowners_line(repo, "/schemas/ @acme/data")


def plant_own005(repo):
    """Comments out the default owner, leaving files without one."""
    edit(repo / ".github/CODEOWNERS", "*                         @acme/ml", "# no default owner")
    return ".github/CODEOWNERS", None  # one finding for the many files it leaves unowned


def plant_own006(repo):
    """Gives governance/ to the ML team instead of the platform team."""
    return _in(
        repo,
        ".github/CODEOWNERS",
        "/governance/              @acme/platform",
        "/governance/              @acme/ml",
    )


def plant_pc001(repo):
    """Renames the required detect-private-key hook."""
    return _in(repo, ".pre-commit-config.yaml", "id: detect-private-key", "id: find-private-keys")


def plant_pc002(repo):
    """Unpins nbstripout in its hook's additional_dependencies."""
    return _in(repo, ".pre-commit-config.yaml", '["nbstripout==0.9.1"]', '["nbstripout"]')


def plant_pc003(repo):
    """Drops --assume-in-merge from the check-merge-conflict hook."""
    return _in(
        repo,
        ".pre-commit-config.yaml",
        "entry: check-merge-conflict\n        args: [--assume-in-merge]\n",
        "entry: check-merge-conflict\n",
    )


def plant_data001(repo):
    """Gives a churn schema field the unknown type 'int'."""
    return _in(repo, "schemas/churn.schema.yaml", "type: integer\n", "type: int\n", "type: int")


def plant_data002(repo):
    """Breaks a customer_id's pattern in the churn sample."""
    return _in(repo, "schemas/samples/churn.csv", "C0004,", "C0004x,", "C0004x")


def plant_gov001(repo):
    """Removes risk_tier from the model card's front matter."""
    return _in(repo, "docs/model_card.md", "risk_tier: minimal\n", "")


def plant_gov002(repo):
    """Sets the project's data classification to the unknown 'secret'."""
    return _in(
        repo,
        "governance/project.yaml",
        "classification: internal",
        "classification: secret",
        "classification: secret",
    )


def plant_gov003(repo):
    """Adds a HYG002 waiver that expired in 2020."""
    path = repo / "governance/waivers.yaml"
    edit(
        path,
        "waivers: []",
        "waivers:\n  - rule: HYG002\n    reason: Model file until the registry exists.\n"
        "    approver: '@jane'\n    expires: 2020-01-31\n",
    )
    return "governance/waivers.yaml", line_of(path, "- rule: HYG002")


def plant_wf001(repo):
    """Grants every job write access from the top of the CI workflow."""
    path = repo / ".github/workflows/ci.yml"
    edit(path, "permissions: {}\n", "permissions: write-all\n")
    return ".github/workflows/ci.yml", line_of(path, "permissions: write-all")


def plant_wf003(repo):
    """Expands a pull request's title into a shell script (zizmor's template-injection)."""
    path = repo / ".github/workflows/ci.yml"
    edit(path, "        run: uv run --locked python -m pytest\n",
         "        run: uv run --locked python -m pytest\n"
         "      - run: echo \"${{ github.event.pull_request.title }}\"\n")  # fmt: skip
    return ".github/workflows/ci.yml", line_of(path, "github.event.pull_request.title")


def plant_wf002(repo):
    """Pins actions/checkout by the tag v4 instead of a commit SHA."""
    return _in(
        repo,
        ".github/workflows/ci.yml",
        "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683",
        "actions/checkout@v4",
        "actions/checkout@v4",
    )


def plant_hyg003(repo):
    """Leaves an update's conflict unresolved in README.md."""
    with (repo / "README.md").open("a") as file:
        file.write("<<<<<<< this repository\nours\n=======\ntheirs\n>>>>>>> template\n")
    return "README.md", line_of(repo / "README.md", "<<<<<<< this repository")


def plant_hyg004(repo):
    """Commits a small trained model as a joblib file."""
    (repo / "models").mkdir()
    (repo / "models/churn.joblib").write_bytes(b"\x80\x04\x95tiny model")
    return "models/churn.joblib", None


def plant_gov007(repo):
    """Makes the experimentation stage (the card's) require evidence nobody wrote."""
    return _in(
        repo,
        "governance/stage_gates.yaml",
        "evidence: [docs/model_card.md, schemas/churn.schema.yaml]",
        "evidence: [docs/model_card.md, schemas/churn.schema.yaml, docs/evaluation.md]",
        "docs/evaluation.md",
    )


def plant_hyg001(repo):
    """Writes a notebook whose cell has an output and an execution count."""
    (repo / "notebooks/01-jd-explore.ipynb").write_text(json.dumps(NOTEBOOK))
    return "notebooks/01-jd-explore.ipynb", None


def plant_hyg002(repo):
    """Writes a 1.5 MB model file outside Git LFS."""
    (repo / "models").mkdir()
    (repo / "models/model.bin").write_bytes(b"\0" * 1_500_000)
    return "models/model.bin", None


def plant_sec001(repo):
    """Writes an AWS access key id into a settings module."""
    path = repo / "configs/credentials.py"
    path.write_text('"""Settings."""\n\nAWS_ACCESS_KEY_ID = "AKIAQ3EGRTSN7XQPLW2M"\n')
    return "configs/credentials.py", 3


def plant_gov004(repo):
    """Moves the model card to ab_test with its metrics still empty."""
    path = _card_at(repo, "ab_test", fill=False)
    return CARD, line_of(path, "metrics: []")


def plant_ct006(repo):
    """Ejects the Dockerfile, then adds a port to [tool.mlrepo.container]."""
    from mlrepo.container.choose import eject

    eject(repo, force=False)
    edit(repo / "pyproject.toml", 'python = "3.11"', 'python = "3.11"\nport = 8080')
    return "Dockerfile", 2


def plant_gov006(repo):
    """Turns off require_code_owner_review in the branch ruleset."""
    return _in(
        repo,
        ".github/rulesets/main.json",
        '"require_code_owner_review": true',
        '"require_code_owner_review": false',
    )


def plant_gov005(repo):
    """Marks the model card high risk and renames an Annex IV section."""
    edit(repo / CARD, "risk_tier: minimal", "risk_tier: high")
    edit(repo / "docs/compliance/annex_iv.md", "## 5. Risk management system", "## 5. Risks")
    return "docs/compliance/annex_iv.md", None


def plant_comp001(repo):
    """Makes the project's data confidential while it goes to azure-openai."""
    return _in(
        repo,
        "governance/project.yaml",
        "classification: internal",
        "classification: confidential",
        "- provider: azure-openai",
    )


def plant_comp002(repo):
    """Moves a complete model card to production with residency 'any'."""
    _card_at(repo, "production")
    edit(repo / "governance/project.yaml", 'residency: "eu"', 'residency: "any"')
    return "governance/project.yaml", line_of(repo / "governance/project.yaml", "residency:")


def plant_prompt001(repo):
    """Removes eval_suite from the prompt's front matter."""
    edit(repo / PROMPT, "eval_suite: tests/test_prompts.py\n", "")
    return PROMPT, 2


def plant_prompt002(repo):
    """Declares a prompt input 'tone' that the body never uses."""
    return _in(
        repo,
        PROMPT,
        "      ticket_text: {type: string, maxLength: 4000}",
        "      ticket_text: {type: string, maxLength: 4000}\n      tone: {type: string}",
    )


def plant_prompt003(repo):
    """Switches the prompt's provider to acme-llm, which is not allowed."""
    return _in(repo, PROMPT, "provider: azure-openai", "provider: acme-llm")


def plant_prompt004(repo):
    """Writes a password assignment into the prompt body."""
    return _in(
        repo, PROMPT, "Ticket:\n", "Ticket (password = hunter2hunter2x):\n", "password = hunter2"
    )


def plant_ct001(repo):
    """Writes a Dockerfile whose final stage sets no USER."""
    dockerfile(repo, "1", "USER 10001:10001\n", "")
    return "Dockerfile", None


def plant_ct002(repo):
    """Writes a Dockerfile whose build stage is an untagged 'python'."""
    path = dockerfile(repo, "1", "python:3.11-slim-bookworm AS", "python AS")
    return "Dockerfile", line_of(path, "FROM python AS")


def plant_ct003(repo):
    """Writes a level 2 Dockerfile whose build stage has no digest."""
    path = dockerfile(
        repo,
        "2",
        "python:3.11-slim-bookworm@sha256:" + "a" * 64 + " AS",
        "python:3.11-slim-bookworm AS",
    )
    return "Dockerfile", line_of(path, "FROM python:3.11-slim-bookworm AS")


def plant_ct004(repo):
    """Writes a Dockerfile that ADDs a URL instead of COPYing the source."""
    path = dockerfile(repo, "1", "COPY . /src", "ADD https://example.com/x.tgz /src")
    return "Dockerfile", line_of(path, "ADD")


def plant_ct005(repo):
    """Writes a Dockerfile whose ENTRYPOINT uses shell form."""
    path = dockerfile(
        repo,
        "1",
        'ENTRYPOINT ["python", "-m", "churn_model"]',
        "ENTRYPOINT python -m churn_model",
    )
    return "Dockerfile", line_of(path, "ENTRYPOINT")


# rule -> (level, plant(repo) -> (path, line or None))
PLANTS = {
    "REPO001": ("1", plant_repo001),
    "REPO002": ("1", plant_repo002),
    "REPO003": ("2", plant_repo003),
    "REPO004": ("1", plant_repo004),
    "REPO005": ("1", plant_repo005),
    "OWN001": ("1", plant_own001),
    "OWN002": ("1", plant_own002),
    "OWN003": ("1", plant_own003),
    "OWN004": ("1", plant_own004),
    "OWN005": ("1", plant_own005),
    "OWN006": ("1", plant_own006),
    "PC001": ("1", plant_pc001),
    "PC002": ("1", plant_pc002),
    "PC003": ("1", plant_pc003),
    "DATA001": ("1", plant_data001),
    "DATA002": ("1", plant_data002),
    "GOV001": ("1", plant_gov001),
    "GOV002": ("1", plant_gov002),
    "GOV003": ("1", plant_gov003),
    "WF001": ("1", plant_wf001),
    "WF002": ("1", plant_wf002),
    "WF003": ("1", plant_wf003),
    "HYG001": ("1", plant_hyg001),
    "HYG003": ("1", plant_hyg003),
    "HYG004": ("1", plant_hyg004),
    "GOV007": ("1", plant_gov007),
    "HYG002": ("1", plant_hyg002),
    "SEC001": ("1", plant_sec001),
    "GOV004": ("1", plant_gov004),
    "CT006": ("1", plant_ct006),
    "GOV006": ("1", plant_gov006),
    "GOV005": ("1", plant_gov005),
    "COMP001": ("1", plant_comp001),
    "COMP002": ("1", plant_comp002),
    "PROMPT001": ("1", plant_prompt001),
    "PROMPT002": ("1", plant_prompt002),
    "PROMPT003": ("1", plant_prompt003),
    "PROMPT004": ("1", plant_prompt004),
    "CT001": ("1", plant_ct001),
    "CT002": ("1", plant_ct002),
    "CT003": ("2", plant_ct003),
    "CT004": ("1", plant_ct004),
    "CT005": ("1", plant_ct005),
}


# PROMPT004 runs SEC001's scanner over the prompts, so a secret in a prompt is both.
ALSO_FIRES = {"PROMPT004": ("SEC001",)}


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
    assert fired == {rule_id, *ALSO_FIRES.get(rule_id, ())}, report["findings"]
    first = report["findings"][0]
    assert first["path"] == path
    if line is not None:
        assert first["line"] == line, first
    assert first["fix"] and first["fix"] in text
    assert re.search(rf"{re.escape(path)}(:\d+)?: (error|warning) {rule_id} ", text)


def _waive_big_file(repo, days: int, extra: str = "") -> str:
    """A big file plus a HYG002 waiver expiring `days` from today; the expiry date."""
    plant_hyg002(repo)
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


# The mutation corpus: at least two planted variants of each violation issue 12 names, each
# force-added (as `git add -f` commits what .gitignore hides) and each failing its rule.
def _token(seed: int, length: int = 36, alphabet: str = string.ascii_letters + string.digits):
    import random

    rng = random.Random(seed)
    return "".join(rng.choice(alphabet) for _ in range(length))


_CI = ".github/workflows/ci.yml"
_STEP = "        run: uv run --locked python -m pytest\n"
_PEM = "\n".join(_token(i, 64) for i in range(10))
_LETTERS = string.ascii_letters
_B64 = string.ascii_letters + string.digits + "/+"
_CHECKOUT = ("      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683  # v4.2.2\n"
             "        with:\n")  # fmt: skip
_SETUP = "      - uses: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065  # v5.6.0\n"
_JOB = "permissions: {}\njobs:\n  job:\n    runs-on: ubuntu-24.04\n    permissions:\n" \
       "      contents: read\n    steps:\n"  # fmt: skip
# "violation kind/variant": (rule, files); each kind issue 12 names has two variants or more.
MUTATIONS = {
    "github-token/config": ("SEC001", {"configs/ci.yml": f"token: ghp_{_token(1)}\n"}),
    "github-token/notebook": ("SEC001", {"notebooks/x.ipynb": json.dumps(
        {"cells": [{"cell_type": "code", "source": [f'TOKEN = "ghp_{_token(2)}"\n'],
                    "outputs": [], "execution_count": None, "metadata": {}}],
         "metadata": {}, "nbformat": 4, "nbformat_minor": 5})}),
    "slack-webhook/code": ("SEC001", {"src/notify.py": "URL = 'https://hooks.slack.com/services/"
                                      f"T0A1B2C3D/B4E5F6G7H/{_token(3, 24)}'\n"}),
    "slack-webhook/env": ("SEC001", {"deploy/alerts.env": "SLACK_WEBHOOK_URL=https://hooks.slack."
                                     f"com/services/T0123ABCD/B0456EFGH/{_token(15, 24)}\n"}),
    "database-url/env": ("SEC001", {".env": f"DATABASE_URL=postgresql://svc:{_token(4, 20)}"
                                    "@db.acme.io:5432/churn\n"}),
    "database-url/code": ("SEC001", {"src/db.py": 'conn = connect("postgresql://etl:'
                                     f'{_token(20, 20)}@warehouse.acme.io/dw")\n'}),
    "private-key/rsa": ("SEC001", {"deploy/key.pem": "-----BEGIN RSA PRIVATE KEY-----\n"
                                   f"{_PEM}\n-----END RSA PRIVATE KEY-----\n"}),
    "private-key/openssh": ("SEC001", {"deploy/id_ed25519": "-----BEGIN OPENSSH PRIVATE KEY-----\n"
                                       + "\n".join(_token(40 + i, 70, _B64) for i in range(6))
                                       + "\n-----END OPENSSH PRIVATE KEY-----\n"}),
    "aws-access-key-id/code": ("SEC001", {"configs/aws.py": 'KEY_ID = "AKIAQ3EGRTSN7XQPLW2M"\n'}),
    "aws-access-key-id/yaml": ("SEC001", {"configs/aws.yaml": "aws:\n  access_key_id: "
                                          "ASIAY34FZKBOKMUTVV7A\n"}),
    "aws-secret-access-key/code": ("SEC001", {"src/s3.py": 'AWS_SECRET_ACCESS_KEY = "'
                                              f'{_token(13, 40, _B64)}"\n'}),
    "aws-secret-access-key/shell": ("SEC001", {"scripts/env.sh": "export AWS_SECRET_ACCESS_KEY="
                                               f"{_token(21, 40, _B64)}\n"}),
    "hugging-face-token/code": ("SEC001", {"src/hub.py": 'HF_TOKEN = "hf_'
                                           f'{_token(11, 34, _LETTERS)}"\n'}),
    "hugging-face-token/notebook": ("SEC001", {"notebooks/hub.ipynb": json.dumps(
        {"cells": [{"cell_type": "code", "outputs": [], "execution_count": None, "metadata": {},
                    "source": [f'login(token="hf_{_token(12, 34, _LETTERS)}")\n']}],
         "metadata": {}, "nbformat": 4, "nbformat_minor": 5})}),
    "script-injection/title": ("WF003", {_CI: ("edit", _STEP, _STEP + '      - run: echo "${{ '
                                               'github.event.pull_request.title }}"\n')}),
    "script-injection/body": ("WF003", {_CI: ("edit", _STEP, _STEP + "      - run: |\n          "
                                              "echo ${{ github.event.issue.body }}\n")}),
    "pull-request-target-checkout/head-sha": ("WF003", {".github/workflows/prt.yml": (
        f"on: pull_request_target\n{_JOB}{_CHECKOUT}"
        "          ref: ${{ github.event.pull_request.head.sha }}\n"
        "          persist-credentials: false\n      - run: make test\n")}),
    "pull-request-target-checkout/merge-ref": ("WF003", {".github/workflows/bench.yml": (
        f"on:\n  pull_request_target:\n    types: [labeled]\n{_JOB}{_CHECKOUT}"
        "          ref: refs/pull/${{ github.event.number }}/merge\n"
        "          persist-credentials: false\n      - run: python bench.py\n")}),
    "cache-poisoning/release-setup-python": ("WF003", {".github/workflows/release.yml": (
        f"on:\n  release:\n    types: [published]\n{_JOB}{_CHECKOUT}"
        f"          persist-credentials: false\n{_SETUP}        with:\n"
        '          python-version: "3.11"\n          cache: pip\n'
        "      - run: python -m build\n")}),
    "cache-poisoning/tag-actions-cache": ("WF003", {".github/workflows/tag.yml": (
        f'on:\n  push:\n    tags: ["v*"]\n{_JOB}{_CHECKOUT}'
        "          persist-credentials: false\n"
        "      - uses: actions/cache@5a3ec84eff668545956fd18022155c47e93e2684  # v4.2.3\n"
        "        with:\n          path: ~/.cache/pip\n"
        "          key: pip-${{ hashFiles('requirements.txt') }}\n"
        "      - run: python -m build\n")}),
    "write-permissions/job-write-all": ("WF001", {_CI: ("edit", "permissions:\n      contents: "
                                                        "read", "permissions: write-all")}),
    "write-permissions/top-level-write": ("WF001", {_CI: ("edit", "permissions: {}\n",
                                                          "permissions:\n  contents: write\n")}),
    "unpinned-action/quoted-uses-key": ("WF002", {_CI: ("edit", _STEP,
                                                        _STEP + '      - "uses": "x/y@v1"\n')}),
    "unpinned-action/reusable-workflow-at-main": ("WF002", {".github/workflows/call.yml": (
        "on: push\npermissions: {}\njobs:\n  call:\n"
        "    uses: acme/ci/.github/workflows/a.yml@main\n"
    )}),
    "model-binary/pickle": ("HYG004", {"models/model.pkl": b"\x80\x04\x95tiny"}),
    "model-binary/onnx": ("HYG004", {"export/model.onnx": b"\x08\x07onnx"}),
    "data-file/csv-outside-samples": ("HYG004", {"data/raw/customers.csv": "id,churn\n1,0\n"}),
    "data-file/parquet": ("HYG004", {"features/train.parquet": b"PAR1tinyPAR1"}),
    "conflict-markers/readme": ("HYG003", {"README.md": ("append", "<<<<<<< this repository\n"
                                                         "a\n=======\nb\n>>>>>>> template\n")}),
    "conflict-markers/code": ("HYG003", {"src/extra.py": "x = 1\n<<<<<<< HEAD\ny = 2\n=======\n"
                                         "y = 3\n>>>>>>> feature\n"}),
    "rej-file/pyproject": ("HYG003", {"pyproject.toml.rej": "@@ -1 +1 @@\n-a\n+b\n"}),
    "rej-file/nested": ("HYG003", {".github/workflows/ci.yml.rej": "@@ -3 +3 @@\n-x\n+y\n"}),
    "orig-file/readme": ("HYG003", {"README.md.orig": "old\n"}),
    "orig-file/code": ("HYG003", {"src/app.py.orig": "x = 0\n"}),
    "missing-evidence/file": ("GOV007", {"governance/stage_gates.yaml": (
        "edit", "evidence: [docs/model_card.md, schemas/churn.schema.yaml]",
        "evidence: [docs/model_card.md, schemas/churn.schema.yaml, docs/eval.md]")}),
    "missing-evidence/folder": ("GOV007", {"governance/stage_gates.yaml": (
        "edit", "evidence: [docs/model_card.md, schemas/churn.schema.yaml]",
        "evidence: [docs/model_card.md, schemas/churn.schema.yaml, reports/]")}),
}  # fmt: skip
# What issue 12's acceptance names: each secret kind, each workflow attack, each artifact kind,
# markers, .rej (and .orig) files and missing evidence.
VIOLATION_KINDS = {
    "github-token", "slack-webhook", "database-url", "private-key", "aws-access-key-id",
    "aws-secret-access-key", "hugging-face-token", "script-injection",
    "pull-request-target-checkout", "cache-poisoning", "write-permissions", "unpinned-action",
    "model-binary", "data-file", "conflict-markers", "rej-file", "orig-file", "missing-evidence",
}  # fmt: skip


def _mutate(repo: Path, files: dict) -> set[str]:
    for rel, change in files.items():
        path = repo / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(change, bytes):
            path.write_bytes(change)
        elif isinstance(change, str):
            path.write_text(change)
        elif change[0] == "append":
            path.write_text(path.read_text() + change[1])
        else:
            edit(path, change[1], change[2])
    subprocess.run(["git", "add", "-f", "--", *files], cwd=repo, check=True)
    return set(files)


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_each_planted_mutation_fails_check_with_its_rule(fresh, tmp_path, capsys, name):
    rule_id, files = MUTATIONS[name]
    repo = _repo(fresh, tmp_path, "1")
    paths = _mutate(repo, files)
    code, report, _ = _check(repo, capsys)
    assert code == 1
    mine = [f for f in report["findings"] if f["rule"] == rule_id]
    assert mine and all(f["path"] in paths for f in mine), report["findings"]


def test_every_violation_kind_has_two_planted_mutations():
    counts: dict[str, int] = {}
    for name in MUTATIONS:
        kind = name.partition("/")[0]
        counts[kind] = counts.get(kind, 0) + 1
    assert set(counts) == VIOLATION_KINDS
    assert min(counts.values()) >= 2, counts
