"""Bad input to the fleet door: tags, campaigns, reports and hostile names, one line each."""

from __future__ import annotations

import json

import pytest
from helpers import REPO, mlrepo

from mlrepo.errors import ConfigError
from mlrepo.fleet.aggregate import fleet
from mlrepo.fleet.campaigns import load
from mlrepo.fleet.dashboard import html
from mlrepo.fleet.scan import load_reports
from mlrepo.policy.rules import _parse_pack

PACK = """pack: org
rules:
  - id: ORG001
    title: A rule with tags
    family: governance
    severity: error
    levels: [0]
    check: required_files
    params: {{paths: [README.md]}}
    why: Because it must be there.
    fix: Add it.
    tags: {{{tags}}}
"""


def test_a_rule_pack_with_a_known_compliance_tag_loads():
    rules = _parse_pack(PACK.format(tags="eu-ai-act: ['Annex IV 2(d)']").encode(), "org.yaml")
    assert rules[0].tags == {"eu-ai-act": ["Annex IV 2(d)"]}


@pytest.mark.parametrize("tags", ["iso-42001: [A7]", "nist-ai-rmf: [PLAN 1]", "sox: [x]"])
def test_a_rule_pack_with_a_malformed_compliance_tag_is_refused_with_its_line(tags):
    with pytest.raises(ConfigError) as error:
        _parse_pack(PACK.format(tags=tags).encode(), "org.yaml")
    assert error.value.where == "org.yaml" and error.value.line == 12


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("campaigns:\n  - name: x\n    level: 2\n    deadline: soon\n", "must be a date"),
        ("campaigns:\n  - name: x\n    deadline: 2027-01-01\n", "give either 'rules' or 'level'"),
        ("campaigns:\n  - name: x\n    level: 2\n    owner: me\n", "unknown key 'owner'"),
        ("campaigns: 3\n", "expected a 'campaigns' list"),
    ],
)
def test_a_bad_campaigns_file_is_one_line_naming_it(tmp_path, body, message):
    path = tmp_path / "campaigns.yaml"
    path.write_text(body)
    with pytest.raises(ConfigError, match=message):
        load(str(path))
    result = mlrepo("fleet", "--reports", str(tmp_path), "--campaigns", str(path),
                    "--out", str(tmp_path / "out"))  # fmt: skip
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "campaigns.yaml" in result.stderr and not (tmp_path / "out").exists()


def test_unreadable_and_invalid_reports_are_rows_with_a_reason(tmp_path):
    (tmp_path / "a.json").write_text("{not json")
    (tmp_path / "b.json").write_text(json.dumps({"format": "mlrepo-status/1"}))
    rows = load_reports(str(tmp_path))
    assert [(r["name"], r["state"]) for r in rows] == [("a", "broken"), ("b", "broken")]
    assert "not a readable JSON report" in rows[0]["reason"]
    assert "missing required field" in rows[1]["reason"]


def test_a_hostile_repository_name_cannot_close_the_dashboard_script():
    name = "</script><script>alert(1)</script>"
    row = {"name": name, "source": name, "state": "unreachable", "reason": name, "status": None}
    page = html(fleet([row]))
    assert name not in page and page.count("</script>") == 2


def test_fleet_without_any_source_is_a_usage_error():
    result = mlrepo("fleet")
    assert result.returncode == 2 and "give local clones" in result.stderr


def test_the_fleet_schemas_are_valid_json_schemas():
    import jsonschema

    for name in ("status.schema.json", "fleet.schema.json"):
        schema = json.loads((REPO / "policies" / "schemas" / name).read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
