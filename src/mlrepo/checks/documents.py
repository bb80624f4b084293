"""Documents with structure: the PR template's sections, YAML files and front matter vs schemas."""

from __future__ import annotations

import re

from mlrepo.checks import Finding
from mlrepo.loaders import key_lines, load_yaml
from mlrepo.minischema import validate, where
from mlrepo.resources import schema as _schema


def pr_template_sections(ctx, params):
    path = params["path"]
    if not ctx.repo.exists(path):
        return  # REPO001 reports the missing file
    headings = {
        m.group(1).strip().lower()
        for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*\s*$", ctx.repo.text(path), re.MULTILINE)
    }
    for section in params["sections"]:
        if section.lower() not in headings:
            yield Finding(path, f"no '## {section}' section")


def _schema_findings(path, document, data, schema, line_offset=0):
    errors = validate(document, schema)
    lines = key_lines(data) if errors else {}  # composing YAML again costs; only for messages
    for location, message in errors:
        probe = location
        while probe and probe not in lines:
            probe = probe[:-1]
        line = lines.get(probe)
        yield Finding(path, f"{where(location)}: {message}", line + line_offset if line else None)


def yaml_schema(ctx, params):
    path = params["path"]
    if not ctx.repo.exists(path):
        return
    yield from _schema_findings(
        path, ctx.repo.yaml(path), ctx.repo.read(path), _schema(params["schema"])
    )


def front_matter(ctx, path: str):
    """(fields, raw block, body) of a file opening with a '---' YAML block; fields None if not."""
    text = ctx.repo.text(path)
    if not text.startswith("---\n") or "\n---\n" not in text[3:]:
        return None, b"", text
    end = text.index("\n---\n", 3)
    block = text[4 : end + 1]
    return load_yaml(path, block.encode()), block.encode(), text[end + 5 :]


def front_matter_schema(ctx, params):
    path = params["path"]
    if not ctx.repo.exists(path):
        return
    yield from front_matter_findings(ctx, path, _schema(params["schema"]))


def front_matter_findings(ctx, path: str, schema: dict):
    document, data, _ = front_matter(ctx, path)
    if document is None and not data:
        yield Finding(path, "no YAML front matter (a block between '---' lines at the top)", 1)
    elif not isinstance(document, dict):
        yield Finding(path, "front matter must be a mapping of fields", 2)
    else:
        yield from _schema_findings(path, document, data, schema, line_offset=1)


def ruleset(ctx, params):
    """A GitHub ruleset file (JSON) of the right shape that demands code-owner review and checks."""
    path = params["path"]
    if not ctx.repo.exists(path):
        yield Finding(path, "missing: nothing requires code-owner review on the default branch")
        return
    document = ctx.repo.yaml(path)  # JSON is YAML; duplicate keys are refused the same way
    found = list(_schema_findings(path, document, ctx.repo.read(path), _schema(params["schema"])))
    yield from found
    if found or not isinstance(document, dict):
        return
    rules = {r.get("type"): r.get("parameters") or {} for r in document.get("rules", [])}
    if not rules.get("pull_request", {}).get("require_code_owner_review"):
        yield Finding(path, "no pull_request rule with require_code_owner_review: true")
    if not rules.get("required_status_checks", {}).get("required_status_checks"):
        yield Finding(path, "no required_status_checks rule naming the CI checks")
