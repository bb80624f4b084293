"""Every git call mlrepo makes: NUL-separated output, `--` before paths and URLs, one error path.

Two runners: `git()` (subprocess, for the template door; raises GitError) and `git_output()`
(posix_spawn, for the hook path, where importing subprocess would cost ~4 ms; None on failure).
"""

from __future__ import annotations

import os

from mlrepo.errors import GitError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

# A path is a name, never a pathspec pattern: `docs/[draft].md` means that file, not a glob.
_QUIET = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_ASKPASS": "true",
    "LC_ALL": "C",
    "GIT_LITERAL_PATHSPECS": "1",
}


def _run(root: str | Path, args: tuple[str, ...], stdin: bytes | None) -> tuple[int, bytes, str]:
    import subprocess

    command = ["git", "-C", os.fspath(root), "-c", "core.quotePath=false", *args]
    try:
        result = subprocess.run(
            command, input=stdin, capture_output=True, check=False, env={**os.environ, **_QUIET}
        )
    except FileNotFoundError:
        raise GitError("git is not installed: mlrepo needs it for this command") from None
    lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
    return result.returncode, result.stdout, lines[-1] if lines else "no message"


def git(root: str | Path, *args: str, stdin: bytes | None = None) -> bytes:
    """stdout of `git -C root ARGS`; GitError naming the command if git is missing or fails."""
    code, out, reason = _run(root, args, stdin)
    if code:
        raise GitError(f"git {' '.join(args)[:120]} failed: {reason}")
    return out


def paths(output: bytes) -> list[str]:
    """The names in `-z` output, decoded as git stores them (any byte survives the round trip)."""
    return [name.decode("utf-8", "surrogateescape") for name in output.split(b"\0") if name]


def is_repository(root: str | Path) -> bool:
    return os.path.exists(os.path.join(os.fspath(root), ".git"))


def toplevel(path: str | Path) -> str | None:
    """The root of the work tree `path` is in (a subdirectory works too), or None outside git."""
    code, out, _ = _run(path, ("rev-parse", "--show-toplevel"), None)
    return out.decode("utf-8", "surrogateescape").rstrip("\n") if code == 0 else None


#: The git operations that leave a half-done state in the repository, by the file that marks it.
IN_PROGRESS = {
    "MERGE_HEAD": "a merge",
    "CHERRY_PICK_HEAD": "a cherry-pick",
    "REVERT_HEAD": "a revert",
    "rebase-merge": "a rebase",
    "rebase-apply": "a rebase or `git am`",
}


def operation_in_progress(root: str | Path) -> str | None:
    """What git is in the middle of in `root` (a merge, a rebase...), or None."""
    asked = [arg for marker in IN_PROGRESS for arg in ("--git-path", marker)]
    where = git(root, "rev-parse", *asked).decode("utf-8", "surrogateescape").splitlines()
    for what, path in zip(IN_PROGRESS.values(), where, strict=True):
        if os.path.lexists(os.path.join(os.fspath(root), path)):
            return what
    return None


def clone(root: str | Path, dest: str | Path) -> None:
    """A local clone of `root` at its HEAD (objects hard-linked: quick, and `root` is untouched)."""
    git(os.getcwd(), "clone", "--quiet", "--no-tags", "--", os.fspath(root), os.fspath(dest))


def changes(root: str | Path) -> list[tuple[str, str]]:
    """(status, path) of every change the work tree has against HEAD, untracked files and
    resolved conflicts included: A added, M modified, D deleted, T type changed. Stages all."""
    git(root, "add", "--all")
    out = git(root, "diff", "--cached", "--no-renames", "--name-status", "-z", "HEAD")
    fields = paths(out)
    return [(fields[i][0], fields[i + 1]) for i in range(0, len(fields) - 1, 2)]


def dirty_paths(root: str | Path) -> list[str]:
    """Changed, staged and untracked (not ignored) paths, as `git status` lists them."""
    entries = paths(git(root, "status", "--porcelain", "-z", "--untracked-files=all"))
    return [entry[3:] for entry in entries if len(entry) > 3 and entry[2] == " "]


def diff_names(root: str | Path, diff_filter: str, *revs: str) -> list[str]:
    """Paths `git diff --name-only --diff-filter=F [REVS]` names, any file name included."""
    return paths(git(root, "diff", "--name-only", "-z", f"--diff-filter={diff_filter}", *revs))


