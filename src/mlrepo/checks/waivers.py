"""Waivers: temporary, approved exceptions. Only a valid, unexpired waiver suppresses findings."""

from __future__ import annotations

import fnmatch
from collections import namedtuple

from mlrepo.checks import Finding
from mlrepo.checks.documents import _schema, _schema_findings
from mlrepo.loaders import key_lines
from mlrepo.minischema import validate

PATH = "governance/waivers.yaml"


class Waiver(namedtuple("Waiver", "rule approver expires paths")):
    @property
    def label(self) -> str:
        return f"{self.rule} waived by {self.approver} until {self.expires.isoformat()}"

    def covers(self, rule_id: str, path: str) -> bool:
        if rule_id != self.rule:
            return False
        return not self.paths or any(fnmatch.fnmatchcase(path, p) for p in self.paths)


def _today():
    import datetime  # only when there are waivers: hooks on a clean repository skip the import

    return datetime.date.today()


def _as_date(value):
    import datetime

    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def _problems(entry, known, today, max_days) -> list[str]:
    problems = []
    rule = entry.get("rule")
    if not isinstance(rule, str) or rule not in known:
        problems.append(f"rule {rule!r} does not exist")
    expires = _as_date(entry.get("expires"))
    if expires is not None and expires < today:
        problems.append(f"expired on {expires.isoformat()}")
    elif expires is not None and (expires - today).days > max_days:
        problems.append(f"expires {expires.isoformat()}, more than {max_days} days from today")
    return problems


def _entries(ctx):
    if not ctx.repo.exists(PATH):
        return []
    document = ctx.repo.yaml(PATH)
    if not isinstance(document, dict) or not isinstance(document.get("waivers"), list):
        return []
    return document["waivers"]


def waivers(ctx, params):
    if not ctx.repo.exists(PATH):
        return
    document, data = ctx.repo.yaml(PATH), ctx.repo.read(PATH)
    yield from _schema_findings(PATH, document, data, _schema("waivers.schema.json"))
    entries = _entries(ctx)
    today = _today() if entries else None
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        for problem in _problems(entry, ctx.rule_ids, today, int(params.get("max_days", 90))):
            line = key_lines(data).get(("waivers", index))
            yield Finding(PATH, f"waivers[{index}]: {problem}", line)


def active_waivers(ctx) -> list[Waiver]:
    """Waivers that are valid today; any problem (GOV003 reports it) disqualifies a waiver."""
    schema = _schema("waivers.schema.json")["properties"]["waivers"]["items"]
    active = []
    for entry in _entries(ctx):
        if (
            isinstance(entry, dict)
            and not validate(entry, schema)
            and not _problems(entry, ctx.rule_ids, _today(), 90)
        ):
            paths = tuple(entry.get("paths", []))
            active.append(
                Waiver(entry["rule"], entry["approver"], _as_date(entry["expires"]), paths)
            )
    return active
