"""`mlrepo container show|build|eject`: the image without a Dockerfile in the repository."""

from __future__ import annotations

import argparse
import sys

from mlrepo.errors import EXIT_OK


def add_parser(commands: argparse._SubParsersAction) -> None:
    from pathlib import Path

    from mlrepo.cli.options import Parser

    box = commands.add_parser(
        "container",
        help="show, build or eject the container image's Dockerfile",
        description="Precedence: --dockerfile PATH > ./Dockerfile or ./Containerfile > "
        "[tool.mlrepo.container] in pyproject.toml > built-in defaults.",
    )
    actions = box.add_subparsers(
        dest="action", metavar="ACTION", required=True, prog="mlrepo container", parser_class=Parser
    )
    show = actions.add_parser("show", help="print the Dockerfile and .dockerignore used")
    show.add_argument("--dockerfile", type=Path)
    build = actions.add_parser("build", help="build the image")
    build.add_argument("--engine", choices=("docker", "podman", "buildah"))
    build.add_argument("--tag", "-t")
    build.add_argument("--dockerfile", type=Path)
    build.add_argument(
        "--ca-cert",
        type=Path,
        metavar="FILE",
        help="trust this CA for pip during the build (TLS-intercepting proxies)",
    )
    build.add_argument("extra", nargs=argparse.REMAINDER, help="after --: arguments for the engine")
    eject = actions.add_parser("eject", help="write Dockerfile and .dockerignore")
    eject.add_argument("--force", action="store_true", help="overwrite existing files")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from mlrepo.container import choose

    root = Path.cwd()
    if args.action == "eject":
        written = choose.eject(root, args.force)
        print(
            "wrote " + " and ".join(p.name for p in written) + ": they are yours now; "
            "`mlrepo check` reports when [tool.mlrepo.container] changes after this"
        )
        return EXIT_OK
    choice = choose.choose(root, args.dockerfile)
    for warning in choice.warnings:
        print(warning, file=sys.stderr)
    if args.action == "show":
        print(
            f"# Source: {choice.source}\n# ---- Dockerfile ----\n{choice.dockerfile}"
            "# ---- .dockerignore ----"
        )
        print(choice.ignore, end="")
        return EXIT_OK
    from mlrepo.container.build import build

    extra = args.extra[1:] if args.extra[:1] == ["--"] else args.extra  # REMAINDER keeps "--"
    return build(root, choice, engine=args.engine, tag=args.tag, extra=extra, ca_cert=args.ca_cert)
