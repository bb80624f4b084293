"""The per-file results cache of SEC001, HYG003 and HYG002 (policy/scancache.py): a cached run
finds exactly what an uncached one finds while files are edited, renamed, deleted, copied and
left unstaged between runs, in a small repository and in one large enough for git grep's
prefilter; and an unchanged repository is answered without scanning again."""

from __future__ import annotations

import random
import string
import subprocess
from pathlib import Path

import pytest

KINDS = {"secrets": {}, "conflict_leftovers": {}, "file_size": {"max_kb": 1}}


def _token(seed: int) -> str:
    rng = random.Random(seed)
    return "ghp_" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(36))


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   cwd=root, check=True, capture_output=True)  # fmt: skip


def _findings(root: Path, cache: Path, monkeypatch) -> list[tuple]:

    from mlrepo.policy.checks import Context, with_defaults
    from mlrepo.policy.engine import kind_function
    from mlrepo.policy.repository import Repository

    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    found = []
    for kind, params in KINDS.items():
        ctx = Context(Repository(str(root)), 1, frozenset({"HYG002", "SEC001"}))
        for finding in kind_function(kind)(ctx, with_defaults(kind, params)):
            found.append((kind, finding.path, finding.line, finding.message))
    return sorted(found)


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _steps(root: Path):
    """Changes between runs, each named; the repository is committed once at the start."""
    _write(root, "app/a.py", f'TOKEN = "{_token(1)}"\n')
    _write(root, ".env", f"GITHUB_TOKEN={_token(2)}\n")
    _write(root, "docs/c.md", f"line\n\ntoken: {_token(3)}\n")
    _write(root, "notes/d.txt", "a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> feature\n")
    _write(root, "data/big.txt", "x" * 3000 + "\n")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "start")
    yield "committed"
    _write(root, "app/a.py", f'\n\nTOKEN = "{_token(4)}"\nOTHER = "{_token(5)}"\n')
    yield "edited, not staged"
    _git(root, "add", "app/a.py")
    yield "edited and staged"
    _git(root, "mv", "docs/c.md", "docs/moved.md")
    yield "renamed"
    _git(root, "rm", "-q", ".env")
    yield "deleted"
    (root / "docs/moved.md").unlink()
    yield "deleted from the work tree only"
    _write(root, "app/new.py", f'KEY = "{_token(6)}"\n')
    yield "untracked"
    _write(root, "app/copy.py", (root / "app/a.py").read_text())
    _git(root, "add", "app/copy.py")
    yield "an identical copy"
    _write(root, "app/a.py", f'TOKEN = "{_token(1)}"\n')
    _git(root, "add", "app/a.py")
    yield "back to content seen before"
    _write(root, "notes/d.txt", "a\nb\n")
    _write(root, "data/big.txt", "small\n")
    _write(root, "data/grown.txt", "y" * 5000 + "\n")
    _git(root, "add", "-A")
    yield "resolved, shrunk and grown"
    _git(root, "commit", "-qm", "later")
    yield "committed again"


@pytest.mark.parametrize("filler", [0, 2100], ids=["small", "large enough for git grep"])
def test_cached_results_equal_uncached_ones_as_files_change(tmp_path, monkeypatch, filler):
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q")
    for number in range(filler):
        _write(root, f"filler/{number // 100}/m{number}.py", f"value = {number}\n")
    cache = tmp_path / "kept"
    for number, step in enumerate(_steps(root)):
        uncached = _findings(root, tmp_path / f"empty{number}", monkeypatch)
        cached = _findings(root, cache, monkeypatch)
        assert cached == uncached, step
        assert _findings(root, cache, monkeypatch) == uncached, step  # from the cache now
        assert uncached, step
    rules = {kind for kind, *_ in uncached}
    assert rules == {"secrets", "file_size"}  # the conflict was resolved in the last steps


def test_an_unchanged_repository_is_answered_from_the_cache(tmp_path, monkeypatch):
    """The second run must not scan: with the scanner broken it still finds the secret."""
    import betterleaks

    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q")
    steps = _steps(root)
    next(steps)
    first = _findings(root, tmp_path / "kept", monkeypatch)

    def broken(text, config_path=None):
        raise AssertionError("scanned again")

    monkeypatch.setattr(betterleaks, "scan_string", broken)
    assert _findings(root, tmp_path / "kept", monkeypatch) == first
    with pytest.raises(AssertionError, match="scanned again"):
        _findings(root, tmp_path / "empty", monkeypatch)


def test_a_file_changed_in_the_work_tree_is_not_named_by_its_index_blob(tmp_path):
    from mlrepo.policy.repository import Repository

    _git(tmp_path, "init", "-q")
    for name in ("same.py", "edited.py", "assumed.py"):
        _write(tmp_path, name, "a = 1\n")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "update-index", "--assume-unchanged", "assumed.py")
    _write(tmp_path, "edited.py", "a = 2\n")
    _write(tmp_path, "untracked.py", "a = 1\n")
    repo = Repository(str(tmp_path))
    assert sorted(repo.files) == ["assumed.py", "edited.py", "same.py", "untracked.py"]
    assert list(repo.blobs) == ["same.py"]  # git compared it; it skips assume-unchanged ones
    hashed = subprocess.run(["git", "hash-object", "same.py"], cwd=tmp_path,
                            capture_output=True, text=True, check=True)  # fmt: skip
    assert repo.blob("same.py") == hashed.stdout.strip()


def test_an_unmerged_file_is_listed_and_its_markers_reported(tmp_path):
    """A merge that stopped on a conflict leaves the file unmerged in the index (ls-files tags
    it M, once per stage); it was left out of the listing, so HYG003 never saw its markers."""

    from mlrepo.policy.checks import Context
    from mlrepo.policy.checks.hygiene import conflict_leftovers
    from mlrepo.policy.repository import Repository

    _git(tmp_path, "init", "-q", "-b", "main")
    _write(tmp_path, "app.py", "x = 0\n")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "base")
    _git(tmp_path, "checkout", "-qb", "feature")
    _write(tmp_path, "app.py", "x = 1\n")
    _git(tmp_path, "commit", "-qam", "one")
    _git(tmp_path, "checkout", "-q", "main")
    _write(tmp_path, "app.py", "x = 2\n")
    _git(tmp_path, "commit", "-qam", "two")
    merge = subprocess.run(["git", "merge", "-q", "feature"], cwd=tmp_path, capture_output=True)
    assert merge.returncode == 1
    repo = Repository(str(tmp_path))
    assert repo.files.count("app.py") == 1 and repo.blob("app.py") is None
    found = list(conflict_leftovers(Context(repo, 1, frozenset()), {}))
    assert [(f.path, f.line) for f in found] == [("app.py", 1)]
