from pathlib import Path

import pytest

from {{ cookiecutter.project_slug }}.config import load_config

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def config(tmp_path):
    """The repository's own pipeline config, writing its artifacts under tmp_path."""
    loaded = load_config(ROOT / "configs" / "pipeline.yaml", root=ROOT)
    return loaded.__class__(**{**loaded.__dict__, "output_dir": tmp_path / "artifacts"})
