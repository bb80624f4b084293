"""Stage 5, predict: score rows with the saved model artifact."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from {{ cookiecutter.project_slug }}.model_store import load_model


def predict(model_path: Path, rows: pd.DataFrame) -> pd.Series:
    """Probability of the positive class for each row, indexed like `rows`."""
    model = load_model(model_path)
    features = rows[list(model.feature_names_in_)]
    return pd.Series(model.predict_proba(features)[:, 1], index=rows.index).round(6)
