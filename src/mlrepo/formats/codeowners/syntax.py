"""CODEOWNERS with GitHub's semantics, fast enough for monorepos.

GitHub reads the first of .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS; the last matching
pattern wins; a pattern with no owners leaves paths unowned; `!`, `[ ]` and an escaped `\\#`
are not supported and such lines are skipped. `\\x` is the character x (`\\ `, `\\*`, `\\[`).

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
    if _UNESCAPED_BRACKET.search(pattern):
        return "character ranges ('[ ]') are not supported by GitHub; escape them: '\\[ \\]'"
    if pattern == "/":
        return "the pattern '/' never matches anything; use '*'"
    return None


_UNESCAPED_BRACKET = re.compile(r"(?<!\\)(?:\\\\)*[\[\]]")
# A field runs to the next blank that is not escaped: `/Path\ With\ Space.cs @x` is one pattern.
_FIELD = re.compile(r"(?:\\[ \t]|[^ \t\r\f\v])+")


def parse(text: str) -> tuple[list[Entry], list[Problem]]:
    """Entries GitHub would use, and the lines it would skip (with the reason)."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    for number, raw in enumerate(text.split("\n"), start=1):  # GitHub splits on '\n' only
        tokens = _FIELD.findall(raw)
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
    """A pattern segment naming one file or directory: no wildcard, escape or '/'."""
    return bool(segment) and not any(c in segment for c in "/*?\\")


_TOKEN = re.compile(r"\\(.)|(\*+)|(\?)|(.)", re.DOTALL)


def segment_regex(segment: str, not_slash: str = "[^/]") -> str:
    """The regex of one segment's glob, built so that matching cannot backtrack
    polynomially (`a*a*a*a*a*a*a*c` on a long name of `a`s must not hang a hook).

    Stars cut the glob into fixed-length pieces. Each piece but the last is taken at its
    earliest place and kept there (an atomic group): that decides a glob exactly, since a
    later place never leaves the pieces after it more room. In a segment `**` is `*`
    (gitignore(5)), and `\\x` is the character x.
    """
    pieces = [""]
    for escaped, stars, question, char in _TOKEN.findall(segment):
        if stars:
            pieces.append("")
        else:
            pieces[-1] += not_slash if question else re.escape(escaped or char)
    if len(pieces) == 1:
        return pieces[0]
    middle = "".join(f"(?>{not_slash}*?{piece})" for piece in pieces[1:-1])
    return f"{pieces[0]}{middle}{not_slash}*{pieces[-1]}"


def _body_regex(body: str, not_slash: str) -> str:
    """The regex of a pattern's segments. A whole `**` segment spans any directories; each
    `**/` but the last takes the segments up to the next one at their earliest fit and
    keeps it (as pieces do in a segment), so many of them still cost little."""
    segments: list[str] = []
    for segment in body.split("/"):
        if not (segment == "**" and segments and segments[-1] == "**"):
            segments.append(segment)  # `**/**` is `**`
    out: list[str] = []
    index = 0
    while index < len(segments):
        segment = segments[index]
        if segment != "**":
            out.append(segment_regex(segment, not_slash))
            index += 1
            if index < len(segments):
                out.append("/")
            continue
        if index == len(segments) - 1:  # a trailing `/**`: anything below
            out.append(".*")
            break
        following = segments.index("**", index + 1) if "**" in segments[index + 1 :] else None
        if following is None:
            out.append("(?:.*/)?")
            index += 1
            continue
        fixed = "/".join(segment_regex(s, not_slash) for s in segments[index + 1 : following])
        out.append(f"(?>(?:.*?/)??{fixed}/)")
        index = following
    return "".join(out)


def pattern_regex(pattern: str, not_slash: str = "[^/]", inside: bool = True) -> str:
    """A regular expression (for fullmatch) of the paths `pattern` covers.

    Compile it with re.DOTALL for single paths; for a text of newline-separated paths, pass
    not_slash="[^/\\n]" and compile without it, so no match runs across lines. With
    inside=False, as in .gitattributes, a pattern covers the paths it names and not the files
    inside a folder it names (`models/` then covers no file at all).
    """
    dir_only = pattern.endswith("/") and not pattern.endswith("\\/")
    body = pattern[:-1] if dir_only else pattern
    body = body[1:] if body.startswith("/") else body
    anchored = "/" in body or pattern.startswith("/")
    children_only = (body.endswith("/*") and not body.endswith("\\/*")) or (
        body == "*" and anchored
    )
    prefix = "" if anchored else "(?:.*/)?"
    if not inside:
        return "(?!)" if dir_only else prefix + _body_regex(body, not_slash)
    if dir_only:
        suffix = "/.+"
    elif children_only:
        suffix = ""
    else:
        suffix = "(?:/.*)?"
    return prefix + _body_regex(body, not_slash) + suffix


@lru_cache(maxsize=4096)
def fullmatcher(pattern: str):
    """`pattern`'s test of one path, compiled when first asked for: a lookup that stops at a
    late line never compiles the thousand above it."""
    return re.compile(pattern_regex(pattern), re.DOTALL).fullmatch
