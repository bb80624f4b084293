"""Stage 5, predict: score rows with a saved model artifact."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from {{ cookiecutter.project_slug }}.features import FeatureSpec, transform
from {{ cookiecutter.project_slug }}.train import Model


def save_model(path: Path, model: Model, spec: FeatureSpec) -> None:
    payload = {"weights": model.weights, "bias": model.bias, "features": spec.to_dict()}
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def load_model(path: Path) -> tuple[Model, FeatureSpec]:
    payload = json.loads(path.read_text(encoding="utf-8"))
    return Model(payload["weights"], payload["bias"]), FeatureSpec.from_dict(payload["features"])


def predict(path: Path, rows: list[dict[str, Any]]) -> list[float]:
    """Probability of the positive class for each row."""
    model, spec = load_model(path)
    return [round(model.probability(v), 6) for v in transform(spec, rows)]
