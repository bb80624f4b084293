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


def _merged(ours: bytes, theirs: bytes, scratch: Path) -> tuple[bytes, bool]:
    """`theirs` merged into `ours` against an empty base: the result, and whether it conflicts."""
    mine, template, empty = scratch / "ours", scratch / "theirs", scratch / "base"
    mine.write_bytes(ours)
    template.write_bytes(theirs)
    empty.write_bytes(b"")
    conflicted = vcs.merge_file(
        str(mine), str(empty), str(template), ("this repository", "empty base", "template")
    )
    return mine.read_bytes(), conflicted


def _is_binary(data: bytes) -> bool:
    return b"\0" in data[:8000]


def adopt(root: Path, given: dict[str, str]) -> AdoptResult:
    """Create the template's missing files and merge the ones the repository already has.

    Every merge is worked out in scratch first; only then is anything written, all together
    (or, on any failure or interrupt, nothing).
    """
    from mlrepo.formats.transaction import Writes, contained, interruptible
    from mlrepo.template.answers import resolve, validate
    from mlrepo.template.generate import render
    from mlrepo.template.resources import template_root

    require_clean(root)
    if (root / ANSWERS).exists() or (root / ANSWERS).is_symlink():
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
    writes = Writes(root)
    with interruptible(), tempfile.TemporaryDirectory(prefix="mlrepo-adopt-") as scratch:
        rendered = Path(scratch) / "project"
        render(rendered, answers)
        work = Path(scratch) / "merge"
        work.mkdir()
        for path in sorted(p for p in rendered.rglob("*") if p.is_file()):
            relative = path.relative_to(rendered).as_posix()
            target = contained(root, relative)
            theirs = path.read_bytes()
            if not target.exists():
                writes.add(relative, theirs)
                created.append(relative)
                continue
            ours = target.read_bytes()
            if ours == theirs:
                continue
            if _is_binary(ours) or _is_binary(theirs):
                conflicts.append(relative)  # no lines to merge: the repository's bytes stay
                continue
            merged, conflicted = _merged(ours, theirs, work)
            writes.add(relative, merged)
            if conflicted:
                conflicts.append(relative)
        writes.apply()
    return AdoptResult(created, conflicts)
