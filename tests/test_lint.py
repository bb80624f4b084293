"""Our own code meets the style we ask of generated repositories."""

import sys

from helpers import REPO, run


def test_ruff_check_and_format_are_clean():
    check = run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=REPO)
    assert check.returncode == 0, check.stdout
    fmt = run([sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "."], cwd=REPO)
    assert fmt.returncode == 0, fmt.stdout
