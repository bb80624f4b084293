"""The fleet's rows: local clones scanned in a process pool, or status reports CI produced.

A row is `{name, source, state, reason, status}`; a clone that is missing, a report that does not
validate, a repository never generated from the template are rows with a reason, never a crash.
"""

from __future__ import annotations

import json
import os
import sys

from mlrepo.formats.schema import validate, where
from mlrepo.policy.resources import schema

STATES = ("ok", "foreign", "broken", "unreachable")


def _row(name: str, source: str, state: str, reason: str | None, status: dict | None) -> dict:
    return {"name": name, "source": source, "state": state, "reason": reason, "status": status}


def row_of(status: dict, source: str) -> dict:
    """The row of a status document: its state says whether its numbers can be trusted."""
    template, findings, drift = status["template"], status["findings"], status["drift"]
    if template["commit"] is None:
        state, reason = "foreign", template["error"]
    elif template["error"]:
        state, reason = "unreachable", template["error"]
    elif findings["error"] or drift["error"]:
        state, reason = "broken", findings["error"] or drift["error"]
    else:
        state, reason = "ok", None
    return _row(status["name"], source, state, reason, status)


def scan_one(path: str) -> dict:
    """The row of the clone at `path` (runs in a worker process)."""
    from mlrepo.fleet.status import one_line, status

    name = os.path.basename(os.path.normpath(path))
    if not os.path.isdir(path):
        return _row(name, path, "unreachable", f"{path}: not a directory", None)
    try:
        return row_of(status(path), path)
    except Exception as exc:  # one repository must never stop the fleet: its row says why
        return _row(name, path, "broken", f"status failed: {one_line(exc)}", None)


def scan(paths: list[str], jobs: int | None = None) -> list[dict]:
    """Rows of the clones, scanned in parallel; a progress bar on stderr when it is a terminal."""
    if not paths:
        return []
    jobs = jobs or os.cpu_count() or 1
    show = sys.stderr.isatty()
    rows = []
    if jobs == 1:
        results = map(scan_one, paths)
        rows = _collect(results, len(paths), show)
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
            rows = _collect(pool.map(scan_one, paths), len(paths), show)
    return rows


def _collect(results, total: int, show: bool) -> list[dict]:
    rows = []
    for done, row in enumerate(results, 1):
        rows.append(row)
        if show:
            filled = done * 30 // total
            print(f"\rscanning [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}",
                  end="" if done < total else "\n", file=sys.stderr, flush=True)  # fmt: skip
    return rows


def load_reports(folder: str) -> list[dict]:
    """Rows of the status reports (*.json) in `folder`, each validated against its schema."""
    from mlrepo.formats.loaders import read_bytes

    rows = []
    status_schema = schema("status.schema.json")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json"):
            continue
        path = os.path.join(folder, name)
        stem = name.removesuffix(".json")
        try:
            document = json.loads(read_bytes(path))
        except (OSError, ValueError) as exc:
            rows.append(
                _row(stem, path, "broken", f"{name}: not a readable JSON report: {exc}", None)
            )
            continue
        errors = validate(document, status_schema)
        if errors:
            location, message = errors[0]
            shown = f"{where(location)}: " if location else ""
            rows.append(
                _row(stem, path, "broken", f"{name}: not a status report: {shown}{message}", None)
            )
            continue
        rows.append(row_of(document, path))
    return rows
