"""`mlrepo gate` and `mlrepo container` read the repository's files, never what a symlink points
at outside it; `container eject` writes both files or neither, and says why in one line."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from helpers import copier_copy, run

SECRET = "root:SECRET-OUTSIDE-THE-REPOSITORY\n"


@pytest.fixture(scope="module")
def generated(template_src, tmp_path_factory) -> Path:
    return copier_copy(template_src, tmp_path_factory.mktemp("files") / "repo", {})


@pytest.fixture
def repo(generated, tmp_path) -> Path:
    dest = tmp_path / "repo"
    shutil.copytree(generated, dest, symlinks=True)
    return dest


@pytest.fixture
def outside(tmp_path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    for name in ("Dockerfile", "pyproject.toml", "stage_gates.yaml", "model_card.md", "ignore"):
        (folder / name).write_text(SECRET)
    return folder


def mlrepo(repo: Path, *args: str):
    return run([sys.executable, "-m", "mlrepo", *args], cwd=repo)


def _one_line(result, *words: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def _link(repo: Path, name: str, target: Path) -> None:
    path = repo / name
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
    path.symlink_to(target)


@pytest.mark.parametrize(
    ("name", "target", "args"),
    [
        pytest.param("Dockerfile", "Dockerfile", ["container", "show"], id="K1-link-dockerfile"),
        pytest.param(".dockerignore", "ignore", ["container", "show"], id="K1-link-dockerignore"),
        pytest.param(
            "pyproject.toml", "pyproject.toml", ["container", "show"], id="K1-link-pyproject"
        ),
        pytest.param(
            "docs/model_card.md",
            "model_card.md",
            ["gate", "--metrics", "m.json"],
            id="G2-link-card",
        ),
        pytest.param(
            "governance/stage_gates.yaml",
            "stage_gates.yaml",
            ["gate", "--metrics", "m.json", "--stage", "experimentation"],
            id="G2-link-gates",
        ),
        pytest.param(
            "governance",
            ".",
            ["gate", "--metrics", "m.json", "--stage", "experimentation"],
            id="G2-link-folder",
        ),
    ],
)
def test_a_link_out_of_the_repository_is_refused_unread(repo, outside, name, target, args):
    (repo / "m.json").write_text('{"metrics": {"accuracy": 0.9}}')
    (repo / "Dockerfile").write_text("FROM python:3.12-slim\n")  # so .dockerignore is read
    _link(repo, name, outside / target)
    result = mlrepo(repo, *args)
    _one_line(result, "leaves the repository")
    assert "SECRET" not in result.stdout + result.stderr


def test_k1_eject_through_an_outside_link_writes_nothing(repo, outside):
    _link(repo, "Dockerfile", outside / "Dockerfile")
    result = mlrepo(repo, "container", "eject", "--force")
    _one_line(result, "Dockerfile", "leaves the repository")
    assert (outside / "Dockerfile").read_text() == SECRET
    assert not (repo / ".dockerignore").exists()


def test_k1_eject_when_dockerignore_is_a_folder_writes_no_dockerfile(repo):
    (repo / ".dockerignore").mkdir()
    result = mlrepo(repo, "container", "eject", "--force")
    _one_line(result, ".dockerignore", "is a directory")
    assert not (repo / "Dockerfile").exists()


def test_k1_a_binary_dockerfile_is_one_line(repo):
    (repo / "Dockerfile").write_bytes(b"FROM x\n\xff\xfe\0")
    _one_line(mlrepo(repo, "container", "show"), "Dockerfile", "not valid UTF-8")


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    command = ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)]
    if os.geteuid() != 0 or run(command).returncode:
        pytest.skip("needs root to mount a small tmpfs")
    yield mount
    run(["umount", "-l", str(mount)])


def test_k1_eject_on_a_full_disk_writes_neither_file(generated, small_disk):
    repo = small_disk / "repo"
    repo.mkdir()
    shutil.copy(generated / "pyproject.toml", repo / "pyproject.toml")
    shutil.copytree(generated / "src", repo / "src")
    fd = os.open(small_disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:  # fill the disk, then free one page: the Dockerfile fits, the .dockerignore does not
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        os.ftruncate(fd, (small_disk / "filler").stat().st_size - 4096)
    finally:
        os.close(fd)
    result = mlrepo(repo, "container", "eject")
    _one_line(result, "No space left")
    assert not (repo / "Dockerfile").exists() and not (repo / ".dockerignore").exists()
