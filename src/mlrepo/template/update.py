"""`mlrepo update`: bring a generated repository up to a newer template with copier's 3-way merge.

Guard rails around `copier update`: a clean tree with no merge in progress, a reachable source,
no downgrade, answers validated by the template's own rules, binary files merged 3-way like text,
inline conflicts listed with what to do about them, and never a half-applied update: copier works
in a clone in the system temp dir, and its result is written into the repository all together.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from mlrepo import vcs
from mlrepo.errors import AnswerError, ConfigError, GitError

ANSWERS = ".copier-answers.yml"


class UpdateResult(NamedTuple):
    conflicts: list[str]  #: files with inline conflicts or .rej files, to resolve
    kept: list[str]  #: edited files the template dropped, restored for review
    binary: list[str]  #: binary files both sides changed: the repository's bytes kept


class UpdateStatus(NamedTuple):
    current: str  #: the template version this repository records (_commit)
    newest: str  #: the newest version tag of the template source

    @property
    def outdated(self) -> bool:
        return _version(self.newest) > _version(self.current)


def recorded_answers(root: Path) -> dict:
    path = root / ANSWERS
    if not path.is_file():
        raise ConfigError(
            ANSWERS,
            "missing: this repository was not generated from the template (use `mlrepo adopt`)",
        )
    from mlrepo.formats.loaders import load_yaml

    answers = load_yaml(ANSWERS, path.read_bytes())
    if not isinstance(answers, dict) or not answers.get("_src_path") or not answers.get("_commit"):
        raise ConfigError(ANSWERS, "has no _src_path and _commit: the template version is unknown")
    for key in ("_src_path", "_commit"):
        if not isinstance(answers[key], str):
            raise ConfigError(ANSWERS, f"{key} must be a string, got {type(answers[key]).__name__}")
    return answers


def require_clean(root: Path) -> None:
    if not vcs.is_repository(root):
        raise ConfigError(str(root), "not a git repository: updates need git to merge safely")
    dirty = vcs.dirty_paths(root)
    if dirty:
        shown = ", ".join(dirty[:5]) + (" …" if len(dirty) > 5 else "")
        raise ConfigError(str(root), f"uncommitted changes ({shown}): commit or stash them first")


def template_versions(source: str) -> list[tuple[object, str]]:
    """(version, tag) of every PEP 440 tag of the template repository, oldest first."""
    from packaging.version import InvalidVersion, Version

    try:
        tags = vcs.remote_tags(source)
    except GitError as exc:
        raise ConfigError(ANSWERS, f"template source {source} is unreachable: {exc}") from None
    versions = {}
    for tag in tags:
        try:
            versions[Version(tag)] = tag
        except InvalidVersion:
            continue
    return sorted(versions.items())


def _version(tag: str):
    from packaging.version import InvalidVersion, Version

    try:
        return Version(tag.split("-")[0])  # copier may record a git describe string
    except InvalidVersion:
        raise ConfigError(ANSWERS, f"_commit {tag!r} is not a version") from None


def check(root: Path) -> UpdateStatus:
    """The recorded and the newest template version."""
    answers = recorded_answers(repository_root(root))
    versions = template_versions(answers["_src_path"])
    if not versions:
        raise ConfigError(ANSWERS, f"template source {answers['_src_path']} has no version tags")
    return UpdateStatus(answers["_commit"], versions[-1][1])


def repository_root(path: Path) -> Path:
    """The top of the repository `path` is in: `mlrepo update` works from any subdirectory."""
    top = vcs.toplevel(path) if path.is_dir() else None
    if top is None:
        raise ConfigError(str(path), "not a git repository: updates need git to merge safely")
    return Path(top)


def update(root: Path, data: dict[str, str], to: str | None) -> UpdateResult:
    """Run the update: files with conflicts, and edited files the template dropped (kept).

    copier merges in a clone of the repository in the system temp dir; its result is then
    written into the repository all together, or, on any failure or interrupt, not at all.
    """

    from mlrepo.formats.transaction import interruptible, scratch

    root = repository_root(root)
    answers = recorded_answers(root)
    busy = vcs.operation_in_progress(root)
    if busy:
        raise ConfigError(str(root), f"{busy} is in progress: finish or abort it first")
    require_clean(root)
    versions = template_versions(answers["_src_path"])
    target = to or (versions[-1][1] if versions else None)
    if target is None:
        raise ConfigError(ANSWERS, f"template source {answers['_src_path']} has no version tags")
    if target not in {tag for _, tag in versions}:
        raise ConfigError(
            ANSWERS, f"template version {target} does not exist at {answers['_src_path']}"
        )
    require_recorded_release(answers, versions)
    if _version(target) < _version(answers["_commit"]):
        raise ConfigError(
            ANSWERS,
            f"{target} is older than this repository's {answers['_commit']}: "
            "downgrades are not supported",
        )
    if data:
        _validate_changes(answers, data)
    typed = {k: int(v) if k == "maturity_level" else v for k, v in data.items()}
    with interruptible(), scratch("mlrepo-update-") as folder:
        work = folder / "repository"
        vcs.clone(root, work)
        from mlrepo.template import engine

        engine.update(
            work,
            typed,
            vcs_ref=target,
            defaults=True,
            overwrite=True,
            conflict="inline",
            quiet=True,
            skip_answered=True,
        )
        from mlrepo.template.release import record

        record(work, answers["_src_path"], target)
        old = _OldRendering(folder / "old", answers)
        unmerged = vcs.diff_names(work, "U")
        rejected = [p for p in vcs.untracked(work) if p.endswith(".rej")]
        kept = _keep_edited_deletions(work, old)
        binary = _keep_edited_binaries(work, old)
        _apply(work, root)
    return UpdateResult(sorted(set(unmerged) | set(rejected)), kept, binary)


def require_recorded_release(answers: dict, versions: list[tuple[object, str]]) -> None:
    """The 3-way merge needs the release this repository was made from: refuse, saying what to
    do, when the source lacks that tag (a fork that tagged only its newer releases)."""
    recorded, source = answers["_commit"], answers["_src_path"]
    if "-" in recorded or recorded in {tag for _, tag in versions}:
        return  # a `git describe` string names a commit, not a tag: copier checks it out
    raise ConfigError(
        ANSWERS,
        f"_commit {recorded} is not a tag of {source}, so the merge has no base: push that "
        f"release's tag there (git tag {recorded} <commit> && git push origin {recorded}), "
        "or set _src_path to a template repository that has it",
    )


class _OldRendering:
    """The old template version rendered with the recorded answers, made only when needed:
    what the repository's files looked like before anyone edited them."""

    def __init__(self, where: Path, answers: dict):
        self.where = where
        self.answers = answers
        self.made = False

    def get(self, path: str) -> bytes | None:
        if not self.made:
            from mlrepo.template import engine

            given = {k: v for k, v in self.answers.items() if not k.startswith("_")}
            engine.copy(
                self.answers["_src_path"],
                self.where,
                given,
                vcs_ref=self.answers["_commit"],
                defaults=True,
                quiet=True,
            )
            self.made = True
        file = self.where / path
        return file.read_bytes() if file.is_file() and not file.is_symlink() else None


