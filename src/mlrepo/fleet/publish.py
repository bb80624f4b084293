"""Build a fleet document from its sources and write it (fleet.json + fleet.html) atomically."""

from __future__ import annotations

import json
import os

from mlrepo.errors import ConfigError
from mlrepo.fleet.aggregate import fleet
from mlrepo.fleet.campaigns import load
from mlrepo.fleet.scan import load_reports, scan


def history(folder: str | None) -> list[dict]:
    """The archived fleet.json snapshots in `folder` (unreadable ones are refused by name)."""
    if not folder or not os.path.isdir(folder):
        return []
    snapshots = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".json"):
            try:
                with open(os.path.join(folder, name), "rb") as file:
                    document = json.loads(file.read())
                if document.get("format") != "mlrepo-fleet/1":
                    raise ValueError("not a fleet.json")
            except (OSError, ValueError, AttributeError) as exc:
                raise ConfigError(name, f"not an archived fleet.json: {exc}") from None
            snapshots.append(document)
    return snapshots


def build(
    clones: list[str],
    reports: str | None,
    campaigns: str | None,
    archive: str | None,
    jobs: int | None = None,
) -> dict:
    rows = scan(clones, jobs) + (load_reports(reports) if reports else [])
    return fleet(rows, load(campaigns) if campaigns else [], history(archive))


def _replace(path: str, text: str) -> None:
    staged = f"{path}.tmp-{os.getpid()}"
    with open(staged, "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(staged, path)


def write(document: dict, out: str, archive: str | None) -> None:
    """OUT/fleet.json and OUT/fleet.html, each replaced whole; a copy archived for burndowns."""
    from mlrepo.fleet.dashboard import html

    os.makedirs(out, exist_ok=True)
    text = json.dumps(document, indent=1)
    _replace(os.path.join(out, "fleet.json"), text)
    _replace(os.path.join(out, "fleet.html"), html(document))
    if archive:
        os.makedirs(archive, exist_ok=True)
        stamp = document["generated_at"].replace(":", "")
        _replace(os.path.join(archive, f"fleet-{stamp}.json"), text)
