"""`mlrepo status`: where one repository stands, as one JSON document (status.schema.json).

Every section is computed on its own and a problem in one (an unreachable template source, an
invalid [tool.mlrepo]) is that section's `error`, never a crash: a fleet needs a row for every
repository, broken ones included.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from mlrepo import __version__
from mlrepo.errors import MlrepoError
from mlrepo.policy.checks import Context
from mlrepo.policy.repository import Repository

FORMAT = "mlrepo-status/1"
ANSWERS = ".copier-answers.yml"
DRIFT_STATES = ("identical", "customised", "deleted", "conflicted", "added")
SEVERITIES = ("error", "warning", "info")


def one_line(exc: BaseException) -> str:
    """An error as one short line (copier's messages span lines; a row needs one)."""
    return " ".join(str(exc).split())[:300]


def status(root: str | os.PathLike[str]) -> dict:
    """The status document of the repository at `root` (a directory)."""
    root = os.path.realpath(root)
    template = _template(root)
    findings, level = _findings(root, None)
    return {
        "format": FORMAT,
        "tool": {"name": "mlrepo", "version": __version__},
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "name": os.path.basename(root),  # a clone's folder: in CI, the repository's name
        "team": _team(root),
        "level": level,
        "template": {k: v for k, v in template.items() if k != "answers"},
        "drift": _drift(root, template),
        "findings": findings,
        "next_level": _next_level(root, level),
        "waivers": _waivers(root),
        "owners": _owners(root),
        "model_card": _model_card(root),
    }


def _team(root: str) -> str | None:
    """The ML team governance/project.yaml names (the team a fleet groups the repository by)."""
    repo = Repository(root)
    if not repo.exists("governance/project.yaml"):
        return None
    try:
        project = repo.yaml("governance/project.yaml")
    except MlrepoError:
        return None
    owners = project.get("owners") if isinstance(project, dict) else None
    team = owners.get("ml") if isinstance(owners, dict) else None
    return team if isinstance(team, str) else None


# -- template version ------------------------------------------------------------------------


def _template(root: str) -> dict:
    from packaging.version import InvalidVersion, Version

    from mlrepo.template.update import recorded_answers, template_versions

    found: dict = {"source": None, "commit": None, "latest": None, "behind": None, "error": None}
    try:
        answers = recorded_answers(Path(root))
    except MlrepoError as exc:
        return {**found, "error": one_line(exc)}
    found.update(source=str(answers["_src_path"]), commit=str(answers["_commit"]), answers=answers)
    try:
        versions = template_versions(found["source"])
    except MlrepoError as exc:
        return {**found, "error": one_line(exc)}
    if not versions:
        return {**found, "error": f"template source {found['source']} has no version tags"}
    found["latest"] = versions[-1][1]
    try:
        current = Version(found["commit"].split("-")[0])
    except InvalidVersion:
        return {**found, "error": f"{ANSWERS}: _commit {found['commit']!r} is not a version"}
    newer = [tag for version, tag in versions if current < version]  # type: ignore[operator]
    found["behind"] = len(newer)
    return found


# -- drift against the recorded template version ---------------------------------------------

_RENDERS: dict[str, str] = {}  # (source, commit, answers) -> a rendering, kept for this process


def _rendered(answers: dict) -> str:
    """A directory holding the recorded template version rendered with the recorded answers."""
    import atexit
    import json
    import shutil
    import tempfile

    given = {k: v for k, v in answers.items() if not k.startswith("_")}
    key = json.dumps([answers["_src_path"], answers["_commit"], given], sort_keys=True, default=str)
    if key not in _RENDERS:
        import copier

        scratch = tempfile.mkdtemp(prefix="mlrepo-status-")
        atexit.register(shutil.rmtree, scratch, True)
        copier.run_copy(
            answers["_src_path"],
            os.path.join(scratch, "render"),
            data=given,
            vcs_ref=answers["_commit"],
            defaults=True,
            quiet=True,
        )
        _RENDERS[key] = os.path.join(scratch, "render")
    return _RENDERS[key]


def _files_under(folder: str) -> set[str]:
    found: set[str] = set()
    for here, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d != ".git"]
        rel = os.path.relpath(here, folder).replace(os.sep, "/")
        found.update(name if rel == "." else f"{rel}/{name}" for name in names)
    return found


def _conflicted(data: bytes) -> bool:
    """Inline conflict markers, as copier's `--conflict inline` writes them."""
    lines = data.splitlines()
    return any(line.startswith(b"<<<<<<< ") for line in lines) and any(
        line.startswith(b">>>>>>> ") for line in lines
    )


def classify(repo_files: set[str], rendered: set[str], read_ours, read_theirs) -> dict[str, str]:
    """The drift state of every file of the repository or of the rendering."""
    states = {}
    for path in sorted(rendered | repo_files):
        if path == ANSWERS or path.endswith(".rej"):
            continue
        if path not in repo_files:
            states[path] = "deleted"
        elif path not in rendered:
            states[path] = "added"
        else:
            ours = read_ours(path)
            if ours == read_theirs(path):
                states[path] = "identical"
            elif _conflicted(ours) or f"{path}.rej" in repo_files:
                states[path] = "conflicted"
            else:
                states[path] = "customised"
    return states


