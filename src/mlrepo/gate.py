"""`mlrepo gate`: compare a metrics report with the thresholds of a lifecycle stage.

Thresholds live in governance/stage_gates.yaml (`stages: {STAGE: {metrics: {NAME: {min, max}}}}`);
the report is the JSON the generated `evaluate` step writes (`{"metrics": {...}}`, or a flat
mapping). The stage defaults to the one docs/model_card.md declares.
"""

from __future__ import annotations

import json
from pathlib import Path

from mlrepo.errors import ConfigError
from mlrepo.loaders import key_lines, load_yaml

GATES = "governance/stage_gates.yaml"
MODEL_CARD = "docs/model_card.md"


def declared_stage(root: Path) -> str:
    path = root / MODEL_CARD
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise ConfigError(MODEL_CARD, "cannot read it to find the stage; pass --stage") from None
    if not text.startswith("---\n") or "\n---\n" not in text[3:]:
        raise ConfigError(MODEL_CARD, "no front matter declaring 'stage'; pass --stage", 1)
    card = load_yaml(MODEL_CARD, text[4 : text.index("\n---\n", 3) + 1].encode())
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
    except ValueError as exc:
        raise ConfigError(shown, f"invalid JSON: {exc.msg}", exc.lineno) from None
    metrics = report.get("metrics", report) if isinstance(report, dict) else None
    if not isinstance(metrics, dict):
        raise ConfigError(shown, 'expected a JSON object of metrics (or {"metrics": {...}})')
    return metrics


def evaluate(bounds: dict[str, dict[str, float]], metrics: dict[str, float], shown: str):
    """Rows (metric, threshold text, value, passed); a missing or non-numeric metric is an error."""
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
        rows.append((name, text, value, passed))
    return rows


def table(stage: str, rows) -> str:
    header = ("metric", "threshold", "value", "result")
    body = [(n, t, f"{v:g}", "pass" if ok else "FAIL") for n, t, v, ok in rows]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(4)]
    lines = [f"stage gate: {stage}"]
    for row in [header, *body]:
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    passed = all(ok for *_, ok in rows)
    lines.append(f"{'passed' if passed else 'failed'}: {sum(ok for *_, ok in rows)}/{len(rows)} "
                 "thresholds met")  # fmt: skip
    return "\n".join(lines)
