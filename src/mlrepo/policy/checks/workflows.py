"""The workflows pack (policies/workflows.yaml): GitHub Actions workflows have least-privilege
permissions, actions pinned by commit SHA, and none of the weaknesses zizmor knows."""

from __future__ import annotations

import os
import re
from fnmatch import fnmatchcase

from mlrepo.formats.loaders import key_lines, nearest_line
from mlrepo.policy.checks import Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from mlrepo.policy.checks import Context, Params

_SHA = re.compile(r"[0-9a-f]{40}")


def _workflows(ctx: Context) -> list[str]:
    return [f for f in ctx.repo.files
            if f.startswith(".github/workflows/") and f.endswith((".yml", ".yaml"))]  # fmt: skip


def _grants_write(value: object) -> bool:
    return value == "write-all" or (
        isinstance(value, dict) and any(v == "write" for v in value.values())
    )


def _jobs(document: dict) -> dict:
    jobs = document.get("jobs")
    return jobs if isinstance(jobs, dict) else {}


def permissions(ctx: Context, params: Params) -> Iterator[Finding]:
    """No job runs with the default token: permissions at the top, or on every job (what
    the fix asks for); write scopes at the top are shared by every job; `write-all` on a
    job grants every scope."""
    for path in _workflows(ctx):
        document = ctx.repo.yaml(path)
        if not isinstance(document, dict):
            continue
        data = ctx.repo.read(path)

        def line(*location: object, data: bytes = data) -> int | None:
            return nearest_line(key_lines(data), location)  # composed only for a finding

        jobs = _jobs(document)
        if "permissions" not in document:
            bare = [name for name, job in jobs.items()
                    if not (isinstance(job, dict) and "permissions" in job)]  # fmt: skip
            if bare or not jobs:
                named = ", ".join(map(str, bare))
                yield Finding(
                    path,
                    "no top-level 'permissions:' and "
                    + (f"jobs without their own ({named})" if bare else "no jobs")
                    + " get the default token",
                    1,
                )
        elif _grants_write(document["permissions"]):
            yield Finding(path, "top-level permissions grant write access; grant it per job",
                          line("permissions"))  # fmt: skip
        for name, job in jobs.items():
            if isinstance(job, dict) and job.get("permissions") == "write-all":
                yield Finding(path, f"job '{name}' grants 'write-all'; list the scopes it needs",
                              line("jobs", name, "permissions"))  # fmt: skip


def _uses(document: object) -> Iterator[tuple[tuple, str]]:
    """Every `uses:` of a workflow (jobs and their steps) or an action (its steps), with where."""
    if not isinstance(document, dict):
        return
    places: list[tuple[tuple, object]] = []
    for name, job in _jobs(document).items():
        if isinstance(job, dict):
            places.append((("jobs", name), job))
            steps = job.get("steps")
            if isinstance(steps, list):
                places.extend((("jobs", name, "steps", i), s) for i, s in enumerate(steps))
    runs = document.get("runs")
    if isinstance(runs, dict) and isinstance(runs.get("steps"), list):
        places.extend((("runs", "steps", i), s) for i, s in enumerate(runs["steps"]))
    for location, node in places:
        if isinstance(node, dict) and isinstance(node.get("uses"), str):
            yield (*location, "uses"), node["uses"].strip()


def actions_pinned(ctx: Context, params: Params) -> Iterator[Finding]:
    """Every `uses:` read from the parsed YAML (quoted keys too), pinned by commit SHA unless
    its owner/repository is on the rule's allow-list (`actions/*`, the organisation's own)."""
    allowed = params["allow"]
    actions = [f for f in ctx.repo.files if f.rsplit("/", 1)[-1] in ("action.yml", "action.yaml")]
    for path in _workflows(ctx) + actions:
        lines = None
        for location, ref in _uses(ctx.repo.yaml(path)):
            if ref.startswith(("./", "docker://")):
                continue
            action, _, version = ref.partition("@")
            if _SHA.fullmatch(version) or any(fnmatchcase(action, a) for a in allowed):
                continue
            lines = key_lines(ctx.repo.read(path)) if lines is None else lines
            yield Finding(path, f"'{ref}' is not pinned by a full commit SHA",
                          nearest_line(lines, location))  # fmt: skip


