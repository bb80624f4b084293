"""The one family of errors a user can fix, and the exit codes `mlrepo` ends with.

Raise an `MlrepoError` (or a subclass) anywhere; `mlrepo.cli.main` is the only place that turns
it into one line on stderr and exit code 2. Any other exception is a bug in mlrepo: exit 3.
"""

from __future__ import annotations

EXIT_OK = 0  # clean: no findings, no conflicts, every threshold met
EXIT_FINDINGS = 1  # findings, conflicts or kept files to review, an unmet threshold, outdated
EXIT_USAGE = 2  # refused before doing anything: bad flags, configuration or input
EXIT_BUG = 3  # an error in mlrepo itself
EXIT_INTERRUPTED = 130  # Ctrl-C
EXIT_BROKEN_PIPE = 141  # stdout closed early (`| head`), as a process ended by SIGPIPE


class MlrepoError(Exception):
    """Something the user can fix, said as `where:line: message` (where: a file, an option)."""

    def __init__(self, message: str, *, where: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message, self.where, self.line = message, where, line

    def __str__(self) -> str:
        if self.where is None:
            return self.message
        place = f"{self.where}:{self.line}" if self.line else self.where
        return f"{place}: {self.message}"


class ConfigError(MlrepoError):
    """Unusable input in a file: a rule pack, [tool.mlrepo], a governance file, a metrics report."""

    def __init__(self, path: str, message: str, line: int | None = None):
        super().__init__(message, where=path, line=line)

    @property
    def path(self) -> str:
        return self.where or ""


class MalformedFile(ConfigError):
    """A file of the repository being checked cannot be read or parsed: `check` reports it as a
    finding (REPO005) and goes on with the other rules; only mlrepo's own configuration stops it."""


class UsageError(MlrepoError):
    """Bad command-line input (a flag's value, a missing directory)."""


class AnswerError(MlrepoError):
    """A template answer is unknown or breaks a rule; the message names the question and rule."""


class DestinationError(MlrepoError):
    """DEST cannot receive a new project (it exists and is not empty, or is a file)."""


class InstallError(MlrepoError):
    """This installation of mlrepo is incomplete (no bundled template or policies)."""


class GitError(MlrepoError):
    """git is missing, or a git command that mlrepo needs failed."""
