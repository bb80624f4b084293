"""Status and fleet documents as text for people (the JSON is for tools and the dashboard)."""

from __future__ import annotations


def status_text(s: dict) -> str:
    t, d, f, n = s["template"], s["drift"], s["findings"], s["next_level"]
    lines = [f"{s['name']} (team {s['team'] or 'unknown'}): maturity level {s['level']}"]
    if t["commit"]:
        lag = f"{t['behind']} release(s) behind {t['latest']}" if t["latest"] else t["error"]
        lines.append(f"  template {t['source']} at {t['commit']}: {lag}")
    else:
        lines.append(f"  template: {t['error']}")
    if d["error"]:
        lines.append(f"  drift: {d['error']}")
    else:
        counts = ", ".join(f"{d[k]} {k}" for k in ("identical", "customised", "deleted",
                                                   "conflicted", "added"))  # fmt: skip
        lines.append(f"  drift: {counts}")
        for path, state in sorted(d["files"].items()):
            if state != "added":
                lines.append(f"    {state}: {path}")
    if f["error"]:
        lines.append(f"  findings: {f['error']}")
    else:
        lines.append(f"  findings: {f['total']} ({f['waived']} waived)")
        for family, counts in sorted(f["by_family"].items()):
            shown = ", ".join(f"{v} {k}" for k, v in counts.items() if v)
            lines.append(f"    {family}: {shown}")
    for w in s["waivers"]:
        state = "valid" if w["valid"] else "INVALID"
        lines.append(f"  waiver {w['rule']} by {w['approver']} until {w['expires']} ({state})")
    o = s["owners"]
    lines.append(
        f"  owners: {o['owned']}/{o['files']} files ({o['codeowners'] or 'no CODEOWNERS'})"
    )
    m = s["model_card"]
    gate = m["gate"]
    result = "" if gate is None else f", last gate {'passed' if gate['passed'] else 'failed'}"
    lines.append(f"  model card stage: {m['stage'] or 'unknown'}{result}")
    if n["level"] is None:
        lines.append("  at the top maturity level")
    elif not n["items"]:
        move = f"mlrepo update --data maturity_level={n['level']}"
        lines.append(f"  level {n['level']} needs nothing more: `{move}`")
    else:
        lines.append(f"  level {n['level']} needs:")
        lines.extend(f"    {i['rule']} {i['path']}: {i['message']}" for i in n["items"])
    return "\n".join(lines)


def fleet_text(fleet: dict) -> str:
    r = fleet["rollups"]
    lines = [f"{len(fleet['repositories'])} repositories: "
             + ", ".join(f"{v} {k}" for k, v in sorted(r["states"].items()))]  # fmt: skip
    lines.append("levels: " + ", ".join(f"L{k}: {v}" for k, v in sorted(r["levels"].items())))
    lines.append(
        "releases behind: " + ", ".join(f"{k}: {v}" for k, v in sorted(r["behind"].items()))
    )
    for row in fleet["repositories"]:
        if row["state"] != "ok":
            lines.append(f"  {row['name']}: {row['state']}: {row['reason']}")
    for w in fleet["waivers_expiring"]:
        lines.append(
            f"waiver expiring: {w['repo']} {w['rule']} on {w['expires']} ({w['days_left']} days)"
        )
    for c in fleet["campaigns"]:
        trend = " → ".join(str(p["remaining"]) for p in c["burndown"])
        done = f"{c['done']}/{c['repos_in_scope']} done"
        lines.append(f"campaign {c['name']} (by {c['deadline']}): {done}, remaining: {trend}")
    return "\n".join(lines)
