"""`mlrepo status` and `mlrepo fleet` over a fleet built from a local, tagged template: every
number cross-checked against `mlrepo check` and against what each repository was made to be."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
from browser import CHROMIUM, Browser
from helpers import REPO, mlrepo

from mlrepo import __version__
from mlrepo.template.resources import stage_template

IDENTITY = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
SCHEMAS = REPO / "policies" / "schemas"
# index % 5 -> what was done to the repository, and the drift it must show
MUTATIONS = {
    0: ("customise README.md", {"customised": 1}),
    1: ("delete SECURITY.md", {"deleted": 1}),
    2: ("leave a conflict in README.md", {"conflicted": 1}),
    3: ("add notes.txt", {"added": 1}),
    4: ("waive HYG002 for 10 days", {}),
}


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *IDENTITY, *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def fleet_dir(tmp_path_factory) -> dict:
    import copier

    base = tmp_path_factory.mktemp("fleet")
    source = stage_template(base / "template-repo")
    _git("init", "-q", "-b", "main", cwd=source)
    _git("add", "-A", cwd=source)
    _git("commit", "-q", "-m", "template", cwd=source)
    _git("tag", "v0.0.1", cwd=source)
    _git("commit", "-q", "--allow-empty", "-m", "release", cwd=source)  # its own commit
    _git("tag", f"v{__version__}", cwd=source)
    pristine = {}
    for version in ("v0.0.1", f"v{__version__}"):
        for level in (0, 1, 2):
            dest = base / "pristine" / f"{version}-L{level}"
            copier.run_copy(str(source), str(dest), data={"maturity_level": level},
                            vcs_ref=version, defaults=True, quiet=True)  # fmt: skip
            pristine[version, level] = dest
    clones, expected = [], {}
    expires = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    for index in range(30):
        version = "v0.0.1" if index % 3 == 0 else f"v{__version__}"
        level = index % 3 if index % 4 else 1
        name = f"repo{index:02d}"
        dest = base / "clones" / name
        shutil.copytree(pristine[version, level], dest)
        what, drift = MUTATIONS[index % 5]
        if index % 5 == 0:
            (dest / "README.md").write_text((dest / "README.md").read_text() + "\nOurs.\n")
        elif index % 5 == 1:
            (dest / "SECURITY.md").unlink()
        elif index % 5 == 2:
            (dest / "README.md").write_text("<<<<<<< before\nA\n=======\nB\n>>>>>>> after\n")
        elif index % 5 == 3:
            (dest / "notes.txt").write_text("notes\n")
        elif level > 0:
            drift = {"customised": 1}  # the waivers file differs from the template's
            (dest / "governance" / "waivers.yaml").write_text(
                "waivers:\n  - rule: HYG002\n    reason: big sample lands with LFS\n"
                f"    approver: '@jane'\n    expires: {expires}\n"
            )
        _git("init", "-q", "-b", "main", cwd=dest)
        _git("add", "-A", cwd=dest)
        _git("commit", "-q", "-m", "generated", cwd=dest)
        clones.append(dest)
        expected[name] = {"version": version, "level": level, "drift": drift, "what": what,
                          "behind": 1 if version == "v0.0.1" else 0}  # fmt: skip
    foreign = base / "clones" / "legacy"
    foreign.mkdir()
    (foreign / "README.md").write_text("# legacy\n")
    broken = base / "clones" / "broken"
    shutil.copytree(pristine[f"v{__version__}", 1], broken)
    (broken / "pyproject.toml").write_text("[tool.mlrepo]\nmaturity_level = 7\n")
    missing = base / "clones" / "gone"
    campaigns = base / "campaigns.yaml"
    campaigns.write_text(
        "campaigns:\n"
        "  - name: Level 2 everywhere\n    level: 2\n    deadline: 2027-06-30\n"
        "  - name: Security policy\n    rules: [REPO001]\n    deadline: 2027-01-31\n"
    )
    history = base / "history"
    out = base / "out"
    paths = [str(p) for p in (*clones, foreign, broken, missing)]
    # an older snapshot first, for the burndown: the same fleet before any repo reached level 2
    first = mlrepo("fleet", *paths[:10], "--campaigns", str(campaigns), "--history",
                   str(history), "--out", str(base / "old"), "--jobs", "2")  # fmt: skip
    assert first.returncode == 0, first.stderr
    result = mlrepo("fleet", *paths, "--campaigns", str(campaigns), "--history", str(history),
                    "--out", str(out), "--jobs", "2")  # fmt: skip
    assert result.returncode == 0, result.stderr
    return {"out": out, "expected": expected, "pristine": pristine, "text": result.stdout,
            "clones": base / "clones"}  # fmt: skip


def test_fleet_json_validates_and_has_a_row_with_a_reason_for_every_repository(fleet_dir):
    document = json.loads((fleet_dir["out"] / "fleet.json").read_text())
    jsonschema.validate(document, json.loads((SCHEMAS / "fleet.schema.json").read_text()))
    status_schema = json.loads((SCHEMAS / "status.schema.json").read_text())
    rows = {row["name"]: row for row in document["repositories"]}
    assert len(rows) == 33
    for row in rows.values():
        if row["status"] is not None:
            jsonschema.validate(row["status"], status_schema)
    assert rows["legacy"]["state"] == "foreign"
    assert rows["gone"]["state"] == "unreachable" and "not a directory" in rows["gone"]["reason"]
    assert rows["broken"]["state"] == "broken" and "maturity_level" in rows["broken"]["reason"]
    assert "broken: broken:" in fleet_dir["text"].replace("  ", "")


def test_every_number_matches_check_and_what_the_repository_was_made_to_be(fleet_dir):
    document = json.loads((fleet_dir["out"] / "fleet.json").read_text())
    rows = {row["name"]: row for row in document["repositories"]}
    levels: dict[str, int] = {}
    for name, want in fleet_dir["expected"].items():
        row = rows[name]
        status = row["status"]
        assert row["state"] == "ok", (name, row["reason"])
        assert status["level"] == want["level"]
        assert status["template"]["commit"] == want["version"]
        assert status["template"]["behind"] == want["behind"]
        for state in ("customised", "deleted", "conflicted", "added"):
            assert status["drift"][state] == want["drift"].get(state, 0), (name, want["what"])
        check = mlrepo("check", str(fleet_dir["clones"] / name), "--format", "json")
        report = json.loads(check.stdout)
        assert status["findings"]["total"] == report["summary"]["findings"], name
        assert status["findings"]["waived"] == report["summary"]["waived"], name
        families: dict[str, int] = {}
        for finding in report["findings"]:
            if finding["waived_by"] is None:
                families[finding["family"]] = families.get(finding["family"], 0) + 1
        assert {f: sum(c.values()) for f, c in status["findings"]["by_family"].items()} == families
        levels[str(want["level"])] = levels.get(str(want["level"]), 0) + 1
    # legacy (no [tool.mlrepo]) and broken (unreadable) stand at level 0 as `check` runs them
    levels["0"] += 2
    assert document["rollups"]["levels"] == levels
    expiring = {w["repo"] for w in document["waivers_expiring"]}
    assert expiring == {n for n, w in fleet_dir["expected"].items()
                        if w["what"].startswith("waive") and w["level"] > 0}  # fmt: skip


def test_status_names_what_the_next_level_needs(fleet_dir):
    row = next(n for n, w in fleet_dir["expected"].items() if w["level"] == 0)
    result = mlrepo("status", str(fleet_dir["clones"] / row), "--format", "json")
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["next_level"]["level"] == 1
    assert "REPO002" in status["next_level"]["rules"]
    assert ".github/workflows/ci.yml" in status["next_level"]["files"]
    text = mlrepo("status", str(fleet_dir["clones"] / row)).stdout
    assert "level 1 needs:" in text and "REPO002" in text


def test_campaigns_track_progress_across_archived_snapshots(fleet_dir):
    document = json.loads((fleet_dir["out"] / "fleet.json").read_text())
    campaign = next(c for c in document["campaigns"] if c["name"] == "Level 2 everywhere")
    assert len(campaign["burndown"]) == 2
    rows = document["repositories"]
    at_two = sum(1 for r in rows if r["status"] and r["status"]["level"] == 2
                 and r["state"] == "ok")  # fmt: skip
    assert campaign["done"] == at_two
    assert campaign["burndown"][-1]["remaining"] == campaign["repos_in_scope"] - at_two
    assert "campaign Level 2 everywhere" in fleet_dir["text"]


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run does)")
def test_the_dashboard_works_in_headless_chromium_without_a_request_outside(fleet_dir):
    page = fleet_dir["out"] / "fleet.html"
    browser = Browser()
    try:
        browser.open(page.as_uri())
        assert browser.js("document.querySelectorAll('#repo-rows tr').length") == 33
        browser.js("const f = document.getElementById('filter'); f.value = 'repo0';"
                   "f.dispatchEvent(new Event('input'))")  # fmt: skip
        assert browser.js("document.querySelectorAll('#repo-rows tr').length") == 10
        browser.js("document.getElementById('filter').value = '';"
                   "document.querySelector('button[data-key=findings]').click();"
                   "document.querySelector('button[data-key=findings]').click()")  # fmt: skip
        counts = browser.js(
            "[...document.querySelectorAll('#repo-rows tr')]"
            ".map(r => r.children[6].textContent).filter(Boolean).map(Number)"
        )
        assert counts == sorted(counts, reverse=True) and len(counts) >= 30
        assert browser.js("document.querySelectorAll('.burndown circle').length") == 4
        browser.screenshot(str(fleet_dir["out"] / "dashboard.png"))
        browser.js("location.hash = '#repo/repo01'")
        assert browser.js("document.getElementById('repo-name').textContent") == "repo01"
        assert browser.js("document.querySelectorAll('#next-level li').length") >= 1
        outside = [u for u in browser.requests() if not u.startswith(page.as_uri())]
        assert outside == []
    finally:
        browser.close()
