"""All or nothing for the doors that write: SIGTERM is an interrupt, paths stay inside the
repository, and a set of file writes is applied at the end or rolled back.

SIGKILL cannot be caught: what it leaves is either scratch in the system temp dir or writes
inside the repository that `git status` shows against the clean tree the door started from.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mlrepo.errors import ConfigError


class _Interrupts:
    """Process-wide, as signals are: whether an interrupt may still undo the door's work
    (`armed`), whether one has come (`pending`) and whether the handler raised it (`raised`)."""

    armed = False
    pending = False
    raised = False


@contextmanager
def interruptible() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP raise KeyboardInterrupt (once) until the writes commit, so
    every `finally` and rollback still runs; after `committed()` they are recorded and the door
    finishes, because its work is whole and its report is the truth.

    Python drops an exception raised inside a finalizer (`__del__`) after printing it: such an
    interrupt is kept quiet here and raised again at the next `checkpoint()`.
    """
    import signal
    import sys

    def interrupt(signum: int, frame: object) -> None:
        _Interrupts.pending = True
        if _Interrupts.armed and not _Interrupts.raised:
            _Interrupts.raised = True
            raise KeyboardInterrupt

    def unraisable(info: sys.UnraisableHookArgs) -> None:
        if not isinstance(info.exc_value, KeyboardInterrupt):
            previous_hook(info)

    saved = (_Interrupts.armed, _Interrupts.pending, _Interrupts.raised)
    _Interrupts.armed = _Interrupts.pending = _Interrupts.raised = False
    previous_hook, sys.unraisablehook = sys.unraisablehook, unraisable
    sigs = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    old = {sig: signal.getsignal(sig) for sig in sigs}
    try:
        for sig in sigs:  # disarmed meanwhile: a signal now is recorded, raised just below
            signal.signal(sig, interrupt)
        _Interrupts.armed = True
        checkpoint()
        yield
        checkpoint()
    finally:
        _Interrupts.armed = False  # a signal while the handlers go back is recorded only
        for sig, handler in old.items():
            signal.signal(sig, handler)
        sys.unraisablehook = previous_hook
        _Interrupts.armed, _Interrupts.pending, _Interrupts.raised = saved


def checkpoint() -> None:
    """Raise an interrupt that came while the work could still be undone but was lost."""
    if _Interrupts.armed and _Interrupts.pending:
        raise KeyboardInterrupt


def committed() -> None:
    """The door's writes are whole: from here an interrupt no longer undoes them."""
    _Interrupts.armed = False


@contextmanager
def scratch(prefix: str) -> Iterator[Path]:
    """A new folder in the system temp dir for the door's work, removed however the door
    ends: an interrupt can stop neither its creation nor its removal halfway.

    While it lasts it is the temp dir, for this process (`tempfile`) and its children
    (`TMPDIR`): copier's own temporary copies land inside it too, so an interrupt that cuts
    their clean-up short (or one that lands between `mkdtemp` and the `with`) leaves nothing.
    """
    import shutil
    import tempfile

    armed, _Interrupts.armed = _Interrupts.armed, False
    try:
        folder = tempfile.mkdtemp(prefix=prefix)
    finally:
        _Interrupts.armed = armed
    saved = tempfile.tempdir, os.environ.get("TMPDIR")
    tempfile.tempdir = os.environ["TMPDIR"] = folder
    try:
        checkpoint()
        yield Path(folder)
    finally:
        armed, _Interrupts.armed = _Interrupts.armed, False
        try:
            tempfile.tempdir = saved[0]
            if saved[1] is None:
                os.environ.pop("TMPDIR", None)
            else:
                os.environ["TMPDIR"] = saved[1]
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            _Interrupts.armed = armed


@contextmanager
def shielded() -> Iterator[None]:
    """Hold off SIGINT, SIGTERM and SIGHUP while a rollback runs; a second Ctrl-C must not
    leave the tree half restored."""
    import signal

    sigs = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    old = {sig: signal.signal(sig, signal.SIG_IGN) for sig in sigs}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def contained(root: Path, relative: str) -> Path:
    """The real path `relative` names under `root`, refused (one line, naming it) when a
    symlink on the way leaves the repository or a file stands where a directory must be."""
    real_root = os.path.realpath(root)
    current = Path(real_root)
    parts = Path(relative).parts
    for depth, part in enumerate(parts):
        current = current / part
        shown = "/".join(parts[: depth + 1])
        if current.is_symlink():
            resolved = os.path.realpath(current)
            if os.path.commonpath([real_root, resolved]) != real_root:
                raise ConfigError(
                    shown, "is a symlink that leaves the repository: mlrepo never writes through it"
                )
            current = Path(resolved)
        last = depth == len(parts) - 1
        if not last and current.exists() and not current.is_dir():
            raise ConfigError(shown, f"is a file, but {relative} is to be written under it")
        if last and current.is_dir():
            raise ConfigError(shown, "is a directory, but a file is to be written there")
    return current


class Writes:
    """File contents to put in place, and files to remove, together: `apply()` does them all,
    or none stays."""

    def __init__(self, root: Path):
        self.root = root
        self.planned: dict[str, tuple[bytes, int | None] | None] = {}

    def add(self, relative: str, data: bytes, mode: int | None = None) -> None:
        """Write `data` at `relative`; `mode` None keeps the file's mode (or the umask's)."""
        contained(self.root, relative)  # refuse before anything is written
        self.planned[relative] = (data, mode)

    def remove(self, relative: str) -> None:
        contained(self.root, relative)
        self.planned[relative] = None

    def apply(self) -> None:
        done: list[tuple[Path, tuple[bytes, int] | None]] = []
        made: list[Path] = []
        removed: list[Path] = []
        try:
            for relative, planned in self.planned.items():
                checkpoint()
                target = contained(self.root, relative)
                old = None
                if target.exists():
                    old = (target.read_bytes(), target.stat().st_mode & 0o7777)
                if planned is None:
                    if old is not None:
                        done.append((target, old))
                        target.unlink()
                        removed.append(target)
                    continue
                made.extend(_make_parents(target.parent))
                done.append((target, old))
                _replace(target, *planned)
            _remove_emptied(self.root, removed)
            checkpoint()
            committed()
        except BaseException:
            with shielded():
                for target, old in reversed(done):
                    if old is None:
                        target.unlink(missing_ok=True)
                    else:
                        _make_parents(target.parent)
                        _replace(target, *old)
                for folder in reversed(made):
                    if folder.is_dir() and not any(folder.iterdir()):
                        folder.rmdir()
            raise


def _remove_emptied(root: Path, removed: list[Path]) -> None:
    """Folders that removing files left empty go too, as git would leave them."""
    top = Path(os.path.realpath(root))
    for path in removed:
        folder = path.parent
        while folder != top and top in folder.parents and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def _make_parents(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents; the ones created, outermost first."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
    return list(reversed(missing))


def _replace(target: Path, data: bytes, mode: int | None = None) -> None:
    """Write beside `target` and rename over it: a reader never sees half a file."""
    import tempfile

    if mode is None and target.exists():
        mode = target.stat().st_mode & 0o7777
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".mlrepo", dir=target.parent)
    scratch = Path(name)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        scratch.chmod(mode if mode is not None else 0o666 & ~_umask())
        scratch.replace(target)
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
