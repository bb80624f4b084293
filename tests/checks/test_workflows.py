"""Check kinds of policies/workflows.yaml: least-privilege permissions and SHA-pinned actions."""

from __future__ import annotations

import pytest
from helpers import run_kind

CI = ".github/workflows/ci.yml"
CHECKOUT = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683"
SETUP_PYTHON = "actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065"
WORKFLOW = f"""\
name: CI

on:
  push:
    branches: [main]
  pull_request:

permissions: {{}}

jobs:
  tests:
    runs-on: ubuntu-24.04
    permissions:
      contents: write
    steps:
      - uses: {CHECKOUT}  # v4.2.2
        with:
          persist-credentials: false
      - uses: {SETUP_PYTHON}  # v5.6.0
        with:
          python-version: "3.11"
      - uses: ./.github/actions/cache
      - name: Test
        run: python -m pytest
"""
COMPOSITE = """\
name: setup
runs:
  using: composite
  steps:
    - uses: actions/setup-python@v5
      with:
        python-version: "3.11"
"""


def test_a_workflow_without_top_level_permissions_is_reported_at_line_1(tmp_path):
    bare = WORKFLOW.replace("permissions: {}\n", "").replace(
        "    permissions:\n      contents: write\n", ""
    )
    files = {CI: bare}
    found = run_kind("workflow_permissions", tmp_path, files)
    assert [(f.path, f.line) for f in found] == [(CI, 1)]
    assert "no top-level 'permissions:'" in found[0].message


def test_a_top_level_write_scope_is_reported_at_the_permissions_line(tmp_path):
    files = {
        CI: WORKFLOW.replace("permissions: {}", "permissions:\n  contents: read\n  pages: write")
    }
    found = run_kind("workflow_permissions", tmp_path, files)
    assert [(f.path, f.line) for f in found] == [(CI, 8)]
    assert "top-level permissions grant write access" in found[0].message


def test_top_level_write_all_is_reported(tmp_path):
    files = {".github/workflows/release.yaml": WORKFLOW.replace("{}", "write-all", 1)}
    found = run_kind("workflow_permissions", tmp_path, files)
    assert [(f.path, f.line) for f in found] == [(".github/workflows/release.yaml", 8)]


def test_read_only_top_level_permissions_with_write_granted_per_job_pass(tmp_path):
    files = {
        CI: WORKFLOW,
        ".github/workflows/docs.yml": WORKFLOW.replace("{}", "read-all", 1),
        "ci/not-a-workflow.yml": "name: x\n",
    }
    assert run_kind("workflow_permissions", tmp_path, files) == []


def test_an_action_pinned_by_tag_is_reported_at_its_line(tmp_path):
    files = {CI: WORKFLOW.replace(SETUP_PYTHON, "actions/setup-python@v5")}
    found = run_kind("actions_pinned", tmp_path, files)
    assert [(f.path, f.line) for f in found] == [(CI, 19)]
    assert found[0].message == "'actions/setup-python@v5' is not pinned by a full commit SHA"


def test_an_action_without_a_ref_and_a_short_sha_are_reported(tmp_path):
    text = WORKFLOW.replace(CHECKOUT, "'actions/checkout'").replace(
        SETUP_PYTHON, SETUP_PYTHON[:-30]
    )
    found = run_kind("actions_pinned", tmp_path, {CI: text})
    assert [(f.path, f.line) for f in found] == [(CI, 16), (CI, 19)]
    assert found[0].message == "'actions/checkout' is not pinned by a full commit SHA"


def test_an_unpinned_reusable_workflow_is_reported(tmp_path):
    text = WORKFLOW + "  release:\n    uses: acme/workflows/.github/workflows/release.yml@main\n"
    found = run_kind("actions_pinned", tmp_path, {CI: text})
    assert [(f.path, f.line) for f in found] == [(CI, 26)]


def test_an_unpinned_action_inside_a_composite_action_yml_is_reported(tmp_path):
    files = {".github/actions/setup/action.yml": COMPOSITE}
    found = run_kind("actions_pinned", tmp_path, files)
    assert [(f.path, f.line) for f in found] == [(".github/actions/setup/action.yml", 5)]


def test_an_unpinned_action_inside_a_composite_action_yaml_is_reported(tmp_path):
    files = {".github/actions/setup/action.yaml": COMPOSITE}
    found = run_kind("actions_pinned", tmp_path, files)
    assert [(f.path, f.line) for f in found] == [(".github/actions/setup/action.yaml", 5)]


