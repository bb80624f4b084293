"""A generated repository works at every level: installs, tests, lints, and its hooks pass offline.

These tests build a virtual environment per level and pre-commit environments once per session,
from the package index only (mlrepo itself from a wheel of this checkout, see conftest). GitHub
is made unreachable for git (and so for pre-commit) to prove nothing needed comes from there.
"""

from __future__ import annotations

import datetime
import json
import shutil
import sys
from pathlib import Path

import pathspec
import pytest
import yaml
from helpers import mlrepo, run
from uv_tools import sync

pytestmark = pytest.mark.slow

LEVELS = {
    "0": {"maturity_level": "0", "license": "Proprietary", "project_name": "Level Zero"},
    "1": {"maturity_level": "1", "license": "MIT", "project_name": "Level One"},
    "2": {
        "maturity_level": "2",
        "license": "Apache-2.0",
        "genai": "yes",
        "data_classification": "confidential",
        "project_name": "Level Two Forecasting With A Long Name",
    },
}


@pytest.fixture(scope="module", params=sorted(LEVELS))
def project(request, tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp(f"level{request.param}") / "repo"
    data = [f"--data={k}={v}" for k, v in LEVELS[request.param].items()]
    result = mlrepo("new", dest, "--defaults", *data)
    assert result.returncode == 0, result.stderr
    for cmd in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"]):
        assert run(cmd, cwd=dest).returncode == 0
    return dest


def _tracked(project: Path) -> list[str]:
    return run(["git", "ls-files"], cwd=project).stdout.split()


def test_its_own_test_command_installs_it_and_passes(project, uv_env):
    python = sync(project, uv_env)
    tests = run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=project)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert " passed" in tests.stdout
    pipeline = run([str(python), "-m", _slug(project), "run"], cwd=project)
    assert pipeline.returncode == 0, pipeline.stderr
    assert (project / "artifacts" / "metrics.json").is_file()


def _slug(project: Path) -> str:
    return yaml.safe_load((project / ".copier-answers.yml").read_text())["project_slug"]


def test_ruff_check_and_format_are_clean(project):
    check = run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=project)
    assert check.returncode == 0, check.stdout
    fmt = run([sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "."], cwd=project)
    assert fmt.returncode == 0, fmt.stdout


def test_every_hook_installs_from_the_package_index_alone(project):
    config = yaml.safe_load((project / ".pre-commit-config.yaml").read_text())
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    for hook in config["repos"][0]["hooks"]:
        for dependency in hook.get("additional_dependencies", []):
            assert "==" in dependency and "://" not in dependency, dependency


def test_pre_commit_passes_offline(project, pre_commit_env):
    command = [sys.executable, "-m", "pre_commit", "run", "--all-files"]
    result = run(command, cwd=project, env=pre_commit_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Failed" not in result.stdout


def test_the_ruff_hooks_fix_what_they_find(project, pre_commit_env, tmp_path):
    sloppy = project / "src" / "scratch_module.py"
    sloppy.write_text("import os\nimport sys\nprint( sys.argv [0] )\n")
    run(["git", "add", str(sloppy)], cwd=project)
    command = [sys.executable, "-m", "pre_commit", "run", "--files", str(sloppy)]
    try:
        first = run(command, cwd=project, env=pre_commit_env)
        assert first.returncode == 1, first.stdout + first.stderr
        assert sloppy.read_text() == "import sys\n\nprint(sys.argv[0])\n"
        run(["git", "add", str(sloppy)], cwd=project)
        again = run(command, cwd=project, env=pre_commit_env)
        assert again.returncode == 0, again.stdout + again.stderr
    finally:
        run(["git", "rm", "-q", "--cached", "--", str(sloppy)], cwd=project)
        sloppy.unlink()


def test_the_secrets_hook_stops_a_token_and_honours_the_allow_list(project, pre_commit_env):
    """The commit-time scan is SEC001 itself, so a fixture CI lets through (`.secrets-allowlist`)
    does not block commits, and what blocks one names the file, line and betterleaks' rule."""
    token = "ghp_" + "Xq7Lm2Np4Rt6" * 3
    leak = project / "deploy_token.yml"
    allow_list = project / ".secrets-allowlist"
    leak.write_text(f"token: {token}\n")
    run(["git", "add", str(leak)], cwd=project)
    command = [sys.executable, "-m", "pre_commit", "run", "mlrepo-secrets", "--files", str(leak)]
    try:
        stopped = run(command, cwd=project, env=pre_commit_env)
        assert stopped.returncode == 1, stopped.stdout + stopped.stderr
        assert "deploy_token.yml:1: error SEC001 github-pat: a secret, redacted" in stopped.stdout
        assert token[4:] not in stopped.stdout
        allow_list.write_text("# a test fixture, not a live token\ndeploy_token.yml\n")
        run(["git", "add", str(allow_list)], cwd=project)
        allowed = run(command, cwd=project, env=pre_commit_env)
        assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    finally:
        run(["git", "rm", "-q", "--cached", "--", str(leak), str(allow_list)], cwd=project)
        leak.unlink()
        allow_list.unlink(missing_ok=True)


def test_workflows_match_githubs_schema_and_zizmor_finds_nothing(project):
    workflows = sorted((project / ".github" / "workflows").glob("*.yml"))
    level = (project / "pyproject.toml").read_text().split("maturity_level = ")[1][0]
    if level == "0":
        assert workflows == []
        return
    schema = run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, workflows),
        ]
    )
    assert schema.returncode == 0, schema.stdout + schema.stderr
    auditor = ["--offline", "--persona", "auditor", "--format", "plain"]
    zizmor = run([_tool("zizmor"), *auditor, str(project / ".github")])
    assert zizmor.returncode == 0, zizmor.stdout + zizmor.stderr
    assert "No findings to report" in zizmor.stdout + zizmor.stderr
    for workflow in workflows:
        text = workflow.read_text()
        assert "permissions: {}" in text
        for line in text.splitlines():
            if "uses:" in line and "./" not in line:
                ref = line.split("@", 1)[1].split()[0]
                assert len(ref) == 40 and int(ref, 16) >= 0, line
        assert text.count("persist-credentials: false") == text.count("actions/checkout@")


