"""`mlrepo check [PATH]`: the governance rules over a repository, as text, JSON or SARIF.

This is the pre-commit hook's path, so it has an import budget: no pathlib, subprocess, yaml,
tomllib, typing or dataclasses on a warm run (ruff's TID253 and tests/test_import_budget.py
hold it; benchmarks/bench_check.py measures it).
"""

from __future__ import annotations

import os
import sys

from mlrepo.cli.options import names
from mlrepo.errors import EXIT_FINDINGS, EXIT_OK, UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def add_parser(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser(
        "check",
        help="check a repository against the governance rules",
        description="Check a repository (generated or not) against the rule packs. "
        "Exit 0: clean; 1: findings; 2: usage or configuration error.",
    )
    check.add_argument("path", nargs="?", default=".", help="default: .")
    check.add_argument("--level", type=int, choices=(0, 1, 2), help="override [tool.mlrepo]")
    check.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    check.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="IDS",
        help="only these rule ids, id prefixes or families (comma-separated, repeatable)",
    )
    check.add_argument("--ignore", action="append", default=[], metavar="IDS")


def run(args: argparse.Namespace) -> int:
    from mlrepo.policy import report as render
    from mlrepo.policy.engine import run as run_rules

    root = os.path.realpath(args.path)
    if not os.path.isdir(root):
        raise UsageError(f"{args.path}: not a directory")
    report = run_rules(root, args.level, names(args.select), names(args.ignore))
    if args.format == "json":
        output = render.as_json(report)
    elif args.format == "sarif":
        output = render.sarif(report)
    else:
        output = render.text(report, colour=sys.stdout.isatty())
    print(output)
    return EXIT_FINDINGS if report.failures else EXIT_OK
