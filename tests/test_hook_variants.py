"""The two hook variants (answer `hooks`): Scientific Python's repo-review passes every applicable
check on `github` and fails only the documented hook-URL checks on `index`; both variants run the
same tools at the same versions; the `github` config is valid and pinned."""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from helpers import copier_copy, mlrepo, run

LEVELS = ["0", "1", "2"]
VARIANTS = ["index", "github"]

# The sp-repo-review checks that recognise a tool only by its hook repository's GitHub URL,
# so `index` (local hooks) fails them by design. SEC001 also accepts the zizmor action, and
# needs workflows, which level 0 has none of.
URL_CHECKS = {"PC100", "PC110", "PC140", "PC160", "PC180", "PC190"}

# Each hook repository of the `github` variant: the package its tags mirror, and its tag style.
UPSTREAM = {
    "https://github.com/astral-sh/ruff-pre-commit": ("ruff", "v"),
    "https://github.com/pre-commit/pre-commit-hooks": ("pre-commit-hooks", "v"),
    "https://github.com/pre-commit/mirrors-mypy": ("mypy", "v"),
    "https://github.com/codespell-project/codespell": ("codespell", "v"),
    "https://github.com/hukkin/mdformat": ("mdformat", ""),
    "https://github.com/kynan/nbstripout": ("nbstripout", ""),
    "https://github.com/python-jsonschema/check-jsonschema": ("check-jsonschema", ""),
    "https://github.com/zizmorcore/zizmor-pre-commit": ("zizmor", "v"),
}


@pytest.fixture(scope="module")
def generated(template_src, tmp_path_factory):
    """A function: the repository generated (by copier) for a level and hooks variant, cached."""
    cache: dict[tuple[str, str], Path] = {}

    def make(level: str, hooks: str) -> Path:
        if (level, hooks) not in cache:
            dest = tmp_path_factory.mktemp(f"l{level}-{hooks}") / "repo"
            copier_copy(template_src, dest, {"maturity_level": level, "hooks": hooks})
            assert run(["git", "init", "-q", "-b", "main"], cwd=dest).returncode == 0
            assert run(["git", "add", "-A"], cwd=dest).returncode == 0
            cache[level, hooks] = dest
        return cache[level, hooks]

    return make


def _repo_review(repo: Path) -> dict:
    """repo-review's checks by name; it exits 3 when one fails, 0 when none does."""
    command = [sys.executable, "-m", "repo_review", "--format", "json", str(repo)]
    result = run(command)
    checks = json.loads(result.stdout)["checks"]
    assert result.returncode == (3 if any(c["result"] is False for c in checks.values()) else 0)
    return checks


@pytest.mark.parametrize("hooks", VARIANTS)
@pytest.mark.parametrize("level", LEVELS)
def test_sp_repo_review_fails_only_the_documented_checks(generated, level, hooks):
    repo = generated(level, hooks)
    checks = _repo_review(repo)
    assert {"PY007", "PP302", "PP304", "MY101", "GH212", "RF002", "PC901"} <= set(checks)
    failed = {name for name, check in checks.items() if check["result"] is False}
    expected = set() if hooks == "github" else URL_CHECKS | ({"SEC001"} if level != "0" else set())
    assert failed == expected, {name: checks[name]["description"] for name in failed}
    readme = (repo / "README.md").read_text()
    documented = set(re.findall(r"\b(?:PC|SEC)\d{3}\b", readme.split("## Commit hooks")[1]))
    assert documented == expected


@pytest.mark.parametrize("level", LEVELS)
def test_only_checks_that_do_not_apply_are_ignored_each_with_its_reason(generated, level):
    pyproject = tomllib.loads((generated(level, "index") / "pyproject.toml").read_text())
    ignored = pyproject["tool"]["repo-review"]["ignore"]
    assert set(ignored) == {"PC170"} | ({"GH100"} if level == "0" else set())
    assert all(len(reason) > 30 for reason in ignored.values())
    workflows = generated(level, "index") / ".github" / "workflows"
    assert any(workflows.glob("*.yml")) == (level != "0")
    rst = [p for p in generated(level, "github").rglob("*.rst") if ".git" not in p.parts]
    assert rst == []


def _tools(config: dict) -> dict[str, tuple[list[str], list[str]]]:
    """hook id -> (the pinned packages it runs, its arguments), whatever the hook's source."""
    tools = {}
    for repo in config["repos"]:
        upstream = UPSTREAM.get(repo["repo"])
        for hook in repo["hooks"]:
            packages = list(hook.get("additional_dependencies", []))
            if upstream:
                package, prefix = upstream
                assert repo["rev"].startswith(prefix), repo
                packages.insert(0, f"{package}=={repo['rev'].removeprefix(prefix)}")
            tools[hook["id"]] = (sorted(packages), hook.get("args", []))
    return tools


@pytest.mark.parametrize("level", LEVELS)
def test_both_variants_run_the_same_tools_at_the_same_versions(generated, level):
    index, github = (
        yaml.safe_load((generated(level, hooks) / ".pre-commit-config.yaml").read_text())
        for hooks in VARIANTS
    )
    assert [repo["repo"] for repo in index["repos"]] == ["local"]
    assert {repo["repo"] for repo in github["repos"]} - {"local"} <= set(UPSTREAM)
    assert _tools(index) == _tools(github)
    assert "mlrepo-secrets" in _tools(index) and "mypy" in _tools(index)
    assert index["ci"] == github["ci"]
    # The development group's pins of the same tools are the hooks' versions.
    pyproject = tomllib.loads((generated(level, "index") / "pyproject.toml").read_text())
    group = [r.partition("==") for r in pyproject["dependency-groups"]["dev"]]
    pins = dict(p.split("==") for packages, _ in _tools(index).values() for p in packages)
    assert {"ruff", "mypy"} <= {name for name, pinned, _ in group if pinned}
    for name, pinned, version in group:
        if pinned and name in pins:
            assert pins[name] == version, name


@pytest.mark.parametrize("level", LEVELS)
def test_the_github_config_is_valid_and_every_hook_is_pinned(generated, level):
    repo = generated(level, "github")
    validate = [sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"]
    result = run(validate, cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text())
    remote = [r for r in config["repos"] if r["repo"] != "local"]
    assert len(remote) == (6 if level == "0" else 8)
    for item in remote:
        assert re.fullmatch(r"v?\d+\.\d+\.\d+", item["rev"]), item
    for item in config["repos"]:
        for hook in item["hooks"]:
            for dependency in hook.get("additional_dependencies", []):
                assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", dependency), dependency
    check = mlrepo("check", cwd=repo)
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_task_runner_knows_the_everyday_commands(generated):
    """poe (sp-repo-review's PY007) resolves each task to the command it documents."""
    repo = generated("1", "index")
    poe = str(Path(sys.executable).parent / "poe")
    expected = {
        "test": "pytest",
        "types": "mypy",
        "lint": "pre-commit run --all-files",
        "pipeline": "python -m churn_model run",
    }
    for task, command in expected.items():
        result = run([poe, "-C", str(repo), "--dry-run", task])
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"Poe => {command}" in result.stdout + result.stderr
