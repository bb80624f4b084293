"""The .gitattributes reading used outside a git work tree, against `git check-attr` itself,
on generated attribute files and paths; and the git work tree's case, where git answers."""

from __future__ import annotations

import subprocess

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlrepo.formats import gitattributes
from mlrepo.vcs import check_attr

NAMES = ("filter", "linguist-vendored")
SEGMENTS = ["models", "data", "a", "x", "model.bin", "b.csv", "*.bin", "*", "**", "m?del.bin"]
STATES = ["filter=lfs", "-filter", "!filter", "filter", "linguist-vendored", "-linguist-vendored"]
PARTS = ["models", "data", "a", "x", "model.bin", "b.csv", "mOdel.bin", "sub"]

patterns = st.builds(
    lambda lead, segments, trail: lead + "/".join(segments) + trail,
    st.sampled_from(["", "/"]),
    st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=3),
    st.sampled_from(["", "", "/"]),
)
lines = st.builds(
    lambda pattern, states: f"{pattern} {' '.join(states)}",
    patterns,
    st.lists(st.sampled_from(STATES), min_size=1, max_size=2),
)
paths = st.lists(st.sampled_from(PARTS), min_size=1, max_size=4).map("/".join)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(lines, min_size=1, max_size=5), st.lists(paths, min_size=1, max_size=8, unique=True)
)
def test_the_root_file_is_read_as_git_reads_it(tmp_path, text_lines, names):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    text = "\n".join(text_lines) + "\n"
    (tmp_path / ".gitattributes").write_text(text)
    ours = {path: gitattributes.states(gitattributes.parse(text), path, NAMES) for path in names}
    assert ours == check_attr(str(tmp_path), NAMES, names), text


def test_git_answers_for_nested_files_macros_and_later_lines(tmp_path):
    """What only git knows: a folder's own .gitattributes, a macro, a later line unsetting."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitattributes").write_text(
        "[attr]lfs filter=lfs diff=lfs -text\n*.bin lfs\n*.pt filter=lfs\nold.pt -filter\n"
    )
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / ".gitattributes").write_text("*.onnx filter=lfs\n")
    found = check_attr(
        str(tmp_path), ("filter",), ["a.bin", "old.pt", "new.pt", "models/m.onnx", "m.onnx"]
    )
    assert {path: states["filter"] for path, states in found.items()} == {
        "a.bin": "lfs", "old.pt": "unset", "new.pt": "lfs", "models/m.onnx": "lfs",
        "m.onnx": "unspecified",
    }  # fmt: skip
