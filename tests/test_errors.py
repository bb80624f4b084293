"""One boundary for every error: `main()` turns each into one line and a named exit code."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import build_tree, mlrepo

from mlrepo import errors
from mlrepo.cli import check as check_verb
from mlrepo.cli import main


def _family(cls: type) -> list[type]:
    return [cls, *(sub for child in cls.__subclasses__() for sub in _family(child))]


@pytest.mark.parametrize("error", _family(errors.MlrepoError), ids=lambda c: c.__name__)
def test_every_user_error_is_one_line_and_exit_2(monkeypatch, capsys, tmp_path, error):
    if issubclass(error, errors.ConfigError):
        raised = error("governance/x.yaml", "bad\nthing", 7)
    else:
        raised = error("bad\nthing", where="somewhere", line=3)

    def handler(args):
        raise raised

    monkeypatch.setattr(check_verb, "run", handler)
    assert main(["check", str(tmp_path)]) == errors.EXIT_USAGE
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("mlrepo: error: ")
    assert "bad\\nthing" in err  # a newline in a message cannot forge a second line
    assert (":7: " if issubclass(error, errors.ConfigError) else "somewhere:3: ") in err


def test_a_bug_in_mlrepo_is_exit_3_with_where_it_happened(monkeypatch, capsys, tmp_path):
    def handler(args):
        return {}["missing"]

    monkeypatch.setattr(check_verb, "run", handler)
    assert main(["check", str(tmp_path)]) == errors.EXIT_BUG
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "internal error: KeyError: 'missing'" in err
    assert "tests/test_errors.py" not in err and "MLREPO_DEBUG=1" in err


def test_mlrepo_debug_shows_the_traceback(monkeypatch, tmp_path):
    monkeypatch.setattr(check_verb, "run", lambda args: 1 / 0)
    monkeypatch.setenv("MLREPO_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main(["check", str(tmp_path)])


def test_ctrl_c_is_exit_130(monkeypatch, capsys, tmp_path):
    def handler(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(check_verb, "run", handler)
    assert main(["check", str(tmp_path)]) == errors.EXIT_INTERRUPTED
    assert capsys.readouterr().err == "mlrepo: interrupted\n"


def test_a_closed_stdout_ends_quietly(tmp_path):
    build_tree(tmp_path, {f"f{i}.ipynb": "not json\n" for i in range(2000)})  # a finding each
    process = subprocess.Popen(
        [sys.executable, "-m", "mlrepo", "check", str(tmp_path), "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.read(10)
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait() == errors.EXIT_BROKEN_PIPE
    assert stderr == ""


def _org_pack(root, check: str, params: str | None) -> None:
    """A schema-valid organisation pack with one rule of `check` (params given as YAML flow)."""
    rule = (
        "pack: acme\nrules:\n  - id: ACME001\n    title: A file the organisation wants\n"
        "    family: acme\n    severity: error\n    levels: [0, 1, 2]\n"
        f"    check: {check}\n    why: Because the organisation says so.\n"
        "    fix: Add what is missing.\n"
    )
    if params is not None:
        rule += f"    params: {params}\n"
    build_tree(root, {"pyproject.toml": '[tool.mlrepo]\npacks = ["policies-acme"]\n',
                      "policies-acme/acme.yaml": rule})  # fmt: skip


def test_a_pack_rule_without_its_params_is_exit_2_naming_the_pack_and_key(tmp_path):
    _org_pack(tmp_path, "required_files", None)
    result = mlrepo("check", tmp_path)
    assert result.returncode == errors.EXIT_USAGE, result.stderr
    assert result.stderr == (
        "mlrepo: error: policies-acme/acme.yaml:3: ACME001: "
        "check required_files params: missing required field 'paths'\n"
    ), result.stderr


@pytest.mark.parametrize(
    ("params", "line", "message"),
    [
        ("{paths: README.md}", 11, "check required_files params: paths: must be of type array"),
        ("{paths: [x], typo: 1}", 11, "check required_files params: typo: unknown field 'typo'"),
    ],
)
def test_pack_params_of_the_wrong_shape_name_the_rule_and_key(tmp_path, params, line, message):
    _org_pack(tmp_path, "required_files", params)
    result = mlrepo("check", tmp_path)
    assert result.returncode == errors.EXIT_USAGE
    assert result.stderr.startswith(f"mlrepo: error: policies-acme/acme.yaml:{line}: ACME001: ")
    assert message in result.stderr and result.stderr.count("\n") == 1, result.stderr


def test_a_rule_override_of_the_wrong_type_is_exit_2_at_its_line(tmp_path):
    build_tree(
        tmp_path,
        {"pyproject.toml": '[tool.mlrepo]\n\n[tool.mlrepo.rules.HYG002]\nmax_kb = "big"\n'},
    )
    result = mlrepo("check", tmp_path)
    assert result.returncode == errors.EXIT_USAGE
    assert result.stderr.startswith(
        "mlrepo: error: pyproject.toml:3: [tool.mlrepo.rules.HYG002] "
        "check file_size params: max_kb: must be of type integer"
    ), result.stderr


def test_an_unknown_schema_in_a_pack_is_exit_2_not_a_traceback(tmp_path):
    _org_pack(tmp_path, "yaml_schema", "{path: x.yaml, schema: nope.json}")
    result = mlrepo("check", tmp_path)
    assert result.returncode == errors.EXIT_USAGE
    assert "ACME001: check yaml_schema params: schema: no schema named 'nope.json'" in result.stderr


def test_adopt_without_git_on_path_is_one_line(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    env = {"PATH": "/nonexistent", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "mlrepo", "adopt", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == errors.EXIT_USAGE
    assert (
        result.stderr == "mlrepo: error: git is not installed: mlrepo needs it for this command\n"
    )


def test_a_metrics_file_that_is_not_utf8_is_one_line(tmp_path):
    build_tree(
        tmp_path, {"m.json": b"\xff\xfe{}", "governance/stage_gates.yaml": "stages: {p: {}}\n"}
    )
    result = subprocess.run(
        [sys.executable, "-m", "mlrepo", "gate", "--metrics", "m.json", "--stage", "p"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == errors.EXIT_USAGE
    assert result.stderr == "mlrepo: error: m.json: not valid UTF-8 text\n"
