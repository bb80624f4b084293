"""A repository checked again unchanged gets its last report back without a rule running
(policy/memo.py); any change to what decides the report runs the rules again. Each step below
is checked against a run with an empty cache: the kept report must be the one a fresh run
gives, finding for finding."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from helpers import copier_copy, run

from mlrepo.policy import engine, memo
from mlrepo.policy.repository import Repository

AWS_KEY = "AKIA" + "Q3EGRTZKXLM4NW7P"


@pytest.fixture
def generated(template_src, tmp_path):
    dest = copier_copy(template_src, tmp_path / "repo", {})
    subprocess.run(["git", "init", "-q"], cwd=dest, check=True)
    subprocess.run(["git", "add", "-A"], cwd=dest, check=True)
    return dest


def _check(repo, cache, *args):
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    result = run([sys.executable, "-m", "mlrepo", "check", "--format", "json", *args],
                 cwd=repo, env=env)  # fmt: skip
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout), result.returncode


def _same_as_fresh(repo, warm, fresh, *args):
    """The warm run's report equals a run on an empty cache; the findings' rule ids."""
    kept = _check(repo, warm, *args)
    assert kept == _check(repo, fresh / f"fresh-{time.monotonic_ns()}", *args)
    return sorted({f["rule"] for f in kept[0]["findings"]})


def _edit(path, text):
    path.write_text(path.read_text() + text)


def test_every_change_that_decides_a_report_runs_the_rules_again(generated, tmp_path):
    warm = tmp_path / "warm"
    assert _same_as_fresh(generated, warm, tmp_path) == []
    assert _same_as_fresh(generated, warm, tmp_path) == []  # kept
    (generated / "notes.txt").write_text(f"aws = {AWS_KEY}\n")  # untracked
    assert "SEC001" in _same_as_fresh(generated, warm, tmp_path)
    (generated / "notes.txt").unlink()
    readme = (generated / "README.md").read_text()
    _edit(generated / "README.md", "\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> x\n")
    assert "HYG003" in _same_as_fresh(generated, warm, tmp_path)  # changed, not staged
    subprocess.run(["git", "add", "README.md"], cwd=generated, check=True)
    assert "HYG003" in _same_as_fresh(generated, warm, tmp_path)  # staged
    (generated / "README.md").write_text(readme)
    subprocess.run(["git", "add", "README.md"], cwd=generated, check=True)
    assert _same_as_fresh(generated, warm, tmp_path) == []
    owners = generated / ".github" / "CODEOWNERS"
    kept = owners.read_bytes()
    owners.unlink()
    owners.symlink_to("/etc/hostname")  # a link that leaves: not read, reported
    assert "REPO005" in _same_as_fresh(generated, warm, tmp_path)
    owners.unlink()
    owners.write_bytes(kept)
    (generated / "model.pkl").write_bytes(b"\x80\x04N.")
    assert "HYG004" in _same_as_fresh(generated, warm, tmp_path)
    assert _same_as_fresh(generated, warm, tmp_path, "--ignore", "HYG004") == []
    assert _same_as_fresh(generated, warm, tmp_path, "--level", "2") != []


def test_a_kept_report_runs_no_rule_and_a_new_day_runs_them(generated, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    ran = []
    real = engine._report
    monkeypatch.setattr(engine, "_report", lambda *a: ran.append(1) or real(*a))
    listed = []
    git = Repository._git
    monkeypatch.setattr(
        Repository, "_git", lambda self, *parts: listed.extend(parts) or git(self, *parts)
    )
    first = engine.run(generated)
    assert "tracked" in listed
    listed.clear()
    second = engine.run(generated)
    assert ran == [1]
    assert listed and "tracked" not in listed  # the unchanged index is not listed again
    assert [r.id for r in second.rules] == [r.id for r in first.rules]
    assert second.results == first.results
    tomorrow = time.strftime("%Y-%m-%d", time.localtime(time.time() + 86400))
    monkeypatch.setattr(memo.time, "strftime", lambda fmt: tomorrow)  # waivers expire by day
    engine.run(generated)
    assert ran == [1, 1]


def test_a_tampered_kept_report_is_not_used(generated, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    (generated / "model.pkl").write_bytes(b"\x80\x04N.")
    expected = engine.run(generated).results
    assert expected
    [entry] = (cache / "mlrepo" / "reports").iterdir()
    entry.write_text(entry.read_text().replace('"HYG004"', '"HYG001"'))
    assert engine.run(generated).results == expected


def test_no_report_is_kept_when_the_index_changes_under_the_rules(generated, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    engine.run(generated)
    [entry] = (tmp_path / "cache" / "mlrepo" / "reports").iterdir()
    before = entry.read_bytes()
    (generated / "notes.txt").write_text("new\n")  # the report is not the kept one
    from mlrepo.policy import repository

    real = repository.git_outputs

    def listing_the_index(root, *commands):
        outputs = real(root, *commands)
        if ["ls-files", "-z", "-t", "-v", "-s", "--cached"] in commands:
            subprocess.run(["git", "add", "notes.txt"], cwd=generated, check=True)
        return outputs

    monkeypatch.setattr(repository, "git_outputs", listing_the_index)
    engine.run(generated)
    assert entry.read_bytes() == before
    monkeypatch.setattr(repository, "git_outputs", real)
    engine.run(generated)
    assert entry.read_bytes() != before
