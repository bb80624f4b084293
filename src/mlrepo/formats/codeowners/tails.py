"""One pass over a text of paths for many `**/name/tail` CODEOWNERS patterns at once.

Part of the whole-repository lookup (codeowners_batch), which otherwise makes a pass over
the text for each pattern it tries.
"""

from __future__ import annotations

import re

from mlrepo.formats.codeowners.syntax import is_name, segment_regex


class Tails:
    """Every `**/name/tail` pattern of a file (a tail without '/', '**' or alone '*'), looked
    for in one pass over the text, instead of a pass each. The first few tried are looked for
    alone: a file with few, or a lookup that ends soon, never pays for the pass over all.

    A file matches one where its parent directory is `name`, so a regex with a group per
    pattern, highest first, finds for every line the highest that matches it there. A
    directory matching a tail (`x/name/a.py/b`) would match elsewhere in its lines: when
    there is one, each pattern is looked for alone.
    """

    ALONE = 4

    def __init__(self, patterns: list[str]):  # highest first: in the order they are tried
        self._patterns = patterns
        self._found: dict[str, list[str]] | None = None
        self._asked = 0

    def find(self, text: str, pattern: str) -> list[str] | None:
        """The lines of `text` that `pattern` decides, or None: look for it alone."""
        if name_and_tail(pattern) is None:
            return None
        self._asked += 1
        if self._asked <= self.ALONE:
            return None
        if self._asked == self.ALONE + 1:
            self._found = self._search(text)
        return None if self._found is None else self._found.get(pattern, [])

    def _search(self, text: str) -> dict[str, list[str]] | None:
        groups: dict[str, str] = {}  # group name -> pattern
        tails: dict[str, list[str]] = {}  # name -> a group per tail
        for pattern in dict.fromkeys(self._patterns):
            if (shape := name_and_tail(pattern)) is not None:
                name, tail = shape
                tails.setdefault(name, []).append(f"(?P<t{len(groups)}>{tail})")
                groups[f"t{len(groups)}"] = pattern
        found: dict[str, list[str]] = {}
        for match in re.finditer("/" + trie(tails) + "(?=[/\n])", text):
            end = match.end()
            if text[end] == "/":  # a directory matches a tail
                return None
            line = text[text.rfind("\n", 0, match.start()) + 2 : end]
            group = match.lastgroup
            assert group is not None  # every alternative is a named group
            found.setdefault(groups[group], []).append(line)
        return found


def name_and_tail(pattern: str) -> tuple[str, str] | None:
    """`**/name/tail`'s name and its tail's regex (for a text of paths), if it has that shape."""
    if not pattern.startswith("**/") or pattern.endswith("/"):
        return None
    name, _, tail = pattern[3:].partition("/")
    if not is_name(name) or not tail or "/" in tail or "**" in tail or tail == "*" or "\\" in tail:
        return None
    return name, segment_regex(tail, not_slash="[^/\n]")


def trie(branches: dict[str, list[str]]) -> str:
    """A regex for any name of `branches`, then '/', then one of its alternatives, with the
    names written as a trie: the engine compares a character of the text once, not once per
    name."""
    trie: dict = {}
    for name, alternatives in branches.items():
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = "/(?:" + "|".join(alternatives) + ")"  # no name holds '/': no clash

    def written(node: dict) -> str:
        options = [
            rest if char == "" else re.escape(char) + written(rest) for char, rest in node.items()
        ]
        return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"

    return written(trie) if trie else "(?!)"
