"""Helpers that drive the three doors and read generated trees."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ANSWERS_FILE = ".copier-answers.yml"


def copier_copy(src: Path, dest: Path, data: dict[str, str]) -> Path:
    import copier

    typed = {k: int(v) if k == "maturity_level" else v for k, v in data.items()}
    copier.run_copy(str(src), str(dest), data=typed, defaults=True, quiet=True)
    return dest


def cookiecutter_bake(src: Path, out: Path, data: dict[str, str]) -> Path:
    from cookiecutter.main import cookiecutter

    return Path(
        cookiecutter(
            str(src), no_input=True, extra_context=data, output_dir=str(out), directory="template"
        )
    )


def run(cmd: list[str], cwd: Path | None = None, env: dict | None = None, **kw):
    """Run a real command; stdout and stderr are captured as text."""
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False, **kw)


def mlrepo(*args: str, cwd: Path | None = None):
    """The `mlrepo` command line, run by the test interpreter."""
    return run([sys.executable, "-m", "mlrepo", *map(str, args)], cwd=cwd)


def copier_cli(*args: str, **kw):
    """Plain `copier`, as a user runs it."""
    return run([sys.executable, "-m", "copier", *map(str, args)], **kw)


def cookiecutter_cli(*args: str, **kw):
    """Plain `cookiecutter`, as a user runs it."""
    return run([sys.executable, "-m", "cookiecutter", *map(str, args)], **kw)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` by relative POSIX path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def build_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (relative path -> text, dedented, or bytes) under `root`."""
    import textwrap

    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def run_kind(kind: str, root: Path, files: dict[str, str | bytes], level: int = 1, **params):
    """The findings of one check kind over a tree built from `files`, with `params` checked
    against the kind's declared schema and its defaults filled in, as a rule pack would."""
    from mlrepo.policy.checks import Context, with_defaults
    from mlrepo.policy.engine import kind_function
    from mlrepo.policy.repository import Repository
    from mlrepo.policy.rules import params_problem

    problem = params_problem(kind, params)
    assert problem is None, problem
    build_tree(root, files)
    ctx = Context(Repository(str(root)), level, frozenset({"HYG002", "SEC001", "OWN001"}))
    return list(kind_function(kind)(ctx, with_defaults(kind, params)))
