"""Stage 2, features: typed rows become numeric vectors; statistics come from training rows."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class FeatureSpec:
    """Everything needed to transform a row the same way at training and at prediction time."""

    numeric: tuple[str, ...]
    categorical: dict[str, tuple[str, ...]]
    means: dict[str, float]
    scales: dict[str, float]

    @property
    def names(self) -> list[str]:
        onehot = [f"{col}={level}" for col, levels in self.categorical.items() for level in levels]
        return [*self.numeric, *onehot]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeatureSpec:
        return cls(
            numeric=tuple(data["numeric"]),
            categorical={k: tuple(v) for k, v in data["categorical"].items()},
            means=data["means"],
            scales=data["scales"],
        )


def fit(
    rows: list[dict[str, Any]], numeric: tuple[str, ...], categorical: tuple[str, ...]
) -> FeatureSpec:
    """Learn standardisation statistics and category levels from `rows`."""
    means, scales = {}, {}
    for col in numeric:
        values = [float(row[col]) for row in rows]
        mean = sum(values) / len(values)
        variance = sum((v - mean) ** 2 for v in values) / len(values)
        means[col], scales[col] = mean, math.sqrt(variance) or 1.0
    levels = {col: tuple(sorted({str(row[col]) for row in rows})) for col in categorical}
    return FeatureSpec(numeric=numeric, categorical=levels, means=means, scales=scales)


def transform(spec: FeatureSpec, rows: list[dict[str, Any]]) -> list[list[float]]:
    """One vector per row; unseen categories become all-zero one-hot blocks."""
    vectors = []
    for row in rows:
        vector = [(float(row[c]) - spec.means[c]) / spec.scales[c] for c in spec.numeric]
        for col, levels in spec.categorical.items():
            vector.extend(1.0 if str(row[col]) == level else 0.0 for level in levels)
        vectors.append(vector)
    return vectors
