"""CODEOWNERS matching held against references: GitHub's documented examples, the
`codeowners` package, and a plain backtracking translation of the same glob semantics
(what `pattern_regex` built before it was made safe against catastrophic backtracking)."""

from __future__ import annotations

import re
import time

import pytest
from codeowners import CodeOwners
from hypothesis import given, settings
from hypothesis import strategies as st

from mlrepo.formats.codeowners.matcher import Matcher
from mlrepo.formats.codeowners.syntax import fullmatcher, parse


def reference_regex(pattern: str) -> str:
    """gitignore-style globs as GitHub applies them, translated character by character."""
    dir_only = pattern.endswith("/")
    body = pattern[:-1] if dir_only else pattern
    body = body[1:] if body.startswith("/") else body
    anchored = "/" in body or pattern.startswith("/")
    children_only = body.endswith("/*") or (body == "*" and anchored)
    out, i = [], 0
    while i < len(body):
        at_segment_start = i == 0 or body[i - 1] == "/"
        if at_segment_start and body.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif at_segment_start and body.startswith("**", i) and i + 2 == len(body):
            out.append(".*")
            i += 2
        elif body[i] == "\\" and i + 1 < len(body):
            out.append(re.escape(body[i + 1]))
            i += 2
        elif body[i] == "*":
            while i < len(body) and body[i] == "*":
                i += 1
            out.append("[^/]*")
        elif body[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(body[i]))
            i += 1
    suffix = "/.+" if dir_only else "" if children_only else "(?:/.*)?"
    return ("" if anchored else "(?:.*/)?") + "".join(out) + suffix


def reference_match(pattern: str, path: str) -> bool:
    return re.fullmatch(reference_regex(pattern), path, re.DOTALL) is not None


NAMES = ["a", "src", "docs", "x.py", "f*o", "my dir", "b?c", "aab", "src.py", "src-x"]
SEGMENTS = st.sampled_from(
    ["a", "src", "docs", "x.py", "f\\*o", "my\\ dir", "b\\?c", "*", "**", "*.py", "a*b",
     "a**b", "**.py", "?", "s*c", "*a*", "a*a*b", "src*"]
)  # fmt: skip
PATTERNS = (
    st.lists(SEGMENTS, min_size=1, max_size=5)
    .map("/".join)
    .flatmap(lambda p: st.sampled_from([p, "/" + p, p + "/", "/" + p + "/", "**/" + p]))
)
PATHS = st.lists(st.sampled_from(NAMES), min_size=1, max_size=6).map("/".join)


@settings(max_examples=400)
@given(PATTERNS, st.lists(PATHS, min_size=1, max_size=20))
def test_matching_agrees_with_a_plain_backtracking_translation(pattern, paths):
    for path in paths:
        assert bool(fullmatcher(pattern)(path)) == reference_match(pattern, path), (pattern, path)


@settings(max_examples=200)
@given(st.lists(PATTERNS, min_size=1, max_size=8), st.lists(PATHS, min_size=1, max_size=40))
def test_batch_lookup_agrees_with_single_lookup_on_escapes_and_stars(patterns, paths):
    entries, _ = parse("".join(f"{p} @o{i}\n" for i, p in enumerate(patterns)))
    single = {path: Matcher(entries).entry_for(path) for path in paths}
    assert Matcher(entries).entries_for(paths) == single


@settings(max_examples=300)
@given(PATTERNS, st.lists(PATHS.filter(lambda p: " " not in p), min_size=1, max_size=20))
def test_matching_agrees_with_the_codeowners_package(pattern, paths):
    """The package masks spaces, so paths with a space stay out; everything else must agree."""
    package = CodeOwners(f"{pattern} @o\n")
    for path in paths:
        assert bool(fullmatcher(pattern)(path)) == bool(package.of(path)), (pattern, path)


def owners(text: str, path: str) -> tuple[str, ...]:
    entries, problems = parse(text)
    assert problems == []
    return Matcher(entries).owners_of(path)


@pytest.mark.parametrize(
    ("line", "path", "expected"),
    [
        # GitHub: an escaped space is part of the pattern (mszostok/codeowners-validator#71)
        ("/Testing/Path\\ With\\ Space.cs @ian-azyra", "Testing/Path With Space.cs",
         ("@ian-azyra",)),
        ("foo/b\\ ar.py @x", "foo/b ar.py", ("@x",)),
        ("/f\\*o.txt @x", "f*o.txt", ("@x",)),
        ("/f\\*o.txt @x", "fxo.txt", ()),
        ("f\\?o @x", "a/f?o", ("@x",)),
        ("pages/s/\\[org\\]/\\[repo\\]/index.tsx @x", "pages/s/[org]/[repo]/index.tsx", ("@x",)),
        # `**` inside a name is `*`: it stays within one directory
        ("/src/**.py @x", "src/data.py", ("@x",)),
        ("/src/**.py @x", "src/churn_model/data.py", ()),
        # a trailing '/' owns what is below a directory, at any depth
        ("apps/ @x", "deep/apps/main.go", ("@x",)),
        ("apps/ @x", "apps", ()),
        ("/docs/*  @x", "docs/a/b.md", ()),
    ],
)  # fmt: skip
def test_githubs_escapes_stars_and_directories(line, path, expected):
    assert owners(f"{line}\n", path) == expected


def test_an_unescaped_bracket_is_still_refused_but_an_escaped_one_is_read():
    _, problems = parse("lib/*.[ch] @c\nlib/\\[x\\].c @c\n")
    assert [p.line for p in problems] == [1]


def test_lines_are_split_on_newlines_only():
    entries, _ = parse("docs/a\u2028b.md @x\n")
    assert [e.pattern for e in entries] == ["docs/a\u2028b.md"]


@pytest.mark.parametrize(
    "pattern",
    ["a*a*a*a*a*a*a*a*c", "**/a*a*a*a*a*a*a*a*c", "/a*a*a*a*a*a*a*a*/c",
     "**/a/**/a/**/a/**/a/**/a/**/c"],
)  # fmt: skip
def test_c1_a_pathological_pattern_is_decided_in_bounded_time(pattern):
    """reliability.md C1: 7 stars against 120 `a`s ran past 90 s with a backtracking regex."""
    names = ["a" * 1000 + "cx", "/".join(["a"] * 300) + "/cx", "a" * 120 + "cx"]
    entries, _ = parse(f"* @all\n{pattern} @o\n")
    started = time.perf_counter()
    single = [Matcher(entries).owners_of(name) for name in names]
    batch = Matcher(entries).entries_for(names)
    elapsed = time.perf_counter() - started
    assert single == [("@all",)] * 3
    assert all(entry.owners == ("@all",) for entry in batch.values())
    assert elapsed < 1.0, f"{pattern!r} took {elapsed:.2f} s"
