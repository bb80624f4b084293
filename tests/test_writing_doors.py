"""The doors that write (`new`, `adopt`) under bad destinations and hostile repositories:
one line naming the path, exit 2, no traceback, and nothing written, outside or in."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import mlrepo, run

IDENTITY = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}


def _refused(result, *words: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def test_n2_new_under_a_file_is_one_line_naming_it(tmp_path):
    (tmp_path / "afile").write_text("mine")
    result = mlrepo("new", tmp_path / "afile" / "x", "--defaults")
    _refused(result, "afile", "File exists")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


def test_n2_new_with_a_name_too_long_for_the_file_system_is_one_line(tmp_path):
    result = mlrepo("new", tmp_path / ("a" * 300), "--defaults")
    _refused(result, "File name too long")
    assert list(tmp_path.iterdir()) == []


def test_defect33_new_into_an_empty_directory_keeps_its_inode_and_mode(tmp_path):
    dest = tmp_path / "here"
    dest.mkdir()
    dest.chmod(0o750)
    inode = dest.stat().st_ino
    result = mlrepo("new", ".", "--defaults", cwd=dest)
    assert result.returncode == 0, result.stderr
    assert dest.stat().st_ino == inode and dest.stat().st_mode & 0o777 == 0o750
    assert (dest / "pyproject.toml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here"]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_n3_new_stopped_by_a_signal_leaves_nothing_beside_dest(tmp_path, sig):
    dest = tmp_path / "dest"
    proc = subprocess.Popen(
        [sys.executable, "-m", "mlrepo", "new", str(dest), "--defaults"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(0.8)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=5)
    assert "Traceback" not in err
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left in ([], ["dest"]), left  # nothing, or the finished project
    if left:
        assert (dest / ".copier-answers.yml").is_file()


def test_a_killed_runs_staging_is_removed_by_the_next_new(tmp_path):
    stale = tmp_path / ".dest.mlrepo-new-999999999"
    (stale / "project").mkdir(parents=True)
    result = mlrepo("new", tmp_path / "dest", "--defaults")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dest"]


# What a bare legacy repository cannot tell adopt about itself.
ANSWERS = [arg for pair in (
    "project_name=legacy", "description=Legacy.", "author_name=Ops",
    "author_email=ops@corp.test", "org=corp", "license=MIT", "ml_team=@corp/ml",
    "data_team=@corp/data", "platform_team=@corp/platform",
) for arg in ("--data", pair)]  # fmt: skip


def _legacy(root: Path, env: dict) -> Path:
    (root / "README.md").write_text("# legacy\n")
    for cmd in (
        ["git", "init", "-q", "-b", "main"],
        ["git", "add", "-A"],
        ["git", "commit", "-qm", "l"],
    ):
        assert run(cmd, cwd=root, env=env).returncode == 0
    return root


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        if p.is_file() and not p.is_symlink()
        else b"<dir-or-link>"
        for p in sorted(root.rglob("*"))
        if ".git" not in p.relative_to(root).parts
    }


@pytest.mark.parametrize("kind", ["file-link", "dangling-link", "dir-link"])
def test_s1_adopt_never_writes_through_a_symlink_that_leaves_the_repository(tmp_path, kind):
    env = {**os.environ, **IDENTITY}
    repo = tmp_path / "legacy"
    repo.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.md"
    victim.write_text("ORIGINAL\n")
    if kind == "file-link":
        (repo / "SECURITY.md").symlink_to(victim)
    elif kind == "dangling-link":
        (repo / "SECURITY.md").symlink_to(outside / "new.md")
    else:
        (repo / "docs").symlink_to(outside, target_is_directory=True)
    _legacy(repo, env)
    before = _snapshot(repo)
    result = run([sys.executable, "-m", "mlrepo", "adopt", *ANSWERS], cwd=repo, env=env)
    _refused(result, "leaves the repository")
    assert sorted(p.name for p in outside.iterdir()) == ["victim.md"]
    assert victim.read_text() == "ORIGINAL\n"
    assert _snapshot(repo) == before


@pytest.mark.parametrize("clash", ["SECURITY.md-is-a-dir", "docs-is-a-file"])
def test_a1_adopt_with_a_file_type_clash_refuses_before_writing(tmp_path, clash):
    env = {**os.environ, **IDENTITY}
    repo = tmp_path / "legacy"
    repo.mkdir()
    if clash == "docs-is-a-file":
        (repo / "docs").write_text("notes\n")
    else:
        (repo / "SECURITY.md").mkdir()
        (repo / "SECURITY.md" / "keep.txt").write_text("x\n")
    _legacy(repo, env)
    before = _snapshot(repo)
    result = run([sys.executable, "-m", "mlrepo", "adopt", *ANSWERS], cwd=repo, env=env)
    _refused(result, "docs" if clash == "docs-is-a-file" else "SECURITY.md")
    assert _snapshot(repo) == before


def test_adopt_keeps_a_binary_file_at_a_template_path_and_reports_it(tmp_path):
    env = {**os.environ, **IDENTITY}
    repo = tmp_path / "legacy"
    repo.mkdir()
    (repo / "SECURITY.md").write_bytes(b"\0binary security notes")
    _legacy(repo, env)
    result = run([sys.executable, "-m", "mlrepo", "adopt", *ANSWERS], cwd=repo, env=env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "  SECURITY.md" in result.stdout
    assert (repo / "SECURITY.md").read_bytes() == b"\0binary security notes"
    assert (repo / ".copier-answers.yml").is_file()
