import dataclasses
from pathlib import Path

import pytest

from {{ cookiecutter.project_slug }}.config import Config, load_config

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    """The repository's own pipeline config, with artifacts and MLflow runs under tmp_path."""
    monkeypatch.setenv("MLFLOW_TRACKING_URI", (tmp_path / "mlruns").as_uri())
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")
    loaded = load_config(ROOT / "configs" / "pipeline.yaml", root=ROOT)
    return dataclasses.replace(loaded, output_dir=tmp_path / "artifacts")
