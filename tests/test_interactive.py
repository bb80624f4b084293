"""`mlrepo new` on a terminal asks the questions --data did not answer, with the same rules."""

from __future__ import annotations

import sys

import pexpect
import pytest
import yaml

pytestmark = pytest.mark.slow  # prompt_toolkit waits for cursor reports a pty never sends


def test_prompts_on_a_terminal_and_reasks_after_an_invalid_answer(tmp_path):
    dest = tmp_path / "repo"
    child = pexpect.spawn(
        sys.executable,
        ["-m", "mlrepo", "new", str(dest), "--data", "maturity_level=2"],
        dimensions=(40, 150),
        timeout=30,
        encoding="utf-8",
    )
    child.expect("Project name")
    child.send("\x15")  # clear the default
    child.sendline("1bad")
    child.expect("must start with an ASCII letter")
    child.send("\x08" * 10 + "Fraud Detector\r")
    for prompt in [
        "Python package name",
        "One-line description",
        "Author name",
        "Author email",
        "GitHub organisation",
        "License",
        "Minimum Python version",
        "ML team",
        "data team",
        "platform team",
        "Classification",
        "Where the data",
        "generative AI",
        "install mlrepo",
        "Track training runs",
        "pre-commit hooks come from",
    ]:
        child.expect(prompt)
        child.send("\r")  # keep the default
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert answers["project_name"] == "Fraud Detector"
    assert answers["project_slug"] == "fraud_detector"
    assert answers["maturity_level"] == 2
