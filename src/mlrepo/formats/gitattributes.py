"""The state of a few attributes for a path, as git reads `.gitattributes` — for a tree that is
not a git work tree, where `git check-attr` cannot answer (tests/test_gitattributes.py compares
the two on generated files).

Only the root file is read, as git reads it: lines in order, the last line that names an
attribute for a path deciding it; `name` sets it, `-name` unsets it, `!name` leaves it
unspecified, `name=value` gives a value; a pattern matches the path itself, never the files
inside a folder it names. Left out: `[attr]` macros, nested .gitattributes files and `[...]`
character classes (read literally); git ignores negated patterns itself.
"""

from __future__ import annotations

import re

from mlrepo.formats.codeowners.syntax import pattern_regex

UNSPECIFIED, SET, UNSET = "unspecified", "set", "unset"


def parse(text: str) -> list[tuple[re.Pattern, dict[str, str]]]:
    """(pattern, {attribute: state}) per line that names attributes for paths."""
    rules = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 2 or fields[0].startswith(("#", "!", "[attr]")):
            continue
        states = {}
        for field in fields[1:]:
            name, equals, value = field.partition("=")
            if equals:
                states[name] = value
            elif name.startswith("-"):
                states[name[1:]] = UNSET
            elif name.startswith("!"):
                states[name[1:]] = UNSPECIFIED
            else:
                states[name] = SET
        rules.append((re.compile(pattern_regex(fields[0], inside=False), re.DOTALL), states))
    return rules


def states(rules: list[tuple[re.Pattern, dict[str, str]]], path: str, names: tuple[str, ...]):
    """{attribute: state} of `path` for each of `names`."""
    found = dict.fromkeys(names, UNSPECIFIED)
    for pattern, given in rules:
        if pattern.fullmatch(path):
            found.update((name, state) for name, state in given.items() if name in found)
    return found
