"""`mlrepo status [PATH]`: where one repository stands (template version, drift, level, findings,
waivers, owners, model card, what the next level needs), as text or JSON (status.schema.json)."""

from __future__ import annotations

import json
import os

from mlrepo.errors import EXIT_OK, UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def add_parser(commands: argparse._SubParsersAction) -> None:
    status = commands.add_parser(
        "status",
        help="where a repository stands against the template and the standard",
        description="Report a repository's template version and drift, maturity level, findings, "
        "waivers, owners and what the next level needs. Exit 0 unless the usage is wrong.",
    )
    status.add_argument("path", nargs="?", default=".", help="default: .")
    status.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    from mlrepo.fleet.status import status
    from mlrepo.fleet.text import status_text

    if not os.path.isdir(args.path):
        raise UsageError(f"{args.path}: not a directory")
    report = status(args.path)
    print(json.dumps(report, indent=2) if args.format == "json" else status_text(report))
    return EXIT_OK
