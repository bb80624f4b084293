"""Stage 4, evaluate: the metrics that governance/stage_gates.yaml sets thresholds for."""

from __future__ import annotations

import pandas as pd
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score, roc_auc_score


def classification_metrics(labels: pd.Series, scores: pd.Series) -> dict[str, float]:
    """Accuracy, precision, recall and F1 at 0.5, and ROC AUC, rounded for stable reports."""
    if labels.empty:
        raise ValueError("cannot evaluate on an empty test set")
    truth = labels.astype(bool).to_numpy()
    predicted = (scores >= 0.5).to_numpy()
    metrics = {
        "accuracy": accuracy_score(truth, predicted),
        "precision": precision_score(truth, predicted, zero_division=0),
        "recall": recall_score(truth, predicted, zero_division=0),
        "f1": f1_score(truth, predicted, zero_division=0),
        "roc_auc": roc_auc_score(truth, scores.to_numpy()) if len(set(truth)) > 1 else 0.0,
    }
    rounded = {name: round(float(value), 4) for name, value in metrics.items()}
    return {**rounded, "n_test": len(truth)}