def _keep_edited_deletions(work: Path, old: _OldRendering) -> list[str]:
    """copier deletes files the new template dropped, even ones the user edited; put those back."""
    kept = []
    for path in vcs.diff_names(work, "D", "HEAD"):
        if old.get(path) != vcs.show(work, "HEAD", path):
            vcs.restore(work, "HEAD", path)
            kept.append(path)
    return kept


def _is_binary(data: bytes | None) -> bool:
    """git's own test: a NUL in the first 8000 bytes."""
    return data is not None and b"\0" in data[:8000]


def _keep_edited_binaries(work: Path, old: _OldRendering) -> list[str]:
    """Binary files get the 3-way treatment copier gives text: the template's bytes only where
    the repository still has the old template's bytes. Where both changed, the repository's
    version stays and the file is reported; where only the repository changed, it just stays.
    (A binary the repository deleted stays deleted, as copier leaves a deleted text file.)"""
    conflicts = []
    for path in vcs.diff_names(work, "MT", "HEAD"):
        ours = vcs.show(work, "HEAD", path)
        file = work / path
        theirs = file.read_bytes() if file.is_file() and not file.is_symlink() else None
        if not (_is_binary(ours) or _is_binary(theirs)):
            continue
        base = old.get(path)
        if ours == base:
            continue  # untouched by the repository: the template's version is right
        vcs.restore(work, "HEAD", path)
        if theirs != base:
            conflicts.append(path)
    return conflicts


def _apply(work: Path, root: Path) -> None:
    """Write what the update changed in the clone into the repository, all or nothing.

    Ignored files the repository has (a `.env`, data) stay as they are: the clone never had them.
    """
    from mlrepo.formats.transaction import Writes

    writes = Writes(root)
    for status, path in vcs.changes(work):
        file = work / path
        if status == "D":
            writes.remove(path)
        elif file.is_symlink():
            raise ConfigError(path, "the template release makes this a symlink: mlrepo never does")
        elif status == "A" and os.path.lexists(root / path):
            continue
        else:
            writes.add(path, file.read_bytes(), file.stat().st_mode & 0o777)
    try:
        writes.apply()
    except OSError as exc:
        reason = f"{exc.strerror} ({exc.filename})" if exc.strerror else type(exc).__name__
        raise ConfigError(
            str(root), f"cannot write the update, nothing changed: {reason}"
        ) from None


def _validate_changes(answers: dict, data: dict[str, str]) -> None:
    from mlrepo.template.answers import questions, resolve, validate
    from mlrepo.template.resources import template_root

    root = template_root()
    known = questions(root)
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ConfigError("--data", f"{unknown[0]}: not a question of this template")
    recorded = {k: str(v) for k, v in answers.items() if k in known}
    # Questions newer than the repository's answers get their defaults, as copier gives them.
    merged = resolve(root, recorded | data)
    try:
        validate(root, merged)
    except AnswerError as exc:
        raise ConfigError("--data", str(exc)) from None
