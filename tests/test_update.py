"""`mlrepo update`: round trips against a local, tagged template repository (never the network)."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import run

from mlrepo import __version__
from mlrepo.template.generate import DEFAULT_TEMPLATE_URL
from mlrepo.template.resources import stage_template

pytestmark = pytest.mark.slow
IDENTITY = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}
README = "template/{{cookiecutter.project_slug}}/README.md"
SHARED_LINE = "brings template changes in with a 3-way merge;"


def sh(*cmd: str, cwd: Path, env: dict) -> str:
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{cmd}: {result.stdout}{result.stderr}"
    return result.stdout


@pytest.fixture
def template(tmp_path) -> Path:
    """This checkout's template as a git repository tagged v<version>, like the real one."""
    repo = stage_template(tmp_path / "template-repo")
    env = {**os.environ, **IDENTITY}
    sh("git", "init", "-q", "-b", "main", cwd=repo, env=env)
    sh("git", "add", "-A", cwd=repo, env=env)
    sh("git", "commit", "-q", "-m", "template", cwd=repo, env=env)
    sh("git", "tag", "v0.0.1", cwd=repo, env=env)
    sh("git", "tag", f"v{__version__}", cwd=repo, env=env)
    return repo


@pytest.fixture
def env(template) -> dict:
    """The canonical template URL resolves to the local repository, for copier and git alike."""
    return {
        **os.environ,
        **IDENTITY,
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.{template}.insteadOf",
        "GIT_CONFIG_VALUE_0": DEFAULT_TEMPLATE_URL,
    }


@pytest.fixture
def project(tmp_path, env) -> Path:
    dest = tmp_path / "project"
    assert (
        run([sys.executable, "-m", "mlrepo", "new", str(dest), "--defaults"], env=env).returncode
        == 0
    )
    sh("git", "init", "-q", "-b", "main", cwd=dest, env=env)
    sh("git", "add", "-A", cwd=dest, env=env)
    sh("git", "commit", "-q", "-m", "Generated", cwd=dest, env=env)
    return dest


def mlrepo(project: Path, env: dict, *args: str):
    return run([sys.executable, "-m", "mlrepo", "update", *args], cwd=project, env=env)


def release(template: Path, env: dict, tag: str, change) -> None:
    change(template)
    sh("git", "add", "-A", cwd=template, env=env)
    sh("git", "commit", "-q", "-m", tag, cwd=template, env=env)
    sh("git", "tag", tag, cwd=template, env=env)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


def v2(template: Path) -> None:
    slug = template / "template" / "{{cookiecutter.project_slug}}"
    edit(slug / "SECURITY.md", "## Data and model risks", "## Data and model risks (v2)")
    (slug / "docs" / "CONTRIBUTING.md").write_text("# Contributing\n\nOpen a pull request.\n")
    edit(template / README, SHARED_LINE, "brings template changes in with a 3-way merge (v2);")


