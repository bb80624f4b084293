"""What every verb's parser shares: a formatter sized without shutil, and the shared options."""

from __future__ import annotations

import argparse
import os

from mlrepo.errors import UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Formatter(argparse.HelpFormatter):
    """argparse's formatter, sized without shutil (argparse builds one per add_argument, and
    importing shutil for the terminal width costs a hook 2-3 ms on every commit)."""

    def __init__(self, prog: str):
        try:
            width = int(os.environ.get("COLUMNS", "0")) or os.get_terminal_size().columns
        except (OSError, ValueError):
            width = 80
        super().__init__(prog, width=max(width - 2, 40))


class Parser(argparse.ArgumentParser):
    """Every mlrepo (sub)command's parser, sized by Formatter."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)


def parse_data(pairs: list[str]) -> dict[str, str]:
    """--data KEY=VALUE pairs as a dict; the last of a repeated key wins."""
    data: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--data expects KEY=VALUE, got {pair!r}")
        data[key.strip()] = value
    return data


def data_option(parser: argparse.ArgumentParser, help: str | None = None) -> None:
    """--data KEY=VALUE, repeatable: template answers for new, update and adopt."""
    parser.add_argument("--data", "-d", action="append", default=[], metavar="KEY=VALUE", help=help)


def names(values: list[str]) -> list[str]:
    """Comma-separated, repeatable rule selectors as one list."""
    return [name for value in values for name in value.split(",") if name]
