"""What a repository records about the template release it was rendered from.

copier records `_commit` as `git describe --tags --always` of its own clone of the template,
which for a cached remote clone can be a bare commit hash; mlrepo always knows the tag it asked
for, and records that, so `update` and the fleet compare release tags.
"""

from __future__ import annotations

from pathlib import Path

ANSWERS_FILE = ".copier-answers.yml"
ANSWERS_HEADER = "# Changes here will be overwritten by Copier; NEVER EDIT MANUALLY\n"


def record(project: Path, source: str, tag: str) -> dict:
    """Set `_src_path` and `_commit` in the answers file; the answers as recorded."""
    import yaml

    path = project / ANSWERS_FILE
    answers = yaml.safe_load(path.read_text(encoding="utf-8"))
    answers["_src_path"] = source
    answers["_commit"] = tag
    body = yaml.safe_dump(answers, indent=4, allow_unicode=True, default_flow_style=False)
    path.write_text(ANSWERS_HEADER + body, encoding="utf-8")
    return answers
