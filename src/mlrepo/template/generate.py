"""`mlrepo new`: render the template through copier into a directory that did not exist.

Rendering happens in the system temp dir; the finished project is copied into a staging folder
beside DEST (`.DEST.mlrepo-new-PID`, so the final move is one rename) and moved into place only
when it is complete. A failure or interrupt leaves nothing; a staging folder that a SIGKILL left
is removed by the next `mlrepo new` of the same DEST.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mlrepo import __version__
from mlrepo.errors import ConfigError, DestinationError
from mlrepo.template.answers import for_copier, resolve, validate
from mlrepo.template.release import record
from mlrepo.template.resources import stage_template, template_root

DEFAULT_TEMPLATE_URL = "https://github.com/mlrepo-dev/mlrepo.git"


def _check_destination(dest: Path) -> None:
    if dest.is_symlink() or (dest.exists() and not dest.is_dir()):
        raise DestinationError(f"{dest}: exists and is not a directory")
    present = sorted(p.name for p in dest.iterdir() if p.name != ".git") if dest.is_dir() else []
    if present and (dest / ".git").exists():
        raise DestinationError(
            f"{dest}: a repository with files ({', '.join(present[:3])}"
            f"{' …' if len(present) > 3 else ''}): run `mlrepo adopt` there to bring it under "
            "the template"
        )
    if present:
        raise DestinationError(f"{dest}: exists and is not empty; choose a new directory")


def render(dest: Path, answers: dict[str, str], *, interactive: bool = False) -> dict:
    """Render the template into `dest` (which must not exist) and return the recorded answers.

    With MLREPO_TEMPLATE_URL (an organisation's fork) the fork is rendered at its newest
    release tag, and copier records that tag; otherwise the template bundled with mlrepo.
    """
    import copier

    data, defaults = for_copier(answers), not interactive
    fork = os.environ.get("MLREPO_TEMPLATE_URL")
    if fork:
        from mlrepo.template import engine

        tag = newest_tag(fork)  # a fork's template renders data only, like an update's
        engine.copy(fork, dest, data, vcs_ref=tag, defaults=defaults, quiet=True)
        return record(dest, fork, tag)
    with tempfile.TemporaryDirectory(prefix=".mlrepo-template-") as scratch:
        source = stage_template(Path(scratch) / "template-source")
        copier.run_copy(str(source), str(dest), data=data, defaults=defaults, quiet=True)
    # The bundled template is release v<mlrepo version>: the release workflow builds the wheel
    # only from the tag that equals the version (README, "Releasing a template version").
    return record(dest, DEFAULT_TEMPLATE_URL, f"v{__version__}")


def newest_tag(source: str) -> str:
    """The newest release tag of the template repository at `source`, refused in one line when
    it cannot be reached or has none."""
    from mlrepo.template.update import template_versions

    try:
        versions = template_versions(source)
    except ConfigError as exc:
        raise DestinationError(f"MLREPO_TEMPLATE_URL: {exc.message}") from None
    if not versions:
        raise DestinationError(
            f"MLREPO_TEMPLATE_URL {source}: has no release tags (vX.Y.Z): tag a release first"
        )
    return versions[-1][1]


def _staging_prefix(dest: Path) -> str:
    return f".{dest.name}.mlrepo-new-"


def _remove_stale_staging(dest: Path) -> None:
    """Staging folders of an earlier `mlrepo new DEST` whose process is gone (a SIGKILL)."""
    import glob
    import shutil

    prefix = _staging_prefix(dest)
    for folder in dest.parent.glob(f"{glob.escape(prefix)}*"):
        pid = folder.name.removeprefix(prefix)
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _place(rendered: Path, dest: Path) -> None:
    """Move the finished project to `dest`: one rename, or, into an existing empty DEST (`new .`),
    its entries one by one, so DEST keeps its inode and mode; undone on any failure."""
    import shutil

    from mlrepo.formats.transaction import checkpoint, committed, shielded

    staging = dest.parent / f"{_staging_prefix(dest)}{os.getpid()}"
    try:
        shutil.copytree(rendered, staging, symlinks=True)
        checkpoint()
        if not dest.is_dir():
            staging.rename(dest)
            committed()
            return
        moved = []
        try:
            for entry in sorted(staging.iterdir()):
                target = dest / entry.name
                entry.rename(target)
                moved.append(target)
            committed()
        except BaseException:
            with shielded():
                for target in moved:
                    target.rename(staging / target.name)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def new_project(dest: Path, given: dict[str, str], *, interactive: bool = False) -> dict:
    """Render a new project into `dest` and return its recorded answers.

    Interactive: copier asks every question `given` does not answer, with the same validators.
    """
    from mlrepo.formats.transaction import interruptible, scratch

    source_root = template_root()
    answers = resolve(source_root, given)
    validate(source_root, answers)

    dest = Path.cwd() / dest  # absolute, but a symlinked DEST is not followed
    with interruptible():
        try:
            _check_destination(dest)
            dest.parent.mkdir(parents=True, exist_ok=True)
            _remove_stale_staging(dest)
            with scratch("mlrepo-new-") as folder:
                rendered = folder / "project"
                recorded = render(
                    rendered, given if interactive else answers, interactive=interactive
                )
                _check_destination(dest)  # another run may have taken DEST meanwhile
                _place(rendered, dest)
        except OSError as exc:
            raise DestinationError(f"{dest}: cannot create the project: {_reason(exc)}") from None
    return recorded


def _reason(exc: OSError) -> str:
    """What the file system said, and about which file (shutil.Error nests one per file)."""
    if exc.strerror:
        return f"{exc.strerror} ({exc.filename})" if exc.filename else exc.strerror
    nested = exc.args[0] if exc.args and isinstance(exc.args[0], list) else []
    return f"{nested[0][2]} ({nested[0][0]})" if nested else type(exc).__name__
