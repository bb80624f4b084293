"""This repository's own GitHub workflows: schema-valid, zizmor-clean as an auditor sees them,
and CI runs exactly what our CI runs (.ci/run, which runs README's test command)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml
from helpers import REPO, run

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def _zizmor() -> str:
    found = shutil.which("zizmor") or str(Path(sys.executable).with_name("zizmor"))
    assert Path(found).exists(), "zizmor is a test dependency"
    return found


def test_there_is_a_ci_and_a_release_workflow():
    assert {w.name for w in WORKFLOWS} == {"ci.yml", "release.yml"}


def test_our_workflows_match_githubs_schema():
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema",
               "vendor.github-workflows", *map(str, WORKFLOWS)]  # fmt: skip
    result = run(command)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_as_an_auditor_finds_nothing():
    result = run([_zizmor(), "--offline", "--persona", "auditor", str(REPO / ".github")])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_ci_runs_the_script_our_ci_runs():
    steps = yaml.safe_load((REPO / ".github/workflows/ci.yml").read_text())["jobs"]["test"]["steps"]
    assert any("bash .ci/run" in step.get("run", "") for step in steps)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_by_a_full_commit_sha(workflow):
    document = yaml.safe_load(workflow.read_text())
    uses = [s["uses"] for job in document["jobs"].values() for s in job["steps"] if "uses" in s]
    assert uses
    for ref in uses:
        _, _, version = ref.partition("@")
        assert len(version) == 40 and all(c in "0123456789abcdef" for c in version), ref


def test_the_release_publishes_with_trusted_publishing_only():
    document = yaml.safe_load((REPO / ".github/workflows/release.yml").read_text())
    publish = document["jobs"]["publish"]
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"] == "release"
    text = (REPO / ".github/workflows/release.yml").read_text()
    assert "secrets." not in text and "password" not in text.lower()
