"""Bad input to `mlrepo check`, table by table: what a repository can hold (malformed files,
symlinks, limits), what the cache can hold, and where the output goes.

A broken file of the checked repository is one REPO005 finding naming file and line, and every
other rule still runs (exit 1); mlrepo's own configuration is one line and exit 2. Never a
traceback, never a byte of a file outside the repository, never a hang (each run < 5 s).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import copier_copy

OUTSIDE_SECRET = "hunter2-outside-the-repository"
TIME_BOUND = 5.0  # seconds for any one run: hangs and bombs must end well before


@pytest.fixture(scope="module")
def generated(template_src, tmp_path_factory) -> Path:
    return copier_copy(
        template_src, tmp_path_factory.mktemp("bad") / "repo", {"maturity_level": "1"}
    )


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    """A cache and cache key of this test's own."""
    return {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "XDG_STATE_HOME": str(tmp_path / "state")}  # fmt: skip


@pytest.fixture
def repo(generated, tmp_path) -> Path:
    dest = tmp_path / "repo"
    shutil.copytree(generated, dest)
    subprocess.run(["git", "init", "-q"], cwd=dest, check=True)
    return dest


@pytest.fixture
def outside(tmp_path) -> Path:
    """A file outside the repository whose content must never be printed."""
    path = tmp_path / "outside.txt"
    path.write_text(f"{OUTSIDE_SECRET}\nroot:x:0:0:root:/root:/bin/bash\n")
    return path


def check(repo: Path, env: dict, *args: str, **kw) -> subprocess.CompletedProcess:
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "mlrepo", "check", str(repo), *args],
        capture_output=True, text=True, env=env, timeout=TIME_BOUND * 4, **kw,
    )  # fmt: skip
    assert time.monotonic() - start < TIME_BOUND, "check took too long"
    assert "Traceback" not in result.stderr, result.stderr
    return result


def findings(result) -> list[dict]:
    assert result.stderr == "", result.stderr
    return json.loads(result.stdout)["findings"]


def write(path: Path, content: str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def link(path: Path, target: Path) -> None:
    path.unlink()
    path.symlink_to(target)


def fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def conflict(path: Path) -> None:
    text = path.read_text()
    write(path, "<<<<<<< this repository\n" + text + "=======\n" + text + ">>>>>>> template\n")


BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{y}: &{y} [" + ",".join([f"*{x}"] * 9) + "]\n"
    for x, y in zip("abcdefgh", "bcdefghi", strict=True)
)

