"""CODEOWNERS semantics, built from GitHub's documented examples (about-code-owners)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlrepo.codeowners import Matcher, parse

GITHUB_EXAMPLE = """\
# These owners will be the default owners for everything in the repo.
*       @global-owner1 @global-owner2
# Order is important; the last matching pattern takes the most precedence.
*.js    @js-owner #This is an inline comment.
*.go docs@example.com
*.txt @octo-org/octocats
/build/logs/ @doctocat
docs/*  docs@example.com
apps/ @octocat
/docs/ @doctocat
/scripts/ @doctocat @octocat
**/logs @octocat
/apps/ @octocat
/apps/github
/content/ @octocat
/content/github/ @doctocat
"""


def owners(text: str, path: str) -> tuple[str, ...]:
    entries, _ = parse(text)
    return Matcher(entries).owners_of(path)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("README.md", ("@global-owner1", "@global-owner2")),
        ("src/app.js", ("@js-owner",)),  # the inline comment is not an owner
        ("main.go", ("docs@example.com",)),
        ("notes/todo.txt", ("@octo-org/octocats",)),
        ("build/logs/today.log", ("@octocat",)),  # **/logs comes later than /build/logs/
        ("docs/getting-started.md", ("@doctocat",)),  # /docs/ comes later than docs/*
        ("x/logs/a", ("@octocat",)),
        ("scripts/run.sh", ("@doctocat", "@octocat")),
        ("deep/logs/x", ("@octocat",)),
        ("apps/web/index.html", ("@octocat",)),
        ("apps/github/x.py", ()),  # a pattern without owners leaves the path unowned
        ("content/intro.md", ("@octocat",)),
        ("content/github/a.md", ("@doctocat",)),
    ],
)
def test_githubs_documented_example(path, expected):
    assert owners(GITHUB_EXAMPLE, path) == expected


def test_last_match_wins():
    text = "*.py @a\n/src/ @b\n"
    assert owners(text, "src/x.py") == ("@b",)
    assert owners("/src/ @b\n*.py @a\n", "src/x.py") == ("@a",)


def test_docs_star_matches_direct_children_only_but_docs_slash_matches_all_depths():
    assert owners("docs/* @a\n", "docs/a.md") == ("@a",)
    assert owners("docs/* @a\n", "docs/build-app/troubleshooting.md") == ()
    assert owners("docs/ @a\n", "docs/build-app/troubleshooting.md") == ("@a",)
    assert owners("docs/ @a\n", "nested/docs/a.md") == ("@a",)


def test_leading_slash_anchors_to_the_root():
    assert owners("/build/logs/ @a\n", "build/logs/x") == ("@a",)
    assert owners("/build/logs/ @a\n", "src/build/logs/x") == ()
    assert owners("foo/bar @a\n", "x/foo/bar") == ()  # a middle slash anchors too


def test_double_star():
    assert owners("**/logs @a\n", "logs/x") == ("@a",)
    assert owners("**/logs @a\n", "a/b/logs/x") == ("@a",)
    assert owners("a/**/b @x\n", "a/b") == ("@x",)
    assert owners("a/**/b @x\n", "a/x/y/b") == ("@x",)


def test_paths_are_case_sensitive():
    assert owners("/Docs/ @a\n", "docs/x") == ()


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("!docs/ @a", "negation"),
        ("docs/[ab].md @a", "character ranges"),
        ("\\#notes @a", "escaping '#'"),
        ("*.py not-an-owner", "invalid owner"),
        ("/ @a", "never matches"),
    ],
)
def test_unsupported_syntax_is_reported_with_its_line(line, reason):
    entries, problems = parse(f"* @ok\n\n{line}\n")
    assert [p.line for p in problems] == [3]
    assert reason in problems[0].message
    assert [e.pattern for e in entries] == ["*"]  # GitHub skips the line


def test_owner_formats():
    entries, problems = parse("* @user @org/team-1 jane@example.com\n")
    assert problems == []
    assert entries[0].owners == ("@user", "@org/team-1", "jane@example.com")


SEGMENT = st.sampled_from(["src", "docs", "a", "b", "logs", "x.py", "y.js", "*", "**", "*.py"])
PATTERN = (
    st.lists(SEGMENT, min_size=1, max_size=4)
    .map("/".join)
    .flatmap(lambda p: st.sampled_from([p, "/" + p, p + "/", "/" + p + "/"]))
)
PATH = st.lists(
    st.sampled_from(["src", "docs", "a", "b", "logs", "x.py", "y.js"]), min_size=1, max_size=5
).map("/".join)


@given(st.lists(PATTERN, min_size=1, max_size=12), st.lists(PATH, min_size=1, max_size=30))
def test_batch_lookup_agrees_with_single_lookup(patterns, paths):
    entries, _ = parse("".join(f"{p} @o{i}\n" for i, p in enumerate(patterns)))
    matcher = Matcher(entries)
    batch = matcher.entries_for(paths)
    for path in paths:
        assert batch[path] == matcher.entry_for(path)


@given(st.text(max_size=400))
def test_any_text_parses_without_crashing(text):
    entries, problems = parse(text)
    assert all(p.line >= 1 for p in problems)
    Matcher(entries).entries_for(["a/b.py", "README.md"])