def test_round_trip_keeps_user_edits_and_brings_template_changes(
    project, template, env, pre_commit_env
):
    pipeline = project / "src/churn_model/pipeline.py"
    # Formatted as the ruff-format hook wants it: the fixers below judge what the update wrote.
    pipeline.write_text(pipeline.read_text() + "\n\n# Team note: keep the baseline until Q3.\n")
    codeowners = project / ".github/CODEOWNERS"
    codeowners.write_text(codeowners.read_text() + "/notebooks/ @acme/ml\n")
    edit(project / "README.md", SHARED_LINE, "brings template changes in (team wording);")
    sh("git", "commit", "-q", "-am", "Team edits", cwd=project, env=env)
    ours = {
        p: (project / p).read_bytes() for p in ("src/churn_model/pipeline.py", ".github/CODEOWNERS")
    }
    release(template, env, "v0.2.0", v2)

    result = mlrepo(project, env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 conflict(s)" in result.stdout and "README.md" in result.stdout
    for path, content in ours.items():
        assert (project / path).read_bytes() == content, path
    assert "## Data and model risks (v2)" in (project / "SECURITY.md").read_text()
    assert (project / "docs/CONTRIBUTING.md").is_file()
    readme = (project / "README.md").read_text()
    assert "<<<<<<<" in readme and "team wording" in readme and "(v2)" in readme
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["_commit"] == "v0.2.0"

    hook = [sys.executable, "-m", "pre_commit", "run", "check-merge-conflict", "--all-files"]
    sh("git", "add", "-A", cwd=project, env=env)
    blocked = run(hook, cwd=project, env=pre_commit_env)
    assert blocked.returncode == 1 and "README.md" in blocked.stdout, blocked.stdout
    lines = [
        line
        for line in readme.splitlines(keepends=True)
        if not line.startswith(("<<<<<<<", "=======", ">>>>>>>")) and "(v2)" not in line
    ]
    (project / "README.md").write_text("".join(lines))
    sh("git", "add", "-A", cwd=project, env=env)
    assert run(hook, cwd=project, env=pre_commit_env).returncode == 0
    # Nothing the update wrote is rewritten by a hook that rewrites files (the answers file once
    # was): every fixer of the generated config.
    fixers = (
        "end-of-file-fixer",
        "trailing-whitespace",
        "ruff-check",
        "ruff-format",
        "mdformat",
        "nbstripout",
    )
    for fixer in fixers:
        fixed = run([*hook[:4], fixer, "--all-files"], cwd=project, env=pre_commit_env)
        assert fixed.returncode == 0, fixed.stdout


def test_raising_the_maturity_level_adds_its_files_and_rules(project, env):
    assert not (project / ".github/workflows/template-sync.yml").exists()
    result = mlrepo(project, env, "--data", "maturity_level=2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / ".github/workflows/template-sync.yml").is_file()
    assert "maturity_level = 2" in (project / "pyproject.toml").read_text()
    sh("git", "add", "-A", cwd=project, env=env)
    check = run([sys.executable, "-m", "mlrepo", "check", "--format", "json"], cwd=project, env=env)
    assert check.returncode == 0, check.stdout
    assert "REPO003" in check.stdout  # level 2's rule ran, and passed


def test_switching_the_hooks_variant_rewrites_only_the_hook_config_and_its_readme(project, env):
    result = mlrepo(project, env, "--data", "hooks=github")
    assert result.returncode == 0, result.stdout + result.stderr
    changed = sh("git", "status", "--porcelain", cwd=project, env=env).split("\n")
    paths = sorted(line[3:] for line in changed if line)
    assert paths == [".copier-answers.yml", ".pre-commit-config.yaml", "README.md"]
    config = yaml.safe_load((project / ".pre-commit-config.yaml").read_text())
    assert "https://github.com/astral-sh/ruff-pre-commit" in [r["repo"] for r in config["repos"]]
    sh("git", "add", "-A", cwd=project, env=env)
    check = run([sys.executable, "-m", "mlrepo", "check"], cwd=project, env=env)
    assert check.returncode == 0, check.stdout + check.stderr


def _snapshot(project: Path, env: dict):
    files = sh("git", "ls-files", "-co", "--exclude-standard", cwd=project, env=env).split()
    digest = {f: hashlib.sha256((project / f).read_bytes()).hexdigest() for f in files}
    return sh("git", "status", "--porcelain", cwd=project, env=env), digest


@pytest.mark.parametrize(
    "case", ["dirty", "no-answers", "unreachable", "downgrade", "bad-answer", "commit-not-a-string"]
)
def test_refusals_are_one_line_and_leave_the_tree_untouched(project, env, case):
    args: list[str] = []
    if case == "dirty":
        (project / "README.md").write_text("changed\n")
    elif case == "no-answers":
        sh("git", "rm", "-q", ".copier-answers.yml", cwd=project, env=env)
        sh("git", "commit", "-q", "-m", "drop answers", cwd=project, env=env)
    elif case == "unreachable":
        env = {**env, "GIT_CONFIG_KEY_0": "url./nonexistent/template.insteadOf"}
    elif case == "downgrade":
        args = ["--to", "v0.0.1"]
    elif case == "commit-not-a-string":
        answers = project / ".copier-answers.yml"
        answers.write_text(re.sub(r"_commit: .*", "_commit: 12345", answers.read_text()))
        sh("git", "commit", "-q", "-am", "odd answers", cwd=project, env=env)
    else:
        args = ["--data", "ml_team=acme-ml"]
    before = _snapshot(project, env)
    result = mlrepo(project, env, *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    expected = {
        "dirty": "uncommitted changes (README.md)",
        "no-answers": "missing",
        "unreachable": "unreachable",
        "downgrade": "downgrades are not supported",
        "bad-answer": "ml_team: must be a GitHub handle",
        "commit-not-a-string": "_commit must be a string, got int",
    }[case]
    assert expected in result.stderr, result.stderr
    assert _snapshot(project, env) == before


def test_check_reports_up_to_date_and_outdated(project, template, env):
    current = mlrepo(project, env, "--check")
    assert current.returncode == 0 and f"up to date: v{__version__}" in current.stdout
    release(template, env, "v0.2.0", v2)
    outdated = mlrepo(project, env, "--check")
    assert outdated.returncode == 1
    assert f"this repository is at v{__version__}, the template at v0.2.0" in outdated.stdout


@pytest.fixture
def legacy(tmp_path, env) -> Path:
    """A repository that was never generated from the template."""
    repo = tmp_path / "fraud-scoring"
    (repo / "src" / "fraud_scoring").mkdir(parents=True)
    (repo / "scripts").mkdir()
    (repo / "README.md").write_text("# Fraud scoring\n\nOur own readme.\n")
    (repo / "pyproject.toml").write_text('[project]\nname = "fraud-scoring"\nversion = "2.3.0"\n')
    (repo / "src" / "fraud_scoring" / "__init__.py").write_text('VERSION = "2.3.0"\n')
    (repo / "scripts" / "etl.py").write_text("print('extract, transform, load')\n")
    sh("git", "init", "-q", "-b", "main", cwd=repo, env=env)
    sh("git", "add", "-A", cwd=repo, env=env)
    sh("git", "commit", "-q", "-m", "Legacy", cwd=repo, env=env)
    return repo


ADOPT_DATA = ["--data", "description=Score card fraud.", "--data", "author_name=Risk Team",
              "--data", "author_email=risk@bank.test", "--data", "org=bank",
              "--data", "ml_team=@bank/ml", "--data", "data_team=@bank/data",
              "--data", "platform_team=@bank/platform",
              "--data", "license=Proprietary"]  # fmt: skip


def _v2_touching_both_layers(template: Path) -> None:
    slug = template / "template" / "{{cookiecutter.project_slug}}"
    edit(slug / "SECURITY.md", "## Data and model risks", "## Data and model risks (v2)")
    (slug / "docs" / "CONTRIBUTING.md").write_text("# Contributing\n\nOpen a pull request.\n")
    package = slug / "src" / "{{cookiecutter.project_slug}}"
    edit(package / "train.py", "def ", "# v2\ndef ")
    (package / "serve.py").write_text("def serve():\n    return None\n")
    (slug / "tests" / "test_serve.py").write_text("def test_serve():\n    pass\n")


def test_adopt_brings_governance_only_and_updates_leave_the_pipeline_out(legacy, template, env):
    etl = (legacy / "scripts/etl.py").read_bytes()
    own = {p: (legacy / p).read_bytes() for p in ("README.md", "pyproject.toml")}
    result = run([sys.executable, "-m", "mlrepo", "adopt", *ADOPT_DATA], cwd=legacy, env=env)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    for governed in [
        ".github/CODEOWNERS",
        "governance/project.yaml",
        ".pre-commit-config.yaml",
        "SECURITY.md",
        "docs/model_card.md",
        "schemas/churn.schema.yaml",
    ]:
        assert (legacy / governed).is_file(), governed
    assert sorted(p.name for p in (legacy / "src/fraud_scoring").iterdir()) == ["__init__.py"]
    assert not (legacy / "tests").exists() and not (legacy / "configs").exists()
    assert {p: (legacy / p).read_bytes() for p in own} == own
    answers = yaml.safe_load((legacy / ".copier-answers.yml").read_text())
    assert answers["_commit"] == f"v{__version__}" and answers["project_slug"] == "fraud_scoring"
    assert answers["project_name"] == "fraud-scoring" and answers["adopt_layers"] == "governance"
    assert (legacy / "scripts/etl.py").read_bytes() == etl
    sh("git", "add", "-A", cwd=legacy, env=env)
    sh("git", "commit", "-q", "-m", "Adopt the template", cwd=legacy, env=env)

    release(template, env, "v0.2.0", _v2_touching_both_layers)
    assert mlrepo(legacy, env, "--check").returncode == 1
    updated = mlrepo(legacy, env)
    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert "(v2)" in (legacy / "SECURITY.md").read_text()
    assert (legacy / "docs/CONTRIBUTING.md").is_file()
    assert sorted(p.name for p in (legacy / "src/fraud_scoring").iterdir()) == ["__init__.py"]
    assert not (legacy / "tests").exists()
    answers = yaml.safe_load((legacy / ".copier-answers.yml").read_text())
    assert answers["_commit"] == "v0.2.0" and answers["adopt_layers"] == "governance"
    sh("git", "add", "-A", cwd=legacy, env=env)
    sh("git", "commit", "-q", "-m", "Template v0.2.0", cwd=legacy, env=env)
    assert mlrepo(legacy, env, "--check").returncode == 0


def test_adopt_refuses_a_dirty_or_already_adopted_repository(legacy, project, env):
    (legacy / "README.md").write_text("dirty\n")
    dirty = run([sys.executable, "-m", "mlrepo", "adopt", *ADOPT_DATA], cwd=legacy, env=env)
    assert dirty.returncode == 2 and "uncommitted changes" in dirty.stderr
    again = run([sys.executable, "-m", "mlrepo", "adopt"], cwd=project, env=env)
    assert again.returncode == 2 and "already under the template" in again.stderr


def _rename_notebooks_readme(template: Path) -> None:
    slug = template / "template" / "{{cookiecutter.project_slug}}" / "notebooks"
    (slug / "README.md").rename(slug / "GUIDE.md")


def test_a_renamed_template_file_moves_forward_without_tasks(project, template, env):
    release(template, env, "v0.2.0", _rename_notebooks_readme)
    result = mlrepo(project, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (project / "notebooks/README.md").exists()
    assert (project / "notebooks/GUIDE.md").is_file()


def test_a_renamed_file_the_user_edited_is_kept_for_review(project, template, env):
    notes = project / "notebooks/README.md"
    notes.write_text(notes.read_text() + "\nTeam convention: one notebook per question.\n")
    sh("git", "commit", "-q", "-am", "Team notes", cwd=project, env=env)
    release(template, env, "v0.2.0", _rename_notebooks_readme)
    result = mlrepo(project, env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "kept notebooks/README.md: the template removed or renamed it" in result.stdout
    assert "updated, with 1 kept file(s) to review" in result.stdout  # exit 1 says why
    assert "updated: review" not in result.stdout
    assert (project / "notebooks/GUIDE.md").is_file()
    assert "Team convention" in notes.read_text()  # copier alone would have deleted the edit


LOGO = bytes(range(256)) * 4  # a binary file: NUL bytes, no lines to merge


def _v2_renames_drops_adds(template: Path) -> None:
    slug = template / "template" / "{{cookiecutter.project_slug}}"
    (slug / "notebooks" / "README.md").rename(slug / "notebooks" / "GUIDE.md")
    (slug / ".github" / "ISSUE_TEMPLATE" / "model_issue.md").unlink()
    (slug / "docs" / "CONTRIBUTING.md").write_text("# Contributing\n\nOpen a pull request.\n")
    (slug / "docs" / "assets").mkdir()
    (slug / "docs" / "assets" / "logo.png").write_bytes(LOGO)
    edit(template / README, SHARED_LINE, "brings template changes in with a 3-way merge (v2);")


def _v3_renames_the_binary_and_drops_text(template: Path) -> None:
    docs = template / "template" / "{{cookiecutter.project_slug}}" / "docs"
    (docs / "assets" / "logo.png").rename(docs / "logo.png")
    (docs / "assets").rmdir()
    (docs / "CONTRIBUTING.md").unlink()


def _recorded(project: Path) -> str:
    return yaml.safe_load((project / ".copier-answers.yml").read_text())["_commit"]


def _check(project: Path, env: dict):
    return run([sys.executable, "-m", "mlrepo", "check"], cwd=project, env=env)


def test_a_full_release_cycle_records_each_rendered_tag(project, template, env):
    tags = sh("git", "tag", cwd=template, env=env).split()
    assert _recorded(project) == f"v{__version__}" and _recorded(project) in tags
    readme = project / "README.md"
    edit(readme, SHARED_LINE, "brings template changes in with a 3-way merge (ours);")
    sh("git", "commit", "-q", "-am", "Our README", cwd=project, env=env)

    release(template, env, "v0.2.0", _v2_renames_drops_adds)
    assert mlrepo(project, env, "--check").returncode == 1
    updated = mlrepo(project, env)
    assert updated.returncode == 1 and "  README.md" in updated.stdout, updated.stdout
    assert _recorded(project) == "v0.2.0"
    assert (project / "notebooks/GUIDE.md").is_file() and not (
        project / "notebooks/README.md"
    ).exists()
    assert not (project / ".github/ISSUE_TEMPLATE/model_issue.md").exists()
    assert (project / "docs/assets/logo.png").read_bytes() == LOGO
    assert (project / "docs/CONTRIBUTING.md").is_file()
    sh("git", "add", "-A", cwd=project, env=env)
    assert _check(project, env).returncode == 1  # the conflict is on the to-do list
    kept = re.sub(
        r"<<<<<<< .*?\n(.*?)=======\n.*?>>>>>>> .*?\n", r"\1", readme.read_text(), flags=re.DOTALL
    )
    readme.write_text(kept)
    sh("git", "add", "-A", cwd=project, env=env)
    clean = _check(project, env)
    assert clean.returncode == 0, clean.stdout
    sh("git", "commit", "-q", "-m", "Template v0.2.0", cwd=project, env=env)
    assert mlrepo(project, env, "--check").returncode == 0

    release(template, env, "v0.3.0", _v3_renames_the_binary_and_drops_text)
    assert mlrepo(project, env, "--check").returncode == 1
    third = mlrepo(project, env)
    assert third.returncode == 0, third.stdout + third.stderr
    assert _recorded(project) == "v0.3.0"
    assert (project / "docs/logo.png").read_bytes() == LOGO
    assert (
        not (project / "docs/assets").exists() and not (project / "docs/CONTRIBUTING.md").exists()
    )
    sh("git", "add", "-A", cwd=project, env=env)
    assert _check(project, env).returncode == 0
    sh("git", "commit", "-q", "-m", "Template v0.3.0", cwd=project, env=env)
    assert mlrepo(project, env, "--check").returncode == 0


def test_update_from_a_source_without_the_recorded_tag_says_what_to_do(project, template, env):
    release(template, env, "v0.2.0", v2)
    sh("git", "tag", "-d", f"v{__version__}", cwd=template, env=env)  # a fork tagged only v0.2.0
    before = _snapshot(project, env)
    result = mlrepo(project, env)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert f"_commit v{__version__} is not a tag of {DEFAULT_TEMPLATE_URL}" in result.stderr
    assert f"git push origin v{__version__}" in result.stderr
    assert _snapshot(project, env) == before


def test_new_renders_the_fork_at_its_newest_tag(tmp_path, template, env):
    release(template, env, "v0.2.0", v2)
    fork_env = {**env, "MLREPO_TEMPLATE_URL": str(template)}
    dest = tmp_path / "from-fork"
    result = run([sys.executable, "-m", "mlrepo", "new", str(dest), "--defaults"], env=fork_env)
    assert result.returncode == 0, result.stderr
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert answers["_commit"] == "v0.2.0" and answers["_src_path"] == str(template)
    assert (dest / "docs/CONTRIBUTING.md").is_file()  # the fork's v0.2.0, not the bundled copy


def test_new_dot_in_an_empty_clone_works_and_with_files_says_adopt(tmp_path, env):
    clone = tmp_path / "clone"
    sh("git", "init", "-q", "-b", "main", str(clone), cwd=tmp_path, env=env)
    made = run([sys.executable, "-m", "mlrepo", "new", ".", "--defaults"], cwd=clone, env=env)
    assert made.returncode == 0, made.stderr
    assert (clone / ".copier-answers.yml").is_file() and (clone / ".git" / "HEAD").is_file()
    other = tmp_path / "other"
    sh("git", "init", "-q", "-b", "main", str(other), cwd=tmp_path, env=env)
    (other / "main.go").write_text("package main\n")
    refused = run([sys.executable, "-m", "mlrepo", "new", ".", "--defaults"], cwd=other, env=env)
    assert refused.returncode == 2 and "run `mlrepo adopt` there" in refused.stderr
    assert sorted(p.name for p in other.iterdir()) == [".git", "main.go"]
