"""`mlrepo adopt`: bring a repository that was never generated under the template.

adopt brings the governance layer (template/layers.py); the pipeline skeleton only when asked.
Answers come from the repository (template/infer.py) or the caller, never from a placeholder.
Files the repository lacks are created, identical files are left alone, and every file both
sides have is merged against an empty base (`git merge-file`), so each difference becomes an
inline conflict to review. A file GitHub already finds under another name or place (LICENSE.txt,
a root CODEOWNERS, .github/PULL_REQUEST_TEMPLATE.md) is the one merged into, never duplicated.
Nothing of the repository's own content is lost, and the answers file records the template
version, so later `mlrepo update`s are ordinary 3-way merges.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from mlrepo import vcs
from mlrepo.errors import AnswerError, ConfigError
from mlrepo.template.update import ANSWERS, require_clean


class AdoptResult(NamedTuple):
    created: list[str]  #: files the repository lacked, created from the template
    conflicts: list[str]  #: files both sides had, merged with inline conflicts to review


def adopt_answers(
    root: Path, given: dict[str, str], ask: Callable[[str], str] | None = None
) -> dict[str, str]:
    """The given answers over the inferred ones; `ask` (a terminal) supplies what neither has,
    and without it adopt refuses, naming every missing answer."""
    from mlrepo.template.infer import REQUIRED, inferred

    answers = inferred(root) | given
    missing = [question for question in REQUIRED if question not in answers]
    if missing:
        if ask is None:
            raise ConfigError(
                "--data",
                f"cannot infer {', '.join(missing)} from this repository: give each as "
                "--data NAME=VALUE (template placeholders are never applied)",
            )
        answers.update({question: ask(question) for question in missing})
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


def adopt(
    root: Path,
    given: dict[str, str],
    *,
    with_pipeline: bool = False,
    ask: Callable[[str], str] | None = None,
) -> AdoptResult:
    """Create the template's missing files and merge the ones the repository already has.

    Every merge is worked out in scratch first; only then is anything written, all together
    (or, on any failure or interrupt, nothing).
    """
    from mlrepo.formats.transaction import Writes, contained, interruptible, scratch
    from mlrepo.policy.discovery import discovered
    from mlrepo.policy.repository import Repository
    from mlrepo.template.answers import resolve, validate
    from mlrepo.template.generate import render
    from mlrepo.template.layers import answer
    from mlrepo.template.resources import template_root

    require_clean(root)
    if (root / ANSWERS).exists() or (root / ANSWERS).is_symlink():
        raise ConfigError(
            ANSWERS, "exists: this repository is already under the template (use `mlrepo update`)"
        )
    source = template_root()
    try:
        answers = resolve(source, adopt_answers(root, given, ask))
        validate(source, answers)
    except AnswerError as exc:
        raise ConfigError("--data", str(exc)) from None
    existing = Repository(str(root))
    created, conflicts = [], []
    writes = Writes(root)
    with interruptible(), scratch("mlrepo-adopt-") as folder:
        rendered = folder / "project"
        render(rendered, answers | answer(with_pipeline))
        work = folder / "merge"
        work.mkdir()
        for path in sorted(p for p in rendered.rglob("*") if p.is_file()):
            template_path = path.relative_to(rendered).as_posix()
            relative = discovered(existing, template_path) or template_path
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
