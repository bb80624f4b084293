"""`mlrepo update` under hostile releases, odd names, faults and signals: every user edit kept,
binary files merged 3-way like text, and a failure leaves the tree exactly as it was.

The repository and template fixtures are test_update's, imported (hence F811 off)."""
# ruff: noqa: F811

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import run
from test_update import (  # noqa: F401 (fixtures)
    _snapshot,
    env,
    legacy,
    mlrepo,
    project,
    release,
    sh,
    template,
)
from test_writing_doors import ANSWERS  # what a bare legacy repository cannot tell adopt

pytestmark = pytest.mark.slow
SLUG = Path("template") / "{{cookiecutter.project_slug}}"
LOGO = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256))


def _commit_all(project: Path, env: dict, message: str) -> None:
    sh("git", "add", "-A", cwd=project, env=env)
    sh("git", "commit", "-q", "-m", message, cwd=project, env=env)


def _updated_to(project: Path, env: dict, *args: str) -> None:
    result = mlrepo(project, env, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    _commit_all(project, env, "update")


def _one_line(result, code: int, *words: str) -> None:
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def _run_whole(repo: Path, env: dict, where: Path, *args: str):
    """The state the door leaves when nothing interrupts it, run on a clone of `repo`."""
    clone = where / repo.name
    sh("git", "clone", "-q", str(repo), str(clone), cwd=where, env=env)
    result = run([sys.executable, "-m", "mlrepo", *args], cwd=clone, env=env)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return _snapshot(clone, env)


def _terminated(repo: Path, env: dict, scratch: Path, delay: float, *args: str):
    """Run the door, send it SIGTERM after `delay` seconds; its exit code and stderr."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "mlrepo", *args],
        cwd=repo,
        env={**env, "TMPDIR": str(scratch)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err


def _all_or_nothing(code: int, err: str, after, before, whole) -> None:
    assert "Traceback" not in err and "Exception ignored" not in err, err
    if code == 130:  # interrupted while the work could be undone: it was
        assert after == before
    elif code == -signal.SIGTERM:  # before the handler was set, or after the door finished
        assert after in (before, whole)
    else:  # the signal came after the writes committed: the door finished and says so
        assert code in (0, 1), (code, err)
        assert after == whole


def _add_logo(template: Path) -> None:
    (template / SLUG / "assets").mkdir()
    (template / SLUG / "assets" / "logo.bin").write_bytes(LOGO)


def test_u1_an_edited_binary_survives_an_update_to_the_same_version(project, template, env):
    release(template, env, "v0.2.0", _add_logo)
    _updated_to(project, env)
    assert (project / "assets/logo.bin").read_bytes() == LOGO
    ours = b"\0OUR LOGO" + bytes(100)
    (project / "assets/logo.bin").write_bytes(ours)
    _commit_all(project, env, "our logo")

    result = mlrepo(project, env, "--to", "v0.2.0")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "assets/logo.bin").read_bytes() == ours
    assert sh("git", "status", "--porcelain", cwd=project, env=env) == ""


def test_u1_a_binary_both_sides_changed_is_kept_and_reported(project, template, env):
    release(template, env, "v0.2.0", _add_logo)
    _updated_to(project, env)
    ours = b"\0OUR LOGO"
    (project / "assets/logo.bin").write_bytes(ours)
    _commit_all(project, env, "our logo")

    def change(template: Path) -> None:
        (template / SLUG / "assets" / "logo.bin").write_bytes(LOGO + b"\0v3")
        (template / SLUG / "assets" / "icon.bin").write_bytes(b"\0icon v3")

    release(template, env, "v0.3.0", change)
    result = mlrepo(project, env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "kept assets/logo.bin" in result.stdout and "binary" in result.stdout
    assert (project / "assets/logo.bin").read_bytes() == ours
    assert (project / "assets/icon.bin").read_bytes() == b"\0icon v3"  # new: the template's


def test_u1_an_untouched_binary_takes_the_templates_new_bytes(project, template, env):
    release(template, env, "v0.2.0", _add_logo)
    _updated_to(project, env)
    release(
        template,
        env,
        "v0.3.0",
        lambda t: (t / SLUG / "assets" / "logo.bin").write_bytes(LOGO + b"\0v3"),
    )
    result = mlrepo(project, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "assets/logo.bin").read_bytes() == LOGO + b"\0v3"


def test_u1_a_user_binary_where_a_release_adds_one_is_kept_and_reported(project, template, env):
    (project / "assets").mkdir()
    ours = b"\0our weights"
    (project / "assets/logo.bin").write_bytes(ours)
    _commit_all(project, env, "our binary")
    release(template, env, "v0.2.0", _add_logo)

    result = mlrepo(project, env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "kept assets/logo.bin" in result.stdout
    assert (project / "assets/logo.bin").read_bytes() == ours


ODD_NAMES = ["docs/café.md", "docs/style guide.md", "docs/[draft] *.md", "docs/“quoted”.md"]


def test_u2_edited_files_with_odd_names_the_template_drops_are_kept(project, template, env):
    def add(template: Path) -> None:
        for name in ODD_NAMES:
            (template / SLUG / name).write_text("template text\n")

    release(template, env, "v0.2.0", add)
    _updated_to(project, env)
    for name in ODD_NAMES:
        (project / name).write_text(f"team notes in {name}\n")
    _commit_all(project, env, "notes")

    def drop(template: Path) -> None:
        for name in ODD_NAMES:
            (template / SLUG / name).unlink()
        (template / SLUG / "notebooks" / "README.md").unlink()

    release(template, env, "v0.3.0", drop)
    result = mlrepo(project, env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for name in ODD_NAMES:
        assert (project / name).read_text() == f"team notes in {name}\n"
        assert f"kept {name}" in result.stdout
    assert not (project / "notebooks/README.md").exists()  # unedited: the template's drop applies


@pytest.mark.parametrize(
    "text, words",
    [
        pytest.param(
            "{{ no_such_answer.attr }}\n", ["does not render", "no_such_answer"], id="U4-undefined"
        ),
        pytest.param(
            "{{ cycler.__init__.__globals__.os }}\n",
            ["does not render", "Security"],
            id="U4-sandbox",
        ),
        pytest.param(
            "{{ '/etc/*' | fileglob }}\n", ["does not render", "fileglob"], id="S3-fileglob"
        ),
        pytest.param(
            "{{ '$HOME' | expandvars }}\n", ["does not render", "expandvars"], id="S3-env"
        ),
    ],
)
def test_a_release_that_does_not_render_leaves_the_tree_as_it_was(
    project, template, env, text, words
):
    # README.md renders first, so a half-applied update would show in it.
    release(
        template,
        env,
        "v0.2.0",
        lambda t: (
            (t / SLUG / "README.md").write_text((t / SLUG / "README.md").read_text() + "v2\n"),
            (t / SLUG / "zz.md").write_text(text),
        ),
    )
    before = _snapshot(project, env)
    result = mlrepo(project, env)
    _one_line(result, 2, ".copier-answers.yml", "does not render", *words)
    assert _snapshot(project, env) == before


def test_u4_a_release_whose_validator_refuses_the_answers_leaves_the_tree(project, template, env):
    def strict(template: Path) -> None:
        with (template / "copier.yml").open("a") as stream:
            stream.write('\nzz_new_question:\n  type: str\n  default: "x"\n')
            stream.write('  validator: "never acceptable"\n')

    release(template, env, "v0.2.0", strict)
    before = _snapshot(project, env)
    result = mlrepo(project, env)
    _one_line(result, 2, ".copier-answers.yml")
    assert _snapshot(project, env) == before


def test_u6_an_unsafe_release_is_refused_without_suggesting_a_trust_flag(project, template, env):
    def tasks(template: Path) -> None:
        with (template / "copier.yml").open("a") as stream:
            stream.write(f'\n_tasks:\n  - "touch {template}/ran"\n')

    release(template, env, "v0.2.0", tasks)
    before = _snapshot(project, env)
    result = mlrepo(project, env)
    _one_line(result, 2, "tasks", "never runs")
    assert "--trust" not in result.stderr
    assert not (template / "ran").exists()
    assert _snapshot(project, env) == before


def test_u6_an_update_during_a_merge_is_refused(project, template, env):
    sh("git", "checkout", "-q", "-b", "side", cwd=project, env=env)
    (project / "README.md").write_text("side\n")
    _commit_all(project, env, "side")
    sh("git", "checkout", "-q", "main", cwd=project, env=env)
    (project / "README.md").write_text("main\n")
    _commit_all(project, env, "main")
    merge = run(["git", "merge", "side"], cwd=project, env=env)
    assert merge.returncode == 1  # a conflict: the merge is in progress
    sh("git", "checkout", "--theirs", "README.md", cwd=project, env=env)
    sh("git", "add", "README.md", cwd=project, env=env)  # resolved, but not yet committed
    release(template, env, "v0.2.0", _add_logo)
    result = mlrepo(project, env)
    _one_line(result, 2, "a merge is in progress")
    assert not (project / "assets").exists()


def test_u6_update_works_from_a_subdirectory(project, template, env):
    release(template, env, "v0.2.0", _add_logo)
    below = project / "src"
    checked = run([sys.executable, "-m", "mlrepo", "update", "--check"], cwd=below, env=env)
    assert checked.returncode == 1 and "outdated" in checked.stdout, checked.stderr
    result = run([sys.executable, "-m", "mlrepo", "update"], cwd=below, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "assets/logo.bin").read_bytes() == LOGO
    assert not (below / "assets").exists()


def test_s2_a_src_path_that_looks_like_an_option_runs_nothing(project, env, tmp_path):
    marker = tmp_path / "ran"
    answers = project / ".copier-answers.yml"
    lines = [
        f'_src_path: "--upload-pack=touch {marker}; false"'
        if line.startswith("_src_path")
        else line
        for line in answers.read_text().splitlines()
    ]
    answers.write_text("\n".join(lines) + "\n")
    _commit_all(project, env, "hostile answers")
    for args in ((), ("--check",)):
        result = mlrepo(project, env, *args)
        _one_line(result, 2, ".copier-answers.yml", "starts with '-'")
        assert not marker.exists()


def _many_files(template: Path) -> None:
    """A release that writes a lot, so an interrupt or a full disk lands in the middle."""
    readme = template / SLUG / "README.md"
    readme.write_text(readme.read_text() + "v2\n")
    for i in range(40):
        (template / SLUG / "docs" / f"page{i:02}.md").write_text(f"page {i}\n" + "x" * 6000)


@pytest.mark.parametrize("delay", [pytest.param(d, id=f"N3-K1-sigterm-{d}s") for d in (1, 2, 3, 4)])
def test_sigterm_during_an_update_leaves_the_tree_and_no_scratch(
    project, template, env, tmp_path, tmp_path_factory, delay
):
    release(template, env, "v0.2.0", _many_files)
    whole = _run_whole(project, env, tmp_path_factory.mktemp("whole"), "update")
    scratch = tmp_path / "system-tmp"
    scratch.mkdir()
    before = _snapshot(project, env)
    code, err = _terminated(project, env, scratch, delay, "update")
    _all_or_nothing(code, err, _snapshot(project, env), before, whole)
    assert list(scratch.iterdir()) == [], (code, err)


@pytest.mark.parametrize("delay", [pytest.param(d, id=f"N3-sigkill-{d}s") for d in (1, 3)])
def test_sigkill_during_an_update_leaves_nothing_git_cannot_explain(
    project, template, env, tmp_path, delay
):
    release(template, env, "v0.2.0", _many_files)
    scratch = tmp_path / "system-tmp"
    scratch.mkdir()
    before = _snapshot(project, env)
    proc = subprocess.Popen(
        [sys.executable, "-m", "mlrepo", "update"],
        cwd=project,
        env={**env, "TMPDIR": str(scratch)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    proc.kill()
    proc.wait(timeout=10)
    # Whatever a SIGKILL left is in the system temp dir, or is a change git status shows.
    outside = [p for p in project.parent.iterdir() if p.name not in {"project", "system-tmp"}]
    assert [p.name for p in outside if p.name.startswith(".")] == []
    if _snapshot(project, env) != before:
        sh("git", "checkout", "--", ".", cwd=project, env=env)
        sh("git", "clean", "-fdq", cwd=project, env=env)
        assert _snapshot(project, env) == before
    rerun = mlrepo(project, env)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert (project / "docs/page39.md").is_file()


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    if (
        os.geteuid() != 0
        or run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)]).returncode
    ):
        pytest.skip("needs root to mount a small tmpfs")
    yield mount
    run(["umount", "-l", str(mount)])


def test_k1_a_full_disk_midway_rolls_the_update_back(project, template, env, small_disk):
    clone = small_disk / "project"
    sh("git", "clone", "-q", str(project), str(clone), cwd=project, env=env)
    release(template, env, "v0.2.0", _many_files)
    filler = small_disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:  # fill the disk, then free room for a dozen pages: the update needs more
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        os.ftruncate(fd, filler.stat().st_size - 12 * 4096)
    finally:
        os.close(fd)
    before = _snapshot(clone, env)
    result = mlrepo(clone, env)
    _one_line(result, 2, "No space left")
    assert _snapshot(clone, env) == before


@pytest.mark.parametrize(
    ("key", "value", "kind"),
    [
        pytest.param("_src_path", "5", "int", id="U3-src-path-int"),
        pytest.param("_src_path", "['x']", "list", id="U3-src-path-list"),
        pytest.param("_commit", "[a]", "list", id="U3-commit-list"),
        pytest.param("_commit", "1.5", "float", id="U3-commit-float"),
    ],
)
def test_a_non_string_source_or_version_is_one_line(project, env, key, value, kind):
    answers = project / ".copier-answers.yml"
    lines = [
        f"{key}: {value}" if line.startswith(f"{key}:") else line
        for line in answers.read_text().splitlines()
    ]
    answers.write_text("\n".join(lines) + "\n")
    _commit_all(project, env, "odd answers")
    before = _snapshot(project, env)
    for args in ((), ("--check",)):
        _one_line(mlrepo(project, env, *args), 2, f"{key} must be a string, got {kind}")
    assert _snapshot(project, env) == before


@pytest.mark.parametrize("delay", [pytest.param(d, id=f"N3-adopt-{d}s") for d in (0.5, 1, 1.5, 2)])
def test_sigterm_during_adopt_leaves_the_tree_and_no_scratch(
    legacy, env, tmp_path, tmp_path_factory, delay
):
    whole = _run_whole(legacy, env, tmp_path_factory.mktemp("whole"), "adopt", *ANSWERS)
    scratch = tmp_path / "system-tmp"
    scratch.mkdir()
    before = _snapshot(legacy, env)
    code, err = _terminated(legacy, env, scratch, delay, "adopt", *ANSWERS)
    _all_or_nothing(code, err, _snapshot(legacy, env), before, whole)
    assert list(scratch.iterdir()) == [], (code, err)
    assert sorted(p.name for p in legacy.parent.iterdir()) == [
        "fraud-scoring",
        "system-tmp",
        "template-repo",
    ]


def test_n1_an_emoji_through_update_data_is_written(project, env):
    import tomllib

    name = "Zoë \U0001d50d"
    data = ["--data", "description=Ship it 🚀", "--data", f"author_name={name}"]
    result = mlrepo(project, env, *data)
    assert result.returncode == 0, result.stdout + result.stderr
    table = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert table["description"] == "Ship it 🚀" and table["authors"][0]["name"] == name