def test_actions_pinned_by_full_sha_local_actions_and_docker_images_pass(tmp_path):
    text = (
        WORKFLOW
        + "  lint:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: docker://alpine:3.20\n"
    )
    assert run_kind("actions_pinned", tmp_path, {CI: text}) == []


SHA = "11bd71901bbe5b1630ceea73d27597364c9af683"
WF = ".github/workflows/w.yml"


def test_jobs_that_each_declare_permissions_need_none_at_the_top(tmp_path):
    """realworld.md: 58 workflows flagged although every job set its own permissions."""
    workflow = """\
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            permissions:
              contents: read
            steps: [{run: make}]
          publish:
            runs-on: ubuntu-latest
            permissions:
              contents: write
            steps: [{run: make publish}]
        """
    assert run_kind("workflow_permissions", tmp_path, {WF: workflow}) == []


def test_a_job_without_permissions_and_none_at_the_top_is_named(tmp_path):
    workflow = """\
        on: push
        jobs:
          build: {runs-on: x, permissions: {contents: read}, steps: [{run: a}]}
          lint: {runs-on: x, steps: [{run: b}]}
        """
    [finding] = run_kind("workflow_permissions", tmp_path, {WF: workflow})
    assert "(lint)" in finding.message and finding.line == 1


@pytest.mark.parametrize("top", ["permissions: {}\n", ""])
def test_job_level_write_all_is_flagged_at_its_line(tmp_path, top):
    workflow = top + "on: push\njobs:\n  a:\n    runs-on: x\n    permissions: write-all\n"
    [finding] = run_kind("workflow_permissions", tmp_path, {WF: workflow})
    assert "job 'a' grants 'write-all'" in finding.message
    assert finding.line == workflow.splitlines().index("    permissions: write-all") + 1


@pytest.mark.parametrize("grant", ["write-all", "{contents: write}"])
def test_top_level_write_is_flagged(tmp_path, grant):
    workflow = f"on: push\npermissions: {grant}\njobs:\n  a: {{runs-on: x}}\n"
    [finding] = run_kind("workflow_permissions", tmp_path, {WF: workflow})
    assert "top-level permissions grant write" in finding.message and finding.line == 2


@pytest.mark.parametrize(
    "step",
    ['{"uses": "actions/checkout@v4"}',  # loki's jsonnet-generated images.yml
     "{'uses': 'docker/login-action@v3'}", "{uses: actions/setup-python@main}"],
)  # fmt: skip
def test_unpinned_uses_is_found_under_quoted_keys_too(tmp_path, step):
    workflow = f"on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - {step}\n"
    [finding] = run_kind("actions_pinned", tmp_path, {WF: workflow})
    assert "is not pinned by a full commit SHA" in finding.message and finding.line == 6


def test_pinned_local_docker_and_allowed_owners_pass(tmp_path):
    workflow = f"""\
        on: push
        jobs:
          a:
            runs-on: x
            steps:
              - uses: actions/checkout@{SHA}  # v4.2.2
              - uses: ./.github/actions/setup
              - uses: docker://alpine:3.20
              - uses: grafana/shared-workflows/actions/x@main
        """
    found = run_kind("actions_pinned", tmp_path, {WF: workflow}, allow=["grafana/*"])
    assert found == []


INJECTION = """\
    on: pull_request
    permissions: {}
    jobs:
      a:
        runs-on: ubuntu-latest
        steps:
          - run: echo "${{ github.event.pull_request.title }}"
    """
PWN_REQUEST = f"""\
    on: pull_request_target
    permissions: {{}}
    jobs:
      a:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@{SHA}
            with:
              ref: ${{{{ github.event.pull_request.head.sha }}}}
              persist-credentials: false
          - run: make test
    """


@pytest.mark.parametrize(
    ("workflow", "audit", "line"),
    [(INJECTION, "template-injection", 7), (PWN_REQUEST, "dangerous-triggers", 1)],
)
def test_zizmor_findings_keep_the_audit_id_severity_and_line(tmp_path, workflow, audit, line):
    found = run_kind("zizmor", tmp_path, {WF: workflow})
    mine = [f for f in found if f"zizmor {audit} (high)" in f.message]
    assert mine and mine[0].path == WF and mine[0].line == line, found


def test_zizmor_leaves_pinning_and_permissions_to_their_own_rules(tmp_path):
    workflow = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/x@v1\n"
    assert run_kind("zizmor", tmp_path, {WF: workflow}) == []


def test_zizmor_is_not_started_without_workflows(tmp_path):
    assert run_kind("zizmor", tmp_path, {"README.md": "hi\n"}) == []
