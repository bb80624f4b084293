"""The `mlrepo` command; each command imports its heavy libraries itself, so start-up stays lean."""

from __future__ import annotations

import argparse
import os
import sys

from mlrepo import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, sized without shutil (argparse builds one per add_argument, and
    importing shutil for the terminal width costs a hook 2-3 ms on every commit)."""

    def __init__(self, prog: str):
        try:
            width = int(os.environ.get("COLUMNS", "0")) or os.get_terminal_size().columns
        except (OSError, ValueError):
            width = 80
        super().__init__(prog, width=max(width - 2, 40))


class _Parser(argparse.ArgumentParser):
    """Every mlrepo (sub)command's parser, sized by _Formatter."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)


class UsageError(Exception):
    """Bad command-line input: printed as one line, exit code 2."""


def _parse_data(pairs: list[str]) -> dict[str, str]:
    data: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--data expects KEY=VALUE, got {pair!r}")
        data[key.strip()] = value
    return data


def _cmd_new(args: argparse.Namespace) -> int:
    from mlrepo.answers import AnswerError
    from mlrepo.generate import DestinationError, new_project

    interactive = not args.defaults and sys.stdin.isatty()
    try:
        answers = new_project(args.dest, _parse_data(args.data), interactive=interactive)
    except (AnswerError, DestinationError) as exc:
        raise UsageError(str(exc)) from None
    print(
        f"Created {args.dest} ({answers['project_slug']}, maturity level "
        f"{answers['maturity_level']}, {answers['license']}).\n"
        f"Next: cd {args.dest} && git init && git add -A && "
        'python -m pip install -e ".[test]" && python -m pytest'
    )
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from mlrepo.engine import run
    from mlrepo.errors import ConfigError

    root = os.path.realpath(args.path)  # a string: pathlib costs every hook run ~4 ms
    if not os.path.isdir(root):
        raise UsageError(f"{args.path}: not a directory")
    try:
        report = run(root, args.level, _names(args.select), _names(args.ignore))
        from mlrepo import report as render

        if args.format == "json":
            output = render.as_json(report)
        elif args.format == "sarif":
            output = render.sarif(report)
        else:
            output = render.text(report, colour=sys.stdout.isatty())
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    print(output)
    return 1 if report.failures else 0


def _cmd_gate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from mlrepo import gate
    from mlrepo.errors import ConfigError

    root = Path().resolve()
    try:
        stage = args.stage or gate.declared_stage(root)
        bounds = gate.thresholds(root, args.gates, stage)
        rows = gate.evaluate(
            bounds, gate.read_metrics(args.metrics, str(args.metrics)), str(args.metrics)
        )
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    print(gate.table(stage, rows))
    return 0 if all(ok for *_, ok in rows) else 1


def _cmd_update(args: argparse.Namespace) -> int:
    from mlrepo import update
    from mlrepo.errors import ConfigError

    root = args.path.resolve()
    try:
        if args.check:
            current, newest = update.check(root)
            if update.is_outdated(current, newest):
                print(f"outdated: this repository is at {current}, the template at {newest}")
                return 1
            print(f"up to date: {current} (newest template version: {newest})")
            return 0
        conflicts, kept = update.update(root, _parse_data(args.data), args.to)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    for path in kept:
        print(
            f"kept {path}: the template removed or renamed it, but it holds your edits; "
            "move what you need, then delete it"
        )
    if conflicts:
        print(f"updated with {len(conflicts)} conflict(s) to resolve:")
        for path in conflicts:
            print(f"  {path}")
        print(
            "Edit each file (keep what you need between the <<<<<<< and >>>>>>> markers, "
            "delete the markers and any .rej file), then `git add -A` and commit; "
            "pre-commit refuses commits that still hold markers."
        )
        return 1
    print("updated: review with `git diff`, then commit")
    return 1 if kept else 0


def _cmd_adopt(args: argparse.Namespace) -> int:
    from mlrepo.adopt import adopt
    from mlrepo.errors import ConfigError

    try:
        created, conflicts = adopt(args.path.resolve(), _parse_data(args.data))
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    print(f"adopted: {len(created)} file(s) created from the template")
    if conflicts:
        print(
            f"{len(conflicts)} file(s) this repository already had differ from the template; "
            "both versions are kept between conflict markers for you to review:"
        )
        for path in conflicts:
            print(f"  {path}")
        print("Resolve them, then `git add -A`, run `mlrepo check` and commit.")
        return 1
    print("Review with `git status`, run `mlrepo check`, then commit.")
    return 0


def _cmd_container(args: argparse.Namespace) -> int:
    from pathlib import Path

    from mlrepo import container
    from mlrepo.errors import ConfigError

    root = Path.cwd()
    try:
        if args.action == "eject":
            written = container.eject(root, args.force)
            print(
                "wrote " + " and ".join(p.name for p in written) + ": they are yours now; "
                "`mlrepo check` reports when [tool.mlrepo.container] changes after this"
            )
            return 0
        source, dockerfile, ignore, warnings = container.choose(root, args.dockerfile)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    for warning in warnings:
        print(warning, file=sys.stderr)
    if args.action == "show":
        print(f"# Source: {source}\n# ---- Dockerfile ----\n{dockerfile}# ---- .dockerignore ----")
        print(ignore, end="")
        return 0
    return _build(root, args, source, dockerfile, ignore)


