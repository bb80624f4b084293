"""Stage 2, features: scale the numeric columns, one-hot encode the categorical ones.

The transformer is fitted inside the model's Pipeline on training rows only, so test rows and
scored rows are transformed with the training statistics.
"""

from __future__ import annotations

from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import OneHotEncoder, StandardScaler


def preprocessor(numeric: tuple[str, ...], categorical: tuple[str, ...]) -> ColumnTransformer:
    """Unseen categories at prediction time become an all-zero block instead of an error."""
    return ColumnTransformer(
        [
            ("numeric", StandardScaler(), list(numeric)),
            ("categorical", OneHotEncoder(handle_unknown="ignore"), list(categorical)),
        ]
    )
