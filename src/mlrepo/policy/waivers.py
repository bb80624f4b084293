"""Waivers (governance/waivers.yaml): temporary, approved exceptions. Only a valid, unexpired
waiver suppresses findings; GOV003 (checks/governance.py) reports the invalid ones."""

from __future__ import annotations

import fnmatch
from collections import namedtuple

from mlrepo.formats.schema import validate
from mlrepo.policy.resources import schema

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

SCHEMA = "waivers.schema.json"


class Waiver(namedtuple("Waiver", "rule approver expires paths")):
    @property
    def label(self) -> str:
        return f"{self.rule} waived by {self.approver} until {self.expires.isoformat()}"

    def covers(self, rule_id: str, path: str) -> bool:
        if rule_id != self.rule:
            return False
        return not self.paths or any(fnmatch.fnmatchcase(path, p) for p in self.paths)


def today():
    import datetime  # only when there are waivers: hooks on a clean repository skip the import

    return datetime.date.today()


def as_date(value):
    """A date, or None: a datetime is no expiry date (and cannot be compared with one)."""
    import datetime

    if isinstance(value, datetime.datetime):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def problems(entry: dict, known: frozenset[str], today, max_days: int) -> list[str]:
    problems = []
    rule = entry.get("rule")
    if not isinstance(rule, str) or rule not in known:
        problems.append(f"rule {rule!r} does not exist")
    expires = as_date(entry.get("expires"))
    if expires is None and "expires" in entry:
        problems.append(f"expires {entry['expires']!s} is not a date (YYYY-MM-DD)")
    elif expires is not None and expires < today:
        problems.append(f"expired on {expires.isoformat()}")
    elif expires is not None and (expires - today).days > max_days:
        problems.append(f"expires {expires.isoformat()}, more than {max_days} days from today")
    return problems


def entries(ctx, path: str) -> list:
    if not ctx.repo.exists(path):
        return []
    document = ctx.repo.yaml(path)
    if not isinstance(document, dict) or not isinstance(document.get("waivers"), list):
        return []
    return document["waivers"]


def active_waivers(ctx, params: Mapping[str, Any]) -> list[Waiver]:
    """Waivers valid today under GOV003's params (the file, the horizon in days); any problem
    that GOV003 reports disqualifies a waiver."""
    path, max_days = params["path"], params["max_days"]
    item = schema(SCHEMA)["properties"]["waivers"]["items"]
    active = []
    for entry in entries(ctx, path):
        if (
            isinstance(entry, dict)
            and not validate(entry, item)
            and not problems(entry, ctx.rule_ids, today(), max_days)
        ):
            paths = tuple(entry.get("paths", []))
            active.append(
                Waiver(entry["rule"], entry["approver"], as_date(entry["expires"]), paths)
            )
    return active
