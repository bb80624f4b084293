"""The hygiene pack (policies/hygiene.yaml): file sizes, notebook outputs, secrets."""

from __future__ import annotations

import contextlib
import json
import os
import re

from mlrepo.formats import gitattributes
from mlrepo.formats.text import line_at
from mlrepo.policy.checks import Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from mlrepo.policy.checks import Context, Params


def _attributes(ctx: Context, paths: list[str], *names: str) -> dict[str, dict[str, str]]:
    """The state of each of `names` for each of `paths`: git's own answer in a git work tree
    (every .gitattributes, macros, later lines winning), else the root file read alike.
    Asked only for the few files a finding would name, so most runs start no git."""
    if not paths:
        return {}
    if ctx.repo.untracked is not None:  # a git work tree
        from mlrepo.vcs import check_attr

        answer = check_attr(ctx.repo.root, names, paths)
        if answer is not None:
            return answer
    text = ctx.repo.text(".gitattributes") if ctx.repo.exists(".gitattributes") else ""
    rules = gitattributes.parse(text)
    return {path: gitattributes.states(rules, path, names) for path in paths}


def _in_lfs(states: dict[str, str]) -> bool:
    return states.get("filter") == "lfs"


def _vendored_text(ctx: Context, path: str, params: Params, states: dict[str, str]) -> bool:
    """Others' code or a minified bundle (a vendored folder, a suffix, or linguist-vendored /
    linguist-generated in .gitattributes) that is text: large, but no artifact for LFS."""
    lower = path.lower()
    folders = lower.split("/")[:-1]
    marked = any(states.get(name) in (gitattributes.SET, "true") for name in _LINGUIST)
    vendored = (any(folder in params["vendored_dirs"] for folder in folders)
                or lower.endswith(tuple(params["vendored_suffixes"])) or marked)  # fmt: skip
    return vendored and b"\0" not in ctx.repo.head(path, 8000)


_LINGUIST = ("linguist-vendored", "linguist-generated")


def file_size(ctx: Context, params: Params) -> Iterator[Finding]:
    """Committed files over the limit. The sizes of files git names by content are kept by
    blob id (scancache), so a large unchanged repository is not stat-ed file by file."""
    from mlrepo.policy.scancache import per_file

    limit = params["max_kb"] * 1024
    untracked = ctx.repo.untracked or frozenset()  # not committed: no reason to block a commit
    blobs = ctx.repo.blobs
    committed = [path for path in ctx.repo.files if path not in untracked]

    def over(paths: list[str]) -> dict[str, list]:
        return {path: [size] for path in paths if (size := ctx.repo.size(path)) > limit}

    sizes = per_file(ctx.repo, "sizes", f"sizes over {limit}",
                     [path for path in committed if path in blobs], over)  # fmt: skip
    sizes.update(over([path for path in committed if path not in blobs]))
    large = [path for path in committed if path in sizes]
    attributes = _attributes(ctx, large, "filter", *_LINGUIST)
    for path in large:
        if not _in_lfs(attributes[path]):
            if _vendored_text(ctx, path, params, attributes[path]):
                continue
            size = sizes[path][0]
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
_LOWER_HINTS = tuple(hint.lower() for hint in _SECRET_HINTS)
_GREP_FROM = 2000  # files; below this, starting git grep costs more than reading them all
_TEXT_LIMIT = 2 * 1024 * 1024
# betterleaks 2.0 has no rule for a lone AWS access key id; AWS documents ...EXAMPLE ones.
_AWS_KEY_ID = re.compile(r"\b(?:AKIA|ASIA)[A-Z2-7]{16}\b")


def _scannable(ctx: Context, path: str) -> bool:
    """A regular file small enough to be text worth scanning (a blob id says regular)."""
    if ctx.repo.blob(path) is None and not ctx.repo.is_file(path):
        return False
    return ctx.repo.size(path) <= _TEXT_LIMIT


