"""Check kinds of policies/ownership.yaml, one at a time over a tree built in the test."""

from __future__ import annotations

from helpers import run_kind

CODEOWNERS = """\
# Who must review what. The last matching pattern wins, so the general rule comes first.
*                         @acme/ml

/schemas/                 @acme/data
/data/                    @acme/data

/.github/                 @acme/platform
/.pre-commit-config.yaml  @acme/platform
/governance/              @acme/platform
"""
PROJECT = """\
owners:
  ml: "@acme/ml"
  data: "@acme/data"
  platform: "@acme/platform"
"""
GOVERNED = {  # the paths of OWN006 in policies/ownership.yaml
    ".github/CODEOWNERS": "platform",
    ".github/workflows/ci.yml": "platform",
    ".pre-commit-config.yaml": "platform",
    "governance/project.yaml": "platform",
    "schemas/": "data",
    "data/": "data",
}
TREE = {
    ".github/CODEOWNERS": CODEOWNERS,
    ".github/workflows/ci.yml": "name: CI\n",
    ".pre-commit-config.yaml": "repos: []\n",
    "governance/project.yaml": PROJECT,
    "schemas/churn.schema.yaml": "fields: []\n",
    "src/churn_model/__init__.py": "",
    "README.md": "# Churn model\n",
}


def test_a_missing_codeowners_is_reported_where_github_looks_first(tmp_path):
    found = run_kind("codeowners_present", tmp_path, {"README.md": "x\n"})
    assert [(f.path, f.line) for f in found] == [(".github/CODEOWNERS", None)]


def test_a_codeowners_in_docs_counts_as_present(tmp_path):
    assert run_kind("codeowners_present", tmp_path, {"docs/CODEOWNERS": "* @acme/ml\n"}) == []


def test_a_codeowners_elsewhere_does_not_count_as_present(tmp_path):
    found = run_kind("codeowners_present", tmp_path, {"src/CODEOWNERS": "* @acme/ml\n"})
    assert [(f.path, f.line) for f in found] == [(".github/CODEOWNERS", None)]
    assert "no CODEOWNERS" in found[0].message


def test_each_codeowners_line_github_skips_is_reported_at_its_line(tmp_path):
    text = CODEOWNERS + "!docs/ @acme/ml\n/src/ acme-ml\n*.[ch] @acme/ml\n/ @acme/ml\n"
    found = run_kind("codeowners_syntax", tmp_path, {**TREE, ".github/CODEOWNERS": text})
    assert [(f.path, f.line) for f in found] == [
        (".github/CODEOWNERS", n) for n in (10, 11, 12, 13)
    ]
    assert "negation ('!') is not supported" in found[0].message
    assert "invalid owner 'acme-ml'" in found[1].message
    assert "character ranges" in found[2].message
    assert "the pattern '/' never matches anything" in found[3].message


def test_a_codeowners_that_github_ignores_for_another_is_reported_at_line_1(tmp_path):
    files = {**TREE, "CODEOWNERS": "* @acme/ml\n", "docs/CODEOWNERS": "* @acme/ml\n"}
    found = run_kind("codeowners_syntax", tmp_path, files)
    assert [(f.path, f.line, f.message) for f in found] == [
        ("CODEOWNERS", 1, "ignored by GitHub, which uses .github/CODEOWNERS"),
        ("docs/CODEOWNERS", 1, "ignored by GitHub, which uses .github/CODEOWNERS"),
    ]


def test_email_owners_and_inline_comments_are_valid_codeowners_syntax(tmp_path):
    text = CODEOWNERS + "/docs/ jane@acme.example @acme/docs  # the docs team\n"
    assert run_kind("codeowners_syntax", tmp_path, {**TREE, ".github/CODEOWNERS": text}) == []


def test_a_codeowners_pattern_matching_no_file_is_reported_at_its_line(tmp_path):
    found = run_kind("codeowners_unmatched", tmp_path, TREE)
    assert [(f.path, f.line) for f in found] == [(".github/CODEOWNERS", 5)]
    assert found[0].message == "pattern '/data/' matches no file"


def test_codeowners_patterns_that_each_match_a_file_pass(tmp_path):
    files = {**TREE, "data/README.md": "Data lives outside git.\n"}
    assert run_kind("codeowners_unmatched", tmp_path, files) == []


def test_a_repeated_codeowners_pattern_is_reported_at_its_second_line(tmp_path):
    files = {".github/CODEOWNERS": "/src/ @a\nsrc/x @b\n/src/ @c\n", "src/x": "1\n"}
    found = run_kind("codeowners_duplicates", tmp_path, files)
    assert [(f.path, f.line) for f in found] == [(".github/CODEOWNERS", 3)]


