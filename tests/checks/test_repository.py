"""Check kinds of policies/repository.yaml: required files and the PR template's sections."""

from __future__ import annotations

from helpers import run_kind

LEVEL_0_FILES = [
    "README.md",
    "LICENSE",
    "SECURITY.md",
    ".gitignore",
    "pyproject.toml",
    ".pre-commit-config.yaml",
    ".github/pull_request_template.md",
    "docs/model_card.md",
    "governance/project.yaml",
]
PR_PATH = ".github/pull_request_template.md"
SECTIONS = ["Summary", "Data", "Model and evaluation", "Compliance", "Testing"]
PR_TEMPLATE = """\
## Summary

What changes and why.

## Data

- [ ] Schemas in schemas/ still match the data.

## Model and evaluation

- [ ] Metrics recorded in docs/model_card.md.

## Compliance

- [ ] No new provider receives project data.

## Testing

- [ ] `pytest` passes.
"""


def pr_sections(tmp_path, files):
    """The findings of pr_template_sections with REPO004's params."""
    return run_kind("pr_template_sections", tmp_path, files, path=PR_PATH, sections=SECTIONS)


def test_each_missing_required_file_is_reported_by_its_path_without_a_line(tmp_path):
    files = {path: "x\n" for path in LEVEL_0_FILES if path not in ("LICENSE", "docs/model_card.md")}
    found = run_kind("required_files", tmp_path, files, paths=LEVEL_0_FILES)
    assert [(f.path, f.line) for f in found] == [("LICENSE", None), ("docs/model_card.md", None)]
    assert found[0].message == "missing LICENSE"


def test_a_repository_with_every_required_file_passes(tmp_path):
    files = {path: "x\n" for path in LEVEL_0_FILES}
    assert run_kind("required_files", tmp_path, files, paths=LEVEL_0_FILES) == []


def test_a_required_file_in_another_folder_does_not_count(tmp_path):
    files = {"docs/README.md": "x\n"}
    found = run_kind("required_files", tmp_path, files, paths=["README.md"])
    assert [(f.path, f.line) for f in found] == [("README.md", None)]


def test_a_pr_template_section_written_as_plain_text_is_reported(tmp_path):
    text = PR_TEMPLATE.replace("## Compliance", "Compliance")
    files = {".github/pull_request_template.md": text}
    found = pr_sections(tmp_path, files)
    assert [(f.path, f.line) for f in found] == [(".github/pull_request_template.md", None)]
    assert "no '## Compliance' section" in found[0].message


def test_a_pr_template_section_with_a_longer_title_does_not_count(tmp_path):
    text = PR_TEMPLATE.replace("## Data\n", "## Data changes\n")
    files = {".github/pull_request_template.md": text}
    found = pr_sections(tmp_path, files)
    assert [f.message for f in found] == ["no '## Data' section"]


def test_pr_template_sections_match_at_any_heading_level_and_case(tmp_path):
    text = PR_TEMPLATE.replace("## Summary", "# SUMMARY #").replace("## Testing", "### testing")
    files = {".github/pull_request_template.md": text}
    found = pr_sections(tmp_path, files)
    assert found == []


def test_a_missing_pr_template_is_left_to_the_required_files_rule(tmp_path):
    found = pr_sections(tmp_path, {"README.md": "x\n"})
    assert found == []


def _all_but(*paths: str) -> dict[str, str]:
    return {path: "x\n" for path in LEVEL_0_FILES if path not in paths}


def test_githubs_discovery_variants_count_as_the_required_files(tmp_path):
    """GitHub: PR template names are not case sensitive and may sit in the root, .github/ or
    docs/; SECURITY.md may sit in .github/; a licence may be LICENSE.txt (realworld.md)."""
    files = {
        **_all_but(PR_PATH, "SECURITY.md", "LICENSE"),
        ".github/PULL_REQUEST_TEMPLATE.md": PR_TEMPLATE,
        ".github/SECURITY.md": "x\n",
        "LICENSE.txt": "x\n",
    }
    assert run_kind("required_files", tmp_path, files, paths=LEVEL_0_FILES) == []


def test_a_licence_or_template_in_an_unrelated_folder_still_does_not_count(tmp_path):
    files = {**_all_but(PR_PATH, "LICENSE"), "src/LICENSE.txt": "x\n",
             "src/pull_request_template.md": PR_TEMPLATE}  # fmt: skip
    found = run_kind("required_files", tmp_path, files, paths=LEVEL_0_FILES)
    assert sorted(f.path for f in found) == sorted(["LICENSE", PR_PATH])


def test_the_sections_are_read_from_the_template_github_would_show(tmp_path):
    files = {"docs/PULL_REQUEST_TEMPLATE.md": PR_TEMPLATE.replace("## Data", "Data")}
    found = run_kind("pr_template_sections", tmp_path, files, path=PR_PATH, sections=SECTIONS)
    assert [(f.path, f.message) for f in found] == [
        ("docs/PULL_REQUEST_TEMPLATE.md", "no '## Data' section")
    ]


def test_malformed_files_reports_only_what_other_rules_met(tmp_path):
    """The kind reads nothing itself: the engine runs it last, over the files the other rules
    could not read (tests/test_bad_check_input.py drives that through `mlrepo check`)."""
    assert run_kind("malformed_files", tmp_path, {"governance/project.yaml": "a: [\n"}) == []


def test_malformed_files_parses_the_yaml_files_no_rule_reads(tmp_path):
    """A stage_gates.yaml of '{{{' passed check, since only `mlrepo gate` reads it."""
    files = {"governance/stage_gates.yaml": "{{{\n", "governance/other.yaml": "{{{\n"}
    found = run_kind("malformed_files", tmp_path, files, yaml=["governance/stage_gates.yaml"])
    assert [(f.path, f.message.split(":")[0]) for f in found] == [
        ("governance/stage_gates.yaml", "invalid YAML")
    ]


def test_malformed_files_lists_each_broken_file_once_with_its_line(tmp_path):
    from helpers import build_tree

    from mlrepo.policy.engine import run

    build_tree(
        tmp_path, {"governance/project.yaml": "a: [\n", "governance/waivers.yaml": "w: 1\nw: 2\n"}
    )
    report = run(tmp_path, level=1)
    broken = [(r.finding.path, r.finding.line) for r in report.results if r.rule.id == "REPO005"]
    assert broken == [("governance/project.yaml", 2), ("governance/waivers.yaml", 2)]
