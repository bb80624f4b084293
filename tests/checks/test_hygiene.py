"""Check kinds of policies/hygiene.yaml: file sizes under the Git LFS exemption, notebook
outputs and committed secrets."""

from __future__ import annotations

import json
import subprocess

import pytest
from helpers import run_kind

BIG = b"\0" * 1_500_000  # 1464 KB, over the pack's 1024 KB
LFS_BIN = "*.bin filter=lfs diff=lfs merge=lfs -text\n"


def notebook(*cells: dict) -> str:
    return json.dumps({"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def code_cell(source: str, execution_count=None, outputs=()) -> dict:
    return {
        "cell_type": "code",
        "execution_count": execution_count,
        "metadata": {},
        "source": [source],
        "outputs": list(outputs),
    }


def test_a_file_over_the_size_limit_is_reported_with_its_size(tmp_path):
    files = {"models/model.bin": BIG, "README.md": "x\n"}
    found = run_kind("file_size", tmp_path, files, max_kb=1024)
    assert [(f.path, f.line) for f in found] == [("models/model.bin", None)]
    assert found[0].message == "1464 KB exceeds the 1024 KB limit"


def test_a_file_of_exactly_the_limit_passes(tmp_path):
    files = {"models/model.bin": b"\0" * 1024 * 1024}
    assert run_kind("file_size", tmp_path, files, max_kb=1024) == []


def test_the_size_limit_defaults_to_1024_kb(tmp_path):
    found = run_kind("file_size", tmp_path, {"data/raw.parquet": BIG})
    assert [f.message for f in found] == ["1464 KB exceeds the 1024 KB limit"]


def test_a_big_file_tracked_by_git_lfs_passes(tmp_path):
    files = {".gitattributes": LFS_BIN, "models/model.bin": BIG}
    assert run_kind("file_size", tmp_path, files, max_kb=1024) == []


def test_a_gitattributes_line_without_the_lfs_filter_does_not_exempt_a_big_file(tmp_path):
    files = {".gitattributes": "*.bin -text\n", "models/model.bin": BIG}
    found = run_kind("file_size", tmp_path, files, max_kb=1024)
    assert [(f.path, f.line) for f in found] == [("models/model.bin", None)]


BIG_TEXT = "var a = 1; // vendored\n" * 60_000  # 1347 KB of text
# Large text that is others' code or a bundle, as real repositories keep it (realworld.md:
# HYG002 told them to put it in LFS): none is a finding.
VENDORED_TEXT = {
    "vendor/github.com/acme/api/zz_generated.deepcopy.go": BIG_TEXT,
    "third_party/sqlite/sqlite3.c": BIG_TEXT,
    "web/node_modules/typescript/lib/lib.dom.d.ts": BIG_TEXT,
    "static/js/jquery-3.7.1.min.js": BIG_TEXT,
    "assets/css/bootstrap.min.css": BIG_TEXT,
    "external/swagger-ui/swagger-ui-bundle.js": BIG_TEXT,
    "src/api/service_pb2.py": BIG_TEXT,
    ".gitattributes": "external/** linguist-vendored\nsrc/api/*_pb2.py linguist-generated=true\n",
}


def test_large_vendored_and_minified_text_is_not_sent_to_lfs(tmp_path):
    assert run_kind("file_size", tmp_path, VENDORED_TEXT, max_kb=1024) == []


@pytest.mark.parametrize(
    "name",
    ["vendor/lib/libacme.so", "third_party/weights/model.bin", "data/words.txt",
     "src/vendors_report.js", "static/app.js", "external/swagger-ui/bundle.js"],
)  # fmt: skip
def test_vendored_binaries_and_other_large_text_are_still_reported(tmp_path, name):
    """A binary stays an artifact wherever it sits; only text in a vendored place is exempt
    (and a linguist-vendored attribute set false does not exempt)."""
    binary = name.endswith((".so", ".bin"))
    files = {name: BIG if binary else BIG_TEXT,
             ".gitattributes": "external/** -linguist-vendored\n"}  # fmt: skip
    found = run_kind("file_size", tmp_path, files, max_kb=1024)
    assert [f.path for f in found] == [name]


def test_a_gitattributes_directory_pattern_does_not_put_the_files_inside_under_lfs(tmp_path):
    files = {
        ".gitattributes": "models/ filter=lfs diff=lfs merge=lfs -text\n",
        "models/model.bin": BIG,
    }
    found = run_kind("file_size", tmp_path, files, max_kb=1024)
    assert [(f.path, f.line) for f in found] == [("models/model.bin", None)]


def test_a_notebook_with_outputs_is_reported_at_its_first_dirty_cell(tmp_path):
    dirty = code_cell("1 + 1", 3, [{"output_type": "execute_result", "data": {}}])
    files = {"notebooks/01-explore.ipynb": notebook(code_cell("import pandas"), dirty, dirty)}
    found = run_kind("notebook_outputs", tmp_path, files)
    assert [(f.path, f.line) for f in found] == [("notebooks/01-explore.ipynb", None)]
    assert found[0].message == "cell 2 has outputs or an execution count"


def test_an_execution_count_alone_makes_a_notebook_dirty(tmp_path):
    files = {"notebooks/01-explore.ipynb": notebook(code_cell("x = 1", execution_count=1))}
    found = run_kind("notebook_outputs", tmp_path, files)
    assert [f.message for f in found] == ["cell 1 has outputs or an execution count"]


def test_a_stripped_notebook_passes(tmp_path):
    markdown = {"cell_type": "markdown", "metadata": {}, "source": ["# Explore"]}
    files = {"notebooks/01-explore.ipynb": notebook(markdown, code_cell("import pandas"))}
    assert run_kind("notebook_outputs", tmp_path, files) == []


def test_a_notebook_that_is_not_json_is_reported(tmp_path):
    files = {"notebooks/broken.ipynb": '{"cells": [\n'}
    found = run_kind("notebook_outputs", tmp_path, files)
    assert [(f.path, f.line, f.message) for f in found] == [
        ("notebooks/broken.ipynb", None, "not a valid notebook (JSON)")
    ]


# A planted corpus: two or more shapes of each kind of secret, each must be found.
def _token(length: int, seed: int = 7) -> str:
    import random
    import string

    rng = random.Random(seed)
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(length))


PEM_BODY = "\n".join(_token(64, i) for i in range(10))
PLANTED = {
    "configs/credentials.py": (
        '"""Settings."""\n\nAWS_ACCESS_KEY_ID = "AKIAQ3EGRTSN7XQPLW2M"\n', 3),
    "configs/aws.ini": ("[default]\naws_access_key_id = ASIAZ7QRW3X5Y2LMNOPQ\n", 2),
    "deploy/ci.yml": (f"env:\n  TOKEN: ghp_{_token(36)}\n", 2),
    "deploy/token.toml": (f'token = "github_pat_{_token(22)}_{_token(59, 3)}"\n', 1),
    "app/notify.py": ('URL = "https://hooks.slack.com/services/T0A1B2C3D/B4E5F6G7H/'
                      f'{_token(24)}"\n', 1),
    "app/bot.py": (f'SLACK = "xoxb-12345678901-123456789012-{_token(24)}"\n', 1),
    "train/hub.py": (f'HF_TOKEN = "hf_{"".join(c for c in _token(80) if c.isalpha())[:34]}"\n', 1),
    "app/db.py": (f'DATABASE_URL = "postgresql://svc:{_token(20)}@db.acme.io:5432/churn"\n', 1),
    "web/pay.js": (f'const key = "sk_live_{_token(24)}";\n', 1),
    "app/maps.py": (f'API_KEY = "AIza{_token(35)}"\n', 1),
    ".npmrc": (f"//registry.example.org/:_authToken=npm_{_token(36)}\n", 1),
    "deploy/id_rsa.pem": (
        f"-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}\n-----END RSA PRIVATE KEY-----\n", 1),
    ".env": (f"DEBUG=1\nGITHUB_TOKEN=ghp_{_token(36, 5)}\n", 2),
    "notebooks/explore.ipynb": (
        '{"cells": [{"cell_type": "code", "source": ["token = \\"ghp_' + _token(36, 9) + '\\""]}]}',
        1),
}  # fmt: skip


@pytest.mark.parametrize("path", sorted(PLANTED))
def test_each_planted_secret_is_found_with_its_rule_and_line_and_redacted(tmp_path, path):
    text, line = PLANTED[path]
    found = run_kind("secrets", tmp_path, {path: text.encode()})
    assert [(f.path, f.line) for f in found] == [(path, line)], found
    rule, _, rest = found[0].message.partition(": ")
    assert rule and " " not in rule  # the scanner's rule id
    assert rest.startswith("a secret, redacted")
    assert all(len(word) < 8 or word not in rest for word in text.split())  # the value stays out


# Shapes that looked like secrets on real repositories (realworld.md §2): none is one.
NOT_SECRETS = {
    "docs/aws.md":
        "Example: `AKIAIOSFODNN7EXAMPLE` / `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`\n",
    "tests/test_keys.py":
        'KEY = "-----BEGIN PRIVATE KEY-----\\nSOMETHING\\n-----END PRIVATE KEY-----"\n',
    "train/hub.py": 'HF_TOKEN = "hf_1234567890123456789012345678901234"\n',
    "app/settings.py":
        'secret = os.environ["AWS_SECRET_ACCESS_KEY"]\ntoken = os.getenv("HF_TOKEN")\n',
    ".github/workflows/ci.yml": "env:\n  TOKEN: ${{ secrets.GITHUB_TOKEN }}\n",
    "app/tasks.py": 'name = "task-queue-worker-mask-disk-cleanup-scheduler-0001"\n',
    ".env.example": "OPENAI_API_KEY=sk-...\nSLACK_WEBHOOK_URL=https://hooks.slack.com/services/XXX\n",
    "app/ids.py":
        'RUN = "3f2b8c1e-9d4a-4e7b-8f6a-2c1d0e9b7a65"\n'
        'SHA = "11bd71901bbe5b1630ceea73d27597364c9af683"\n',
    "README.md": "Set AKIA... from the vault; keys look like sk-xxxx.\n",
    "docs/keys.md": "A PRIVATE KEY begins with -----BEGIN, then the kind of key.\n",
}  # fmt: skip


def test_real_world_look_alikes_are_not_secrets(tmp_path):
    assert run_kind("secrets", tmp_path, NOT_SECRETS) == []


def test_an_allow_listed_fixture_is_not_scanned(tmp_path):
    text, _ = PLANTED["deploy/ci.yml"]
    files = {"tests/fixtures/ci.yml": text, ".secrets-allowlist": "# fixtures\ntests/fixtures/*\n"}
    assert run_kind("secrets", tmp_path, files) == []
    assert len(run_kind("secrets", tmp_path / "b", {"tests/fixtures/ci.yml": text})) == 1


def test_a_binary_file_is_not_searched_for_secrets(tmp_path):
    files = {"models/model.bin": b"\0\1\2AKIAQ3EGRTSN7XQPLW2M\0"}
    assert run_kind("secrets", tmp_path, files) == []


@pytest.mark.parametrize(
    ("text", "line"),
    [("a = 1\n<<<<<<< this repository\na = 2\n=======\na = 3\n>>>>>>> template\n", 2),
     ("x\n<<<<<<< HEAD\r\ny\n=======\nz\n>>>>>>> feature\r\n", 2),
     ("only the end\n>>>>>>> 1a2b3c4\n", 2)],
)  # fmt: skip
def test_a_conflict_marker_is_reported_at_its_line(tmp_path, text, line):
    found = run_kind("conflict_leftovers", tmp_path, {"src/app.py": text})
    assert [(f.path, f.line) for f in found] == [("src/app.py", line)]


@pytest.mark.parametrize("name", ["pyproject.toml.rej", "src/app.py.orig"])
def test_rej_and_orig_files_are_reported(tmp_path, name):
    found = run_kind("conflict_leftovers", tmp_path, {name: "@@ -1 +1 @@\n-a\n+b\n"})
    assert [f.path for f in found] == [name]


def test_marker_lookalikes_are_not_conflicts(tmp_path):
    """reStructuredText rules, a git tutorial's indented example, a longer run of '<'."""
    files = {
        "docs/index.rst": "Title\n=======\n\nText\n",
        "docs/git.md": b"Example:\n\n    <<<<<<< HEAD\n    ours\n",  # bytes: not dedented
        "notes.txt": "<<<<<<<< eight\n",
    }
    assert run_kind("conflict_leftovers", tmp_path, files) == []


ARTIFACTS = {"model_suffixes": [".pkl", ".joblib", ".pt", ".onnx", ".safetensors", ".h5"],
             "data_suffixes": [".csv", ".parquet"], "allowed": ["schemas/samples/"]}  # fmt: skip


@pytest.mark.parametrize(
    ("name", "what"),
    [("models/model.pkl", "a model binary"), ("artifacts/clf.joblib", "a model binary"),
     ("weights/model.PT", "a model binary"), ("export/model.onnx", "a model binary"),
     ("m/model.safetensors", "a model binary"), ("keras/model.h5", "a model binary"),
     ("data/raw/customers.csv", "a data file"), ("data/features.parquet", "a data file")],
)  # fmt: skip
def test_small_model_binaries_and_data_files_are_reported(tmp_path, name, what):
    found = run_kind("committed_artifacts", tmp_path, {name: b"\x80\x04tiny"}, **ARTIFACTS)
    assert [(f.path, f.message.split(" committed")[0]) for f in found] == [(name, what)]


def test_in_a_git_work_tree_git_decides_what_lfs_tracks(tmp_path):
    """A folder's own .gitattributes, a macro and a later line that unsets the filter: git's
    reading (`git check-attr`), which the root-file reading alone would get wrong."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    files = {
        ".gitattributes": "[attr]lfs filter=lfs diff=lfs -text\n*.pt lfs\nold.pt -filter\n",
        "models/.gitattributes": "*.onnx filter=lfs\n",
        "models/model.onnx": b"version https://git-lfs.github.com/spec/v1\n",
        "models/new.pt": b"version https://git-lfs.github.com/spec/v1\n",
        "old.pt": b"\x80\x04tiny",
    }
    found = run_kind("committed_artifacts", tmp_path, files, **ARTIFACTS)
    assert [f.path for f in found] == ["old.pt"]


def test_samples_lfs_and_dvc_tracked_artifacts_pass(tmp_path):
    files = {
        "schemas/samples/churn.csv": "a,b\n1,2\n",
        ".gitattributes": "*.safetensors filter=lfs diff=lfs merge=lfs -text\n",
        "models/model.safetensors": b"version https://git-lfs.github.com/spec/v1\n",
        "data/raw.parquet.dvc": "outs:\n- md5: 0\n  path: raw.parquet\n",
        "data/raw.parquet": b"PAR1",
        "src/app.py": "print('csv')\n",
    }
    assert run_kind("committed_artifacts", tmp_path, files, **ARTIFACTS) == []
