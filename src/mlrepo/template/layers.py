"""The template's two layers, as data: what `mlrepo adopt` brings by default, and what it
brings only when asked.

The governance layer (ownership, PR and issue templates, pre-commit, governance facts, the
schema skeleton, CI and rulesets, model card, SECURITY.md) fits any repository. The pipeline
skeleton (a package, its tests, configs, notebooks, data, the packaging) would land inside a
repository's own code, so adopt leaves it out unless `--with-pipeline` is given. The choice
is recorded as the copier answer `adopt_layers`, and copier.yml's `_exclude` leaves these same
paths out of every later update (tests/test_adopt.py keeps the two lists in step).
"""

from __future__ import annotations

ANSWER = "adopt_layers"
ALL = "all"
GOVERNANCE = "governance"

#: Paths of the pipeline skeleton, relative to a generated repository's root.
PIPELINE = (
    "src",
    "tests",
    "configs",
    "notebooks",
    "data",
    "prompts",
    "README.md",
    "pyproject.toml",
    "uv.lock",
    ".gitignore",
)


def answer(with_pipeline: bool) -> dict[str, str]:
    """The copier answer that selects the layers adopt renders."""
    return {ANSWER: ALL if with_pipeline else GOVERNANCE}
