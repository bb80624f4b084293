"""`mlrepo new DEST`: generate a new ML repository from the template."""

from __future__ import annotations

import sys

from mlrepo.cli.options import data_option, parse_data
from mlrepo.errors import EXIT_OK

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def add_parser(commands: argparse._SubParsersAction) -> None:
    from pathlib import Path

    new = commands.add_parser(
        "new",
        help="generate a new ML repository from the template",
        description="Generate a new ML repository. Prompts for answers on a terminal "
        "unless --defaults is given; --data answers a question without asking.",
    )
    new.add_argument("dest", type=Path, metavar="DEST", help="directory to create (must not exist)")
    data_option(new, "answer a question, e.g. --data maturity_level=2 (repeatable)")
    new.add_argument(
        "--defaults", action="store_true", help="use the default for every unanswered question"
    )


def run(args: argparse.Namespace) -> int:
    from mlrepo.template.generate import new_project

    interactive = not args.defaults and sys.stdin.isatty()
    answers = new_project(args.dest, parse_data(args.data), interactive=interactive)
    print(
        f"Created {args.dest} ({answers['project_slug']}, maturity level "
        f"{answers['maturity_level']}, {answers['license']}).\n"
        f"Next: cd {args.dest} && git init && git add -A && "
        "uv sync --locked && uv run python -m pytest"
    )
    return EXIT_OK
