"""The template ships a uv.lock that fits every answer, and it is never stale.

Regenerate it after changing the template's dependencies (needs the package index):

    MLREPO_UPDATE_GOLDENS=1 python -m pytest tests/test_lock.py

That renders the template with default answers, runs `uv lock` in it (keeping today's pins where
they still fit) and turns the project's name and minimum Python back into template expressions.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from helpers import REPO, cookiecutter_bake, run
from uv_tools import python_for, uv

LOCK = REPO / "template" / "{{cookiecutter.project_slug}}" / "uv.lock"
NAME = "{{ cookiecutter.project_slug|replace('_', '-') }}"
PYTHON = "{{ cookiecutter.python_version }}"


def _templated(lock: str, name: str, python: str) -> str:
    """The rendered lock of project `name` as the template file: the name and minimum Python
    become expressions; nothing else in a lock depends on the answers."""
    project = f'\nname = "{name}"\nversion = "0.1.0"\nsource = {{ editable = "." }}\n'
    assert lock.count(project) == 1, "the project's own entry is not where uv puts it"
    assert lock.count(f'requires-python = ">={python}"\n') == 1
    assert not re.search(r"\{[{%#]", lock), "the lock holds Jinja syntax"
    lock = lock.replace(project, project.replace(f'"{name}"', f'"{NAME}"'))
    return lock.replace(f'requires-python = ">={python}"\n', f'requires-python = ">={PYTHON}"\n')


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory, uv_env) -> None:
    """With MLREPO_UPDATE_GOLDENS set, rewrite the template's lock before the checks below."""
    if not os.environ.get("MLREPO_UPDATE_GOLDENS"):
        return
    project = cookiecutter_bake(REPO, tmp_path_factory.mktemp("lock"), {})
    locked = run([uv(), "lock", "--python", python_for("3.11", uv_env)], cwd=project, env=uv_env)
    assert locked.returncode == 0, locked.stderr
    lock = (project / "uv.lock").read_text(encoding="utf-8")
    LOCK.write_text(_templated(lock, "churn-model", "3.11"), encoding="utf-8")


@pytest.mark.parametrize("python", ["3.11", "3.12", "3.13"])
def test_the_shipped_lock_fits_the_rendered_project(regenerated, tmp_path, uv_env, python):
    """`uv lock --check` fails when pyproject.toml's dependencies changed without a new lock."""
    interpreter = python_for(python, uv_env)
    if interpreter is None:
        pytest.skip(f"no Python {python} on this machine")
    data = {"project_name": "Zeta Forecast", "python_version": python}
    project = cookiecutter_bake(REPO, tmp_path, data)
    assert 'name = "zeta-forecast"' in (project / "uv.lock").read_text(encoding="utf-8")
    checked = run(
        [uv(), "lock", "--check", "--offline", "--python", interpreter], cwd=project, env=uv_env
    )
    assert checked.returncode == 0, checked.stderr


def test_a_changed_dependency_makes_the_check_fail(tmp_path, uv_env):
    project = cookiecutter_bake(REPO, tmp_path, {})
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.replace('"pyyaml>=6"', '"pyyaml>=6.0.1"'), encoding="utf-8")
    checked = run(
        [uv(), "lock", "--check", "--python", python_for("3.11", uv_env)], cwd=project, env=uv_env
    )
    assert checked.returncode != 0
    assert "needs to be updated" in checked.stderr


def test_the_template_file_renders_back_to_the_lock(tmp_path):
    rendered = LOCK.read_text(encoding="utf-8").replace(NAME, "churn-model")
    lock = rendered.replace(PYTHON, "3.11")
    assert _templated(lock, "churn-model", "3.11") == LOCK.read_text(encoding="utf-8")
    assert Path(LOCK).stat().st_size < 1024 * 1024  # under the generated repo's file size rule
