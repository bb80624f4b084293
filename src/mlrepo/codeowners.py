"""CODEOWNERS with GitHub's semantics, fast enough for monorepos.

GitHub reads the first of .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS; the last matching
pattern wins; a pattern with no owners leaves paths unowned; `!`, `[ ]` and an escaped `\\#`
are not supported and such lines are skipped.

Single lookups try the patterns from last to first. `entries_for`
decides many paths at once: it walks the entries from last to first, each claiming its paths
from the shrinking set of undecided ones with C-level filters; anchored patterns look only at
the sorted range under their literal prefix, the others first at paths holding their longest
literal run.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import namedtuple
from functools import cached_property
from itertools import pairwise

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
        bad_owner = next((o for o in owners if not _OWNER.fullmatch(o)), None)
        if reason is None and bad_owner is not None:
            reason = f"invalid owner {bad_owner!r}: use @user, @org/team or an email address"
        if reason:
            problems.append(Problem(number, f"{reason} (GitHub skips this line)"))
            continue
        entries.append(Entry(number, pattern, tuple(owners)))
    return entries, problems


def pattern_regex(pattern: str) -> str:
    """A regular expression (for fullmatch) of the paths `pattern` covers."""
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
            out.append("[^/]*")
            i += 1
        elif body[i] == "?":
            out.append("[^/]")
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


class Matcher:
    """Owner lookup for many paths against one CODEOWNERS file."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries

    @cached_property
    def _tests(self) -> list:
        return [re.compile(pattern_regex(e.pattern), re.DOTALL).fullmatch for e in self.entries]

    def entry_for(self, path: str) -> Entry | None:
        """The entry that decides `path`'s owners (possibly one with no owners), or None."""
        for entry, test in zip(reversed(self.entries), reversed(self._tests), strict=True):
            if test(path):
                return entry
        return None

    def owners_of(self, path: str) -> tuple[str, ...]:
        entry = self.entry_for(path)
        return entry.owners if entry else ()

    def entries_for(self, paths: list[str]) -> dict[str, Entry | None]:
        """The deciding entry of every path (None: no pattern matches it)."""
        ordered = paths if _strictly_sorted(paths) else sorted(set(paths))  # git's order is sorted
        undecided = set(ordered)
        decided: dict[str, Entry | None] = {}
        for entry in reversed(self.entries):
            if not undecided:
                break
            literal = _literal_prefix(entry.pattern)
            if literal and literal == entry.pattern.strip("/"):
                # No wildcard: exactly the path itself and everything below it, a sorted range.
                claimed = undecided.intersection(_below(ordered, literal))
                if not entry.pattern.endswith("/") and literal in undecided:
                    claimed.add(literal)
                undecided -= claimed
                decided.update(dict.fromkeys(claimed, entry))
                continue
            if literal:
                low = bisect_left(ordered, literal)
                high = bisect_left(ordered, literal + "\U0010ffff", low)
                candidates = filter(undecided.__contains__, ordered[low:high])
            elif required := _required_literal(entry.pattern):
                candidates = filter(re.compile(re.escape(required)).search, undecided)
            else:
                candidates = undecided
            fullmatch = re.compile(pattern_regex(entry.pattern), re.DOTALL).fullmatch
            claimed = set(filter(fullmatch, candidates))
            undecided -= claimed
            decided.update(dict.fromkeys(claimed, entry))
        decided.update(dict.fromkeys(undecided))
        return decided


def _strictly_sorted(paths: list[str]) -> bool:
    return all(a < b for a, b in pairwise(paths))


def _below(ordered: list[str], directory: str) -> list[str]:
    """The paths under `directory` ("a/b" -> "a/b/..."), found by bisection."""
    low = bisect_left(ordered, directory + "/")
    return ordered[low : bisect_left(ordered, directory + "0", low)]  # "0" follows "/"


def _required_literal(pattern: str) -> str:
    """The longest wildcard-free run of `pattern` that every matching path contains.

    Runs never span a '/': '**/' may match nothing, so '**/src' guarantees 'src', not '/src'.
    """
    runs = re.split(r"\*+|\?|/", pattern)
    return max(runs, key=len)


def _literal_prefix(pattern: str) -> str | None:
    """For an anchored pattern, the literal text every matching path starts with."""
    if "/" not in pattern.rstrip("/"):
        return None
    body = pattern.strip("/")
    cut = min((body.find(c) for c in "*?" if c in body), default=len(body))
    return body[:cut]
