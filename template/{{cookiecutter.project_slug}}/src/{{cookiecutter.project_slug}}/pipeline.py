"""Run the stages in order and write the artifacts: model.skops and metrics.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import sklearn

from {{ cookiecutter.project_slug }} import evaluate, train
from {{ cookiecutter.project_slug }}.config import Config
from {{ cookiecutter.project_slug }}.data import load_table
from {{ cookiecutter.project_slug }}.model_store import FORMAT, save_model
from {{ cookiecutter.project_slug }}.predict import predict
from {{ cookiecutter.project_slug }}.tracking import log_run


@dataclass(frozen=True)
class RunResult:
    model_path: Path
    metrics_path: Path
    metrics: dict[str, float]
    run_id: str | None  # the MLflow run, None when tracking is off


def run(config: Config) -> RunResult:
    """data -> train -> evaluate (on held-out rows, with the saved model) -> track.

    `mlrepo gate` reads metrics.json afterwards.
    """
    rows = load_table(config.data_path, config.schema_path)
    train_rows, test_rows = train.split(config, rows)
    config.output_dir.mkdir(parents=True, exist_ok=True)
    model_path = config.output_dir / "model.skops"
    save_model(model_path, train.fit(config, train_rows))
    metrics = evaluate.classification_metrics(
        test_rows[config.target], predict(model_path, test_rows)
    )
    metrics_path = config.output_dir / "metrics.json"
    report = {
        "dataset": config.dataset_name,
        "metrics": metrics,
        "model": {"path": model_path.name, "format": FORMAT, "scikit-learn": sklearn.__version__},
    }
    metrics_path.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    params = {
        "seed": config.seed,
        "test_fraction": config.test_fraction,
        "regularization": config.regularization,
        "max_iter": config.max_iter,
        "n_train": len(train_rows),
    }
    run_id = log_run(config, params, metrics, [model_path, metrics_path])
    return RunResult(model_path, metrics_path, metrics, run_id)
