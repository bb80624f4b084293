"""`mlrepo update` and `mlrepo adopt`: keeping repositories current with the template."""

from __future__ import annotations

from mlrepo.cli.options import data_option, parse_data
from mlrepo.errors import EXIT_FINDINGS, EXIT_OK

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from pathlib import Path


def add_update_parser(commands: argparse._SubParsersAction) -> None:
    from pathlib import Path

    upd = commands.add_parser(
        "update",
        help="bring this repository up to a newer template version (3-way merge)",
        description="Update from the template with copier's 3-way merge. Refuses a dirty tree. "
        "Exit 0: updated; 1: conflicts to resolve (or, with --check, outdated); 2: refused.",
    )
    upd.add_argument("path", type=Path, nargs="?", default=Path(), help="default: .")
    upd.add_argument("--to", metavar="REF", help="template version tag (default: the newest)")
    data_option(upd, "change an answer, e.g. --data maturity_level=2 (repeatable)")
    upd.add_argument(
        "--check",
        action="store_true",
        help="only report whether the template has a newer version (exit 1 if so)",
    )


def add_adopt_parser(commands: argparse._SubParsersAction) -> None:
    from pathlib import Path

    adopt = commands.add_parser(
        "adopt",
        help="bring a repository that was not generated under the template",
        description="Create the template's missing files and merge the ones this repository "
        "already has (differences become inline conflicts to review). Exit 1 if any.",
    )
    adopt.add_argument("path", type=Path, nargs="?", default=Path(), help="default: .")
    data_option(adopt, "give an answer the repository does not state, e.g. --data org=acme")
    adopt.add_argument(
        "--with-pipeline",
        action="store_true",
        help="also bring the ML pipeline skeleton (package, tests, configs, notebooks, data)",
    )


def run_update(args: argparse.Namespace) -> int:
    from mlrepo.template import update

    root = args.path.resolve()
    if args.check:
        status = update.check(root)
        if status.outdated:
            print(
                f"outdated: this repository is at {status.current}, the template at {status.newest}"
            )
            return EXIT_FINDINGS
        print(f"up to date: {status.current} (newest template version: {status.newest})")
        return EXIT_OK
    result = update.update(root, parse_data(args.data), args.to)
    for path in result.kept:
        print(
            f"kept {path}: the template removed or renamed it, but it holds your edits; "
            "move what you need, then delete it"
        )
    for path in result.binary:
        print(
            f"kept {path}: a binary file you and the template both changed; yours stays, "
            "take the template's version from its release if you want it"
        )
    if result.conflicts:
        print(f"updated with {len(result.conflicts)} conflict(s) to resolve:")
        for path in result.conflicts:
            print(f"  {path}")
        print(
            "Edit each file (keep what you need between the <<<<<<< and >>>>>>> markers, "
            "delete the markers and any .rej file), then `git add -A` and commit; "
            "pre-commit refuses commits that still hold markers."
        )
        return EXIT_FINDINGS
    if result.binary:
        print(f"updated, with {len(result.binary)} binary conflict(s) (above), then commit")
        return EXIT_FINDINGS
    if result.kept:
        print(f"updated, with {len(result.kept)} kept file(s) to review (above), then commit")
        return EXIT_FINDINGS
    print("updated: review with `git diff`, then commit")
    return EXIT_OK


def run_adopt(args: argparse.Namespace) -> int:
    import sys

    from mlrepo.template.adopt import adopt

    root = args.path.resolve()
    ask = _ask if sys.stdin.isatty() else None
    result = adopt(root, parse_data(args.data), with_pipeline=args.with_pipeline, ask=ask)
    print(f"adopted: {len(result.created)} file(s) created from the template")
    if result.conflicts:
        print(
            f"{len(result.conflicts)} file(s) this repository already had differ from the "
            "template; both versions are kept between conflict markers for you to review:"
        )
        for path in result.conflicts:
            print(f"  {path}")
    todo = _to_do(root)
    if todo:
        print(f"To do, as `mlrepo check` reports it:\n{todo}")
        print("Resolve each, then `git add -A`, run `mlrepo check` again and commit.")
        return EXIT_FINDINGS
    print("Review with `git status`, run `mlrepo check`, then commit.")
    return EXIT_FINDINGS if result.conflicts else EXIT_OK


def _to_do(root: Path) -> str:
    """What `mlrepo check` reports on the adopted tree (conflict markers and gaps), or ''."""
    from mlrepo.policy import report as render
    from mlrepo.policy.engine import run as run_rules

    report = run_rules(root)
    return render.text(report, colour=False) if report.failures else ""


def _ask(question: str) -> str:
    """One answer from the terminal, asked with the template's own wording."""
    from mlrepo.template.answers import prompt
    from mlrepo.template.resources import template_root

    while True:
        value = input(f"{prompt(template_root(), question)}: ").strip()
        if value:
            return value
