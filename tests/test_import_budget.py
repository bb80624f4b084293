"""The import budget of the pre-commit hook's path (`mlrepo check`), held by a lint rule and by
what a real run imports. benchmarks/bench_check.py measures what the budget buys."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from helpers import REPO, copier_copy, run

# Each costs a warm run 2-14 ms (python -X importtime); none is needed to check a clean repo.
HEAVY = ["pathlib", "subprocess", "shutil", "tempfile", "yaml", "tomllib", "typing",
         "dataclasses", "hashlib", "datetime", "copier", "jinja2", "jsonschema"]  # fmt: skip

PROBE = """
import json, os, sys
from mlrepo.cli import main
sys.stdout = open(os.devnull, "w")
code = main(["check", sys.argv[1]])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


@pytest.fixture(scope="module")
def generated(template_src, tmp_path_factory):
    dest = copier_copy(template_src, tmp_path_factory.mktemp("budget") / "repo", {})
    subprocess.run(["git", "init", "-q"], cwd=dest, check=True)
    subprocess.run(["git", "add", "-A"], cwd=dest, check=True)
    return dest


def test_a_warm_check_of_a_generated_repo_imports_no_heavy_module(generated, tmp_path):
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    run([sys.executable, "-c", PROBE, str(generated)], env=env)  # fill the parse cache
    result = run([sys.executable, "-c", PROBE, str(generated)], env=env)
    probe = json.loads(result.stderr.strip().splitlines()[-1])
    assert probe["code"] == 0
    assert [m for m in HEAVY if m in probe["modules"]] == []
    assert "mlrepo.policy.engine" in probe["modules"]  # the probe really ran the check


@pytest.mark.parametrize("module", ["pathlib", "subprocess", "yaml", "typing"])
def test_ruff_refuses_a_heavy_import_at_the_top_of_a_hook_module(module):
    source = (REPO / "src/mlrepo/policy/engine.py").read_text()
    injected = source.replace("import importlib\n", f"import importlib\nimport {module}\n", 1)
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--select", "TID253",
         "--stdin-filename", "src/mlrepo/policy/engine.py", "-"],
        input=injected, capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    assert result.returncode == 1
    assert f"`{module}` is banned at the module level" in result.stdout
