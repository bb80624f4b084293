"""The hygiene pack (policies/hygiene.yaml): file sizes, notebook outputs, secrets."""

from __future__ import annotations

import json
import re

from mlrepo.formats.codeowners.syntax import pattern_regex
from mlrepo.formats.text import line_at
from mlrepo.policy.checks import Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from mlrepo.policy.checks import Context, Params


def _lfs_patterns(ctx: Context) -> list[re.Pattern]:
    if not ctx.repo.exists(".gitattributes"):
        return []
    patterns = []
    for line in ctx.repo.text(".gitattributes").splitlines():
        parts = line.split()
        if len(parts) > 1 and "filter=lfs" in parts[1:]:
            patterns.append(re.compile(pattern_regex(parts[0]), re.DOTALL))
    return patterns


def file_size(ctx: Context, params: Params) -> Iterator[Finding]:
    limit = params["max_kb"] * 1024
    lfs = _lfs_patterns(ctx)
    untracked = ctx.repo.untracked or frozenset()  # not committed: no reason to block a commit
    for path in ctx.repo.files:
        if path in untracked:
            continue
        size = ctx.repo.size(path)
        if size > limit and not any(p.fullmatch(path) for p in lfs):
            yield Finding(path, f"{size // 1024} KB exceeds the {limit // 1024} KB limit")


def notebook_outputs(ctx: Context, params: Params) -> Iterator[Finding]:
    for path in ctx.repo.files:
        if not path.endswith(".ipynb") or not ctx.repo.is_file(path):
            continue
        try:
            cells = json.loads(ctx.repo.read(path)).get("cells", [])
        except (ValueError, AttributeError, RecursionError):
            cells = None
        if not isinstance(cells, list) or not all(isinstance(c, dict) for c in cells):
            yield Finding(path, "not a valid notebook (JSON)")
            continue
        for index, cell in enumerate(cells):
            if cell.get("outputs") or cell.get("execution_count") is not None:
                yield Finding(path, f"cell {index + 1} has outputs or an execution count")
                break


SECRET_PATTERNS = [
    (rb"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY", "a private key"),
    (rb"\bAKIA[0-9A-Z]{16}\b", "an AWS access key id"),
    (rb"\b(?:ghp|gho|ghs|ghu|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_\w{60,}", "a GitHub token"),
    (rb"\bxox[baprs]-[A-Za-z0-9-]{10,}", "a Slack token"),
    (rb"\bsk-(?:proj-)?[A-Za-z0-9_-]{32,}", "an API secret key (sk-...)"),
]
# Text every match above contains: git grep finds the files holding any, so a large
# repository reads only those in Python.
_SECRET_HINTS = ("PRIVATE KEY", "AKIA", "gh[opsur]_", "github_pat_", "xox[baprs]-", "sk-")
_GREP_FROM = 2000  # files; below this, starting git grep costs more than reading them all
_TEXT_LIMIT = 2 * 1024 * 1024


def _secret_candidates(ctx: Context) -> list[str]:
    files = ctx.repo.files
    if len(files) < _GREP_FROM:
        return files
    hits = ctx.repo.grep(*_SECRET_HINTS)
    if hits is None:
        return files
    untracked = ctx.repo.untracked or frozenset()  # git grep reads tracked files only
    return sorted(hits.union(untracked).intersection(ctx.repo.file_set))


def secrets(ctx: Context, params: Params) -> Iterator[Finding]:
    searches = [(re.compile(pattern).search, what) for pattern, what in SECRET_PATTERNS]
    for path in _secret_candidates(ctx):
        if not ctx.repo.is_file(path) or ctx.repo.size(path) > _TEXT_LIMIT:
            continue
        data = ctx.repo.read(path)
        if b"\0" in data[:8000]:
            continue
        for search, what in searches:
            match = search(data)
            if match:
                yield Finding(
                    path, f"contains what looks like {what}", line_at(data, match.start())
                )
                break
