"""Where the template lives: inside the wheel when installed, beside the package in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


class MissingTemplateError(RuntimeError):
    """This installation of mlrepo has no template (a broken or partial install)."""


def template_root() -> Path:
    """The directory that holds copier.yml and template/ (the copier source)."""
    for candidate in (_PACKAGE / "_bundled", _PACKAGE.parents[1]):
        if (candidate / "copier.yml").is_file() and (candidate / "template").is_dir():
            return candidate
    raise MissingTemplateError(f"no template found beside {_PACKAGE}: reinstall mlrepo")


def policies_root() -> Path:
    """The directory of the built-in rule packs (policies/*.yaml and policies/schemas/)."""
    for candidate in (_PACKAGE / "_bundled" / "policies", _PACKAGE.parents[1] / "policies"):
        if candidate.is_dir():
            return candidate
    raise MissingTemplateError(f"no policies found beside {_PACKAGE}: reinstall mlrepo")


def stage_template(dest: Path) -> Path:
    """Copy the copier source (copier.yml + template/) into `dest`, a plain non-git directory.

    copier renders a git source at its latest tag; a plain copy renders exactly these files.
    """
    import shutil

    root = template_root()
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / "copier.yml", dest / "copier.yml")
    shutil.copytree(
        root / "template", dest / "template", ignore=shutil.ignore_patterns("__pycache__")
    )
    return dest
