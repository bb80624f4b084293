"""Check kinds of policies/precommit.yaml: required hooks, pinned revisions and packages, and the
guard against committing template-update conflicts."""

from __future__ import annotations

from helpers import run_kind

CONFIG = ".pre-commit-config.yaml"
REQUIRED = ["ruff-check", "ruff-format", "detect-private-key", "mlrepo-check"]
PRE_COMMIT = """\
minimum_pre_commit_version: "3.2.0"
repos:
  - repo: local
    hooks:
      - id: mlrepo-check
        entry: mlrepo check
        language: python
        additional_dependencies: ["mlrepo==0.1.0"]
        pass_filenames: false
      - id: ruff-check
        entry: ruff check --force-exclude
        language: python
        additional_dependencies: ["ruff==0.17.6"]
      - id: ruff-format
        entry: ruff format --force-exclude --check
        language: python
        additional_dependencies: ["ruff==0.17.6"]
      - id: check-merge-conflict
        entry: check-merge-conflict --assume-in-merge
        language: python
        additional_dependencies: ["pre-commit-hooks==6.0.0"]
      - id: forbid-rej
        entry: "a template update left a .rej file: apply or discard its hunks"
        language: fail
        files: '\\.rej$'
  - repo: https://github.com/pre-commit/pre-commit-hooks
    rev: v6.0.0
    hooks:
      - id: detect-private-key
"""


def test_a_required_hook_that_is_not_configured_is_reported(tmp_path):
    files = {CONFIG: PRE_COMMIT.replace("id: detect-private-key", "id: find-private-keys")}
    found = run_kind("precommit_hooks", tmp_path, files, hooks=REQUIRED)
    assert [(f.path, f.line) for f in found] == [(CONFIG, None)]
    assert found[0].message == "hook 'detect-private-key' is not configured"


def test_a_hook_named_only_in_an_entry_does_not_count_as_configured(tmp_path):
    files = {CONFIG: PRE_COMMIT.replace("id: ruff-format", "id: format")}
    found = run_kind("precommit_hooks", tmp_path, files, hooks=REQUIRED)
    assert [f.message for f in found] == ["hook 'ruff-format' is not configured"]


def test_a_config_with_every_required_hook_passes(tmp_path):
    assert run_kind("precommit_hooks", tmp_path, {CONFIG: PRE_COMMIT}, hooks=REQUIRED) == []


def test_a_missing_config_is_left_to_the_required_files_rule(tmp_path):
    assert run_kind("precommit_hooks", tmp_path, {"README.md": "x\n"}, hooks=REQUIRED) == []


def test_a_remote_repo_on_a_branch_is_reported_at_its_rev_line(tmp_path):
    files = {CONFIG: PRE_COMMIT.replace("rev: v6.0.0", "rev: main")}
    found = run_kind("precommit_pinned", tmp_path, files)
    assert [(f.path, f.line) for f in found] == [(CONFIG, 27)]
    assert found[0].message == (
        "https://github.com/pre-commit/pre-commit-hooks: "
        "rev 'main' is not a version tag or commit SHA"
    )


def test_a_remote_repo_without_a_rev_is_reported_at_its_entry(tmp_path):
    files = {CONFIG: PRE_COMMIT.replace("    rev: v6.0.0\n", "")}
    found = run_kind("precommit_pinned", tmp_path, files)
    assert [(f.path, f.line) for f in found] == [(CONFIG, 26)]
    assert "rev '' is not a version tag or commit SHA" in found[0].message


def test_an_unpinned_hook_package_is_reported_at_its_repo_entry(tmp_path):
    files = {CONFIG: PRE_COMMIT.replace('["ruff==0.17.6"]', '["ruff>=0.17"]', 1)}
    found = run_kind("precommit_pinned", tmp_path, files)
    assert [(f.path, f.line) for f in found] == [(CONFIG, 3)]
    assert found[0].message == "hook 'ruff-check': 'ruff>=0.17' is not pinned with '=='"


def test_revs_pinned_by_tag_or_commit_sha_and_packages_pinned_with_double_equals_pass(tmp_path):
    sha = "cef0300fd0fc4d2a87a85fa2093c6b283ea36f4b"
    black = (
        f"  - repo: https://github.com/psf/black\n    rev: {sha}\n    hooks:\n      - id: black\n"
    )
    files = {CONFIG: PRE_COMMIT + black}
    assert run_kind("precommit_pinned", tmp_path, files) == []


def test_a_merge_conflict_hook_without_assume_in_merge_is_reported(tmp_path):
    text = PRE_COMMIT.replace("check-merge-conflict --assume-in-merge", "check-merge-conflict")
    found = run_kind("precommit_update_guard", tmp_path, {CONFIG: text})
    assert [(f.path, f.line, f.message) for f in found] == [
        (CONFIG, None, "no check-merge-conflict hook with --assume-in-merge")
    ]


def test_assume_in_merge_may_be_given_as_an_arg(tmp_path):
    text = PRE_COMMIT.replace(
        "entry: check-merge-conflict --assume-in-merge",
        "entry: check-merge-conflict\n        args: [--assume-in-merge]",
    )
    assert run_kind("precommit_update_guard", tmp_path, {CONFIG: text}) == []


def test_a_rej_guard_that_is_not_language_fail_is_reported(tmp_path):
    text = PRE_COMMIT.replace("        language: fail\n", "        language: system\n")
    found = run_kind("precommit_update_guard", tmp_path, {CONFIG: text})
    assert [(f.path, f.line, f.message) for f in found] == [
        (CONFIG, None, "no 'language: fail' hook for .rej files")
    ]


def test_a_config_guarding_conflicts_and_rej_files_passes(tmp_path):
    assert run_kind("precommit_update_guard", tmp_path, {CONFIG: PRE_COMMIT}) == []


def test_ruff_pre_commits_older_lint_id_counts_as_ruff_check(tmp_path):
    """realworld.md: `id: ruff` (ruff-pre-commit's id before `ruff-check`) was rejected."""
    files = {CONFIG: PRE_COMMIT.replace("id: ruff-check", "id: ruff")}
    assert "id: ruff\n" in files[CONFIG]
    assert run_kind("precommit_hooks", tmp_path, files, hooks=REQUIRED) == []
