import dataclasses
import json
import zipfile
from pathlib import Path

import pytest

from {{ cookiecutter.project_slug }}.__main__ import main
from {{ cookiecutter.project_slug }}.config import Config
from {{ cookiecutter.project_slug }}.data import load_table
from {{ cookiecutter.project_slug }}.pipeline import run
from {{ cookiecutter.project_slug }}.predict import predict


def test_pipeline_writes_the_metrics_the_gate_reads(config: Config) -> None:
    result = run(config)
    report = json.loads(result.metrics_path.read_text(encoding="utf-8"))
    assert report["metrics"] == result.metrics
    assert set(result.metrics) >= {"accuracy", "precision", "recall", "f1", "roc_auc"}
    assert result.metrics["n_test"] == 100
    # The sample has signal and noise: the model clearly beats always guessing the majority
    # class, but is not perfect, so the stage gates' thresholds mean something.
    churn_share = float(load_table(config.data_path, config.schema_path)["churned"].mean())
    majority = max(churn_share, 1 - churn_share)
    assert majority + 0.1 <= result.metrics["accuracy"] < 0.98, result.metrics


def test_training_is_reproducible(config: Config, tmp_path: Path) -> None:
    first = run(config)
    rows = load_table(config.data_path, config.schema_path)
    scores = predict(first.model_path, rows)
    again = run(dataclasses.replace(config, output_dir=tmp_path / "again"))
    assert again.metrics == first.metrics
    assert predict(again.model_path, rows).equals(scores)


def test_another_seed_gives_another_split(config: Config) -> None:
    first = run(config)
    other = run(dataclasses.replace(config, seed=config.seed + 1))
    assert other.metrics != first.metrics


def test_predict_uses_the_saved_model(config: Config) -> None:
    result = run(config)
    rows = load_table(config.data_path, config.schema_path)
    scores = predict(result.model_path, rows)
    assert len(scores) == len(rows)
    assert scores.between(0.0, 1.0).all()
    result.model_path.write_bytes(b"not a model")
    with pytest.raises(zipfile.BadZipFile):
        predict(result.model_path, rows)


def test_the_run_is_tracked_with_params_metrics_and_model(config: Config) -> None:
    result = run(dataclasses.replace(config, tracking=True))
    assert result.run_id
    from mlflow.tracking import MlflowClient

    client = MlflowClient()
    tracked = client.get_run(result.run_id).data
    assert tracked.metrics["accuracy"] == result.metrics["accuracy"]
    assert tracked.params["seed"] == str(config.seed)
    logged = {item.path for item in client.list_artifacts(result.run_id, "model")}
    assert "model/model.skops" in logged


def test_tracking_off_logs_nothing(config: Config, tmp_path: Path) -> None:
    result = run(dataclasses.replace(config, tracking=False))
    assert result.run_id is None
    assert result.metrics_path.is_file()
    assert not (tmp_path / "mlruns").exists()


def test_cli_reports_a_missing_config_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--config", str(tmp_path / "nope.yaml"), "run"]) == 1
    assert "cannot read configuration" in capsys.readouterr().err
