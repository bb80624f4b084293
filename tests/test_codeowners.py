"""CODEOWNERS semantics, built from GitHub's documented examples (about-code-owners)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlrepo.formats.codeowners.batch import unmatched
from mlrepo.formats.codeowners.matcher import Matcher
from mlrepo.formats.codeowners.syntax import fullmatcher, parse

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


# Names chosen so sorted order puts neighbours around every "a/b" boundary: "src.py" and
# "src-x" sort before "src/", "src0" after it.
NAMES = ["src", "docs", "a", "logs", "x.py", "y.js", "src.py", "src-x", "src0", "x.py.bak"]
SEGMENT = st.sampled_from([*NAMES, "*", "**", "*.py", "*.js", "src*", "?.py", "*-x"])
PATTERN = (
    st.lists(SEGMENT, min_size=1, max_size=4)
    .map("/".join)
    .flatmap(lambda p: st.sampled_from([p, "/" + p, p + "/", "/" + p + "/"]))
)
PATH = st.lists(st.sampled_from(NAMES), min_size=1, max_size=5).map("/".join)


def _brute_force(entries, paths):
    return {path: Matcher(entries).entry_for(path) for path in paths}


@given(st.lists(PATTERN, min_size=1, max_size=12), st.lists(PATH, min_size=1, max_size=60))
def test_batch_lookup_agrees_with_single_lookup(patterns, paths):
    entries, _ = parse("".join(f"{p} @o{i}\n" for i, p in enumerate(patterns)))
    assert Matcher(entries).entries_for(paths) == _brute_force(entries, paths)


NEIGHBOURS = [
    "src", "src-x/a", "src.py", "src/a.py", "src/m/a.py", "src/m/n/b.py", "src0/a.py",
    "x/src", "x/src.py", "x/src/a.py", "x/src/m/b.py", "x/src0/a.py", "x/y.py/z.md",
]  # fmt: skip


SHAPES = [
    "/src/", "/src", "src/", "src", "**/src", "**/src/**", "**/src/**/", "**/src/*.py",
    "/x/src/", "x/src/*", "*.py", "*.py/", "/src/**/b.py", "src*", "/x/*", "/x/**/src/",
    "/src/**/src", "**/x/*.py", "**/src/?.py",
]  # fmt: skip


@pytest.mark.parametrize("pattern", SHAPES)
def test_batch_lookup_agrees_at_sorted_order_boundaries(pattern):
    """'src-x' and 'src.py' sort before 'src/', 'src0' after it: no range may leak."""
    entries, _ = parse(f"* @all\n{pattern} @o\n")
    assert Matcher(entries).entries_for(NEIGHBOURS) == _brute_force(entries, NEIGHBOURS)


def test_a_directory_only_suffix_claims_no_file():
    entries, _ = parse("* @all\n*.py/ @dirs\n")
    paths = ["a.py", "b/c.py", "d.py/e.md"]
    decided = Matcher(entries).entries_for(paths)
    assert [decided[p].owners for p in paths] == [("@all",), ("@all",), ("@dirs",)]
    decided = Matcher(entries).entries_for(paths[:2])  # no such directory at all
    assert [decided[p].owners for p in paths[:2]] == [("@all",), ("@all",)]


def test_batch_lookup_skips_only_patterns_that_can_claim_nothing():
    """Every ordered pair of shapes: the later one may cover the earlier one, or nearly."""
    for earlier in SHAPES:
        for later in SHAPES:
            entries, _ = parse(f"* @all\n{earlier} @e\n{later} @l\n")
            decided = Matcher(entries).entries_for(NEIGHBOURS)
            assert decided == _brute_force(entries, NEIGHBOURS), (earlier, later)


def test_batch_lookup_agrees_on_a_monorepo_like_tree():
    """Every finder and skip at work: anchored, names, suffixes, `**/name/*.ext`, repeats."""
    rng = random.Random(7)
    tops = [f"svc{i}" for i in range(12)]
    mids = ["src", "tests", "docs", "api", "src.d", "data", "data0"]
    exts = ["py", "md", "json", "txt"]
    paths = sorted(
        {
            "/".join(
                [rng.choice(tops), rng.choice(mids)]
                + [f"m{rng.randrange(6)}" for _ in range(rng.randrange(3))]
                + [f"f{rng.randrange(30)}.{rng.choice(exts)}"]
            )
            for _ in range(4000)
        }
    )
    shapes = [
        lambda: f"/{rng.choice(tops)}/",
        lambda: f"/{rng.choice(tops)}/{rng.choice(mids)}/*.{rng.choice(exts)}",
        lambda: f"*.{rng.choice(exts)}",
        lambda: f"{rng.choice(mids)}/",
        lambda: f"m{rng.randrange(6)}",
        lambda: f"**/m{rng.randrange(6)}/*.py",
        lambda: f"/{rng.choice(tops)}/**/m{rng.randrange(6)}/",
        lambda: f"/{rng.choice(tops)}/{rng.choice(mids)}/*",
        lambda: f"f{rng.randrange(30)}*",
    ]
    lines = ["* @org/all"] + [f"{rng.choice(shapes)()} @org/t{i}" for i in range(300)]
    entries, _ = parse("\n".join(lines))
    assert Matcher(entries).entries_for(paths) == _brute_force(entries, paths)


@pytest.mark.parametrize("tail_directory", [False, True])
def test_many_name_and_tail_patterns_agree_with_single_lookup(tail_directory):
    """Past a few `**/name/tail` patterns, all are looked for in one pass; a directory that
    matches a tail (`m1/a.py/`) sends each back to a pass of its own."""
    rng = random.Random(11)
    names, tails = ["m1", "m12", "src"], ["*.py", "a*", "?.py", "*.md", "f*", "a.py"]
    paths = sorted(
        {
            "/".join(rng.choices(["top", *names], k=rng.randrange(1, 4)))
            + "/"
            + rng.choice(["a.py", "b.py", "ab.md", "f.txt", "a.md", "x"])
            for _ in range(400)
        }
    )
    lines = ["* @org/all", "**/m9/*.py @org/m9"]  # tried after the 40 below
    lines += [f"**/{rng.choice(names)}/{rng.choice(tails)} @org/t{i}" for i in range(40)]
    paths += ["top/m9/a.py", "top/m9/a.py/inner.txt"] if tail_directory else ["top/m9/a.py"]
    entries, _ = parse("\n".join(lines))
    assert Matcher(entries).entries_for(paths) == _brute_force(entries, paths)


def test_paths_holding_a_newline_are_decided_too():
    entries, _ = parse("* @a\n*.py @b\ndocs/ @c\n/docs/*.md @d\n/docs/**/z/ @e\n")
    paths = ["docs/x\ny.md", "docs/z/x\ny.md", "docs/n.md", "a\nb.py", "plain.txt"]
    assert Matcher(entries).entries_for(paths) == _brute_force(entries, paths)


@given(st.lists(PATTERN, min_size=1, max_size=12), st.lists(PATH, min_size=1, max_size=30))
def test_unmatched_entries_are_exactly_those_matching_nothing(patterns, paths):
    entries, _ = parse("".join(f"{p} @o{i}\n" for i, p in enumerate(patterns)))
    decided = Matcher(entries).entries_for(paths)
    expected = [e for e in entries if not any(map(fullmatcher(e.pattern), paths))]
    assert unmatched(entries, paths, decided) == expected


@given(st.text(max_size=400))
def test_any_text_parses_without_crashing(text):
    entries, problems = parse(text)
    assert all(p.line >= 1 for p in problems)
    Matcher(entries).entries_for(["a/b.py", "README.md"])
