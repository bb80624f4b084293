"""The workflows pack (policies/workflows.yaml): GitHub Actions workflows have least-privilege
permissions and actions pinned by commit SHA."""

from __future__ import annotations

import re

from mlrepo.formats.loaders import key_lines
from mlrepo.formats.text import line_at
from mlrepo.policy.checks import Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from mlrepo.policy.checks import Context, Params

_USES = re.compile(r"^\s*(?:-\s*)?uses:\s*['\"]?([^'\"\s#]+)", re.MULTILINE)


def _workflows(ctx: Context):
    return [f for f in ctx.repo.files
            if f.startswith(".github/workflows/") and f.endswith((".yml", ".yaml"))]  # fmt: skip


def permissions(ctx: Context, params: Params) -> Iterator[Finding]:
    for path in _workflows(ctx):
        document = ctx.repo.yaml(path)
        if not isinstance(document, dict):
            continue
        if "permissions" not in document:
            yield Finding(path, "no top-level 'permissions:'; jobs get the default token", 1)
            continue
        value = document["permissions"]
        if value == "write-all" or (
            isinstance(value, dict) and any(v == "write" for v in value.values())
        ):
            line = key_lines(ctx.repo.read(path)).get(("permissions",))
            yield Finding(path, "top-level permissions grant write access; grant it per job", line)


def actions_pinned(ctx: Context, params: Params) -> Iterator[Finding]:
    for path in _workflows(ctx) + [f for f in ctx.repo.files if f.endswith("action.yml")]:
        text = ctx.repo.text(path)
        for match in _USES.finditer(text):
            ref = match.group(1)
            if ref.startswith(("./", "docker://")):
                continue
            _, _, version = ref.partition("@")
            if not re.fullmatch(r"[0-9a-f]{40}", version):
                yield Finding(
                    path,
                    f"'{ref}' is not pinned by a full commit SHA",
                    line_at(text, match.start()),
                )
