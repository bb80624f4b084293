"""Any text a user can type in description, author and email goes through every door and is
written correctly into TOML, YAML and Markdown; what is no text is refused in one line, with the
same rule everywhere."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pexpect
import pytest
import yaml
from helpers import cookiecutter_cli, copier_cli, mlrepo
from test_answers import _copier_verdict, _valid, rules

pytestmark = pytest.mark.slow

TYPED = [
    pytest.param(
        {
            "description": "Ship it 🚀 now",
            "author_name": "\U0001d50d\U0001d51e\U0001d52b\U0001d522 \uff24\uff4f\uff45",
            "author_email": "🚀@x.io",
        },
        id="N1-emoji-non-bmp",
    ),
    pytest.param(
        {
            "description": 'RTL مرحبا, e\u0301, "quotes" and \\ backslash',
            "author_name": "Zoë \u202eO'Brien",
            "author_email": "zoë@exämple.de",
        },
        id="N1-rtl-combining-quotes",
    ),
]


def _generate(door: str, tmp_path: Path, template_src: Path, data: dict[str, str]) -> Path:
    pairs = [f"{k}={v}" for k, v in data.items()]
    if door == "mlrepo":
        dest = tmp_path / "dest"
        result = mlrepo("new", dest, "--defaults", *(a for p in pairs for a in ("--data", p)))
    elif door == "copier":
        dest = tmp_path / "dest"
        data_args = (a for p in pairs for a in ("--data", p))
        result = copier_cli("copy", "--defaults", "--quiet", *data_args, template_src, dest)
    else:
        out = tmp_path / "out"
        out.mkdir()
        result = cookiecutter_cli(
            "--no-input", template_src, "--directory=template", f"--output-dir={out}", *pairs
        )
        dest = out / "churn_model"
    assert result.returncode == 0, result.stdout + result.stderr
    return dest


def _assert_written(dest: Path, data: dict[str, str]) -> None:
    project = tomllib.loads((dest / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["description"] == data["description"]
    assert project["authors"] == [{"name": data["author_name"], "email": data["author_email"]}]
    card = (dest / "docs/model_card.md").read_text(encoding="utf-8")
    front = yaml.safe_load(card.split("---\n")[1])
    assert front["intended_use"] == data["description"]
    assert front["owners"][0]["contact"] == data["author_email"]
    assert data["description"] in (dest / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("door", ["mlrepo", "copier", "cookiecutter"])
@pytest.mark.parametrize("data", TYPED)
def test_typed_unicode_is_written_correctly_by_every_door(template_src, tmp_path, door, data):
    _assert_written(_generate(door, tmp_path, template_src, data), data)


def test_n1_an_emoji_typed_at_the_prompt_is_written(tmp_path):
    dest = tmp_path / "repo"
    given = {**_valid(), "description": "x"}
    del given["description"]
    args = [a for k, v in given.items() for a in ("--data", f"{k}={v}")]
    child = pexpect.spawn(
        sys.executable,
        ["-m", "mlrepo", "new", str(dest), *args],
        dimensions=(40, 150),
        timeout=30,
        encoding="utf-8",
    )
    child.expect("One-line description")
    child.send("\x15")  # clear the default
    child.sendline("Ship it 🚀")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    project = tomllib.loads((dest / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["description"] == "Ship it 🚀"


NOT_TEXT = [
    pytest.param("description", "next\x85line", "must be a single line of text", id="N1-c1"),
    pytest.param("description", "a\u2028b", "must be a single line of text", id="N1-u2028"),
    pytest.param("author_name", "a\u2029b", "must be a single line of text", id="N1-u2029"),
    pytest.param("description", "a\ufffeb", "must be a single line of text", id="N1-ufffe"),
    pytest.param("author_name", "a\uffff", "must be a single line of text", id="N1-uffff"),
    pytest.param("author_email", "jane\u200b@x.io", "must be an email address", id="#31-zwsp"),
    pytest.param("author_email", "jane@x\u2060.io", "must be an email address", id="#31-wj"),
    pytest.param("ml_team", "@acme/..", "must be a GitHub handle", id="#31-dot-team"),
]
# Not through argv (no UTF-8 for them): checked against the rules and copier's validators.
UNSPEAKABLE = [
    pytest.param("description", "lone \ud83d", "must be a single line of text", id="N1-surrogate"),
    pytest.param("author_email", "jane\x00@x.io", "must be an email address", id="#31-nul"),
]


@pytest.mark.parametrize(("question", "value", "rule"), NOT_TEXT + UNSPEAKABLE)
def test_rules_and_copier_validators_refuse_what_is_no_text(
    template_src, tmp_path, question, value, rule
):
    found = rules().problems({**_valid(), question: value})
    assert len(found) == 1 and found[0].startswith(f"{question}: {rule}"), found
    verdict = _copier_verdict(template_src, tmp_path, question, value)
    assert verdict is not None and found[0].split(": ", 1)[1].startswith(verdict)
    assert verdict.startswith(rule)


@pytest.mark.parametrize("door", ["mlrepo", "copier", "cookiecutter"])
@pytest.mark.parametrize(("question", "value", "rule"), NOT_TEXT)
def test_every_door_refuses_what_is_no_text(template_src, tmp_path, door, question, value, rule):
    out = tmp_path / "out"
    out.mkdir()
    pair = f"{question}={value}"
    if door == "mlrepo":
        result = mlrepo("new", out / "dest", "--defaults", "--data", pair)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    elif door == "copier":
        dest = out / "dest"
        result = copier_cli("copy", "--defaults", "--quiet", "--data", pair, template_src, dest)
    else:
        result = cookiecutter_cli(
            "--no-input", template_src, "--directory=template", f"--output-dir={out}", pair
        )
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert question in output and rule in output, output
    assert list(out.iterdir()) == []