def untracked(root: str | Path) -> list[str]:
    return paths(git(root, "ls-files", "-z", "--others", "--exclude-standard"))


def show(root: str | Path, rev: str, path: str) -> bytes:
    """The bytes of `path` at `rev` (a blob, unfiltered)."""
    return git(root, "cat-file", "blob", f"{rev}:{path}")


def restore(root: str | Path, rev: str, path: str) -> None:
    git(root, "checkout", rev, "--", path)


def remote_tags(url: str) -> list[str]:
    """The tag names of the repository at `url` (a URL or a path, never read as an option)."""
    if url.startswith("-"):
        raise GitError(f"template source {url!r} starts with '-': not a repository URL or path")
    output = git(os.getcwd(), "ls-remote", "--tags", "--", url).decode("utf-8", "replace")
    tags = []
    for line in output.splitlines():
        _, _, ref = line.partition("\t")
        if ref.startswith("refs/tags/"):
            tags.append(ref.removeprefix("refs/tags/").removesuffix("^{}"))
    return sorted(set(tags))


def merge_file(ours: str, base: str, theirs: str, labels: tuple[str, str, str]) -> bool:
    """Merge `theirs` into `ours` in place (git merge-file); True if conflicts were written."""
    args = (
        "merge-file",
        *(arg for label in labels for arg in ("-L", label)),
        "--",
        ours,
        base,
        theirs,
    )
    code, _, reason = _run(os.getcwd(), args, None)
    if code < 0 or code > 127:
        raise GitError(f"git merge-file {ours} failed: {reason}")
    return code > 0


def git_output(root: str, *args: str, found_nothing: int | None = None) -> bytes | None:
    """stdout of `git -C root ARGS`, or None if git fails or is missing; the exit code
    `found_nothing` (git grep's 1) counts as success with empty output. Spawned directly:
    this runs on every commit, and importing subprocess would cost ~4 ms."""
    return git_outputs(root, list(args), found_nothing=found_nothing)[0]


def git_outputs(root: str, *commands: list[str], found_nothing: int | None = None):
    """`git_output` of each command, all started at once so that their walks of a large work
    tree overlap; read in order (put the one with the largest output first)."""
    started = []
    for args in commands:
        read_end, write_end = os.pipe()
        actions = [
            (os.POSIX_SPAWN_DUP2, write_end, 1),
            (os.POSIX_SPAWN_CLOSE, read_end),
            (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
        ]
        try:
            pid = os.posix_spawnp("git", ["git", "-C", root, *args], os.environ,
                                  file_actions=actions)  # fmt: skip
        except OSError:
            os.close(read_end)
            pid = None
        os.close(write_end)
        started.append((pid, read_end))
    outputs: list[bytes | None] = []
    for pid, read_end in started:
        if pid is None:
            outputs.append(None)
            continue
        chunks = []
        with os.fdopen(read_end, "rb") as stream:
            while chunk := stream.read(1 << 16):
                chunks.append(chunk)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        outputs.append(b"".join(chunks) if code == 0 else b"" if code == found_nothing else None)
    return outputs


def check_attr(root: str, names: tuple[str, ...], paths: list[str]) -> dict[str, dict] | None:
    """git's own state of each attribute in `names` for each of `paths` ("unspecified", "set",
    "unset" or a value), from every .gitattributes, macros included; None if git cannot tell."""
    found: dict[str, dict] = {path: {} for path in paths}
    for start in range(0, len(paths), 1000):  # command lines stay short
        output = git_output(root, "check-attr", "-z", *names, "--", *paths[start : start + 1000])
        if output is None:
            return None
        fields = output.decode("utf-8", "surrogateescape").split("\0")
        for index in range(0, len(fields) - 2, 3):
            path, name, state = fields[index : index + 3]
            found.setdefault(path, {})[name] = state
    return found


def remote_url(root: str | Path) -> str | None:
    """The URL of the `origin` remote, else of the first remote; None without one."""
    names = (git_output(str(root), "remote") or b"").decode("utf-8", "replace").split()
    if not names:
        return None
    name = "origin" if "origin" in names else names[0]
    url = git_output(str(root), "remote", "get-url", "--", name)
    return url.decode("utf-8", "replace").strip() or None if url else None
