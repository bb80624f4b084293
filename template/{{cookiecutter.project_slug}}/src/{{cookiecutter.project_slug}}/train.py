"""Stage 3, train: a held-out split and a seeded scikit-learn baseline (replace the estimator)."""

from __future__ import annotations

import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline

from {{ cookiecutter.project_slug }}.config import Config
from {{ cookiecutter.project_slug }}.features import preprocessor


def split(config: Config, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Train and test rows; stratified on the label, so both keep its share of positives."""
    train_rows, test_rows = train_test_split(
        frame,
        test_size=config.test_fraction,
        random_state=config.seed,
        stratify=frame[config.target],
    )
    return train_rows, test_rows


def build_model(config: Config) -> Pipeline:
    estimator = LogisticRegression(
        C=config.regularization, max_iter=config.max_iter, random_state=config.seed
    )
    return Pipeline(
        [("features", preprocessor(config.numeric, config.categorical)), ("model", estimator)]
    )


def fit(config: Config, train_rows: pd.DataFrame) -> Pipeline:
    """Same rows and config give the same fitted model."""
    model = build_model(config)
    features = train_rows[[*config.numeric, *config.categorical]]
    model.fit(features, train_rows[config.target].astype(bool))
    return model
