"""The model artifact: a skops file, which can be inspected and is loaded without running code.

A pickle runs whatever it names when it is loaded; skops refuses every type not on the explicit
list below. A new estimator or transformer in the pipeline means adding its types here, after
reading `skops.io.get_untrusted_types(file=...)` for the new artifact.
"""

from __future__ import annotations

from pathlib import Path

import skops.io as sio
from sklearn.pipeline import Pipeline

FORMAT = "skops"
TRUSTED = [
    "numpy.dtype",
    "sklearn.compose._column_transformer.ColumnTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._data.StandardScaler",
    "sklearn.preprocessing._encoders.OneHotEncoder",
]


def save_model(path: Path, model: Pipeline) -> None:
    sio.dump(model, path)


def load_model(path: Path) -> Pipeline:
    """The saved pipeline; skops raises if the file holds any type outside TRUSTED."""
    model = sio.load(path, trusted=TRUSTED)
    if not isinstance(model, Pipeline):
        raise TypeError(f"{path}: expected a scikit-learn Pipeline, found {type(model).__name__}")
    return model
