"""`mlrepo fleet`: many repositories' status in one fleet.json and one static HTML dashboard."""

from __future__ import annotations

import json
import os

from mlrepo.errors import EXIT_OK, UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def add_parser(commands: argparse._SubParsersAction) -> None:
    fleet = commands.add_parser(
        "fleet",
        help="aggregate many repositories into fleet.json and a dashboard",
        description="Scan local clones (in parallel) and/or read a folder of status reports "
        "(`mlrepo status --format json`, e.g. CI artifacts); write OUT/fleet.json and "
        "OUT/fleet.html. Repositories that cannot be read are rows with a reason.",
    )
    fleet.add_argument("clones", nargs="*", metavar="CLONE", help="local clones to scan")
    fleet.add_argument("--reports", metavar="DIR", help="a folder of status reports (*.json)")
    fleet.add_argument("--campaigns", metavar="FILE", help="campaigns YAML")
    fleet.add_argument(
        "--history", metavar="DIR", help="archived fleet.json snapshots (burndowns); adds this run"
    )
    fleet.add_argument("--out", default="fleet-report", metavar="DIR", help="default: fleet-report")
    fleet.add_argument("--jobs", type=int, default=None, help="worker processes (default: cores)")
    fleet.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    from mlrepo.fleet import publish
    from mlrepo.fleet.text import fleet_text

    if not args.clones and not args.reports:
        raise UsageError("give local clones to scan, --reports DIR, or both")
    if args.reports and not os.path.isdir(args.reports):
        raise UsageError(f"--reports {args.reports}: not a directory")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    document = publish.build(args.clones, args.reports, args.campaigns, args.history, args.jobs)
    publish.write(document, args.out, args.history)
    print(json.dumps(document, indent=2) if args.format == "json" else fleet_text(document))
    return EXIT_OK
