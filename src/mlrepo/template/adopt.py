"""`mlrepo adopt`: bring a repository that was never generated under the template.

The result is what an update from an empty template would give: files the repository lacks are
created, identical files are left alone, and every file both sides have is merged against an
empty base (`git merge-file`), so each difference becomes an inline conflict to review. Nothing
of the repository's own content is lost, and the answers file records the template version, so
later `mlrepo update`s are ordinary 3-way merges.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import NamedTuple

from mlrepo import vcs
from mlrepo.errors import AnswerError, ConfigError
from mlrepo.template.update import ANSWERS, require_clean


class AdoptResult(NamedTuple):
    created: list[str]  #: files the repository lacked, created from the template
    conflicts: list[str]  #: files both sides had, merged with inline conflicts to review


def default_answers(root: Path, given: dict[str, str]) -> dict[str, str]:
    """Name the project after the folder, and the package after src/<package> if there is one."""
    answers = dict(given)
    src = root / "src"
    folders = sorted(src.iterdir()) if src.is_dir() else []
    packages = [p.name for p in folders if (p / "__init__.py").is_file()]
    if "project_slug" not in answers and len(packages) == 1:
        answers["project_slug"] = packages[0]
    if "project_name" not in answers:
        name = re.sub(r"[^A-Za-z0-9 _-]", "-", root.name).strip("-_ ") or "project"
        answers["project_name"] = name if name[0].isalpha() else f"project-{name}"
    return answers


def _merge(ours: Path, theirs: Path) -> bool:
    """Merge `theirs` into `ours` against an empty base; True if conflicts were written."""
    with tempfile.NamedTemporaryFile() as empty:
        return vcs.merge_file(
            str(ours), empty.name, str(theirs), ("this repository", "empty base", "template")
        )


def adopt(root: Path, given: dict[str, str]) -> AdoptResult:
    """Create the template's missing files and merge the ones the repository already has."""
    from mlrepo.template.answers import resolve, validate
    from mlrepo.template.generate import render
    from mlrepo.template.resources import template_root

    require_clean(root)
    if (root / ANSWERS).exists():
        raise ConfigError(
            ANSWERS, "exists: this repository is already under the template (use `mlrepo update`)"
        )
    source = template_root()
    try:
        answers = resolve(source, default_answers(root, given))
        validate(source, answers)
    except AnswerError as exc:
        raise ConfigError("--data", str(exc)) from None
    created, conflicts = [], []
    with tempfile.TemporaryDirectory(prefix=".mlrepo-adopt-") as scratch:
        rendered = Path(scratch) / "project"
        render(rendered, answers)
        for path in sorted(p for p in rendered.rglob("*") if p.is_file()):
            relative = path.relative_to(rendered)
            target = root / relative
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
                created.append(relative.as_posix())
            elif target.read_bytes() != path.read_bytes() and _merge(target, path):
                conflicts.append(relative.as_posix())
    return AdoptResult(created, conflicts)
