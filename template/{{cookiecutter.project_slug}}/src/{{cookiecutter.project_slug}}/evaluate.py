"""Stage 4, evaluate: the metrics that governance/stage_gates.yaml sets thresholds for."""

from __future__ import annotations


def classification_metrics(labels: list[bool], predictions: list[bool]) -> dict[str, float]:
    """Accuracy, precision, recall and F1 of the positive class, rounded for stable reports."""
    pairs = list(zip(labels, predictions, strict=True))
    if not pairs:
        raise ValueError("cannot evaluate on an empty test set")
    tp = sum(1 for y, p in pairs if y and p)
    fp = sum(1 for y, p in pairs if not y and p)
    fn = sum(1 for y, p in pairs if y and not p)
    accuracy = sum(1 for y, p in pairs if y == p) / len(pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "accuracy": round(accuracy, 4),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "n_test": len(pairs),
    }
