import json

from {{ cookiecutter.project_slug }}.__main__ import main
from {{ cookiecutter.project_slug }}.pipeline import run
from {{ cookiecutter.project_slug }}.predict import predict


def test_pipeline_runs_end_to_end_and_writes_metrics(config):
    result = run(config)
    report = json.loads(result.metrics_path.read_text(encoding="utf-8"))
    assert report["metrics"] == result.metrics
    assert set(result.metrics) >= {"accuracy", "precision", "recall", "f1"}
    assert result.metrics["accuracy"] >= 0.7, result.metrics


def test_training_is_deterministic(config):
    first = run(config).model_path.read_text(encoding="utf-8")
    second = run(config).model_path.read_text(encoding="utf-8")
    assert first == second


def test_predict_scores_every_row(config):
    from {{ cookiecutter.project_slug }}.data import load_table

    result = run(config)
    rows = load_table(config.data_path, config.schema_path)
    scores = predict(result.model_path, rows)
    assert len(scores) == len(rows)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_cli_reports_a_missing_config_without_a_traceback(tmp_path, capsys):
    assert main(["--config", str(tmp_path / "nope.yaml"), "run"]) == 1
    assert "cannot read configuration" in capsys.readouterr().err
