"""The `mlrepo` command itself: version, help, and an installed wheel that needs no checkout."""

from __future__ import annotations

import sys
import zipfile

import pytest
from helpers import REPO, mlrepo, run

from mlrepo import __version__


def test_version_and_help():
    version = mlrepo("--version")
    assert version.returncode == 0
    assert version.stdout.strip() == f"mlrepo {__version__}"
    helped = mlrepo("--help")
    assert helped.returncode == 0
    listed = {line.split()[0] for line in helped.stdout.splitlines() if line.startswith("    ")}
    assert {"new", "check", "gate", "update", "adopt", "container"} <= listed


def test_each_command_has_its_own_help_and_unknown_ones_list_them_all():
    """Only the command being run gets a parser built; help and errors must not notice."""
    assert "--select IDS" in mlrepo("check", "--help").stdout
    assert "eject" in mlrepo("container", "--help").stdout
    unknown = mlrepo("chek")
    assert unknown.returncode == 2
    assert "invalid choice: 'chek'" in unknown.stderr
    assert "'container'" in unknown.stderr


def test_no_command_is_a_usage_error():
    result = mlrepo()
    assert result.returncode == 2
    assert "COMMAND" in result.stderr


@pytest.fixture(scope="module")
def wheel(wheelhouse):
    (path,) = wheelhouse.glob("mlrepo-*.whl")
    return path


def test_the_wheel_carries_the_template(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "mlrepo/_bundled/copier.yml" in names
    assert "mlrepo/_bundled/template/cookiecutter.json" in names
    assert "mlrepo/_bundled/template/hooks/pre_gen_project.py" in names
    assert "mlrepo/_bundled/policies/ownership.yaml" in names
    assert "mlrepo/_bundled/policies/schemas/rule-pack.schema.json" in names
    assert any(
        n.startswith("mlrepo/_bundled/template/{{cookiecutter.project_slug}}/") for n in names
    )


@pytest.mark.slow
def test_an_installed_mlrepo_generates_without_a_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    assert run([sys.executable, "-m", "venv", str(venv)]).returncode == 0
    install = run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)])
    assert install.returncode == 0, install.stderr
    work = tmp_path / "elsewhere"
    work.mkdir()
    result = run([str(venv / "bin" / "mlrepo"), "new", "demo", "--defaults"], cwd=work)
    assert result.returncode == 0, result.stderr
    assert (work / "demo" / "src" / "churn_model" / "pipeline.py").is_file()
    assert str(REPO) not in (work / "demo" / ".copier-answers.yml").read_text()
