"""A read-only view of a repository: files listed once, each read at most once, shared by checks.

Nothing is read outside the repository: a symlink (or a path through one) that leaves it, a
FIFO, a device or a file over READ_LIMIT is a MalformedFile, which `check` reports as a finding
(REPO005) without a byte of what lies behind it. So is a file that does not parse or still holds
merge conflict markers: one finding per file, then the rules go on without it.
"""

from __future__ import annotations

import errno
import os
from functools import cached_property
from stat import S_ISREG

from mlrepo.errors import ConfigError, MalformedFile
from mlrepo.vcs import git_output, git_outputs

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NoReturn

_PLAIN = ("H 100644 ", "H 100755 ")  # a tracked regular file, as git lists it with -t -s
# -t tags each entry: H tracked, h the same marked assume-unchanged (-v: git does not compare
# those), M unmerged (once per stage), S skip-worktree, C modified in the work tree, R deleted
# from it, ? untracked; -s gives tracked ones their mode and blob id. No stat per file from
# Python (an lstat each cost a 100,000-file repository ~0.3 s). The index is only listed when
# a rule runs: a kept report is found by the index's identity, the changes and the others.
_GIT = {
    "tracked": ["ls-files", "-z", "-t", "-v", "-s", "--cached"],
    "changes": ["ls-files", "-z", "-t", "-v", "--deleted", "--modified"],
    "others": ["ls-files", "-z", "-t", "--others", "--exclude-standard"],
}
STATE_LIMIT = 2000  # files git cannot name by content that `state()` reads
LEAVES = "a symbolic link that leaves the repository: not read"
CONFLICT_MESSAGE = "unresolved merge conflict markers"
_SKIP_DIRS = {".git", ".hg", ".venv", "venv", "node_modules", "__pycache__", ".mypy_cache",
              ".pytest_cache", ".ruff_cache", ".tox", ".nox"}  # fmt: skip