def _tool(name: str) -> str:
    """A console script of the test environment, found beside its Python even if not on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else (shutil.which(name) or name)


def _owners(project: Path) -> list[tuple[pathspec.PathSpec, list[str], str]]:
    """CODEOWNERS rules in file order: (pattern, owners, pattern text); the last match wins."""
    rules = []
    for line in (project / ".github" / "CODEOWNERS").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *owners = line.split()
            rules.append((pathspec.PathSpec.from_lines("gitignore", [pattern]), owners, pattern))
    return rules


def _owner_of(rules, path: str) -> list[str]:
    owners: list[str] = []
    for spec, who, _ in rules:
        if spec.match_file(path):
            owners = who
    return owners


def test_every_file_has_an_owner_and_governance_belongs_to_the_platform(project):
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    rules = _owners(project)
    files = _tracked(project)
    assert files
    assert [f for f in files if not _owner_of(rules, f)] == []
    for path in files:
        owners = _owner_of(rules, path)
        if path.startswith((".github/", "governance/")) or path == ".pre-commit-config.yaml":
            assert owners == [answers["platform_team"]], path
        elif path.startswith(("schemas/", "data/")):
            assert owners == [answers["data_team"]], path
    assert _owner_of(rules, ".github/CODEOWNERS") == [answers["platform_team"]]
    assert _owner_of(rules, "data/raw/big.parquet") == [answers["data_team"]]


def test_the_waiver_example_uncommented_is_a_valid_waiver(project):
    """Valid at every level; where COMP001 applies, it waives a real COMP001 finding."""
    waivers = project / "governance" / "waivers.yaml"
    facts = project / "governance" / "project.yaml"
    if not waivers.exists():
        assert "maturity_level = 0" in (project / "pyproject.toml").read_text()
        return
    originals = {path: path.read_text() for path in (waivers, facts)}
    example = [line[2:] for line in originals[waivers].splitlines() if line.startswith("#  ")]
    soon = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    confidential = "classification: confidential" in originals[facts]
    try:
        waivers.write_text("waivers:\n" + "\n".join(example).replace("2026-03-31", soon) + "\n")
        if confidential:
            unapproved = (
                "third_party_apis: [{provider: unapproved-saas, purpose: Enrich accounts.,"
                " data_sent: Account ids.}]"
            )
            facts.write_text(originals[facts].replace("third_party_apis: []", unapproved))
        result = mlrepo("check", "--format", "json", cwd=project)
    finally:
        for path, text in originals.items():
            path.write_text(text)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    waived = [f["rule"] for f in report["findings"] if f["waived_by"]]
    assert [f for f in report["findings"] if not f["waived_by"]] == []
    assert waived == (["COMP001"] if confidential else [])
