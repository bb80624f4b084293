"""`mlrepo update`: bring a generated repository up to a newer template with copier's 3-way merge.

Guard rails around `copier update`: a clean tree, a reachable source, no downgrade, answers
validated by the template's own rules, inline conflicts listed with what to do about them, and
never a half-applied update on a refusal (every check runs before copier writes anything).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from mlrepo import vcs
from mlrepo.errors import AnswerError, ConfigError, GitError

ANSWERS = ".copier-answers.yml"


class UpdateResult(NamedTuple):
    conflicts: list[str]  #: files with inline conflicts or .rej files, to resolve
    kept: list[str]  #: edited files the template dropped, restored for review


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
    answers = recorded_answers(root)
    versions = template_versions(answers["_src_path"])
    if not versions:
        raise ConfigError(ANSWERS, f"template source {answers['_src_path']} has no version tags")
    return UpdateStatus(answers["_commit"], versions[-1][1])


def update(root: Path, data: dict[str, str], to: str | None) -> UpdateResult:
    """Run the update: files with conflicts, and edited files the template dropped (kept)."""
    answers = recorded_answers(root)
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

    import copier
    from copier.errors import CopierError

    typed = {k: int(v) if k == "maturity_level" else v for k, v in data.items()}
    try:
        copier.run_update(
            str(root),
            data=typed,
            vcs_ref=target,
            defaults=True,
            overwrite=True,
            conflict="inline",
            quiet=True,
            skip_answered=True,
        )
    except CopierError as exc:
        raise ConfigError(ANSWERS, f"copier could not update: {exc}") from None
    from mlrepo.template.release import record

    record(root, answers["_src_path"], target)
    unmerged = vcs.diff_names(root, "U")
    rejected = [p for p in vcs.untracked(root) if p.endswith(".rej")]
    kept = _keep_edited_deletions(root, answers)
    return UpdateResult(sorted(set(unmerged) | set(rejected)), kept)


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


def _keep_edited_deletions(root: Path, answers: dict) -> list[str]:
    """copier deletes files the new template dropped, even ones the user edited; put those back.

    A file counts as edited when it differs from the old template version's rendering of it.
    """
    import tempfile

    import copier

    deleted = vcs.diff_names(root, "D", "HEAD")
    if not deleted:
        return []
    given = {k: v for k, v in answers.items() if not k.startswith("_")}
    kept = []
    with tempfile.TemporaryDirectory(prefix=".mlrepo-old-") as scratch:
        old = Path(scratch) / "old"
        copier.run_copy(
            answers["_src_path"],
            str(old),
            data=given,
            vcs_ref=answers["_commit"],
            defaults=True,
            quiet=True,
        )
        for path in deleted:
            ours = vcs.show(root, "HEAD", path)
            template_version = old / path
            if not template_version.is_file() or template_version.read_bytes() != ours:
                vcs.restore(root, "HEAD", path)
                kept.append(path)
    return kept


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