def _build(root: Path, args: argparse.Namespace, source: str, dockerfile: str, ignore: str) -> int:
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    from mlrepo import container
    from mlrepo.errors import ConfigError

    engines = [args.engine] if args.engine else ["podman", "buildah", "docker"]
    engine = next((e for e in engines if shutil.which(e)), None)
    if engine is None:
        raise UsageError(
            f"no container engine found ({', '.join(engines)}): install one, or "
            "`mlrepo container eject` and build the Dockerfile elsewhere"
        )
    tag = args.tag or f"{root.name.lower()}:latest"
    print(f"Building {tag} with {engine} from {source}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="mlrepo-build-") as scratch:
        file, ignorefile = Path(scratch) / "Dockerfile", Path(scratch) / "Dockerfile.dockerignore"
        file.write_text(dockerfile)
        ignorefile.write_text(ignore)
        extra = args.extra[1:] if args.extra[:1] == ["--"] else args.extra  # REMAINDER keeps "--"
        if args.ca_cert is not None and not args.ca_cert.is_file():
            raise UsageError(f"{args.ca_cert}: no such CA certificate file")
        try:
            command = container.build_command(engine, file, ignorefile, tag, extra, args.ca_cert)
        except ConfigError as exc:
            raise UsageError(str(exc)) from None
        return subprocess.run(command, cwd=root, check=False).returncode


def _names(values: list[str]) -> list[str]:
    return [name for value in values for name in value.split(",") if name]


def _data_option(parser, help: str | None = None) -> None:
    """--data KEY=VALUE, repeatable: template answers for new, update and adopt."""
    parser.add_argument("--data", "-d", action="append", default=[], metavar="KEY=VALUE", help=help)


def _add_new(commands) -> None:
    from pathlib import Path

    new = commands.add_parser(
        "new",
        help="generate a new ML repository from the template",
        description="Generate a new ML repository. Prompts for answers on a terminal "
        "unless --defaults is given; --data answers a question without asking.",
    )
    new.add_argument("dest", type=Path, metavar="DEST", help="directory to create (must not exist)")
    _data_option(new, "answer a question, e.g. --data maturity_level=2 (repeatable)")
    new.add_argument(
        "--defaults", action="store_true", help="use the default for every unanswered question"
    )
    new.set_defaults(handler=_cmd_new)


def _add_check(commands) -> None:
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
    check.set_defaults(handler=_cmd_check)


def _add_gate(commands) -> None:
    from pathlib import Path

    gate = commands.add_parser(
        "gate",
        help="compare a metrics report with a lifecycle stage's thresholds",
        description="Compare a metrics report with the thresholds of a stage in "
        "governance/stage_gates.yaml. Exit 0: every threshold met; 1: one is not; 2: bad input.",
    )
    gate.add_argument("--metrics", type=Path, required=True, help="e.g. artifacts/metrics.json")
    gate.add_argument("--stage", help="default: the stage declared in docs/model_card.md")
    gate.add_argument("--gates", default="governance/stage_gates.yaml", help="%(default)s")
    gate.set_defaults(handler=_cmd_gate)


def _add_update(commands) -> None:
    from pathlib import Path

    upd = commands.add_parser(
        "update",
        help="bring this repository up to a newer template version (3-way merge)",
        description="Update from the template with copier's 3-way merge. Refuses a dirty tree. "
        "Exit 0: updated; 1: conflicts to resolve (or, with --check, outdated); 2: refused.",
    )
    upd.add_argument("path", type=Path, nargs="?", default=Path(), help="default: .")
    upd.add_argument("--to", metavar="REF", help="template version tag (default: the newest)")
    _data_option(upd, "change an answer, e.g. --data maturity_level=2 (repeatable)")
    upd.add_argument(
        "--check",
        action="store_true",
        help="only report whether the template has a newer version (exit 1 if so)",
    )
    upd.set_defaults(handler=_cmd_update)


def _add_adopt(commands) -> None:
    from pathlib import Path

    adopt = commands.add_parser(
        "adopt",
        help="bring a repository that was not generated under the template",
        description="Create the template's missing files and merge the ones this repository "
        "already has (differences become inline conflicts to review). Exit 1 if any.",
    )
    adopt.add_argument("path", type=Path, nargs="?", default=Path(), help="default: .")
    _data_option(adopt)
    adopt.set_defaults(handler=_cmd_adopt)


def _add_container(commands) -> None:
    from pathlib import Path

    box = commands.add_parser(
        "container",
        help="show, build or eject the container image's Dockerfile",
        description="Precedence: --dockerfile PATH > ./Dockerfile or ./Containerfile > "
        "[tool.mlrepo.container] in pyproject.toml > built-in defaults.",
    )
    actions = box.add_subparsers(
        dest="action",
        metavar="ACTION",
        required=True,
        prog="mlrepo container",
        parser_class=_Parser,
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
    box.set_defaults(handler=_cmd_container)


_COMMANDS = {
    "new": _add_new,
    "check": _add_check,
    "gate": _add_gate,
    "update": _add_update,
    "adopt": _add_adopt,
    "container": _add_container,
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser. Given the command about to run, only that command's subparser is built:
    argparse spends ~0.4 ms per parser (gettext looks for translations), on every hook run."""
    parser = _Parser(
        prog="mlrepo",
        description="Start, govern and keep current standardized ML repositories.",
    )
    parser.add_argument("--version", action="version", version=f"mlrepo {__version__}")
    # prog= spares argparse a help formatter (and its shutil import) on every run.
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, prog="mlrepo", parser_class=_Parser
    )
    for name, add in _COMMANDS.items():
        if command not in _COMMANDS or command == name:
            add(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except UsageError as exc:
        print(f"mlrepo: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("mlrepo: interrupted", file=sys.stderr)
        return 130