def test_a_pattern_with_an_inner_slash_repeats_its_anchored_form(tmp_path):
    text = (
        CODEOWNERS + "schemas/churn.schema.yaml @acme/data\n/schemas/churn.schema.yaml @acme/ml\n"
    )
    found = run_kind("codeowners_duplicates", tmp_path, {**TREE, ".github/CODEOWNERS": text})
    assert [(f.path, f.line) for f in found] == [(".github/CODEOWNERS", 11)]
    assert found[0].message == "'/schemas/churn.schema.yaml' repeats line 10"


def test_an_unanchored_directory_pattern_is_not_a_repeat_of_the_anchored_one(tmp_path):
    text = CODEOWNERS + "schemas/ @acme/data\n"  # any schemas/ folder, not only the top one
    assert run_kind("codeowners_duplicates", tmp_path, {**TREE, ".github/CODEOWNERS": text}) == []


def test_each_file_without_a_code_owner_is_reported_by_its_path(tmp_path):
    text = CODEOWNERS.replace("*                         @acme/ml", "/src/ @acme/ml")
    found = run_kind("codeowners_unowned", tmp_path, {**TREE, ".github/CODEOWNERS": text})
    assert [(f.path, f.line) for f in found] == [("README.md", None)]
    assert found[0].message == "no code owner"


def test_a_pattern_without_owners_leaves_its_files_unowned(tmp_path):
    text = CODEOWNERS + "/src/churn_model/\n"
    found = run_kind("codeowners_unowned", tmp_path, {**TREE, ".github/CODEOWNERS": text})
    assert [(f.path, f.line) for f in found] == [("src/churn_model/__init__.py", None)]


def test_a_default_owner_leaves_no_file_unowned(tmp_path):
    assert run_kind("codeowners_unowned", tmp_path, TREE) == []


def test_a_governance_file_owned_by_the_wrong_team_is_reported_with_both_teams(tmp_path):
    text = CODEOWNERS.replace("/governance/              @acme/platform", "/governance/ @acme/ml")
    found = run_kind(
        "codeowners_governance", tmp_path, {**TREE, ".github/CODEOWNERS": text}, paths=GOVERNED
    )
    assert [(f.path, f.line) for f in found] == [(".github/CODEOWNERS", None)]
    assert found[0].message == (
        "governance/project.yaml is owned by @acme/ml, not by the platform team @acme/platform"
    )


def test_a_data_folder_without_files_is_probed_with_a_path_to_be(tmp_path):
    text = CODEOWNERS.replace("/data/                    @acme/data\n", "")
    found = run_kind(
        "codeowners_governance", tmp_path, {**TREE, ".github/CODEOWNERS": text}, paths=GOVERNED
    )
    assert [(f.path, f.line) for f in found] == [(".github/CODEOWNERS", None)]
    assert found[0].message == "data/example is owned by @acme/ml, not by the data team @acme/data"


def test_governance_paths_owned_by_the_declared_teams_pass(tmp_path):
    assert run_kind("codeowners_governance", tmp_path, TREE, paths=GOVERNED) == []


def test_team_ownership_is_not_checked_without_declared_owners(tmp_path):
    files = {**TREE, "governance/project.yaml": "project: {name: Churn model}\n"}
    text = CODEOWNERS.replace("/governance/              @acme/platform", "/governance/ @acme/ml")
    files[".github/CODEOWNERS"] = text
    assert run_kind("codeowners_governance", tmp_path, files, paths=GOVERNED) == []


def test_many_files_without_a_default_owner_are_one_finding(tmp_path):
    """great_expectations: 3,580 'no code owner' findings had one cause, no `*` line."""
    text = "/docs/ @acme/docs\n"
    files = {**{f"pkg/m{i}.py": "" for i in range(30)}, ".github/CODEOWNERS": text}
    [finding] = run_kind("codeowners_unowned", tmp_path, files)
    assert finding.path == ".github/CODEOWNERS"
    assert finding.message.startswith("31 files match no line and there is no default owner")


def test_a_file_unowned_on_purpose_names_the_line_that_unowns_it(tmp_path):
    text = "* @acme/ml\n/CHANGELOG.md\n"
    files = {"CHANGELOG.md": "x\n", "a.py": "", ".github/CODEOWNERS": text}
    [finding] = run_kind("codeowners_unowned", tmp_path, files, max_listed=0)
    assert (finding.path, finding.message) == (
        "CHANGELOG.md",
        "no code owner: line 2 ('/CHANGELOG.md') names none",
    )
