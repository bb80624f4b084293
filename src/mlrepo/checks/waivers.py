"""Waivers: temporary, approved exceptions. Only a valid, unexpired waiver suppresses findings."""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass

from mlrepo.checks import Finding
from mlrepo.checks.documents import _schema, _schema_findings
from mlrepo.loaders import key_lines
from mlrepo.minischema import validate

PATH = "governance/waivers.yaml"


@dataclass(frozen=True)
class Waiver:
    rule: str
    approver: str
    expires: dt.date
    paths: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.rule} waived by {self.approver} until {self.expires.isoformat()}"

    def covers(self, rule_id: str, path: str) -> bool:
        if rule_id != self.rule:
            return False
        return not self.paths or any(fnmatch.fnmatchcase(path, p) for p in self.paths)


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
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
    lines = key_lines(data)
    today = dt.date.today()
    for index, entry in enumerate(_entries(ctx)):
        if not isinstance(entry, dict):
            continue
        for problem in _problems(entry, ctx.rule_ids, today, int(params.get("max_days", 90))):
            yield Finding(PATH, f"waivers[{index}]: {problem}", lines.get(("waivers", index)))


def active_waivers(ctx) -> list[Waiver]:
    """Waivers that are valid today; any problem (GOV003 reports it) disqualifies a waiver."""
    schema = _schema("waivers.schema.json")["properties"]["waivers"]["items"]
    active = []
    for entry in _entries(ctx):
        if (
            isinstance(entry, dict)
            and not validate(entry, schema)
            and not _problems(entry, ctx.rule_ids, dt.date.today(), 90)
        ):
            paths = tuple(entry.get("paths", []))
            active.append(
                Waiver(entry["rule"], entry["approver"], _as_date(entry["expires"]), paths)
            )
    return active
