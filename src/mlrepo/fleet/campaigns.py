"""Campaigns: a YAML file of goals (rules to pass or a level to reach, for some teams or
repositories, by a deadline), measured on the current fleet and on every archived snapshot."""

from __future__ import annotations

import datetime
import os

from mlrepo.errors import ConfigError
from mlrepo.formats.loaders import key_lines, load_yaml, nearest_line, read_bytes

KEYS = {"name", "rules", "level", "teams", "repos", "deadline"}


def load(path: str) -> list[dict]:
    """The campaigns of `path` (`campaigns: [{name, rules | level, teams | repos, deadline}]`)."""
    shown = os.path.basename(path)
    try:
        data = read_bytes(path)
    except OSError as exc:
        raise ConfigError(shown, f"cannot read: {exc.strerror or exc}") from None
    document = load_yaml(shown, data)
    listed = document.get("campaigns") if isinstance(document, dict) else None
    if not isinstance(listed, list):
        raise ConfigError(shown, "expected a 'campaigns' list", 1)
    lines = key_lines(data)
    campaigns = []
    for index, entry in enumerate(listed):

        def fail(key: str, message: str, index: int = index) -> ConfigError:
            return ConfigError(shown, message, nearest_line(lines, ("campaigns", index, key)))

        if not isinstance(entry, dict):
            raise fail("", f"campaign {index + 1}: expected a mapping")
        unknown = sorted(set(entry) - KEYS)
        if unknown:
            raise fail(unknown[0], f"unknown key '{unknown[0]}' (known: {', '.join(sorted(KEYS))})")
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise fail("name", f"campaign {index + 1}: 'name' must be a non-empty string")
        if ("rules" in entry) == ("level" in entry):
            raise fail("name", f"{name}: give either 'rules' or 'level'")
        rules = entry.get("rules", [])
        if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
            raise fail("rules", f"{name}: 'rules' must be a list of rule ids")
        level = entry.get("level")
        if "level" in entry and (isinstance(level, bool) or level not in (1, 2)):
            raise fail("level", f"{name}: 'level' must be 1 or 2")
        scope = {}
        for key in ("teams", "repos"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise fail(key, f"{name}: '{key}' must be a list of strings")
            scope[key] = value
        deadline = entry.get("deadline")
        if isinstance(deadline, str):
            try:
                deadline = datetime.date.fromisoformat(deadline)
            except ValueError:
                deadline = None
        if not isinstance(deadline, datetime.date):
            raise fail("deadline", f"{name}: 'deadline' must be a date (YYYY-MM-DD)")
        campaigns.append(
            {
                "name": name,
                "rules": rules,
                "level": level,
                **scope,
                "deadline": deadline.isoformat(),
            }
        )
    return campaigns


def in_scope(campaign: dict, row: dict) -> bool:
    status = row.get("status") or {}
    if campaign["repos"] or campaign["teams"]:
        return row["name"] in campaign["repos"] or status.get("team") in campaign["teams"]
    return row["state"] != "foreign"


def done(campaign: dict, row: dict) -> bool:
    """The repository meets the campaign's goal (a row without a status never does)."""
    status = row.get("status")
    if not status or row["state"] in ("broken", "unreachable"):
        return False
    if campaign["level"] is not None:
        return bool(status["level"] >= campaign["level"])
    failing = {i["rule"] for i in status["findings"]["items"] if i["waived_by"] is None}
    return not failing & set(campaign["rules"])


def measure(campaign: dict, rows: list[dict]) -> tuple[int, int]:
    """(repositories in scope, repositories done)."""
    scoped = [row for row in rows if in_scope(campaign, row)]
    return len(scoped), sum(1 for row in scoped if done(campaign, row))


def progress(campaigns: list[dict], rows: list[dict], now: str, history: list[dict]) -> list[dict]:
    """Each campaign with its progress now and its burndown over the archived snapshots."""
    snapshots = sorted(history, key=lambda s: s["generated_at"])
    tracked = []
    for campaign in campaigns:
        burndown = []
        for snapshot in snapshots:
            total, met = measure(campaign, snapshot["repositories"])
            burndown.append({"date": snapshot["generated_at"], "remaining": total - met,
                             "total": total})  # fmt: skip
        total, met = measure(campaign, rows)
        burndown.append({"date": now, "remaining": total - met, "total": total})
        tracked.append(
            {
                **campaign,
                "repos_in_scope": total,
                "done": met,
                "progress": round(met / total, 4) if total else 1.0,
                "burndown": burndown,
            }
        )
    return tracked
