"""The cookiecutter door creates the project folder before any hook runs; the template's slug
guard refuses a slug that cannot name it first, by the rule, and nothing is created."""

from __future__ import annotations

import pytest
from helpers import cookiecutter_cli


@pytest.mark.parametrize(
    ("slug", "rule"),
    [
        pytest.param("x/../../y", "must be a Python package name", id="N4-traversal"),
        pytest.param("", "must not be empty", id="N4-empty"),
        pytest.param("a" * 10_000, "must be at most 40 characters", id="N4-10k"),
        pytest.param("a/b", "must be a Python package name", id="N4-subfolder"),
    ],
)
def test_a_slug_that_cannot_name_the_folder_is_refused_by_its_rule(
    template_src, tmp_path, slug, rule
):
    out = tmp_path / "out"
    out.mkdir()
    result = cookiecutter_cli(
        "--no-input", template_src, "--directory=template", f"--output-dir={out}",
        f"project_slug={slug}",
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"project_slug: {rule}" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert list(out.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_good_slug_still_names_the_folder(template_src, tmp_path):
    result = cookiecutter_cli(
        "--no-input", template_src, "--directory=template", f"--output-dir={tmp_path}",
        "project_slug=fine_name",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "fine_name" / "pyproject.toml").is_file()