# (id, what to do to the repository, broken file, its line or None, words of the message)
MALFORMED = [
    ("toml-syntax", lambda r, o: write(r / "pyproject.toml", "[tool.mlrepo\nmaturity_level = 1\n"),
     "pyproject.toml", 1, "invalid TOML"),
    ("C7-deep", lambda r, o: write(r / "pyproject.toml", "a = " + "[" * 3000 + "]" * 3000 + "\n"),
     "pyproject.toml", None, "invalid TOML"),
    ("toml-conflict", lambda r, o: conflict(r / "pyproject.toml"),
     "pyproject.toml", 1, "conflict markers"),
    ("codeowners-binary", lambda r, o: write(r / ".github/CODEOWNERS", b"\x00\x01binary\xff"),
     ".github/CODEOWNERS", None, "binary data"),
    ("codeowners-latin1", lambda r, o: write(r / ".github/CODEOWNERS", b"* @a\n\xe9 @b\n"),
     ".github/CODEOWNERS", 2, "not valid UTF-8"),
    ("codeowners-conflict", lambda r, o: conflict(r / ".github/CODEOWNERS"),
     ".github/CODEOWNERS", 1, "conflict marker"),
    ("yaml-duplicate", lambda r, o: write(r / "governance/waivers.yaml",
                                          "waivers: []\nwaivers:\n  - rule: X\n"),
     "governance/waivers.yaml", 2, "duplicate key"),
    ("yaml-syntax", lambda r, o: write(r / "governance/project.yaml", "owners: [unclosed\n"),
     "governance/project.yaml", 2, "invalid YAML"),
    ("yaml-dangling-link", lambda r, o: link(r / "governance/project.yaml", r / "nowhere.yaml"),
     "governance/project.yaml", None, "cannot read"),
    ("C4-date-impossible", lambda r, o: write(r / "governance/waivers.yaml",
                                           "waivers:\n  - rule: HYG001\n    reason: Because.\n"
                                           "    approver: '@jane'\n    expires: 2026-02-30\n"),
     "governance/waivers.yaml", 5, "not a valid date"),
    ("C4-month-impossible", lambda r, o: append(r / "governance/project.yaml", "x: 2026-13-01\n"),
     "governance/project.yaml", None, "not a valid date"),
    ("C4-datetime-impossible",
     lambda r, o: append(r / "governance/project.yaml", "x: 2025-01-01T25:61:00\n"),
     "governance/project.yaml", None, "not a valid date"),
    ("C2-alias-bomb", lambda r, o: append(r / "governance/project.yaml", BOMB),
     "governance/project.yaml", None, "aliases expand"),
    ("C7-alias-recursive", lambda r, o: append(r / "governance/project.yaml", "x: &a [*a]\n"),
     "governance/project.yaml", None, "refers to the node"),
    ("yaml-deep", lambda r, o: append(r / "governance/project.yaml",
                                      "x: " + "[" * 200 + "]" * 200 + "\n"),
     "governance/project.yaml", None, "nested deeper"),
    ("yaml-huge", lambda r, o: append(r / "governance/project.yaml", "#" * (5 * 1024 * 1024)),
     "governance/project.yaml", None, "larger than 4 MB"),
    ("yaml-big", lambda r, o: append(r / "governance/project.yaml", "".join(
        f"k{i}: [a, b, {i}]\n" for i in range(40000))),
     "governance/project.yaml", None, "too large to parse"),
    ("toml-big", lambda r, o: append(r / "pyproject.toml", "".join(
        f"k{i} = [1, 2]\n" for i in range(40000))),
     "pyproject.toml", None, "too large to parse"),
    ("front-matter-yaml", lambda r, o: write(r / "docs/model_card.md",
                                             "---\nstage: [unclosed\n---\n# Card\n"),
     "docs/model_card.md", 3, "front matter: invalid YAML"),
    ("#32-gates-unread", lambda r, o: write(r / "governance/stage_gates.yaml", "stages: {{{\n"),
     "governance/stage_gates.yaml", None, "invalid YAML"),
    ("C3-link-codeowners-out", lambda r, o: link(r / ".github/CODEOWNERS", o),
     ".github/CODEOWNERS", None, "leaves the repository"),
    ("C3-link-sample-out", lambda r, o: link(r / "schemas/samples/churn.csv", o),
     "schemas/samples/churn.csv", None, "leaves the repository"),
    ("C3-link-pyproject-out", lambda r, o: link(r / "pyproject.toml", o),
     "pyproject.toml", None, "leaves the repository"),
    ("link-loop", lambda r, o: link(r / "pyproject.toml", r / "pyproject.toml"),
     "pyproject.toml", None, "cannot read"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("setup", "path", "line", "words"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
def test_a_broken_file_is_one_finding_and_the_other_rules_still_run(
    repo, env, outside, setup, path, line, words
):
    setup(repo, outside)
    result = check(repo, env, "--format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    assert OUTSIDE_SECRET not in result.stdout and "root:x:0" not in result.stdout
    about = [f for f in findings(result) if f["path"] == path and f["rule"] != "HYG002"]
    # Once, and no cascade; conflict markers are reported as such, by HYG003.
    expected = "HYG003" if words == "conflict marker" else "REPO005"
    assert [f["rule"] for f in about] == [expected], about
    assert words in about[0]["message"], about[0]
    if line is not None:
        assert about[0]["line"] == line
    rules_run = json.loads(result.stdout)["rules_run"]
    assert len(rules_run) >= 20 and expected in rules_run
    text = check(repo, env)
    assert text.returncode == 1 and text.stderr == ""
    assert OUTSIDE_SECRET not in text.stdout


def test_a_fifo_outside_git_is_not_read_and_does_not_hang(repo, env):
    """git does not list a FIFO; a plain folder does, and reading one blocked forever."""
    shutil.rmtree(repo / ".git")
    fifo(repo / "governance/project.yaml")
    start = time.monotonic()
    command = [sys.executable, "-m", "mlrepo", "check", str(repo), "--format", "json"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=20)
    assert time.monotonic() - start < TIME_BOUND
    about = [f for f in findings(result) if f["path"] == "governance/project.yaml"]
    assert [(f["rule"], "not a regular file" in f["message"]) for f in about] == [("REPO005", True)]


def test_a_committed_link_out_of_the_repository_is_a_finding_even_if_no_rule_reads_it(
    repo, env, outside
):
    (repo / "notes-out").symlink_to(outside)
    (repo / "dir-out").symlink_to(outside.parent)
    (repo / "readme-link").symlink_to("README.md")  # inside: fine
    result = check(repo, env, "--format", "json")
    found = [(f["rule"], f["path"], f["message"]) for f in findings(result)]
    leaves = "a symbolic link that leaves the repository: not read"
    assert found == [("REPO005", "dir-out", leaves), ("REPO005", "notes-out", leaves)]
    assert OUTSIDE_SECRET not in result.stdout and str(outside.parent) not in result.stdout


def test_every_broken_file_is_reported_not_only_the_first(repo, env):
    """Two broken table schemas: the rule that met the first runs again and finds the second."""
    shutil.copy(repo / "schemas/churn.schema.yaml", repo / "schemas/other.schema.yaml")
    write(repo / "schemas/churn.schema.yaml", "fields: [\n")
    write(repo / "schemas/other.schema.yaml", "fields: {a: 1, a: 2}\n")
    result = check(repo, env, "--format", "json")
    broken = {(f["rule"], f["path"]) for f in findings(result)}
    assert broken == {("REPO005", "schemas/churn.schema.yaml"),
                      ("REPO005", "schemas/other.schema.yaml")}  # fmt: skip


def test_a_broken_file_is_reported_even_when_the_selected_rule_met_it(repo, env):
    append(repo / "governance/project.yaml", "x: 2026-02-30\n")
    result = check(repo, env, "--format", "json", "--select", "GOV002")
    assert [(f["rule"], f["path"]) for f in findings(result)] == [
        ("REPO005", "governance/project.yaml")
    ]
    ignored = check(repo, env, "--format", "json", "--select", "GOV002", "--ignore", "REPO005")
    assert ignored.returncode == 0 and findings(ignored) == []


def test_a_broken_pyproject_says_the_defaults_apply(repo, env):
    write(repo / "pyproject.toml", "[tool.mlrepo\n")
    result = check(repo, env, "--format", "json")
    report = json.loads(result.stdout)
    assert report["level"] == 0
    (finding,) = [f for f in report["findings"] if f["rule"] == "REPO005"]
    assert "the defaults apply" in finding["message"]


# Files that parse but have an odd shape: findings of their own rules, never a traceback.
ODD = [
    ("project-a-list", "governance/project.yaml", "- a\n", "GOV002"),
    ("project-a-number", "governance/project.yaml", "5\n", "GOV002"),
    ("notebook-int-cells", "notebooks/x.ipynb", '{"cells": [1]}', "HYG001"),
    ("notebook-a-string", "notebooks/x.ipynb", '"abc"', "HYG001"),
    ("notebook-deep", "notebooks/x.ipynb", "[" * 100000 + "]" * 100000, "HYG001"),
    ("precommit-hooks-5", ".pre-commit-config.yaml", "repos:\n  - repo: local\n    hooks: 5\n",
     "PC001"),
    ("precommit-deps-5", ".pre-commit-config.yaml",
     "repos:\n  - repo: local\n    hooks:\n      - id: x\n        additional_dependencies: 5\n",
     "PC001"),
    ("waiver-datetime", "governance/waivers.yaml",
     "waivers:\n  - rule: HYG001\n    reason: Because we need it.\n    approver: '@jane'\n"
     "    expires: 2026-01-01T10:00:00\n", "GOV003"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "text", "rule"), [c[1:] for c in ODD], ids=[c[0] for c in ODD])
def test_an_odd_shape_is_a_finding_of_its_rule(repo, env, path, text, rule):
    write(repo / path, text)
    result = check(repo, env, "--format", "json")
    assert result.returncode == 1
    assert rule in {f["rule"] for f in findings(result) if f["path"] == path}


def test_yaml_merge_keys_are_read_as_yaml_1_1_says(repo, env):
    append(repo / "governance/project.yaml", "anchors:\n  base: &base {a: 1}\n  more:\n"
                                             "    <<: *base\n    b: 2\n")  # fmt: skip
    result = check(repo, env, "--format", "json", "--select", "GOV002")
    assert result.returncode in (0, 1), result.stderr  # it was "could not determine a constructor"
    assert [f["rule"] for f in findings(result) if f["rule"] == "REPO005"] == []


def test_defect32_a_byte_order_mark_in_codeowners_does_not_unown_every_file(repo, env):
    owners = repo / ".github/CODEOWNERS"
    owners.write_bytes(b"\xef\xbb\xbf" + owners.read_bytes())
    result = check(repo, env, "--format", "json", "--select", "ownership")
    assert result.returncode == 0, result.stdout


def test_an_untracked_large_file_does_not_block_a_commit_but_a_staged_one_does(repo, env):
    """The newcomer's untracked 2 MB export blocked an unrelated commit, with a wrong hint."""
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    (repo / "local-export.parquet").write_bytes(b"\1" * 2 * 1024 * 1024)
    untracked = subprocess.run(
        [sys.executable, "-m", "mlrepo", "check", str(repo), "--select", "HYG002"],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert untracked.returncode == 0, untracked.stdout
    staged = check(repo, env, "--format", "json", "--select", "HYG002")
    assert [f["path"] for f in findings(staged)] == ["local-export.parquet"]


# --- mlrepo's own configuration: one line, exit 2 ----------------------------------------

RULE_PARAMS = [
    ("HYG002", 'max_kb = "big"'), ("HYG002", "max_kb = 1e400"), ("HYG002", "max_kb = nan"),
    ("HYG002", "max_kb = [1]"), ("REPO001", "paths = 5"), ("REPO004", "sections = 5"),
    ("DATA001", "glob = 5"), ("GOV004", "required = 5"),
    ("GOV004", "required = {experimentation = 5}"),
    ("COMP001", "classifications = 5"), ("PROMPT003", "allowed = 5"), ("GOV003", 'max_days = "x"'),
    ("GOV001", 'schema = "nope.json"'), ("GOV001", 'schema = "../../../../etc/passwd"'),
]  # fmt: skip

PACK_PARAMS = [
    ("required_files", "{}"), ("pr_template_sections", "{}"),
    ("file_size", "{max_kb: big}"), ("codeowners_governance", "{paths: [a]}"),
    ("table_samples", "{glob: 5}"), ("yaml_schema", "{schema: nope.json}"),
    ("yaml_schema", "{path: x, schema: ../../etc/passwd}"),
]  # fmt: skip


def _config(repo: Path, text: str) -> None:
    pyproject = repo / "pyproject.toml"
    write(pyproject, pyproject.read_text().replace("[tool.mlrepo]\n", f"[tool.mlrepo]\n{text}\n"))


def _pack(repo: Path, kind: str, params: str) -> None:
    (repo / "policies-acme").mkdir()
    write(repo / "policies-acme/acme.yaml",
          "pack: acme\nrules:\n  - id: ACME001\n    title: Owners file\n    family: acme\n"
          f"    severity: error\n    levels: [0, 1, 2]\n    check: {kind}\n    params: {params}\n"
          "    why: Our auditors read it first.\n    fix: Do it.\n")  # fmt: skip
    _config(repo, 'packs = ["policies-acme"]')


CONFIG = [
    *[(f"C6-param-{r}-{t.split()[0]}-{i}",
       lambda repo, r=r, t=t: append(repo / "pyproject.toml", f"\n[tool.mlrepo.rules.{r}]\n{t}\n"),
       "pyproject.toml:", f"[tool.mlrepo.rules.{r}] check")
      for i, (r, t) in enumerate(RULE_PARAMS)],
    *[(f"C6-pack-{k}-{i}", lambda repo, k=k, p=p: _pack(repo, k, p), "policies-acme/acme.yaml:",
       f"ACME001: check {k} params") for i, (k, p) in enumerate(PACK_PARAMS)],
    ("level-float", lambda r: write(r / "pyproject.toml", (r / "pyproject.toml").read_text()
                                    .replace("maturity_level = 1", "maturity_level = 1.0")),
     "pyproject.toml:"),
    ("#32-select-empty", lambda r: _config(r, 'select = [""]'), "pyproject.toml:"),
    ("C5-tool-a-number", lambda r: write(r / "pyproject.toml", "tool = 5\n"), "pyproject.toml"),
    ("tool-a-string", lambda r: write(r / "pyproject.toml", 'tool = "x"\n'), "pyproject.toml"),
    ("pack-absolute", lambda r: _config(r, 'packs = ["/etc"]'), "pyproject.toml"),
    ("pack-parent", lambda r: _config(r, 'packs = ["../.."]'), "pyproject.toml"),
    ("C8-pack-module", lambda r: _config(r, 'packs = ["package:json.decoder"]'), "pyproject.toml",
     "is a module"),
    ("C8-pack-empty-name", lambda r: _config(r, 'packs = ["package:"]'), "pyproject.toml"),
    ("C8-pack-relative-name", lambda r: _config(r, 'packs = ["package:..x"]'), "pyproject.toml"),
    ("pack-bomb", lambda r: (_pack(r, "required_files", "{paths: [a]}"),
                             append(r / "policies-acme/acme.yaml", BOMB)),
     "policies-acme/acme.yaml:", "aliases expand"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("setup", "where", "words"),
    [(*c[1:], *([] if len(c) > 3 else [""])) for c in CONFIG],
    ids=[c[0] for c in CONFIG],
)
def test_a_configuration_error_is_one_line_and_exit_2(repo, env, setup, where, words):
    setup(repo)
    result = check(repo, env)
    assert words in result.stderr, result.stderr
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"mlrepo: error: {where}"), result.stderr


def test_c9_a_package_pack_is_read_as_data_and_its_code_never_runs(repo, env, tmp_path):
    """C9: `python -m mlrepo` puts the working directory on sys.path, and packs = ["package:X"]
    imported X: a committed X/__init__.py ran. An installed package's packs are data."""
    ran = tmp_path / "ran"
    for root in (repo, tmp_path / "site"):
        package = root / "evilpack"
        package.mkdir(parents=True)
        write(package / "__init__.py", f"open({str(ran)!r}, 'w').write('ran')\n")
        write(
            package / "acme.yaml",
            "pack: acme\nrules:\n  - id: ACME001\n    title: Owners file\n"
            "    family: acme\n    severity: error\n    levels: [0, 1, 2]\n"
            "    check: required_files\n    params: {paths: [OWNERS.md]}\n"
            "    why: Our auditors read it first.\n"
            "    fix: Add it.\n",
        )
    shutil.rmtree(repo / "evilpack" / "__pycache__", ignore_errors=True)
    write(repo / "evilpack/acme.yaml", "not: a pack\n")  # the repository's copy is never taken
    _config(repo, 'packs = ["package:evilpack"]')
    installed = {**env, "PYTHONPATH": str(tmp_path / "site")}
    result = check(repo, installed, "--format", "json", cwd=repo)
    assert not ran.exists(), "the package's code ran"
    assert [f["rule"] for f in findings(result)] == ["ACME001"]
    missing = check(repo, env, cwd=repo)  # not installed: the committed folder does not count
    assert missing.returncode == 2 and "is not installed" in missing.stderr
    assert not ran.exists()


# --- the parse cache ---------------------------------------------------------------------


def _entries(env: dict) -> list[Path]:
    return [p for p in Path(env["XDG_CACHE_HOME"], "mlrepo").rglob("*.json") if p.is_file()]


def test_c10_a_tampered_cache_is_ignored(repo, env):
    """C10: rewriting the cached packs with `levels: []` made check run 0 rules and exit 0. An
    attacker who can write the cache cannot seal an entry without the key kept outside it."""
    import hashlib

    (repo / "SECURITY.md").unlink()
    first = check(repo, env, "--format", "json")
    entries = _entries(env)
    assert len(entries) >= 10
    for number, entry in enumerate(entries):
        data = entry.read_bytes()
        for levels in (b"[0, 1, 2]", b"[1, 2]", b"[2]"):
            data = data.replace(levels, b"[]")
        data = data.replace(b'"waivers": []', b'"waivers": [{"rule": "REPO001"}]')
        if number % 2 and b"\n" in data:  # re-sealed, as one would guess it is done
            _, _, text = data.partition(b"\n")
            data = hashlib.blake2b(text, digest_size=16).hexdigest().encode() + b"\n" + text
        entry.write_bytes(data)
    second = check(repo, env, "--format", "json")
    assert json.loads(second.stdout)["rules_run"] == json.loads(first.stdout)["rules_run"]
    assert findings(second) == findings(first) != []


@pytest.mark.parametrize("odd", ["fifo", "directory", "deep", "garbage"])
def test_c11_an_odd_cache_entry_is_a_miss_and_leaves_nothing_behind(repo, env, odd):
    check(repo, env)
    for entry in _entries(env):
        entry.unlink()
        if odd == "fifo":
            os.mkfifo(entry)
        elif odd == "directory":
            entry.mkdir()
        else:
            write(entry, "[" * 100000 if odd == "deep" else "x\n\0\1junk")
    result = check(repo, env, "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    leftovers = list(Path(env["XDG_CACHE_HOME"]).rglob("*.tmp"))
    assert leftovers == []


def test_without_a_usable_key_nothing_is_cached_and_check_still_works(repo, env):
    write(Path(env["XDG_STATE_HOME"]), "a file where the state folder should be")
    assert check(repo, env).returncode == 0
    assert _entries(env) == []


# --- output ------------------------------------------------------------------------------


def _run(repo: Path, env: dict, *args: str, **kw):
    return subprocess.run([sys.executable, "-m", "mlrepo", *args], cwd=repo, env=env,
                          timeout=TIME_BOUND * 4, **kw)  # fmt: skip


def test_o1_a_closed_pipe_ends_quietly(repo, env):
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    shown = subprocess.run(
        f"{sys.executable} -m mlrepo check --format json . | head -c 1 >/dev/null; "
        "echo ${PIPESTATUS[0]} >&2",
        shell=True, cwd=repo, env=env, capture_output=True, text=True, executable="/bin/bash",
    )  # fmt: skip
    assert shown.stderr.strip() in ("141", "0"), shown.stderr  # 0 if it all fit in the pipe


@pytest.mark.parametrize("verb", [["check", "--format", "sarif"], ["container", "show"]])
def test_a_full_disk_or_a_closed_stdout_is_one_line(repo, env, verb):
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    with Path("/dev/full").open("w") as full:
        result = _run(repo, env, *verb, stdout=full, stderr=subprocess.PIPE, text=True)
    assert result.returncode == 2
    assert result.stderr == "mlrepo: error: standard output: No space left on device\n"
    closed = _run(repo, env, *verb, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                  text=True, preexec_fn=lambda: os.close(1))  # fmt: skip
    assert closed.stderr == "" and closed.returncode in (0, 1)


def test_o2_hostile_file_names_cannot_forge_lines_or_drive_the_terminal(repo, env):
    forged = "evil\nHYG999 fake finding: all good"
    for name in (forged, "ansi\x1b[31mred", "latin-\udcff"):
        (repo / name).write_bytes(b"\1" * (1100 * 1024))
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    strict = {**env, "PYTHONIOENCODING": "utf-8:strict"}
    result = _run(repo, strict, "check", "--select", "HYG002", capture_output=True)
    assert result.returncode == 1 and b"Traceback" not in result.stderr, result.stderr
    out = result.stdout.decode("utf-8")
    assert "\x1b" not in out
    assert not any(line.startswith("HYG999") for line in out.splitlines())
    assert "evil\\nHYG999" in out and "ansi\\x1b[31mred" in out and "latin-\\udcff" in out


def test_sarif_names_a_file_that_is_not_utf8_by_a_valid_uri(repo, env):
    (repo / os.fsdecode(b"caf\xe9 big.bin")).write_bytes(b"\1" * (1100 * 1024))
    result = check(repo, env, "--format", "sarif", "--select", "HYG002")
    (finding,) = json.loads(result.stdout)["runs"][0]["results"]
    uri = finding["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "caf%E9%20big.bin"
