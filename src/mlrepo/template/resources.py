"""Where the template lives (wheel or checkout), and a plain copy of it for copier to render."""

from __future__ import annotations

from pathlib import Path

from mlrepo.bundled import locate


def template_root() -> Path:
    """The directory that holds copier.yml and template/ (the copier source)."""
    return Path(locate("copier.yml", "template"))


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
