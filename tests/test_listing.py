"""The file listing read from git (policy/repository.py) against a plain reading of the same
git output, entry by entry: the fast reading (by position, in comprehensions) must give the
same files, blob ids, untracked files and links in every state git can list."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from mlrepo.policy.repository import Repository


def _git(root: Path, *args: str, check: bool = True) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   cwd=root, check=check, capture_output=True)  # fmt: skip


def _reference(listed: bytes, others: bytes):
    """Each entry read whole: files, blob ids, untracked, links (what the fast path must give)."""
    tracked, deleted, modified, untracked, links, blobs = set(), set(), set(), set(), set(), {}
    for entry in (listed + b"\0" + others).split(b"\0"):
        tag = entry[:2]
        if tag == b"? ":
            untracked.add(entry[2:])
        elif tag in (b"H ", b"h ", b"M ", b"m "):
            meta, _, name = entry.partition(b"\t")
            mode = meta[2:8]
            if mode != b"160000":
                tracked.add(name)
            if mode == b"120000":
                links.add(name)
            elif tag == b"H " and mode in (b"100644", b"100755"):
                blobs[name] = meta[9:].partition(b" ")[0].decode("ascii")
        elif tag == b"R ":
            deleted.add(entry.partition(b"\t")[2])
        elif tag == b"C ":
            modified.add(entry.partition(b"\t")[2])

    def text(names):
        return {n.decode("utf-8", "surrogateescape") for n in names}

    files = sorted(text(tracked - deleted) | text(untracked))
    kept = {n.decode("utf-8", "surrogateescape"): b for n, b in blobs.items() if n not in modified}
    return (
        files,
        {k: v for k, v in kept.items() if k in set(files)},
        text(untracked),
        text(links - deleted),
    )


def _fast(root: Path):
    repo = Repository(str(root))
    files = repo.files
    blobs = {k: v for k, v in repo.blobs.items() if k in set(files)}
    return files, blobs, set(repo.untracked or ()), set(repo.links)


def _same(root: Path) -> None:
    repo = Repository(str(root))
    assert repo._git_listing is not None
    assert _fast(root) == _reference(*repo._git_listing)
    # what state() reads for its digest, found without the blob ids: the files they miss
    kept = Repository(str(root))
    kept.state()
    assert "blobs" not in vars(kept)
    assert kept._unnamed == set(repo.files) - set(repo.blobs)


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    for index in range(30):
        (root / f"src/pkg{index % 3}").mkdir(parents=True, exist_ok=True)
        (root / f"src/pkg{index % 3}/m{index}.py").write_text(f"x = {index}\n")
    (root / "run.sh").write_text("#!/bin/sh\n")
    (root / "run.sh").chmod(0o755)
    (root / "café à la carte.md").write_text("menu\n")
    (root / "link.md").symlink_to("run.sh")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "start")
    return root


def test_a_clean_repository(repo):
    _same(repo)


def test_changed_deleted_untracked_assumed_and_skipped_files(repo):
    (repo / "src/pkg0/m0.py").write_text("x = 'changed'\n")
    (repo / "src/pkg1/m1.py").unlink()
    (repo / "new.txt").write_text("new\n")
    (repo / "link.md").unlink()
    _git(repo, "update-index", "--assume-unchanged", "src/pkg2/m2.py")
    _git(repo, "update-index", "--skip-worktree", "src/pkg0/m3.py")
    (repo / "staged.py").write_text("y = 1\n")
    _git(repo, "add", "staged.py")
    (repo / "staged.py").write_text("y = 2\n")
    _same(repo)


def test_unmerged_files_and_a_submodule(repo, tmp_path):
    _git(repo, "checkout", "-q", "-b", "other")
    (repo / "src/pkg0/m0.py").write_text("x = 'theirs'\n")
    _git(repo, "commit", "-q", "-am", "theirs")
    _git(repo, "checkout", "-q", "main")
    (repo / "src/pkg0/m0.py").write_text("x = 'ours'\n")
    _git(repo, "commit", "-q", "-am", "ours")
    _git(repo, "merge", "-q", "other", check=False)
    inner = tmp_path / "inner"
    inner.mkdir()
    _git(inner, "init", "-q")
    _git(inner, "commit", "-q", "--allow-empty", "-m", "inner")
    _git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner), "vendor")
    _same(repo)


def test_names_git_cannot_decode_and_an_empty_repository(tmp_path):
    root = tmp_path / "bytes"
    root.mkdir()
    _git(root, "init", "-q")
    _same(root)
    (root / "plain.txt").write_text("a\n")
    (root / b"latin-\xe9.txt".decode("utf-8", "surrogateescape")).write_text("b\n")
    _same(root)
    _git(root, "add", "-A")
    _same(root)
