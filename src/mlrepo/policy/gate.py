"""`mlrepo gate`: compare a metrics report with the thresholds of a lifecycle stage.

Thresholds live in governance/stage_gates.yaml (`stages: {STAGE: {metrics: {NAME: {min, max}}}}`);
the report is the JSON the generated `evaluate` step writes (`{"metrics": {...}}`, or a flat
mapping). The stage defaults to the one docs/model_card.md declares.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

from mlrepo.errors import ConfigError
from mlrepo.formats.loaders import key_lines, load_yaml
from mlrepo.formats.text import split_front_matter

GATES = "governance/stage_gates.yaml"
MODEL_CARD = "docs/model_card.md"


class Row(NamedTuple):
    metric: str
    threshold: str  #: e.g. ">= 0.7 and <= 1"
    value: float
    passed: bool


def declared_stage(root: Path) -> str:
    path = root / MODEL_CARD
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise ConfigError(MODEL_CARD, "cannot read it to find the stage; pass --stage") from None
    except UnicodeDecodeError:
        raise ConfigError(MODEL_CARD, "not valid UTF-8 text; pass --stage") from None
    split = split_front_matter(text)
    if split is None:
        raise ConfigError(MODEL_CARD, "no front matter declaring 'stage'; pass --stage", 1)
    card = load_yaml(MODEL_CARD, split[0].encode())
    stage = card.get("stage") if isinstance(card, dict) else None
    if not isinstance(stage, str):
        raise ConfigError(MODEL_CARD, "front matter declares no 'stage'; pass --stage", 1)
    return stage


def thresholds(root: Path, gates: str, stage: str) -> dict[str, dict[str, float]]:
    path = root / gates
    try:
        data = path.read_bytes()
    except OSError:
        raise ConfigError(gates, "cannot read the stage gates") from None
    document = load_yaml(gates, data)
    stages = document.get("stages") if isinstance(document, dict) else None
    if not isinstance(stages, dict):
        raise ConfigError(gates, "expected a 'stages' mapping", 1)
    if stage not in stages:
        known = ", ".join(map(str, stages)) or "none"
        raise ConfigError(gates, f"unknown stage '{stage}' (declared: {known})")
    metrics = (stages[stage] or {}).get("metrics") or {}
    lines = None
    for name, bounds in metrics.items():
        ok = isinstance(bounds, dict) and bounds and set(bounds) <= {"min", "max"}
        if ok and all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in bounds.values()
        ):
            continue
        lines = lines or key_lines(data)
        line = lines.get(("stages", stage, "metrics", name))
        raise ConfigError(gates, f"{stage}.{name}: expected {{min: N}} and/or {{max: N}}", line)
    return metrics


def read_metrics(path: Path, shown: str) -> dict[str, float]:
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(shown, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(shown, "not valid UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(shown, f"invalid JSON: {exc.msg}", exc.lineno) from None
    metrics = report.get("metrics", report) if isinstance(report, dict) else None
    if not isinstance(metrics, dict):
        raise ConfigError(shown, 'expected a JSON object of metrics (or {"metrics": {...}})')
    return metrics


def evaluate(
    bounds: dict[str, dict[str, float]], metrics: dict[str, float], shown: str
) -> list[Row]:
    """A row per threshold; a missing or non-numeric metric is an error."""
    rows = []
    for name, limits in bounds.items():
        value = metrics.get(name)
        if value is None:
            raise ConfigError(shown, f"metric '{name}' is required by the gate but not reported")
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ConfigError(shown, f"metric '{name}' is not a number: {value!r}")
        passed = value >= limits.get("min", value) and value <= limits.get("max", value)
        text = " and ".join(
            f"{'>=' if k == 'min' else '<='} {v}" for k, v in sorted(limits.items(), reverse=True)
        )
        rows.append(Row(name, text, value, passed))
    return rows


def passed(rows: list[Row]) -> bool:
    return all(row.passed for row in rows)


def table(stage: str, rows: list[Row]) -> str:
    header = ("metric", "threshold", "value", "result")
    body = [(n, t, f"{v:g}", "pass" if ok else "FAIL") for n, t, v, ok in rows]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(4)]
    lines = [f"stage gate: {stage}"]
    for row in [header, *body]:
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    met = sum(row.passed for row in rows)
    lines.append(f"{'passed' if passed(rows) else 'failed'}: {met}/{len(rows)} thresholds met")
    return "\n".join(lines)
