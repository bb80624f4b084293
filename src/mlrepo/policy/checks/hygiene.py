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


# Files the scanner reads in a large repository: those git grep finds holding one of these
# (the scanner's rules key on them), as fixed strings in any case, which git searches several
# times faster than alternatives in a regex; so a 20,000-file tree is not read whole.
_SECRET_HINTS = ("PRIVATE KEY", "AKIA", "ASIA", "ghp_", "gho_", "ghs_", "ghu_", "ghr_",
                 "github_pat_", "xox", "hooks.slack.com", "hf_", "sk-", "sk_live_", "AIza",
                 "npm_", "pypi-", "://", "key", "token", "secret", "passw", "pwd",
                 "credential")  # fmt: skip
_GREP_FROM = 2000  # files; below this, starting git grep costs more than reading them all
_TEXT_LIMIT = 2 * 1024 * 1024
# betterleaks 2.0 has no rule for a lone AWS access key id; AWS documents ...EXAMPLE ones.
_AWS_KEY_ID = re.compile(r"\b(?:AKIA|ASIA)[A-Z2-7]{16}\b")


def _secret_candidates(ctx: Context, paths: list[str] | None = None) -> list[str]:
    if paths is None:
        paths = _text_files(ctx, _SECRET_HINTS)
    return [p for p in paths if ctx.repo.is_file(p) and ctx.repo.size(p) <= _TEXT_LIMIT]


def _allowed(ctx: Context, allow_file: str) -> list[str]:
    """Path patterns (fnmatch, '*' crosses '/') of known test fixtures, one per line."""
    if not ctx.repo.exists(allow_file):
        return []
    lines = (line.strip() for line in ctx.repo.text(allow_file).splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _scan(texts: list[list[str]]) -> list[list]:
    """[index, rule id, line, value] per secret betterleaks finds in each text."""
    import betterleaks

    found = []
    for index, (_, text) in enumerate(texts):
        for hit in betterleaks.scan_string(text):
            found.append([index, hit.rule_id, hit.location.start_line, hit.match.value])
        for match in _AWS_KEY_ID.finditer(text):
            if not match.group().endswith("EXAMPLE"):
                line = text.count("\n", 0, match.start()) + 1
                found.append([index, "aws-access-key-id", line, match.group()])
    return found


def scanned_secrets(ctx: Context, paths: list[str] | None = None, allow_file: str = ""):
    """Findings of the secret scanner (betterleaks, gitleaks' rule set, in-process) over the
    text files among `paths` (default: all that can hold one), notebooks and `.env` files
    included; the value is never printed. Results are cached by the files' content, so a
    commit that changes none of them neither imports nor runs the scanner."""
    import fnmatch
    import json
    import zlib

    from mlrepo.formats.loaders import cached_by_content

    allowed = _allowed(ctx, allow_file) if allow_file else []
    texts = []
    for path in _secret_candidates(ctx, paths):
        if any(fnmatch.fnmatch(path, pattern) for pattern in allowed):
            continue
        data = ctx.repo.read(path)
        if b"\0" not in data[:8000]:
            texts.append([path, data.decode("utf-8", "replace")])
    if not texts:
        return
    # crc32, adler32 and length: hashlib costs the hook milliseconds to import, and the
    # cache is the user's own (CI starts without one)
    digests = [[path, zlib.crc32(data := text.encode()), zlib.adler32(data), len(data)]
               for path, text in texts]  # fmt: skip
    key = json.dumps(["betterleaks-2", _AWS_KEY_ID.pattern, digests]).encode()
    for index, rule, line, value in cached_by_content(b"secrets", key, lambda: _scan(texts)):
        shown = f"{value[:4]}…({len(value)} characters)" if len(value) > 8 else "…"
        yield Finding(texts[index][0], f"{rule}: a secret, redacted {shown}", line)


def secrets(ctx: Context, params: Params) -> Iterator[Finding]:
    seen = set()
    for finding in scanned_secrets(ctx, allow_file=params["allow_file"]):
        if (finding.path, finding.line) not in seen:
            seen.add((finding.path, finding.line))
            yield finding


_MARKER = re.compile(rb"^(?:<{7}|>{7})(?: |\r?$)", re.MULTILINE)
_LEFTOVER_SUFFIXES = (".rej", ".orig")


def _text_files(ctx: Context, hints: tuple[str, ...], flags=("-F", "-i")) -> list[str]:
    """The files worth reading for text: in a large repository only those git grep finds
    holding one of `hints` (fixed strings in any case by default), plus untracked ones,
    which it cannot search."""
    files = ctx.repo.files
    if len(files) < _GREP_FROM:
        return files
    hits = ctx.repo.grep(*hints, flags=flags)
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
    for path in _text_files(ctx, ("<<<<<<<", ">>>>>>>"), flags=("-F",)):
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
