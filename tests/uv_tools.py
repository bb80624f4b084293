"""uv for the generated projects: one cache per test session, Python from this machine only."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from helpers import run


def uv() -> str:
    """The uv of the test environment (mlrepo's test extras install it)."""
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    assert found, "uv is missing: install mlrepo's test extras"
    return found


def uv_env(cache: Path) -> dict[str, str]:
    """uv's cache shared by every test in the session (each wheel is fetched once), no Python
    downloads (only the package index is reachable), copies instead of cross-device links."""
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    return {
        **env,
        "UV_CACHE_DIR": str(cache),
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_LINK_MODE": "copy",
        "UV_NO_PROGRESS": "1",
    }


def python_for(version: str, env: dict[str, str]) -> str | None:
    """An interpreter of `version` on this machine (uv's search, then pyenv's versions), or None."""
    found = run([uv(), "python", "find", version], env=env)
    if found.returncode == 0:
        return found.stdout.strip()
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = sorted(pyenv.glob(f"{version}.*/bin/python{version}"))
    return str(candidates[-1]) if candidates else None


def sync(project: Path, env: dict[str, str], *args: str) -> Path:
    """`uv sync --locked` in `project`, as its README says; the path of its venv's python."""
    python = python_for(_minimum_python(project), env)
    assert python, f"no Python {_minimum_python(project)} on this machine"
    done = run([uv(), "sync", "--locked", "--python", python, *args], cwd=project, env=env)
    assert done.returncode == 0, done.stderr
    return project / ".venv" / "bin" / "python"


def _minimum_python(project: Path) -> str:
    import tomllib

    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    return pyproject["project"]["requires-python"].removeprefix(">=")
