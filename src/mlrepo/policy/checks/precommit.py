"""The pre-commit pack (policies/precommit.yaml): required hooks, pinned versions, and the guard
that blocks commits holding template-update conflicts."""

from __future__ import annotations

import re

from mlrepo.formats.loaders import key_lines
from mlrepo.policy.checks import Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from mlrepo.policy.checks import Context, Params

CONFIG = ".pre-commit-config.yaml"
_PINNED_REV = re.compile(r"v?\d+(\.\d+)*([.-]?[A-Za-z0-9]+)*|[0-9a-f]{40}")


def _hooks(ctx: Context):
    if not ctx.repo.exists(CONFIG):
        return None
    config = ctx.repo.yaml(CONFIG) or {}
    repos = config.get("repos", []) if isinstance(config, dict) else []
    return [(i, repo, hook) for i, repo in enumerate(_list(repos)) if isinstance(repo, dict)
            for hook in _list(repo.get("hooks")) if isinstance(hook, dict)]  # fmt: skip


def _list(value: object) -> list:
    """`value` if it is a list; anything else (pre-commit refuses it) as no items."""
    return value if isinstance(value, list) else []


# Older ids that run the same hook: ruff-pre-commit called its lint hook `ruff` before
# it became `ruff-check`, and both ids still work.
_ALIASES = {"ruff-check": {"ruff"}}


def required_hooks(ctx: Context, params: Params) -> Iterator[Finding]:
    hooks = _hooks(ctx)
    if hooks is None:
        return  # REPO001 reports the missing file
    present = {hook.get("id") for _, _, hook in hooks}
    for hook_id in params["hooks"]:
        if hook_id not in present and not present & _ALIASES.get(hook_id, set()):
            yield Finding(CONFIG, f"hook '{hook_id}' is not configured")


def pinned(ctx: Context, params: Params) -> Iterator[Finding]:
    hooks = _hooks(ctx)
    if hooks is None:
        return
    lines = _LazyLines(ctx.repo.read(CONFIG))
    seen_repos = set()
    for index, repo, hook in hooks:
        url = repo.get("repo")
        if url not in ("local", "meta") and index not in seen_repos:
            seen_repos.add(index)
            rev = str(repo.get("rev", ""))
            if not _PINNED_REV.fullmatch(rev) or rev in ("HEAD",):
                line = lines.get(("repos", index, "rev"), lines.get(("repos", index)))
                yield Finding(
                    CONFIG, f"{url}: rev {rev!r} is not a version tag or commit SHA", line
                )
        for dependency in _list(hook.get("additional_dependencies")):
            if "==" not in str(dependency) and "@" not in str(dependency):
                line = lines.get(("repos", index))
                yield Finding(
                    CONFIG, f"hook '{hook.get('id')}': {dependency!r} is not pinned with '=='", line
                )


class _LazyLines:
    """key_lines, computed on the first lookup only (most runs have nothing to report)."""

    def __init__(self, data: bytes):
        self.data = data
        self.lines: dict[tuple, int] | None = None

    def get(self, key: tuple, default: int | None = None) -> int | None:
        if self.lines is None:
            self.lines = key_lines(self.data)
        return self.lines.get(key, default)


def update_guard(ctx: Context, params: Params) -> Iterator[Finding]:
    hooks = _hooks(ctx)
    if hooks is None:
        return
    conflict = any(
        "check-merge-conflict" in f"{hook.get('id')} {hook.get('entry', '')}"
        and "--assume-in-merge"
        in f"{hook.get('entry', '')} {' '.join(map(str, _list(hook.get('args'))))}"
        for _, _, hook in hooks
    )
    rej = any(
        hook.get("language") == "fail" and ".rej" in str(hook.get("files", ""))
        for _, _, hook in hooks
    )
    if not conflict:
        yield Finding(CONFIG, "no check-merge-conflict hook with --assume-in-merge")
    if not rej:
        yield Finding(CONFIG, "no 'language: fail' hook for .rej files")
