"""`mlrepo gate`: compare a metrics report with the thresholds of a lifecycle stage.

Thresholds live in governance/stage_gates.yaml (`stages: {STAGE: {metrics: {NAME: {min, max}}}}`);
the report is the JSON the generated `evaluate` step writes (`{"metrics": {...}}`, or a flat
mapping). The stage defaults to the one docs/model_card.md declares.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import NamedTuple

from mlrepo.errors import ConfigError
from mlrepo.formats.loaders import key_lines, load_yaml, read_bytes, read_inside, reason
from mlrepo.formats.text import printable, split_front_matter

METRICS_LIMIT = 64 * 1024 * 1024  # bytes: 2 million metrics fit; /dev/zero does not

GATES = "governance/stage_gates.yaml"
MODEL_CARD = "docs/model_card.md"


class Row(NamedTuple):
    metric: str
    threshold: str  #: e.g. ">= 0.7 and <= 1"
    value: float
    passed: bool


def declared_stage(root: Path) -> str:
    try:
        text = read_inside(str(root), MODEL_CARD).decode("utf-8")
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
    try:
        data = read_inside(str(root), gates)
    except OSError as exc:
        raise ConfigError(gates, f"cannot read the stage gates: {reason(exc)}") from None
    document = load_yaml(gates, data)
    stages = document.get("stages") if isinstance(document, dict) else None
    if not isinstance(stages, dict):
        raise ConfigError(gates, "expected a 'stages' mapping", 1)
    if stage not in stages:
        known = ", ".join(map(str, stages)) or "none"
        raise ConfigError(gates, f"unknown stage '{stage}' (declared: {known})")
    entry = stages[stage] or {}
    metrics = entry.get("metrics") if isinstance(entry, dict) else entry
    if not isinstance(metrics, dict | None):
        line = key_lines(data).get(("stages", stage))
        raise ConfigError(gates, f"{stage}: expected 'metrics' to map names to bounds", line)
    metrics = metrics or {}
    lines = None
    for name, bounds in metrics.items():
        ok = isinstance(bounds, dict) and bounds and set(bounds) <= {"min", "max"}
        if ok and all(_finite(v) for v in bounds.values()):
            continue
        lines = lines or key_lines(data)
        line = lines.get(("stages", stage, "metrics", name))
        raise ConfigError(
            gates, f"{stage}.{name}: expected {{min: N}} and/or {{max: N}} (finite numbers)", line
        )
    return metrics


def _finite(value: object) -> bool:
    """A real number a threshold can be compared with (not a bool, NaN or infinity)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer past any float: no metric is that large
        return False


def _object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    keys = [key for key, _ in pairs]
    repeated = next((key for key in keys if keys.count(key) > 1), None)
    if repeated is not None:  # json keeps the last one: a gate could pass on a stale value
        raise ValueError(f"duplicate key {repeated!r}")
    return dict(pairs)


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number a gate can compare")


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is too large for a number")
    return value


def read_metrics(path: Path, shown: str) -> dict[str, float]:
    """The metrics of a JSON report, strictly: UTF-8, finite numbers, no repeated keys."""
    try:
        data = read_bytes(str(path), METRICS_LIMIT)
    except OSError as exc:
        raise ConfigError(shown, f"cannot read: {reason(exc)}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(shown, "not valid UTF-8 text") from None
    try:
        report = json.loads(
            text, object_pairs_hook=_object, parse_constant=_no_constant, parse_float=_number
        )
    except json.JSONDecodeError as exc:
        raise ConfigError(shown, f"invalid JSON: {exc.msg}", exc.lineno) from None
    except ValueError as exc:  # ours above, or an integer past Python's digit limit
        raise ConfigError(shown, f"invalid JSON: {exc}") from None
    except RecursionError:
        raise ConfigError(shown, "invalid JSON: nested too deeply") from None
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
        if not _finite(value):
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
    body = [(printable(n), t, f"{v:g}", "pass" if ok else "FAIL") for n, t, v, ok in rows]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(4)]
    lines = [f"stage gate: {printable(stage)}"]
    for row in [header, *body]:
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    met = sum(row.passed for row in rows)
    lines.append(f"{'passed' if passed(rows) else 'failed'}: {met}/{len(rows)} thresholds met")
    return "\n".join(lines)
