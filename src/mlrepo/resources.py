"""Where the template lives: inside the wheel when installed, beside the package in a checkout."""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

# Strings, not pathlib: `mlrepo check` runs on every commit and pathlib costs it ~4 ms to import.
_PACKAGE = os.path.dirname(os.path.realpath(__file__))
_CHECKOUT = os.path.dirname(os.path.dirname(_PACKAGE))  # src/mlrepo -> the repository


class MissingTemplateError(RuntimeError):
    """This installation of mlrepo has no template (a broken or partial install)."""


def template_root() -> Path:
    """The directory that holds copier.yml and template/ (the copier source)."""
    from pathlib import Path

    for candidate in (os.path.join(_PACKAGE, "_bundled"), _CHECKOUT):
        if os.path.isfile(os.path.join(candidate, "copier.yml")) and os.path.isdir(
            os.path.join(candidate, "template")
        ):
            return Path(candidate)
    raise MissingTemplateError(f"no template found beside {_PACKAGE}: reinstall mlrepo")


def policies_root() -> str:
    """The directory of the built-in rule packs (policies/*.yaml and policies/schemas/)."""
    for candidate in (
        os.path.join(_PACKAGE, "_bundled", "policies"),
        os.path.join(_CHECKOUT, "policies"),
    ):
        if os.path.isdir(candidate):
            return candidate
    raise MissingTemplateError(f"no policies found beside {_PACKAGE}: reinstall mlrepo")


def schema(name: str) -> dict:
    """One of the JSON Schemas shipped in policies/schemas/."""
    import json

    with open(os.path.join(policies_root(), "schemas", name), encoding="utf-8") as file:
        return json.load(file)


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
