"""The one error type the command line turns into `file:line: message` and exit code 2."""

from __future__ import annotations


class ConfigError(Exception):
    """Unusable input: a rule pack, [tool.mlrepo], a governance file, CLI arguments."""

    def __init__(self, path: str, message: str, line: int | None = None):
        super().__init__(message)
        self.path, self.line, self.message = path, line, message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"
