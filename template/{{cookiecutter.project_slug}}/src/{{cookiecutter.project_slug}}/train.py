"""Stage 3, train: a small, deterministic logistic regression (a baseline to replace)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Model:
    weights: list[float]
    bias: float

    def probability(self, vector: list[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, vector, strict=True))
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def split(items: list[Any], test_fraction: float, seed: int) -> tuple[list[Any], list[Any]]:
    """Shuffle with `seed` and cut off the last `test_fraction` as the test set."""
    shuffled = list(items)
    random.Random(seed).shuffle(shuffled)
    cut = max(1, round(len(shuffled) * (1 - test_fraction)))
    return shuffled[:cut], shuffled[cut:]


def fit(vectors: list[list[float]], labels: list[bool], learning_rate: float, epochs: int) -> Model:
    """Batch gradient descent on the log loss; same inputs give the same model."""
    if not vectors:
        raise ValueError("cannot train on an empty data set")
    width = len(vectors[0])
    weights, bias = [0.0] * width, 0.0
    for _ in range(epochs):
        grad_w, grad_b = [0.0] * width, 0.0
        model = Model(weights, bias)
        for vector, label in zip(vectors, labels, strict=True):
            error = model.probability(vector) - (1.0 if label else 0.0)
            grad_b += error
            for i, x in enumerate(vector):
                grad_w[i] += error * x
        n = len(vectors)
        weights = [w - learning_rate * g / n for w, g in zip(weights, grad_w, strict=True)]
        bias -= learning_rate * grad_b / n
    return Model(weights, bias)