_SEVERITIES = ("informational", "low", "medium", "high")
_ZIZMOR_CONFIGS = (".github/zizmor.yml", ".github/zizmor.yaml", "zizmor.yml", "zizmor.yaml")


def _zizmor() -> str | None:
    """zizmor on PATH or beside this Python (a venv's bin), found without importing shutil."""
    import sys

    folders = [os.path.dirname(sys.executable), *os.environ.get("PATH", "").split(os.pathsep)]
    for folder in folders:
        candidate = os.path.join(folder, "zizmor")
        if folder and os.access(candidate, os.X_OK):
            return candidate
    return None


def zizmor_stamp() -> list | None:
    """What names the zizmor that would run: its path, size and time; None when absent."""
    program = _zizmor()
    if program is None:
        return None
    status = os.stat(program)
    return [program, status.st_size, status.st_mtime_ns]


def _audit(root: str, program: str, persona: str, workflows: list[str]) -> list:
    """zizmor's findings as [path, audit, severity, message, line], from one offline run."""
    import json
    import subprocess

    command = [program, "--offline", "--format", "json", "--no-progress", "--no-exit-codes",
               "--persona", persona, "--", *workflows]  # fmt: skip
    try:
        done = subprocess.run(command, cwd=root, capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        raise OSError("no answer in 120 s") from None
    found = []
    for result in json.loads(done.stdout or b"[]"):
        primary = next((loc for loc in result.get("locations", [])
                        if loc["symbolic"].get("kind") == "Primary"), None)  # fmt: skip
        if primary is None:
            continue
        key = primary["symbolic"]["key"]
        path = key.get("Local", {}).get("verbatim_path") if isinstance(key, dict) else None
        if not path:
            continue
        note = primary["symbolic"].get("annotation") or ""
        message = result.get("desc", "") + (f": {note}" if note else "")
        severity = str(result.get("determinations", {}).get("severity", "")).lower()
        row = primary["concrete"]["location"]["start_point"]["row"]
        found.append([path, result.get("ident", "?"), severity, message, row + 1])
    return found


def zizmor(ctx: Context, params: Params) -> Iterator[Finding]:
    """zizmor's audits (template injection, dangerous triggers, cache poisoning, ...), run
    once and offline over the workflows, each finding kept with its audit id and severity.
    The repository's own zizmor configuration applies; audits other rules own are left out.
    Results are cached by the workflows' content (their blob ids when git has them), so a
    commit that changes none spawns nothing."""
    workflows = _workflows(ctx)
    if not workflows:
        return
    stamp = zizmor_stamp()
    if stamp is None:
        yield Finding(workflows[0], "zizmor is not installed, so no workflow was audited "
                      "(pip install zizmor)")  # fmt: skip
        return
    import json

    from mlrepo.formats.loaders import cached_by_content

    program = stamp[0]
    inputs = [*stamp, params["persona"]]
    for path in [*workflows, *(c for c in _ZIZMOR_CONFIGS if ctx.repo.exists(c))]:
        # a blob id names the content unread; a changed or untracked file goes in whole
        blob = ctx.repo.blob(path)
        inputs += [path, {"blob": blob} if blob else ctx.repo.read(path).decode("utf-8", "replace")]
    key = json.dumps(inputs).encode()
    try:
        found = cached_by_content(
            b"zizmor", key, lambda: _audit(ctx.repo.root, program, params["persona"], workflows)
        )
    except (OSError, ValueError) as exc:  # a timeout, or output that is not zizmor's JSON
        yield Finding(workflows[0], f"zizmor did not run: {exc}")
        return
    floor = _SEVERITIES.index(params["min_severity"])
    for path, ident, severity, message, line in found:
        if ident in params["exclude"] or severity not in _SEVERITIES:
            continue
        if _SEVERITIES.index(severity) >= floor:
            yield Finding(path, f"zizmor {ident} ({severity}): {message}", line)