def _allowed(ctx: Context, allow_file: str) -> list[str]:
    """Path patterns (fnmatch, '*' crosses '/') of known test fixtures, one per line."""
    if not ctx.repo.exists(allow_file):
        return []
    lines = (line.strip() for line in ctx.repo.text(allow_file).splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _scan(ctx: Context, paths: list[str]) -> dict[str, list]:
    """[rule id, line, value] per secret betterleaks finds, for each of `paths` that can
    hold one (git grep's prefilter in a large repository; text, not over the size limit)."""
    texts: dict[str, str] = {}
    for path in _prefiltered(ctx, paths, _SECRET_HINTS):
        if not _scannable(ctx, path):
            continue
        data = ctx.repo.read(path)
        if b"\0" not in data[:8000]:
            texts[path] = data.decode("utf-8", "replace")
    # what git grep's prefilter leaves out of a large repository, left out of any: a file
    # without one of the hints holds no secret, and a commit of such files starts no scanner
    texts = {path: text for path, text in texts.items() if _hinted(text)}
    found: dict[str, list] = {}
    scanned = secrets_in(list(texts.values())) if texts else []
    for (path, text), hits in zip(texts.items(), scanned, strict=True):
        for match in _AWS_KEY_ID.finditer(text):
            if not match.group().endswith("EXAMPLE"):
                line = text.count("\n", 0, match.start()) + 1
                hits.append(["aws-access-key-id", line, match.group()])
        if hits:
            found[path] = hits
    return found


def _hinted(text: str) -> bool:
    """Whether `text` holds one of the hints, in any case (as git grep -F -i finds them)."""
    lowered = text.lower()
    return any(hint in lowered for hint in _LOWER_HINTS)


def secrets_in(texts: list[str]) -> list[list]:
    """betterleaks' [rule id, line, value] for each of `texts` (one call each: the library's
    first call costs ~100-300 ms to start, each later one about a millisecond)."""
    import betterleaks

    return [[[hit.rule_id, hit.location.start_line, hit.match.value]
             for hit in betterleaks.scan_string(text)] for text in texts]  # fmt: skip


def scanner_version() -> str:
    """What decides SEC001's results: betterleaks' library (its rules: size and time of the
    installed file, found without importing it), our extra rule and the prefilter's hints."""
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec("betterleaks")
    stamp = "absent"
    if spec is not None and spec.submodule_search_locations:
        library = os.path.join(spec.submodule_search_locations[0], "libbetterleaks.so")
        with contextlib.suppress(OSError):
            status = os.stat(library)
            stamp = f"{status.st_size}-{status.st_mtime_ns}"
    return json.dumps(["betterleaks", stamp, _AWS_KEY_ID.pattern, _SECRET_HINTS, _TEXT_LIMIT])


def scanned_secrets(ctx: Context, paths: list[str] | None = None, allow_file: str = ""):
    """Findings of the secret scanner (betterleaks, gitleaks' rule set, in-process) over the
    text files among `paths` (default: all listed), notebooks and `.env` files included; the
    value is never printed. Results are kept per file by content (scancache), so a commit
    scans only the files it changed and an unchanged repository imports no scanner."""
    import fnmatch

    from mlrepo.policy.scancache import per_file

    allowed = _allowed(ctx, allow_file) if allow_file else []
    candidates = [p for p in (ctx.repo.files if paths is None else paths)
                  if not any(fnmatch.fnmatch(p, pattern) for pattern in allowed)]  # fmt: skip
    # a file git cannot name by content is read for its digest: only if it can be scanned
    candidates = [p for p in candidates if ctx.repo.blob(p) is not None or _scannable(ctx, p)]
    store = "secrets" if paths is None else "secrets-of-some"  # one entry per set of files
    results = per_file(ctx.repo, store, scanner_version(), candidates,
                       lambda missing: _scan(ctx, missing))  # fmt: skip
    for path in candidates:
        for rule, line, value in results.get(path, ()):
            shown = f"{value[:4]}…({len(value)} characters)" if len(value) > 8 else "…"
            yield Finding(path, f"{rule}: a secret, redacted {shown}", line)


def secrets(ctx: Context, params: Params) -> Iterator[Finding]:
    seen = set()
    for finding in scanned_secrets(ctx, allow_file=params["allow_file"]):
        if (finding.path, finding.line) not in seen:
            seen.add((finding.path, finding.line))
            yield finding


_MARKER = re.compile(rb"^(?:<{7}|>{7})(?: |\r?$)", re.MULTILINE)
_LEFTOVER_SUFFIXES = (".rej", ".orig")


def _prefiltered(ctx: Context, paths: list[str], hints: tuple[str, ...], flags=("-F", "-i")):
    """The files among `paths` worth reading for text: when there are many, only those git
    grep finds holding one of `hints` (fixed strings in any case by default), plus untracked
    ones, which it cannot search."""
    if len(paths) < _GREP_FROM:
        return paths
    hits = ctx.repo.grep(*hints, flags=flags)
    if hits is None:
        return paths
    hits.update(ctx.repo.untracked or ())
    return [path for path in paths if path in hits]


def _markers(ctx: Context, paths: list[str]) -> dict[str, list]:
    """[line] of the first conflict marker, for each of `paths` holding one."""
    found = {}
    for path in _prefiltered(ctx, paths, ("<<<<<<<", ">>>>>>>"), flags=("-F",)):
        if not _scannable(ctx, path):
            continue
        data = ctx.repo.read(path)
        if b"\0" in data[:8000]:
            continue
        match = _MARKER.search(data)
        if match:
            found[path] = [line_at(data, match.start())]
    return found


def conflict_leftovers(ctx: Context, params: Params) -> Iterator[Finding]:
    """What a merge, `mlrepo update` or `adopt` leaves to resolve: conflict markers in a
    file and `.rej`/`.orig` files. CI must see what `git commit --no-verify` let through.
    Results are kept per file by content, as SEC001's are."""
    from mlrepo.policy.scancache import per_file

    texts = []
    for path in ctx.repo.files:
        if path.endswith(_LEFTOVER_SUFFIXES):
            yield Finding(path, "a leftover of a patch or merge (resolve it, then delete it)")
        elif ctx.repo.blob(path) is not None or _scannable(ctx, path):
            texts.append(path)
    version = json.dumps(["markers", _MARKER.pattern.decode(), _TEXT_LIMIT])
    results = per_file(ctx.repo, "markers", version, texts, lambda todo: _markers(ctx, todo))
    for path in texts:
        for line in results.get(path, ()):
            yield Finding(path, "holds an unresolved conflict marker", line)


def _dvc_tracked(ctx: Context, path: str) -> bool:
    return ctx.repo.exists(path + ".dvc")


def committed_artifacts(ctx: Context, params: Params) -> Iterator[Finding]:
    """Data files and model binaries of any size belong in data storage, a model registry,
    Git LFS or DVC; git keeps every version forever, and a pickle runs code when loaded."""
    models = tuple(s.lower() for s in params["model_suffixes"])
    data = tuple(s.lower() for s in params["data_suffixes"])
    allowed = tuple(params["allowed"])
    found = {}
    for path in ctx.repo.files:
        lower = path.lower()
        if lower.startswith(allowed):
            continue
        what = "a model binary" if lower.endswith(models) else None
        if what is None and lower.endswith(data):
            what = "a data file"
        if what is not None and not _dvc_tracked(ctx, path):
            found[path] = what
    attributes = _attributes(ctx, list(found), "filter")
    for path, what in found.items():
        if not _in_lfs(attributes[path]):
            yield Finding(path, f"{what} committed to git (not tracked by Git LFS or DVC)")
