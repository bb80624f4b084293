"""Every answer combination generates a repository that passes its own governance check.

The full first commit (install, tests, pipeline, every hook) runs per level in
test_generated_repo.py; this covers the combinations whose rules differ: level x genai x data
classification, where compliance rules such as COMP001 turn on and off.
"""

from __future__ import annotations

import itertools

import pytest
from helpers import copier_copy, mlrepo, run

pytestmark = pytest.mark.slow

COMBINATIONS = list(
    itertools.product(
        ["0", "1", "2"], ["no", "yes"], ["public", "internal", "confidential", "restricted"]
    )
)


@pytest.mark.parametrize(("level", "genai", "classification"), COMBINATIONS)
def test_a_fresh_repository_passes_its_own_check(
    template_src, tmp_path, level, genai, classification
):
    data = {"maturity_level": level, "genai": genai, "data_classification": classification}
    repo = copier_copy(template_src, tmp_path / "repo", data)
    assert run(["git", "init", "-q", "-b", "main"], cwd=repo).returncode == 0
    assert run(["git", "add", "-A"], cwd=repo).returncode == 0
    result = mlrepo("check", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"maturity level {level}: 0 finding(s)" in result.stdout
