"""`mlrepo gate` on the generated project's own metrics: pass, fail with a table, clear errors."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from helpers import copier_copy, mlrepo, run
from uv_tools import sync


@pytest.fixture(scope="module")
def project(template_src, tmp_path_factory, uv_env) -> Path:
    """A generated level-1 project whose own pipeline has written artifacts/metrics.json."""
    data = {"maturity_level": "1", "experiment_tracking": "off"}
    root = copier_copy(template_src, tmp_path_factory.mktemp("gate") / "p", data)
    python = sync(root, uv_env, "--no-dev")
    result = run([str(python), "-m", "churn_model", "run"], cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def gate(project: Path, *args: str):
    return mlrepo("gate", "--metrics", "artifacts/metrics.json", *args, cwd=project)


def test_the_generated_metrics_pass_the_declared_stage(project):
    result = gate(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "stage gate: experimentation" in result.stdout
    assert "accuracy" in result.stdout and "pass" in result.stdout


def test_a_threshold_above_the_value_fails_with_a_table(project, tmp_path):
    gates = tmp_path / "gates.yaml"
    accuracy = json.loads((project / "artifacts" / "metrics.json").read_text())["metrics"][
        "accuracy"
    ]
    above = f"{accuracy + 0.01:.4f}"
    gates.write_text(
        "stages:\n  production:\n    metrics:\n"
        f"      accuracy: {{min: {above}}}\n      f1: {{min: 0.1}}\n"
    )
    result = gate(project, "--stage", "production", "--gates", str(gates))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["metric", "threshold", "value", "result"]
    row = next(line for line in lines if line.startswith("accuracy"))
    assert f">= {float(above):g}" in row and "FAIL" in row
    assert any(line.startswith("f1") and line.endswith("pass") for line in lines)
    assert "failed: 1/2" in result.stdout


@pytest.mark.parametrize(
    ("gates_text", "metrics_text", "args", "message"),
    [
        (None, None, ["--stage", "lab"], "unknown stage 'lab'"),
        ("stages: [\n", None, [], "invalid YAML"),
        (
            "stages:\n  experimentation:\n    metrics:\n      accuracy: {min: high}\n",
            None,
            [],
            "gates.yaml:4: experimentation.accuracy: expected",
        ),
        (None, '{"metrics": {"f1": 0.8}}', [], "metric 'accuracy' is required by the gate"),
        (None, '{"metrics": {"accuracy": "good"}}', [], "metric 'accuracy' is not a number"),
        (None, '{"metrics": {"accuracy": 0.9', [], "metrics.json:1: invalid JSON"),
        (None, "[1, 2]", [], "expected a JSON object of metrics"),
    ],
    ids=[
        "unknown-stage",
        "gates-yaml",
        "gates-threshold",
        "missing-metric",
        "not-a-number",
        "metrics-json",
        "metrics-shape",
    ],
)
def test_bad_gate_or_metrics_files_are_one_line_errors(project, tmp_path, gates_text, metrics_text,
                                                       args, message):  # fmt: skip
    extra = list(args)
    if gates_text is not None:
        (tmp_path / "gates.yaml").write_text(gates_text)
        extra += ["--gates", str(tmp_path / "gates.yaml")]
    metrics = project / "artifacts" / "metrics.json"
    if metrics_text is not None:
        metrics = tmp_path / "metrics.json"
        metrics.write_text(metrics_text)
    result = mlrepo("gate", "--metrics", str(metrics), *extra, cwd=project)
    assert result.returncode == 2, result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("column", "value", "rule"),
    [
        ("tenure_months", "ten", "type"),
        ("contract", "", "required"),
        ("monthly_charges", "-5", "minimum"),
        ("customer_id", "cust-9", "pattern"),
    ],
)
def test_the_generated_pipeline_rejects_a_bad_row(project, tmp_path, column, value, rule):
    sample = (project / "schemas" / "samples" / "churn.csv").read_text().splitlines()
    header = sample[0].split(",")
    row = sample[7].split(",")
    row[header.index(column)] = value
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([sample[0], *sample[1:7], ",".join(row)]) + "\n")
    python = project / ".venv" / "bin" / "python"
    result = run([str(python), "-m", "churn_model", "predict", str(bad)], cwd=project)
    assert result.returncode == 1
    assert f"row 8, column '{column}'" in result.stderr and f"(rule: {rule})" in result.stderr
    assert "Traceback" not in result.stderr


def test_generated_ci_runs_the_gate_from_level_1(project):
    ci = (project / ".github" / "workflows" / "ci.yml").read_text()
    assert "mlrepo gate --metrics artifacts/metrics.json" in ci
    assert "--stage" not in ci  # the stage the model card declares


DEEP = "[" * 100_000 + "]" * 100_000
# (id, metrics bytes or a path, gates text or None, words of the one line): G1 passed the first
# four (exit 0); the rest were tracebacks (G2) or hangs.
BAD_METRICS = [
    ("G1-infinity", b'{"metrics": {"accuracy": Infinity}}', None, "Infinity is not a number"),
    ("G1-overflow", b'{"metrics": {"accuracy": 1e400}}', None, "1e400 is too large"),
    ("G1-duplicate-metric", b'{"metrics": {"accuracy": 0.1, "accuracy": 0.9}}', None,
     "duplicate key 'accuracy'"),
    ("duplicate-metrics", b'{"metrics": {"accuracy": 0.1}, "metrics": {"accuracy": 0.9}}', None,
     "duplicate key 'metrics'"),
    ("nan", b'{"metrics": {"accuracy": NaN}}', None, "NaN is not a number"),
    ("huge-int", b'{"accuracy": ' + b"9" * 5000 + b"}", None, "invalid JSON"),
    ("big-int", b'{"accuracy": ' + b"9" * 400 + b"}", None, "is not a number"),
    ("G2-latin-1", b'{"accuracy": 0.9, "caf\xe9": 1}', None, "not valid UTF-8"),
    ("G2-utf-16", '{"accuracy": 0.9}'.encode("utf-16"), None, "not valid UTF-8"),
    ("G2-deep", DEEP.encode(), None, "nested too deeply"),
    ("dev-zero", "/dev/zero", None, "not a regular file"),
    ("fifo", "FIFO", None, "not a regular file"),
    ("gates-metrics-a-list", b'{"accuracy": 0.9}',
     "stages:\n  experimentation:\n    metrics: [a]\n", "expected 'metrics' to map"),
    ("gates-stage-a-string", b'{"accuracy": 0.9}', "stages:\n  experimentation: soon\n",
     "expected 'metrics' to map"),
    ("gates-nan", b'{"accuracy": 0.9}',
     "stages:\n  experimentation:\n    metrics:\n      accuracy: {min: .nan}\n", "finite numbers"),
    ("gates-inf", b'{"accuracy": 0.9}',
     "stages:\n  experimentation:\n    metrics:\n      accuracy: {max: .inf}\n", "finite numbers"),
    ("gates-bomb", b'{"accuracy": 0.9}',
     'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
         f"{y}: &{y} [" + ",".join([f"*{x}"] * 9) + "]\n"
         for x, y in zip("abcdefgh", "bcdefghi", strict=True)), "aliases expand"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("metrics", "gates", "words"), [c[1:] for c in BAD_METRICS], ids=[c[0] for c in BAD_METRICS]
)
def test_a_metric_no_gate_can_compare_is_one_line_and_exit_2(
    project, tmp_path, metrics, gates, words
):
    import time

    if metrics == "FIFO":
        metrics = tmp_path / "fifo.json"
        os.mkfifo(metrics)
    elif isinstance(metrics, bytes):
        (tmp_path / "m.json").write_bytes(metrics)
        metrics = tmp_path / "m.json"
    extra = ["--stage", "experimentation"]
    if gates is not None:
        (tmp_path / "gates.yaml").write_text(gates)
        extra += ["--gates", str(tmp_path / "gates.yaml")]
    start = time.monotonic()
    result = run([sys.executable, "-m", "mlrepo", "gate", "--metrics", str(metrics), *extra],
                 cwd=project, timeout=20)  # fmt: skip
    assert time.monotonic() - start < 5
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr


def test_a_model_card_that_is_not_utf8_is_one_line(project, tmp_path):
    root = tmp_path / "p"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "model_card.md").write_bytes(b"---\nstage: caf\xe9\n---\n")
    result = run([sys.executable, "-m", "mlrepo", "gate", "--metrics", "m.json"], cwd=root)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert (
        result.stderr == "mlrepo: error: docs/model_card.md: not valid UTF-8 text; pass --stage\n"
    )
