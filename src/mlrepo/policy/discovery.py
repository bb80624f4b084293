"""Which file GitHub uses for a community file: the one rule both `check` (REPO001, REPO004)
and `adopt` (merge into the repository's variant, never add a second one) follow.

GitHub finds a health file (SECURITY.md, the pull-request template, ...) in the root, .github/
or docs/, whatever its case; a licence in the root as LICENSE, LICENSE.txt, LICENCE, COPYING...;
CODEOWNERS as .github/CODEOWNERS, then CODEOWNERS, then docs/CODEOWNERS (the first one wins).
"""

from __future__ import annotations

import re

from mlrepo.formats.codeowners.syntax import LOCATIONS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mlrepo.policy.repository import Repository

_HEALTH_FILES = {"security.md", "code_of_conduct.md", "contributing.md", "support.md",
                 "pull_request_template.md"}  # fmt: skip
_PLACES = ("", ".github/", "docs/")
_LICENSE = re.compile(r"(?:licen[cs]e|copying)(?:[.-][^/]*)?", re.IGNORECASE)


def discovered(repo: Repository, path: str) -> str | None:
    """The file GitHub would use for `path`: itself, or a variant its discovery accepts."""
    name = path.rsplit("/", 1)[-1]
    if path in LOCATIONS:
        return next((p for p in LOCATIONS if repo.exists(p)), None)
    if repo.exists(path):
        return path
    places: tuple[str, ...]
    if name.lower() in _HEALTH_FILES:
        places, accepts = _PLACES, lambda rest: rest.lower() == name.lower()
    elif "/" not in path and _LICENSE.fullmatch(name):
        places, accepts = ("",), lambda rest: _LICENSE.fullmatch(rest) is not None
    else:
        return None
    for place in places:
        for candidate in repo.under(place) if place else repo.files:
            rest = candidate[len(place) :]
            if "/" not in rest and accepts(rest):
                return candidate
    return None
