"""fleet.json: the rows plus what a platform team reads first (levels, version lag, findings by
team and family, drift, waivers about to expire, the compliance view, campaigns)."""

from __future__ import annotations

import datetime

from mlrepo import __version__
from mlrepo.fleet.campaigns import progress

FORMAT = "mlrepo-fleet/1"
EXPIRING_DAYS = 30


def _tagged_rules() -> dict[str, dict]:
    """The built-in rules' compliance tags, so the compliance view lists unfailed rules too."""
    from mlrepo.policy.rules import Config, load_rules

    return {rule.id: rule.tags for rule in load_rules(".", Config()) if rule.tags}


def _failing(status: dict) -> list[dict]:
    return [item for item in status["findings"]["items"] if item["waived_by"] is None]


def fleet(
    rows: list[dict], campaigns: list[dict] | None = None, history: list[dict] | None = None
) -> dict:
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    levels: dict[str, int] = {}
    behind: dict[str, int] = {}
    states: dict[str, int] = {}
    heatmap: dict[str, dict[str, int]] = {}
    drift = dict.fromkeys(("identical", "customised", "deleted", "conflicted", "added"), 0)
    expiring = []
    tags = _tagged_rules()
    compliance: dict[str, dict[str, dict]] = {}
    for rule_id, rule_tags in sorted(tags.items()):
        for framework, sections in rule_tags.items():
            for section in sections:
                entry = compliance.setdefault(framework, {}).setdefault(
                    section, {"rules": [], "findings": 0, "repos": []}
                )
                entry["rules"].append(rule_id)
    for row in rows:
        states[row["state"]] = states.get(row["state"], 0) + 1
        status = row["status"]
        if status is None:
            continue
        levels[str(status["level"])] = levels.get(str(status["level"]), 0) + 1
        lag = status["template"]["behind"]
        key = "unknown" if lag is None else str(lag)
        behind[key] = behind.get(key, 0) + 1
        for state in drift:
            drift[state] += status["drift"][state]
        team = heatmap.setdefault(status["team"] or "(no team)", {})
        for family, counts in status["findings"]["by_family"].items():
            team[family] = team.get(family, 0) + sum(counts.values())
        for item in _failing(status):
            for framework, sections in tags.get(item["rule"], {}).items():
                for section in sections:
                    entry = compliance[framework][section]
                    entry["findings"] += 1
                    if row["name"] not in entry["repos"]:
                        entry["repos"].append(row["name"])
        for waiver in status["waivers"]:
            days = waiver["days_left"]
            if waiver["valid"] and days is not None and 0 <= days <= EXPIRING_DAYS:
                expiring.append({"repo": row["name"], **waiver})
    expiring.sort(key=lambda w: (w["days_left"], w["repo"], w["rule"]))
    return {
        "format": FORMAT,
        "tool": {"name": "mlrepo", "version": __version__},
        "generated_at": now,
        "repositories": rows,
        "rollups": {
            "states": states,
            "levels": levels,
            "behind": behind,
            "drift": drift,
            "findings_by_team": heatmap,
        },
        "waivers_expiring": expiring,
        "compliance": compliance,
        "campaigns": progress(campaigns or [], rows, now, history or []),
    }
