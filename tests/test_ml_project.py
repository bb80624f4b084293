"""End to end from the package index: each door's repository installs from its uv.lock with
`uv sync --locked`, trains on the sample and passes its own tests.

(`mlrepo new` runs the same steps per maturity level in test_generated_repo.py.) uv's cache is
shared by the whole session, so each wheel is fetched once.
"""

from __future__ import annotations

import json
import time

import pytest
from helpers import cookiecutter_bake, copier_copy, run
from uv_tools import sync

pytestmark = pytest.mark.slow

DOORS = {
    "cookiecutter": lambda src, dest, data: cookiecutter_bake(src, dest, data),
    "copier": lambda src, dest, data: copier_copy(src, dest / "repo", data),
}


@pytest.mark.parametrize("door", sorted(DOORS))
def test_the_door_gives_a_repository_that_installs_trains_and_tests(
    door, template_src, tmp_path, uv_env
):
    data = {"project_name": "Churn Model", "python_version": "3.11"}
    project = DOORS[door](template_src, tmp_path, data)
    python = sync(project, uv_env)

    started = time.perf_counter()
    pipeline = run([str(python), "-m", "churn_model", "run"], cwd=project)
    seconds = time.perf_counter() - started
    assert pipeline.returncode == 0, pipeline.stderr
    report = json.loads((project / "artifacts" / "metrics.json").read_text())
    assert report["metrics"]["accuracy"] >= 0.75, report
    assert report["model"]["format"] == "skops"
    assert "tracked as MLflow run" in pipeline.stdout
    assert any((project / "mlruns").iterdir())
    print(f"{door}: pipeline end to end on the sample in {seconds:.1f} s")

    tests = run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=project)
    assert tests.returncode == 0, tests.stdout + tests.stderr


def test_tracking_off_is_a_config_switch_with_the_same_lock(template_src, tmp_path, uv_env):
    project = copier_copy(template_src, tmp_path / "repo", {"experiment_tracking": "off"})
    assert "enabled: false" in (project / "configs" / "pipeline.yaml").read_text()
    python = sync(project, uv_env, "--no-dev")
    pipeline = run([str(python), "-m", "churn_model", "run"], cwd=project)
    assert pipeline.returncode == 0, pipeline.stderr
    assert "MLflow" not in pipeline.stdout
    assert not (project / "mlruns").exists()