class Repository:
    def __init__(self, root: str):
        self.root = root
        self._real_root = os.path.realpath(root)
        self._bytes: dict[str, bytes] = {}
        self._errors: dict[str, MalformedFile] = {}
        self.broken: dict[str, MalformedFile] = {}  # met by a rule; REPO005 reports them
        self._hidden: frozenset[str] = frozenset()  # left out of listings while a rule reruns
        self._parsed: dict[tuple[str, str], object] = {}
        self._lstat: dict[str, os.stat_result | None] = {}
        self._globbed: dict[str, list[str]] = {}
        self.untracked: frozenset[str] | None = None  # known in a git work tree
        self.links: frozenset[str] = frozenset()  # tracked symlinks (mode 120000), in git
        self._plain: list[str] = []  # git's entries for tracked regular files, as listed
        self._width = 0
        self._modified: set[str] = set()
        self._outputs: dict[str, bytes | None] = {}  # git's, by part of _GIT
        self._index: bytes | None = None  # the identity of git's index, see _index_identity
        self._identified = False
        self.index_changed = False  # git's index changed while git listed it: no state
        self._top: frozenset[str] = frozenset()  # tracked names without a folder
        self._special: frozenset[str] = frozenset()  # tracked, named by no blob id
        self._recalled = False  # _top and _special recalled from an earlier check

    @property
    def files(self) -> list[str]:
        """Tracked and untracked-but-not-ignored files (git), or every file outside tool caches."""
        if self._hidden:
            return [f for f in self._listed if f not in self._hidden]
        return self._listed

    def hiding(self, paths: frozenset[str]) -> None:
        """Leave `paths` (known broken) out of `files`, `glob` and `under` until told otherwise,
        so a rule that stopped at one broken file can run again over the others."""
        self._hidden = paths

    @cached_property
    def _listed(self) -> list[str]:
        listed = self._git_files()
        if listed is None:
            listed = []
            for folder, dirs, names in os.walk(self.root):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
                rel = os.path.relpath(folder, self.root).replace(os.sep, "/")
                prefix = "" if rel == "." else rel + "/"
                listed.extend(prefix + name for name in names)
        return sorted(listed)

    def _git(self, *parts: str) -> list[bytes] | None:
        """git's output for each of `parts` (see _GIT), each started once; the parts not yet
        read start together with any other still needed, so that their walks of the work
        tree overlap. None outside a git work tree or when git fails."""
        if not os.path.exists(os.path.join(self.root, ".git")):
            return None
        if any(part not in self._outputs for part in parts):
            missing = [part for part in _GIT if part not in self._outputs
                       and (part in parts or part != "tracked")]  # fmt: skip
            self._identify()
            outputs = git_outputs(self.root, *(_GIT[part] for part in missing))
            self._outputs.update(zip(missing, outputs, strict=True))
            if self._index is not None and _index_identity(self.root) != self._index:
                self._index, self._recalled, self.index_changed = None, False, True  # git wrote it
        found = [output for part in parts if (output := self._outputs[part]) is not None]
        return found if len(found) == len(parts) else None

    @cached_property
    def _changes(self) -> tuple[set[str], set[str], list[str]] | None:
        """What the work tree holds beyond the index, as git compared them: the tracked files
        changed in it, those deleted from it, and the untracked (not ignored) files."""
        found = self._git("changes", "others")
        if found is None:
            return None
        changes, others = (part.decode("utf-8", "surrogateescape") for part in found)
        modified, deleted = set(), set()
        for entry in changes.split("\0"):
            # C modified in the work tree (the index blob is not its content), R deleted
            if entry.startswith("C "):
                modified.add(entry[2:])
            elif entry.startswith("R "):
                deleted.add(entry[2:])
        return modified, deleted, [entry[2:] for entry in others.split("\0") if entry]

    def _git_files(self) -> list[str] | None:
        found = self._git("tracked", "changes", "others")
        if found is None or self._changes is None:
            return None
        listed = found[0].decode("utf-8", "surrogateescape")
        modified, deleted, untracked = self._changes
        entries = listed.split("\0")
        if entries[-1] == "":
            entries.pop()
        # Nearly every entry is a regular file as in the index, "H <mode> <blob id> 0\t<name>":
        # read by position (a repository's blob ids have one length), in comprehensions, so
        # a 20,000-file listing costs milliseconds. The others, one by one, below. Counted
        # first (a name holds no NUL): when every entry is plain, none needs sorting out.
        count = listed.startswith(_PLAIN) + sum(listed.count("\0" + tag) for tag in _PLAIN)
        plain, rest = entries, []
        if count != len(entries):
            plain = [entry for entry in entries if entry.startswith(_PLAIN)]
            rest = [entry for entry in entries if not entry.startswith(_PLAIN)]
        width = plain[0].index("\t") if plain else 0
        names = [entry[width + 1 :] for entry in plain]
        links: set[str] = set()
        special: set[str] = set()  # tracked, but not named by a blob id: read for the state
        for entry in rest:
            # h assume-unchanged (-v: git does not compare those), M/m unmerged (once per
            # stage), H a link or submodule; S/s skip-worktree, not in the work tree
            if entry[:2] in ("H ", "h ", "M ", "m "):
                meta, _, name = entry.partition("\t")
                mode = meta[2:8]
                if mode != "160000":  # a submodule is a commit, not a file to read
                    special.add(name)
                if mode == "120000":
                    links.add(name)
        self._top = frozenset(name for name in (*names, *special) if "/" not in name)
        self._special = frozenset(special)
        if deleted:
            names = [name for name in names if name not in deleted]
        names += sorted(special - deleted)
        self.untracked = frozenset(untracked)
        self.links = frozenset(links - deleted)
        self._plain, self._width, self._modified = plain, width, modified
        return names + untracked

    def _identify(self) -> None:
        """Read the index's identity once, before git lists anything: each listing checks it
        again after, so a state is only named for an index that stayed as it was."""
        if not self._identified:
            self._index, self._identified = _index_identity(self.root), True

    def facts(self) -> dict | None:
        """What a later check of this same index may take without listing it (the tracked
        names at the top, the tracked files git cannot name by a blob id), or None when the
        index has no identity to tie them to."""
        if self._git("changes") is None:
            return None
        self._listed  # noqa: B018 (the facts are the listing's, of an index that stayed put)
        if self._index is None:
            return None
        return {"index": self._index.hex(), "top": sorted(self._top),
                "special": sorted(self._special)}  # fmt: skip

    def recall(self, facts: object) -> None:
        """Take `facts` (from `facts()` of an earlier check) if they are this index's: then a
        state and the files at the top are known without the 20,000-line listing of a large
        index, which costs a warm check a fifth of its time."""
        if not isinstance(facts, dict) or self._outputs:
            return
        self._identify()
        if self._index is None or facts.get("index") != self._index.hex():
            return
        top, special = facts.get("top"), facts.get("special")
        if not isinstance(top, list) or not isinstance(special, list):
            return
        if all(isinstance(name, str) for name in (*top, *special)):
            self._top, self._special, self._recalled = frozenset(top), frozenset(special), True

    @cached_property
    def blobs(self) -> dict[str, str]:
        """Path -> git blob id of each tracked regular file whose work-tree copy is the one in
        the index (git compared them): its content, named without reading it. Built only
        when a rule runs: a kept report needs none of it."""
        self._listed  # noqa: B018 (the listing keeps the entries read from)
        width = self._width
        blobs = {entry[width + 1 :]: entry[9 : width - 2] for entry in self._plain}
        for name in self._modified:
            blobs.pop(name, None)
        return blobs

    def blob(self, path: str) -> str | None:
        return self.blobs.get(path)

    def _unnamed(self) -> list[str] | None:
        """The files git cannot name by a blob id: untracked, changed in the work tree, or
        tracked as other than a plain file (a link, unmerged, assume-unchanged)."""
        if self._changes is None:
            return None
        modified, deleted, untracked = self._changes
        if self._index is None or not self._recalled:
            if self._git("tracked") is None:
                return None
            self._listed  # noqa: B018 (the listing finds the tracked ones)
        return sorted({*untracked, *((self._special | modified) - deleted)})

    def state(self) -> str | None:
        """A digest of all a check can see: the index (by its identity, or else its listing,
        whose blob ids name the tracked contents), git's changes and untracked names, and
        for each file git cannot name by content (untracked, changed in the work tree, a
        symlink) its bytes or where it leads. None outside git, when the index changed while
        it was read, or past STATE_LIMIT such files, which would be read for it."""
        unnamed = self._unnamed()
        if unnamed is None or self.index_changed or len(unnamed) > STATE_LIMIT:
            return None
        from mlrepo.formats.loaders import READ_LIMIT, read_bytes

        try:
            from _blake2 import blake2b  # what hashlib uses, without hashlib's 2 ms import
        except ImportError:  # pragma: no cover - another Python implementation
            from hashlib import blake2b
        digest = blake2b(digest_size=20)
        changes = self._git("changes", "others")
        if changes is None:
            return None
        if self._index is not None:
            index = b"index\0" + self._index
        else:  # no identity: the listing names the index
            listed = self._git("tracked")
            if listed is None:
                return None
            index = b"listed\0" + listed[0]
        for part in (index, *changes):
            digest.update(b"%d\0" % len(part) + part)
        for path in unnamed:
            full = os.path.join(self.root, path)
            try:
                if os.path.islink(full):
                    real = os.path.realpath(full)
                    status = os.stat(real)
                    seen = f"link {os.readlink(full)} {real} {status.st_mode} {status.st_size} "
                    seen += f"{status.st_mtime_ns}"
                    digest.update(seen.encode("utf-8", "surrogateescape"))
                else:
                    digest.update(blake2b(read_bytes(full, READ_LIMIT, follow=False)).digest())
            except OSError as exc:
                digest.update(f"unreadable {exc.errno}".encode())
            digest.update(b"\0" + path.encode("utf-8", "surrogateescape") + b"\0")
        return digest.hexdigest()

    def grep(self, *patterns: str, flags: tuple[str, ...] = ("-E",)) -> set[str] | None:
        """Tracked files whose work-tree text matches an extended regex (git grep, in C and
        threaded; `flags=("-F", "-i")` for fixed strings in any case, which git finds much
        faster), or None outside git. Untracked files are not searched: see `untracked`."""
        if self.untracked is None:
            return None
        args = [arg for pattern in patterns for arg in ("-e", pattern)]
        out = git_output(self.root, "grep", "-l", "-z", "-a", *flags, *args, found_nothing=1)
        return None if out is None else _names(out)

    @cached_property
    def file_set(self) -> frozenset[str]:
        return frozenset(self.files)

    def exists(self, path: str) -> bool:
        if self._recalled and "/" not in path and not self._hidden and self._changes:
            _, deleted, untracked = self._changes  # a top-level name, before any listing
            return (path in self._top and path not in deleted) or path in untracked
        return path in self.file_set

    def glob(self, pattern: str) -> list[str]:
        """The files matching an fnmatch pattern ('*' crosses '/'), listed once per pattern."""
        if pattern not in self._globbed:
            import fnmatch

            self._globbed[pattern] = fnmatch.filter(self._listed, pattern)
        if self._hidden:
            return [f for f in self._globbed[pattern] if f not in self._hidden]
        return self._globbed[pattern]

    def under(self, prefix: str) -> list[str]:
        """Listed files below `prefix` (a folder ending in '/')."""
        return [f for f in self.files if f.startswith(prefix)]

    def read(self, path: str) -> bytes:
        """The bytes of a regular file inside the repository; MalformedFile for anything else."""
        if path in self._errors:
            raise self._errors[path]
        if path not in self._bytes:
            from mlrepo.formats.loaders import READ_LIMIT, read_bytes, reason

            # Listed files have no symlinked parent (git stores no path beyond a link, os.walk
            # does not follow them), so only a link itself needs resolving: one open, no stat.
            full = os.path.join(self.root, path)
            try:
                try:
                    self._bytes[path] = read_bytes(full, READ_LIMIT, follow=False)
                except OSError as exc:
                    if exc.errno != errno.ELOOP:
                        raise
                    if self.leaves(path):
                        self._fail(path, LEAVES)
                    self._bytes[path] = read_bytes(os.path.realpath(full), READ_LIMIT)
            except OSError as exc:
                self._fail(path, f"cannot read: {reason(exc)}")
        return self._bytes[path]

    def head(self, path: str, size: int) -> bytes:
        """The first `size` bytes of a regular file (a symlink or anything else: none), for a
        look at what a file too large to read whole holds."""
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(os.path.join(self.root, path), flags)
        except OSError:
            return b""
        try:
            return os.read(fd, size) if S_ISREG(os.fstat(fd).st_mode) else b""
        except OSError:
            return b""
        finally:
            os.close(fd)

    def leaves(self, path: str) -> bool:
        """Whether `path`, followed through every symlink, ends outside the repository."""
        real = os.path.realpath(os.path.join(self.root, path))
        return not real.startswith(self._real_root.rstrip(os.sep) + os.sep)

    def _fail(self, path: str, message: str, line: int | None = None) -> NoReturn:
        self._errors[path] = MalformedFile(path, message, line)
        raise self._errors[path]

    def text(self, path: str) -> str:
        """A text file, refused if it is not UTF-8 or holds merge conflict markers; a leading
        byte-order mark is dropped (it would be part of the first pattern or key)."""
        key = ("text", path)
        if key not in self._parsed:
            from mlrepo.formats.loaders import conflict_line, decode_text

            data = self.read(path)
            try:
                text = decode_text(path, data).removeprefix("\ufeff")
            except ConfigError as exc:
                self._fail(path, exc.message, exc.line)
            line = conflict_line(text)
            if line is not None:
                self._fail(path, f"{CONFLICT_MESSAGE}: resolve the conflict", line)
            self._parsed[key] = text
        cached = self._parsed[key]
        assert isinstance(cached, str)
        return cached

    def yaml(self, path: str) -> object:
        key = ("yaml", path)
        if key not in self._parsed:
            from mlrepo.formats.loaders import load_yaml

            self.text(path)  # encoding and conflict markers first: one clear finding
            try:
                self._parsed[key] = load_yaml(path, self.read(path))
            except ConfigError as exc:
                self._fail(path, exc.message, exc.line)
        return self._parsed[key]

    def _status(self, path: str) -> os.stat_result | None:
        """lstat, once per run: a symlink is what git stores, its target may be anything."""
        if path not in self._lstat:
            try:
                self._lstat[path] = os.lstat(os.path.join(self.root, path))
            except OSError:
                self._lstat[path] = None
        return self._lstat[path]

    def size(self, path: str) -> int:
        """Bytes as committed: a symlink counts as its target's name, as git stores it."""
        status = self._status(path)
        return status.st_size if status else 0

    def is_file(self, path: str) -> bool:
        """A regular file (not a symlink, submodule or vanished path): content worth reading."""
        status = self._status(path)
        return status is not None and S_ISREG(status.st_mode)


def _index_identity(root: str) -> bytes | None:
    """The identity of git's index: its size and last 32 bytes, which end in its checksum (a
    SHA-1 or SHA-256 of all it holds: every tracked name, mode, blob id and flag). None where
    git would read another index (GIT_INDEX_FILE or GIT_DIR set, a worktree's .git file), has
    none yet, or writes no checksum (index.skipHash)."""
    if "GIT_INDEX_FILE" in os.environ or "GIT_DIR" in os.environ:
        return None
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(os.path.join(root, ".git", "index"), flags)
    except OSError:
        return None
    try:
        status = os.fstat(fd)
        if not S_ISREG(status.st_mode) or status.st_size < 64:
            return None
        tail = os.pread(fd, 32, status.st_size - 32)
    except OSError:
        return None
    finally:
        os.close(fd)
    if tail[-20:] == bytes(20):
        return None
    return b"%d\0" % status.st_size + tail


def _names(listing: bytes) -> set[str]:
    return _decoded(n for n in listing.split(b"\0") if n)


def _decoded(names) -> set[str]:
    return {_decoded1(n) for n in names}


def _decoded1(name: bytes) -> str:
    return name.decode("utf-8", "surrogateescape")
