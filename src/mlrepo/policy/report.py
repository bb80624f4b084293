"""Render a check report as text (for people), JSON (for tools) or SARIF 2.1.0 (code scanning)."""

from __future__ import annotations

import json
from itertools import groupby

from mlrepo import __version__
from mlrepo.formats.text import printable

_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _location(result) -> str:
    f = result.finding
    path = printable(f.path)
    return f"{path}:{f.line}" if f.line else path


def text(report, colour: bool = False) -> str:
    def paint(code: str, s: str) -> str:
        return f"\033[{code}m{s}\033[0m" if colour else s

    lines = []
    ordered = sorted(report.results, key=lambda r: (r.rule.family, r.rule.id, _location(r)))
    for family, group in groupby(ordered, key=lambda r: r.rule.family):
        lines.append(paint("1", f"{family}"))
        for result in group:
            rule = result.rule
            tag = paint("33", "waived") if result.waived_by else paint("31", rule.severity)
            message = printable(result.finding.message)
            lines.append(f"  {_location(result)}: {tag} {rule.id} {message}")
            if result.waived_by:
                lines.append(f"    {result.waived_by}")
            else:
                lines.append(f"    {rule.title}. Fix: {rule.fix}")
    failing = len(report.failures)
    waived = len(report.results) - failing
    summary = (
        f"{len(report.rules)} rules at maturity level {report.level}: "
        f"{failing} finding(s), {waived} waived"
    )
    lines.append(paint("32" if not failing else "31", summary))
    return "\n".join(lines)


def as_json(report) -> str:
    payload = {
        "tool": {"name": "mlrepo", "version": __version__},
        "level": report.level,
        "rules_run": [r.id for r in report.rules],
        "summary": {
            "findings": len(report.failures),
            "waived": len(report.results) - len(report.failures),
        },
        "findings": [
            {
                "rule": r.rule.id,
                "title": r.rule.title,
                "family": r.rule.family,
                "severity": r.rule.severity,
                "path": r.finding.path,
                "line": r.finding.line,
                "message": r.finding.message,
                "fix": r.rule.fix,
                "url": r.rule.url,
                "waived_by": r.waived_by,
            }
            for r in report.results
        ],
    }
    return json.dumps(payload, indent=2)


def _uri(path: str) -> str:
    """A repository path as a relative URI: percent-encoded bytes, so a name that is not UTF-8
    (held as lone surrogates) or holds a space is still a valid SARIF artifactLocation."""
    import os
    from urllib.parse import quote

    return quote(os.fsencode(path))


def sarif(report) -> str:
    rules = sorted(report.rules, key=lambda r: r.id)
    index = {r.id: i for i, r in enumerate(rules)}
    results = []
    for r in report.results:
        region = {"startLine": r.finding.line} if r.finding.line else None
        location = {"artifactLocation": {"uri": _uri(r.finding.path), "uriBaseId": "%SRCROOT%"}}
        if region:
            location["region"] = region
        result = {
            "ruleId": r.rule.id,
            "ruleIndex": index[r.rule.id],
            "level": _SARIF_LEVEL[r.rule.severity],
            "message": {"text": f"{r.finding.message}. Fix: {r.rule.fix}"},
            "locations": [{"physicalLocation": location}],
        }
        if r.waived_by:
            result["suppressions"] = [{"kind": "external", "justification": r.waived_by}]
        results.append(result)
    driver = {
        "name": "mlrepo",
        "version": __version__,
        "informationUri": "https://github.com/mlrepo-dev/mlrepo",
        "rules": [
            {
                "id": r.id,
                "name": r.id,
                "shortDescription": {"text": r.title},
                "fullDescription": {"text": r.why},
                "help": {"text": f"{r.why} Fix: {r.fix}"},
                **({"helpUri": r.url} if r.url else {}),
                "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
                "properties": {"family": r.family, "levels": list(r.levels)},
            }
            for r in rules
        ],
    }
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }
    return json.dumps(log, indent=2)
