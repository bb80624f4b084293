"""The `mlrepo` command: one module per verb group, each only parsing and printing.

`main()` is the one boundary where errors become exit codes: an `MlrepoError` is one line and
exit 2, Ctrl-C 130, a closed stdout 141, anything else is a bug in mlrepo (exit 3, one line
saying where; MLREPO_DEBUG=1 shows the traceback). Each verb module is imported only when its
verb runs, and each imports its heavy libraries itself, so a hook's start-up stays lean.
"""

from __future__ import annotations

import importlib
import os
import sys

from mlrepo import __version__
from mlrepo.cli import output
from mlrepo.cli.options import Parser
from mlrepo.errors import (
    EXIT_BROKEN_PIPE,
    EXIT_BUG,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    MlrepoError,
)
from mlrepo.formats.text import printable

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

# verb -> (module in mlrepo.cli, its parser builder, its handler)
VERBS = {
    "new": ("new", "add_parser", "run"),
    "check": ("check", "add_parser", "run"),
    "gate": ("gate", "add_parser", "run"),
    "update": ("update", "add_update_parser", "run_update"),
    "adopt": ("update", "add_adopt_parser", "run_adopt"),
    "container": ("container", "add_parser", "run"),
    "status": ("status", "add_parser", "run"),
    "fleet": ("fleet", "add_parser", "run"),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser. Given the command about to run, only that command's subparser is built:
    argparse spends ~0.4 ms per parser (gettext looks for translations), on every hook run."""
    parser = Parser(
        prog="mlrepo",
        description="Start, govern and keep current standardized ML repositories.",
    )
    parser.add_argument("--version", action="version", version=f"mlrepo {__version__}")
    # prog= spares argparse a help formatter (and its shutil import) on every run.
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, prog="mlrepo", parser_class=Parser
    )
    for verb, (module_name, add, handler) in VERBS.items():
        if command not in VERBS or command == verb:
            module = importlib.import_module(f"mlrepo.cli.{module_name}")
            getattr(module, add)(commands)
            commands.choices[verb].set_defaults(handler=getattr(module, handler))
    return parser


def _one_line(text: str) -> str:
    """`text` with control characters escaped, so a hostile name cannot forge output lines."""
    return printable(text)


def _where_in_mlrepo(exc: BaseException) -> str:
    """The innermost frame of mlrepo's own code in the traceback, as 'mlrepo/x.py:N'."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    place = "?"
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(package):
            place = f"{os.path.relpath(filename, os.path.dirname(package))}:{tb.tb_lineno}"
        tb = tb.tb_next
    return place


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    output.install()
    try:
        args = build_parser(argv[0] if argv else None).parse_args(argv)
        code: int = args.handler(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the boundary
        return code
    except MlrepoError as exc:
        print(f"mlrepo: error: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("mlrepo: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # Nobody reads stdout any more: point it at /dev/null so the exit flush stays quiet.
        output.silence()
        return EXIT_BROKEN_PIPE
    except Exception as exc:
        if os.environ.get("MLREPO_DEBUG"):
            raise
        print(
            f"mlrepo: internal error: {type(exc).__name__}: {_one_line(str(exc))[:300]} "
            f"(at {_where_in_mlrepo(exc)}); this is a bug in mlrepo: rerun with MLREPO_DEBUG=1 "
            "for the traceback and report it",
            file=sys.stderr,
        )
        return EXIT_BUG


def entry() -> None:
    """The `mlrepo` program (and `python -m mlrepo`): main(), then exit with its code.

    After an interrupt the exit is immediate, once the output is flushed: the door has rolled
    back and removed its scratch by then, and CPython, which remembers a KeyboardInterrupt
    raised while some imports or class bodies ran even after it was handled, would otherwise
    end the process by SIGINT (-2 to its parent) instead of with 130.
    """
    code = main()
    if code == EXIT_INTERRUPTED:
        import contextlib

        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)
    raise SystemExit(code)
