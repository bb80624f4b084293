"""Invalid answers under each of the three doors: non-zero exit, the question and the rule named,
and no destination directory afterwards."""

from __future__ import annotations

import pytest
from helpers import cookiecutter_cli, copier_cli, mlrepo

# (question, value, words of the rule that the message must contain)
BAD = [
    ("project_name", "", "must not be empty"),
    ("project_name", "   ", "must not be empty"),
    ("project_name", "1abc", "must start with an ASCII letter"),
    ("project_slug", "class", "must not be a Python keyword"),
    ("project_name", "../x", "must start with an ASCII letter"),
    ("project_name", "a/b", "must start with an ASCII letter"),
    ("project_name", "x" * 300, "must be at most 40 characters"),
    ("project_name", "Modèle", "must start with an ASCII letter"),
    ("project_name", "{{ 7*7 }}", "must start with an ASCII letter"),
    ("ml_team", "acme/ml", "must be a GitHub handle"),
    ("author_email", "jane.example.com", "must be an email address"),
    ("maturity_level", "3", None),
    ("data_residency", "EU West", "must be a lowercase region code"),
    ("org", "-acme", "must be a GitHub organisation"),
]
IDS = [f"{q}={v[:12]!r}" for q, v, _ in BAD]


def _assert_refused(result, question, rule):
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert question in output, output
    if rule:
        assert rule in output, output
    else:  # a choice question: the engine names the allowed values
        assert "0" in output and "2" in output, output


@pytest.mark.parametrize(("question", "value", "rule"), BAD, ids=IDS)
def test_mlrepo_new_refuses(tmp_path, question, value, rule):
    dest = tmp_path / "dest"
    result = mlrepo("new", dest, "--defaults", "--data", f"{question}={value}")
    _assert_refused(result, question, rule)
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert not dest.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize(("question", "value", "rule"), BAD, ids=IDS)
def test_plain_copier_refuses(template_src, tmp_path, question, value, rule):
    dest = tmp_path / "dest"
    result = copier_cli(
        "copy", "--defaults", "--quiet", "--data", f"{question}={value}", template_src, dest
    )
    _assert_refused(result, question, rule)
    assert not dest.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize(("question", "value", "rule"), BAD, ids=IDS)
def test_plain_cookiecutter_refuses(template_src, tmp_path, question, value, rule):
    out = tmp_path / "out"
    out.mkdir()
    result = cookiecutter_cli(
        "--no-input",
        template_src,
        "--directory=template",
        f"--output-dir={out}",
        f"{question}={value}",
    )
    _assert_refused(result, question, rule)
    assert sorted(p.name for p in out.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_mlrepo_new_refuses_a_non_empty_destination(tmp_path):
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "keep.txt").write_text("mine")
    result = mlrepo("new", dest, "--defaults")
    assert result.returncode == 2
    assert "exists and is not empty" in result.stderr
    assert sorted(p.name for p in dest.iterdir()) == ["keep.txt"]
    assert (dest / "keep.txt").read_text() == "mine"


def test_mlrepo_new_refuses_unknown_questions_and_bad_data_syntax(tmp_path):
    unknown = mlrepo("new", tmp_path / "a", "--defaults", "--data", "colour=blue")
    assert unknown.returncode == 2
    assert "colour: not a question of this template" in unknown.stderr
    syntax = mlrepo("new", tmp_path / "b", "--defaults", "--data", "no-equals-sign")
    assert syntax.returncode == 2
    assert "KEY=VALUE" in syntax.stderr
    assert list(tmp_path.iterdir()) == []
