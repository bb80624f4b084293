"""The repository pack (policies/repository.yaml): the files a governed repository must have,
and the sections of its pull-request template."""

from __future__ import annotations

import re

from mlrepo.policy.checks import Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from mlrepo.policy.checks import Context, Params


def discovered(ctx: Context, path: str) -> str | None:
    """The file GitHub would use for `path` (see policy/discovery.py)."""
    from mlrepo.policy.discovery import discovered as github_uses

    return github_uses(ctx.repo, path)


def required_files(ctx: Context, params: Params) -> Iterator[Finding]:
    for path in params["paths"]:
        if discovered(ctx, path) is None:
            yield Finding(path, f"missing {path}")


def pr_template_sections(ctx: Context, params: Params) -> Iterator[Finding]:
    path = discovered(ctx, params["path"])
    if path is None:
        return  # REPO001 reports the missing file
    headings = {
        m.group(1).strip().lower()
        for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*\s*$", ctx.repo.text(path), re.MULTILINE)
    }
    for section in params["sections"]:
        if section.lower() not in headings:
            yield Finding(path, f"no '## {section}' section")


def malformed_files(ctx: Context, params: Params) -> Iterator[Finding]:
    """The files the other rules could not read or parse (the engine runs this kind last), and
    every committed symlink that leaves the repository, read by a rule or not. The YAML files
    named in `yaml` are parsed here too, for those that only other tools read (`mlrepo gate`
    reads the stage gates; a broken one passed `check`)."""
    from mlrepo.errors import MalformedFile
    from mlrepo.policy.repository import LEAVES

    for path in params["yaml"]:
        if ctx.repo.exists(path):
            try:
                ctx.repo.yaml(path)
            except MalformedFile as exc:
                ctx.repo.broken.setdefault(path, exc)
    broken = dict(ctx.repo.broken)
    for path in sorted(ctx.repo.links - broken.keys()):
        if ctx.repo.leaves(path):
            yield Finding(path, LEAVES)
    for path, problem in sorted(broken.items()):
        yield Finding(path, problem.message, problem.line)
