"""Run the stages in order and write the artifacts: model.json and metrics.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from {{ cookiecutter.project_slug }} import evaluate, features, train
from {{ cookiecutter.project_slug }}.config import Config
from {{ cookiecutter.project_slug }}.data import load_table
from {{ cookiecutter.project_slug }}.predict import save_model


@dataclass(frozen=True)
class RunResult:
    model_path: Path
    metrics_path: Path
    metrics: dict[str, float]


def run(config: Config) -> RunResult:
    """data -> features -> train -> evaluate; the gate reads metrics.json afterwards."""
    rows = load_table(config.data_path, config.schema_path)
    train_rows, test_rows = train.split(rows, config.test_fraction, config.seed)
    spec = features.fit(train_rows, config.numeric, config.categorical)
    model = train.fit(
        features.transform(spec, train_rows),
        [bool(r[config.target]) for r in train_rows],
        config.learning_rate,
        config.epochs,
    )
    predictions = [model.probability(v) >= 0.5 for v in features.transform(spec, test_rows)]
    labels = [bool(r[config.target]) for r in test_rows]
    metrics = evaluate.classification_metrics(labels, predictions)

    config.output_dir.mkdir(parents=True, exist_ok=True)
    model_path = config.output_dir / "model.json"
    metrics_path = config.output_dir / "metrics.json"
    save_model(model_path, model, spec)
    report = {"dataset": config.dataset_name, "metrics": metrics}
    metrics_path.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return RunResult(model_path, metrics_path, metrics)
