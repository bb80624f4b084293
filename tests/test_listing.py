"""The file listing read from git (policy/repository.py) against a plain reading of the same
git output, entry by entry: the fast reading (by position, in comprehensions) must give the
same files, blob ids, untracked files and links in every state git can list. And a check that
recalls what an earlier one learnt of the same index must name the same state, and answer for
the files at the top, without listing the index."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from mlrepo.policy.repository import Repository


def _git(root: Path, *args: str, check: bool = True) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   cwd=root, check=check, capture_output=True)  # fmt: skip


def _reference(listed: bytes, changes: bytes, others: bytes):
    """Each entry read whole: files, blob ids, untracked, links (what the fast path must give)."""
    tracked, deleted, modified, untracked, links, blobs = set(), set(), set(), set(), set(), {}
    for entry in (listed + b"\0" + changes + b"\0" + others).split(b"\0"):
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
            deleted.add(entry[2:])
        elif tag == b"C ":
            modified.add(entry[2:])

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
    listing = repo._git("tracked", "changes", "others")
    assert listing is not None
    assert _fast(root) == _reference(*listing)
    # what state() reads for its digest, found without the blob ids: the files they miss
    kept = Repository(str(root))
    state = kept.state()
    assert state is not None
    assert "blobs" not in vars(kept)
    assert set(kept._unnamed() or ()) == set(repo.files) - set(repo.blobs)
    # a later check of the same index: the same state and top-level files, the index unlisted
    facts = kept.facts()
    if facts is None:  # no index yet (nothing added): each check lists what there is
        assert not (root / ".git" / "index").exists()
        return
    later = Repository(str(root))
    later.recall(facts)
    names = {name for name in repo.files if "/" not in name} | set(facts["top"])
    assert {name for name in names | {"pyproject.toml"} if later.exists(name)} == (
        names & set(repo.files)
    )
    assert later.state() == state
    assert "tracked" not in later._outputs
    assert later.files == repo.files  # and a rule that runs lists it after all


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
    # git does not compare an assume-unchanged file: a recalled state still reads it
    first = Repository(str(repo))
    before, facts = first.state(), first.facts()
    (repo / "src/pkg2/m2.py").write_text("x = 'assumed, yet changed'\n")
    later = Repository(str(repo))
    later.recall(facts)
    assert later.state() != before
    assert "tracked" not in later._outputs


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


def test_an_index_written_while_git_lists_names_no_state(repo, monkeypatch):
    from mlrepo.policy import repository

    real = repository.git_outputs

    def then_add(root, *commands):
        outputs = real(root, *commands)
        (repo / "late.txt").write_text("late\n")
        _git(repo, "add", "late.txt")  # a hook or editor writes the index meanwhile
        return outputs

    monkeypatch.setattr(repository, "git_outputs", then_add)
    assert Repository(str(repo)).state() is None
    monkeypatch.setattr(repository, "git_outputs", real)
    assert Repository(str(repo)).state() is not None


def test_another_index_is_named_by_its_listing(repo, monkeypatch):
    """GIT_INDEX_FILE (a commit hook's partial index) or GIT_DIR: not .git/index, so no facts
    are kept or recalled, and the state names the listing itself."""
    facts = Repository(str(repo)).facts()
    assert facts is not None
    _git(repo, "read-tree", "--index-output=.git/other-index", "HEAD")
    monkeypatch.setenv("GIT_INDEX_FILE", str(repo / ".git" / "other-index"))
    (repo / "src/pkg0/m0.py").write_text("x = 'other'\n")
    plain = Repository(str(repo))
    assert plain.facts() is None
    later = Repository(str(repo))
    later.recall(facts)
    assert later.state() == plain.state() is not None
    assert "tracked" in later._outputs
