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
        self._unnamed: set[str] = set()

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

    @cached_property
    def _git_listing(self) -> tuple[bytes, bytes] | None:
        """git's own listing: the tracked entries (tagged, with mode and blob id) and the
        untracked names; None outside a git work tree."""
        if not os.path.exists(os.path.join(self.root, ".git")):
            return None
        # -t tags each entry: H tracked, h the same marked assume-unchanged (-v: git does not
        # compare those), M unmerged (once per stage), C modified in the work tree, R deleted
        # from it, ? untracked; -s gives tracked ones their mode and blob id. One git call
        # and no stat per file (an lstat each cost a 100,000-file repository ~0.3 s).
        # Two git processes: the stat of every tracked file and the walk for untracked ones
        # overlap (on a 20,000-file tree each takes about as long as the other).
        listed, others = git_outputs(
            self.root,
            ["ls-files", "-z", "-t", "-v", "-s", "--cached", "--deleted", "--modified"],
            ["ls-files", "-z", "-t", "--others", "--exclude-standard"],
        )  # fmt: skip
        if listed is None or others is None:
            return None
        return listed, others

    def _git_files(self) -> list[str] | None:
        if self._git_listing is None:
            return None
        listed, others = (part.decode("utf-8", "surrogateescape") for part in self._git_listing)
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
        untracked = [entry[2:] for entry in others.split("\0") if entry]
        links: set[str] = set()
        unnamed = set(untracked)  # the files git cannot name by a blob id
        modified: set[str] = set()
        if rest:
            deleted, special = set(), set()
            for entry in rest:
                tag = entry[:2]
                meta, _, name = entry.partition("\t")
                # h assume-unchanged (-v: git does not compare those), M/m unmerged (once per
                # stage), H a link or submodule, C modified in the work tree, R deleted from it
                if tag in ("H ", "h ", "M ", "m "):
                    mode = meta[2:8]
                    if mode != "160000":  # a submodule is a commit, not a file to read
                        special.add(name)
                    if mode == "120000":
                        links.add(name)
                elif tag == "R ":
                    deleted.add(name)
                elif tag == "C ":  # the index blob is not its content
                    modified.add(name)
            if deleted:
                names = [name for name in names if name not in deleted]
            names += sorted(special - deleted)
            unnamed |= (special | modified) - deleted
            links -= deleted
        self.untracked = frozenset(untracked)
        self.links = frozenset(links)
        self._plain, self._width, self._modified, self._unnamed = plain, width, modified, unnamed
        return names + untracked

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

    def state(self) -> str | None:
        """A digest of all a check can see: git's listing (whose blob ids name the tracked
        contents) and, for each file git cannot name so (untracked, changed in the work tree,
        a symlink), its bytes or where it leads. None outside git or past STATE_LIMIT such
        files, which would be read for it."""
        if self._git_listing is None:
            return None
        self._listed  # noqa: B018 (the listing finds the files without a blob id)
        unnamed = sorted(self._unnamed)
        if len(unnamed) > STATE_LIMIT:
            return None
        from mlrepo.formats.loaders import READ_LIMIT, read_bytes

        try:
            from _blake2 import blake2b  # what hashlib uses, without hashlib's 2 ms import
        except ImportError:  # pragma: no cover - another Python implementation
            from hashlib import blake2b
        digest = blake2b(digest_size=20)
        for part in self._git_listing:
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


def _names(listing: bytes) -> set[str]:
    return _decoded(n for n in listing.split(b"\0") if n)


def _decoded(names) -> set[str]:
    return {_decoded1(n) for n in names}


def _decoded1(name: bytes) -> str:
    return name.decode("utf-8", "surrogateescape")
