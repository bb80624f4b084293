"""Every check kind in KINDS is passed by name to run_kind in some tests/checks/test_*.py."""

from __future__ import annotations

import ast
from pathlib import Path

from mlrepo.policy.checks import KINDS

HERE = Path(__file__).parent


def kinds_run_in(path: Path) -> set[str]:
    """The string literals given as the first argument of run_kind(...) calls in `path`."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "run_kind"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


def test_every_check_kind_is_run_by_a_unit_test():
    tested = set().union(*(kinds_run_in(path) for path in sorted(HERE.glob("test_*.py"))))
    assert sorted(set(KINDS) - tested) == []


def test_unit_tests_run_only_kinds_that_exist():
    tested = set().union(*(kinds_run_in(path) for path in sorted(HERE.glob("test_*.py"))))
    assert sorted(tested - set(KINDS)) == []