def _drift(root: str, template: dict) -> dict:
    counts = dict.fromkeys(DRIFT_STATES, 0)
    if "answers" not in template:
        return {**counts, "files": {}, "error": "not generated from the template: no drift"}
    try:
        render = _rendered(template["answers"])
    except Exception as exc:  # copier's errors have no common base; any is this section's error
        return {
            **counts,
            "files": {},
            "error": f"cannot render {template['commit']}: {one_line(exc)}",
        }

    def read(base: str):
        def reader(path: str) -> bytes:
            with open(os.path.join(base, path), "rb") as file:
                return file.read()

        return reader

    ours = {p for p in Repository(root).files if os.path.isfile(os.path.join(root, p))}
    states = classify(ours, _files_under(render), read(root), read(render))
    for state in states.values():
        counts[state] += 1
    changed = {path: state for path, state in states.items() if state != "identical"}
    return {**counts, "files": changed, "error": None}


# -- findings and the next level -------------------------------------------------------------


def _findings(root: str, level: int | None) -> tuple[dict, int]:
    """Findings by family and severity at the configured level (or `level`), and that level."""
    from mlrepo.policy.engine import run
    from mlrepo.policy.rules import read_config

    empty: dict = {"error": None, "total": 0, "waived": 0, "by_family": {}, "items": []}
    try:
        report = run(root, level)
    except MlrepoError as exc:
        try:
            fallback = read_config(Repository(root)).level if level is None else level
        except MlrepoError:
            fallback = 0
        return {**empty, "error": one_line(exc)}, fallback
    by_family: dict[str, dict[str, int]] = {}
    items = []
    for result in report.results:
        rule, finding = result.rule, result.finding
        if result.waived_by is None:
            family = by_family.setdefault(rule.family, dict.fromkeys(SEVERITIES, 0))
            family[rule.severity] += 1
        items.append(
            {
                "rule": rule.id,
                "title": rule.title,
                "family": rule.family,
                "severity": rule.severity,
                "path": finding.path,
                "line": finding.line,
                "message": finding.message,
                "fix": rule.fix,
                "waived_by": result.waived_by,
                "tags": rule.tags,
            }
        )
    failing = len(report.failures)
    return {
        "error": None,
        "total": failing,
        "waived": len(report.results) - failing,
        "by_family": by_family,
        "items": items,
    }, report.level


def _next_level(root: str, level: int) -> dict:
    """What would fail at level+1: the rules and files to fix before moving up."""
    if level >= 2:
        return {"level": None, "rules": [], "files": [], "items": [], "error": None}
    findings, _ = _findings(root, level + 1)
    failing = [item for item in findings["items"] if item["waived_by"] is None]
    return {
        "level": level + 1,
        "rules": sorted({item["rule"] for item in failing}),
        "files": sorted({item["path"] for item in failing}),
        "items": [
            {k: item[k] for k in ("rule", "title", "path", "message", "fix")} for item in failing
        ],
        "error": findings["error"],
    }


# -- waivers, owners, model card -------------------------------------------------------------


def _waivers(root: str) -> list[dict]:
    from mlrepo.formats.schema import validate
    from mlrepo.policy.resources import schema
    from mlrepo.policy.rules import load_rules, read_config
    from mlrepo.policy.waivers import as_date, entries, problems, today

    try:
        known = frozenset(r.id for r in load_rules(root, read_config(Repository(root))))
    except MlrepoError:
        known = frozenset()
    ctx = Context(Repository(root), 0, known)
    item = schema("waivers.schema.json")["properties"]["waivers"]["items"]
    now = today()
    found = []
    try:
        listed = entries(ctx, "governance/waivers.yaml")
    except MlrepoError:
        return []
    for entry in listed:
        if not isinstance(entry, dict):
            continue
        expires = as_date(entry.get("expires"))
        found.append(
            {
                "rule": str(entry.get("rule", "")),
                "reason": str(entry.get("reason", "")),
                "approver": str(entry.get("approver", "")),
                "expires": expires.isoformat() if expires else None,
                "days_left": (expires - now).days if expires else None,
                "valid": not validate(entry, item) and not problems(entry, known, now, 90),
            }
        )
    return found


def _owners(root: str) -> dict:
    from mlrepo.formats.codeowners.matcher import Matcher
    from mlrepo.formats.codeowners.syntax import LOCATIONS, parse

    repo = Repository(root)
    files = repo.files
    found = next((p for p in LOCATIONS if repo.exists(p)), None)
    teams: list[str] = []
    owned = 0
    if found is not None:
        try:
            entries, _ = parse(repo.text(found))
        except MlrepoError:
            entries = []
        decided = Matcher(entries).entries_for(files)
        owned = sum(1 for entry in decided.values() if entry is not None and entry.owners)
        teams = sorted({o for e in entries for o in e.owners})
    return {
        "codeowners": found,
        "teams": teams,
        "files": len(files),
        "owned": owned,
        "coverage": round(owned / len(files), 4) if files else 0.0,
    }


def _model_card(root: str) -> dict:
    from mlrepo.policy import gate

    path = Path(root)
    try:
        stage: str | None = gate.declared_stage(path)
    except MlrepoError:
        stage = None
    result = None
    metrics = path / "artifacts" / "metrics.json"
    if stage is not None and metrics.is_file() and (path / gate.GATES).is_file():
        try:
            rows = gate.evaluate(
                gate.thresholds(path, gate.GATES, stage),
                gate.read_metrics(metrics, "artifacts/metrics.json"),
                "artifacts/metrics.json",
            )
            result = {
                "stage": stage,
                "passed": gate.passed(rows),
                "failed": [row.metric for row in rows if not row.passed],
                "error": None,
            }
        except MlrepoError as exc:
            result = {"stage": stage, "passed": False, "failed": [], "error": one_line(exc)}
    return {"stage": stage, "gate": result}
