"""Shared fixtures: the template as a plain copier/cookiecutter source, and the three doors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import REPO

from mlrepo.template.resources import stage_template, template_root


@pytest.fixture(scope="session", autouse=True)
def _hermetic_cookiecutter(tmp_path_factory):
    """Keep cookiecutter's replay files and clones out of the user's home directory."""
    home = tmp_path_factory.mktemp("cookiecutter-home")
    config = home / "config.yaml"
    config.write_text(f"cookiecutters_dir: {home / 'cc'}\nreplay_dir: {home / 'replay'}\n")
    old = os.environ.get("COOKIECUTTER_CONFIG")
    os.environ["COOKIECUTTER_CONFIG"] = str(config)
    yield
    if old is None:
        os.environ.pop("COOKIECUTTER_CONFIG", None)
    else:
        os.environ["COOKIECUTTER_CONFIG"] = old


@pytest.fixture(scope="session")
def template_src(tmp_path_factory) -> Path:
    """copier.yml + template/ copied out of git, so copier renders the working tree as it is."""
    assert template_root() == REPO, "tests must exercise this checkout's template"
    return stage_template(tmp_path_factory.mktemp("template-src"))


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory) -> Path:
    """A folder holding a wheel of this checkout, to stand in for the package index's mlrepo."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("wheelhouse")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        check=True,
    )
    return out


@pytest.fixture(scope="session")
def pre_commit_env(tmp_path_factory, wheelhouse) -> dict[str, str]:
    """Environment for real pre-commit runs: a shared hook cache, GitHub unreachable for git,
    and mlrepo resolvable from the wheelhouse (as from an organisation's package index)."""
    links = " ".join(filter(None, [str(wheelhouse), os.environ.get("PIP_FIND_LINKS", "")]))
    import sys

    # Hooks get only what their own environments install: the test venv's tools (zizmor,
    # ruff, ...) are not on PATH, as they would not be on a developer's machine.
    venv_bin = str(Path(sys.executable).parent)
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if p != venv_bin)
    return {
        **os.environ,
        "PATH": path,
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
        "PIP_FIND_LINKS": links,
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "url.file:///github-is-unreachable-in-these-tests/.insteadOf",
        "GIT_CONFIG_VALUE_0": "https://github.com/",
    }


@pytest.fixture(scope="session")
def uv_env(tmp_path_factory) -> dict[str, str]:
    """Environment for uv in generated projects: one wheel cache for the whole session."""
    from uv_tools import uv_env as environment

    cache = os.environ.get("MLREPO_TEST_UV_CACHE") or tmp_path_factory.mktemp("uv-cache")
    return environment(Path(cache))
