"""Governance hooks through real pre-commit: in a generated repository (commit blocked / clean
commit passes) and in any repository that installs them from .pre-commit-hooks.yaml."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml
from helpers import REPO, mlrepo, run

from mlrepo import __version__

pytestmark = pytest.mark.slow


def git(*args: str, cwd: Path, env=None):
    result = run(["git", *args], cwd=cwd, env=env)
    return result


def test_the_manifest_is_valid_for_pre_commit():
    result = run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", ".pre-commit-hooks.yaml"],
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert {"mlrepo-check", "mlrepo-secrets", "mlrepo-codeowners", "mlrepo-schemas",
            "mlrepo-waivers"} <= set(hooks)  # fmt: skip
    assert hooks["mlrepo-codeowners"]["files"] and hooks["mlrepo-check"]["always_run"]


def test_the_mlrepo_requirement_defaults_to_this_version():
    spec = json.loads((REPO / "template" / "cookiecutter.json").read_text())
    assert spec["mlrepo_requirement"] == f"mlrepo=={__version__}"


def _workflow_lines(repo: Path):
    """(workflow file, line) for every line of every `run:` step of every generated workflow."""
    for workflow in sorted((repo / ".github" / "workflows").glob("*.yml")):
        for job in yaml.safe_load(workflow.read_text())["jobs"].values():
            for step in job["steps"]:
                for line in step.get("run", "").splitlines():
                    yield workflow.name, line.strip()


def test_every_place_that_installs_mlrepo_uses_the_pinned_answer(tmp_path):
    requirement = "mlrepo @ git+https://git.example.com/platform/mlrepo.git@" + "0123456789" * 4
    repo = tmp_path / "repo"
    answers = ["--data=maturity_level=2", f"--data=mlrepo_requirement={requirement}"]
    result = mlrepo("new", repo, "--defaults", *answers)
    assert result.returncode == 0, result.stderr

    config = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    assert hooks["mlrepo-check"]["additional_dependencies"] == [requirement]
    # one secret scan per commit, in its own hook: SEC001 with its waivers and allow-list
    assert hooks["mlrepo-check"]["args"] == ["--ignore", "SEC001"]
    assert hooks["mlrepo-secrets"]["entry"] == "mlrepo check --select SEC001"
    assert hooks["mlrepo-secrets"]["additional_dependencies"] == [requirement]
    assert not any(hook["entry"].startswith("betterleaks") for hook in hooks.values())
    assert {"mlrepo-check", "mlrepo-secrets"} <= set(config["ci"]["skip"])
    installs = [
        (name, line)
        for name, line in _workflow_lines(repo)
        if "install" in line and "mlrepo" in line
    ]
    pinned = f'python -m pip install "{requirement}"'
    assert installs == [("ci.yml", pinned), ("template-sync.yml", pinned)]
    assert f"`{requirement}`" in (repo / "README.md").read_text()


def test_s5_template_sync_gives_its_write_token_only_to_the_push_step(tmp_path):
    repo = tmp_path / "repo"
    assert mlrepo("new", repo, "--defaults", "--data=maturity_level=2").returncode == 0
    workflow = yaml.safe_load((repo / ".github" / "workflows" / "template-sync.yml").read_text())
    (job,) = workflow["jobs"].values()
    assert job["environment"] == "template-sync"
    assert "env" not in job and "env" not in workflow
    holders = [step for step in job["steps"] if "secrets." in json.dumps(step)]
    assert [step["name"] for step in holders] == ["Push the branch and open a pull request"]
    assert "mlrepo" not in holders[0]["run"] and "GH_TOKEN" not in holders[0]["run"]


def test_a_commit_that_breaks_a_rule_is_blocked_and_a_clean_one_passes(tmp_path, pre_commit_env):
    repo = tmp_path / "repo"
    assert mlrepo("new", repo, "--defaults").returncode == 0
    env = {
        **pre_commit_env,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    assert git("init", "-q", "-b", "main", cwd=repo).returncode == 0
    install = run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env)
    assert install.returncode == 0, install.stderr
    git("add", "-A", cwd=repo)
    first = git("commit", "-q", "-m", "Start", cwd=repo, env=env)
    assert first.returncode == 0, first.stdout + first.stderr

    codeowners = repo / ".github" / "CODEOWNERS"
    codeowners.write_text(codeowners.read_text() + "!notebooks/ @acme/ml\n")
    git("add", "-A", cwd=repo)
    blocked = git("commit", "-q", "-m", "Negate an owner", cwd=repo, env=env)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0
    assert "OWN002" in output and "negation ('!') is not supported by GitHub" in output
    assert "Fix:" in output

    codeowners.write_text(
        codeowners.read_text().replace("!notebooks/ @acme/ml\n", "/notebooks/ @acme/ml\n")
    )
    git("add", "-A", cwd=repo)
    clean = git("commit", "-q", "-m", "Own notebooks", cwd=repo, env=env)
    assert clean.returncode == 0, clean.stdout + clean.stderr


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """A tagged local clone of this repository, standing in for its canonical URL."""
    clone = tmp_path_factory.mktemp("hook-repo") / "mlrepo"
    assert run(["git", "clone", "-q", str(REPO), str(clone)]).returncode == 0
    assert run(["git", "tag", f"v{__version__}"], cwd=clone).returncode == 0
    return clone


def test_another_repository_installs_the_hooks_by_url(tmp_path, hook_repo, pre_commit_env):
    repo = tmp_path / "legacy"
    (repo / ".github").mkdir(parents=True)
    (repo / "app.py").write_text("print('hi')\n")
    (repo / ".github" / "CODEOWNERS").write_text("* @acme/ml\n[docs] @acme/docs\n")
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        "  - repo: https://github.com/mlrepo-dev/mlrepo\n"
        f"    rev: v{__version__}\n"
        "    hooks: [{id: mlrepo-codeowners}]\n"
    )
    env = {
        **pre_commit_env,
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.{hook_repo}.insteadOf",
        "GIT_CONFIG_VALUE_0": "https://github.com/mlrepo-dev/mlrepo",
    }
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    failing = run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=repo, env=env)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "OWN002" in failing.stdout and "CODEOWNERS:2" in failing.stdout

    (repo / ".github" / "CODEOWNERS").write_text("* @acme/ml\n")
    git("add", "-A", cwd=repo)
    passing = run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=repo, env=env)
    assert passing.returncode == 0, passing.stdout + passing.stderr
