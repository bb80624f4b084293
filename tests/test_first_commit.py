"""Every answer combination generates a repository whose first commit passes: its own governance
check, and (hooks `index`) every pre-commit hook, offline, with mlrepo from a local wheelhouse.

The full first commit (install, tests, pipeline) runs per level in test_generated_repo.py; this
covers the combinations whose files and rules differ: level x genai x data classification x hooks
variant, where compliance rules such as COMP001 and files such as prompts/ turn on and off. The
`github` variant's hooks need GitHub, so its config is validated (see test_hook_variants.py).

To keep the matrix cheap, each level's baseline repository runs every hook over every file once;
every other combination then runs the hooks over the files that differ from the baseline (the
file hooks judge each file on its own; mlrepo's check always runs over the whole repository).
"""

from __future__ import annotations

import itertools
import sys

import pytest
from helpers import copier_copy, mlrepo, run, tree

pytestmark = pytest.mark.slow

BASELINE = {"genai": "no", "data_classification": "internal", "hooks": "index"}
COMBINATIONS = list(
    itertools.product(
        ["0", "1", "2"],
        ["no", "yes"],
        ["public", "internal", "confidential", "restricted"],
        ["index", "github"],
    )
)


def _generate(template_src, dest, data):
    repo = copier_copy(template_src, dest, data)
    assert run(["git", "init", "-q", "-b", "main"], cwd=repo).returncode == 0
    assert run(["git", "add", "-A"], cwd=repo).returncode == 0
    return repo


def _hooks(repo, env, *selection):
    command = [sys.executable, "-m", "pre_commit", "run", *selection]
    result = run(command, cwd=repo, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Failed" not in result.stdout
    return result


@pytest.fixture(scope="module")
def baselines(template_src, tmp_path_factory, pre_commit_env):
    """Per level, the files of a repository on which every hook passed over every file."""
    cache = {}

    def get(level):
        if level not in cache:
            dest = tmp_path_factory.mktemp(f"baseline{level}") / "repo"
            repo = _generate(template_src, dest, {"maturity_level": level, **BASELINE})
            _hooks(repo, pre_commit_env, "--all-files")
            cache[level] = tree(repo)
        return cache[level]

    return get


@pytest.mark.parametrize(("level", "genai", "classification", "hooks"), COMBINATIONS)
def test_a_fresh_repository_passes_its_own_check_and_hooks(
    template_src, tmp_path, baselines, pre_commit_env, level, genai, classification, hooks
):
    data = {
        "maturity_level": level,
        "genai": genai,
        "data_classification": classification,
        "hooks": hooks,
    }
    repo = _generate(template_src, tmp_path / "repo", data)
    result = mlrepo("check", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"maturity level {level}: 0 finding(s)" in result.stdout
    if hooks == "index":
        baseline = baselines(level)
        changed = [path for path, data in tree(repo).items() if baseline.get(path) != data]
        assert ".copier-answers.yml" in changed or (genai, classification) == ("no", "internal")
        _hooks(repo, pre_commit_env, "--files", *changed)
