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
    for path in ctx.repo.files:
        size = ctx.repo.size(path)
        if size > limit and not any(p.fullmatch(path) for p in lfs):
            yield Finding(path, f"{size // 1024} KB exceeds the {limit // 1024} KB limit")


def notebook_outputs(ctx: Context, params: Params) -> Iterator[Finding]:
    for path in ctx.repo.files:
        if not path.endswith(".ipynb") or not ctx.repo.is_file(path):
            continue
        try:
            cells = json.loads(ctx.repo.read(path)).get("cells", [])
        except (ValueError, AttributeError):
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


_MARKER = re.compile(rb"^(?:<{7}|>{7})(?: |\r?$)", re.MULTILINE)
_LEFTOVER_SUFFIXES = (".rej", ".orig")


def _text_files(ctx: Context, hints: tuple[str, ...]) -> list[str]:
    """The files worth reading for text: in a large repository only those git grep finds
    holding one of `hints` (extended regexes), plus untracked ones, which it cannot search."""
    files = ctx.repo.files
    if len(files) < _GREP_FROM:
        return files
    hits = ctx.repo.grep(*hints)
    if hits is None:
        return files
    untracked = ctx.repo.untracked or frozenset()
    return sorted(hits.union(untracked).intersection(ctx.repo.file_set))


def conflict_leftovers(ctx: Context, params: Params) -> Iterator[Finding]:
    """What a merge, `mlrepo update` or `adopt` leaves to resolve: conflict markers in a
    file and `.rej`/`.orig` files. CI must see what `git commit --no-verify` let through."""
    for path in ctx.repo.files:
        if path.endswith(_LEFTOVER_SUFFIXES):
            yield Finding(path, "a leftover of a patch or merge (resolve it, then delete it)")
    for path in _text_files(ctx, ("^<<<<<<<( |$)", "^>>>>>>>( |$)")):
        if path.endswith(_LEFTOVER_SUFFIXES) or not ctx.repo.is_file(path):
            continue
        if ctx.repo.size(path) > _TEXT_LIMIT:
            continue
        data = ctx.repo.read(path)
        if b"\0" in data[:8000]:
            continue
        match = _MARKER.search(data)
        if match:
            yield Finding(path, "holds an unresolved conflict marker", line_at(data, match.start()))


def _dvc_tracked(ctx: Context, path: str) -> bool:
    return ctx.repo.exists(path + ".dvc")


def committed_artifacts(ctx: Context, params: Params) -> Iterator[Finding]:
    """Data files and model binaries of any size belong in data storage, a model registry,
    Git LFS or DVC; git keeps every version forever, and a pickle runs code when loaded."""
    models = tuple(s.lower() for s in params["model_suffixes"])
    data = tuple(s.lower() for s in params["data_suffixes"])
    allowed = tuple(params["allowed"])
    lfs = None
    for path in ctx.repo.files:
        lower = path.lower()
        if lower.startswith(allowed):
            continue
        what = "a model binary" if lower.endswith(models) else None
        if what is None and lower.endswith(data):
            what = "a data file"
        if what is None or _dvc_tracked(ctx, path):
            continue
        lfs = _lfs_patterns(ctx) if lfs is None else lfs
        if not any(p.fullmatch(path) for p in lfs):
            yield Finding(path, f"{what} committed to git (not tracked by Git LFS or DVC)")
