"""The shipped sample: synthetic customers drawn from a fixed seed, so no real person's data.

This rewrites the file (tests/test_sample.py proves the committed file is exactly what this
produces):

    python -m {{ cookiecutter.project_slug }} sample > schemas/samples/churn.csv

Only `random.Random.random()` and plain arithmetic are used (no `exp`, no `gauss`), so the rows
are the same on every Python version and platform.

Churn is likelier on month-to-month contracts, short tenure, high bills and many support calls,
with enough noise that a baseline model reaches about 0.85 accuracy, not 1.0.
"""

from __future__ import annotations

import random

ROWS = 400
SEED = 20260101
HEADER = "customer_id,tenure_months,monthly_charges,support_calls,contract,churned"
_BASE_RISK = {"month-to-month": 1.2, "one-year": -0.6, "two-year": -1.8}


def _customer(draw: random.Random, number: int) -> str:
    pick = draw.random()
    contract = "month-to-month" if pick < 0.55 else "one-year" if pick < 0.8 else "two-year"
    longest = {"month-to-month": 36, "one-year": 60, "two-year": 72}[contract]
    tenure = int(draw.random() * longest)
    charges = round(18 + draw.random() * 100, 2)
    call_rate = 0.15 + (0.15 if charges > 80 else 0.0)
    calls = sum(1 for _ in range(8) if draw.random() < call_rate)
    risk = 1.5 * (_BASE_RISK[contract] - tenure / 18 + (charges - 65) / 25 + 0.5 * (calls - 1.5))
    probability = 0.5 + risk / (2 * (1 + abs(risk)))  # a sigmoid without `exp`
    churned = draw.random() < probability
    flag = "true" if churned else "false"
    return f"C{number:04d},{tenure},{charges:.2f},{calls},{contract},{flag}"


def sample_csv(rows: int = ROWS, seed: int = SEED) -> str:
    """The sample as CSV text: a header line, then one line per customer."""
    draw = random.Random(seed)
    lines = [HEADER, *(_customer(draw, number) for number in range(1, rows + 1))]
    return "\n".join(lines) + "\n"
