"""CODEOWNERS over a whole repository at once, at monorepo scale.

Entries are tried from last to first and each claims the undecided paths it matches, so a
path ends with the last pattern that matches it, as on GitHub. A pattern that can claim
nothing more is skipped: a repeat, or one inside what tried patterns covered (`**/m/*.py`
after `*.py`).

Finding what a pattern matches never tests every path in Python. The undecided paths are
kept sorted, as a list and as one text with a line per path, rebuilt as claims shrink
them. Each pattern shape has its own way in:

- anchored (`/a/b/`): the bisected range under its literal prefix; with wildcards
  (`/a/*.py`), one regex over the text of that range, and `/a/**/name/` searched in it
  as a name anywhere is;
- a directory or file name anywhere (`src/`, `**/logs`): a C-level search of the text for
  '/name/', then the whole sorted block under each directory found, in one slice;
- a name suffix anywhere (`*.py`): a regex over the reversed text returns whole lines;
- a name then more (`**/m1/*.py`): a regex that starts at '/m1/' returns the matching lines
  (past four `**/name/tail` patterns, one pass finds the lines of all of them);
- anything else: a filter over the undecided paths.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import deque
from itertools import chain, filterfalse, repeat
from operator import itemgetter

from mlrepo.formats.codeowners.syntax import Entry, fullmatcher, is_name, pattern_regex
from mlrepo.formats.codeowners.tails import Tails

TYPE_CHECKING = False  # typing costs milliseconds to import; hooks start this module
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

_REVERSED = itemgetter(slice(None, None, -1))
_consume: Callable[[Iterable[object]], None] = deque[object](maxlen=0).extend  # runs it out
_WILDCARDS = re.compile(r"[*?]")


def decide(entries: list[Entry], paths: list[str]) -> dict[str, Entry | None]:
    """The deciding entry of every path (None: no pattern matches it)."""
    # sorting is linear for git's list, which already is sorted
    view = _Undecided(sorted(paths), Tails([e.pattern for e in reversed(entries)]))
    plan = _plan if "\n" not in "".join(view.lines) else _plan_without_text
    covered = _Covered()
    for entry in reversed(entries):
        if not view.remaining():
            break
        if covered.covers(entry.pattern):
            continue
        covered.add(entry.pattern)
        view.refresh()
        find, argument = plan(entry.pattern)
        view.claim(find(view, argument), entry)
    return view.decisions()


def unmatched(entries: list[Entry], paths: list[str], decided: dict) -> list[Entry]:
    """The entries matching none of `paths`, given `decided` (what `decide` returned)."""
    winners = set(map(id, decided.values()))
    view = _Undecided(sorted(paths))
    plan = _plan if "\n" not in "".join(view.lines) else _plan_without_text
    matches: dict[str, bool] = {}  # by pattern: a repeated pattern is looked for once
    for entry in entries:
        if id(entry) in winners:
            matches[entry.pattern] = True
        elif entry.pattern not in matches:
            find, argument = plan(entry.pattern)
            matches[entry.pattern] = next(iter(find(view, argument)), None) is not None
    return [entry for entry in entries if not matches[entry.pattern]]


class _Undecided:
    """The decisions so far, and the undecided paths in sorted order as a list and as a text
    with one '/path' per line (the leading '/' puts a '/' before every name, the root's too).

    The list and the text are snapshots, rebuilt once half of them is decided; finders
    reading them may return decided paths, which `claim` leaves as they are.
    """

    def __init__(self, ordered: list[str], tails: Tails | None = None):
        self.decided: dict[str, Entry | None] = {}  # undecided while not a key
        self.lines = ordered
        self.tails = tails
        self._count = len(ordered)  # with repeated paths it never reaches 0: no harm
        self._text: str | None = None
        self._reversed: str | None = None

    def remaining(self) -> int:
        return self._count - len(self.decided)

    def claim(self, found: Iterable[str], entry: Entry) -> None:
        """Decide the undecided paths among `found` for `entry`: setdefault skips the others."""
        _consume(map(self.decided.setdefault, found, repeat(entry)))

    def undecided(self, paths: Iterable[str]) -> Iterable[str]:
        return filterfalse(self.decided.__contains__, paths)

    def decisions(self) -> dict[str, Entry | None]:
        self.decided.update(zip(self.undecided(self.lines), repeat(None)))
        return self.decided

    def refresh(self) -> None:
        if self.remaining() * 2 < len(self.lines):  # half the snapshot is decided
            self.lines = list(self.undecided(self.lines))
            self._text = self._reversed = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "\n/" + "\n/".join(self.lines) + "\n"
        return self._text

    @property
    def reversed_text(self) -> str:
        if self._reversed is None:
            self._reversed = self.text[::-1]
        return self._reversed

    def starting(self, prefix: str) -> tuple[int, int]:
        """The index range of the paths starting with `prefix`."""
        low = bisect_left(self.lines, prefix)
        return low, bisect_left(self.lines, prefix + "\U0010ffff", low)

    def below(self, directory: str) -> tuple[int, int]:
        return _below(self.lines, directory)

    def blocks(self, find) -> Iterator[list[str]]:
        return _blocks(self.text, self.lines, find)


def _below(lines: list[str], directory: str, start: int = 0) -> tuple[int, int]:
    """The index range in sorted `lines` of the paths under `directory` ("a/b" -> "a/b/...")."""
    low = bisect_left(lines, directory + "/", start)
    return low, bisect_left(lines, directory + "0", low)  # "0" follows "/"


def _blocks(text: str, lines: list[str], find) -> Iterator[list[str]]:
    """The outermost blocks of sorted `lines` that `find` locates in their `text` (a line per
    path, each after a '/'), one at a time: a caller asking whether there is any stops the
    search at the first.

    `find` (a compiled search) matches up to and including the character after a name:
    '/' makes the block that directory's subtree, a newline makes it the path alone.
    """
    position, high = 0, 0  # the text offset of line `high`, where the search resumes
    while match := find(text, position):
        start, end = match.span()
        line_start = text.rfind("\n", 0, start) + 1  # at the line's leading '/'
        line = bisect_left(lines, text[line_start + 1 : text.index("\n", start)], high)
        if text[end - 1] == "\n":
            high = line + 1
        else:
            high = _below(lines, text[line_start + 1 : end - 1], line)[1]
        block = lines[line:high]
        yield block
        position = line_start + sum(map(len, block)) + 2 * len(block)


class _Covered:
    """What the patterns tried so far decide entirely, to skip patterns that can claim nothing.

    Once `*.py` has been tried, every path with a name ending in '.py' is decided, so
    `**/m1/*.py` (or `*.py` again) need not be looked for. Sound, not complete: it knows
    names, name suffixes and anchored directories, the shapes that cover most files.
    """

    def __init__(self):
        self.everything = False
        self.names: set[str] = set()  # any file or directory so named
        self.directories: set[str] = set()  # any directory so named
        self.suffixes: tuple[str, ...] = ()  # any file or directory name ending so
        self.directory_suffixes: tuple[str, ...] = ()
        self.prefixes: set[str] = set()  # every path starting so ("a/b/")

    def add(self, pattern: str) -> None:
        if "\\" in pattern:
            return  # an escape: the shapes below read pattern text as names
        dir_only = pattern.endswith("/")
        floating = _floating(pattern)
        if floating is None:
            body = pattern.strip("/")
            if pattern.startswith("**/") and pattern.endswith("/**") and body.count("/") == 2:
                floating, dir_only = body[3:-3], True
            elif not _WILDCARDS.search(body):
                self.prefixes.add(body + "/")
                return
            else:
                return
        if floating in ("*", "**") and not dir_only:
            self.everything = True
        elif is_name(floating):
            (self.directories if dir_only else self.names).add(floating)
        elif len(floating) > 1 and floating[0] == "*" and not _WILDCARDS.search(floating[1:]):
            if dir_only:
                self.directory_suffixes += (floating[1:],)
            else:
                self.suffixes += (floating[1:],)

    def covers(self, pattern: str) -> bool:
        if self.everything:
            return True
        if "\\" in pattern:
            return False
        body = pattern.strip("/")
        segments = body.split("/")
        last = len(segments) - 1
        for position, segment in enumerate(segments):
            is_directory = position < last or pattern.endswith("/")
            cut = max(segment.rfind("*"), segment.rfind("?"))
            tail = segment[cut + 1 :]
            if cut < 0 and (
                segment in self.names or (is_directory and segment in self.directories)
            ):
                return True
            if tail and (
                tail.endswith(self.suffixes)
                or (is_directory and tail.endswith(self.directory_suffixes))
            ):
                return True
        if _floating(pattern) is not None or not self.prefixes:
            return False
        # an anchored pattern: every match starts with its literal prefix
        start = _WILDCARDS.split(body, maxsplit=1)[0]
        if start == body and pattern.endswith("/"):
            start += "/"
        return any(start[: i + 1] in self.prefixes for i, c in enumerate(start) if c == "/")


def _plan(pattern: str):
    """The finder for `pattern`'s paths and its argument."""
    if "\\" in pattern:
        return _scanned, pattern  # escaped characters are no names to search the text for
    dir_only = pattern.endswith("/")
    floating = _floating(pattern)
    if floating is not None:
        if is_name(floating):
            return _named, (floating, dir_only)
        if len(floating) > 1 and floating[0] == "*" and not _WILDCARDS.search(floating[1:]):
            return _suffixed, (floating[1:], dir_only)
        return _scanned, pattern
    body = pattern.strip("/")
    if pattern.startswith("**/"):
        name, _, rest = pattern[3:].partition("/")
        if is_name(name):
            if rest == "**":
                return _named, (name, True)
            tail = pattern_regex("/" + pattern[3:], not_slash="[^/\n]")
            return _tailed, (pattern, re.compile("/" + tail + "(?=\n)").finditer)
        return _scanned, pattern
    prefix = _WILDCARDS.split(body, maxsplit=1)[0]
    if prefix == body:
        return _subtree, (body, dir_only)
    rest = body[len(prefix) :]
    name = rest[3:] if prefix.endswith("/") and rest.startswith("**/") else ""
    # `/a/**/name/`, unless the prefix holds '/name/' (a search would find that one first)
    if is_name(name) and f"/{name}/" not in "/" + prefix:
        return _named_under, (prefix, name, dir_only)
    return _anchored, (prefix, pattern)


def _floating(pattern: str) -> str | None:
    """The name glob of a one-segment pattern that matches at any depth (`x`, `x/`, `**/x`)."""
    rest = pattern[3:] if pattern.startswith("**/") else pattern
    return None if "/" in rest.rstrip("/") else rest.rstrip("/")


def _plan_without_text(pattern: str):
    """For paths holding a newline, which the text views cannot carry: ranges or a filter."""
    find, argument = _plan(pattern)
    if find in (_anchored, _named_under):
        return _anchored_by_filter, (argument[0], pattern)
    return (find, argument) if find is _subtree else (_scanned, pattern)


def _subtree(view: _Undecided, argument) -> Iterable[str]:
    """A wildcard-free anchored pattern: the path itself (unless dir-only) and all below it."""
    path, dir_only = argument
    low, high = view.below(path)
    found = view.lines[low:high]
    if not dir_only:
        at = bisect_left(view.lines, path)
        if at < len(view.lines) and view.lines[at] == path:
            found.append(path)
    return found


def _anchored(view: _Undecided, argument) -> Iterable[str]:
    """`/a/*.py`, `/a/b*/c`: its regex over the lines under its literal prefix, as one text."""
    prefix, pattern = argument
    low, high = view.starting(prefix)
    if low == high:
        return ()
    lines = "\n" + "\n".join(view.lines[low:high]) + "\n"
    return re.findall("\n(" + pattern_regex(pattern, not_slash="[^/\n]") + ")(?=\n)", lines)


def _named_under(view: _Undecided, argument) -> Iterable[str]:
    """`/a/**/name/`: a name anywhere under a directory, found as `_named` finds it, in the
    text of the lines under that directory."""
    prefix, name, dir_only = argument
    low, high = view.starting(prefix)
    if low == high:
        return ()
    lines = view.lines[low:high]
    text = "\n/" + "\n/".join(lines) + "\n"
    return chain.from_iterable(_blocks(text, lines, _name_search(name, dir_only)))


def _anchored_by_filter(view: _Undecided, argument) -> Iterable[str]:
    """For paths the text cannot carry: the anchored pattern tested path by path."""
    prefix, pattern = argument
    low, high = view.starting(prefix)
    candidates = list(view.undecided(view.lines[low:high]))
    return filter(fullmatcher(pattern), candidates) if candidates else candidates


def _named(view: _Undecided, argument) -> Iterable[str]:
    """A name anywhere: the subtree of every directory so named, and files so named."""
    return chain.from_iterable(view.blocks(_name_search(*argument)))


def _name_search(name: str, dir_only: bool):
    """Finds '/name/' in a text of paths, or '/name' ending a line too (for `_blocks`)."""
    return re.compile("/" + re.escape(name) + ("/" if dir_only else "[/\n]")).search


def _suffixed(view: _Undecided, argument) -> Iterable[str]:
    """`*suffix` anywhere: files whose name ends so, and the subtrees of directories that do."""
    suffix, dir_only = argument
    found = chain.from_iterable(view.blocks(re.compile(re.escape(suffix) + "/").search))
    if not dir_only:
        # In the reversed text a line is "\n" + reversed path + "/"; the regex starts with
        # the literal, so only lines ending in `suffix` are looked at.
        ends = re.compile("\n(" + re.escape(suffix[::-1]) + "[^\n]*)/").findall
        return chain(found, map(_REVERSED, ends(view.reversed_text)))
    return found


def _tailed(view: _Undecided, argument) -> Iterable[str]:
    """`**/name/rest`: a regex starting at '/name/' matches the rest of the line (or, for
    `**/name/tail`, what the view's one pass for all of them found)."""
    pattern, finditer = argument
    if view.tails is not None and (found := view.tails.find(view.text, pattern)) is not None:
        return found
    text = view.text
    return (text[text.rfind("\n", 0, m.start()) + 2 : m.end()] for m in finditer(text))


def _scanned(view: _Undecided, pattern: str) -> Iterable[str]:
    """Any other pattern: its regex over the undecided paths holding its longest literal."""
    candidates = view.undecided(view.lines)
    if "\\" not in pattern and (literal := max(re.split(r"\*+|\?|/", pattern), key=len)):
        candidates = filter(re.compile(re.escape(literal)).search, candidates)
    return filter(fullmatcher(pattern), candidates)
