"""Our own code meets the style we ask of generated repositories, and type-checks."""

import sys

from helpers import REPO, run


def test_ruff_check_and_format_are_clean():
    check = run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=REPO)
    assert check.returncode == 0, check.stdout
    fmt = run([sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "."], cwd=REPO)
    assert fmt.returncode == 0, fmt.stdout


def test_mypy_is_clean_over_src():
    result = run([sys.executable, "-m", "mypy", "--no-incremental"], cwd=REPO)
    assert result.returncode == 0, result.stdout
    assert "Success: no issues found" in result.stdout
