"""Standard output that fails in one line: a full disk or a closed descriptor is an
OutputError (exit 2), a closed pipe stays a BrokenPipeError (exit 141, quietly), a character
the terminal's encoding lacks is escaped, and no stdout at all (`>&-`) discards the output."""

from __future__ import annotations

import contextlib
import os
import sys

from mlrepo.errors import MlrepoError


class OutputError(MlrepoError):
    """Standard output cannot take what mlrepo prints."""


class GuardedStdout:
    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        if self._stream is None:
            return len(text)
        try:
            try:
                return int(self._stream.write(text))
            except UnicodeEncodeError:
                encoding = getattr(self._stream, "encoding", None) or "utf-8"
                safe = text.encode(encoding, "backslashreplace").decode(encoding)
                return int(self._stream.write(safe))
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            raise _failed(exc) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            raise _failed(exc) from None

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def _failed(exc: Exception) -> OutputError:
    silence()
    reason = getattr(exc, "strerror", None) or str(exc)
    return OutputError(f"standard output: {reason}")


def silence() -> None:
    """Point descriptor 1 at /dev/null, so the interpreter's last flush at exit stays quiet."""
    with contextlib.suppress(OSError):  # what is still buffered then goes nowhere, quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)


def install() -> None:
    if not isinstance(sys.stdout, GuardedStdout):
        sys.stdout = GuardedStdout(sys.stdout)
