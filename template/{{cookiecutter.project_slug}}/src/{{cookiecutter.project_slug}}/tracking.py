"""Experiment tracking with MLflow: the run's parameters, metrics and model artifact.

`MLFLOW_TRACKING_URI` sends runs to any tracking server; without it they go to a local file
store in `mlruns/` (git-ignored; browse it with `mlflow ui --backend-store-uri mlruns` after
installing the full `mlflow` package). `tracking.enabled: false` in configs/pipeline.yaml turns it
off. mlflow is imported only when a run is logged, so the other commands stay fast.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from {{ cookiecutter.project_slug }}.config import Config


def tracking_uri(config: Config) -> str:
    """The server from the environment, else the project's local file store."""
    return os.environ.get("MLFLOW_TRACKING_URI") or (config.root / "mlruns").as_uri()


def log_run(
    config: Config,
    params: Mapping[str, object],
    metrics: Mapping[str, float],
    artifacts: list[Path],
) -> str | None:
    """Log one run and return its id, or None when tracking is off."""
    if not config.tracking:
        return None
    uri = tracking_uri(config)
    if uri.startswith("file:"):
        # MLflow 3 accepts a plain file store only when asked to (it prefers a database).
        os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
    import mlflow

    mlflow.set_tracking_uri(uri)
    mlflow.set_experiment(config.experiment)
    with mlflow.start_run() as active:
        mlflow.log_params(dict(params))
        mlflow.log_metrics(dict(metrics))
        for artifact in artifacts:
            mlflow.log_artifact(str(artifact), artifact_path="model")
        return str(active.info.run_id)
