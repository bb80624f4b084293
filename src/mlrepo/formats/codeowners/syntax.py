"""CODEOWNERS with GitHub's semantics, fast enough for monorepos.

GitHub reads the first of .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS; the last matching
pattern wins; a pattern with no owners leaves paths unowned; `!`, `[ ]` and an escaped `\\#`
are not supported and such lines are skipped.

This module reads the file and turns patterns into regular expressions; `matcher` looks up
owners one path at a time, `batch` decides a whole repository at once.
"""

from __future__ import annotations

import re
from collections import namedtuple
from functools import lru_cache
from itertools import filterfalse

LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
SIZE_LIMIT = 3 * 1024 * 1024  # GitHub ignores a larger file entirely

_USER = r"@[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}"
_OWNER = re.compile(_USER + r"(?:/[A-Za-z0-9_.-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+")


Entry = namedtuple("Entry", "line pattern owners")  # owners: tuple of str, maybe empty
Problem = namedtuple("Problem", "line message")


def _problem_with_pattern(pattern: str) -> str | None:
    if pattern.startswith("\\#"):
        return "escaping '#' with '\\#' is not supported by GitHub"
    if pattern.startswith("!"):
        return "negation ('!') is not supported by GitHub"
    if "[" in pattern or "]" in pattern:
        return "character ranges ('[ ]') are not supported by GitHub"
    if pattern == "/":
        return "the pattern '/' never matches anything; use '*'"
    return None


def parse(text: str) -> tuple[list[Entry], list[Problem]]:
    """Entries GitHub would use, and the lines it would skip (with the reason)."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        tokens = raw.split()
        if not tokens or tokens[0].startswith("#"):
            continue
        pattern, rest = tokens[0], tokens[1:]
        owners: list[str] = []
        for token in rest:
            if token.startswith("#"):
                break  # an inline comment
            owners.append(token)
        reason = _problem_with_pattern(pattern)
        bad_owner = next(filterfalse(_OWNER.fullmatch, owners), None)
        if reason is None and bad_owner is not None:
            reason = f"invalid owner {bad_owner!r}: use @user, @org/team or an email address"
        if reason:
            problems.append(Problem(number, f"{reason} (GitHub skips this line)"))
            continue
        entries.append(Entry(number, pattern, tuple(owners)))
    return entries, problems


def is_name(segment: str) -> bool:
    """A pattern segment naming one file or directory: no wildcard, no '/'."""
    return bool(segment) and "/" not in segment and "*" not in segment and "?" not in segment


def pattern_regex(pattern: str, not_slash: str = "[^/]") -> str:
    """A regular expression (for fullmatch) of the paths `pattern` covers.

    Compile it with re.DOTALL for single paths; for a text of newline-separated paths, pass
    not_slash="[^/\\n]" and compile without it, so no match runs across lines.
    """
    dir_only = pattern.endswith("/")
    body = pattern.strip("/")
    anchored = "/" in pattern.rstrip("/")
    children_only = body.endswith("/*") or (body == "*" and anchored)
    out: list[str] = []
    i = 0
    while i < len(body):
        if body.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif body.startswith("/**", i) and i + 3 == len(body):
            out.append("/.*")
            i += 3
        elif body.startswith("**", i):
            out.append(".*")
            i += 2
        elif body[i] == "*":
            out.append(not_slash + "*")
            i += 1
        elif body[i] == "?":
            out.append(not_slash)
            i += 1
        else:
            out.append(re.escape(body[i]))
            i += 1
    prefix = "" if anchored else "(?:.*/)?"
    if dir_only:
        suffix = "/.+"
    elif children_only:
        suffix = ""
    else:
        suffix = "(?:/.*)?"
    return prefix + "".join(out) + suffix


@lru_cache(maxsize=4096)
def fullmatcher(pattern: str):
    """`pattern`'s test of one path, compiled when first asked for: a lookup that stops at a
    late line never compiles the thousand above it."""
    return re.compile(pattern_regex(pattern), re.DOTALL).fullmatch
